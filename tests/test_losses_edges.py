"""Losses beyond the plain batch: weights per sample on sequence outputs, the function forms'
defaults, sequences of class probabilities, and the errors of bad identifiers and weights."""
import numpy as np
import pytest

from glassnet import losses
from glassnet.autodiff import Tensor


def test_sample_weight_scales_every_step_of_a_sequence_sample():
    rng = np.random.default_rng(0)
    y_true, y_pred = rng.normal(size=(4, 3, 2)), rng.normal(size=(4, 3, 2))
    weight = np.array([1.0, 0.0, 2.0, 0.5])
    per_step = ((y_pred - y_true) ** 2).mean(axis=-1)                    # (4, 3)
    got = losses.MeanSquaredError()(y_true, Tensor(y_pred), sample_weight=weight)
    np.testing.assert_allclose(got.data, (per_step * weight[:, None]).mean(), rtol=1e-12)
    none = losses.MeanSquaredError(reduction="none")(y_true, Tensor(y_pred), sample_weight=weight)
    np.testing.assert_allclose(none.data, per_step * weight[:, None], rtol=1e-12)


def test_sample_weight_of_the_wrong_length_is_refused():
    with pytest.raises(ValueError, match="sample_weight has 3 entries for 4 samples"):
        losses.MeanSquaredError()(np.zeros((4, 1)), Tensor(np.ones((4, 1))), sample_weight=np.ones(3))


def test_function_forms_apply_no_label_smoothing_by_default():
    y = np.array([[1.0, 0.0], [0.0, 1.0]])
    p = np.array([[0.8, 0.2], [0.3, 0.7]])
    np.testing.assert_allclose(losses.categorical_crossentropy(y, Tensor(p)).data, -np.log([0.8, 0.7]), rtol=1e-6)
    y_bin, p_bin = np.array([[1.0], [0.0]]), np.array([[0.9], [0.25]])
    np.testing.assert_allclose(losses.binary_crossentropy(y_bin, Tensor(p_bin)).data, -np.log([0.9, 0.75]),
                               rtol=1e-6)
    smoothed = losses.binary_crossentropy(y_bin, Tensor(p_bin), label_smoothing=0.2).data
    assert not np.allclose(smoothed, -np.log([0.9, 0.75]))


def test_sparse_crossentropy_on_a_sequence_of_probabilities():
    p = np.array([[[0.7, 0.2, 0.1], [0.1, 0.1, 0.8]], [[0.3, 0.3, 0.4], [0.5, 0.25, 0.25]]])  # (2, 2, 3)
    labels = np.array([[0, 2], [1, 0]])
    got = losses.SparseCategoricalCrossentropy(reduction="none")(labels, Tensor(p))
    np.testing.assert_allclose(got.data, -np.log([[0.7, 0.8], [0.3, 0.5]]), rtol=1e-6)


def test_identifiers_that_are_not_losses_are_refused_by_type():
    with pytest.raises(TypeError, match="loss must be a name, a Loss or a function, got int"):
        losses.get(3)
    with pytest.raises(ValueError, match="unknown loss class 'Nope'"):
        losses.deserialize({"class_name": "Nope", "config": {}})


def test_sequence_targets_without_the_last_axis_of_one_are_reconciled():
    y_true = np.arange(12.0).reshape(4, 3)
    y_pred = Tensor(np.ones((4, 3, 1)))
    got = losses.MeanSquaredError(reduction="none")(y_true, y_pred)
    np.testing.assert_allclose(got.data, (1.0 - y_true) ** 2)


def test_float64_targets_keep_a_float32_loss():
    y_pred = Tensor(np.full((3, 2), 0.5, dtype=np.float32))
    loss = losses.MeanSquaredError()(np.zeros((3, 2), dtype=np.float64), y_pred)
    assert loss.dtype == np.float32 and loss.item() == pytest.approx(0.25)


def test_categorical_crossentropy_on_a_sequence_uses_the_last_axis():
    p = np.array([[[0.7, 0.3], [0.2, 0.8], [0.5, 0.5]]])          # (1, 3, 2)
    y = np.array([[[1.0, 0.0], [0.0, 1.0], [1.0, 0.0]]])
    got = losses.CategoricalCrossentropy(reduction="none")(y, Tensor(p))
    np.testing.assert_allclose(got.data, -np.log([[0.7, 0.8, 0.5]]), rtol=1e-6)


def test_sparse_function_form_takes_probabilities_by_default():
    p = np.array([[0.25, 0.75], [0.6, 0.4]])
    got = losses.sparse_categorical_crossentropy(np.array([1, 0]), Tensor(p))
    np.testing.assert_allclose(got.data, -np.log([0.75, 0.6]), rtol=1e-6)


def test_mean_absolute_error_on_a_sequence_gives_one_value_per_step():
    rng = np.random.default_rng(1)
    y_true, y_pred = rng.normal(size=(2, 3, 4)), rng.normal(size=(2, 3, 4))
    got = losses.MeanAbsoluteError(reduction="none")(y_true, Tensor(y_pred))
    np.testing.assert_allclose(got.data, np.abs(y_pred - y_true).mean(axis=-1), rtol=1e-12)


@pytest.mark.parametrize("from_logits", [False, True])
def test_binary_label_smoothing_pulls_the_targets_towards_one_half(from_logits):
    # Keras: y ← y·(1 − s) + s/2, so with s = 0.2 a 1 becomes 0.9 and a 0 becomes 0.1.
    y = np.array([[1.0, 0.0], [0.0, 1.0]])
    p = np.array([[0.8, 0.3], [0.6, 0.55]])
    smooth = y * 0.8 + 0.1
    expected = -(smooth * np.log(p) + (1 - smooth) * np.log(1 - p)).mean(axis=-1)
    y_pred = Tensor(np.log(p / (1 - p))) if from_logits else Tensor(p)
    loss = losses.BinaryCrossentropy(from_logits=from_logits, label_smoothing=0.2, reduction="none")
    np.testing.assert_allclose(loss(y, y_pred).data, expected, rtol=1e-6)


def test_binary_crossentropy_of_certain_wrong_probabilities_is_large_but_finite():
    # p = 1 for a 0 (and p = 0 for a 1) is clipped to 1 − ε (ε): the loss is −log ε, not inf or nan
    got = losses.BinaryCrossentropy(reduction="none")(np.array([[0.0], [1.0]]), Tensor(np.array([[1.0], [0.0]])))
    np.testing.assert_allclose(got.data, [-np.log(1e-7)] * 2, rtol=1e-6)


def test_deserialize_accepts_a_bare_name():
    assert isinstance(losses.deserialize("mse"), losses.MeanSquaredError)
    assert isinstance(losses.deserialize("binary_crossentropy"), losses.BinaryCrossentropy)


def test_targets_with_an_extra_last_axis_of_one_are_reconciled():
    y_pred = Tensor(np.array([[0.5, 1.0], [2.0, 4.0]]))              # (2, 2)
    y_true = np.array([[[1.0], [1.0]], [[1.0], [3.0]]])               # (2, 2, 1)
    got = losses.MeanSquaredError(reduction="none")(y_true, y_pred)
    np.testing.assert_allclose(got.data, [(0.25 + 0.0) / 2, (1.0 + 1.0) / 2])


@pytest.mark.parametrize("shape", [(1, 3), (2, 1, 3)])   # one sample; sequences of one step
def test_integer_labels_given_to_categorical_crossentropy_get_the_sparse_hint(shape):
    labels = np.zeros(shape[:-1], dtype=int)
    with pytest.raises(ValueError, match="y_true looks like integer class labels: use 'sparse_categorical"):
        losses.CategoricalCrossentropy()(labels, Tensor(np.full(shape, 1 / 3)))


def test_sparse_labels_of_a_sequence_may_keep_a_last_axis_of_one():
    p = np.array([[[0.7, 0.2, 0.1], [0.1, 0.1, 0.8]], [[0.3, 0.3, 0.4], [0.5, 0.25, 0.25]]])  # (2, 2, 3)
    labels = np.array([[[0], [2]], [[1], [0]]])                        # (2, 2, 1)
    got = losses.SparseCategoricalCrossentropy(reduction="none")(labels, Tensor(p))
    np.testing.assert_allclose(got.data, -np.log([[0.7, 0.8], [0.3, 0.5]]), rtol=1e-6)


def test_sparse_labels_that_are_not_numbers_are_refused_with_their_dtype():
    with pytest.raises(ValueError, match="sparse_categorical_crossentropy: labels must be integers, got dtype <U3"):
        losses.SparseCategoricalCrossentropy()(np.array(["cat", "dog"]), Tensor(np.full((2, 2), 0.5)))
