"""glassnet.metrics SensitivityAtSpecificity & co.: the best rate under a floor, checked by brute force
over the same thresholds, and the threshold-free limit against scikit-learn's ROC/PR curves."""
import numpy as np
import pytest

from glassnet import metrics

RNG = np.random.default_rng(14)
TRUTH = RNG.integers(0, 2, size=300)
SCORES = np.clip(0.35 * TRUTH + RNG.uniform(size=300) * 0.65, 0, 1)


def _rates(threshold):
    predicted = SCORES > threshold
    tp = np.sum(predicted & (TRUTH == 1))
    fp = np.sum(predicted & (TRUTH == 0))
    tn = np.sum(~predicted & (TRUTH == 0))
    fn = np.sum(~predicted & (TRUTH == 1))
    safe = lambda a, b: a / b if b else 0.0  # noqa: E731
    return {"sensitivity": safe(tp, tp + fn), "specificity": safe(tn, tn + fp), "precision": safe(tp, tp + fp)}


def _brute(constrained, optimised, value, num_thresholds=200):
    inner = [(i + 1) / (num_thresholds - 1) for i in range(num_thresholds - 2)]
    rates = [_rates(t) for t in [-1e-7] + inner + [1 + 1e-7]]
    feasible = [r[optimised] for r in rates if r[constrained] >= value]
    return max(feasible) if feasible else 0.0


@pytest.mark.parametrize("cls, constrained, optimised", [
    (metrics.SensitivityAtSpecificity, "specificity", "sensitivity"),
    (metrics.SpecificityAtSensitivity, "sensitivity", "specificity"),
    (metrics.PrecisionAtRecall, "sensitivity", "precision"),
    (metrics.RecallAtPrecision, "precision", "sensitivity"),
])
@pytest.mark.parametrize("value", [0.5, 0.8, 0.95])
def test_best_rate_under_the_floor_equals_brute_force(cls, constrained, optimised, value):
    m = cls(value)
    m.update_state(TRUTH[:120], SCORES[:120])
    m.update_state(TRUTH[120:], SCORES[120:])
    assert float(m.result()) == pytest.approx(_brute(constrained, optimised, value))


def test_many_thresholds_approach_scikit_learns_roc_curve():
    sk = pytest.importorskip("sklearn.metrics")
    fpr, tpr, _ = sk.roc_curve(TRUTH, SCORES)
    exact = max(t for f, t in zip(fpr, tpr) if 1 - f >= 0.9)
    m = metrics.SensitivityAtSpecificity(0.9, num_thresholds=2000)
    m.update_state(TRUTH, SCORES)
    assert float(m.result()) == pytest.approx(exact, abs=0.02)


def test_class_id_picks_one_column_and_config_round_trips():
    two = np.stack([1 - TRUTH, TRUTH], axis=1)
    scores = np.stack([1 - SCORES, SCORES], axis=1)
    m = metrics.PrecisionAtRecall(0.8, class_id=1)
    m.update_state(two, scores)
    assert float(m.result()) == pytest.approx(_brute("sensitivity", "precision", 0.8))
    again = metrics.PrecisionAtRecall.from_config(m.get_config())
    assert again.get_config() == m.get_config() and again.value == 0.8
    with pytest.raises(ValueError, match=r"value must be in \[0, 1\]"):
        metrics.RecallAtPrecision(1.5)
