"""Shows a class's constructor arguments, not ``(*args, **kwargs)``.

``Layer`` defines ``__new__(cls, *args, **kwargs)`` (to record the arguments it was built with),
and autodoc takes a class's signature from ``__new__`` when there is one. The arguments a user
passes are ``__init__``'s, so the site shows those.
"""
from __future__ import annotations

import inspect


def constructor_signature(cls) -> str | None:
    """``__init__``'s parameters after ``self``, without annotations (the docstring gives the types)."""
    try:
        signature = inspect.signature(cls.__init__)
    except (TypeError, ValueError):
        return None
    parameters = [p.replace(annotation=inspect.Parameter.empty) for p in list(signature.parameters.values())[1:]]
    return str(signature.replace(parameters=parameters, return_annotation=inspect.Signature.empty))


def _process_signature(app, what, name, obj, options, signature, return_annotation):
    if what == "class" and signature == "(*args, **kwargs)" and inspect.isclass(obj):
        better = constructor_signature(obj)
        if better is not None and better != signature:
            return better, return_annotation
    return None


def setup(app):
    app.connect("autodoc-process-signature", _process_signature)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
