"""predict on several threads (models/inference.py): same numbers, same order, and only when safe."""
import threading

import numpy as np
import pytest
from threadpoolctl import threadpool_limits

import glassnet as keras
from glassnet import layers
from glassnet.autodiff import no_grad
from glassnet.models import inference


def _cnn():
    keras.utils.set_random_seed(0)
    return keras.Sequential([keras.Input(shape=(8, 8, 1)), layers.Conv2D(4, 3, activation="relu"),
                             layers.MaxPooling2D(2), layers.Flatten(), layers.Dense(3, activation="softmax")])


@pytest.fixture
def two_blas_threads():
    with threadpool_limits(2, user_api="blas"):
        if inference.blas_threads() < 2:
            pytest.skip("BLAS cannot use two threads here")
        yield


@pytest.fixture
def threads_seen(monkeypatch):
    """The names of the threads the model's convolutions ran on."""
    seen = []
    convolve = layers.Conv2D._convolve

    def recording(self, inputs):
        seen.append(threading.current_thread().name)
        return convolve(self, inputs)
    monkeypatch.setattr(layers.Conv2D, "_convolve", recording)
    return seen


def test_a_cnn_predicts_on_worker_threads_with_the_same_numbers(two_blas_threads, threads_seen):
    model, x = _cnn(), np.random.default_rng(0).random((50, 8, 8, 1), dtype=np.float32)
    with threadpool_limits(1, user_api="blas"):
        one_thread = model.predict(x, batch_size=4, verbose=0)
    assert set(threads_seen) == {threading.current_thread().name}
    threads_seen.clear()
    parallel = model.predict(x, batch_size=4, verbose=0)
    assert any(name.startswith("glassnet-predict") for name in threads_seen)
    assert threads_seen[0] == threads_seen[-1] == threading.current_thread().name   # first and last batch
    np.testing.assert_allclose(parallel, one_thread, rtol=1e-6, atol=1e-7)
    with no_grad():
        last = model(x[48:]).data
    np.testing.assert_allclose(model.layers[-1].a.data, last, rtol=1e-6)   # layer.a: the last batch
    assert inference.blas_threads() == 2                                   # the BLAS limit is given back


def test_callbacks_come_in_batch_order_on_the_calling_thread(two_blas_threads):
    calls = []

    class Recorder(keras.callbacks.Callback):
        def on_predict_batch_begin(self, batch, logs=None):
            calls.append(("begin", batch, threading.current_thread().name))

        def on_predict_batch_end(self, batch, logs=None):
            calls.append(("end", batch, threading.current_thread().name))

    _cnn().predict(np.zeros((30, 8, 8, 1), np.float32), batch_size=3, verbose=0, callbacks=[Recorder()])
    me = threading.current_thread().name
    assert calls == [(kind, step, me) for step in range(10) for kind in ("begin", "end")]


def test_a_model_with_a_layer_of_your_own_runs_batch_after_batch(two_blas_threads):
    seen = []

    class Noting(layers.Layer):
        def call(self, inputs):
            seen.append(threading.current_thread().name)
            return inputs

    model = keras.Sequential([keras.Input(shape=(8, 8, 1)), layers.Conv2D(2, 3), Noting(), layers.Flatten()])
    seen.clear()     # building the model called it too
    model.predict(np.zeros((40, 8, 8, 1), np.float32), batch_size=4, verbose=0)
    assert seen == [threading.current_thread().name] * 10


def test_a_dense_network_leaves_the_threads_to_blas():
    model = keras.Sequential([keras.Input(shape=(4,)), layers.Dense(8, activation="relu"), layers.Dense(2)])
    assert not inference.worth_running_in_parallel(model, model.layers)
    assert inference.worth_running_in_parallel(_cnn(), _cnn().layers)


def test_an_error_in_a_worker_reaches_the_caller_and_frees_everything(two_blas_threads):
    class Silent:
        def on_predict_batch_begin(self, step):
            pass

        def on_predict_batch_end(self, step, logs):
            pass

    def forward(step):
        if step == 3:
            raise ValueError("batch 3 is broken")
        return step

    with pytest.raises(ValueError, match="batch 3 is broken"):
        inference.predict_batches(forward, 10, Silent(), parallel=True)
    assert inference.blas_threads() == 2
    assert inference.predict_batches(lambda step: step * step, 10, Silent(), parallel=True) == [
        step * step for step in range(10)]


class _Silent:
    def on_predict_batch_begin(self, step):
        pass

    def on_predict_batch_end(self, step, logs):
        pass


def test_each_batch_end_hands_the_callbacks_that_batchs_outputs(two_blas_threads):
    handed = {}

    class Keeper(keras.callbacks.Callback):
        def on_predict_batch_end(self, batch, logs=None):
            handed[batch] = np.array(logs["outputs"])

    model, x = _cnn(), np.random.default_rng(1).random((24, 8, 8, 1), dtype=np.float32)
    predictions = model.predict(x, batch_size=3, verbose=0, callbacks=[Keeper()])
    assert sorted(handed) == list(range(8))
    for batch, outputs in handed.items():
        np.testing.assert_array_equal(outputs, predictions[3 * batch:3 * batch + 3])


def test_blas_is_held_to_one_thread_while_the_batches_run_side_by_side(two_blas_threads):
    during = inference.predict_batches(lambda step: inference.blas_threads(), 8, _Silent(), parallel=True)
    assert during == [1] * 8
    assert inference.blas_threads() == 2


def test_a_predict_started_while_another_runs_in_parallel_goes_batch_after_batch(two_blas_threads):
    threads, finished = [], threading.Event()

    def other_predict():
        inference.predict_batches(lambda step: threads.append(threading.current_thread().name), 8, _Silent(),
                                  parallel=True)
        finished.set()

    with inference._parallel_running:          # as if a parallel predict were running in another thread
        caller = threading.Thread(target=other_predict, name="second-predict", daemon=True)
        caller.start()
        finished.wait(timeout=10)
    assert finished.is_set(), "the second predict waited for the first instead of running on its own"
    assert threads == ["second-predict"] * 8
