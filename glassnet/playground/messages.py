"""Validation of every message the page sends: types, ranges, sizes.

A message is one JSON object with a ``type``. :func:`parse` turns the raw text into a
clean dict (numbers converted, defaults filled) or raises :class:`MessageError` whose text
goes back to the page as ``{"type": "error", "message": ...}``. Nothing in a message is
ever used as a path, a module name or code: every string is checked against a fixed set.
"""
from __future__ import annotations

import json
import math

from glassnet.playground import data

MAX_MESSAGE_BYTES = 200_000
MAX_HIDDEN_LAYERS = 6
MAX_NEURONS = 8
MAX_USER_POINTS = 2_000
MAX_CLASSES = 5
MAX_SEED = 2 ** 31 - 1

PROBLEMS = ("classification", "multiclass", "regression")
DATASETS = {
    "classification": data.BINARY_SETS + (data.CUSTOM,),
    "multiclass": data.MULTICLASS_SETS + (data.CUSTOM,),
    "regression": data.REGRESSION_SETS + (data.CUSTOM,),
}
ACTIVATIONS = ("relu", "tanh", "sigmoid", "linear")
REGULARIZATIONS = ("none", "l1", "l2")
OPTIMIZERS = ("sgd", "momentum", "adam")
LOSSES = ("squared", "cross_entropy")

DEFAULT_CONFIG = {
    "problem": "classification",
    "dataset": "circle",
    "classes": 3,
    "noise": 0,
    "train_ratio": 50,
    "batch_size": 10,
    "seed": 1,
    "features": ["x1", "x2"],
    "hidden": [4, 2],
    "dropout": [0.0, 0.0],
    "activation": "tanh",
    "learning_rate": 0.03,
    "regularization": "none",
    "reg_rate": 0.0,
    "optimizer": "sgd",
    "loss": "squared",
    "stop_loss": 0.0,
    "show_test": False,
    "discretize": False,
}


class MessageError(ValueError):
    """A message from the page that cannot be accepted; the text says why."""


def _number(value, name: str, low: float, high: float) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise MessageError(f"{name} must be a number, got {type(value).__name__}")
    value = float(value)
    if not math.isfinite(value) or not low <= value <= high:
        raise MessageError(f"{name} must be between {low:g} and {high:g}, got {value!r}")
    return value


def _integer(value, name: str, low: int, high: int) -> int:
    number = _number(value, name, low, high)
    if number != int(number):
        raise MessageError(f"{name} must be a whole number, got {value!r}")
    return int(number)


def _choice(value, name: str, options) -> str:
    if not isinstance(value, str) or value not in options:
        raise MessageError(f"{name} must be one of {list(options)}, got {value!r}")
    return value


def _boolean(value, name: str) -> bool:
    if not isinstance(value, bool):
        raise MessageError(f"{name} must be true or false, got {value!r}")
    return value


def _list(value, name: str, max_length: int) -> list:
    if not isinstance(value, list):
        raise MessageError(f"{name} must be a list, got {type(value).__name__}")
    if len(value) > max_length:
        raise MessageError(f"{name} may hold at most {max_length} items, got {len(value)}")
    return value


def validate_config(raw) -> dict:
    """A complete, checked configuration: missing keys take the defaults, unknown keys are refused."""
    if not isinstance(raw, dict):
        raise MessageError("config must be an object")
    unknown = sorted(set(raw) - set(DEFAULT_CONFIG))
    if unknown:
        raise MessageError(f"unknown config keys {unknown}")
    merged = {**DEFAULT_CONFIG, **raw}
    config = {
        "problem": _choice(merged["problem"], "problem", PROBLEMS),
        "classes": _integer(merged["classes"], "classes", 3, MAX_CLASSES),
        "noise": _integer(merged["noise"], "noise", 0, 50),
        "train_ratio": _integer(merged["train_ratio"], "train_ratio", 10, 90),
        "batch_size": _integer(merged["batch_size"], "batch_size", 1, 30),
        "seed": _integer(merged["seed"], "seed", 0, MAX_SEED),
        "activation": _choice(merged["activation"], "activation", ACTIVATIONS),
        "learning_rate": _number(merged["learning_rate"], "learning_rate", 1e-5, 10.0),
        "regularization": _choice(merged["regularization"], "regularization", REGULARIZATIONS),
        "reg_rate": _number(merged["reg_rate"], "reg_rate", 0.0, 10.0),
        "optimizer": _choice(merged["optimizer"], "optimizer", OPTIMIZERS),
        "loss": _choice(merged["loss"], "loss", LOSSES),
        "stop_loss": _number(merged["stop_loss"], "stop_loss", 0.0, 100.0),
        "show_test": _boolean(merged["show_test"], "show_test"),
        "discretize": _boolean(merged["discretize"], "discretize"),
    }
    config["dataset"] = _choice(merged["dataset"], "dataset", DATASETS[config["problem"]])
    names = _list(merged["features"], "features", len(data.FEATURES))
    for name in names:
        _choice(name, "feature", tuple(data.FEATURES))
    if not names:
        raise MessageError("choose at least one input feature")
    config["features"] = [name for name in data.FEATURES if name in names]
    hidden = _list(merged["hidden"], "hidden", MAX_HIDDEN_LAYERS)
    config["hidden"] = [_integer(n, "neurons in a hidden layer", 1, MAX_NEURONS) for n in hidden]
    dropout = _list(merged["dropout"], "dropout", MAX_HIDDEN_LAYERS)
    dropout = [_number(r, "dropout rate", 0.0, 0.9) for r in dropout]
    config["dropout"] = (dropout + [0.0] * len(hidden))[: len(hidden)]
    return config


def labels_fit(labels, problem: str, classes: int) -> None:
    """Refuse labels that do not fit the problem (say, class numbers 0..4 for a regression)."""
    values = sorted(set(float(v) for v in labels))
    if problem == "classification" and not set(values) <= {-1.0, 1.0}:
        raise MessageError(f"classification needs the labels -1 and 1; your points have {values[:6]}: "
                           "load them again for this problem type")
    if problem == "multiclass" and not all(v == int(v) and 0 <= v < classes for v in values):
        raise MessageError(f"{classes} classes need labels 0..{classes - 1}; your points have {values[:6]}")
    if problem == "regression" and not all(-1.0 <= v <= 1.0 for v in values):
        raise MessageError(f"regression values must lie in [-1, 1]; your points have {values[:3]}...")


def _point(value, problem: str, classes: int) -> tuple[float, float, float]:
    if not isinstance(value, (list, tuple)) or len(value) != 3:
        raise MessageError("a point must be [x1, x2, label]")
    x1 = _number(value[0], "x1", -6.0, 6.0)
    x2 = _number(value[1], "x2", -6.0, 6.0)
    if problem == "classification":
        label = _number(value[2], "label", -1.0, 1.0)
        if label not in (-1.0, 1.0):
            raise MessageError(f"a binary label must be -1 or 1, got {value[2]!r}")
    elif problem == "multiclass":
        label = float(_integer(value[2], "label", 0, classes - 1))
    else:
        label = _number(value[2], "label", -1.0, 1.0)
    return x1, x2, label


def parse(text, problem: str = "classification", classes: int = 3) -> dict:
    """Check one raw message; ``problem`` and ``classes`` tell how to read point labels."""
    if isinstance(text, bytes):
        raise MessageError("messages must be JSON text, not binary")
    if not isinstance(text, str):
        raise MessageError("messages must be JSON text")
    if len(text.encode("utf-8", "replace")) > MAX_MESSAGE_BYTES:
        raise MessageError(f"message too large (limit {MAX_MESSAGE_BYTES} bytes)")
    try:
        raw = json.loads(text)
    except (ValueError, RecursionError) as error:
        raise MessageError(f"message is not valid JSON: {error}") from None
    if not isinstance(raw, dict):
        raise MessageError("a message must be a JSON object with a 'type'")
    kind = raw.get("type")
    if kind in ("play", "pause", "step", "reset", "regenerate", "clear_points", "export"):
        return {"type": kind}
    if kind == "config":
        return {"type": kind, "config": validate_config(raw.get("config"))}
    if kind == "add_point":
        return {"type": kind, "point": _point(raw.get("point"), problem, classes)}
    if kind == "load_points":
        points = _list(raw.get("points"), "points", MAX_USER_POINTS)
        if len(points) < 2:
            raise MessageError("load at least 2 points")
        return {"type": kind, "points": [_point(p, problem, classes) for p in points]}
    if kind == "set_weight":
        return {"type": kind,
                "layer": _integer(raw.get("layer"), "layer", 0, MAX_HIDDEN_LAYERS),
                "source": _integer(raw.get("source"), "source", 0, MAX_NEURONS * 2),
                "target": _integer(raw.get("target"), "target", 0, MAX_NEURONS),
                "value": _number(raw.get("value"), "value", -1e3, 1e3)}
    if kind == "set_bias":
        return {"type": kind,
                "layer": _integer(raw.get("layer"), "layer", 0, MAX_HIDDEN_LAYERS),
                "neuron": _integer(raw.get("neuron"), "neuron", 0, MAX_NEURONS),
                "value": _number(raw.get("value"), "value", -1e3, 1e3)}
    raise MessageError(f"unknown message type {kind!r}")
