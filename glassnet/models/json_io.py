"""A model's architecture as a JSON string: ``model.to_json()`` and ``keras.models.model_from_json``.

The string holds the layers and how they connect (no weights, no compile settings), in the
same description a model file keeps; rebuilding it looks every class name up (glassnet's own,
registered, or ``custom_objects``), never imports or runs anything named in the string.
"""
from __future__ import annotations

import json

from glassnet.utils.registration import custom_object_scope


def model_to_json(model, **kwargs) -> str:
    """``{"class_name": "Sequential" | "Functional" | ..., "config": {...}}`` as a string; ``kwargs`` go
    to ``json.dumps`` (e.g. ``indent=2``)."""
    from glassnet.models.saving import _class_name, _defines_get_config, _is_subclassed
    if _is_subclassed(model) and not _defines_get_config(model):
        raise NotImplementedError(f"{type(model).__name__}.to_json(): a subclassed model is Python code (its call "
                                  "method); define get_config() (and register the class) to describe it as JSON, "
                                  "or save its weights with save_weights")
    from glassnet import __version__
    description = {"class_name": _class_name(model), "config": model.get_config(),
                   "keras_version": "3 (glassnet " + __version__ + ")", "backend": "numpy"}
    return json.dumps(description, **kwargs)


def model_from_json(json_string: str, custom_objects: dict | None = None):
    """A new model with the architecture of ``json_string`` and freshly initialised weights."""
    from glassnet.models.saving import _model_class, _model_from_config
    try:
        description = json.loads(json_string)
    except (TypeError, ValueError) as error:
        raise ValueError(f"model_from_json: not a JSON string ({error})") from None
    if not isinstance(description, dict) or not isinstance(description.get("class_name"), str):
        raise ValueError("model_from_json: expected {'class_name': ..., 'config': ...} as written by "
                         "model.to_json()")
    with custom_object_scope(custom_objects):
        cls = _model_class(description["class_name"], custom_objects)
        if cls is None:
            raise ValueError(f"model_from_json: unknown model class {description['class_name']!r}; register it "
                             "with @keras.saving.register_keras_serializable() or pass custom_objects")
        return _model_from_config(cls, dict(description.get("config") or {}), custom_objects)


__all__ = ["model_to_json", "model_from_json"]
