"""The optimizer options shared by every Keras optimizer: use_ema (and SwapEMAWeights),
gradient_accumulation_steps, loss_scale_factor; each checked against its formula."""
import numpy as np
import pytest

import glassnet as keras
from glassnet import optimizers
from glassnet.autodiff import Tensor
from glassnet.optimizers import SGD, Adam

RNG = np.random.default_rng(22)
GRADS = [RNG.normal(size=3) for _ in range(6)]


def test_moving_average_follows_its_formula_and_overwrites_when_asked():
    w = Tensor(np.zeros(3), requires_grad=True)
    opt = SGD(0.1, use_ema=True, ema_momentum=0.9)
    average, raw = None, np.zeros(3)
    for k, g in enumerate(GRADS):
        opt.apply([g], [w])
        raw = raw - 0.1 * g
        average = raw.copy() if k == 0 else 0.9 * average + 0.1 * raw
        np.testing.assert_allclose(w.data, raw)                     # training uses the raw weights
    opt.finalize_variable_values([w])
    np.testing.assert_allclose(w.data, average)
    w2 = Tensor(np.zeros(3), requires_grad=True)
    every_two = SGD(0.1, use_ema=True, ema_momentum=0.5, ema_overwrite_frequency=2)
    every_two.apply([GRADS[0]], [w2])
    first = w2.data.copy()
    every_two.apply([GRADS[1]], [w2])
    np.testing.assert_allclose(w2.data, 0.5 * first + 0.5 * (first - 0.1 * GRADS[1]))


def test_gradient_accumulation_updates_every_n_calls_with_the_mean_gradient():
    w, reference = Tensor(np.ones(3), requires_grad=True), Tensor(np.ones(3), requires_grad=True)
    accumulating, plain = Adam(0.1, gradient_accumulation_steps=3), Adam(0.1)
    for k, g in enumerate(GRADS):
        before = w.data.copy()
        accumulating.apply([g], [w])
        if (k + 1) % 3:
            np.testing.assert_array_equal(w.data, before)          # not an update step
        else:
            plain.iterations = k                                    # Keras's steps count every call
            plain.apply([np.mean(GRADS[k - 2:k + 1], axis=0)], [reference])
            np.testing.assert_allclose(w.data, reference.data, rtol=1e-12)
    assert accumulating.iterations == 6


def test_the_new_options_survive_config_and_state_saving():
    opt = Adam(0.01, use_ema=True, ema_momentum=0.95, gradient_accumulation_steps=2, loss_scale_factor=128.0)
    again = optimizers.deserialize(optimizers.serialize(opt))
    assert again.get_config() == opt.get_config()
    weights = [Tensor(np.zeros(3), requires_grad=True)]
    opt.apply([GRADS[0]], weights)
    store = {}
    opt.save_own_variables(store)
    again.load_own_variables(store, weights)
    assert len(again.variables) == len(opt.variables) == 4          # m, v, the average, the gradient sum
    with pytest.raises(ValueError, match="gradient_accumulation_steps must be an integer ≥ 2"):
        Adam(gradient_accumulation_steps=1)


def _data():
    x = RNG.normal(size=(128, 3)).astype("float32")
    return x, (x @ np.array([[1.0], [-2.0], [0.5]]) + 0.3).astype("float32")


def test_fit_ends_with_the_averaged_weights_and_swap_ema_weights_evaluates_with_them():
    x, y = _data()
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)])
    model.compile(SGD(0.05, use_ema=True, ema_momentum=0.9), "mse")
    seen = {}

    class Spy(keras.callbacks.Callback):
        def on_test_begin(self, logs=None):
            seen["during_validation"] = model.layers[-1].kernel.numpy().copy()

        def on_epoch_begin(self, epoch, logs=None):
            seen.setdefault("raw", []).append(model.layers[-1].kernel.numpy().copy())

    model.fit(x, y, epochs=3, batch_size=16, verbose=0, validation_data=(x, y),
              callbacks=[keras.callbacks.SwapEMAWeights(), Spy()])
    optimizer_average = next(iter(model.optimizer._state.values()))[1]["ema"]
    np.testing.assert_allclose(model.layers[-1].kernel.numpy(), optimizer_average)   # finalized at the end
    assert not np.allclose(seen["during_validation"], seen["raw"][-1])             # evaluated with the average
    with pytest.raises(ValueError, match="use_ema=True"):
        plain = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)])
        plain.compile("sgd", "mse")
        plain.fit(x, y, epochs=1, verbose=0, validation_data=(x, y), callbacks=[keras.callbacks.SwapEMAWeights()])


def test_loss_scale_factor_changes_nothing_in_float32():
    x, y = _data()
    results = []
    for factor in (None, 1024.0):
        keras.utils.set_random_seed(1)
        model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)])
        model.compile(Adam(0.01, loss_scale_factor=factor), "mse")
        results.append(model.fit(x, y, epochs=2, verbose=0).history["loss"])
    assert results[0] == results[1]
