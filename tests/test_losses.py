"""glassnet.losses: values against PyTorch, gradients, the fused rule, Keras conventions, clear errors."""
from __future__ import annotations

import json

import numpy as np
import pytest

from glassnet import losses, ops
from glassnet.autodiff import Tensor, no_grad
from glassnet.utils.gradcheck import check_against_torch, check_gradients

RNG = np.random.default_rng(3)
N, K = 6, 4
Z = RNG.normal(scale=2.0, size=(N, K))
LABELS = RNG.integers(0, K, size=N)
ONE_HOT = np.eye(K)[LABELS]
PROBS = RNG.dirichlet(np.ones(K), size=N)
TARGETS = RNG.normal(size=(N, K))
BINARY = (RNG.random((N, K)) > 0.5).astype(float)


def _torch():
    return pytest.importorskip("torch")


# Keras divides probabilities by their sum first: the torch references do the same, and the
# inputs are scaled away from a sum of 1 so that this step is tested.
# name -> (glassnet function of the prediction Tensor, torch function of the torch prediction, input)
def _cases():
    F = lambda: _torch().nn.functional  # noqa: E731
    T = lambda a: _torch().tensor(a)  # noqa: E731
    return {
        "mse": (lambda p: losses.MeanSquaredError()(TARGETS, p), lambda p: F().mse_loss(p, T(TARGETS)), Z),
        "mae": (lambda p: losses.MeanAbsoluteError()(TARGETS, p), lambda p: F().l1_loss(p, T(TARGETS)), Z),
        "quadratic": (lambda p: losses.QuadraticLoss()(TARGETS, p),
                      lambda p: 0.5 * ((p - T(TARGETS)) ** 2).sum(-1).mean(), Z),
        "bce_probs": (lambda p: losses.BinaryCrossentropy()(BINARY, p),
                      lambda p: F().binary_cross_entropy(p, T(BINARY)), 0.05 + 0.9 * RNG.random((N, K))),
        "bce_logits": (lambda z: losses.BinaryCrossentropy(from_logits=True)(BINARY, z),
                       lambda z: F().binary_cross_entropy_with_logits(z, T(BINARY)), Z),
        "bce_after_sigmoid": (lambda z: losses.BinaryCrossentropy()(BINARY, ops.sigmoid(z)),
                              lambda z: F().binary_cross_entropy(z.sigmoid(), T(BINARY)), Z),
        "cce_probs": (lambda p: losses.CategoricalCrossentropy()(ONE_HOT, p),
                      lambda p: -(T(ONE_HOT) * (p / p.sum(-1, keepdim=True)).log()).sum(-1).mean(),
                      PROBS * 1.3),
        "cce_logits": (lambda z: losses.CategoricalCrossentropy(from_logits=True)(ONE_HOT, z),
                       lambda z: F().cross_entropy(z, T(ONE_HOT)), Z),
        "cce_after_softmax": (lambda z: losses.CategoricalCrossentropy()(ONE_HOT, ops.softmax(z)),
                              lambda z: F().cross_entropy(z, T(ONE_HOT)), Z),
        "scce_probs": (lambda p: losses.SparseCategoricalCrossentropy()(LABELS, p),
                       lambda p: F().nll_loss((p / p.sum(-1, keepdim=True)).log(), T(LABELS)),
                       PROBS * 0.7),
        "scce_logits": (lambda z: losses.SparseCategoricalCrossentropy(from_logits=True)(LABELS, z),
                        lambda z: F().cross_entropy(z, T(LABELS)), Z),
        "scce_after_softmax": (lambda z: losses.SparseCategoricalCrossentropy()(LABELS, ops.softmax(z)),
                               lambda z: F().cross_entropy(z, T(LABELS)), Z),
        "cce_label_smoothing": (lambda z: losses.CategoricalCrossentropy(from_logits=True, label_smoothing=0.1)(
                                    ONE_HOT, z),
                                lambda z: F().cross_entropy(z, T(ONE_HOT), label_smoothing=0.1), Z),
    }


CASE_NAMES = ["mse", "mae", "quadratic", "bce_probs", "bce_logits", "bce_after_sigmoid", "cce_probs", "cce_logits",
              "cce_after_softmax", "scce_probs", "scce_logits", "scce_after_softmax", "cce_label_smoothing"]


@pytest.mark.parametrize("name", CASE_NAMES)
def test_gradient_matches_finite_differences(name):
    fn, _, x = _cases()[name]
    assert check_gradients(fn, [x]) < 1e-6


@pytest.mark.parametrize("name", CASE_NAMES)
def test_value_and_gradient_match_torch(name):
    fn, torch_fn, x = _cases()[name]
    assert check_against_torch(fn, torch_fn, [x]) < 1e-6


def test_fused_rule_gives_p_minus_y_over_n_to_the_logits():
    z = Tensor(Z, requires_grad=True)
    p = ops.softmax(z)
    losses.SparseCategoricalCrossentropy()(LABELS, p).backward()
    np.testing.assert_allclose(z.grad, (p.data - ONE_HOT) / N, rtol=1e-12, atol=1e-15)


def test_fused_path_is_exact_where_clipping_is_not():
    z = Tensor(np.array([[0.0, 40.0, -40.0]]))
    with no_grad():
        fused = losses.SparseCategoricalCrossentropy()(np.array([2]), ops.softmax(z))
    assert fused.item() == pytest.approx(80.0, rel=1e-12)
    # the same probabilities without their logits go through Keras's clipping at 1e-7
    clipped = losses.SparseCategoricalCrossentropy()(np.array([2]), Tensor(ops.softmax(z).data))
    assert clipped.item() == pytest.approx(-np.log(1e-7), rel=1e-6)


@pytest.mark.parametrize("loss, activation, y", [
    (losses.SparseCategoricalCrossentropy(from_logits=True), "softmax", np.array([0, 2])),
    (losses.CategoricalCrossentropy(from_logits=True), "softmax", np.eye(3)[[0, 2]]),
    (losses.BinaryCrossentropy(from_logits=True), "sigmoid", np.array([[0.0, 1.0, 1.0], [1.0, 0.0, 0.0]])),
])
def test_from_logits_on_probabilities_warns_as_keras_does(loss, activation, y):
    from glassnet.ops import nn
    z = Tensor(np.array([[1.0, 2.0, 3.0], [0.5, -1.0, 2.0]], dtype=np.float32), requires_grad=True)
    with pytest.warns(UserWarning, match=f"from_logits=True.*{activation}"):
        loss(y, getattr(nn, activation)(z))
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        loss(y, z)  # real logits: no warning


def test_float32_in_float32_out():
    z = Tensor(Z.astype(np.float32), requires_grad=True)
    for loss, y in [("mse", TARGETS), ("categorical_crossentropy", ONE_HOT),
                    ("sparse_categorical_crossentropy", LABELS), ("binary_crossentropy", BINARY)]:
        out = losses.get(loss)(y, ops.softmax(z) if "categ" in loss else ops.sigmoid(z))
        out.backward()
        assert out.dtype == np.float32 and z.grad.dtype == np.float32, loss


def test_shapes_with_a_trailing_axis_of_one_are_reconciled_as_in_keras():
    y_pred = Tensor(RNG.random((N, 1)))
    a = losses.get("mse")(RNG.random(N), y_pred)
    assert a.shape == ()
    b = losses.get("sparse_categorical_crossentropy")(LABELS[:, None], ops.softmax(Tensor(Z)))
    c = losses.get("sparse_categorical_crossentropy")(LABELS, ops.softmax(Tensor(Z)))
    assert b.item() == pytest.approx(c.item())


def test_reductions_and_sample_weight():
    per_sample = losses.MeanSquaredError(reduction="none")(TARGETS, Tensor(Z))
    np.testing.assert_allclose(per_sample.data, ((Z - TARGETS) ** 2).mean(-1))
    total = losses.MeanSquaredError(reduction="sum")(TARGETS, Tensor(Z))
    assert total.item() == pytest.approx(per_sample.data.sum())
    w = RNG.random(N)
    weighted = losses.MeanSquaredError()(TARGETS, Tensor(Z), sample_weight=w)
    assert weighted.item() == pytest.approx((per_sample.data * w).mean())
    np.testing.assert_allclose(losses.mean_squared_error(TARGETS, Tensor(Z)).data, per_sample.data)


def test_sparse_labels_out_of_range_name_the_range_and_value():
    p = ops.softmax(Tensor(Z))
    with pytest.raises(ValueError, match=r"integers in \[0, 3\].*4 classes.*got 7"):
        losses.get("sparse_categorical_crossentropy")(np.array([0, 1, 7, 2, 0, 1]), p)
    with pytest.raises(ValueError, match=r"integers in \[0, 3\].*got -1"):
        losses.get("sparse_categorical_crossentropy")(np.array([0, 1, -1, 2, 0, 1]), p)
    with pytest.raises(ValueError, match=r"integers in \[0, 3\].*got 1.5"):
        losses.get("sparse_categorical_crossentropy")(np.array([0, 1, 1.5, 2, 0, 1]), p)
    with pytest.raises(ValueError, match="looks one-hot"):
        losses.get("sparse_categorical_crossentropy")(ONE_HOT, p)


def test_shape_mismatch_is_explained():
    with pytest.raises(ValueError, match=r"mean_squared_error: y_true has shape \(6, 3\) but y_pred has shape \(6, 4\)"):
        losses.get("mse")(TARGETS[:, :3], Tensor(Z))
    with pytest.raises(ValueError, match="sparse_categorical_crossentropy"):
        losses.get("categorical_crossentropy")(LABELS, ops.softmax(Tensor(Z)))


@pytest.mark.parametrize("alias, cls", [
    ("mse", losses.MeanSquaredError), ("mean_squared_error", losses.MeanSquaredError),
    ("mae", losses.MeanAbsoluteError), ("mean_absolute_error", losses.MeanAbsoluteError),
    ("binary_crossentropy", losses.BinaryCrossentropy),
    ("categorical_crossentropy", losses.CategoricalCrossentropy),
    ("sparse_categorical_crossentropy", losses.SparseCategoricalCrossentropy),
    ("quadratic", losses.QuadraticLoss), ("MeanSquaredError", losses.MeanSquaredError),
])
def test_get_by_alias(alias, cls):
    assert isinstance(losses.get(alias), cls)


def test_get_accepts_keras_functions_and_custom_ones():
    assert isinstance(losses.get(losses.mean_squared_error), losses.MeanSquaredError)

    def custom(y_true, y_pred):
        return ops.mean(ops.abs(y_pred - y_true), axis=-1)
    wrapped = losses.get(custom)
    assert wrapped(TARGETS, Tensor(Z)).item() == pytest.approx(np.abs(Z - TARGETS).mean())
    with pytest.raises(ValueError, match="cannot serialize the custom loss"):
        losses.serialize(wrapped)


def test_unknown_loss_name():
    with pytest.raises(ValueError, match="unknown loss 'mse2'"):
        losses.get("mse2")
    with pytest.raises(ValueError, match="reduction must be one of"):
        losses.MeanSquaredError(reduction="avg")


@pytest.mark.parametrize("loss", [losses.MeanSquaredError(), losses.QuadraticLoss(name="half"),
                                  losses.BinaryCrossentropy(from_logits=True, label_smoothing=0.1),
                                  losses.CategoricalCrossentropy(axis=-1),
                                  losses.SparseCategoricalCrossentropy(from_logits=True, reduction="sum")])
def test_serialize_round_trip_through_json(loss):
    config = json.loads(json.dumps(losses.serialize(loss)))
    again = losses.deserialize(config)
    assert type(again) is type(loss) and again.get_config() == loss.get_config()
    with pytest.raises(ValueError, match="unknown loss class"):
        losses.deserialize({"class_name": "Nope", "config": {}})


@pytest.mark.parametrize("function, per_sample", [
    (losses.mean_squared_error, lambda y, p: ((p - y) ** 2).mean(-1)),
    (losses.mean_absolute_error, lambda y, p: np.abs(p - y).mean(-1)),
    (losses.quadratic, lambda y, p: 0.5 * ((p - y) ** 2).sum(-1)),
    (losses.binary_crossentropy, lambda y, p: -(y * np.log(p) + (1 - y) * np.log(1 - p)).mean(-1)),
    (losses.categorical_crossentropy, lambda y, p: -(y * np.log(p / p.sum(-1, keepdims=True))).sum(-1)),
])
def test_functional_forms_return_one_value_per_sample_as_keras_does(function, per_sample):
    y = BINARY if function is losses.binary_crossentropy else (ONE_HOT if function is losses.categorical_crossentropy
                                                                else TARGETS)
    p = 0.05 + 0.9 * RNG.random((N, K))
    out = function(y, p)
    assert out.shape == (N,)
    np.testing.assert_allclose(out.data, per_sample(y, p), rtol=1e-6)
    assert losses.get(function)(y, p).shape == ()  # the Loss object reduces over the batch
    np.testing.assert_allclose(losses.sparse_categorical_crossentropy(LABELS, PROBS).data,
                               -np.log(PROBS[np.arange(N), LABELS] / PROBS.sum(-1)), rtol=1e-6)
    images = RNG.random((N, 5, 5)) * 0.9 + 0.05  # an image batch: reduced over the last axis only
    assert losses.binary_crossentropy((images > 0.5).astype(float), images).shape == (N, 5)


def test_get_builds_the_loss_a_config_dict_describes():
    original = losses.MeanSquaredError(name="my_mse", reduction="sum")
    config = losses.serialize(original)
    again = losses.get(config)
    assert isinstance(again, losses.MeanSquaredError)
    assert again.get_config() == original.get_config() == {"name": "my_mse", "reduction": "sum"}
    np.testing.assert_allclose(again(TARGETS, Z).data, ((Z - TARGETS) ** 2).mean(-1).sum(), rtol=1e-12)


@pytest.mark.parametrize("y_pred", [np.array([[2, 4], [3, 0]]), np.array([[2.0, 4.0], [3.0, 0.0]]),
                                    Tensor(np.array([[2.0, 4.0], [3.0, 0.0]]))], ids=["int array", "array", "Tensor"])
def test_mean_squared_error_call_gives_one_value_per_sample_for_arrays_and_tensors(y_pred):
    """Keras's Loss.call(y_true, y_pred): the per-sample values, before any reduction or weighting."""
    y_true = np.array([[1, 2], [0, 0]])
    np.testing.assert_array_equal(np.asarray(losses.MeanSquaredError().call(y_true, y_pred).data), [2.5, 4.5])
    assert losses.MeanSquaredError()(y_true, y_pred).data == 3.5


def test_sum_of_squares_sums_over_the_last_axis_only_per_sample():
    y, p = RNG.normal(size=(2, 3, 4)), RNG.normal(size=(2, 3, 4))   # a batch of sequences
    for loss, factor in ((losses.SumOfSquares(reduction="none"), 1.0), (losses.HalfSumOfSquares(reduction="none"), 0.5)):
        np.testing.assert_allclose(loss(y, p).data, factor * ((p - y) ** 2).sum(-1), rtol=1e-12)
    np.testing.assert_allclose(losses.SumOfSquares()(y, p).data, ((p - y) ** 2).sum(), rtol=1e-12)


def test_sparse_crossentropy_from_logits_warns_on_a_softmax_over_the_classes_of_a_sequence():
    from glassnet.ops import nn
    z = Tensor(RNG.normal(size=(2, 3, 4)), requires_grad=True)          # (batch, steps, classes)
    labels = np.array([[0, 1, 3], [2, 2, 0]])
    with pytest.warns(UserWarning, match="from_logits=True.*softmax"):
        losses.SparseCategoricalCrossentropy(from_logits=True)(labels, nn.softmax(z))


@pytest.mark.parametrize("name", ["mse", "mae", "binary_crossentropy", "huber", "log_cosh", "quadratic"])
def test_a_scalar_prediction_names_the_loss_and_the_expected_shape(name):
    loss = losses.get(name)
    with pytest.raises(ValueError, match=rf"{loss.name}: y_pred must have shape \(batch, \.\.\.\).*got a scalar"):
        loss(1.0, 0.5)


@pytest.mark.parametrize("shape", [(2, 0), (2, 3, 0)], ids=["batch", "sequences"])
def test_mean_squared_error_over_an_empty_last_axis_raises_instead_of_returning_nan(shape):
    with pytest.raises(ValueError, match="mean over 0 values"):
        losses.MeanSquaredError()(np.zeros(shape), Tensor(np.zeros(shape)))


def test_binary_crossentropy_averages_the_last_axis_of_a_sequence_batch_by_default():
    y = (RNG.random((2, 3, 4)) > 0.5).astype(float)
    p = 0.05 + 0.9 * RNG.random((2, 3, 4))
    loss = losses.BinaryCrossentropy(reduction="none")
    assert loss.get_config()["axis"] == -1                          # Keras's default
    expected = -(y * np.log(p) + (1 - y) * np.log(1 - p)).mean(-1)  # one value per (sample, step)
    np.testing.assert_allclose(loss(y, p).data, expected, rtol=1e-6)
