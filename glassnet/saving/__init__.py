"""Keras's ``keras.saving``: save and load models, and name your own classes and functions.

    keras.saving.save_model(model, "m.keras")           # = model.save("m.keras")
    model = keras.saving.load_model("m.keras")

    @keras.saving.register_keras_serializable(package="course")
    class Scale(keras.layers.Layer): ...                  # found by name when a file mentions it

    with keras.saving.custom_object_scope({"Scale": Scale}): ...
    keras.saving.serialize_keras_object(obj) / deserialize_keras_object(config)

A file never brings code with it: a class or function named in a file is found only among
glassnet's own, the registered ones, and those the caller passes (see glassnet.utils.registration).
"""
from __future__ import annotations

from glassnet.saving.serialization_lib import deserialize_keras_object, serialize_keras_object
from glassnet.utils.registration import (CustomObjectScope, custom_object_scope, get_custom_objects,
                                         get_registered_name, get_registered_object, register_keras_serializable)


def save_model(model, filepath, overwrite: bool = True, include_optimizer: bool = True, **kwargs) -> None:
    """Write ``model`` (architecture, weights, compile settings) to one file."""
    from glassnet.models.saving import save_model as _save
    _save(model, filepath, overwrite=overwrite, include_optimizer=include_optimizer)


def load_model(filepath, custom_objects: dict | None = None, compile: bool = True, safe_mode: bool = True):
    """Rebuild a model written by ``save_model`` / ``model.save``."""
    from glassnet.models.saving import load_model as _load
    return _load(filepath, custom_objects=custom_objects, compile=compile, safe_mode=safe_mode)


__all__ = ["register_keras_serializable", "get_custom_objects", "get_registered_name", "get_registered_object",
           "custom_object_scope", "CustomObjectScope", "serialize_keras_object", "deserialize_keras_object",
           "save_model", "load_model"]


def __getattr__(name: str):
    from glassnet.utils.names import missing_attribute
    raise missing_attribute("glassnet.saving", name, globals())
