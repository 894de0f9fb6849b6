"""Attention and AdditiveAttention against their formulas computed by PyTorch (values and gradients,
float64), with value masks, causal masks, the query mask, and Keras's documented functional example."""
import numpy as np
import pytest

import glassnet as keras
from glassnet.autodiff import Tensor
from glassnet.config import set_floatx
from glassnet.layers import AdditiveAttention, Attention

RNG = np.random.default_rng(19)
Q, V, K = RNG.normal(size=(2, 3, 4)), RNG.normal(size=(2, 5, 4)), RNG.normal(size=(2, 5, 4))
VALUE_MASK = np.array([[1, 1, 1, 0, 0], [1, 1, 1, 1, 1]], dtype=bool)


@pytest.fixture
def float64():
    set_floatx("float64")
    yield
    set_floatx("float32")


def _torch_attention(torch, q, v, k, mode, scale, concat, w, value_mask=None, causal=False):
    if mode == "dot":
        scores = q @ k.transpose(-1, -2) * scale
    elif mode == "concat":
        scores = concat * torch.tanh(scale * (q[:, :, None] + k[:, None])).sum(-1)
    else:
        scores = (torch.tanh(q[:, :, None] + k[:, None]) * w).sum(-1)
    if value_mask is not None:
        scores = scores - 1e9 * torch.tensor(~value_mask[:, None, :], dtype=scores.dtype)
    if causal:
        scores = scores - 1e9 * torch.tensor(~np.tril(np.ones(scores.shape[-2:], dtype=bool)), dtype=scores.dtype)
    return torch.softmax(scores, -1) @ v


@pytest.mark.parametrize("kind", ["dot", "dot_scaled", "concat", "additive"])
@pytest.mark.parametrize("masked", [False, True])
def test_values_and_gradients_equal_the_formula_in_pytorch(kind, masked, float64):
    torch = pytest.importorskip("torch")
    layer = {"dot": Attention(), "dot_scaled": Attention(use_scale=True), "concat": Attention(score_mode="concat"),
             "additive": AdditiveAttention()}[kind]
    inputs = [Tensor(a, requires_grad=True) for a in (Q, V, K)]
    mask = [None, VALUE_MASK] if masked else None
    out = layer(inputs, mask=mask) if masked else layer(inputs)
    if getattr(layer, "scale", None) is not None:
        layer.scale.data[...] = 1.7 if layer.scale.ndim == 0 else RNG.uniform(0.5, 1.5, layer.scale.shape)
        out = layer(inputs, mask=mask) if masked else layer(inputs)
    weights = RNG.normal(size=out.shape)
    (out * Tensor(weights)).sum().backward()

    tq, tv, tk = (torch.tensor(a, requires_grad=True) for a in (Q, V, K))
    scale = float(layer.scale.data) if kind in ("dot_scaled",) else 1.0
    w = torch.tensor(layer.scale.data) if kind == "additive" else None
    expected = _torch_attention(torch, tq, tv, tk, "additive" if kind == "additive" else kind.split("_")[0],
                                scale, 1.0, w, VALUE_MASK if masked else None)
    (expected * torch.tensor(weights)).sum().backward()
    np.testing.assert_allclose(out.numpy(), expected.detach().numpy(), rtol=1e-9, atol=1e-12)
    for ours, theirs in zip(inputs, (tq, tv, tk)):
        np.testing.assert_allclose(ours.grad, theirs.grad.numpy(), rtol=1e-8, atol=1e-12)


def test_causal_mask_and_scores(float64):
    torch = pytest.importorskip("torch")
    out, scores = Attention()([Q, Q], use_causal_mask=True, return_attention_scores=True)
    assert np.allclose(np.triu(scores.numpy()[0], 1), 0)
    tq = torch.tensor(Q)
    expected = _torch_attention(torch, tq, tq, tq, "dot", 1.0, 1.0, None, causal=True)
    np.testing.assert_allclose(out.numpy(), expected.numpy(), rtol=1e-9)


def test_query_mask_zeroes_padded_query_steps_and_is_passed_on():
    query_mask = np.array([[1, 1, 0], [1, 0, 0]], dtype=bool)
    out = Attention()([Q.astype("float32"), V.astype("float32")], mask=[query_mask, None]).numpy()
    assert np.all(out[~query_mask] == 0) and np.all(np.abs(out[query_mask]).sum(-1) > 0)
    assert Attention().compute_mask([Q, V], [query_mask, None]) is query_mask


def test_keras_documented_query_value_example_trains():
    keras.utils.set_random_seed(0)
    query_input = keras.Input(shape=(None,), dtype="int32")
    value_input = keras.Input(shape=(None,), dtype="int32")
    embed = keras.layers.Embedding(input_dim=50, output_dim=8)
    cnn = keras.layers.Conv1D(filters=8, kernel_size=3, padding="same")
    query_seq, value_seq = cnn(embed(query_input)), cnn(embed(value_input))
    attended = keras.layers.Attention()([query_seq, value_seq])
    merged = keras.layers.Concatenate()([keras.layers.GlobalAveragePooling1D()(query_seq),
                                         keras.layers.GlobalAveragePooling1D()(attended)])
    model = keras.Model([query_input, value_input], keras.layers.Dense(1)(merged))
    model.compile(keras.optimizers.Adam(0.01), "mse")
    q, v = RNG.integers(1, 50, size=(64, 6)), RNG.integers(1, 50, size=(64, 7))
    y = (q[:, :1] > 25).astype("float32")
    history = model.fit([q, v], y, epochs=10, verbose=0).history["loss"]
    assert history[-1] < 0.5 * history[0]


def test_saved_and_loaded_with_their_weights(tmp_path):
    q_in, v_in = keras.Input((3, 4)), keras.Input((5, 4))
    model = keras.Model([q_in, v_in], AdditiveAttention(dropout=0.1)([q_in, v_in]))
    model.save(tmp_path / "m.keras")
    again = keras.models.load_model(tmp_path / "m.keras")
    x = [Q.astype("float32"), V.astype("float32")]
    np.testing.assert_allclose(again.predict(x, verbose=0), model.predict(x, verbose=0), rtol=1e-6)
    with pytest.raises(ValueError, match=r"\[query, value\]"):
        Attention()(Q)
