"""Keras-style metrics: objects that keep a running score over the batches of an epoch.

A metric is a small state machine with three calls (as in Keras)::

    m.update_state(y_true, y_pred)   # add one batch
    m.result()                       # the score so far, a float
    m.reset_state()                  # start again (fit does this every epoch)

Most metrics are the mean of a per-sample score, for example accuracy

    acc = (1/n) Σᵢ [ŷᵢ = yᵢ]

kept as a running ``total`` and ``count`` so that the score of an epoch is exact
whatever the batch sizes (the last batch is often smaller). Every update is one
whole-batch NumPy operation.

``compile(metrics=['accuracy'])`` picks binary, categorical or sparse-categorical
accuracy from the loss and the shapes of the labels and the output, as Keras does
(see :func:`get_for_compile`).
"""
from __future__ import annotations

import numpy as np

from glassnet.metrics._metric import Mean, Metric, MetricValue, _array, _broadcast_weight, _snake


def _same_rank(y_true: np.ndarray, y_pred: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Labels (n,) against outputs (n, 1): give them the same rank (Keras's rule).

    A rank-1 array gains a last axis of 1; otherwise the one with the extra axis of
    size 1 loses it. Without this, (n,) − (n, 1) would broadcast to (n, n).
    """
    if y_true.ndim == y_pred.ndim + 1 and y_true.shape[-1] == 1:
        if y_pred.ndim == 1:
            y_pred = y_pred[:, None]
        else:
            y_true = y_true[..., 0]
    elif y_pred.ndim == y_true.ndim + 1 and y_pred.shape[-1] == 1:
        if y_true.ndim == 1:
            y_true = y_true[:, None]
        else:
            y_pred = y_pred[..., 0]
    if y_pred.ndim == 1 and y_true.ndim == 1:  # one value per sample: a column, so axis −1 is per sample
        y_true, y_pred = y_true[:, None], y_pred[:, None]
    return y_true, y_pred


# --------------------------------------------------------------------------- per-sample scores
def accuracy(y_true, y_pred) -> np.ndarray:
    """[ŷ = y] elementwise: exact equality (``keras.metrics.Accuracy``)."""
    y_true, y_pred = _same_rank(_array(y_true), _array(y_pred))
    return (y_true == y_pred).astype(np.float32)


def binary_accuracy(y_true, y_pred, threshold: float = 0.5) -> np.ndarray:
    """Per sample: mean over the last axis of [ (p > threshold) = y ]."""
    y_true, y_pred = _same_rank(_array(y_true), _array(y_pred))
    return ((y_pred > threshold) == (y_true > 0.5)).mean(axis=-1, dtype=np.float32)


def categorical_accuracy(y_true, y_pred) -> np.ndarray:
    """Per sample: [argmax ŷ = argmax y] for one-hot labels."""
    return (np.argmax(_array(y_true), axis=-1) == np.argmax(_array(y_pred), axis=-1)).astype(np.float32)


def sparse_categorical_accuracy(y_true, y_pred) -> np.ndarray:
    """Per sample: [argmax ŷ = y] for integer labels of shape (n,) or (n, 1)."""
    y_pred = _array(y_pred)
    y_true = _array(y_true).reshape(y_pred.shape[:-1])
    return (np.argmax(y_pred, axis=-1) == y_true).astype(np.float32)


def top_k_categorical_accuracy(y_true, y_pred, k: int = 5) -> np.ndarray:
    """Per sample: is the true class (one-hot) among the k largest outputs?"""
    return sparse_top_k_categorical_accuracy(np.argmax(_array(y_true), axis=-1), y_pred, k)


def sparse_top_k_categorical_accuracy(y_true, y_pred, k: int = 5) -> np.ndarray:
    """Per sample: is the true class (an integer) among the k largest outputs?"""
    y_pred = _array(y_pred)
    y_true = _array(y_true).reshape(y_pred.shape[:-1]).astype(np.int64)
    true_score = np.take_along_axis(y_pred, y_true[..., None], axis=-1)
    # ranked in the top k when fewer than k classes score strictly higher (ties count for the label)
    return ((y_pred > true_score).sum(axis=-1) < k).astype(np.float32)


def _squared_error(y_true, y_pred) -> np.ndarray:
    y_true, y_pred = _same_rank(_array(y_true), _array(y_pred))
    return np.mean(np.square(y_pred - y_true), axis=-1)


def _absolute_error(y_true, y_pred) -> np.ndarray:
    y_true, y_pred = _same_rank(_array(y_true), _array(y_pred))
    return np.mean(np.abs(y_pred - y_true), axis=-1)


def _absolute_percentage_error(y_true, y_pred) -> np.ndarray:
    y_true, y_pred = _same_rank(_array(y_true), _array(y_pred))
    return 100.0 * np.mean(np.abs((y_true - y_pred) / np.maximum(np.abs(y_true), 1e-7)), axis=-1)


_EPSILON = 1e-7  # probabilities are clipped to [ε, 1 − ε] before the log, as Keras does


def _binary_crossentropy(y_true, y_pred, from_logits=False) -> np.ndarray:
    y_true, y_pred = _same_rank(_array(y_true), _array(y_pred))
    if from_logits:  # −[y log σ(z) + (1−y) log(1−σ(z))] = max(z,0) − z·y + log(1 + e^−|z|)
        loss = np.maximum(y_pred, 0) - y_pred * y_true + np.log1p(np.exp(-np.abs(y_pred)))
    else:
        p = np.clip(y_pred, _EPSILON, 1 - _EPSILON)
        loss = -(y_true * np.log(p) + (1 - y_true) * np.log(1 - p))
    return loss.mean(axis=-1)


def _log_probabilities(y_pred, from_logits) -> np.ndarray:
    if from_logits:
        shifted = y_pred - y_pred.max(axis=-1, keepdims=True)
        return shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))
    p = y_pred / y_pred.sum(axis=-1, keepdims=True)
    return np.log(np.clip(p, _EPSILON, 1 - _EPSILON))


def _categorical_crossentropy(y_true, y_pred, from_logits=False) -> np.ndarray:
    return -(_array(y_true) * _log_probabilities(_array(y_pred), from_logits)).sum(axis=-1)


def _sparse_categorical_crossentropy(y_true, y_pred, from_logits=False) -> np.ndarray:
    log_p = _log_probabilities(_array(y_pred), from_logits)
    labels = _array(y_true).reshape(log_p.shape[:-1]).astype(np.int64)
    return -np.take_along_axis(log_p, labels[..., None], axis=-1)[..., 0]


# --------------------------------------------------------------------------- metric objects
class MeanMetricWrapper(Mean):
    """The mean over samples of a per-sample function ``fn(y_true, y_pred, **kwargs)``."""

    def __init__(self, fn, name: str | None = None, dtype=None, **kwargs):
        self._fn = fn
        self._fn_kwargs = kwargs
        super().__init__(name=name or fn.__name__, dtype=dtype)

    def update_state(self, y_true, y_pred, sample_weight=None) -> None:  # type: ignore[override]
        super().update_state(self._fn(y_true, y_pred, **self._fn_kwargs), sample_weight)

    def get_config(self) -> dict:
        return {"name": self.name, **self._fn_kwargs}


def _wrapper(fn, default_name, doc, **defaults):
    """Make a MeanMetricWrapper subclass with Keras's name and constructor."""
    def __init__(self, name=default_name, dtype=None, **kwargs):
        MeanMetricWrapper.__init__(self, fn, name=name, dtype=dtype, **{**defaults, **kwargs})
    cls_name = "".join(part.capitalize() for part in default_name.split("_"))
    return type(cls_name, (MeanMetricWrapper,), {"__init__": __init__, "__doc__": doc,
                                                   "get_config": MeanMetricWrapper.get_config})


Accuracy = _wrapper(accuracy, "accuracy", "How often ŷ equals y exactly.")
BinaryAccuracy = _wrapper(binary_accuracy, "binary_accuracy",
                          "How often (p > threshold) matches a 0/1 label.", threshold=0.5)
CategoricalAccuracy = _wrapper(categorical_accuracy, "categorical_accuracy",
                               "How often argmax ŷ matches the one-hot label's class.")
SparseCategoricalAccuracy = _wrapper(sparse_categorical_accuracy, "sparse_categorical_accuracy",
                                     "How often argmax ŷ matches the integer label.")
TopKCategoricalAccuracy = _wrapper(top_k_categorical_accuracy, "top_k_categorical_accuracy",
                                   "How often the one-hot label's class is among the k best.", k=5)
SparseTopKCategoricalAccuracy = _wrapper(sparse_top_k_categorical_accuracy, "sparse_top_k_categorical_accuracy",
                                         "How often the integer label is among the k best.", k=5)
MeanSquaredError = _wrapper(_squared_error, "mean_squared_error", "Mean of (ŷ − y)².")
MeanAbsoluteError = _wrapper(_absolute_error, "mean_absolute_error", "Mean of |ŷ − y|.")
MeanAbsolutePercentageError = _wrapper(_absolute_percentage_error, "mean_absolute_percentage_error",
                                       "Mean of 100·|y − ŷ| / |y|.")
BinaryCrossentropy = _wrapper(_binary_crossentropy, "binary_crossentropy",
                              "Mean of −[y log p + (1−y) log(1−p)].", from_logits=False)
CategoricalCrossentropy = _wrapper(_categorical_crossentropy, "categorical_crossentropy",
                                   "Mean of −Σₖ yₖ log pₖ.", from_logits=False)
SparseCategoricalCrossentropy = _wrapper(_sparse_categorical_crossentropy, "sparse_categorical_crossentropy",
                                         "Mean of −log p_y.", from_logits=False)


class RootMeanSquaredError(Mean):
    """√(mean of (ŷ − y)² over every element seen)."""

    def __init__(self, name: str = "root_mean_squared_error", dtype=None):
        super().__init__(name=name, dtype=dtype)

    def update_state(self, y_true, y_pred, sample_weight=None) -> None:  # type: ignore[override]
        y_true, y_pred = _same_rank(_array(y_true), _array(y_pred))
        super().update_state(np.square(y_pred - y_true), sample_weight)

    def result(self) -> MetricValue:
        return MetricValue(np.sqrt(super().result()))


class _ConfusionCounts(Metric):
    """Counts of true/false positives and false negatives for a 0/1 task (p > threshold)."""

    def __init__(self, thresholds: float = 0.5, name: str | None = None, dtype=None):
        self.thresholds = float(thresholds)
        super().__init__(name=name, dtype=dtype)

    def reset_state(self) -> None:
        self.true_positives = self.false_positives = self.false_negatives = 0.0

    def update_state(self, y_true, y_pred, sample_weight=None) -> None:
        y_true, y_pred = _same_rank(_array(y_true), _array(y_pred))
        predicted = y_pred > self.thresholds
        actual = y_true > 0.5
        w = 1.0 if sample_weight is None else _broadcast_weight(sample_weight, y_pred.shape)
        self.true_positives += float(np.sum((predicted & actual) * w))
        self.false_positives += float(np.sum((predicted & ~actual) * w))
        self.false_negatives += float(np.sum((~predicted & actual) * w))

    def get_config(self) -> dict:
        return {"name": self.name, "thresholds": self.thresholds}


class Precision(_ConfusionCounts):
    """Of the samples predicted positive, the share that are: TP / (TP + FP)."""

    def result(self) -> MetricValue:
        predicted = self.true_positives + self.false_positives
        return MetricValue(self.true_positives / predicted if predicted else 0.0)


class Recall(_ConfusionCounts):
    """Of the positive samples, the share predicted so: TP / (TP + FN)."""

    def result(self) -> MetricValue:
        positives = self.true_positives + self.false_negatives
        return MetricValue(self.true_positives / positives if positives else 0.0)


# --------------------------------------------------------------------------- lookup by name
_BY_NAME = {
    "accuracy": Accuracy, "acc": Accuracy,
    "binary_accuracy": BinaryAccuracy, "categorical_accuracy": CategoricalAccuracy,
    "sparse_categorical_accuracy": SparseCategoricalAccuracy,
    "top_k_categorical_accuracy": TopKCategoricalAccuracy,
    "sparse_top_k_categorical_accuracy": SparseTopKCategoricalAccuracy,
    "mse": MeanSquaredError, "mean_squared_error": MeanSquaredError,
    "mae": MeanAbsoluteError, "mean_absolute_error": MeanAbsoluteError,
    "mape": MeanAbsolutePercentageError, "mean_absolute_percentage_error": MeanAbsolutePercentageError,
    "root_mean_squared_error": RootMeanSquaredError,
    "binary_crossentropy": BinaryCrossentropy, "categorical_crossentropy": CategoricalCrossentropy,
    "sparse_categorical_crossentropy": SparseCategoricalCrossentropy,
    "precision": Precision, "recall": Recall,
}
_CLASSES = {cls.__name__: cls for cls in set(_BY_NAME.values()) | {Mean}}


def get(identifier) -> Metric:
    """A metric object from a name ('mae', 'accuracy', 'MeanAbsoluteError'), a config dict,
    a Metric (returned as is) or a function ``fn(y_true, y_pred) -> per-sample values``."""
    if isinstance(identifier, Metric):
        return identifier
    if isinstance(identifier, dict):
        return deserialize(identifier)
    if isinstance(identifier, str):
        cls = _BY_NAME.get(identifier.lower()) or _CLASSES.get(identifier)
        if cls is None:
            raise ValueError(f"Unknown metric {identifier!r}. Known names: {', '.join(sorted(_BY_NAME))}")
        return cls(name=identifier) if identifier in _BY_NAME else cls()
    if callable(identifier):
        return MeanMetricWrapper(identifier, name=getattr(identifier, "__name__", "metric"))
    raise TypeError(f"Could not interpret metric {identifier!r}: expected a name, a Metric or a function")


def get_for_compile(identifier, y_true, y_pred, loss=None) -> Metric:
    """Resolve a ``compile(metrics=[...])`` entry, choosing the right accuracy as Keras does.

    'accuracy' / 'acc' means: binary accuracy when the output has one column (or the loss
    is binary cross-entropy), sparse categorical accuracy when the labels are class
    numbers (fewer axes than the output, or one column against several outputs, or a
    sparse loss), categorical accuracy otherwise (one-hot labels). The metric keeps the
    name the user wrote, so the history key is 'accuracy' (or 'acc').
    """
    if not (isinstance(identifier, str) and identifier.lower() in ("accuracy", "acc")):
        return get(identifier)
    y_true_shape, y_pred_shape = np.shape(y_true), np.shape(y_pred)
    loss_name = _loss_name(loss)
    if loss_name == "binary_crossentropy" or (y_pred_shape and y_pred_shape[-1] == 1):
        return BinaryAccuracy(name=identifier)
    sparse_labels = len(y_true_shape) < len(y_pred_shape) or (
        len(y_true_shape) == len(y_pred_shape) and y_true_shape[-1:] == (1,))
    if loss_name == "sparse_categorical_crossentropy" or sparse_labels:
        return SparseCategoricalAccuracy(name=identifier)
    return CategoricalAccuracy(name=identifier)


def _loss_name(loss) -> str:
    if loss is None:
        return ""
    if isinstance(loss, str):
        return {"bce": "binary_crossentropy"}.get(loss.lower(), loss.lower())
    name = getattr(loss, "name", None) or _snake(type(loss).__name__)
    return _snake(type(loss).__name__) if name == "loss" else name


def serialize(metric: Metric) -> dict:
    return {"class_name": type(metric).__name__, "config": metric.get_config()}


def deserialize(config: dict) -> Metric:
    cls = _CLASSES.get(config.get("class_name"))
    if cls is None:
        raise ValueError(f"Unknown metric class {config.get('class_name')!r}; known: {', '.join(sorted(_CLASSES))}")
    return cls.from_config(dict(config.get("config", {})))


__all__ = ["Metric", "Mean", "MetricValue", "MeanMetricWrapper", "Accuracy", "BinaryAccuracy", "CategoricalAccuracy",
           "SparseCategoricalAccuracy", "TopKCategoricalAccuracy", "SparseTopKCategoricalAccuracy",
           "MeanSquaredError", "MeanAbsoluteError", "MeanAbsolutePercentageError", "RootMeanSquaredError",
           "BinaryCrossentropy", "CategoricalCrossentropy", "SparseCategoricalCrossentropy",
           "Precision", "Recall", "accuracy", "binary_accuracy", "categorical_accuracy",
           "sparse_categorical_accuracy", "top_k_categorical_accuracy", "sparse_top_k_categorical_accuracy",
           "get", "get_for_compile", "serialize", "deserialize"]
