"""MNIST: 70,000 handwritten digits, 28×28 grey levels 0-255, labels 0-9 (LeCun, Cortes, Burges).

    (x_train, y_train), (x_test, y_test) = mnist.load_data()     # 60,000 + 10,000, as Keras
    (x_train, y_train), (x_test, y_test) = mnist.load_sample()   # 5,000 + 1,000, shipped

``load_data`` reads the original IDX files (see ``glassnet.datasets._idx`` for where it
looks, and how it downloads and checks them). ``load_sample`` needs no file at all: a
class-balanced subset ships inside the package, so the first training works offline.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np

from glassnet.datasets._idx import DatasetError, RemoteFile, load_split

FILES = {
    "x_train": RemoteFile("train-images-idx3-ubyte.gz", 9912422,
                          "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609"),
    "y_train": RemoteFile("train-labels-idx1-ubyte.gz", 28881,
                          "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c"),
    "x_test": RemoteFile("t10k-images-idx3-ubyte.gz", 1648877,
                         "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6"),
    "y_test": RemoteFile("t10k-labels-idx1-ubyte.gz", 4542,
                         "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6"),
}

# Public copies of the original files, tried in order.
MIRRORS = [
    "https://ossci-datasets.s3.amazonaws.com/mnist",
    "https://storage.googleapis.com/cvdf-datasets/mnist",
    "http://yann.lecun.com/exdb/mnist",
]

SAMPLE_PATH = Path(__file__).resolve().parent / "data" / "mnist_sample.npz"


def load_data(path: str | None = None):
    """The MNIST training and test sets, as Keras returns them.

    Parameters
    ----------
    path : str, optional
        A directory holding the four ``*-ubyte.gz`` files (looked at before
        ``$GLASSNET_DATA``, the cache and the mirrors).

    Returns
    -------
    (x_train, y_train), (x_test, y_test)
        uint8 arrays of shapes (60000, 28, 28), (60000,), (10000, 28, 28), (10000,).
    """
    return load_split("mnist", FILES, MIRRORS, path)


def load_sample():
    """A class-balanced MNIST subset shipped with glassnet: 500 training and 100 test
    images of each digit (5,000 + 1,000), drawn with a fixed seed by
    ``benchmarks/make_mnist_sample.py``.

    Returns
    -------
    (x_train, y_train), (x_test, y_test)
        uint8 arrays of shapes (5000, 28, 28), (5000,), (1000, 28, 28), (1000,).
    """
    if not SAMPLE_PATH.is_file():
        raise DatasetError(f"The MNIST sample {SAMPLE_PATH} is missing from this installation; "
                           "reinstall glassnet or rebuild it with benchmarks/make_mnist_sample.py")
    with np.load(SAMPLE_PATH, allow_pickle=False) as f:
        return (f["x_train"], f["y_train"]), (f["x_test"], f["y_test"])
