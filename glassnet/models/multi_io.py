"""The compiled loss and metrics of a model with one output or several.

A model with outputs ŷ₁ … ŷ_k (a list, or a dict keyed by name) is trained on

    L = Σₖ wₖ · Lₖ(yₖ, ŷₖ)  (+ the penalties of ``model.losses``)

where ``compile(loss=..., loss_weights=...)`` gives each output its loss Lₖ and weight wₖ:

* one loss for every output: ``loss='mse'``;
* a list in the order of the outputs: ``loss=['mse', 'binary_crossentropy']``;
* a dict keyed by output name: ``loss={'price': 'mse', 'sold': 'binary_crossentropy'}``
  (an output missing from the dict is not trained by a loss);

``loss_weights`` comes the same ways (a float for a single output; an output missing from a dict
weighs 1), and the targets come the same way: a list in the order of the outputs or a dict keyed by
their names. The names are those of ``model.output_names``: the keys of a dict of outputs,
else the names of the layers that make them. With several outputs the logs also hold each
output's loss, ``<output>_loss`` (when more than one output has a loss, as in Keras 3), and each
metric as ``<output>_<metric>`` (Keras's names).
"""
from __future__ import annotations

from glassnet.metrics._metric import Mean, Metric, MetricValue


def as_output_list(values, names: list[str], what: str, broadcast: bool = True) -> list:
    """``values`` given for the outputs (one, a list, or a dict keyed by output name) as a list
    with one entry per output (None where a dict leaves an output out)."""
    if len(names) == 1:
        if isinstance(values, dict) and not _is_serialized(values):
            if names[0] in values:
                return [values[names[0]]]
            if len(values) == 1:
                return list(values.values())
            raise ValueError(f"{what}: the model's output is named {names[0]!r}; got keys {sorted(values)}")
        if isinstance(values, (list, tuple)) and len(values) == 1 and what != "metrics":
            return [values[0]]
        return [values]
    if isinstance(values, dict) and not _is_serialized(values):
        unknown = [key for key in values if key not in names]
        if unknown:
            raise ValueError(f"{what}: keys {unknown} are not output names; the outputs are {names}")
        return [values.get(name) for name in names]
    if isinstance(values, (list, tuple)):
        if len(values) != len(names):
            raise ValueError(f"{what}: the model has {len(names)} outputs {names}; got a list of {len(values)}")
        return list(values)
    if not broadcast:
        raise ValueError(f"{what}: the model has {len(names)} outputs {names}; pass a list of {len(names)} "
                         "arrays in that order, or a dict keyed by output name")
    return [values] * len(names)


def _is_serialized(value) -> bool:
    return isinstance(value, dict) and "class_name" in value


def map_specs(fn, specs):
    """``fn`` on every loss or metric given to compile: one, or in lists / dicts per output
    (a serialized ``{"class_name": ...}`` dict counts as one)."""
    if isinstance(specs, (list, tuple)):
        return [map_specs(fn, spec) for spec in specs]
    if isinstance(specs, dict) and not _is_serialized(specs):
        return {key: map_specs(fn, spec) for key, spec in specs.items()}
    return fn(specs)


def spec_leaves(specs) -> list:
    """Every loss or metric given to compile, from any nesting of lists and dicts."""
    found: list = []
    map_specs(found.append, specs)
    return found


def outputs_as_list(y_pred, names: list[str]) -> list:
    if isinstance(y_pred, dict):
        return [y_pred[name] for name in names]
    if isinstance(y_pred, (list, tuple)):
        return list(y_pred)
    return [y_pred]


def output_names_of(y_pred) -> list[str]:
    """Names for the outputs of a model that does not declare them (a subclassed model)."""
    if isinstance(y_pred, dict):
        return list(y_pred)
    if isinstance(y_pred, (list, tuple)) and len(y_pred) > 1:
        return [f"output_{i + 1}" for i in range(len(y_pred))]
    return ["output"]


class CompiledLoss:
    """Σₖ wₖ · Lₖ(yₖ, ŷₖ) over the outputs that have a loss, with a tracker per output."""

    def __init__(self, loss, loss_weights=None):
        self.spec, self.weights_spec = loss, loss_weights
        self.losses: list | None = None
        self.names: list[str] | None = None
        self.metrics: list[Mean] = []

    def build(self, names: list[str]) -> None:
        from glassnet import losses
        self.names = list(names)
        self.losses = [None if spec is None else losses.get(spec)
                       for spec in as_output_list(self.spec, self.names, "compile(loss=...)")]
        weights = [1.0] * len(names) if self.weights_spec is None else as_output_list(
            self.weights_spec, self.names, "compile(loss_weights=...)")
        self.loss_weights = [1.0 if w is None else float(w) for w in weights]
        trained = [name for name, fn in zip(names, self.losses) if fn is not None]
        if len(trained) > 1:   # Keras 3 logs <output>_loss only when several outputs have a loss
            self.metrics = [Mean(name=f"{name}_loss") for name in trained]

    def is_sparse(self, index: int = 0) -> bool:
        fn = self.losses[index] if self.losses else None
        return fn is not None and "sparse" in type(fn).__name__.lower()

    def __call__(self, y, y_pred, sample_weight=None, names: list[str] | None = None):
        if self.losses is None:
            self.build(names or output_names_of(y_pred))
        if len(self.names) == 1:  # the usual case, kept short
            fn, weight = self.losses[0], self.loss_weights[0]
            if fn is None:
                return None
            value = fn(_single(y, self.names), _single(y_pred, self.names), sample_weight=sample_weight)
            return value * weight if weight != 1.0 else value   # loss_weights=2.0 scales one output's loss too
        predictions = outputs_as_list(y_pred, self.names)
        targets = as_output_list(y, self.names, "y", broadcast=False)
        weights = as_output_list(sample_weight, self.names, "sample_weight") if isinstance(
            sample_weight, (list, tuple, dict)) else [sample_weight] * len(self.names)
        total, trackers = None, iter(self.metrics)
        batch = None
        for name, fn, weight, target, prediction, sw in zip(self.names, self.losses, self.loss_weights, targets,
                                                             predictions, weights):
            if fn is None:
                continue
            if target is None:
                raise ValueError(f"y has no targets for output {name!r}, "
                                 "which has a loss")
            value = fn(target, prediction, sample_weight=sw)
            batch = batch or len(target)
            tracker = next(trackers, None)
            if tracker is not None:
                tracker.update_state(float(value.data), sample_weight=batch)
            term = value * weight if weight != 1.0 else value
            total = term if total is None else total + term
        return total


class CompiledMetrics(Metric):
    """The metrics of ``compile(metrics=..., weighted_metrics=...)``, made on the first batch
    (``'accuracy'`` becomes binary, categorical or sparse accuracy from the labels' shape).

    ``result()`` is a dict: ``{metric: value}``, or ``{<output>_<metric>: value}``.
    ``metrics`` are not weighted by ``sample_weight`` (Keras 3); ``weighted_metrics`` are.
    """

    def __init__(self, metrics, weighted_metrics=None, loss=None):
        super().__init__(name="compile_metrics")
        self.specs, self.weighted_specs, self._loss = metrics, weighted_metrics, loss
        self.built_metrics: list | None = None  # (output index, metric, weighted, key in the logs)

    @property
    def empty(self) -> bool:
        return not self.specs and not self.weighted_specs

    def build(self, y, y_pred, names: list[str]) -> None:
        from glassnet.metrics import get_for_compile
        self.names = list(names)
        built: list = []
        targets, predictions = as_output_list(y, names, "y", broadcast=False), outputs_as_list(y_pred, names)
        losses = self._loss.losses if self._loss is not None and self._loss.losses else [None] * len(names)
        for specs, weighted in ((self.specs, False), (self.weighted_specs, True)):
            if not specs:
                continue
            per_output = _metrics_per_output(specs, names)
            for index, output_specs in enumerate(per_output):
                for spec in output_specs or []:
                    metric = get_for_compile(spec, targets[index], predictions[index], losses[index])
                    key = f"{names[index]}_{metric.name}" if len(names) > 1 else metric.name
                    if weighted and any(key == other for _, _, _, other in built):
                        key = "weighted_" + key
                    built.append((index, metric, weighted, key))  # the metric's own name is left as given
        self.built_metrics = built

    def update_state(self, y, y_pred, sample_weight=None, names: list[str] | None = None) -> None:
        if self.built_metrics is None:
            self.build(y, y_pred, names or output_names_of(y_pred))
        if not self.built_metrics:
            return
        if len(self.names) == 1:
            y, y_pred = _single(y, self.names), _single(y_pred, self.names)
            for _, metric, weighted, _ in self.built_metrics:
                metric.update_state(y, y_pred, sample_weight if weighted else None)
            return
        targets, predictions = as_output_list(y, self.names, "y", broadcast=False), outputs_as_list(y_pred, self.names)
        weights = as_output_list(sample_weight, self.names, "sample_weight") if isinstance(
            sample_weight, (list, tuple, dict)) else [sample_weight] * len(self.names)
        for index, metric, weighted, _ in self.built_metrics:
            if targets[index] is not None:
                metric.update_state(targets[index], predictions[index], weights[index] if weighted else None)

    def result(self) -> dict:
        return {key: as_number(metric.result()) for _, metric, _, key in self.built_metrics or []}

    def reset_state(self) -> None:
        for _, metric, _, _ in getattr(self, "built_metrics", None) or []:
            metric.reset_state()

    @property
    def metrics(self) -> list:
        return [metric for _, metric, _, _ in self.built_metrics or []]

    @property
    def result_names(self) -> list[str]:
        return [key for _, _, _, key in self.built_metrics or []]


def _single(values, names: list[str]):
    """The one output's value from a one-element list or dict (Model(inputs, [out]) or {name: out})."""
    if isinstance(values, (list, tuple)) and len(values) == 1:
        return values[0]
    if isinstance(values, dict) and not _is_serialized(values):
        return as_output_list(values, names, "y")[0]
    return values


def _metrics_per_output(specs, names: list[str]) -> list:
    """compile(metrics=...) as one list of metric specs per output.

    A flat list with one output: those metrics. A list of lists: one list per output. A dict:
    by output name (a single metric or a list). A flat list with several outputs: every
    metric on every output.
    """
    if isinstance(specs, dict):
        return [_as_list(specs.get(name)) for name in names]
    specs = list(specs)
    if len(names) > 1 and specs and all(isinstance(s, (list, tuple)) or s is None for s in specs):
        if len(specs) != len(names):
            raise ValueError(f"compile(metrics=...): {len(specs)} lists of metrics for {len(names)} outputs {names}")
        return [_as_list(s) for s in specs]
    return [specs for _ in names]


def _as_list(value) -> list:
    if value is None:
        return []
    return list(value) if isinstance(value, (list, tuple)) else [value]


def as_number(value):
    """A metric's result as a Python float (with ``.numpy()``) when it is one number (a custom
    metric may return a Tensor or an array); anything else as it is."""
    if isinstance(value, float):
        return value
    data = getattr(value, "data", value)
    try:
        return MetricValue(float(data.item() if hasattr(data, "item") else data))
    except (TypeError, ValueError):
        return value


def pythonify(logs: dict) -> dict:
    """Logs as plain numbers (a custom train_step may return Tensors or arrays)."""
    out = {}
    for key, value in logs.items():
        if isinstance(value, dict):
            out.update(pythonify(value))
        else:
            out[key] = as_number(value)
    return out
