"""MultiHeadAttention against torch.nn.MultiheadAttention (values, gradients, masks) and Keras's shapes."""
import numpy as np
import pytest

import glassnet as keras
from glassnet import layers
from glassnet.autodiff import Tensor


def _torch_twin(layer, embed, heads):
    torch = pytest.importorskip("torch")
    twin = torch.nn.MultiheadAttention(embed, heads, batch_first=True).double()

    def flat(kernel):
        return kernel.data.reshape(kernel.shape[0], -1).T
    with torch.no_grad():
        twin.in_proj_weight.copy_(torch.from_numpy(np.concatenate(
            [flat(layer.query_kernel), flat(layer.key_kernel), flat(layer.value_kernel)])))
        twin.in_proj_bias.copy_(torch.from_numpy(np.concatenate(
            [layer.query_bias.data.ravel(), layer.key_bias.data.ravel(), layer.value_bias.data.ravel()])))
        twin.out_proj.weight.copy_(torch.from_numpy(layer.output_kernel.data.reshape(-1, embed).T))
        twin.out_proj.bias.copy_(torch.from_numpy(layer.output_bias.data))
    return twin


def test_matches_pytorch_multihead_attention_with_gradients_and_a_causal_mask():
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(0)
    q, v = rng.normal(size=(2, 4, 6)), rng.normal(size=(2, 5, 6))
    layer = layers.MultiHeadAttention(num_heads=2, key_dim=3, dtype="float64", bias_initializer="random_normal")
    qt, vt = Tensor(q.copy(), requires_grad=True), Tensor(v.copy(), requires_grad=True)
    out, scores = layer(qt, vt, return_attention_scores=True)
    twin = _torch_twin(layer, 6, 2)
    qr, vr = (torch.from_numpy(a.copy()).requires_grad_(True) for a in (q, v))
    ref, ref_scores = twin(qr, vr, vr, average_attn_weights=False)
    np.testing.assert_allclose(out.numpy(), ref.detach().numpy(), atol=1e-12)
    np.testing.assert_allclose(scores.numpy(), ref_scores.detach().numpy(), atol=1e-12)
    projection = rng.normal(size=out.shape)
    out.backward(projection)
    (ref * torch.from_numpy(projection)).sum().backward()
    np.testing.assert_allclose(qt.grad, qr.grad.numpy(), atol=1e-10)
    np.testing.assert_allclose(vt.grad, vr.grad.numpy(), atol=1e-10)

    x = rng.normal(size=(1, 4, 6))
    causal = layer(x, x, use_causal_mask=True).numpy()
    blocked = torch.triu(torch.ones(4, 4, dtype=torch.bool), diagonal=1)   # torch: True = may NOT attend
    xr = torch.from_numpy(x)
    np.testing.assert_allclose(causal, twin(xr, xr, xr, attn_mask=blocked)[0].detach().numpy(), atol=1e-12)


def test_attention_mask_blocks_keys_and_shapes_follow_keras():
    rng = np.random.default_rng(1)
    layer = layers.MultiHeadAttention(num_heads=3, key_dim=2, value_dim=4, output_shape=5)
    q, v = rng.normal(size=(2, 3, 6)).astype("float32"), rng.normal(size=(2, 4, 7)).astype("float32")
    mask = np.ones((2, 3, 4), dtype=bool)
    mask[:, :, 2:] = False
    out, scores = layer(q, v, attention_mask=mask, return_attention_scores=True)
    assert tuple(out.shape) == (2, 3, 5) and tuple(scores.shape) == (2, 3, 3, 4)
    np.testing.assert_allclose(scores.numpy()[..., 2:], 0.0, atol=1e-7)
    np.testing.assert_allclose(scores.numpy().sum(-1), 1.0, rtol=1e-5)
    assert layer.value_kernel.shape == (7, 3, 4) and layer.output_kernel.shape == (3, 4, 5)
    changed = v.copy()
    changed[:, 2:] += 10.0
    np.testing.assert_allclose(layer(q, changed, attention_mask=mask).numpy(), out.numpy(), rtol=1e-5)
    x = keras.Input((6, 8))
    assert tuple(layers.MultiHeadAttention(2, 4)(x, x).shape) == (None, 6, 8)


def test_self_attention_block_trains_and_config_round_trips():
    keras.utils.set_random_seed(0)
    rng = np.random.default_rng(0)
    x = rng.normal(size=(64, 5, 4)).astype("float32")
    y = x.mean(axis=1)            # every position must look at all the others
    inputs = keras.Input((5, 4))
    attended = layers.MultiHeadAttention(num_heads=2, key_dim=4)(inputs, inputs)
    outputs = layers.Dense(4)(layers.GlobalAveragePooling1D()(attended))
    model = keras.Model(inputs, outputs)
    model.compile(optimizer=keras.optimizers.Adam(0.01), loss="mse")
    history = model.fit(x, y, epochs=15, batch_size=16, verbose=0)
    assert history.history["loss"][-1] < 0.3 * history.history["loss"][0]
    clone = layers.MultiHeadAttention.from_config(layers.MultiHeadAttention(4, 8, dropout=0.1, name="mha").get_config())
    assert (clone.num_heads, clone.key_dim, clone.dropout, clone.name) == (4, 8, 0.1, "mha")
    with pytest.raises(ValueError, match="num_heads"):
        layers.MultiHeadAttention(0, 4)


def test_compute_output_shape_is_the_query_shape_with_output_shape_features():
    assert layers.MultiHeadAttention(2, 4).compute_output_shape((None, 6, 8), (None, 3, 5)) == (None, 6, 8)
    assert layers.MultiHeadAttention(2, 4, output_shape=5).compute_output_shape((7, 6, 8)) == (7, 6, 5)
    layer = layers.MultiHeadAttention(2, 3, value_dim=4, output_shape=5)
    q, v = np.zeros((2, 6, 8), "float32"), np.zeros((2, 3, 7), "float32")
    assert tuple(layer(q, v).shape) == layer.compute_output_shape(q.shape, v.shape)
