"""The settings of the MLP estimators, checked at the start of ``fit`` with scikit-learn's rules.

Each message names the parameter, what it accepts and the value given.
"""
from __future__ import annotations

import numbers

import numpy as np

from glassnet.neural_network._mlp_maths import HIDDEN_ACTIVATIONS

SOLVERS = ("lbfgs", "sgd", "adam")
STOCHASTIC_SOLVERS = ("sgd", "adam")
SCHEDULES = ("constant", "invscaling", "adaptive")


def _fail(name: str, expected: str, value) -> None:
    raise ValueError(f"The '{name}' parameter of {{estimator}} must be {expected}. Got {value!r} instead.")


def _is_real(value) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def _is_int(value) -> bool:
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


def _number(est, name, low, high=None, *, low_open=False, high_open=False, integer=False):
    value = getattr(est, name)
    ok = (_is_int(value) if integer else _is_real(value)) and not (_is_real(value) and np.isnan(value))
    if ok:
        ok = (value > low if low_open else value >= low) and (
            high is None or (value < high if high_open else value <= high))
    if not ok:
        kind = "an int" if integer else "a float"
        left, right = "(" if low_open else "[", ")" if high_open or high is None else "]"
        _fail(name, f"{kind} in the range {left}{low}, {'inf' if high is None else high}{right}", value)


def _choice(est, name, choices):
    value = getattr(est, name)
    if not isinstance(value, str) or value not in choices:
        _fail(name, f"a str among {set(choices)!r}", value)


def _boolean(est, name):
    value = getattr(est, name)
    if not isinstance(value, (bool, np.bool_)):
        _fail(name, "an instance of 'bool'", value)


def hidden_layer_sizes_of(value) -> list[int]:
    """``hidden_layer_sizes`` as a list of positive ints: (100,), [50, 20], or one int."""
    sizes = list(value) if hasattr(value, "__iter__") and not isinstance(value, str) else [value]
    if not all(_is_int(s) for s in sizes):
        raise ValueError("The 'hidden_layer_sizes' parameter must be an int or a sequence of ints "
                         f"(the units of each hidden layer). Got {value!r} instead.")
    if any(s <= 0 for s in sizes):
        raise ValueError(f"hidden_layer_sizes must be > 0, got {sizes}.")
    return [int(s) for s in sizes]


def check_mlp_params(est) -> None:
    """Raise ValueError naming the first setting outside scikit-learn's documented range."""
    try:
        hidden_layer_sizes_of(est.hidden_layer_sizes)
        _choice(est, "activation", HIDDEN_ACTIVATIONS)
        _choice(est, "solver", SOLVERS)
        _number(est, "alpha", 0)
        if not (isinstance(est.batch_size, str) and est.batch_size == "auto"):
            if not _is_int(est.batch_size) or est.batch_size < 1:
                _fail("batch_size", "'auto' or an int in the range [1, inf)", est.batch_size)
        _choice(est, "learning_rate", SCHEDULES)
        _number(est, "learning_rate_init", 0, low_open=True)
        _number(est, "power_t", 0)
        _number(est, "max_iter", 1, integer=True)
        _boolean(est, "shuffle")
        _number(est, "tol", 0)
        if not isinstance(est.verbose, (bool, numbers.Integral, np.bool_)) or est.verbose < 0:
            _fail("verbose", "a bool or an int >= 0", est.verbose)
        _boolean(est, "warm_start")
        _number(est, "momentum", 0, 1)
        _boolean(est, "nesterovs_momentum")
        _boolean(est, "early_stopping")
        _number(est, "validation_fraction", 0, 1, high_open=True)
        _number(est, "beta_1", 0, 1, high_open=True)
        _number(est, "beta_2", 0, 1, high_open=True)
        _number(est, "epsilon", 0, low_open=True)
        if not (_is_real(est.n_iter_no_change) and est.n_iter_no_change == np.inf):
            _number(est, "n_iter_no_change", 1, integer=True)
        _number(est, "max_fun", 1, integer=True)
        if "loss" in est._get_param_names():
            _choice(est, "loss", ("squared_error", "poisson"))
    except ValueError as error:
        raise ValueError(str(error).replace("{estimator}", type(est).__name__)) from None
    if est.solver == "lbfgs":
        try:
            import scipy.optimize  # noqa: F401
        except ImportError as error:
            raise ImportError(f"{type(est).__name__}(solver='lbfgs') runs SciPy's L-BFGS-B "
                              "(scipy.optimize.minimize), and SciPy is not installed: install it "
                              "(pip install scipy) or choose solver='adam' or solver='sgd'.") from error


__all__ = ["SOLVERS", "STOCHASTIC_SOLVERS", "check_mlp_params", "hidden_layer_sizes_of"]
