"""Fashion-MNIST: 70,000 28×28 grey images of clothes in 10 classes (Zalando Research, MIT licence).

A drop-in replacement for MNIST that is harder to get right (a good MLP reaches about
89 %, not 98 %). Same file format, same loader.

    (x_train, y_train), (x_test, y_test) = fashion_mnist.load_data()
"""
from __future__ import annotations

from glassnet.datasets._idx import RemoteFile, load_split

CLASS_NAMES = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
               "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]

FILES = {
    "x_train": RemoteFile("train-images-idx3-ubyte.gz", 26421880,
                          "3aede38d61863908ad78613f6a32ed271626dd12800ba2636569512369268a84"),
    "y_train": RemoteFile("train-labels-idx1-ubyte.gz", 29515,
                          "a04f17134ac03560a47e3764e11b92fc97de4d1bfaf8ba1a3aa29af54cc90845"),
    "x_test": RemoteFile("t10k-images-idx3-ubyte.gz", 4422102,
                         "346e55b948d973a97e58d2351dde16a484bd415d4595297633bb08f03db6a073"),
    "y_test": RemoteFile("t10k-labels-idx1-ubyte.gz", 5148,
                         "67da17c76eaffca5446c3361aaab5c3cd6d1c2608764d35dfb1850b086bf8dd5"),
}

MIRRORS = [
    "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com",
    "https://storage.googleapis.com/tensorflow/tf-keras-datasets",
]


def load_data(path: str | None = None):
    """The Fashion-MNIST training and test sets, as Keras returns them.

    Parameters
    ----------
    path : str, optional
        A directory holding the four ``*-ubyte.gz`` files.

    Returns
    -------
    (x_train, y_train), (x_test, y_test)
        uint8 arrays of shapes (60000, 28, 28), (60000,), (10000, 28, 28), (10000,);
        ``CLASS_NAMES[y]`` names a label.
    """
    return load_split("fashion-mnist", FILES, MIRRORS, path)
