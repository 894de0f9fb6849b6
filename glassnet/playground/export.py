""""Export as Python": a short Keras-style glassnet script that replays the page's training.

The script regenerates the same data (same set, noise, split and seed; placed or loaded
points are written out literally), builds the same layers with the same initial weights
(the same seeded initializers), and trains with the hand-written loop the course teaches,
in the page's own batch order (the same seeded generator), replaying what the user did
while it trained (weights and biases edited by hand, points placed, learning rate and batch
size changed) before the epoch where it happened. So, run as it is, it reaches the page's
losses at the page's epochs, and prints them as the page shows them (three significant
digits). Every value written into the script comes from a validated configuration (fixed
names and checked numbers), never from free text, so the script cannot carry anything the
user typed.
"""
from __future__ import annotations

import numpy as np

from glassnet.playground import data
from glassnet.playground.session import Session, output_spec

DEFAULT_EPOCHS = 100

_PAGE_LOSS = {
    "half_squared": ('"""The loss the page shows: the mean of ½(ŷ − y)² over the points."""',
                     "return float(np.mean(0.5 * (p - y) ** 2))"),
    "binary_crossentropy": ('"""The loss the page shows: the mean cross-entropy over the points."""',
                            "p = np.clip(p, 1e-7, 1 - 1e-7)\n"
                            "    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))"),
    "sparse_categorical_crossentropy": (
        '"""The loss the page shows: the mean cross-entropy over the points."""',
        "return float(-np.mean(np.log(np.clip(p[np.arange(len(y)), y], 1e-7, 1.0))))"),
}

_TARGETS = {
    "multiclass": "return labels.astype(np.int64)  # class numbers",
    "cross_entropy": "return ((labels + 1) / 2).astype(np.float32)[:, None]  # ±1 labels → 0/1",
    "plain": "return labels.astype(np.float32)[:, None]",
}


def _points_literal(points) -> str:
    rows = ", ".join(f"[{x1!r}, {x2!r}, {y!r}]" for x1, x2, y in np.asarray(points, dtype=np.float64).tolist())
    return f"np.array([{rows}])"


def _optimizer_expression(config: dict) -> str:
    rate = repr(float(config["learning_rate"]))
    if config["optimizer"] == "adam":
        return f"keras.optimizers.Adam(learning_rate={rate})"
    if config["optimizer"] == "momentum":
        return f"keras.optimizers.SGD(learning_rate={rate}, momentum=0.9)"
    return f"keras.optimizers.SGD(learning_rate={rate})"


def _dense_line(units: int, activation: str, seed: int, regularizer: str) -> str:
    return (f"    layers.Dense({units}, activation={activation!r},\n"
            f"                 kernel_initializer=RandomUniform(-0.5, 0.5, seed={seed}), "
            f"bias_initializer=Constant(0.1){regularizer}),")


def _initial_config(session: Session) -> dict:
    """The settings the run started with (changes made while it trained are replayed as edits)."""
    return {**session.config, **session.start_values}


def _data_lines(session: Session, fraction: float) -> list[str]:
    c = session.config
    if c["dataset"] == data.CUSTOM:
        lines = [f"points = {_points_literal(session.loaded_points)}",
                 f"dataset = split(points[:, :2], points[:, 2], train_fraction={fraction:g}, seed={c['seed']})"]
    else:
        lines = [f"dataset = make_dataset({c['dataset']!r}, noise={c['noise'] / 100:g}, "
                 f"train_fraction={fraction:g}, seed={c['seed']}, classes={c['classes']})"]
    lines.append("raw_x, raw_y = dataset.x_train, dataset.y_train")
    if session.initial_user_points:
        lines += [f"placed = {_points_literal(session.initial_user_points)}  # the points you placed",
                  "raw_x = np.concatenate([raw_x, placed[:, :2]])",
                  "raw_y = np.concatenate([raw_y, placed[:, 2]])"]
    return lines


def _event_lines(session: Session) -> list[str]:
    if not session.events:
        return []
    by_epoch: dict[int, list[tuple]] = {}
    for epoch, kind, *values in session.events:
        by_epoch.setdefault(epoch, []).append((kind, *values))
    body = ",\n".join(f"    {epoch}: {events!r}" for epoch, events in sorted(by_epoch.items()))
    return ["# what you did on the page while it trained, by the epoch it came before",
            "edits = {\n" + body + ",\n}", ""]


_REPLAY = '''for kind, *values in edits.get(EPOCH, []):
    if kind == "weight":
        layer, source, target, value = values
        dense[layer].kernel.data[source, target] = value
    elif kind == "bias":
        layer, neuron, value = values
        dense[layer].bias.data[neuron] = value
    elif kind == "learning_rate":
        optimizer.learning_rate = values[0]
    elif kind == "batch_size":
        batch_size = values[0]
    elif kind == "point":
        raw_x, raw_y = np.concatenate([raw_x, [values[:2]]]), np.concatenate([raw_y, values[2:]])
        x_train, y_train = features(raw_x, inputs), targets(raw_y)
    elif kind == "clear_points":
        raw_x, raw_y = raw_x[:n_generated], raw_y[:n_generated]
        x_train, y_train = features(raw_x, inputs), targets(raw_y)'''


def _indented(code: str, prefix: str) -> str:
    return "\n".join(prefix + line for line in code.splitlines())


def script(session: Session) -> str:
    """The Python source of a script that builds and trains this session's model as the page did."""
    c = _initial_config(session)
    epochs = session.epoch or DEFAULT_EPOCHS
    loss_name = output_spec(c)[2]
    target_kind = ("multiclass" if c["problem"] == "multiclass" else
                   "cross_entropy" if c["problem"] == "classification" and c["loss"] == "cross_entropy" else "plain")
    lines = [
        f'"""glassnet playground export: {c["dataset"]} ({c["problem"]}), '
        f'hidden layers {c["hidden"]}, {c["activation"]}."""',
        "import numpy as np",
        "",
        "import glassnet as keras",
        "from glassnet import layers",
        "from glassnet.initializers import Constant, RandomUniform",
        "from glassnet.playground.data import features, make_dataset, split",
        "",
        *_data_lines(session, c["train_ratio"] / 100),
        "n_generated = len(dataset.x_train)",
        f"inputs = {c['features']!r}  # X1, X2, X1², X2², X1X2, sin(X1), sin(X2)",
        "",
        "",
        "def targets(labels):",
        f"    {_TARGETS[target_kind]}",
        "",
        "",
        "x_train, y_train = features(raw_x, inputs), targets(raw_y)",
        "x_test, y_test = features(dataset.x_test, inputs), targets(dataset.y_test)",
        "",
        "model = keras.Sequential([",
        "    keras.Input(shape=(len(inputs),)),",
    ]
    regularizer = ""
    if c["regularization"] != "none":
        regularizer = f", kernel_regularizer=keras.regularizers.{c['regularization'].upper()}({c['reg_rate']!r})"
    for index, (units, rate) in enumerate(zip(c["hidden"], c["dropout"])):
        lines.append(_dense_line(units, c["activation"], c["seed"] + 7919 * index, regularizer))
        if rate > 0:
            lines.append(f"    layers.Dropout({rate:g}, seed={c['seed'] + index}),")
    units, activation, _ = output_spec(c)
    lines.append(_dense_line(units, activation, c["seed"] + 7919 * len(c["hidden"]), regularizer))
    doc, body = _PAGE_LOSS[loss_name]
    lines += [
        "])",
        "dense = [layer for layer in model.layers if isinstance(layer, layers.Dense)]",
        f"loss_fn = keras.losses.get({'half_squared_error' if loss_name == 'half_squared' else loss_name!r})",
        f"optimizer = {_optimizer_expression(c)}",
        f"batch_size = {c['batch_size']}",
        f"rng = np.random.default_rng({c['seed'] + 2})  # the page's batch order",
        "",
        "",
        "def page_loss(x, y):",
        f"    {doc}",
        "    p = np.asarray(model(x, training=False).data, dtype=np.float64)",
        f"    {body}",
        "",
        "",
        *_event_lines(session),
        f"for epoch in range(1, {epochs} + 1):",
    ]
    if session.events:
        lines.append(_indented(_REPLAY.replace("EPOCH", "epoch - 1"), "    "))
    lines += [
        "    order = rng.permutation(len(x_train))",
        "    for start in range(0, len(x_train), batch_size):",
        "        batch = order[start:start + batch_size]",
        "        loss = loss_fn(y_train[batch], model(x_train[batch], training=True))  # forward",
    ]
    if c["regularization"] != "none":
        lines += ["        for penalty in model.losses:  # the L1/L2 terms",
                  "            loss = loss + penalty"]
    lines += [
        "        loss.backward()                          # backward: dL/dw for every weight",
        "        optimizer.step(model.trainable_weights)  # w ← w − η·dL/dw",
    ]
    if c["stop_loss"] > 0:
        lines += [f"    if float(f\"{{page_loss(x_test, y_test):.3g}}\") < {c['stop_loss']!r}:  # stop when test loss <",
                  "        break"]
    if any(event[0] >= epochs for event in session.events):  # done on the page after its last epoch
        lines.append(_REPLAY.replace("EPOCH", str(epochs)))
    lines += [
        'print(f"epoch {epoch}: test loss {page_loss(x_test, y_test):.3g}, '
        'training loss {page_loss(x_train, y_train):.3g}")',
        "model.summary()",
    ]
    return "\n".join(lines) + "\n"
