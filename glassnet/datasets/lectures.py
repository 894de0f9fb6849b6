"""Toy data sets of the classic-ML lectures, with scikit-learn's ``random_state`` convention.

    make_logic_gate("AND")          the truth table of a gate: AND, OR, NAND, NOR, XOR, XNOR, NOT
    make_signed_xnor()              XNOR with inputs and labels in {−1, +1}: y = x₁ · x₂
    make_noisy_polynomial()         y = Σₖ cₖ xᵏ + noise, for bias, variance and over-fitting
    make_linear_1d()                y = a·x + b + noise, one feature
    make_salary()                   salary against years of experience, the first regression of many courses

Every function returns ``(X, y)`` with X of shape (n_samples, n_features) in float64 (the estimators'
dtype). ``random_state`` is None, an int or a ``numpy.random.RandomState``; ``noise`` is the standard
deviation of Gaussian noise (added to the inputs for the gates, to the target for the regressions).
"""
from __future__ import annotations

import numpy as np

from glassnet.utils.validation import check_random_state

_GATES = {
    "AND": lambda a, b: a & b,
    "OR": lambda a, b: a | b,
    "NAND": lambda a, b: 1 - (a & b),
    "NOR": lambda a, b: 1 - (a | b),
    "XOR": lambda a, b: a ^ b,
    "XNOR": lambda a, b: 1 - (a ^ b),
}


def _check_common(n_samples, noise, name: str) -> None:
    if n_samples is not None and (not isinstance(n_samples, (int, np.integer)) or n_samples < 1):
        raise ValueError(f"{name}: n_samples must be a positive integer, got {n_samples!r}.")
    if not (isinstance(noise, (int, float, np.floating)) and noise >= 0):
        raise ValueError(f"{name}: noise must be a number >= 0, got {noise!r}.")


def make_logic_gate(gate: str = "AND", n_samples: int | None = None, *, noise: float = 0.0,
                    labels=(0, 1), shuffle: bool = False, random_state=None):
    """The truth table of a logic gate as a classification data set.

    Two-input gates (AND, OR, NAND, NOR, XOR, XNOR) use the corners (0,0), (0,1), (1,0), (1,1);
    NOT uses the inputs 0 and 1. AND, OR, NAND, NOR and NOT are linearly separable (a perceptron
    learns them); XOR and XNOR are not.

    Parameters
    ----------
    gate : str
        'AND', 'OR', 'NAND', 'NOR', 'XOR', 'XNOR' or 'NOT' (any case).
    n_samples : int or None, default=None
        None: the truth table itself, once. An int: the rows repeated in turn up to n_samples
        (use with ``noise`` to make clouds around the corners).
    noise : float, default=0.0
        Standard deviation of Gaussian noise added to the inputs.
    labels : pair, default=(0, 1)
        The labels for false and true, e.g. (-1, 1) for a perceptron written with y ∈ {−1, +1}.
    shuffle : bool, default=False
    random_state : None, int or RandomState

    Returns
    -------
    X : ndarray of shape (n_samples, 2), or (n_samples, 1) for NOT
    y : ndarray of shape (n_samples,)
    """
    name = str(gate).upper()
    if name != "NOT" and name not in _GATES:
        raise ValueError(f"make_logic_gate: unknown gate {gate!r}; choose one of "
                         f"{sorted(list(_GATES) + ['NOT'])}.")
    _check_common(n_samples, noise, "make_logic_gate")
    if len(labels) != 2:
        raise ValueError(f"make_logic_gate: labels must be a pair (false, true), got {labels!r}.")
    if name == "NOT":
        table = np.array([[0], [1]])
        truth = 1 - table[:, 0]
    else:
        table = np.array([[0, 0], [0, 1], [1, 0], [1, 1]])
        truth = _GATES[name](table[:, 0], table[:, 1])
    n = len(table) if n_samples is None else int(n_samples)
    rows = np.arange(n) % len(table)
    X = table[rows].astype(np.float64)
    y = np.asarray(labels)[truth[rows]]
    rng = check_random_state(random_state)
    if noise > 0:
        X = X + rng.normal(0.0, noise, size=X.shape)
    if shuffle:
        order = rng.permutation(n)
        X, y = X[order], y[order]
    return X, y


def make_signed_xnor(n_samples: int | None = None, *, noise: float = 0.0, shuffle: bool = False,
                     random_state=None):
    """XNOR with inputs and labels in {−1, +1}: y = +1 when x₁ and x₂ agree, −1 otherwise, i.e. y = x₁ · x₂.

    The four points (−1,−1) → +1, (−1,+1) → −1, (+1,−1) → −1, (+1,+1) → +1 cannot be split by a line;
    one hidden layer of two units (or the single feature x₁·x₂) is enough.

    Returns
    -------
    X : ndarray of shape (n_samples, 2), y : ndarray of shape (n_samples,) with values in {−1, 1}
    """
    X, y = make_logic_gate("XNOR", n_samples, noise=0.0, labels=(-1, 1), shuffle=False)
    X = 2.0 * X - 1.0
    rng = check_random_state(random_state)
    if noise > 0:
        X = X + rng.normal(0.0, noise, size=X.shape)
    if shuffle:
        order = rng.permutation(len(y))
        X, y = X[order], y[order]
    return X, y


def make_noisy_polynomial(n_samples: int = 30, *, coef=(0.5, 1.0, -2.0, 0.8), noise: float = 0.3,
                          x_range=(-2.0, 2.0), sort: bool = True, random_state=None):
    """y = c₀ + c₁x + c₂x² + … + noise, x uniform in ``x_range``: the data of the bias–variance lecture.

    Fit it with ``PolynomialFeatures(degree) + LinearRegression``: a degree below the true one
    under-fits (high bias), a much higher one over-fits the noise (high variance).

    Parameters
    ----------
    n_samples : int, default=30
    coef : sequence of float, default=(0.5, 1.0, -2.0, 0.8)
        The true polynomial's coefficients, constant term first (the default is a cubic).
    noise : float, default=0.3
        Standard deviation of the Gaussian noise on y.
    x_range : pair, default=(-2, 2)
    sort : bool, default=True
        Sort the samples by x (handy for plotting a curve through them).
    random_state : None, int or RandomState

    Returns
    -------
    X : ndarray of shape (n_samples, 1), y : ndarray of shape (n_samples,)
    """
    _check_common(n_samples, noise, "make_noisy_polynomial")
    low, high = x_range
    if not low < high:
        raise ValueError(f"make_noisy_polynomial: x_range must be (low, high) with low < high, got {x_range!r}.")
    coef = np.asarray(coef, dtype=np.float64)
    if coef.ndim != 1 or coef.size == 0:
        raise ValueError(f"make_noisy_polynomial: coef must be a non-empty sequence of numbers, got {coef!r}.")
    rng = check_random_state(random_state)
    x = rng.uniform(low, high, size=n_samples)
    if sort:
        x.sort()
    y = np.polynomial.polynomial.polyval(x, coef) + rng.normal(0.0, noise, size=n_samples)
    return x[:, None], y


def make_linear_1d(n_samples: int = 50, *, slope: float = 2.0, intercept: float = 1.0, noise: float = 1.0,
                   x_range=(0.0, 10.0), random_state=None):
    """y = slope · x + intercept + noise with one feature x uniform in ``x_range``.

    Returns
    -------
    X : ndarray of shape (n_samples, 1), y : ndarray of shape (n_samples,)
    """
    _check_common(n_samples, noise, "make_linear_1d")
    low, high = x_range
    if not low < high:
        raise ValueError(f"make_linear_1d: x_range must be (low, high) with low < high, got {x_range!r}.")
    rng = check_random_state(random_state)
    x = rng.uniform(low, high, size=n_samples)
    return x[:, None], slope * x + intercept + rng.normal(0.0, noise, size=n_samples)


def make_salary(n_samples: int = 30, *, base_salary: float = 25_000.0, raise_per_year: float = 9_500.0,
                noise: float = 5_000.0, random_state=None):
    """Salary against years of experience: salary = base + raise · years + noise, years in [1, 11).

    The first regression of many courses: one feature, a visible straight-line trend, and noise.
    Years are rounded to one decimal, salaries to whole units.

    Returns
    -------
    X : ndarray of shape (n_samples, 1) (years), y : ndarray of shape (n_samples,) (salary)
    """
    _check_common(n_samples, noise, "make_salary")
    rng = check_random_state(random_state)
    years = np.round(rng.uniform(1.0, 11.0, size=n_samples), 1)
    salary = np.round(base_salary + raise_per_year * years + rng.normal(0.0, noise, size=n_samples))
    return years[:, None], salary


__all__ = ["make_logic_gate", "make_signed_xnor", "make_noisy_polynomial", "make_linear_1d", "make_salary"]
