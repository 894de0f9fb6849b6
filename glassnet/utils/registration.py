"""Names a file may use: the registry behind ``keras.saving.register_keras_serializable``.

A saved model names its classes and functions as strings. Loading turns a string back into a
class only by looking it up here (or among the library's own classes, or in the
``custom_objects`` the caller passes): nothing is ever imported or executed because a file
said so.

    @keras.saving.register_keras_serializable(package="my_package")
    class MyLayer(keras.layers.Layer): ...          # registered as "my_package>MyLayer"

    with keras.saving.custom_object_scope({"MyLayer": MyLayer}):
        model = keras.models.load_model(path)       # found in the scope

This module sits on the lowest floor so that layers, losses and models can all use it.
"""
from __future__ import annotations

import contextlib
import threading

_GLOBAL_CUSTOM_OBJECTS: dict[str, object] = {}   # "package>Name" -> class or function (the one truth:
                                                  # get_custom_objects().clear() unregisters everything)


class _Scopes(threading.local):
    def __init__(self):
        self.stack: list[dict] = []
        self.captured: dict | None = None   # in-memory copies (clone_model): functions kept by reference


_SCOPES = _Scopes()


def register_keras_serializable(package: str = "Custom", name: str | None = None):
    """Decorator: register a class or function under ``"package>name"`` (name defaults to ``__name__``).

    A registered class needs ``get_config`` to be saved with its arguments, as in Keras.
    """
    if not isinstance(package, str) or ">" in package:
        raise ValueError(f"register_keras_serializable: package must be a string without '>', got {package!r}")

    def decorator(obj):
        short = name or getattr(obj, "__name__", None)
        if not short:
            raise ValueError(f"register_keras_serializable: {obj!r} has no __name__; pass name=")
        full = f"{package}>{short}"
        if isinstance(obj, type) and not hasattr(obj, "get_config"):
            raise ValueError(f"register_keras_serializable: class {obj.__name__} must define get_config() "
                             "to be serializable")
        _GLOBAL_CUSTOM_OBJECTS[full] = obj
        return obj
    return decorator


def _registered_key(obj) -> str | None:
    for key, value in reversed(_GLOBAL_CUSTOM_OBJECTS.items()):
        if value is obj:
            return key
    return None


def get_registered_name(obj) -> str:
    """The name ``obj`` was registered under, else its ``__name__``."""
    return _registered_key(obj) or getattr(obj, "__name__", type(obj).__name__)


def is_registered(obj) -> bool:
    """Whether ``obj`` is in the global registry."""
    return _registered_key(obj) is not None


def get_registered_object(name: str, custom_objects: dict | None = None, module_objects: dict | None = None):
    """The object for ``name``: from ``custom_objects``, the active scopes, the registry, then
    ``module_objects``; None when nowhere. For a registered name "package>MyLayer", the short name
    "MyLayer" is also tried in each (so ``custom_objects={"MyLayer": MyLayer}`` works too)."""
    if not isinstance(name, str):
        return None
    short = name.split(">", 1)[-1]
    sources = [custom_objects or {}] + list(reversed(_SCOPES.stack)) + [_GLOBAL_CUSTOM_OBJECTS]
    for source in sources:
        for key in (name, short):
            if key in source:
                return source[key]
    if module_objects:
        return module_objects.get(name) or module_objects.get(short)
    return None


def get_custom_objects() -> dict:
    """The global registry itself (a dict: adding to it registers, as in Keras)."""
    return _GLOBAL_CUSTOM_OBJECTS


@contextlib.contextmanager
def custom_object_scope(*scopes: dict | None):
    """Inside this block, ``load_model`` and ``deserialize_keras_object`` also find these objects by name."""
    merged: dict = {}
    for scope in scopes:
        if scope:
            if not isinstance(scope, dict):
                raise TypeError(f"custom_object_scope: expected dicts of name -> object, got {scope!r}")
            merged.update(scope)
    _SCOPES.stack.append(merged)
    try:
        yield merged
    finally:
        _SCOPES.stack.pop()


@contextlib.contextmanager
def capture_functions():
    """For an in-memory copy (``clone_model``): functions met while serializing are kept here, by a unique
    key, instead of being written as a bare name; put the dict in a ``custom_object_scope`` to rebuild."""
    previous, _SCOPES.captured = _SCOPES.captured, {}
    try:
        yield _SCOPES.captured
    finally:
        _SCOPES.captured = previous


def captured_name(function) -> str | None:
    """The key of ``function`` in the active :func:`capture_functions` (None when none is active)."""
    captured = _SCOPES.captured
    if captured is None:
        return None
    for key, value in captured.items():
        if value is function:
            return key
    key = f"{getattr(function, '__name__', 'function')}@{len(captured)}"
    captured[key] = function
    return key


class CustomObjectScope:
    """Class form of :func:`custom_object_scope` (``with CustomObjectScope({...}):``)."""

    def __init__(self, *scopes):
        self._scopes = scopes
        self._context = None

    def __enter__(self):
        self._context = custom_object_scope(*self._scopes)
        return self._context.__enter__()

    def __exit__(self, *exc):
        return self._context.__exit__(*exc)


__all__ = ["register_keras_serializable", "get_registered_name", "get_registered_object", "get_custom_objects",
           "custom_object_scope", "CustomObjectScope", "is_registered", "capture_functions", "captured_name"]
