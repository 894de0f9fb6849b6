"""fit / evaluate / predict on data that is not one array: generators, PyDataset, DataLoader-like
iterables, steps_per_epoch across epochs, and Keras's warning when the data runs out (items 5, 10)."""
import math
import warnings

import numpy as np
import pytest

import glassnet as keras
from glassnet import layers


def _data(n=96, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, 4)).astype(np.float32)
    return x, (x @ np.array([[1.0], [-1.0], [0.5], [2.0]], np.float32)).astype(np.float32)


def _model():
    model = keras.Sequential([keras.Input(shape=(4,)), layers.Dense(8, activation="tanh"), layers.Dense(1)])
    model.compile(keras.optimizers.SGD(0.05), "mse")
    return model


def _endless(x, y, batch_size):
    while True:
        for start in range(0, len(x), batch_size):
            yield x[start:start + batch_size], y[start:start + batch_size]


class Batches(keras.utils.PyDataset):
    def __init__(self, x, y, batch_size, **kwargs):
        super().__init__(**kwargs)
        self.x, self.y, self.batch_size = x, y, batch_size
        self.epochs_ended = 0

    def __len__(self):
        return math.ceil(len(self.x) / self.batch_size)

    def __getitem__(self, index):
        rows = slice(index * self.batch_size, (index + 1) * self.batch_size)
        return self.x[rows], self.y[rows]

    def on_epoch_end(self):
        self.epochs_ended += 1


def test_generator_with_steps_per_epoch_trains_and_validates():
    x, y = _data()
    model = _model()
    history = model.fit(_endless(x, y, 16), steps_per_epoch=6, epochs=4, verbose=0,
                        validation_data=_endless(x, y, 32), validation_steps=3)
    assert set(history.history) == {"loss", "val_loss"}
    assert history.history["loss"][-1] < 0.7 * history.history["loss"][0]
    assert model.evaluate(_endless(x, y, 32), steps=3, verbose=0) == pytest.approx(
        model.evaluate(x, y, verbose=0), rel=1e-5)
    np.testing.assert_allclose(model.predict(_endless(x, y, 32), steps=3, verbose=0), model.predict(x, verbose=0),
                               rtol=1e-6)


def test_py_dataset_gives_every_batch_each_epoch():
    x, y = _data()
    model = _model()
    dataset = Batches(x, y, 16, workers=2)
    seen = []
    counter = keras.callbacks.LambdaCallback(on_train_batch_end=lambda batch, logs: seen.append(batch))
    history = model.fit(dataset, epochs=3, verbose=0, callbacks=[counter], validation_data=Batches(x, y, 48))
    assert seen == list(range(6)) * 3 and dataset.epochs_ended == 3
    assert history.history["loss"][-1] < 0.7 * history.history["loss"][0]
    assert model.evaluate(dataset, verbose=0) == pytest.approx(model.evaluate(x, y, verbose=0), rel=1e-5)
    assert model.predict(dataset, verbose=0).shape == (96, 1)


class Loader:
    """Re-iterable, without a length: duck-typed like a DataLoader over an IterableDataset."""

    def __init__(self, *arrays, batch_size=32):
        self.arrays, self.batch_size = arrays, batch_size

    def __iter__(self):
        for start in range(0, len(self.arrays[0]), self.batch_size):
            yield tuple(a[start:start + self.batch_size] for a in self.arrays)


def test_an_iterable_of_batches_with_sample_weights_in_the_batches():
    x, y = _data()
    weights = np.where(np.arange(96) < 48, 1.0, 0.0).astype(np.float32)
    batches = Loader(x, y, weights)
    model = _model()
    model.fit(batches, epochs=1, verbose=0)
    weighted = model.evaluate(batches, verbose=0)
    first_half = float(np.mean((model.predict(x[:48], verbose=0) - y[:48]) ** 2))
    # per batch: Σ w·l / n (Keras's sum_over_batch_size), batches weighted by their size
    expected = (float(np.sum((model.predict(x[:32], verbose=0) - y[:32]) ** 2)) / 32 * 32
                + float(np.sum((model.predict(x[32:48], verbose=0) - y[32:48]) ** 2)) / 32 * 32) / 96
    assert weighted == pytest.approx(expected, rel=1e-4) and weighted < first_half


def test_pytorch_dataloader_is_an_iterable_of_batches():
    torch = pytest.importorskip("torch")
    x, y = _data()
    loader = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(torch.from_numpy(x), torch.from_numpy(y)),
                                         batch_size=16, shuffle=True)
    model = _model()
    history = model.fit(loader, epochs=4, verbose=0, validation_data=loader)
    assert history.history["loss"][-1] < 0.7 * history.history["loss"][0]
    assert model.evaluate(loader, verbose=0) == pytest.approx(model.evaluate(x, y, verbose=0), rel=1e-4)


def test_steps_per_epoch_continues_through_arrays_and_warns_when_past_the_data():
    x, y = _data(n=64)
    model = _model()
    seen = []
    record = keras.callbacks.LambdaCallback(on_train_batch_end=lambda b, logs: seen.append(b))
    # 4 batches a pass; each epoch takes 3 from where the last stopped (Keras 3's EpochIterator):
    # the 2nd epoch gets the 4th batch, then the data runs out (warning), and the 3rd starts a new pass
    with pytest.warns(UserWarning, match="ran out of data"):
        model.fit(x, y, batch_size=16, steps_per_epoch=3, epochs=3, verbose=0, callbacks=[record])
    assert seen == [0, 1, 2, 0, 0, 1, 2]
    with pytest.warns(UserWarning, match="ran out of data"):
        model.fit(x, y, batch_size=16, steps_per_epoch=10, epochs=1, verbose=0)


def test_a_finite_generator_that_runs_out_stops_training_with_the_warning():
    x, y = _data(n=64)
    model = _model()
    finite = ((x[i:i + 16], y[i:i + 16]) for i in range(0, 64, 16))
    with pytest.warns(UserWarning, match="ran out of data"):
        history = model.fit(finite, steps_per_epoch=3, epochs=5, verbose=0)
    assert history.epoch == [0, 1]  # 3 batches, then the 4th and last, then nothing


def test_y_beside_a_generator_is_refused():
    x, y = _data()
    with pytest.raises(ValueError, match="do not pass y"):
        _model().fit(_endless(x, y, 16), y, steps_per_epoch=2, verbose=0)


def test_arrays_path_is_unchanged_without_warnings():
    x, y = _data()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        _model().fit(x, y, epochs=1, verbose=0)


def test_class_weight_applies_to_the_batches_of_a_dataset():
    rng = np.random.default_rng(3)
    x = rng.normal(size=(64, 4)).astype(np.float32)
    y = (x[:, 0] > 0).astype(int)
    def make():
        model = keras.Sequential([keras.Input(shape=(4,)), layers.Dense(2, activation="softmax")])
        model.compile(keras.optimizers.SGD(0.1), "sparse_categorical_crossentropy")
        return model
    on_arrays, on_batches, unweighted = make(), make(), make()
    start = on_arrays.get_weights()
    on_batches.set_weights(start)
    unweighted.set_weights(start)
    weights = {0: 0.2, 1: 3.0}
    a = on_arrays.fit(x, y, batch_size=16, shuffle=False, epochs=2, verbose=0, class_weight=weights)
    b = on_batches.fit(Batches(x, y, 16), epochs=2, verbose=0, class_weight=weights)
    assert b.history["loss"] == pytest.approx(a.history["loss"], rel=1e-5)
    for got, want in zip(on_batches.get_weights(), on_arrays.get_weights()):
        np.testing.assert_allclose(got, want, rtol=1e-5)
    plain = unweighted.fit(Batches(x, y, 16), epochs=2, verbose=0)  # the weights did change the training
    assert plain.history["loss"][0] != pytest.approx(b.history["loss"][0], rel=1e-3)


def test_a_sparse_matrix_is_densified_as_keras_does():
    sparse = pytest.importorskip("scipy.sparse")
    x, y = _data(n=32)
    model = _model()
    model.fit(sparse.csr_matrix(x), y, epochs=1, verbose=0)
    np.testing.assert_allclose(model.predict(sparse.csr_matrix(x), verbose=0), model.predict(x, verbose=0))


def _float32_twin(model):
    twin = _model()
    twin.set_weights(model.get_weights())
    return twin


def test_generator_batches_of_float64_arrays_or_lists_train_in_float32():
    x, y = _data(n=32)
    model, twin = _model(), None
    twin = _float32_twin(model)
    as_float64 = [(x[i:i + 16].astype(np.float64), y[i:i + 16].astype(np.float64)) for i in (0, 16)]
    as_lists = [(x[i:i + 16].tolist(), y[i:i + 16].tolist()) for i in (0, 16)]
    model.fit(iter(as_float64), epochs=1, verbose=0)
    twin.fit(x, y, batch_size=16, shuffle=False, epochs=1, verbose=0)
    for got, want in zip(model.get_weights(), twin.get_weights()):
        assert got.dtype == np.float32
        np.testing.assert_allclose(got, want, rtol=1e-6)
    on_lists = _float32_twin(twin)
    model.fit(iter(as_float64), epochs=1, verbose=0)
    on_lists.fit(iter(as_lists), epochs=1, verbose=0)
    for got, want in zip(on_lists.get_weights(), model.get_weights()):
        assert got.dtype == np.float32
        np.testing.assert_allclose(got, want, rtol=1e-6)
    prediction = model.predict(iter([x[:16].astype(np.float64)]), verbose=0)
    assert prediction.dtype == np.float32
    np.testing.assert_allclose(prediction, model.predict(x[:16], verbose=0), rtol=1e-6)


def test_class_weight_needs_targets_in_the_batches():
    x, y = _data(n=32)
    with pytest.raises(ValueError, match=r"class_weight needs batches \(x, y\)"):
        _model().fit(iter([x[:16], x[16:]]), epochs=1, verbose=0, class_weight={0: 1.0})


def test_a_py_dataset_with_class_weight_still_hears_every_epoch_end():
    rng = np.random.default_rng(1)
    x = rng.normal(size=(32, 4)).astype(np.float32)
    y = (x[:, :1] > 0).astype(np.float32)
    dataset = Batches(x, y, 16)
    _model().fit(dataset, epochs=3, verbose=0, class_weight={0: 1.0, 1: 2.0})
    assert dataset.epochs_ended == 3


class SequenceLike:
    """keras.utils.Sequence's protocol (a length and batch i), without subclassing PyDataset."""

    def __init__(self, x, y, batch_size):
        self.x, self.y, self.batch_size = x, y, batch_size

    def __len__(self):
        return math.ceil(len(self.x) / self.batch_size)

    def __getitem__(self, index):
        if index >= len(self):
            raise IndexError(index)
        rows = slice(index * self.batch_size, (index + 1) * self.batch_size)
        return self.x[rows], self.y[rows]


def test_a_sequence_like_object_gives_every_batch_each_epoch():
    x, y = _data()
    model = _model()
    seen = []
    counter = keras.callbacks.LambdaCallback(on_train_batch_end=lambda batch, logs: seen.append(batch))
    history = model.fit(SequenceLike(x, y, 32), epochs=3, verbose=0, callbacks=[counter])
    assert seen == [0, 1, 2] * 3
    assert history.history["loss"][-1] < 0.8 * history.history["loss"][0]
    assert model.evaluate(SequenceLike(x, y, 32), verbose=0) == pytest.approx(model.evaluate(x, y, verbose=0),
                                                                               rel=1e-5)


def test_an_iterable_without_a_length_is_a_full_pass_every_epoch_without_warning():
    x, y = _data()
    model = _model()
    seen = []
    counter = keras.callbacks.LambdaCallback(on_train_batch_end=lambda batch, logs: seen.append(batch))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        history = model.fit(Loader(x, y, batch_size=32), epochs=3, verbose=0, callbacks=[counter])
    assert history.epoch == [0, 1, 2] and seen == [0, 1, 2] * 3
    assert history.history["loss"][-1] < history.history["loss"][0]


def test_an_empty_iterable_of_batches_warns_that_the_input_ran_out():
    model = _model()
    before = [w.copy() for w in model.get_weights()]
    with pytest.warns(UserWarning, match="ran out of data"):
        model.fit(Loader(np.zeros((0, 4), np.float32), np.zeros((0, 1), np.float32)), epochs=2, verbose=0)
    for got, want in zip(model.get_weights(), before):
        np.testing.assert_array_equal(got, want)


def test_running_out_of_data_warns_at_the_callers_line_in_the_epoch_it_happens():
    x, y = _data(n=64)
    model = _model()
    begun, warned_by_epoch_end = [], []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        watch = keras.callbacks.LambdaCallback(
            on_epoch_begin=lambda epoch, logs: begun.append(epoch),
            on_epoch_end=lambda epoch, logs: warned_by_epoch_end.append(len(caught)))
        finite = ((x[i:i + 16], y[i:i + 16]) for i in range(0, 64, 16))
        model.fit(finite, steps_per_epoch=3, epochs=5, verbose=0, callbacks=[watch])
        # arrays: the warning of a known length passed by steps_per_epoch
        model.fit(x, y, batch_size=16, steps_per_epoch=10, epochs=1, verbose=0)
    ran_out = [w for w in caught if "ran out of data" in str(w.message)]
    assert begun == [0, 1] and warned_by_epoch_end[:2] == [0, 1]   # the 2nd epoch ran out, no 3rd began
    assert len(ran_out) == 2 and all(w.filename == __file__ for w in ran_out)
