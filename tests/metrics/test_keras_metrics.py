"""Keras-style metrics: running state, Keras's accuracy resolution, names, serialisation."""
import numpy as np
import pytest

from glassnet import metrics


def test_binary_accuracy_threshold_and_rank_alignment():
    m = metrics.BinaryAccuracy()
    # labels (n,) against outputs (n, 1): no (n, n) broadcast
    m.update_state(np.array([1, 0, 1, 0]), np.array([[0.9], [0.2], [0.1], [0.6]]))
    assert m.result() == pytest.approx(0.5)
    assert metrics.BinaryAccuracy(threshold=0.05)([1], [[0.1]]) == 1.0


def test_running_state_is_exact_over_uneven_batches():
    rng = np.random.default_rng(0)
    y = rng.integers(0, 10, 103)
    p = rng.random((103, 10)).astype(np.float32)
    m = metrics.SparseCategoricalAccuracy()
    for start in range(0, 103, 32):  # the last batch has 7 samples
        m.update_state(y[start:start + 32], p[start:start + 32])
    assert m.result() == pytest.approx(np.mean(p.argmax(1) == y))
    m.reset_state()
    assert m.result() == 0.0


def test_categorical_and_sparse_agree():
    rng = np.random.default_rng(1)
    y = rng.integers(0, 4, 50)
    p = rng.random((50, 4))
    one_hot = np.eye(4)[y]
    assert metrics.CategoricalAccuracy()(one_hot, p) == pytest.approx(metrics.SparseCategoricalAccuracy()(y, p))
    assert metrics.SparseCategoricalAccuracy()(y[:, None], p) == pytest.approx(np.mean(p.argmax(1) == y))


def test_regression_metrics_match_numpy():
    rng = np.random.default_rng(2)
    y, p = rng.normal(size=(20, 1)), rng.normal(size=(20, 1))
    assert metrics.get("mae")(y[:, 0], p) == pytest.approx(np.mean(np.abs(y - p)))
    assert metrics.get("mse")(y, p) == pytest.approx(np.mean((y - p) ** 2))
    assert metrics.RootMeanSquaredError()(y, p) == pytest.approx(np.sqrt(np.mean((y - p) ** 2)))


def test_sample_weight_weights_the_mean():
    m = metrics.BinaryAccuracy()
    m.update_state([1, 1, 0], [0.9, 0.1, 0.1], sample_weight=[1.0, 3.0, 0.0])
    assert m.result() == pytest.approx(0.25)


def test_precision_recall():
    y, p = [1, 0, 1, 1], [0.9, 0.8, 0.2, 0.7]
    assert metrics.Precision()(y, p) == pytest.approx(2 / 3)
    assert metrics.Recall()(y, p) == pytest.approx(2 / 3)


def test_top_k():
    p = np.array([[0.1, 0.5, 0.4], [0.7, 0.2, 0.1]])
    assert metrics.SparseTopKCategoricalAccuracy(k=1)([2, 0], p) == pytest.approx(0.5)
    assert metrics.TopKCategoricalAccuracy(k=2)(np.eye(3)[[2, 0]], p) == pytest.approx(1.0)


def test_crossentropy_metrics_match_formula():
    p = np.array([[0.2, 0.8], [0.6, 0.4]])
    expected = -np.mean(np.log([0.8, 0.6]))
    assert metrics.get("sparse_categorical_crossentropy")([1, 0], p) == pytest.approx(expected)
    assert metrics.get("categorical_crossentropy")(np.eye(2)[[1, 0]], p) == pytest.approx(expected)
    logits = np.array([[2.0], [-1.0]])
    prob = 1 / (1 + np.exp(-logits))
    assert metrics.BinaryCrossentropy(from_logits=True)([1, 0], logits) == pytest.approx(
        metrics.BinaryCrossentropy()([1, 0], prob))


@pytest.mark.parametrize("loss, y_true, y_pred, expected", [
    ("binary_crossentropy", np.zeros(8), np.zeros((8, 1)), "BinaryAccuracy"),
    ("mse", np.zeros((8, 1)), np.zeros((8, 1)), "BinaryAccuracy"),
    ("sparse_categorical_crossentropy", np.zeros(8, int), np.zeros((8, 10)), "SparseCategoricalAccuracy"),
    ("mse", np.zeros(8, int), np.zeros((8, 10)), "SparseCategoricalAccuracy"),
    ("categorical_crossentropy", np.zeros((8, 10)), np.zeros((8, 10)), "CategoricalAccuracy"),
])
def test_accuracy_resolves_like_keras(loss, y_true, y_pred, expected):
    for name in ("accuracy", "acc"):
        m = metrics.get_for_compile(name, y_true, y_pred, loss)
        assert type(m).__name__ == expected
        assert m.name == name  # the history key is what the user wrote


def test_names_and_lookup():
    assert metrics.get("mae").name == "mae"
    assert metrics.get("MeanAbsoluteError").name == "mean_absolute_error"
    assert metrics.get_for_compile("mse", None, None).name == "mse"
    m = metrics.get(lambda y, p: np.abs(np.asarray(y) - np.asarray(p)))
    assert m([1.0, 2.0], [1.0, 4.0]) == pytest.approx(1.0)
    with pytest.raises(ValueError, match="Known names"):
        metrics.get("acuracy")
    with pytest.raises(TypeError):
        metrics.get(3)


def test_serialize_roundtrip():
    m = metrics.deserialize(metrics.serialize(metrics.BinaryAccuracy(threshold=0.3, name="ba")))
    assert isinstance(m, metrics.BinaryAccuracy)
    assert m.get_config() == {"name": "ba", "threshold": 0.3}
    with pytest.raises(ValueError, match="Unknown metric class"):
        metrics.deserialize({"class_name": "os.system", "config": {}})
