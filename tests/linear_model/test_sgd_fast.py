"""The fast SGD path (glassnet/linear_model/_sgd_fast.py) makes the lesson loop's very updates."""
import numpy as np
import pytest

from glassnet.linear_model import Perceptron, SGDClassifier, SGDRegressor
from glassnet.linear_model import _sgd_losses as losses


def _both(model, X, y, table):
    """Fit through the fast path, then through the lesson loop (the fast path switched off)."""
    fast = model.fit(X, y)
    fast_coef, fast_intercept, fast_iter = fast.coef_.copy(), fast.intercept_.copy(), fast.n_iter_
    model._train = lambda *a, **k: type(model)._run_epochs(model, *a, **k)   # the reference loop
    slow = model.fit(X, y)
    return (fast_coef, fast_intercept, fast_iter), (slow.coef_, slow.intercept_, slow.n_iter_)


@pytest.mark.parametrize("kwargs", [
    dict(loss="hinge"), dict(loss="log_loss", learning_rate="invscaling", eta0=0.05),
    dict(loss="modified_huber", penalty=None, learning_rate="constant", eta0=0.01),
    dict(loss="hinge", learning_rate="adaptive", eta0=0.1, max_iter=30),
    dict(loss="log_loss", alpha=0.5),                 # a strong decay: the scale is folded back often
    dict(loss="hinge", early_stopping=True, n_iter_no_change=3),
])
@pytest.mark.parametrize("n_classes", [2, 3])
def test_classifier_fast_path_equals_the_lesson_loop(kwargs, n_classes):
    from sklearn.datasets import make_classification
    if kwargs.get("early_stopping") and n_classes > 2:
        pytest.skip("a shared validation score runs the lesson loop itself")
    X, y = make_classification(300, 6, n_informative=4, n_classes=n_classes, random_state=0)
    (fc, fi, fn), (sc, si, sn) = _both(SGDClassifier(random_state=0, **kwargs), X, y, losses.CLASSIFICATION)
    assert fn == sn
    np.testing.assert_allclose(fc, sc, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(fi, si, rtol=1e-9, atol=1e-12)
    assert np.abs(fc).max() > 1e-3                    # it learned something


@pytest.mark.parametrize("kwargs", [dict(), dict(loss="huber", alpha=0.01),
                                    dict(loss="epsilon_insensitive", penalty=None)])
def test_regressor_fast_path_equals_the_lesson_loop(kwargs):
    from sklearn.datasets import make_regression
    X, y = make_regression(300, 5, noise=1.0, random_state=0)
    y = y / y.std()
    (fc, fi, fn), (sc, si, sn) = _both(SGDRegressor(random_state=0, **kwargs), X, y, losses.REGRESSION)
    assert fn == sn
    np.testing.assert_allclose(fc, sc, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(fi, si, rtol=1e-9, atol=1e-12)


def test_perceptron_fast_path_equals_the_lesson_loop():
    from sklearn.datasets import load_iris
    X, y = load_iris(return_X_y=True)
    (fc, fi, fn), (sc, si, sn) = _both(Perceptron(random_state=0), X, y, losses.CLASSIFICATION)
    assert fn == sn
    np.testing.assert_allclose(fc, sc, rtol=1e-9)


def test_scores_match_scikit_learn_on_larger_data():
    from sklearn.datasets import make_classification
    from sklearn.linear_model import SGDClassifier as SkSGDClassifier
    from sklearn.preprocessing import StandardScaler
    X, y = make_classification(5000, 20, n_informative=10, random_state=0)
    X = StandardScaler().fit_transform(X)
    ours = SGDClassifier(random_state=0).fit(X, y)
    theirs = SkSGDClassifier(random_state=0).fit(X, y)
    assert abs(ours.score(X, y) - theirs.score(X, y)) < 0.02
    assert 0.5 < ours.n_iter_ / theirs.n_iter_ < 2   # the same stopping rule (other shuffles)
