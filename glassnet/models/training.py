"""The training loop behind ``compile`` / ``fit`` / ``evaluate`` / ``predict``.

One step of gradient descent on a batch, exactly as a course writes it by hand:

    ŷ = model(x_batch, training=True)               forward (the graph is recorded)
    L = loss(y_batch, ŷ) + Σ regularisation terms   (kernel_regularizer=L2(...), add_loss(...))
    L.backward()                                     dL/dθ for every weight θ
    optimizer.step(model.trainable_weights)          θ ← θ − η · dL/dθ  (or Adam's rule)

That step is ``model.train_step(data)`` (steps.py; a subclass may override it). ``fit``
repeats it for every batch of every epoch (the batches come from arrays, a generator, a
``PyDataset`` or a DataLoader: data_adapters.py), keeps the running loss and metrics, and
tells the callbacks (progress bar, History, EarlyStopping, ...) at each stage. The loss of
an epoch is the mean of the batch losses weighted by batch size, so it is the mean over all
samples, as in Keras. Several inputs and outputs: multi_io.py.
"""
from __future__ import annotations

import math

from glassnet.autodiff import no_grad
from glassnet.metrics._metric import Mean
from glassnet.models import data as D
from glassnet.models import data_adapters as A
from glassnet.models.functional import map_structure
from glassnet.models.inference import training_threads
from glassnet.models.lean_predict import arrays_of as _arrays_of, join_batches, predict_arrays
from glassnet.models.multi_io import CompiledLoss, CompiledMetrics, map_specs, pythonify, spec_leaves
from glassnet.models.steps import Steps, all_layers


class Trainer(Steps):
    """Mixed into ``Model``: everything between ``compile`` and a trained model."""

    def __init__(self):
        self.optimizer = None
        self.loss = None
        self.compiled = False
        self.stop_training = False
        self.history = None
        self._loss_fn = None
        self._compiled_loss = self._compiled_metrics = None
        self._loss_tracker = None
        self._metric_specs: list = []
        self._tracked_metrics = None
        self._train_weights = None
        self._has_penalties: bool | None = None  # any regularisation term? (None: not looked yet)

    # ------------------------------------------------------------------ compile
    def compile(self, optimizer="rmsprop", loss=None, loss_weights=None, metrics=None,
                weighted_metrics=None, run_eagerly=False, steps_per_execution=1, jit_compile="auto",
                auto_scale_loss=True) -> None:
        """Choose how to learn: the optimizer, the loss to minimise and the metrics to report.

        ``optimizer`` and ``loss`` take a name ('adam', 'sparse_categorical_crossentropy') or an
        object; with several outputs ``loss``, ``loss_weights`` and ``metrics`` may be lists (in
        the order of the outputs) or dicts keyed by output name. ``loss`` may be left out when
        ``train_step`` is overridden or the model adds its own losses (``add_loss``). The
        remaining Keras arguments concern graph compilation and are accepted and ignored.
        """
        from glassnet import losses, optimizers
        from glassnet.metrics import get as get_metric
        self.optimizer = optimizers.get(optimizer)
        self.loss = loss
        self._compiled_loss = None if loss is None else CompiledLoss(loss, loss_weights)
        for spec in spec_leaves(loss):
            if spec is not None:
                losses.get(spec)  # fail now, not mid-training, on a bad name
        self._loss_fn = losses.get(loss) if loss is not None and not isinstance(loss, (list, tuple)) \
            and not _is_loss_dict(loss) else None
        if getattr(self, "_graph", None) is not None and self._compiled_loss is not None:
            self._compiled_loss.build(self.output_names)  # wrong output names fail here
        self._metric_specs = metrics if isinstance(metrics, dict) else list(metrics or [])
        for spec in spec_leaves(metrics or []) + spec_leaves(weighted_metrics or []):
            if spec is not None and not (isinstance(spec, str) and spec.lower() in ("accuracy", "acc")):
                get_metric(spec)
        self._compiled_metrics = CompiledMetrics(metrics or [], weighted_metrics, self._compiled_loss)
        self._loss_tracker = Mean(name="loss")
        self._tracked_metrics = None
        self.compiled = True

    @property
    def _metric_objects(self) -> list | None:
        """The compiled metric objects, once made on the first batch."""
        if self._compiled_metrics is None or self._compiled_metrics.built_metrics is None:
            return None
        return self._compiled_metrics.metrics

    def get_compile_config(self) -> dict | None:
        """The compile settings as JSON (for model files); None when something cannot be written
        (a custom loss function): the file then loads uncompiled, with a warning when saving."""
        if not self.compiled:
            return None
        from glassnet import losses, optimizers
        try:
            loss = None if self.loss is None else map_specs(
                lambda spec: None if spec is None else losses.serialize(spec), self.loss)
            config = {"optimizer": optimizers.serialize(self.optimizer), "loss": loss,
                      "metrics": map_specs(_metric_to_json, self._metric_specs)}
            if self._compiled_loss is not None and self._compiled_loss.weights_spec is not None:
                config["loss_weights"] = self._compiled_loss.weights_spec
            return config
        except (TypeError, ValueError) as error:
            import warnings
            warnings.warn(f"model {self.name!r}: the compile settings cannot be saved ({error}); "
                          "the loaded model will need compile() again", UserWarning, stacklevel=3)
            return None

    def _require_compiled(self, method: str) -> None:
        if not self.compiled:
            raise RuntimeError(f"You must call compile(optimizer=..., loss=...) before {method}()")

    # ------------------------------------------------------------------ data
    def _inputs(self, x, name: str = "x", check: bool = True):
        """x as floatx arrays: one array, or a list / dict of them for several inputs."""
        if x is None:
            raise ValueError(f"{name} is required")
        graph = getattr(self, "_graph", None)
        several = graph is not None and len(graph.inputs) > 1
        text = self._takes_text()
        if isinstance(x, dict) or (isinstance(x, (list, tuple)) and (several or D.several_arrays(x))):
            if several and isinstance(x, (list, tuple)) and len(x) != len(graph.inputs):
                raise ValueError(f"{name}: model {self.name!r} has {len(graph.inputs)} inputs; "
                                 f"pass a list of {len(graph.inputs)} arrays")
            if isinstance(x, dict):
                return {key: D.as_float_array(v, f"{name}[{key!r}]", check, text) for key, v in x.items()}
            arrays = [D.as_float_array(v, f"{name}[{i}]", check, text) for i, v in enumerate(x)]
            return arrays[0] if len(arrays) == 1 and not several else arrays
        if several:
            raise ValueError(f"{name}: model {self.name!r} has {len(graph.inputs)} inputs; "
                             f"pass a list of {len(graph.inputs)} arrays (or a dict keyed by input name)")
        return D.as_float_array(x, name, check, text)

    def _takes_text(self) -> bool:
        """Whether the model reads text: a keras.Input(dtype="string"), or a text layer first in a stack."""
        for layer in getattr(self, "layers", []):
            if getattr(layer, "input_dtype", None) is not None and layer.input_dtype.kind in "OUS":
                return True
            if type(layer).__name__ != "InputLayer":
                return bool(getattr(layer, "_accepts_strings", False)) and not hasattr(layer, "_takes_text")
        return False

    def _targets(self, y, name: str = "y"):
        """y as arrays (one, or a list / dict for several outputs); integer labels kept for sparse losses."""
        sparse = self.loss is None or "sparse" in str(self.loss).lower() or (
            self._loss_fn is not None and "sparse" in type(self._loss_fn).__name__.lower())
        if isinstance(y, dict):
            return {key: D.as_target_array(v, f"{name}[{key!r}]", sparse) for key, v in y.items()}
        if isinstance(y, (list, tuple)) and D.several_arrays(y):
            arrays = [D.as_target_array(v, f"{name}[{i}]", sparse) for i, v in enumerate(y)]
            return arrays[0] if len(arrays) == 1 else arrays
        return D.as_target_array(y, name, sparse)

    def _array_data(self, x, y, sample_weight, batch_size, shuffle=False, class_weight=None, prefix=""):
        """Arrays checked once and converted once (models/data.py), ready to be sliced into batches."""
        xs = self._inputs(x, prefix + "x")
        ys = None if y is None else self._targets(y, prefix + "y")
        sw = None if sample_weight is None else map_structure(
            lambda w: D.as_float_array(w, prefix + "sample_weight"), sample_weight)
        D.check_lengths(D.named_leaves(prefix + "x", xs) + D.named_leaves(prefix + "y", ys)
                        + D.named_leaves(prefix + "sample_weight", sw))
        if class_weight:
            if ys is None or isinstance(ys, (list, dict)):
                raise ValueError("class_weight needs the targets of a single-output model; "
                                 "give sample_weight per output instead")
            extra = D.class_weights_to_sample_weights(ys, class_weight)
            sw = extra if sw is None else sw * extra
        return A.ArrayData(xs, ys, sw, batch_size, shuffle)

    def _data(self, x, y, sample_weight, batch_size, shuffle=False, class_weight=None, prefix=""):
        """The batch source for arrays, a generator, a PyDataset or an iterable of batches."""
        if A.is_batch_source(x):
            A.refuse_extra_arguments(type(x).__name__, y=y, sample_weight=sample_weight)
            source = A.batch_source(x, prefix + "x")
            return A.ClassWeighted(source, class_weight) if class_weight else source
        return self._array_data(x, y, sample_weight, batch_size, shuffle, class_weight, prefix)

    def _validation_data(self, validation_data, batch_size):
        if A.is_batch_source(validation_data):
            return A.batch_source(validation_data, "validation_data")
        x_val, y_val, sw_val = D.unpack_validation_data(validation_data)
        return self._array_data(x_val, y_val, sw_val, batch_size, prefix="val_")

    # ------------------------------------------------------------------ fit
    def fit(self, x=None, y=None, batch_size=None, epochs: int = 1, verbose="auto", callbacks=None,
            validation_split: float = 0.0, validation_data=None, shuffle: bool = True, class_weight=None,
            sample_weight=None, initial_epoch: int = 0, steps_per_epoch=None, validation_steps=None,
            validation_batch_size=None, validation_freq: int = 1):
        """Train for ``epochs`` passes over the data in batches of ``batch_size`` (32 by default).

        ``x`` is an array (a list or dict of arrays for several inputs), or a generator, a
        ``PyDataset`` or an iterable of ``(x, y[, sample_weight])`` batches. Returns the
        ``History`` callback: ``history.history['loss']``, ``['val_loss']``, and one list per
        metric ('accuracy', 'val_accuracy', ...).
        """
        self._require_compiled("fit")
        self._has_penalties = None
        batch_size = D.positive_int(32 if batch_size is None else batch_size, "batch_size")
        steps_per_epoch = None if steps_per_epoch is None else D.positive_int(steps_per_epoch, "steps_per_epoch")
        source = self._data(x, y, sample_weight, batch_size, shuffle, class_weight)
        val_source = None
        if validation_data is not None:
            val_source = self._validation_data(validation_data, validation_batch_size or batch_size)
        elif validation_split:
            if not isinstance(source, A.ArrayData):
                raise ValueError("validation_split works with arrays only; with a generator or dataset, "
                                 "pass validation_data")
            source, val_source = source.split(validation_split, validation_batch_size or batch_size)
        train = A.EpochIterator(source, steps_per_epoch)
        validation_steps = None if validation_steps is None else D.positive_int(validation_steps, "validation_steps")
        # each validation starts from the first batch, so every epoch's val_loss is on the same samples
        val = None if val_source is None else _Restarting(val_source, validation_steps)
        callback_list = self._callbacks(callbacks, verbose, history=True, epochs=epochs, steps=train.steps_per_epoch,
                                        batch_size=batch_size, samples=getattr(source, "num_samples", None),
                                        do_validation=val is not None)
        plain_step = type(self).train_step is Steps.train_step
        self.stop_training = False
        self._train_weights = None
        callback_list.on_train_begin()
        epoch_logs: dict = {}
        with training_threads(all_layers(self)):   # a conv net's batches in parts on each core
            for epoch in range(initial_epoch, epochs):
                self.reset_metrics()
                callback_list.on_epoch_begin(epoch)
                logs: dict = {}
                diverged = False
                for step, data in train.epoch():
                    callback_list.on_train_batch_begin(step)
                    step_logs = self.train_step(data)
                    if step_logs is None:
                        diverged = True
                        break
                    logs = step_logs if plain_step else pythonify(step_logs)
                    callback_list.on_train_batch_end(step, logs)
                    if self.stop_training:
                        break
                if diverged:  # only the History hears of it: checkpoints and early stopping never see this epoch
                    epoch_logs = {name: logs.get(name, math.nan) for name in self.metrics_names}
                    epoch_logs["loss"] = self._diverged_loss
                    if val is not None:  # the weights kept (those of the last finite step) on the validation data
                        epoch_logs.update(self._validate(val, callback_list))
                    callback_list.history.on_epoch_end(epoch, epoch_logs)
                    break
                if train.ran_out and not logs:
                    break  # a generator with nothing left: Keras stops without another epoch
                epoch_logs = dict(logs)
                if val is not None and (epoch + 1) % validation_freq == 0:
                    epoch_logs.update(self._validate(val, callback_list))
                callback_list.on_epoch_end(epoch, epoch_logs)
                if self.stop_training or train.ran_out:
                    break
        if epochs > initial_epoch and hasattr(self.optimizer, "finalize_variable_values"):
            self.optimizer.finalize_variable_values(self.trainable_weights)   # use_ema: the averaged weights
        callback_list.on_train_end(epoch_logs)
        self.history = callback_list.history
        return self.history

    def _validate(self, val, callback_list) -> dict:
        logs = self._test_loop(val.fresh(), callback_list)
        return {"val_" + key: value for key, value in logs.items()}

    def _callbacks(self, callbacks, verbose, history: bool = False, **params):
        from glassnet.callbacks import CallbackList
        verbose = 1 if verbose == "auto" else int(verbose)
        return CallbackList(callbacks, model=self, add_history=history, add_progbar=verbose != 0,
                            verbose=verbose, **params)

    # ------------------------------------------------------------------ evaluate / predict
    def _test_loop(self, batches, callback_list) -> dict:
        """``test_step`` on every batch of one pass, with the on_test_* callbacks; the last logs."""
        self.reset_metrics()
        plain_step = type(self).test_step is Steps.test_step
        logs: dict = {}
        callback_list.on_test_begin()
        with no_grad():
            for step, data in batches.epoch():
                callback_list.on_test_batch_begin(step)
                logs = self.test_step(data)
                logs = logs if plain_step else pythonify(logs)
                callback_list.on_test_batch_end(step, logs)
        callback_list.on_test_end(logs)
        return logs

    def evaluate(self, x=None, y=None, batch_size=None, verbose="auto", sample_weight=None, steps=None,
                 callbacks=None, return_dict: bool = False):
        """The loss (and metrics) on the data, without training: a float, or [loss, metric, ...]
        (a dict with ``return_dict=True``)."""
        self._require_compiled("evaluate")
        self._has_penalties = None
        batch_size = D.positive_int(32 if batch_size is None else batch_size, "batch_size")
        batches = A.EpochIterator(self._data(x, y, sample_weight, batch_size),
                                  None if steps is None else D.positive_int(steps, "steps"))
        callback_list = self._callbacks(callbacks, verbose, epochs=1, steps=batches.steps_per_epoch,
                                        batch_size=batch_size, do_validation=False)
        with training_threads(all_layers(self)):   # as in fit: a conv net's batches in parts on each core
            logs = self._test_loop(batches, callback_list)
        return _format_results(logs, return_dict)

    def predict(self, x, batch_size=None, verbose="auto", steps=None, callbacks=None):
        """The model's outputs for x, batch by batch, without recording a graph: an ndarray (a list
        or dict of them for several outputs). A convolution network given arrays runs several
        batches at once on several cores (models/inference.py); a stack of dense layers skips the
        Tensors after its first batch (models/lean_predict.py)."""
        batch_size = D.positive_int(32 if batch_size is None else batch_size, "batch_size")
        steps = None if steps is None else D.positive_int(steps, "steps")
        if A.is_batch_source(x):
            batches = A.EpochIterator(A.batch_source(x), steps)
        else:  # NaN in, NaN out: visible, and harmless at inference
            batches = A.EpochIterator(A.ArrayData(self._inputs(x, check=False), None, None, batch_size), steps)
        callback_list = self._callbacks(callbacks, verbose, epochs=1, steps=batches.steps_per_epoch,
                                        batch_size=batch_size, do_validation=False)
        callback_list.on_predict_begin()
        if isinstance(batches.source, A.ArrayData) and type(self).predict_step is Steps.predict_step:
            outputs = predict_arrays(self, batches.source, batches.steps_per_epoch, batch_size, callback_list)
        else:
            chunks = []
            for step, data in batches.epoch():
                callback_list.on_predict_batch_begin(step)
                with no_grad():
                    chunks.append(_arrays_of(self.predict_step(data)))
                callback_list.on_predict_batch_end(step, {"outputs": chunks[-1]})
            outputs = join_batches(chunks)
        callback_list.on_predict_end()
        return outputs  # one array, or the outputs' list / dict

    def train_on_batch(self, x, y=None, sample_weight=None, class_weight=None, return_dict: bool = False):
        """One gradient step on this batch; returns its loss (and metrics) like ``evaluate``."""
        self._require_compiled("train_on_batch")
        self._has_penalties = None
        arrays = self._array_data(x, y, sample_weight, 1, class_weight=class_weight)
        self.reset_metrics()
        self._train_weights = None  # read again: trainable flags may have changed since the last call
        logs = self.train_step(arrays.batch(slice(None)))
        logs = {"loss": float("nan")} if logs is None else pythonify(logs)
        return _format_results(logs, return_dict)

    def test_on_batch(self, x, y=None, sample_weight=None, return_dict: bool = False):
        """Loss (and metrics) on one batch, without training."""
        self._require_compiled("test_on_batch")
        self._has_penalties = None
        arrays = self._array_data(x, y, sample_weight, 1)
        self.reset_metrics()
        with no_grad():
            logs = pythonify(self.test_step(arrays.batch(slice(None))))
        return _format_results(logs, return_dict)

    def predict_on_batch(self, x):
        """The outputs for one batch (an ndarray), without recording a graph."""
        with no_grad():
            out = self.predict_step(A.pack_x_y_sample_weight(self._inputs(x)))
        return _arrays_of(out)


def _is_serialized(value) -> bool:
    return isinstance(value, dict) and "class_name" in value


def _is_loss_dict(value) -> bool:
    return isinstance(value, dict) and not _is_serialized(value)


def _format_results(logs: dict, return_dict: bool):
    if return_dict:
        return dict(logs)
    values = list(logs.values())
    return values[0] if len(values) == 1 else values


def _metric_to_json(metric):
    if isinstance(metric, str) or metric is None:
        return metric
    from glassnet.metrics import Metric, serialize
    if isinstance(metric, Metric) and type(metric).__name__ != "MeanMetricWrapper":
        return serialize(metric)
    raise ValueError(f"the metric {metric!r} is a custom function; only named metrics can be saved")


class _Restarting:
    """Validation batches: a fresh pass (at most ``steps`` batches) at every validation."""

    def __init__(self, source, steps):
        self.source, self.steps = source, steps

    def fresh(self):
        return A.EpochIterator(self.source, self.steps)
