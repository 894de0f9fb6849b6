"""glassnet.utils.timeseries_dataset_from_array: the windows of Keras's documented examples, the
targets, start/end indices, shuffling, and training a model on it."""
import numpy as np
import pytest

import glassnet as keras
from glassnet.utils import timeseries_dataset_from_array


def test_windows_of_the_keras_documentation_example():
    data = np.arange(99)                      # "consider indices [0, 1, ... 98]"
    ds = timeseries_dataset_from_array(data, None, sequence_length=10, sequence_stride=3, sampling_rate=2,
                                       batch_size=None)
    windows = list(ds)
    np.testing.assert_array_equal(windows[0], np.arange(0, 20, 2))
    np.testing.assert_array_equal(windows[1], np.arange(3, 23, 2))
    np.testing.assert_array_equal(windows[2], np.arange(6, 26, 2))
    np.testing.assert_array_equal(windows[-1], np.arange(78, 98, 2))
    assert len(windows) == 27


def test_targets_for_predicting_the_next_value():
    series = np.arange(10, dtype=float)
    ds = timeseries_dataset_from_array(series[:-3], series[3:], sequence_length=3, batch_size=2)
    inputs, targets = ds[0]
    np.testing.assert_array_equal(inputs, [[0, 1, 2], [1, 2, 3]])
    np.testing.assert_array_equal(targets, [3, 4])            # the value right after each window
    assert sum(len(batch[0]) for batch in ds) == 5 and len(ds.take(1)) == 1


def test_start_and_end_index_select_a_part_and_targets_follow():
    data = np.arange(50, dtype=float)[:, None]
    ds = timeseries_dataset_from_array(data, data[:, 0] * 10, sequence_length=4, start_index=20, end_index=30,
                                       batch_size=100)
    x, y = ds[0]
    assert x.shape == (7, 4, 1)
    np.testing.assert_array_equal(x[0, :, 0], [20, 21, 22, 23])
    np.testing.assert_array_equal(y, np.arange(20, 27) * 10.0)


def test_shuffle_reorders_the_same_windows_repeatably():
    data = np.arange(30)
    plain = np.concatenate(list(timeseries_dataset_from_array(data, None, 5, batch_size=4)))
    mixed = np.concatenate(list(timeseries_dataset_from_array(data, None, 5, batch_size=4, shuffle=True, seed=3)))
    again = np.concatenate(list(timeseries_dataset_from_array(data, None, 5, batch_size=4, shuffle=True, seed=3)))
    np.testing.assert_array_equal(mixed, again)
    assert not np.array_equal(mixed, plain)
    assert sorted(map(tuple, mixed)) == sorted(map(tuple, plain))


def test_bad_arguments_are_named():
    with pytest.raises(ValueError, match="sequence_length must be a positive integer"):
        timeseries_dataset_from_array(np.arange(10), None, 0)
    with pytest.raises(ValueError, match="start_index"):
        timeseries_dataset_from_array(np.arange(10), None, 2, start_index=8, end_index=5)


def test_a_recurrent_model_learns_from_the_windows():
    t = np.arange(600, dtype="float32")
    series = np.sin(t / 8.0)[:, None]
    ds = timeseries_dataset_from_array(series[:-1], series[1:, 0], sequence_length=16, batch_size=32)
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((16, 1)), keras.layers.SimpleRNN(8), keras.layers.Dense(1)])
    model.compile(keras.optimizers.Adam(0.02), "mse")
    history = model.fit(ds, epochs=4, verbose=0).history["loss"]
    assert history[-1] < 0.3 * history[0]


def test_a_py_dataset_that_keeps_its_arrays_in_data_is_still_read_batch_by_batch():
    class Windows(keras.utils.PyDataset):
        def __init__(self, data, targets):
            super().__init__()
            self.data, self.targets = data, targets          # the attribute name a Tensor also has

        def __len__(self):
            return 2

        def __getitem__(self, index):
            rows = slice(index * 8, (index + 1) * 8)
            return self.data[rows], self.targets[rows]

    x = np.random.default_rng(0).normal(size=(16, 3)).astype("float32")
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)])
    model.compile("sgd", "mse")
    history = model.fit(Windows(x, x.sum(axis=1, keepdims=True)), epochs=2, verbose=0)
    assert len(history.history["loss"]) == 2 and np.isfinite(history.history["loss"]).all()


def test_batches_are_tensors_as_in_keras_so_numpy_works():
    ds = timeseries_dataset_from_array(np.arange(20.0)[:, None], np.arange(20.0), sequence_length=5, batch_size=4)
    for inputs, targets in ds.take(1):
        assert inputs.numpy().shape == (4, 5, 1) and targets.numpy().shape == (4,)
        assert inputs[0][:, 0].numpy().tolist() == [0.0, 1.0, 2.0, 3.0, 4.0]
