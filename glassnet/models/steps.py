"""One step on one batch: ``train_step``, ``test_step``, ``predict_step`` (Keras 3's names).

``fit`` calls ``self.train_step(data)`` for every batch, ``evaluate`` calls ``test_step`` and
``predict`` calls ``predict_step``; ``data`` is the batch as Keras packs it: ``x``, ``(x, y)``
or ``(x, y, sample_weight)``. Override them in a ``keras.Model`` subclass to change what a
step does; the default train step is the lecture's:

    ŷ = self(x, training=True)                                  forward (graph recorded)
    L = self.compute_loss(x=x, y=y, y_pred=ŷ, sample_weight=sw)  compiled loss + Σ self.losses
    L.backward()                                                 dL/dθ into every weight's .grad
    self.optimizer.apply([w.grad for w in ws], ws)               θ ← θ − η · dL/dθ (or Adam's rule)
    return self.compute_metrics(x, y, ŷ, sw)                     {"loss": …, "accuracy": …}

**Gradients in glassnet.** Where TensorFlow code uses a ``GradientTape`` and PyTorch code
``loss.backward()``, glassnet does as PyTorch: ``loss.backward()`` fills ``w.grad`` for every
weight ``w`` the loss depends on (fresh each call; ``self.zero_grad()`` clears them), then
``self.optimizer.apply(grads, self.trainable_weights)`` or
``self.optimizer.apply_gradients(zip(grads, self.trainable_weights))`` updates them::

    def train_step(self, data):
        x, y = data
        y_pred = self(x, training=True)
        loss = self.compute_loss(y=y, y_pred=y_pred)
        loss.backward()
        weights = self.trainable_weights
        self.optimizer.apply([w.grad for w in weights], weights)
        for metric in self.metrics:
            if metric.name == "loss":
                metric.update_state(loss)
            else:
                metric.update_state(y, y_pred)
        return {m.name: m.result() for m in self.metrics}

``self.metrics`` lists the loss tracker (named "loss"), the compiled metrics, and every
``keras.metrics.Metric`` assigned to an attribute (``self.loss_tracker = keras.metrics.Mean(name="loss")``);
``fit`` resets them at the start of each epoch. Override the ``metrics`` property to choose.
"""
from __future__ import annotations

import math
import warnings

import numpy as np

from glassnet.autodiff import Tensor
from glassnet.metrics._metric import Metric
from glassnet.models.data_adapters import batch_size_of, unpack_x_y_sample_weight
from glassnet.models.functional import map_structure
from glassnet.models.multi_io import as_number


class Steps:
    """Mixed into ``Model``: the three steps and the loss and metrics they use."""

    # ------------------------------------------------------------------ the steps
    def train_step(self, data) -> dict | None:
        """One gradient step on one batch; returns the logs (None when the loss is not finite)."""
        x, y, sample_weight = unpack_x_y_sample_weight(data)
        y_pred = self(x, training=True)
        loss = self.compute_loss(x=x, y=y, y_pred=y_pred, sample_weight=sample_weight)
        weights = self._weights_to_train()
        value = float(loss.data)
        if not math.isfinite(value):
            self._stop_on_nan(value, weights)
            return None
        self._loss_tracker.update_state(value, sample_weight=batch_size_of(x))
        if loss.requires_grad:  # a loss of add_loss terms on the inputs only leaves nothing to train (as Keras)
            loss.backward()
            self.optimizer.step(weights)
        return self.compute_metrics(x, y, y_pred, sample_weight)

    def test_step(self, data) -> dict:
        """The loss and metrics of one batch, without training (``evaluate``, validation)."""
        x, y, sample_weight = unpack_x_y_sample_weight(data)
        y_pred = self(x, training=False)
        # no training=False: an override of compute_loss may not take it
        loss = self.compute_loss(x=x, y=y, y_pred=y_pred, sample_weight=sample_weight)
        self._loss_tracker.update_state(float(loss.data), sample_weight=batch_size_of(x))
        return self.compute_metrics(x, y, y_pred, sample_weight)

    def predict_step(self, data):
        """The model's outputs for one batch (``predict``)."""
        x, _, _ = unpack_x_y_sample_weight(data)
        return self(x, training=False)

    def _weights_to_train(self) -> list:
        """The trainable weights, read once the model has been called (it may have built them)."""
        if self._train_weights is None:
            self._train_weights = self.trainable_weights
        return self._train_weights

    def zero_grad(self) -> None:
        """Forget the gradients of every weight (``loss.backward()`` computes fresh ones anyway)."""
        for weight in self.weights:
            weight.grad = None

    # ------------------------------------------------------------------ loss
    def compute_loss(self, x=None, y=None, y_pred=None, sample_weight=None, training: bool = True) -> Tensor:
        """The compiled loss Σₖ wₖ·Lₖ(yₖ, ŷₖ) plus every penalty in ``self.losses`` (``add_loss``,
        regularisers): the number that training minimises."""
        total = None
        compiled = getattr(self, "_compiled_loss", None)
        if compiled is not None:
            total = compiled(y, y_pred, sample_weight, names=self._output_names_for(y_pred))
        if self._has_penalties is not False:  # after a batch without any, skip the walk over the layers
            penalties = self.losses
            self._has_penalties = bool(penalties) or any(
                getattr(layer, "activity_regularizer", None) is not None for layer in all_layers(self))
            for penalty in penalties:
                penalty = penalty if isinstance(penalty, Tensor) else Tensor(np.asarray(penalty, np.float32))
                if penalty.ndim:
                    from glassnet.ops import math as M
                    penalty = M.sum(penalty)
                total = penalty if total is None else total + penalty
        if total is None:
            raise ValueError(f"model {self.name!r}: no loss to compute. Pass loss=... to compile(), "
                             "or add one with self.add_loss(...) in call(), or override train_step")
        return total

    def _output_names_for(self, y_pred) -> list[str] | None:
        """The graph's output names (kept while the graph stays the same); None for a subclassed model."""
        graph = getattr(self, "_graph", None)
        if graph is None:
            return None
        cached = getattr(self, "_output_names_cache", None)
        if cached is None or cached[0] is not graph:
            cached = self._output_names_cache = (graph, self.output_names)
        return cached[1]

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
                      RuntimeWarning, stacklevel=4)

    # ------------------------------------------------------------------ metrics
    def compute_metrics(self, x, y, y_pred, sample_weight=None) -> dict:
        """Update the compiled metrics with this batch; return every metric's result."""
        compiled = getattr(self, "_compiled_metrics", None)
        if compiled is not None and not compiled.empty:
            values = y_pred.data if isinstance(y_pred, Tensor) else map_structure(_values, y_pred)
            compiled.update_state(y, values, sample_weight, names=self._output_names_for(y_pred))
        return self.get_metrics_result()

    def get_metrics_result(self) -> dict:
        """{name: result} of every metric in ``self.metrics`` (a container's dict is merged in)."""
        logs = {}
        for metric in self.metrics:
            result = metric.result()
            if isinstance(result, dict):
                logs.update(result)
            else:
                logs[metric.name] = as_number(result)
        return logs

    @property
    def metrics(self) -> list:
        """The loss tracker, the compiled metrics, each output's loss, and the metrics assigned
        to attributes of the model."""
        found = []
        if self.compiled:
            found.append(self._loss_tracker)
            if not self._compiled_metrics.empty:
                found.append(self._compiled_metrics)
            if self._compiled_loss is not None:
                found.extend(self._compiled_loss.metrics)
        if self._tracked_metrics is None:
            self._tracked_metrics = _metric_attributes(self)
        found.extend(m for m in self._tracked_metrics if all(m is not f for f in found))
        return found

    @property
    def metrics_names(self) -> list[str]:
        names = []
        for metric in self.metrics:
            inner = getattr(metric, "result_names", None)
            names.extend(inner if inner is not None else [metric.name])
        return names

    def reset_metrics(self) -> None:
        """Start every metric afresh (``fit`` does it at the start of each epoch)."""
        self._tracked_metrics = None
        for metric in self.metrics:
            metric.reset_state()


def _metric_attributes(model) -> list:
    found = []
    for name, value in vars(model).items():
        if name.startswith("_compiled") or name == "_loss_tracker":
            continue
        for item in (value if isinstance(value, (list, tuple)) else [value]):
            if isinstance(item, Metric):
                found.append(item)
    return found


def _values(output):
    return output.data if isinstance(output, Tensor) else output


def all_layers(model) -> list:
    """Every layer inside ``model``, nested models' layers included."""
    found, stack = [], list(model.layers)
    while stack:
        layer = stack.pop()
        found.append(layer)
        stack.extend(getattr(layer, "layers", []))
    return found
