import numpy as np

from glassnet.datasets import load_sonnets, make_signal_classes, make_sine_series


def test_sine_series_shapes_and_the_target_is_the_future():
    X, y = make_sine_series(50, timesteps=20, horizon=3, noise=0.0, seed=0)
    assert X.shape == (50, 20, 1) and y.shape == (50,)
    assert not np.allclose(y, X[:, -1, 0])
    again = make_sine_series(50, timesteps=23, horizon=0 + 1, noise=0.0, seed=0)
    assert again[0].shape == (50, 23, 1)
    assert np.allclose(make_sine_series(5, seed=1)[0], make_sine_series(5, seed=1)[0])


def test_signal_classes_differ_in_shape():
    X, y = make_signal_classes(300, noise=0.0, seed=0)
    assert set(np.unique(y)) == {0, 1, 2}
    square = X[y == 1, :, 0]
    assert np.allclose(np.abs(square), 1.0)
    bump = X[y == 2, :, 0]
    assert np.all(np.median(np.abs(bump), axis=1) < 0.1)


def test_sonnets_are_shipped():
    text = load_sonnets()
    assert 2000 < len(text) < 5000 and text.startswith("Sonnet 18")
    assert "Shall I compare thee to a summer's day?" in text
