"""Any Keras object as plain JSON, and back: ``serialize_keras_object`` / ``deserialize_keras_object``.

    {"module": "keras.layers", "class_name": "Dense", "config": {...}, "registered_name": "Dense"}
    {"module": "keras.activations", "class_name": "function", "config": "relu", "registered_name": "relu"}

Going back, a ``class_name`` is looked up in the caller's ``custom_objects``, the active
``custom_object_scope``, the objects registered with ``register_keras_serializable``, and then
among glassnet's own classes of the matching kind (a layer name among layers, a loss among
losses ...). A name found nowhere is an error: nothing is imported or run because a file said so.
"""
from __future__ import annotations

import warnings

import numpy as np

from glassnet.utils.registration import captured_name, get_registered_name, get_registered_object, is_registered

# module label -> (glassnet module, base class the found class must derive from)
_KINDS = {
    "keras.layers": ("glassnet.layers", "Layer"),
    "keras.losses": ("glassnet.losses", "Loss"),
    "keras.metrics": ("glassnet.metrics", "Metric"),
    "keras.optimizers": ("glassnet.optimizers", "Optimizer"),
    "keras.initializers": ("glassnet.initializers", "Initializer"),
    "keras.regularizers": ("glassnet.regularizers", "Regularizer"),
}
_FUNCTION_MODULES = ("glassnet.activations", "glassnet.losses", "glassnet.metrics")


def _module_of(obj) -> str | None:
    import importlib
    from glassnet.models.model import Model
    if isinstance(obj, Model):
        return "keras.models"
    for label, (module_name, base) in _KINDS.items():
        if isinstance(obj, getattr(importlib.import_module(module_name), base)):
            return label
    return None


def serialize_keras_object(obj):
    """A JSON-ready description of ``obj`` (a layer, model, loss, metric, optimizer, initializer,
    regularizer, a registered or built-in function, an array, or plain data)."""
    if obj is None or isinstance(obj, (bool, int, float, str)):
        return obj
    if isinstance(obj, (np.integer, np.floating, np.bool_)):
        return obj.item()
    if isinstance(obj, np.ndarray):
        return {"class_name": "__numpy__", "config": {"value": obj.tolist(), "dtype": obj.dtype.name}}
    if isinstance(obj, (list, tuple)):
        return [serialize_keras_object(v) for v in obj]
    if isinstance(obj, dict):
        return {str(k): serialize_keras_object(v) for k, v in obj.items()}
    if isinstance(obj, type):
        raise TypeError(f"serialize_keras_object: cannot serialize the class {obj.__name__} itself; serialize an "
                        "instance, or register the class and refer to it by name")
    if hasattr(obj, "get_config"):
        from glassnet.models.model import Model
        config = obj.get_config()
        class_name = type(obj).__name__
        if isinstance(obj, Model):
            from glassnet.models.saving import _class_name
            class_name = _class_name(obj)
        registered = get_registered_name(type(obj)) if is_registered(type(obj)) else class_name
        return {"module": _module_of(obj), "class_name": class_name, "config": serialize_keras_object(config),
                "registered_name": registered}
    if callable(obj):
        name = get_registered_name(obj)
        module = None if is_registered(obj) else _function_module(obj)
        if module is None and not is_registered(obj):
            key = captured_name(obj)
            if key is not None:   # an in-memory copy: the function itself travels beside the config
                return {"module": None, "class_name": "function", "config": key, "registered_name": None}
            warnings.warn(f"the function {name!r} is Python code, which glassnet never writes into a file: only its "
                          "name is recorded. To load the file, pass the function by that name (load_model(..., "
                          f"custom_objects={{'{name}': function}})) or register it with "
                          "@keras.saving.register_keras_serializable().", UserWarning, stacklevel=2)
            return {"module": None, "class_name": "function", "config": name, "registered_name": None}
        return {"module": module, "class_name": "function", "config": name, "registered_name": name}
    raise TypeError(f"serialize_keras_object: cannot serialize {obj!r} (type {type(obj).__name__})")


def _function_module(fn) -> str | None:
    import importlib
    name = getattr(fn, "__name__", None)
    for module_name in _FUNCTION_MODULES:
        if name and getattr(importlib.import_module(module_name), name, None) is fn:
            return module_name.replace("glassnet", "keras")
    return None


def _builtin_function(name: str, module: str | None):
    import importlib
    modules = [m for m in _FUNCTION_MODULES if module is None or m.replace("glassnet", "keras") == module]
    for module_name in modules:
        found = getattr(importlib.import_module(module_name), name, None)
        if callable(found) and not isinstance(found, type) and getattr(found, "__module__", "").startswith(
                "glassnet.") and not name.startswith("_"):
            return found
    return None


def _builtin_class(name: str, module: str | None):
    import importlib
    from glassnet.models.saving import _model_class
    if module in (None, "keras.models", "keras.src.models.functional", "keras"):
        found = _model_class(name, None)
        if found is not None:
            return found
    for label, (module_name, base) in _KINDS.items():
        if module is not None and module != label:
            continue
        if label == "keras.layers":
            from glassnet.layers.serialization import _REGISTRY
            found = _REGISTRY.get(name)
        else:
            found = getattr(importlib.import_module(module_name), name, None)
        base_class = getattr(importlib.import_module(module_name), base)
        if isinstance(found, type) and issubclass(found, base_class):
            return found
    return None


def deserialize_keras_object(config, custom_objects: dict | None = None, safe_mode: bool = True, **kwargs):
    """The object :func:`serialize_keras_object` described (``safe_mode`` is accepted for Keras
    compatibility: loading here is always safe)."""
    if config is None or isinstance(config, (bool, int, float)):
        return config
    if isinstance(config, str):
        found = get_registered_object(config, custom_objects)
        return found if found is not None else config
    if isinstance(config, (list, tuple)):
        return [deserialize_keras_object(v, custom_objects) for v in config]
    if not isinstance(config, dict):
        raise TypeError(f"deserialize_keras_object: expected a dict from serialize_keras_object, got {config!r}")
    if "class_name" not in config:
        return {k: deserialize_keras_object(v, custom_objects) for k, v in config.items()}
    class_name, inner, module = config["class_name"], config.get("config"), config.get("module")
    if class_name == "__numpy__":
        return np.asarray(inner["value"], dtype=inner["dtype"])
    lookup = config.get("registered_name") or class_name
    if class_name == "function":
        found = get_registered_object(inner if isinstance(inner, str) else lookup, custom_objects)
        found = found if found is not None else _builtin_function(str(inner), module)
        if found is None:
            raise ValueError(f"deserialize_keras_object: unknown function {inner!r} (a file holds only the name of a "
                             "function, never its code); register it with @keras.saving.register_keras_serializable() "
                             f"or pass custom_objects={{'{inner}': function}}")
        return found
    cls = get_registered_object(lookup, custom_objects) or _builtin_class(class_name, module)
    if not isinstance(cls, type):
        raise ValueError(f"deserialize_keras_object: unknown class {lookup!r}; register it with "
                         "@keras.saving.register_keras_serializable() or pass custom_objects={'"
                         f"{class_name}': {class_name}}}")
    from glassnet.models.model import Model
    inner = dict(inner or {})
    if issubclass(cls, Model):
        from glassnet.models.saving import _model_from_config
        return _model_from_config(cls, inner, custom_objects)
    from glassnet.utils.registration import custom_object_scope
    with custom_object_scope(custom_objects):
        return cls.from_config(inner)


__all__ = ["serialize_keras_object", "deserialize_keras_object"]
