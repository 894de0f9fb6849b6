"""glassnet.metrics.FBetaScore / F1Score against scikit-learn's fbeta_score on the same labels."""
import numpy as np
import pytest

from glassnet import metrics

RNG = np.random.default_rng(12)
LABELS = RNG.integers(0, 4, size=80)
SCORES = RNG.uniform(size=(80, 4)) + 0.6 * np.eye(4)[LABELS]     # mostly right, not always
ONEHOT = np.eye(4)[LABELS]


@pytest.mark.parametrize("average", [None, "micro", "macro", "weighted"])
@pytest.mark.parametrize("beta", [1.0, 0.5, 2.0])
def test_argmax_prediction_equals_scikit_learn(average, beta):
    sk = pytest.importorskip("sklearn.metrics")
    m = metrics.FBetaScore(average=average, beta=beta)
    m.update_state(ONEHOT[:30], SCORES[:30])
    m.update_state(ONEHOT[30:], SCORES[30:])
    expected = sk.fbeta_score(LABELS, SCORES.argmax(1), beta=beta, average=average)
    np.testing.assert_allclose(m.result(), expected, rtol=1e-5)


def test_multilabel_threshold_and_sample_weight_equal_scikit_learn():
    sk = pytest.importorskip("sklearn.metrics")
    truth = (RNG.uniform(size=(50, 3)) > 0.5).astype(float)
    scores = np.clip(truth * 0.4 + RNG.uniform(size=(50, 3)) * 0.7, 0, 1)
    weight = RNG.uniform(0.2, 2.0, size=50)
    m = metrics.F1Score(average="macro", threshold=0.5)
    m.update_state(truth, scores, sample_weight=weight)
    expected = sk.f1_score(truth, scores > 0.5, average="macro", sample_weight=weight)
    assert float(m.result()) == pytest.approx(expected, rel=1e-5)


def test_f1_is_fbeta_with_beta_one_and_refuses_bad_settings():
    a, b = metrics.F1Score(average="macro"), metrics.FBetaScore(average="macro", beta=1.0)
    a.update_state(ONEHOT, SCORES)
    b.update_state(ONEHOT, SCORES)
    assert float(a.result()) == float(b.result())
    with pytest.raises(ValueError, match="average"):
        metrics.F1Score(average="samples")
    with pytest.raises(ValueError, match=r"\(batch, classes\)"):
        metrics.F1Score().update_state(LABELS, SCORES)
    assert metrics.F1Score.from_config(a.get_config()).get_config() == a.get_config()
