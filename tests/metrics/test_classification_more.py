"""balanced accuracy, Matthews, Cohen's kappa, Jaccard, top-k, Brier... against scikit-learn."""
import numpy as np
import pytest

import glassnet.metrics as gm

sm = pytest.importorskip("sklearn.metrics")

rng = np.random.RandomState(0)
Y_TRUE = rng.randint(0, 4, 100)
Y_PRED = np.where(rng.rand(100) < 0.6, Y_TRUE, rng.randint(0, 4, 100))
WEIGHT = rng.rand(100)
CASES = [
    ("balanced_accuracy_score", {}), ("balanced_accuracy_score", dict(adjusted=True, sample_weight=WEIGHT)),
    ("matthews_corrcoef", {}), ("matthews_corrcoef", dict(sample_weight=WEIGHT)),
    ("cohen_kappa_score", {}), ("cohen_kappa_score", dict(weights="linear")),
    ("cohen_kappa_score", dict(weights="quadratic")),
    ("zero_one_loss", {}), ("zero_one_loss", dict(normalize=False)), ("hamming_loss", {}),
    ("jaccard_score", dict(average="macro")), ("jaccard_score", dict(average="micro")),
    ("jaccard_score", dict(average="weighted", sample_weight=WEIGHT)), ("jaccard_score", dict(average=None)),
]


@pytest.mark.parametrize("name,kwargs", CASES)
def test_multiclass_matches_scikit_learn(name, kwargs):
    ours = getattr(gm, name)(Y_TRUE, Y_PRED, **kwargs)
    np.testing.assert_allclose(ours, getattr(sm, name)(Y_TRUE, Y_PRED, **kwargs))


def test_binary_versions_and_hand_computed_values():
    y, p = Y_TRUE % 2, Y_PRED % 2
    assert gm.jaccard_score(y, p) == pytest.approx(sm.jaccard_score(y, p))
    assert gm.matthews_corrcoef(y, p) == pytest.approx(sm.matthews_corrcoef(y, p))
    assert gm.matthews_corrcoef([0, 1, 0, 1], [0, 1, 0, 1]) == 1.0
    assert gm.matthews_corrcoef([0, 1, 0, 1], [1, 0, 1, 0]) == -1.0
    assert gm.matthews_corrcoef([0, 1, 0, 1], [1, 1, 1, 1]) == 0.0     # a constant prediction says nothing
    assert gm.balanced_accuracy_score([0, 0, 0, 1], [0, 0, 0, 0]) == 0.5  # the majority guess
    with pytest.raises(ValueError, match="weights"):
        gm.cohen_kappa_score(y, p, weights="cubic")


@pytest.mark.parametrize("k", [1, 2, 3])
def test_top_k_accuracy_with_ties(k):
    scores = rng.dirichlet(np.ones(4), 100)
    scores[:10] = 0.25   # ties: the later class ranks first, as in scikit-learn
    assert gm.top_k_accuracy_score(Y_TRUE, scores, k=k) == pytest.approx(sm.top_k_accuracy_score(Y_TRUE, scores, k=k))


def test_top_k_binary_thresholds():
    y, scores = Y_TRUE % 2, rng.rand(100)
    assert gm.top_k_accuracy_score(y, scores, k=1) == pytest.approx(sm.top_k_accuracy_score(y, scores, k=1))
    assert gm.top_k_accuracy_score(y, scores - 0.7, k=1) == pytest.approx(sm.top_k_accuracy_score(y, scores - 0.7, k=1))


def test_brier_binary_multiclass_and_scaling():
    y, p = Y_TRUE % 2, rng.rand(100)
    assert gm.brier_score_loss(y, p) == pytest.approx(sm.brier_score_loss(y, p))
    assert gm.brier_score_loss(y, p, pos_label=0) == pytest.approx(sm.brier_score_loss(y, p, pos_label=0))
    assert gm.brier_score_loss(y, np.c_[1 - p, p]) == pytest.approx(gm.brier_score_loss(y, p))
    probabilities = rng.dirichlet(np.ones(4), 100)
    assert gm.brier_score_loss(Y_TRUE, probabilities) == pytest.approx(sm.brier_score_loss(Y_TRUE, probabilities))
    assert gm.brier_score_loss(y, p, scale_by_half=False) == pytest.approx(2 * gm.brier_score_loss(y, p))
    with pytest.raises(ValueError, match="probabilities"):
        gm.brier_score_loss(y, p + 1)
