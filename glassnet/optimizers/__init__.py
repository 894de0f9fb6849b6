"""Optimizers: how gradients become weight updates (Keras names and defaults).

    SGD(learning_rate=0.01, momentum=0.0, nesterov=False)
    Adam(learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7)
    AdamW(learning_rate=0.001, weight_decay=0.004, ...)
    RMSprop(learning_rate=0.001, rho=0.9, momentum=0.0, epsilon=1e-7)
    Adagrad(learning_rate=0.001, initial_accumulator_value=0.1, epsilon=1e-7)
    Adadelta(learning_rate=0.001, rho=0.95, epsilon=1e-7)
    Adamax(learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7)
    Nadam(learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7)
    Lion(learning_rate=0.001, beta_1=0.9, beta_2=0.99)

``optimizers.get('adam')`` builds one from its name; learning-rate schedules live in
``optimizers.schedules``.
"""
from __future__ import annotations

from glassnet.optimizers import schedules
from glassnet.optimizers.adadelta import Adadelta
from glassnet.optimizers.adagrad import Adagrad
from glassnet.optimizers.adam import Adam, AdamW
from glassnet.optimizers.adamax import Adamax
from glassnet.optimizers.lion import Lion
from glassnet.optimizers.nadam import Nadam
from glassnet.optimizers.optimizer import Optimizer
from glassnet.optimizers.rmsprop import RMSprop
from glassnet.optimizers.sgd import SGD

__all__ = ["Optimizer", "SGD", "Adam", "AdamW", "RMSprop", "Adagrad", "Adadelta", "Adamax", "Nadam", "Lion",
           "schedules",
           "get", "serialize", "deserialize"]

_CLASSES = {"SGD": SGD, "Adam": Adam, "AdamW": AdamW, "RMSprop": RMSprop, "Adagrad": Adagrad, "Adadelta": Adadelta,
            "Adamax": Adamax, "Nadam": Nadam, "Lion": Lion}
_ALIASES = {name.lower(): cls for name, cls in _CLASSES.items()}


def serialize(optimizer: Optimizer) -> dict:
    """{'class_name': ..., 'config': {...}} for a model file."""
    if not isinstance(optimizer, Optimizer):
        raise TypeError(f"optimizers.serialize: expected an Optimizer, got {optimizer!r}")
    return {"class_name": type(optimizer).__name__, "config": optimizer.get_config()}


def deserialize(config) -> Optimizer:
    """The inverse of :func:`serialize` (also accepts a name)."""
    if isinstance(config, str):
        return get(config)
    if not isinstance(config, dict) or "class_name" not in config:
        raise ValueError("optimizers.deserialize: expected {'class_name': ..., 'config': ...}, "
                         f"got {config!r}")
    cls = _CLASSES.get(config["class_name"]) or _ALIASES.get(str(config["class_name"]).lower())
    if cls is None:
        raise ValueError(f"optimizers.deserialize: unknown optimizer {config['class_name']!r}; "
                         f"known: {sorted(_CLASSES)}")
    return cls.from_config(dict(config.get("config") or {}))


def get(identifier) -> Optimizer:
    """An optimizer from a name ('sgd', 'adam', 'rmsprop', 'adagrad', 'adamw', 'nadam'...), a config
    dict, or an Optimizer (returned as is)."""
    if isinstance(identifier, Optimizer):
        return identifier
    if isinstance(identifier, dict):
        return deserialize(identifier)
    if isinstance(identifier, str):
        cls = _ALIASES.get(identifier.lower())
        if cls is None:
            raise ValueError(f"Unknown optimizer {identifier!r}; known names: {sorted(_ALIASES)}")
        return cls()
    raise ValueError(f"Could not interpret optimizer identifier: {identifier!r} "
                     f"(expected a name such as 'adam' or an Optimizer object)")


def __getattr__(name: str):
    from glassnet.utils.names import missing_attribute
    raise missing_attribute("glassnet.optimizers", name, globals())
