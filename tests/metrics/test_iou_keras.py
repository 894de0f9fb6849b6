"""glassnet.metrics IoU family against scikit-learn's jaccard_score."""
import numpy as np
import pytest

from glassnet import metrics

RNG = np.random.default_rng(13)
TRUE = RNG.integers(0, 3, size=(6, 5, 5))            # small "segmentations"
PRED = np.where(RNG.uniform(size=TRUE.shape) < 0.7, TRUE, RNG.integers(0, 3, size=TRUE.shape))


def _jaccard(average=None, **kwargs):
    sk = pytest.importorskip("sklearn.metrics")
    return sk.jaccard_score(TRUE.ravel(), PRED.ravel(), labels=[0, 1, 2], average=average, **kwargs)


def test_mean_iou_equals_scikit_learns_macro_jaccard():
    m = metrics.MeanIoU(num_classes=3)
    m.update_state(TRUE[:2], PRED[:2])
    m.update_state(TRUE[2:], PRED[2:])
    assert float(m.result()) == pytest.approx(_jaccard("macro"))


def test_iou_of_chosen_classes_and_one_hot_forms():
    per_class = _jaccard(None)
    m = metrics.IoU(num_classes=3, target_class_ids=[2])
    m.update_state(TRUE, PRED)
    assert float(m.result()) == pytest.approx(per_class[2])
    onehot = metrics.OneHotMeanIoU(num_classes=3)
    onehot.update_state(np.eye(3)[TRUE], np.eye(3)[PRED] * 0.8 + 0.05)
    assert float(onehot.result()) == pytest.approx(_jaccard("macro"))
    chosen = metrics.OneHotIoU(num_classes=3, target_class_ids=[0, 1])
    chosen.update_state(np.eye(3)[TRUE], np.eye(3)[PRED])
    assert float(chosen.result()) == pytest.approx(per_class[:2].mean())


def test_binary_iou_thresholds_and_weights():
    sk = pytest.importorskip("sklearn.metrics")
    truth = RNG.integers(0, 2, size=40)
    scores = np.clip(truth * 0.5 + RNG.uniform(size=40) * 0.6, 0, 1)
    weight = RNG.uniform(0.5, 2, size=40)
    m = metrics.BinaryIoU(target_class_ids=[1], threshold=0.5)
    m.update_state(truth, scores, sample_weight=weight)
    assert float(m.result()) == pytest.approx(sk.jaccard_score(truth, scores > 0.5, sample_weight=weight))


def test_ignore_class_and_absent_classes_leave_the_mean():
    m = metrics.MeanIoU(num_classes=4, ignore_class=2)
    m.update_state(TRUE, PRED)
    keep = TRUE.ravel() != 2
    sk = pytest.importorskip("sklearn.metrics")
    per = sk.jaccard_score(TRUE.ravel()[keep], PRED.ravel()[keep], labels=[0, 1, 2], average=None,
                           zero_division=0)
    # class 3 never occurs: left out; class 2 only as a (wrong) prediction: its IoU is 0 and counts
    assert float(m.result()) == pytest.approx(per.mean())
