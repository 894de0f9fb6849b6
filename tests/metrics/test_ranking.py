"""glassnet.metrics ranking scores (ROC curve, ROC AUC) against scikit-learn's on random inputs."""
import numpy as np
import pytest

from glassnet import metrics as gm

skm = pytest.importorskip("sklearn.metrics")

RNG = np.random.RandomState(2)
Y3_TRUE = RNG.randint(0, 3, 200)
Y2_TRUE = RNG.randint(0, 2, 150)


def test_roc_curve_and_auc():
    score = Y2_TRUE + RNG.normal(0, 0.8, 150)
    for drop in (True, False):
        ours = gm.roc_curve(Y2_TRUE, score, drop_intermediate=drop)
        theirs = skm.roc_curve(Y2_TRUE, score, drop_intermediate=drop)
        for a, b in zip(ours, theirs):
            np.testing.assert_allclose(a, b)
    assert gm.roc_auc_score(Y2_TRUE, score) == pytest.approx(skm.roc_auc_score(Y2_TRUE, score))
    tied = np.round(score)  # many ties: each tie counts one half
    assert gm.roc_auc_score(Y2_TRUE, tied) == pytest.approx(skm.roc_auc_score(Y2_TRUE, tied))
    fpr, tpr, _ = gm.roc_curve(Y2_TRUE, score)
    assert gm.auc(fpr, tpr) == pytest.approx(skm.auc(fpr, tpr))


@pytest.mark.parametrize("average", ["macro", "weighted"])
def test_roc_auc_multiclass_ovr(average):
    p = RNG.dirichlet(np.ones(3), size=200)
    p[np.arange(200), Y3_TRUE] += 0.5
    p /= p.sum(axis=1, keepdims=True)
    assert gm.roc_auc_score(Y3_TRUE, p, multi_class="ovr", average=average) == pytest.approx(
        skm.roc_auc_score(Y3_TRUE, p, multi_class="ovr", average=average))
    with pytest.raises(ValueError, match="multi_class"):
        gm.roc_auc_score(Y3_TRUE, p)


def test_string_labels_with_pos_label_and_errors():
    y = np.where(Y2_TRUE == 1, "spam", "ham")
    score = Y2_TRUE + RNG.normal(0, 1.0, 150)
    for a, b in zip(gm.roc_curve(y, score, pos_label="spam"), skm.roc_curve(y, score, pos_label="spam")):
        np.testing.assert_allclose(a, b)
    assert gm.roc_auc_score(y, score) == pytest.approx(skm.roc_auc_score(y, score))
    with pytest.raises(ValueError, match="pos_label"):
        gm.roc_curve(y, score)
    with pytest.raises(ValueError, match="Only one class"):
        gm.roc_auc_score([1, 1, 1], [0.2, 0.5, 0.9])
