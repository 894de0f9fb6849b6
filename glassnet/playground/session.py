"""One browser tab's model: a glassnet ``Sequential`` built from the page's settings.

The session owns the data (generated, plus points the user placed or loaded), the
network and its optimizer, and trains it one epoch at a time with the hand-written loop
the courses teach::

    for each batch:  ŷ = model(x, training=True);  L = loss(y, ŷ) + Σ penalties
                     L.backward();  optimizer.step(model.trainable_weights)

After training it draws a picture of every neuron: one batched forward pass over a grid
on [-6, 6]² records each Dense layer's output (its activation ``a``), quantised to bytes.

The reported loss follows TensorFlow Playground: ½(ŷ − y)² averaged over the points for
squared error (labels ±1 or regression values), the mean cross-entropy otherwise.
"""
from __future__ import annotations

import base64
import time

import numpy as np

from glassnet import initializers, losses, optimizers, regularizers
from glassnet.autodiff import no_grad
from glassnet.layers import Dense, Dropout, Input
from glassnet.models import Sequential
from glassnet.playground import data
from glassnet.playground.messages import MAX_USER_POINTS, MessageError, labels_fit, validate_config
from glassnet.random import make_rng

GRID = 50  # output heat map resolution; neuron maps use every other row and column
DATA_KEYS = ("problem", "dataset", "classes", "noise", "train_ratio", "seed")
LIVE_KEYS = ("learning_rate", "batch_size", "stop_loss", "show_test", "discretize")


def _grid_points(size: int) -> np.ndarray:
    # row 0 is the top of the picture (x2 = +6), column 0 the left (x1 = -6)
    ticks = np.linspace(-6.0, 6.0, size)
    x1, x2 = np.meshgrid(ticks, ticks[::-1])
    return np.stack([x1.ravel(), x2.ravel()], axis=1)


_GRID_POINTS = _grid_points(GRID)


def _to_bytes(values: np.ndarray, low: float, high: float) -> str:
    """Values mapped linearly from [low, high] onto 0..255, base64 text for JSON."""
    scaled = (np.clip(np.nan_to_num(values), low, high) - low) * (255.0 / (high - low))
    return base64.b64encode(np.rint(scaled).astype(np.uint8).tobytes()).decode("ascii")


def output_spec(config: dict) -> tuple[int, str, str]:
    """(units, activation, loss name) of the output layer for this problem."""
    if config["problem"] == "multiclass":
        return config["classes"], "softmax", "sparse_categorical_crossentropy"
    if config["problem"] == "classification" and config["loss"] == "cross_entropy":
        return 1, "sigmoid", "binary_crossentropy"
    return 1, "tanh" if config["problem"] == "classification" else "linear", "half_squared"


def build_model(config: dict, n_inputs: int) -> Sequential:
    """The network the page shows, with the original's initial weights: U(−0.5, 0.5), bias 0.1."""
    seed = config["seed"]
    regularizer = {"none": None, "l1": regularizers.L1, "l2": regularizers.L2}[config["regularization"]]

    def dense(units, activation, index):
        return Dense(units, activation=activation,
                     kernel_initializer=initializers.RandomUniform(-0.5, 0.5, seed=seed + 7919 * index),
                     bias_initializer=initializers.Constant(0.1),
                     kernel_regularizer=regularizer(config["reg_rate"]) if regularizer else None)

    stack = [Input(shape=(n_inputs,))]
    for index, (units, rate) in enumerate(zip(config["hidden"], config["dropout"])):
        stack.append(dense(units, config["activation"], index))
        if rate > 0:
            stack.append(Dropout(rate, seed=seed + index))
    units, activation, _ = output_spec(config)
    stack.append(dense(units, activation, len(config["hidden"])))
    return Sequential(stack)


def make_optimizer(config: dict):
    rate = config["learning_rate"]
    if config["optimizer"] == "adam":
        return optimizers.Adam(learning_rate=rate)
    return optimizers.SGD(learning_rate=rate, momentum=0.9 if config["optimizer"] == "momentum" else 0.0)


def make_loss(config: dict):
    """The training loss; the original's squared error is ½(ŷ − y)², glassnet's 'half_squared_error'."""
    name = output_spec(config)[2]
    return losses.get("half_squared_error" if name == "half_squared" else name)


class Session:
    """The state of one tab: configuration, data, model, optimizer, epoch and loss history."""

    def __init__(self, config: dict | None = None):
        self.config = validate_config(config or {})
        self.user_points: list[tuple[float, float, float]] = []
        self.loaded_points: np.ndarray | None = None
        self._make_data()
        self.reset()

    # ----------------------------------------------------------------------- data
    def _make_data(self) -> None:
        c = self.config
        if c["dataset"] == data.CUSTOM:
            if self.loaded_points is None:
                raise MessageError("load a CSV of (x1, x2, label) for the custom data set")
            pts = self.loaded_points
            labels_fit(pts[:, 2], c["problem"], c["classes"])
            self.dataset = data.split(pts[:, :2], pts[:, 2], c["train_ratio"] / 100, c["seed"])
        else:
            self.dataset = data.make_dataset(c["dataset"], c["noise"] / 100, c["train_ratio"] / 100,
                                             c["seed"], c["classes"])
        self._prepare_arrays()

    def _prepare_arrays(self) -> None:
        d = self.dataset
        x_train, y_train = d.x_train, d.y_train
        if self.user_points:
            extra = np.asarray(self.user_points, dtype=np.float64)
            x_train = np.concatenate([x_train, extra[:, :2]])
            y_train = np.concatenate([y_train, extra[:, 2]])
        self.points_train = (x_train, y_train)
        self.points_test = (d.x_test, d.y_test)
        names = self.config["features"]
        self.x_train = data.features(x_train, names)
        self.x_test = data.features(d.x_test, names)
        self.y_train = self._targets(y_train)
        self.y_test = self._targets(d.y_test)
        self.grid_inputs = data.features(_GRID_POINTS, names)

    def _targets(self, labels: np.ndarray) -> np.ndarray:
        c = self.config
        if c["problem"] == "multiclass":
            return labels.astype(np.int64)
        if c["problem"] == "classification" and c["loss"] == "cross_entropy":
            return ((labels + 1) / 2).astype(np.float32)[:, None]
        return labels.astype(np.float32)[:, None]

    def add_point(self, point) -> None:
        if len(self.user_points) >= MAX_USER_POINTS:
            raise MessageError(f"at most {MAX_USER_POINTS} points may be placed")
        self.user_points.append(tuple(float(v) for v in point))
        self._record("point", *self.user_points[-1])
        self._prepare_arrays()

    def clear_points(self) -> None:
        self.user_points = []
        self._record("clear_points")
        self._prepare_arrays()

    def _record(self, kind: str, *values) -> None:
        """Remember what the user changed and before which epoch, for "Export as Python"."""
        self.events.append((self.epoch, kind, *values))

    def load_points(self, points) -> None:
        """Replace the data by the user's (x1, x2, label) rows; the data set becomes 'custom'."""
        self.loaded_points = np.asarray(points, dtype=np.float64)
        self.user_points = []
        self.config = {**self.config, "dataset": data.CUSTOM}
        self._make_data()
        self.reset()

    # ---------------------------------------------------------------------- model
    def reset(self) -> None:
        """A fresh network with the configured initial weights; epoch 0."""
        self.model = build_model(self.config, self.x_train.shape[1])
        self.dense_layers = [layer for layer in self.model.layers if isinstance(layer, Dense)]
        self.optimizer = make_optimizer(self.config)
        self.loss_fn = make_loss(self.config)
        self.rng = make_rng(self.config["seed"] + 2)
        self.epoch = 0
        self.diverged = False
        # (epoch, what, values...): hand edits, placed points and live settings since this reset
        self.events: list[tuple] = []
        self.initial_user_points = list(self.user_points)
        self.start_values = {key: self.config[key] for key in ("learning_rate", "batch_size")}

    def change_kind(self, config: dict) -> str:
        """What :meth:`apply_config` would have to redo for ``config``: 'data', 'model' or 'live'."""
        changed = {key for key in config if config[key] != self.config.get(key)}
        if changed & (set(DATA_KEYS) | {"features", "loss"}):
            return "data"
        return "model" if changed - set(LIVE_KEYS) else "live"

    def apply_config(self, config: dict) -> str:
        """Take a new configuration; returns 'data', 'model' or 'live' for what had to change."""
        kind = self.change_kind(config)
        old, self.config = self.config, config
        changed = {key for key in config if config[key] != old.get(key)}
        if kind == "data":
            try:
                if changed & set(DATA_KEYS):
                    if changed & {"problem", "classes"}:
                        self.user_points = []
                    self._make_data()
                else:
                    self._prepare_arrays()
            except MessageError:
                self.config = old
                raise
        if kind == "live":
            self.optimizer.learning_rate = config["learning_rate"]
            for key in ("learning_rate", "batch_size"):
                if key in changed:
                    self._record(key, config[key])
        else:
            self.reset()
        return kind

    def set_weight(self, layer: int, source: int, target: int, value: float) -> None:
        kernel = self._dense(layer).kernel
        if not (source < kernel.shape[0] and target < kernel.shape[1]):
            raise MessageError(f"layer {layer} has no connection {source} → {target}")
        kernel.data[source, target] = value
        self._record("weight", layer, source, target, float(kernel.data[source, target]))

    def set_bias(self, layer: int, neuron: int, value: float) -> None:
        bias = self._dense(layer).bias
        if neuron >= bias.shape[0]:
            raise MessageError(f"layer {layer} has no neuron {neuron}")
        bias.data[neuron] = value
        self._record("bias", layer, neuron, float(bias.data[neuron]))

    def _dense(self, layer: int) -> Dense:
        if layer >= len(self.dense_layers):
            raise MessageError(f"there is no layer {layer}")
        return self.dense_layers[layer]

    # ------------------------------------------------------------------- training
    def train_epoch(self) -> None:
        """One pass over the training points in shuffled mini-batches."""
        x, y, size = self.x_train, self.y_train, self.config["batch_size"]
        order = self.rng.permutation(len(x))
        model, loss_fn, step = self.model, self.loss_fn, self.optimizer.step
        weights = model.trainable_weights
        regularized = self.config["regularization"] != "none"  # model.losses walks every layer: skip it when empty
        for start in range(0, len(x), size):
            batch = order[start:start + size]
            loss = loss_fn(y[batch], model(x[batch], training=True))
            if regularized:
                for penalty in model.losses:
                    loss = loss + penalty
            loss.backward()
            step(weights)
        self.epoch += 1

    def train(self, budget_s: float = 0.03, max_epochs: int = 1000) -> int:
        """Train whole epochs for about ``budget_s`` seconds (at least one); returns how many.

        With "stop when test loss <" set, the test loss is checked after every epoch and
        training stops at the first epoch whose shown loss is below the threshold.
        Overflow in a diverging network is not warned about here: :meth:`progress` reports it.
        """
        start, done = time.perf_counter(), 0
        while done < max_epochs:
            with np.errstate(over="ignore", invalid="ignore"):
                self.train_epoch()
            done += 1
            if self.reached_target() or time.perf_counter() - start >= budget_s:
                break
        return done

    def reached_target(self) -> bool:
        """Whether the test loss, as the page shows it (3 significant digits), is below the stop threshold."""
        target = self.config["stop_loss"]
        if target <= 0:
            return False
        with np.errstate(over="ignore", invalid="ignore"):
            loss = shown(self.loss_of(self.x_test, self.y_test))
        return bool(np.isfinite(loss) and loss < target)

    def predict(self, x: np.ndarray) -> np.ndarray:
        with no_grad():
            return np.asarray(self.model(x, training=False).data, dtype=np.float64)

    def loss_of(self, x: np.ndarray, y: np.ndarray) -> float:
        """The page's loss: mean ½(ŷ − y)² or mean cross-entropy over these points."""
        if len(x) == 0:
            return 0.0
        prediction = self.predict(x)
        name = output_spec(self.config)[2]
        if name == "half_squared":
            return float(np.mean(0.5 * (prediction - y) ** 2))
        eps = 1e-7
        if name == "binary_crossentropy":
            p = np.clip(prediction, eps, 1 - eps)
            return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))
        p = np.clip(prediction[np.arange(len(y)), y], eps, 1.0)
        return float(-np.mean(np.log(p)))

    def losses(self) -> tuple[float, float]:
        return self.loss_of(self.x_train, self.y_train), self.loss_of(self.x_test, self.y_test)

    # ------------------------------------------------------------------ messages
    def progress(self) -> dict:
        """Everything the page draws after a training step: losses, heat maps, weights."""
        with np.errstate(over="ignore", invalid="ignore"):
            return self._progress()

    def _progress(self) -> dict:
        train_loss, test_loss = self.losses()
        if not (np.isfinite(train_loss) and np.isfinite(test_loss)):
            self.diverged = True
        with no_grad():
            a, neurons = self.grid_inputs, []
            for layer in self.dense_layers:
                a = np.asarray(layer(a).data)
                neurons.append(a)
        output = neurons.pop()
        c = self.config
        half = slice(None, None, 2)
        neuron_maps = [
            [_to_bytes(layer_out[:, j].reshape(GRID, GRID)[half, half], -1.0, 1.0)
             for j in range(layer_out.shape[1])]
            for layer_out in neurons
        ]
        if c["problem"] == "multiclass":
            output_map = [_to_bytes(output[:, k], 0.0, 1.0) for k in range(output.shape[1])]
        elif c["problem"] == "classification" and c["loss"] == "cross_entropy":
            output_map = [_to_bytes(2 * output[:, 0] - 1, -1.0, 1.0)]
        else:
            output_map = [_to_bytes(output[:, 0], -1.0, 1.0)]
        return {
            "type": "progress",
            "epoch": self.epoch,
            "train_loss": _finite(train_loss),
            "test_loss": _finite(test_loss),
            "diverged": self.diverged,
            "grid": GRID,
            "output": output_map,
            "neurons": neuron_maps,
            "weights": [_json_numbers(layer.kernel.data) for layer in self.dense_layers],
            "biases": [_json_numbers(layer.bias.data) for layer in self.dense_layers],
        }

    def data_message(self) -> dict:
        """The points for the page: training and test, as [x1, x2, label] rows."""
        def rows(points):
            x, y = points
            return np.round(np.column_stack([x, y]), 4).tolist()
        return {"type": "data", "config": self.config, "train": rows(self.points_train),
                "test": rows(self.points_test), "user_points": len(self.user_points)}


def _json_numbers(array: np.ndarray) -> list:
    """Rounded values for the page; NaN/inf (a diverged network) become 0 / ±1e6 so JSON stays valid."""
    clean = np.nan_to_num(array.astype(np.float64), nan=0.0, posinf=1e6, neginf=-1e6)
    return np.round(clean, 4).tolist()


def shown(value: float) -> float:
    """A loss as the page prints it: three significant digits (0.04996 → 0.05, 0.0499 → 0.0499)."""
    return float(f"{value:.3g}") if np.isfinite(value) else value


def _finite(value: float):
    return value if np.isfinite(value) else None
