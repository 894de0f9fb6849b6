"""RocCurveDisplay and PrecisionRecallDisplay draw scikit-learn's curves with its labels."""
import numpy as np
import pytest

import glassnet.metrics as gm
from glassnet.linear_model import LogisticRegression

sm = pytest.importorskip("sklearn.metrics")


@pytest.fixture
def fitted():
    rng = np.random.RandomState(0)
    X = rng.randn(120, 3)
    y = (X[:, 0] + 0.8 * rng.randn(120) > 0).astype(int)
    return LogisticRegression().fit(X, y), X, y


def test_roc_display_draws_the_roc_curve(fitted):
    model, X, y = fitted
    display = gm.RocCurveDisplay.from_estimator(model, X, y, plot_chance_level=True)
    fpr, tpr, _ = sm.roc_curve(y, model.predict_proba(X)[:, 1])
    np.testing.assert_allclose(display.line_.get_xdata(), fpr)
    np.testing.assert_allclose(display.line_.get_ydata(), tpr)
    assert display.roc_auc == pytest.approx(sm.roc_auc_score(y, model.predict_proba(X)[:, 1]))
    assert display.line_.get_label() == f"LogisticRegression (AUC = {display.roc_auc:0.2f})"
    assert display.ax_.get_xlabel() == "False Positive Rate (Positive label: 1)"
    np.testing.assert_allclose(display.chance_level_.get_ydata(), [0, 1])


def test_roc_display_from_predictions_takes_curve_kwargs(fitted):
    model, X, y = fitted
    scores = model.decision_function(X)
    display = gm.RocCurveDisplay.from_predictions(y, scores, name="m", curve_kwargs=dict(color="darkorange"))
    assert display.line_.get_color() == "darkorange"
    assert display.line_.get_label().startswith("m (AUC = ")


def test_precision_recall_display_draws_steps_and_chance(fitted):
    model, X, y = fitted
    display = gm.PrecisionRecallDisplay.from_estimator(model, X, y, name="LR", plot_chance_level=True)
    precision, recall, _ = sm.precision_recall_curve(y, model.predict_proba(X)[:, 1])
    np.testing.assert_allclose(display.line_.get_xdata(), recall)
    np.testing.assert_allclose(display.line_.get_ydata(), precision)
    assert display.line_.get_drawstyle() == "steps-post"
    ap = sm.average_precision_score(y, model.predict_proba(X)[:, 1])
    assert display.average_precision == pytest.approx(ap)
    assert display.line_.get_label() == f"LR (AP = {ap:0.2f})"
    np.testing.assert_allclose(display.chance_level_.get_ydata(), [y.mean(), y.mean()])


def test_decision_function_negated_for_the_first_class(fitted):
    from glassnet.viz.score_curves import binary_scores

    class Scorer:
        classes_ = np.array([0, 1])

        def decision_function(self, X):
            return np.asarray(X)[:, 0]

    scores, label = binary_scores(Scorer(), np.array([[1.0], [-2.0]]), pos_label=0)
    np.testing.assert_allclose(scores, [-1.0, 2.0])
    assert label == 0


def test_multiclass_estimator_is_refused():
    model = LogisticRegression().fit(np.arange(9.0)[:, None], [0, 0, 0, 1, 1, 1, 2, 2, 2])
    with pytest.raises(ValueError, match="binary"):
        gm.RocCurveDisplay.from_estimator(model, np.arange(9.0)[:, None], [0, 0, 0, 1, 1, 1, 2, 2, 2])


def test_confusion_matrix_display_is_reachable_from_metrics():
    from glassnet.viz import ConfusionMatrixDisplay
    assert gm.ConfusionMatrixDisplay is ConfusionMatrixDisplay
