"""The ``Metric`` base class and ``Mean``: a named running score over the batches of an epoch.

A metric is a small state machine with three calls (as in Keras)::

    m.update_state(y_true, y_pred)   # add one batch
    m.result()                       # the score so far
    m.reset_state()                  # start again (fit does this every epoch)

A metric of your own keeps its state in variables made by ``add_variable`` (Keras 3)::

    class TruePositives(keras.metrics.Metric):
        def __init__(self, name="true_positives", **kwargs):
            super().__init__(name=name, **kwargs)
            self.count = self.add_variable(shape=(), initializer="zeros", name="count")

        def update_state(self, y_true, y_pred, sample_weight=None):
            self.count.assign_add(np.sum((y_pred > 0.5) & (y_true > 0.5)))

        def result(self):
            return self.count

The base class's ``reset_state`` puts every such variable back to its initial value; it is
not called from ``__init__`` (the subclass makes its variables after ``super().__init__``).
"""
from __future__ import annotations

import numpy as np

from glassnet.autodiff import Tensor


class MetricValue(float):
    """A metric's result: a Python float that also has Keras's ``.numpy()``."""

    def numpy(self) -> np.float32:
        return np.float32(self)


def _array(value) -> np.ndarray:
    return value.data if isinstance(value, Tensor) else np.asarray(value)


def _snake(name: str) -> str:
    return "".join("_" + c.lower() if c.isupper() else c for c in name).lstrip("_")


def _broadcast_weight(sample_weight, shape) -> np.ndarray:
    """One weight per sample, stretched over the other axes of the values."""
    weight = np.asarray(_array(sample_weight), dtype=np.float64)
    weight = weight.reshape(weight.shape + (1,) * max(0, len(shape) - weight.ndim))
    return np.broadcast_to(weight, shape)


class Metric:
    """Base class: a named running score with ``update_state`` / ``result`` / ``reset_state``.

    Parameters
    ----------
    name : str, optional
        The key in the training logs; by default the class name in snake case.
    dtype : optional
        The dtype of the variables made by ``add_variable`` (default float32).
    """

    def __init__(self, name: str | None = None, dtype=None):
        self.name = name or _snake(type(self).__name__)
        self.dtype = dtype
        self._metric_variables: list[tuple[Tensor, np.ndarray]] = []
        if _is_builtin_with_own_reset(type(self)):
            self.reset_state()  # glassnet's metrics keep plain numbers set up by reset_state

    # ------------------------------------------------------------------ state
    def add_variable(self, shape=(), initializer="zeros", dtype=None, aggregation: str = "sum",
                     name: str | None = None) -> Tensor:
        """A state variable (a Tensor with ``assign``/``assign_add``), reset by ``reset_state``."""
        from glassnet import initializers
        shape = tuple(int(d) for d in (shape or ()))
        dtype = np.dtype(dtype or self.dtype or "float32")
        initial = np.asarray(initializers.get(initializer or "zeros")(shape, dtype=dtype), dtype=dtype)
        if initial.shape != shape:
            raise ValueError(f"metric {self.name!r}: initializer {initializer!r} gave shape {initial.shape} "
                             f"for variable {name!r} of shape {shape}")
        variable = Tensor(initial.copy(), name=f"{self.name}/{name or 'variable'}")
        if not hasattr(self, "_metric_variables"):
            raise RuntimeError(f"{type(self).__name__}: call super().__init__(...) before add_variable")
        self._metric_variables.append((variable, initial))
        return variable

    def add_weight(self, shape=(), initializer=None, dtype=None, name: str | None = None) -> Tensor:
        """Keras's other name for :meth:`add_variable`."""
        return self.add_variable(shape, initializer or "zeros", dtype=dtype, name=name)

    @property
    def variables(self) -> list[Tensor]:
        return [variable for variable, _ in getattr(self, "_metric_variables", [])]

    def reset_state(self) -> None:
        """Forget every batch seen: each variable back to its initial value."""
        for variable, initial in getattr(self, "_metric_variables", []):
            variable.data[...] = initial

    def update_state(self, *args, **kwargs) -> None:
        """Add one batch to the running state."""
        raise NotImplementedError(f"{type(self).__name__} must define update_state(y_true, y_pred, sample_weight=None)")

    def result(self):
        """The score over every batch since the last reset."""
        raise NotImplementedError(f"{type(self).__name__} must define result()")

    def __call__(self, *args, **kwargs):
        """Update with one batch and return the running result (Keras's behaviour)."""
        self.update_state(*args, **kwargs)
        return self.result()

    def get_config(self) -> dict:
        return {"name": self.name}

    @classmethod
    def from_config(cls, config: dict) -> "Metric":
        return cls(**config)

    def __repr__(self) -> str:
        try:
            shown = f" result={float(np.asarray(_array(self.result())).reshape(-1)[0]):.4g}"
        except Exception:  # a half-made custom metric still has a repr
            shown = ""
        return f"<{type(self).__name__} name={self.name!r}{shown}>"


def _is_builtin_with_own_reset(cls) -> bool:
    reset = cls.reset_state
    return reset is not Metric.reset_state and reset.__module__.startswith("glassnet.")


class Mean(Metric):
    """The weighted mean of every value seen: Σ wᵢ vᵢ / Σ wᵢ (kept as two Python floats)."""

    def reset_state(self) -> None:
        self.total = 0.0
        self.count = 0.0

    def update_state(self, values, sample_weight=None) -> None:  # type: ignore[override]
        if isinstance(values, float) and (sample_weight is None or isinstance(sample_weight, (int, float))):
            weight = 1.0 if sample_weight is None else float(sample_weight)  # the loss of a batch: no arrays
            self.total += values * weight
            self.count += weight
            return
        values = _array(values)
        if sample_weight is None:
            self.total += float(values.sum(dtype=np.float64))
            self.count += values.size
        else:
            weight = _broadcast_weight(sample_weight, values.shape)
            self.total += float((values * weight).sum(dtype=np.float64))
            self.count += float(weight.sum(dtype=np.float64))

    def result(self) -> MetricValue:
        return MetricValue(self.total / self.count if self.count else 0.0)
