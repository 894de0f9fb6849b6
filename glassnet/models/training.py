"""The training loop behind ``compile`` / ``fit`` / ``evaluate`` / ``predict``.

One step of gradient descent on a batch, exactly as a course writes it by hand:

    ŷ = model(x_batch, training=True)               forward (the graph is recorded)
    L = loss(y_batch, ŷ) + Σ regularisation terms   (kernel_regularizer=L2(...) etc.)
    L.backward()                                     dL/dθ for every weight θ
    optimizer.step(model.trainable_weights)          θ ← θ − η · dL/dθ  (or Adam's rule)

``fit`` repeats it for every batch of every epoch, keeps the running loss and metrics,
and tells the callbacks (progress bar, History, EarlyStopping, ...) at each stage.
The loss of an epoch is the mean of the batch losses weighted by batch size, so it is
the mean over all samples, as in Keras.
"""
from __future__ import annotations

import math
import warnings

import numpy as np

from glassnet.autodiff import no_grad
from glassnet.models import data as D
from glassnet.models.inference import predict_batches, worth_running_in_parallel


class Trainer:
    """Mixed into ``Model``: everything between ``compile`` and a trained model."""

    def __init__(self):
        self.optimizer = None
        self.loss = None
        self.compiled = False
        self.stop_training = False
        self.history = None
        self._loss_fn = None
        self._metric_specs: list = []
        self._metric_objects: list | None = None
        self._has_penalties: bool | None = None  # any regularisation term? (None: not looked yet)

    # ------------------------------------------------------------------ compile
    def compile(self, optimizer="rmsprop", loss=None, loss_weights=None, metrics=None,
                weighted_metrics=None, run_eagerly=False, steps_per_execution=1, jit_compile="auto",
                auto_scale_loss=True) -> None:
        """Choose how to learn: the optimizer, the loss to minimise and the metrics to report.

        ``optimizer`` and ``loss`` take a name ('adam', 'sparse_categorical_crossentropy')
        or an object; ``metrics`` a list of names ('accuracy', 'mae') or Metric objects.
        The remaining Keras arguments concern graph compilation and are accepted and ignored.
        """
        from glassnet import losses, optimizers
        if loss is None:
            raise ValueError("compile(loss=...) is required: e.g. 'mse' for regression, "
                             "'sparse_categorical_crossentropy' for integer class labels")
        if loss_weights is not None or weighted_metrics is not None:
            raise ValueError("compile: loss_weights and weighted_metrics are for models with several "
                             "outputs, which fit() does not train; leave them out")
        if isinstance(metrics, dict):
            raise ValueError("compile: metrics as a dict (per output) is not supported; pass a list")
        self.optimizer = optimizers.get(optimizer)
        self._loss_fn = losses.get(loss)
        self.loss = loss
        self._metric_specs = list(metrics or [])
        from glassnet.metrics import get as get_metric  # fail now, not mid-training, on a bad name
        for spec in self._metric_specs:
            if not (isinstance(spec, str) and spec.lower() in ("accuracy", "acc")):
                get_metric(spec)
        self._metric_objects = None
        self.compiled = True

    def get_compile_config(self) -> dict | None:
        """The compile settings as JSON (for model files); None when something cannot be written
        (a custom loss function): the file then loads uncompiled, with a warning when saving."""
        if not self.compiled:
            return None
        from glassnet import losses, optimizers
        try:
            return {"optimizer": optimizers.serialize(self.optimizer), "loss": losses.serialize(self._loss_fn),
                    "metrics": [_metric_to_json(m) for m in self._metric_specs]}
        except (TypeError, ValueError) as error:
            warnings.warn(f"model {self.name!r}: the compile settings cannot be saved ({error}); "
                          "the loaded model will need compile() again", UserWarning, stacklevel=3)
            return None

    def _require_compiled(self, method: str) -> None:
        if not self.compiled:
            raise RuntimeError(f"You must call compile(optimizer=..., loss=...) before {method}()")

    @property
    def metrics_names(self) -> list[str]:
        names = ["loss"]
        if self._metric_objects is not None:
            names += [m.name for m in self._metric_objects]
        return names

    # ------------------------------------------------------------------ data
    def _inputs(self, x, name: str = "x", check: bool = True) -> list[np.ndarray]:
        if x is None:
            raise ValueError(f"{name} is required")
        graph = getattr(self, "_graph", None)
        if graph is not None and len(graph.inputs) > 1:
            if not isinstance(x, (list, tuple)) or len(x) != len(graph.inputs):
                raise ValueError(f"{name}: model {self.name!r} has {len(graph.inputs)} inputs; "
                                 f"pass a list of {len(graph.inputs)} arrays")
            return [D.as_float_array(v, f"{name}[{i}]", check) for i, v in enumerate(x)]
        return [D.as_float_array(x, name, check)]

    def _targets(self, y, name: str = "y") -> np.ndarray:
        if y is None:
            raise ValueError(f"{name} (the targets) is required")
        sparse = "sparse" in type(self._loss_fn).__name__.lower() or "sparse" in str(self.loss).lower()
        return D.as_target_array(y, name, sparse_labels=sparse)

    def _prepare(self, x, y, sample_weight, prefix: str = "") -> tuple[list, np.ndarray, np.ndarray | None]:
        xs = self._inputs(x, prefix + "x")
        ys = self._targets(y, prefix + "y")
        sw = None if sample_weight is None else D.as_float_array(sample_weight, prefix + "sample_weight")
        named = [(prefix + ("x" if len(xs) == 1 else f"x[{i}]"), a) for i, a in enumerate(xs)]
        D.check_lengths(named + [(prefix + "y", ys), (prefix + "sample_weight", sw)])
        return xs, ys, sw

    def _forward(self, xs: list, training: bool):
        return self(xs[0] if len(xs) == 1 else list(xs), training=training)

    # ------------------------------------------------------------------ one batch
    def _compute_loss(self, y, y_pred, sample_weight):
        if isinstance(y_pred, (list, tuple, dict)):
            raise ValueError(f"fit/evaluate: model {self.name!r} has {len(y_pred)} outputs; training "
                             "is supported for single-output models")
        loss = self._loss_fn(y, y_pred, sample_weight=sample_weight)
        if self._has_penalties is False:  # known after the first batch: skip the layer walk
            return loss
        penalties = self.losses
        self._has_penalties = bool(penalties) or any(
            getattr(layer, "activity_regularizer", None) is not None for layer in _all_layers(self))
        if penalties:
            loss = loss + sum(penalties[1:], penalties[0])
        return loss

    def _metrics_for(self, y, y_pred) -> list:
        if self._metric_objects is None:
            from glassnet.metrics import get_for_compile
            self._metric_objects = [get_for_compile(spec, y, y_pred, self._loss_fn) for spec in self._metric_specs]
            self._loss_tracker = _Mean()
        return self._metric_objects

    def _update_metrics(self, y, y_pred_values, sample_weight, loss_value: float, batch_size: int) -> dict:
        metrics = self._metrics_for(y, y_pred_values)
        self._loss_tracker.add(loss_value, batch_size)
        logs = {"loss": self._loss_tracker.result()}
        for metric in metrics:
            metric.update_state(y, y_pred_values, sample_weight)
            logs[metric.name] = metric.result()
        return logs

    def reset_metrics(self) -> None:
        for metric in self._metric_objects or []:
            metric.reset_state()
        if self._metric_objects is not None:
            self._loss_tracker = _Mean()

    def _train_step(self, xs, y, sample_weight, trainable) -> dict | None:
        y_pred = self._forward(xs, training=True)
        if trainable is None:  # read after the forward pass: a model built on its first call has weights now
            trainable = self._trainable_in_fit = self.trainable_weights
        loss = self._compute_loss(y, y_pred, sample_weight)
        value = float(loss.data)
        if not math.isfinite(value):
            self._stop_on_nan(value, trainable)
            return None
        loss.backward()
        self.optimizer.step(trainable)
        return self._update_metrics(y, y_pred.data, sample_weight, value, len(y))

    def _stop_on_nan(self, value: float, trainable) -> None:
        self.stop_training = True
        self._diverged_loss = value
        weights_ok = all(np.isfinite(w.data).all() for w in trainable)
        state = ("The weights were not updated with this batch (they are those of the previous step)."
                 if weights_ok else "The weights themselves are no longer finite: reload them "
                 "(load_weights / a ModelCheckpoint file) or rebuild the model before training again.")
        warnings.warn(f"Training stopped: the loss became {value} on a batch. {state} Try a lower "
                      "learning rate, check the inputs for very large or missing values and scale them "
                      "(e.g. x / 255 for pixels), or use a loss with from_logits=True.",
                      RuntimeWarning, stacklevel=3)

    # ------------------------------------------------------------------ fit
    def fit(self, x=None, y=None, batch_size=None, epochs: int = 1, verbose="auto", callbacks=None,
            validation_split: float = 0.0, validation_data=None, shuffle: bool = True, class_weight=None,
            sample_weight=None, initial_epoch: int = 0, steps_per_epoch=None, validation_steps=None,
            validation_batch_size=None, validation_freq: int = 1):
        """Train for ``epochs`` passes over (x, y) in batches of ``batch_size`` (32 by default).

        Returns the ``History`` callback: ``history.history['loss']``, ``['val_loss']``,
        and one list per metric ('accuracy', 'val_accuracy', ...).
        """
        self._require_compiled("fit")
        self._has_penalties = None
        batch_size = D.positive_int(32 if batch_size is None else batch_size, "batch_size")
        xs, y, sample_weight = self._prepare(x, y, sample_weight)
        if class_weight:
            extra = D.class_weights_to_sample_weights(y, class_weight)
            sample_weight = extra if sample_weight is None else sample_weight * extra
        val = None
        if validation_data is not None:
            x_val, y_val, sw_val = D.unpack_validation_data(validation_data)
            val = self._prepare(x_val, y_val, sw_val, prefix="val_")
        elif validation_split:
            train, held_out = D.split_last(xs + [y, sample_weight], validation_split)
            xs, y, sample_weight = train[:-2], train[-2], train[-1]
            val = (held_out[:-2], held_out[-2], held_out[-1])
        n = len(y)
        steps = math.ceil(n / batch_size)
        if steps_per_epoch is not None:
            steps = min(steps, D.positive_int(steps_per_epoch, "steps_per_epoch"))
        callback_list = self._callbacks(callbacks, verbose, history=True, epochs=epochs, steps=steps,
                                        batch_size=batch_size, samples=n, do_validation=val is not None)
        from glassnet.random import get_rng
        self.stop_training = False
        self._metric_objects = None
        self._trainable_in_fit = None
        callback_list.on_train_begin()
        epoch_logs: dict = {}
        for epoch in range(initial_epoch, epochs):
            self.reset_metrics()
            callback_list.on_epoch_begin(epoch)
            order = get_rng().permutation(n) if shuffle else None
            logs: dict = {}
            diverged = False
            for step in range(steps):
                rows = slice(step * batch_size, (step + 1) * batch_size)
                index = order[rows] if order is not None else rows
                callback_list.on_train_batch_begin(step)
                step_logs = self._train_step(D.take(xs, index), y[index],
                                             None if sample_weight is None else sample_weight[index],
                                             self._trainable_in_fit)
                if step_logs is None:
                    diverged = True
                    break
                logs = step_logs
                callback_list.on_train_batch_end(step, logs)
                if self.stop_training:
                    break
            if diverged:  # only the History hears of it: checkpoints and early stopping never see this epoch
                epoch_logs = {name: logs.get(name, math.nan) for name in self.metrics_names}
                epoch_logs["loss"] = self._diverged_loss
                if val is not None:  # the weights kept (those of the last finite step) on the validation data
                    val_logs = self._evaluate_arrays(*val, validation_batch_size or batch_size, validation_steps)
                    epoch_logs.update({"val_" + key: value for key, value in val_logs.items()})
                callback_list.history.on_epoch_end(epoch, epoch_logs)
                break
            epoch_logs = dict(logs)
            if val is not None and (epoch + 1) % validation_freq == 0:
                val_logs = self._evaluate_arrays(*val, validation_batch_size or batch_size, validation_steps)
                epoch_logs.update({"val_" + key: value for key, value in val_logs.items()})
            callback_list.on_epoch_end(epoch, epoch_logs)
            if self.stop_training:
                break
        callback_list.on_train_end(epoch_logs)
        self.history = callback_list.history
        return self.history

    def _callbacks(self, callbacks, verbose, history: bool = False, **params):
        from glassnet.callbacks import CallbackList
        verbose = 1 if verbose == "auto" else int(verbose)
        return CallbackList(callbacks, model=self, add_history=history, add_progbar=verbose != 0,
                            verbose=verbose, **params)

    # ------------------------------------------------------------------ evaluate / predict
    def _evaluate_arrays(self, xs, y, sample_weight, batch_size, steps=None, callback_list=None) -> dict:
        self.reset_metrics()
        n = len(y)
        total_steps = math.ceil(n / batch_size) if steps is None else min(steps, math.ceil(n / batch_size))
        logs: dict = {}
        with no_grad():
            for step in range(total_steps):
                rows = slice(step * batch_size, (step + 1) * batch_size)
                if callback_list is not None:
                    callback_list.on_test_batch_begin(step)
                y_pred = self._forward(D.take(xs, rows), training=False)
                loss = self._compute_loss(y[rows], y_pred, None if sample_weight is None else sample_weight[rows])
                logs = self._update_metrics(y[rows], y_pred.data,
                                            None if sample_weight is None else sample_weight[rows],
                                            float(loss.data), len(y[rows]))
                if callback_list is not None:
                    callback_list.on_test_batch_end(step, logs)
        return logs

    def evaluate(self, x=None, y=None, batch_size=None, verbose="auto", sample_weight=None, steps=None,
                 callbacks=None, return_dict: bool = False):
        """The loss (and metrics) on (x, y), without training: a float, or [loss, metric, ...]
        (a dict with ``return_dict=True``)."""
        self._require_compiled("evaluate")
        self._has_penalties = None
        batch_size = D.positive_int(32 if batch_size is None else batch_size, "batch_size")
        xs, y, sample_weight = self._prepare(x, y, sample_weight)
        steps_total = math.ceil(len(y) / batch_size)
        callback_list = self._callbacks(callbacks, verbose, epochs=1, steps=steps_total, batch_size=batch_size,
                                        samples=len(y), do_validation=False)
        callback_list.on_test_begin()
        logs = self._evaluate_arrays(xs, y, sample_weight, batch_size, steps, callback_list)
        callback_list.on_test_end(logs)
        return _format_results(logs, return_dict)

    def predict(self, x, batch_size=None, verbose="auto", steps=None, callbacks=None):
        """The model's outputs for x, batch by batch, without recording a graph: an ndarray.
        A convolution network runs several batches at once on several cores (models/inference.py)."""
        batch_size = D.positive_int(32 if batch_size is None else batch_size, "batch_size")
        xs = self._inputs(x, check=False)  # NaN in, NaN out: visible, and harmless at inference
        n = len(xs[0])
        total_steps = math.ceil(n / batch_size) if steps is None else min(steps, math.ceil(n / batch_size))
        callback_list = self._callbacks(callbacks, verbose, epochs=1, steps=total_steps, batch_size=batch_size,
                                        samples=n, do_validation=False)
        callback_list.on_predict_begin()

        def forward(step):
            return _arrays_of(self._forward(D.take(xs, slice(step * batch_size, (step + 1) * batch_size)),
                                            training=False))
        chunks = predict_batches(forward, total_steps, callback_list,
                                 parallel=worth_running_in_parallel(self, _all_layers(self)))
        callback_list.on_predict_end()
        if not chunks:
            return np.empty((0,), dtype=xs[0].dtype)
        from glassnet.models.functional import flatten, map_structure
        joined = iter([np.concatenate(parts) for parts in zip(*[flatten(chunk) for chunk in chunks])])
        return map_structure(lambda _: next(joined), chunks[0])  # one array, or the outputs' list / dict

    def train_on_batch(self, x, y=None, sample_weight=None, class_weight=None, return_dict: bool = False):
        """One gradient step on this batch; returns its loss (and metrics) like ``evaluate``."""
        self._require_compiled("train_on_batch")
        self._has_penalties = None
        xs, y, sample_weight = self._prepare(x, y, sample_weight)
        if class_weight:
            extra = D.class_weights_to_sample_weights(y, class_weight)
            sample_weight = extra if sample_weight is None else sample_weight * extra
        self.reset_metrics()
        logs = self._train_step(xs, y, sample_weight, None)
        if logs is None:
            logs = {"loss": float("nan")}
        return _format_results(logs, return_dict)

    def test_on_batch(self, x, y=None, sample_weight=None, return_dict: bool = False):
        """Loss (and metrics) on one batch, without training."""
        self._require_compiled("test_on_batch")
        self._has_penalties = None
        xs, y, sample_weight = self._prepare(x, y, sample_weight)
        logs = self._evaluate_arrays(xs, y, sample_weight, len(y))
        return _format_results(logs, return_dict)

    def predict_on_batch(self, x):
        """The outputs for one batch (an ndarray), without recording a graph."""
        xs = self._inputs(x)
        with no_grad():
            out = self._forward(xs, training=False)
        return _arrays_of(out)


def _arrays_of(outputs):
    """The model's output Tensors as ndarrays, in the same structure (one, a list, a dict)."""
    from glassnet.models.functional import map_structure
    return map_structure(lambda tensor: tensor.data, outputs)


def _all_layers(model) -> list:
    """Every layer inside ``model``, nested models' layers included."""
    found, stack = [], list(model.layers)
    while stack:
        layer = stack.pop()
        found.append(layer)
        stack.extend(getattr(layer, "layers", []))
    return found


class _Mean:
    """Σ value·weight / Σ weight, kept as two Python floats (no array work per batch)."""

    def __init__(self):
        self.total = 0.0
        self.count = 0

    def add(self, value: float, weight: int) -> None:
        self.total += value * weight
        self.count += weight

    def result(self) -> float:
        return self.total / self.count if self.count else 0.0


def _format_results(logs: dict, return_dict: bool):
    if return_dict:
        return dict(logs)
    values = list(logs.values())
    return values[0] if len(values) == 1 else values


def _metric_to_json(metric):
    if isinstance(metric, str):
        return metric
    from glassnet.metrics import Metric, serialize
    if isinstance(metric, Metric) and type(metric).__name__ != "MeanMetricWrapper":
        return serialize(metric)
    raise ValueError(f"the metric {metric!r} is a custom function; only named metrics can be saved")
