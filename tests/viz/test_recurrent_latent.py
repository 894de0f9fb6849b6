import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

from glassnet import layers, viz  # noqa: E402


def test_recurrent_states_picture_shows_states_gates_and_gradients():
    layer = layers.LSTM(4, return_sequences=True)
    x = np.random.default_rng(0).normal(size=(2, 6, 3)).astype(np.float32)
    from glassnet.autodiff import Tensor
    layer(Tensor(x)).sum().backward()
    figure = viz.plot_recurrent_states(layer, sample=1)
    images = [ax for ax in figure.axes if ax.images]
    # h, c and the four gates, each drawn from the layer's own arrays
    assert len(images) == 6
    assert np.allclose(images[0].images[0].get_array(), layer.h[1].T)
    assert np.allclose(images[1].images[0].get_array(), layer.c[1].T)
    bars = [ax for ax in figure.axes if ax.patches and "BPTT" in ax.get_title()][0]
    heights = [p.get_height() for p in bars.patches]
    assert np.allclose(heights, np.linalg.norm(layer.h_grads[1], axis=-1))
    diagram = figure.axes[0]
    assert any("h₆" == t.get_text() for t in diagram.texts) and any("x₁" == t.get_text() for t in diagram.texts)


def test_recurrent_states_before_any_call_says_so():
    with pytest.raises(ValueError, match="call it on a batch"):
        viz.plot_recurrent_states(layers.GRU(3))


def test_latent_space_scatter_one_colour_per_class_and_projection():
    rng = np.random.default_rng(1)
    codes = rng.normal(size=(60, 2))
    labels = np.repeat([0, 1, 2], 20)
    figure = viz.plot_latent_space(codes, labels)
    collections = figure.axes[0].collections
    assert len(collections) == 3
    assert np.allclose(collections[0].get_offsets(), codes[:20])
    wide = viz.plot_latent_space(rng.normal(size=(30, 5)))
    assert "principal" in wide.axes[0].get_xlabel()


def test_latent_grid_decodes_every_grid_point():
    seen = []

    def decoder(z):
        seen.append(z)
        return np.repeat(z[:, :1], 16, axis=1)       # image brightness = z₁
    figure = viz.plot_latent_grid(decoder, extent=1.0, n=3, image_shape=(4, 4))
    assert seen[0].shape == (9, 2)
    canvas = figure.axes[0].images[0].get_array()
    assert canvas.shape == (12, 12) and canvas[0, 0] < canvas[0, -1]
