"""glassnet.metrics classification scores against scikit-learn's on random inputs."""
import numpy as np
import pytest

from glassnet import metrics as gm

skm = pytest.importorskip("sklearn.metrics")

RNG = np.random.RandomState(0)
Y3_TRUE = RNG.randint(0, 3, 200)
Y3_PRED = np.where(RNG.rand(200) < 0.6, Y3_TRUE, RNG.randint(0, 3, 200))
Y2_TRUE = RNG.randint(0, 2, 150)
Y2_PRED = np.where(RNG.rand(150) < 0.7, Y2_TRUE, 1 - Y2_TRUE)
W = RNG.rand(200)


def test_accuracy_matches_sklearn():
    assert gm.accuracy_score(Y3_TRUE, Y3_PRED) == pytest.approx(skm.accuracy_score(Y3_TRUE, Y3_PRED))
    assert gm.accuracy_score(Y3_TRUE, Y3_PRED, normalize=False) == skm.accuracy_score(
        Y3_TRUE, Y3_PRED, normalize=False)
    assert gm.accuracy_score(Y3_TRUE, Y3_PRED, sample_weight=W) == pytest.approx(
        skm.accuracy_score(Y3_TRUE, Y3_PRED, sample_weight=W))


def test_accuracy_string_labels():
    assert gm.accuracy_score(["a", "b", "a"], ["a", "a", "a"]) == pytest.approx(2 / 3)


@pytest.mark.parametrize("normalize", [None, "true", "pred", "all"])
def test_confusion_matrix(normalize):
    np.testing.assert_allclose(gm.confusion_matrix(Y3_TRUE, Y3_PRED, normalize=normalize),
                               skm.confusion_matrix(Y3_TRUE, Y3_PRED, normalize=normalize))


def test_confusion_matrix_labels_order_and_weights():
    np.testing.assert_array_equal(gm.confusion_matrix(Y3_TRUE, Y3_PRED, labels=[2, 0]),
                                  skm.confusion_matrix(Y3_TRUE, Y3_PRED, labels=[2, 0]))
    np.testing.assert_allclose(gm.confusion_matrix(Y3_TRUE, Y3_PRED, sample_weight=W),
                               skm.confusion_matrix(Y3_TRUE, Y3_PRED, sample_weight=W))


@pytest.mark.parametrize("name", ["precision_score", "recall_score", "f1_score"])
@pytest.mark.parametrize("average", ["micro", "macro", "weighted", None])
def test_multiclass_scores(name, average):
    ours = getattr(gm, name)(Y3_TRUE, Y3_PRED, average=average)
    theirs = getattr(skm, name)(Y3_TRUE, Y3_PRED, average=average)
    np.testing.assert_allclose(ours, theirs, rtol=1e-12)


@pytest.mark.parametrize("name", ["precision_score", "recall_score", "f1_score"])
@pytest.mark.parametrize("pos_label", [0, 1])
def test_binary_scores(name, pos_label):
    ours = getattr(gm, name)(Y2_TRUE, Y2_PRED, pos_label=pos_label)
    theirs = getattr(skm, name)(Y2_TRUE, Y2_PRED, pos_label=pos_label)
    assert ours == pytest.approx(theirs, rel=1e-12)


def test_binary_string_labels_and_weights():
    yt = np.where(Y2_TRUE == 1, "spam", "ham")
    yp = np.where(Y2_PRED == 1, "spam", "ham")
    w = W[:150]
    assert gm.f1_score(yt, yp, pos_label="spam", sample_weight=w) == pytest.approx(
        skm.f1_score(yt, yp, pos_label="spam", sample_weight=w))
    assert gm.fbeta_score(yt, yp, beta=2, pos_label="ham") == pytest.approx(
        skm.fbeta_score(yt, yp, beta=2, pos_label="ham"))


def test_zero_division():
    y_true, y_pred = [0, 0, 1, 1], [0, 0, 0, 0]
    with pytest.warns(gm.UndefinedMetricWarning):
        assert gm.precision_score(y_true, y_pred) == 0.0
    assert gm.precision_score(y_true, y_pred, zero_division=1) == 1.0
    assert gm.f1_score(y_true, y_pred, zero_division=0) == skm.f1_score(y_true, y_pred, zero_division=0)


def test_binary_average_on_multiclass_raises():
    with pytest.raises(ValueError, match="average='binary'"):
        gm.f1_score(Y3_TRUE, Y3_PRED)


def test_log_loss():
    p = RNG.dirichlet(np.ones(3), size=200)
    assert gm.log_loss(Y3_TRUE, p) == pytest.approx(skm.log_loss(Y3_TRUE, p), rel=1e-12)
    p1 = RNG.rand(150)
    assert gm.log_loss(Y2_TRUE, p1) == pytest.approx(skm.log_loss(Y2_TRUE, p1), rel=1e-12)
    assert gm.log_loss(Y2_TRUE, p1, sample_weight=W[:150]) == pytest.approx(
        skm.log_loss(Y2_TRUE, p1, sample_weight=W[:150]), rel=1e-12)
    assert np.isfinite(gm.log_loss([0, 1], [[1.0, 0.0], [1.0, 0.0]]))  # clipped, not inf


def test_bad_inputs():
    with pytest.raises(ValueError, match="inconsistent numbers of samples"):
        gm.accuracy_score([0, 1, 1], [0, 1])
    with pytest.raises(ValueError, match="continuous"):
        gm.accuracy_score([0.5, 1.2], [0, 1])
    with pytest.raises(ValueError, match="probabilities"):
        gm.log_loss([0, 1], [0.5, 1.5])
