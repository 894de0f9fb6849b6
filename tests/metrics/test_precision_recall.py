"""precision_recall_curve and average_precision_score against scikit-learn's numbers."""
import numpy as np
import pytest

from glassnet import metrics as gm

sm = pytest.importorskip("sklearn.metrics")


def _binary_cases():
    rng = np.random.RandomState(0)
    for trial in range(12):
        n = rng.randint(5, 60)
        y = rng.randint(0, 2, n)
        y[:2] = [0, 1]
        scores = rng.randint(0, 6, n) / 5.0 if trial % 2 else rng.rand(n)   # with and without ties
        weight = rng.rand(n) if trial % 3 == 0 else None
        yield y, scores, weight


@pytest.mark.parametrize("drop_intermediate", [False, True])
def test_curve_matches_scikit_learn(drop_intermediate):
    for y, scores, weight in _binary_cases():
        ours = gm.precision_recall_curve(y, scores, sample_weight=weight, drop_intermediate=drop_intermediate)
        theirs = sm.precision_recall_curve(y, scores, sample_weight=weight, drop_intermediate=drop_intermediate)
        for a, b in zip(ours, theirs):
            np.testing.assert_allclose(a, b)


def test_curve_by_hand():
    precision, recall, thresholds = gm.precision_recall_curve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])
    np.testing.assert_allclose(thresholds, [0.1, 0.35, 0.4, 0.8])
    np.testing.assert_allclose(precision, [0.5, 2 / 3, 0.5, 1.0, 1.0])
    np.testing.assert_allclose(recall, [1.0, 1.0, 0.5, 0.5, 0.0])


def test_average_precision_binary_and_string_labels():
    for y, scores, weight in _binary_cases():
        assert gm.average_precision_score(y, scores, sample_weight=weight) == pytest.approx(
            sm.average_precision_score(y, scores, sample_weight=weight))
    labels = np.array(["no", "yes", "yes", "no", "yes"])
    scores = [0.2, 0.9, 0.4, 0.5, 0.7]
    assert gm.average_precision_score(labels, scores, pos_label="yes") == pytest.approx(
        sm.average_precision_score(labels, scores, pos_label="yes"))


@pytest.mark.parametrize("average", ["macro", "weighted", "micro", None])
def test_average_precision_multiclass_and_multilabel(average):
    rng = np.random.RandomState(1)
    y = rng.randint(0, 4, 200)
    probabilities = rng.dirichlet(np.ones(4), 200)
    np.testing.assert_allclose(gm.average_precision_score(y, probabilities, average=average),
                               sm.average_precision_score(y, probabilities, average=average))
    onehot = np.eye(4)[y]
    np.testing.assert_allclose(gm.average_precision_score(onehot, probabilities, average=average),
                               sm.average_precision_score(onehot, probabilities, average=average))


def test_average_precision_samples_and_bad_average():
    rng = np.random.RandomState(2)
    Y = rng.randint(0, 2, (50, 3))
    Y[:, 0] = 1
    scores = rng.rand(50, 3)
    assert gm.average_precision_score(Y, scores, average="samples") == pytest.approx(
        sm.average_precision_score(Y, scores, average="samples"))
    with pytest.raises(ValueError, match="average"):
        gm.average_precision_score(Y, scores, average="mean")


@pytest.mark.parametrize("multi_class,average", [("ovr", "micro"), ("ovo", "macro"), ("ovo", "weighted")])
def test_roc_auc_micro_and_one_vs_one(multi_class, average):
    rng = np.random.RandomState(3)
    y = np.array(["a", "b", "c", "d"])[rng.randint(0, 4, 300)]
    probabilities = rng.dirichlet(np.ones(4) * 0.5, 300)
    probabilities[:, 0] += 0.3 * (y == "a")
    probabilities /= probabilities.sum(axis=1, keepdims=True)
    assert gm.roc_auc_score(y, probabilities, multi_class=multi_class, average=average) == pytest.approx(
        sm.roc_auc_score(y, probabilities, multi_class=multi_class, average=average))
    with pytest.raises(ValueError, match="average"):
        gm.roc_auc_score(y, probabilities, multi_class="ovo", average="micro")
