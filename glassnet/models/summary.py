"""``model.summary()``: one row per layer with its output shape and parameter count.

The count of a Dense layer is (inputs × units) weights + units biases: a Dense(3) on 4
inputs has 4·3 + 3 = 15 parameters, a Dense(1) after it 3·1 + 1 = 4, total 19 — the
numbers Keras prints for the same model. The totals also give the memory the weights
take (4 bytes per float32 parameter), as Keras 3 does.
"""
from __future__ import annotations

from glassnet.models.functional import flatten


def _shape_text(shape) -> str:
    if shape is None:
        return "?"
    if isinstance(shape, list) and shape and isinstance(shape[0], (tuple, list)):
        return ", ".join(_shape_text(s) for s in shape)
    shape = tuple(shape)
    return "(" + ", ".join("None" if d is None else str(d) for d in shape) + ("," if len(shape) == 1 else "") + ")"


def _bytes_text(n_bytes: float) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if n_bytes < 1024 or unit == "GB":
            return f"{n_bytes:.2f} {unit}"
        n_bytes /= 1024
    return f"{n_bytes:.2f} GB"


def _output_shape(layer, node=None):
    if node is not None:
        return tuple(node.output.shape)
    try:
        return layer.output_shape
    except (AttributeError, ValueError, TypeError):
        return None


def _param_text(layer) -> str:
    built = getattr(layer, "built", True)
    count = sum(int(w.data.size) for w in layer.weights)
    return f"{count:,}" if built or count else "0 (unbuilt)"


def _rows(model, show_connections: bool, expand_nested: bool = False) -> list[list[str]]:
    graph = getattr(model, "_graph", None)
    from glassnet.models.sequential import Sequential
    rows = []
    if graph is not None and not isinstance(model, Sequential):
        names = {}
        for i, tensor in enumerate(graph.inputs):
            name = getattr(tensor, "name", None) or f"input_{i}"
            names[id(tensor)] = name
            rows.append([f"{name} (InputLayer)", _shape_text(tuple(tensor.shape)), "0", "-"])
        called: set[int] = set()   # a layer's parameters are counted at its first call only
        for node in graph.nodes:
            names[id(node.output)] = node.layer.name
            sources = [names.get(id(t), "?") for t in flatten(node.arguments)]
            params = "0 (shared)" if id(node.layer) in called else _param_text(node.layer)
            called.add(id(node.layer))
            rows.append([f"{node.layer.name} ({type(node.layer).__name__})", _shape_text(_output_shape(node.layer, node)),
                         params, ", ".join(sources)])
            rows += _nested(node.layer, expand_nested)
    else:
        for layer in model.layers:
            rows.append([f"{layer.name} ({type(layer).__name__})", _shape_text(_output_shape(layer)),
                         _param_text(layer), ""])
            rows += _nested(layer, expand_nested)
    if not show_connections:
        rows = [row[:3] for row in rows]
    return rows


def _is_chain(graph) -> bool:
    """One input, one output, every tensor used once: the rows alone tell how data flows."""
    if len(graph.inputs) != 1 or len(graph.outputs) != 1:
        return False
    uses: dict[int, int] = {}
    for node in graph.nodes:
        arguments = flatten(node.arguments)
        if len(arguments) != 1:
            return False
        uses[id(arguments[0])] = uses.get(id(arguments[0]), 0) + 1
    return all(count == 1 for count in uses.values())


def _nested(layer, expand_nested: bool) -> list[list[str]]:
    """The rows of a model used as a layer, indented, when ``expand_nested``."""
    from glassnet.models.model import Model
    if not expand_nested or not isinstance(layer, Model):
        return []
    return [["  └ " + row[0], *row[1:3], ""] for row in _rows(layer, True, True)]


def print_summary(model, line_length: int | None = None, positions=None, print_fn=None,
                  expand_nested: bool = False, show_trainable: bool = False) -> None:
    """Print the table; ``print_fn`` receives each line (default: ``print``)."""
    print_fn = print_fn or print
    graph = getattr(model, "_graph", None)
    from glassnet.models.sequential import Sequential
    connected = graph is not None and not isinstance(model, Sequential) and not _is_chain(graph)
    headers = ["Layer (type)", "Output Shape", "Param #"] + (["Connected to"] if connected else [])
    rows = _rows(model, connected, expand_nested)
    if show_trainable:
        headers.append("Trainable")
        layers = {f"{layer.name} ({type(layer).__name__})": layer for layer in model.layers}
        for row in rows:
            layer = layers.get(row[0])
            row.append("-" if layer is None or not layer.weights else ("Y" if layer.trainable else "N"))
    widths = [max(len(h), *(len(r[i]) for r in rows)) + 2 if rows else len(h) + 2 for i, h in enumerate(headers)]
    if line_length is not None:
        widths[0] = max(widths[0], line_length - sum(widths[1:]))
    if positions is not None:  # Keras's relative or absolute column ends
        line_length = line_length or 98
        ends = [int(p * line_length) if p <= 1 and line_length else int(p) for p in positions]
        widths = [max(end - start, 4) for start, end in zip([0] + ends[:-1], ends)] + widths[len(ends):]
    total_width = sum(widths)

    def line(cells):
        parts = []
        for i, (cell, width) in enumerate(zip(cells, widths)):
            text = str(cell)
            if i < len(cells) - 1 and len(text) > width - 1:
                text = text[:width - 2] + "…"
            parts.append(text.ljust(width))
        return "".join(parts).rstrip()

    print_fn(f'Model: "{model.name}"')
    print_fn("_" * total_width)
    print_fn(line(headers))
    print_fn("=" * total_width)
    for i, row in enumerate(rows):
        print_fn(line(row))
        print_fn(("=" if i == len(rows) - 1 else "_") * total_width)
    if not rows:
        print_fn("=" * total_width)
    trainable = sum(int(w.data.size) for w in model.trainable_weights)
    total = sum(int(w.data.size) for w in model.weights)
    sizes = {id(w): w.data.nbytes for w in model.weights}
    trainable_bytes = sum(sizes[id(w)] for w in model.trainable_weights)
    total_bytes = sum(sizes.values())
    print_fn(f" Total params: {total:,} ({_bytes_text(total_bytes)})")
    print_fn(f" Trainable params: {trainable:,} ({_bytes_text(trainable_bytes)})")
    print_fn(f" Non-trainable params: {total - trainable:,} ({_bytes_text(total_bytes - trainable_bytes)})")
    if getattr(model, "optimizer", None) is not None and getattr(model.optimizer, "variables", None):
        optimizer_values = sum(int(v.size) for v in model.optimizer.variables)
        optimizer_bytes = sum(int(v.nbytes) for v in model.optimizer.variables)
        print_fn(f" Optimizer params: {optimizer_values:,} ({_bytes_text(optimizer_bytes)})")
