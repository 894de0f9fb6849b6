"""predict's lean forward pass (models/lean_predict.py): taken where it may be, and the same outputs,
callbacks and layer state as the plain loop it replaces."""
import numpy as np
import pytest

import glassnet as keras
from glassnet import layers
from glassnet.models import lean_predict


def _mlp(activation="relu", last="softmax", dtype=None, extra=()):
    keras.utils.set_random_seed(3)
    return keras.Sequential([keras.Input(shape=(12,)), layers.Dense(9, activation=activation, dtype=dtype),
                             *extra, layers.Dense(5, activation=last, dtype=dtype)])


def _x(n=50, features=12):
    return np.random.default_rng(0).standard_normal((n, features)).astype(np.float32)


def _plain_predict(model, x, monkeypatch, **kwargs):
    with monkeypatch.context() as patch:
        patch.setattr(lean_predict, "lean_layers", lambda model: None)
        return model.predict(x, verbose=0, **kwargs)


def _count_lean_calls(monkeypatch, cls=layers.Dense):
    calls = []
    original = cls._predict_array

    def counting(self, x, out=None):
        calls.append(self.name)
        return original(self, x, out)
    monkeypatch.setattr(cls, "_predict_array", counting)
    return calls


@pytest.mark.parametrize("activation, last", [("relu", "softmax"), ("tanh", None), ("sigmoid", "linear"),
                                              ("gelu", "sigmoid")])
@pytest.mark.parametrize("batch_size", [7, 16, 25, 50, 64])
def test_lean_predict_gives_the_plain_outputs_bit_for_bit(activation, last, batch_size, monkeypatch):
    model, x = _mlp(activation, last), _x()
    expected = _plain_predict(model, x, monkeypatch, batch_size=batch_size)
    calls = _count_lean_calls(monkeypatch)
    result = model.predict(x, batch_size=batch_size, verbose=0)
    assert result.dtype == expected.dtype == np.float32 and result.shape == (50, 5)
    np.testing.assert_array_equal(result, expected)
    middle_batches = max(0, -(-50 // batch_size) - 2)
    assert len(calls) == (2 * middle_batches if middle_batches else 0)   # the lean path ran where it could


def test_lean_predict_with_dropout_flatten_and_reshape_layers(monkeypatch):
    keras.utils.set_random_seed(4)
    model = keras.Sequential([keras.Input(shape=(3, 4)), layers.Flatten(), layers.Dense(8, activation="relu"),
                              layers.Dropout(0.5), layers.Reshape((2, 4)), layers.Dense(3), layers.Flatten()])
    x = _x(40).reshape(40, 3, 4)
    expected = _plain_predict(model, x, monkeypatch, batch_size=8)
    calls = {cls: _count_lean_calls(monkeypatch, cls) for cls in (layers.Dropout, layers.Reshape, layers.Flatten)}
    result = model.predict(x, batch_size=8, verbose=0)
    np.testing.assert_array_equal(result, expected)
    assert result.shape == (40, 6)
    assert all(len(found) >= 3 for found in calls.values())
    np.testing.assert_allclose(result, model(x).data, rtol=1e-5, atol=1e-6)   # dropout is off at inference


def test_after_lean_predict_layer_z_and_a_hold_the_last_batch(monkeypatch):
    model, x = _mlp(), _x(50)
    model.predict(x, batch_size=16, verbose=0)
    hidden = model.layers[0]
    z_last, a_last = hidden.z.data.copy(), hidden.a.data.copy()
    model(x[48:])
    np.testing.assert_array_equal(z_last, hidden.z.data)
    np.testing.assert_array_equal(a_last, hidden.a.data)
    assert z_last.shape == (2, 9) and (z_last < 0).any() and not (a_last < 0).any()   # z kept apart from a


def test_lean_predict_callbacks_see_every_batch_in_order_with_its_outputs():
    model, x = _mlp(), _x(50)
    seen = []

    class Recorder(keras.callbacks.Callback):
        def on_predict_batch_begin(self, batch, logs=None):
            seen.append(("begin", batch))

        def on_predict_batch_end(self, batch, logs=None):
            seen.append(("end", batch, np.array(logs["outputs"])))
    result = model.predict(x, batch_size=16, verbose=0, callbacks=[Recorder()])
    assert [event[:2] for event in seen] == [(kind, b) for b in range(4) for kind in ("begin", "end")]
    for _, batch, outputs in (event for event in seen if event[0] == "end"):
        np.testing.assert_array_equal(outputs, result[16 * batch:16 * (batch + 1)])


def test_lean_predict_respects_steps_and_float64_layers(monkeypatch):
    model, x = _mlp(dtype="float64"), _x(100)
    expected = _plain_predict(model, x, monkeypatch, batch_size=10, steps=6)
    calls = _count_lean_calls(monkeypatch)
    result = model.predict(x, batch_size=10, steps=6, verbose=0)
    assert result.shape == (60, 5) and result.dtype == expected.dtype == np.float64
    np.testing.assert_array_equal(result, expected)
    assert len(calls) == 2 * 4


def test_lean_layers_refuses_what_it_cannot_copy():
    class Doubling(layers.Dense):
        def call(self, inputs, training=False):
            return super().call(inputs) * 2

    class OwnCall(keras.Sequential):
        def call(self, inputs, training=False):
            return super().call(inputs) + 1

    keras.utils.set_random_seed(0)
    assert lean_predict.lean_layers(_mlp()) is not None
    assert lean_predict.lean_layers(keras.Sequential([keras.Input(shape=(4,)), Doubling(3)])) is None
    assert lean_predict.lean_layers(keras.Sequential([keras.Input(shape=(4,)), layers.Dense(3),
                                                      layers.Activation("relu")])) is None
    assert lean_predict.lean_layers(OwnCall([keras.Input(shape=(4,)), layers.Dense(3)])) is None
    inputs = keras.Input(shape=(4,))
    left, right = layers.Dense(3)(inputs), layers.Dense(3)(inputs)
    assert lean_predict.lean_layers(keras.Model(inputs, layers.Add()([left, right]))) is None   # a branch
    assert lean_predict.lean_layers(keras.Model(inputs, [left, right])) is None                 # two outputs
    assert lean_predict.lean_layers(keras.Model(inputs, layers.Activation("relu")(left))) is None


def test_a_functional_chain_of_dense_layers_takes_the_lean_path(monkeypatch):
    keras.utils.set_random_seed(5)
    inputs = keras.Input(shape=(12,))
    hidden = layers.Dense(9, activation="relu")(inputs)
    outputs = layers.Dense(5, activation="softmax")(layers.Dropout(0.2)(hidden))
    model, x = keras.Model(inputs, outputs), _x(60)
    assert [layer.name for layer in lean_predict.lean_layers(model)] == [layer.name for layer in model.layers[1:]]
    expected = _plain_predict(model, x, monkeypatch, batch_size=16)
    calls = _count_lean_calls(monkeypatch)
    result = model.predict(x, batch_size=16, verbose=0)
    np.testing.assert_array_equal(result, expected)
    assert len(calls) == 2 * 2


def test_subclassed_layer_and_model_keep_their_own_call_in_predict():
    class Doubling(layers.Dense):
        def call(self, inputs, training=False):
            return super().call(inputs) * 2

    class OwnCall(keras.Sequential):
        def call(self, inputs, training=False):
            return super().call(inputs) + 1

    keras.utils.set_random_seed(0)
    x = _x(40, 4)
    doubling = keras.Sequential([keras.Input(shape=(4,)), Doubling(3)])
    np.testing.assert_allclose(doubling.predict(x, batch_size=8, verbose=0),
                               2 * (x @ doubling.layers[0].kernel.data + doubling.layers[0].bias.data), rtol=1e-6)
    own = OwnCall([keras.Input(shape=(4,)), layers.Dense(3)])
    dense = own.layers[0]
    np.testing.assert_allclose(own.predict(x, batch_size=8, verbose=0),
                               x @ dense.kernel.data + dense.bias.data + 1, rtol=1e-6)


def test_lean_predict_leaves_the_input_untouched():
    model = keras.Sequential([keras.Input(shape=(12,)), layers.Dropout(0.3), layers.Dense(5, activation="relu")])
    x = _x(64)
    before = x.copy()
    model.predict(x, batch_size=8, verbose=0)
    np.testing.assert_array_equal(x, before)


@pytest.fixture
def two_blas_threads():
    from threadpoolctl import threadpool_limits
    from glassnet.models import inference
    with threadpool_limits(2, user_api="blas"):
        if inference.blas_threads() < 2:
            pytest.skip("BLAS cannot use two threads here")
        yield


def test_with_two_blas_threads_the_lean_batches_stay_on_blas_threads(two_blas_threads, monkeypatch):
    import threading
    model, x = _mlp(), _x(200)
    with monkeypatch.context() as patch:
        patch.setattr(lean_predict, "lean_layers", lambda model: None)
        plain = model.predict(x, batch_size=8, verbose=0)       # the plain loop, on BLAS's threads
    threads = []
    original = layers.Dense._predict_array

    def noting(self, x, out=None):
        threads.append(threading.current_thread().name)
        return original(self, x, out)
    monkeypatch.setattr(layers.Dense, "_predict_array", noting)
    order = []

    class Order(keras.callbacks.Callback):
        def on_predict_batch_end(self, batch, logs=None):
            order.append((batch, threading.current_thread().name))
    result = model.predict(x, batch_size=8, verbose=0, callbacks=[Order()])
    np.testing.assert_allclose(result, plain, rtol=1e-6, atol=1e-7)
    # the pool made dense stacks slower on 2 cores (models/inference.py): the batches stay here
    assert threads and all(name == threading.current_thread().name for name in threads)
    assert order == [(b, threading.current_thread().name) for b in range(25)]
