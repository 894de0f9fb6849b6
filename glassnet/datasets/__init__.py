"""Data sets: real ones (MNIST, Fashion-MNIST) and toy ones (XOR, circles, spirals, ...).

    from glassnet.datasets import mnist
    (x_train, y_train), (x_test, y_test) = mnist.load_data()

    from glassnet.datasets import make_moons
    X, y = make_moons(200, noise=0.1, seed=0)
"""
from glassnet.datasets import fashion_mnist, mnist
from glassnet.datasets._idx import DatasetError
from glassnet.datasets.toy import (make_circles, make_moons, make_spirals, make_two_gaussians,
                                   make_xnor, make_xor)
from glassnet.datasets.generators import (make_blobs, make_classification, make_gaussian_quantiles,
                                          make_low_rank_matrix, make_regression)
from glassnet.datasets.lectures import *  # noqa: F401,F403  make_logic_gate, make_salary, ...

from glassnet.datasets.lectures import __all__ as _lecture_sets

__all__ = ["mnist", "fashion_mnist", "DatasetError", "make_xor", "make_xnor", "make_circles",
           "make_two_gaussians", "make_spirals", "make_moons", "make_blobs", "make_classification",
           "make_gaussian_quantiles", "make_low_rank_matrix", "make_regression", *_lecture_sets]
from glassnet.datasets.sequences import load_sonnets, make_signal_classes, make_sine_series

__all__ += ["make_sine_series", "make_signal_classes", "load_sonnets"]
from glassnet.datasets.classic_tables import (load_breast_cancer, load_diabetes, load_digits, load_iris,
                                              load_wine)

__all__ += ["load_iris", "load_wine", "load_breast_cancer", "load_digits", "load_diabetes"]
