"""Methods that depend on a setting: absent when off, named as themselves when on."""
import numpy as np
import pytest
from sklearn.datasets import load_breast_cancer
from sklearn.metrics import get_scorer, roc_auc_score

from glassnet.linear_model import SGDClassifier
from glassnet.svm import SVC
from glassnet.utils.available_if import available_if


def _needs_flag(obj):
    if not obj.flag:
        raise AttributeError("method is not available when flag=False")


class _Thing:
    def __init__(self, flag):
        self.flag = flag

    @available_if(_needs_flag)
    def method(self, x):
        """Doubles x."""
        return 2 * x


def test_available_if_hides_and_names_the_method():
    assert not hasattr(_Thing(False), "method")
    with pytest.raises(AttributeError, match="flag=False"):
        _Thing(False).method(1)
    bound = _Thing(True).method
    assert bound(3) == 6
    assert bound.__name__ == "method"
    assert _Thing.method.__doc__ == "Doubles x."


@pytest.fixture(scope="module")
def cancer():
    X, y = load_breast_cancer(return_X_y=True)
    X = (X - X.mean(0)) / X.std(0)
    return X[::3], y[::3]


@pytest.mark.parametrize("make", [lambda: SVC(probability=True, random_state=0),
                                  lambda: SGDClassifier(loss="log_loss", random_state=0)])
def test_sklearn_tools_take_the_positive_class_column(make, cancer):
    """scikit-learn's scorers read ``predict_proba.__name__`` to pick column 1 for binary y."""
    X, y = cancer
    est = make().fit(X, y)
    assert est.predict_proba.__name__ == "predict_proba"
    assert est.predict_log_proba.__name__ == "predict_log_proba"
    expected = roc_auc_score(y, est.predict_proba(X)[:, 1])
    assert get_scorer("roc_auc")(est, X, y) == pytest.approx(expected)
    assert get_scorer("neg_log_loss")(est, X, y) < 0


def test_sklearn_decision_boundary_display_binary_proba_is_one_surface(cancer):
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    from sklearn.inspection import DecisionBoundaryDisplay
    X, y = cancer
    est = SVC(probability=True, random_state=0).fit(X[:, :2], y)
    display = DecisionBoundaryDisplay.from_estimator(est, X[:, :2], response_method="predict_proba",
                                                     grid_resolution=20)
    assert display.response.shape == (20, 20)
    grid = np.c_[display.xx0.ravel(), display.xx1.ravel()]
    np.testing.assert_allclose(display.response.ravel(), est.predict_proba(grid)[:, 1])


def test_probability_methods_absent_when_settings_forbid():
    assert not hasattr(SVC(), "predict_proba")
    assert not hasattr(SVC(), "predict_log_proba")
    assert not hasattr(SGDClassifier(loss="hinge"), "predict_proba")
    assert hasattr(SGDClassifier(loss="modified_huber"), "predict_log_proba")
