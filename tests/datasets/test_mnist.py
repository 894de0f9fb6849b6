"""Tests for glassnet/datasets/mnist.py and fashion_mnist.py (the real files: skipped when absent)."""
import os
from pathlib import Path

import numpy as np
import pytest

from glassnet.datasets import fashion_mnist, mnist

MNIST_TRAIN_COUNTS = [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]


def _data_root():
    root = os.environ.get("GLASSNET_DATA")
    if not root or not (Path(root) / "mnist").is_dir():
        pytest.skip("the MNIST files are not available (set GLASSNET_DATA)")
    return root


def test_mnist_load_data_like_keras():
    _data_root()
    (x_train, y_train), (x_test, y_test) = mnist.load_data()
    assert x_train.shape == (60000, 28, 28) and x_test.shape == (10000, 28, 28)
    assert y_train.shape == (60000,) and y_test.shape == (10000,)
    assert {a.dtype for a in (x_train, y_train, x_test, y_test)} == {np.dtype(np.uint8)}
    assert np.bincount(y_train).tolist() == MNIST_TRAIN_COUNTS
    assert x_train.max() == 255 and x_train.min() == 0
    assert y_train[:5].tolist() == [5, 0, 4, 1, 9]  # the well-known first labels


def test_fashion_mnist_load_data():
    root = _data_root()
    if not (Path(root) / "fashion-mnist").is_dir():
        pytest.skip("the Fashion-MNIST files are not available")
    (x_train, y_train), (x_test, y_test) = fashion_mnist.load_data()
    assert x_train.shape == (60000, 28, 28) and x_test.shape == (10000, 28, 28)
    assert np.bincount(y_train).tolist() == [6000] * 10
    assert len(fashion_mnist.CLASS_NAMES) == 10


def test_load_data_path_argument(monkeypatch):
    root = _data_root()
    monkeypatch.delenv("GLASSNET_DATA")
    monkeypatch.setenv("GLASSNET_OFFLINE", "1")
    (_, y_train), _ = mnist.load_data(path=str(Path(root) / "mnist"))
    assert len(y_train) == 60000


def test_shipped_sample_is_stratified_uint8_and_small():
    (x_train, y_train), (x_test, y_test) = mnist.load_sample()
    assert x_train.shape == (5000, 28, 28) and x_test.shape == (1000, 28, 28)
    assert {a.dtype for a in (x_train, y_train, x_test, y_test)} == {np.dtype(np.uint8)}
    assert np.bincount(y_train).tolist() == [500] * 10
    assert np.bincount(y_test).tolist() == [100] * 10
    assert len(set(y_train[:50].tolist())) > 5  # shuffled, not sorted by class
    assert mnist.SAMPLE_PATH.stat().st_size < 2_000_000


def test_sample_matches_the_original_images():
    _data_root()
    (x_train, y_train), (x_test, y_test) = mnist.load_data()
    with np.load(mnist.SAMPLE_PATH, allow_pickle=False) as f:
        np.testing.assert_array_equal(f["x_train"], x_train[f["train_indices"]])
        np.testing.assert_array_equal(f["y_train"], y_train[f["train_indices"]])
        np.testing.assert_array_equal(f["x_test"], x_test[f["test_indices"]])
        assert len(np.unique(f["train_indices"])) == 5000
