"""Layers as data: the registry of layer classes, and a layer's configuration as plain JSON.

A model file stores each layer as ``{"class_name": "Dense", "config": {...}}``; loading looks the
class up in the registry (``@layers.register``) and calls ``from_config``. Nothing in a file can
name a class that was not registered, so loading never runs code chosen by the file.
"""
from __future__ import annotations

import inspect
import json
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # only for the annotations: layer.py imports this module
    from glassnet.layers.layer import Layer

_REGISTRY: dict[str, type] = {}


def register(cls: type) -> type:
    """Class decorator: make ``layers.deserialize`` able to rebuild this layer class."""
    _REGISTRY[cls.__name__] = cls
    return cls


_BASE_ARGUMENTS = {"name", "trainable", "dtype", "activity_regularizer", "input_shape", "input_dim",
                   "batch_input_shape", "batch_size"}


def _is_plain(value) -> bool:
    """Whether JSON can hold ``value`` as it is (numbers, strings, None, lists and dicts of them)."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return True
    if isinstance(value, (list, tuple)):
        return all(_is_plain(v) for v in value)
    if isinstance(value, dict):
        return all(isinstance(k, str) and _is_plain(v) for k, v in value.items())
    return False


def _plain_init_arguments(cls, args, kwargs) -> dict | None:
    """The constructor arguments by name, if all are plain JSON values; None otherwise."""
    try:
        bound = inspect.signature(cls.__init__).bind(None, *args, **kwargs)
    except (TypeError, ValueError):  # __init__ itself will report the bad call
        return None
    arguments: dict = {}
    for name, value in list(bound.arguments.items())[1:]:
        parameter = bound.signature.parameters[name]
        if parameter.kind is parameter.VAR_POSITIONAL:
            if value:
                return None
        elif parameter.kind is parameter.VAR_KEYWORD:
            arguments.update(value)
        else:
            arguments[name] = value
    arguments = {k: v for k, v in arguments.items() if k not in _BASE_ARGUMENTS}
    return json.loads(json.dumps(arguments)) if _is_plain(arguments) else None  # tuples as lists, like a file


def _plain_config(value):
    """A config with every object in it (a sublayer, a regularizer, a registered function) described as
    data by ``keras.saving.serialize_keras_object``, as Keras does, so that it can be written as JSON."""
    if _is_plain(value):
        return value
    if isinstance(value, dict):
        return {k: _plain_config(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain_config(v) for v in value]
    from glassnet.saving.serialization_lib import serialize_keras_object   # objects of any floor
    return serialize_keras_object(value)


def serialize(layer: Layer) -> dict:
    """{"module", "class_name", "config", "registered_name"}: what a model file stores for a layer.

    ``registered_name`` is the name given to ``@keras.saving.register_keras_serializable`` (it may
    differ from the class name); ``module`` is None for such a custom class, as in Keras.
    """
    from glassnet.utils.registration import get_registered_name, is_registered
    custom = is_registered(type(layer))
    return {"module": None if custom else "keras.layers", "class_name": type(layer).__name__,
            "config": _plain_config(layer.get_config()),
            "registered_name": get_registered_name(type(layer)) if custom else type(layer).__name__}


def deserialize(config: dict, custom_objects: dict | None = None) -> Layer:
    """A fresh layer from :func:`serialize`'s output (its weights are not part of the config)."""
    if not isinstance(config, dict) or "class_name" not in config:
        raise ValueError(f"layers.deserialize: expected {{'class_name': ..., 'config': ...}}, got {config!r}")
    name = config["class_name"]
    from glassnet.utils.registration import get_registered_object
    custom = get_registered_object(config.get("registered_name") or name, custom_objects)
    cls = custom if isinstance(custom, type) else _REGISTRY.get(name)
    if cls is None:
        raise ValueError(f"layers.deserialize: unknown layer class {name!r}; known: {sorted(_REGISTRY)} "
                         "(register your own with @glassnet.layers.register or pass custom_objects)")
    return cls.from_config(dict(config.get("config") or {}))
