"""The candidates a search tries: every combination of a grid, or random draws."""
from __future__ import annotations

import numbers
import warnings
from collections.abc import Mapping
from functools import reduce
from itertools import product
from operator import mul

import numpy as np

from glassnet.utils.validation import check_random_state


def _as_list_of_dicts(grid, name: str) -> list[dict]:
    if isinstance(grid, Mapping):
        grid = [grid]
    if not isinstance(grid, (list, tuple)) or not all(isinstance(g, Mapping) for g in grid):
        raise TypeError(f"{name} must be a dict or a list of dicts, got {grid!r}.")
    return [dict(g) for g in grid]


class ParameterGrid:
    """All combinations of the values in a dict of lists (or in each dict of a list of dicts).

    ``ParameterGrid({'a': [1, 2], 'b': [True, False]})`` yields 4 dicts, keys in sorted order,
    the last key varying fastest.
    """

    def __init__(self, param_grid):
        self.param_grid = _as_list_of_dicts(param_grid, "param_grid")
        for grid in self.param_grid:
            for key, values in grid.items():
                if isinstance(values, np.ndarray) and values.ndim > 1:
                    raise ValueError(f"Parameter array for {key!r} should be one-dimensional, got: "
                                     f"{values!r} with shape {values.shape}")
                if isinstance(values, str) or not hasattr(values, "__len__"):
                    raise TypeError(f"Parameter grid for parameter {key!r} needs to be a list or a numpy "
                                    f"array, but got {values!r} (of type {type(values).__name__}) instead. "
                                    "Single values need to be wrapped in a list with one element.")
                if len(values) == 0:
                    raise ValueError(f"Parameter grid for parameter {key!r} need to be a non-empty "
                                     f"sequence, got: {values!r}")

    def __iter__(self):
        for grid in self.param_grid:
            items = sorted(grid.items())
            if not items:
                yield {}
                continue
            keys, values = zip(*items)
            for combination in product(*values):
                yield dict(zip(keys, combination))

    def __len__(self) -> int:
        return sum(reduce(mul, (len(v) for v in g.values()), 1) for g in self.param_grid)

    def __getitem__(self, index: int) -> dict:
        """The ``index``-th combination without listing the others (mixed-radix counting)."""
        for grid in self.param_grid:
            items = sorted(grid.items())
            size = reduce(mul, (len(v) for _, v in items), 1)
            if index >= size:
                index -= size
                continue
            out = {}
            for key, values in reversed(items):  # the last key varies fastest
                index, position = divmod(index, len(values))
                out[key] = values[position]
            return out
        raise IndexError("ParameterGrid index out of range")


class ParameterSampler:
    """``n_iter`` random candidates: a value per key from its list, or ``dist.rvs()`` for a distribution.

    When every value is a list, candidates are drawn from the grid without repetition.
    """

    def __init__(self, param_distributions, n_iter: int, *, random_state=None):
        self.param_distributions = _as_list_of_dicts(param_distributions, "param_distributions")
        for dist in self.param_distributions:
            for key, values in dist.items():
                if not (hasattr(values, "rvs") or (hasattr(values, "__len__") and not isinstance(values, str))):
                    raise TypeError(f"Parameter grid for parameter {key!r} is not iterable or a "
                                    f"distribution (value={values!r})")
        if not isinstance(n_iter, numbers.Integral) or n_iter < 1:
            raise ValueError(f"n_iter must be a positive integer, got n_iter={n_iter!r}.")
        self.n_iter = n_iter
        self.random_state = random_state

    def _all_lists(self) -> bool:
        return all(not hasattr(v, "rvs") for d in self.param_distributions for v in d.values())

    def __iter__(self):
        rng = check_random_state(self.random_state)
        if self._all_lists():
            grid = ParameterGrid(self.param_distributions)
            n_iter = self.n_iter
            if len(grid) < n_iter:
                warnings.warn(f"The total space of parameters {len(grid)} is smaller than n_iter="
                              f"{n_iter}. Running {len(grid)} iterations. For exhaustive searches, use "
                              "GridSearchCV.", UserWarning, stacklevel=2)
                n_iter = len(grid)
            for i in rng.choice(len(grid), size=n_iter, replace=False):
                yield grid[int(i)]
            return
        for _ in range(self.n_iter):
            dist = self.param_distributions[rng.randint(len(self.param_distributions))]
            params = {}
            for key, values in sorted(dist.items()):
                params[key] = values.rvs(random_state=rng) if hasattr(values, "rvs") else values[rng.randint(len(values))]
            yield params

    def __len__(self) -> int:
        return min(self.n_iter, len(ParameterGrid(self.param_distributions))) if self._all_lists() else self.n_iter
