""""Export as Python": a short Keras-style glassnet script that rebuilds the page's model.

The script regenerates the same data (same set, noise, split and seed; placed or loaded
points are written out literally), builds the same layers with the same initial weights
(the same seeded initializers), compiles with the same loss and optimizer, and trains
with ``model.fit`` for as many epochs as the page has run. Every value written into the
script comes from a validated configuration (fixed names and checked numbers), never
from free text, so the script cannot carry anything the user typed.
"""
from __future__ import annotations

import numpy as np

from glassnet.playground import data
from glassnet.playground.session import Session, output_spec

DEFAULT_EPOCHS = 100


def _points_literal(points: np.ndarray) -> str:
    rows = ", ".join(f"[{x1:.4g}, {x2:.4g}, {y:.4g}]" for x1, x2, y in points)
    return f"np.array([{rows}])"


def _loss_expression(config: dict) -> str:
    name = output_spec(config)[2]
    if name == "half_squared":
        # the original's loss: ½(ŷ − y)², whose gradient is ŷ − y
        return '"half_squared_error"'
    return repr(name)


def _optimizer_expression(config: dict) -> str:
    rate = f"{config['learning_rate']:g}"
    if config["optimizer"] == "adam":
        return f"keras.optimizers.Adam(learning_rate={rate})"
    if config["optimizer"] == "momentum":
        return f"keras.optimizers.SGD(learning_rate={rate}, momentum=0.9)"
    return f"keras.optimizers.SGD(learning_rate={rate})"


def _dense_line(units: int, activation: str, seed: int, regularizer: str) -> str:
    return (f"    layers.Dense({units}, activation={activation!r},\n"
            f"                 kernel_initializer=RandomUniform(-0.5, 0.5, seed={seed}), "
            f"bias_initializer=Constant(0.1){regularizer}),")


def script(session: Session) -> str:
    """The Python source of a script that builds and trains this session's model."""
    c = session.config
    seed = c["seed"]
    fraction = c["train_ratio"] / 100
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
    ]
    if c["dataset"] == data.CUSTOM:
        lines.append(f"points = {_points_literal(session.loaded_points)}")
        lines.append(f"dataset = split(points[:, :2], points[:, 2], train_fraction={fraction:g}, seed={seed})")
    else:
        lines.append(f"dataset = make_dataset({c['dataset']!r}, noise={c['noise'] / 100:g}, "
                     f"train_fraction={fraction:g}, seed={seed}, classes={c['classes']})")
    lines.append("x_train, y_train = dataset.x_train, dataset.y_train")
    if session.user_points:
        placed = np.asarray(session.user_points)
        lines.append(f"placed = {_points_literal(placed)}  # the points you placed")
        lines.append("x_train = np.concatenate([x_train, placed[:, :2]])")
        lines.append("y_train = np.concatenate([y_train, placed[:, 2]])")
    lines.append("x_test, y_test = dataset.x_test, dataset.y_test")
    if c["problem"] == "multiclass":
        lines.append("y_train, y_test = y_train.astype(int), y_test.astype(int)")
    elif c["problem"] == "classification" and c["loss"] == "cross_entropy":
        lines.append("y_train, y_test = (y_train + 1) / 2, (y_test + 1) / 2  # ±1 labels → 0/1")
    lines += [
        f"inputs = {c['features']!r}  # X1, X2, X1², X2², X1X2, sin(X1), sin(X2)",
        "x_train, x_test = features(x_train, inputs), features(x_test, inputs)",
        "",
        "model = keras.Sequential([",
        "    keras.Input(shape=(len(inputs),)),",
    ]
    regularizer = ""
    if c["regularization"] != "none":
        regularizer = f", kernel_regularizer=keras.regularizers.{c['regularization'].upper()}({c['reg_rate']:g})"
    for index, (units, rate) in enumerate(zip(c["hidden"], c["dropout"])):
        lines.append(_dense_line(units, c["activation"], seed + 7919 * index, regularizer))
        if rate > 0:
            lines.append(f"    layers.Dropout({rate:g}, seed={seed + index}),")
    units, activation, _ = output_spec(c)
    lines.append(_dense_line(units, activation, seed + 7919 * len(c["hidden"]), regularizer))
    lines += [
        "])",
        f"model.compile(optimizer={_optimizer_expression(c)}, loss={_loss_expression(c)})",
        f"history = model.fit(x_train, y_train, batch_size={c['batch_size']}, "
        f"epochs={session.epoch or DEFAULT_EPOCHS},",
        "                    validation_data=(x_test, y_test), verbose=0)",
        'loss, test_loss = history.history["loss"][-1], history.history["val_loss"][-1]',
        'print(f"{len(history.epoch)} epochs: training loss {loss:.4f}, test loss {test_loss:.4f}")',
        "model.summary()",
    ]
    return "\n".join(lines) + "\n"
