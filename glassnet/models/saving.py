"""``model.save(path)`` / ``keras.models.load_model(path)``, weights-only files, ``clone_model``.

What a file can rebuild, and what it cannot:

* **Sequential and functional models** are fully described by data: the list of
  layers with their configs, and (functional) which layer was called on which tensor.
  ``load_model`` rebuilds them, loads the weights, and re-compiles them (optimizer,
  loss, metrics, and the optimizer's state so that training resumes where it stopped).
* **Subclassed models** are Python code (their ``call`` method), which a model file
  never holds. As in Keras, ``save`` writes the weights and the class name (plus
  ``get_config()`` if the class defines it); ``load_model`` rebuilds the model only when
  given the class: ``load_model(path, custom_objects={'MyModel': MyModel})`` (or after
  ``glassnet.models.register_model_class(MyModel)``), and otherwise raises a ValueError
  that says so. ``model.load_weights(path)`` into a model built in code always works.
"""
from __future__ import annotations

import math
import os
import warnings

import numpy as np

from glassnet.layers.weight_budget import max_model_bytes, weight_budget
from glassnet.models import archive
from glassnet.utils.registration import custom_object_scope, get_registered_name, get_registered_object

_REGISTERED: dict[str, type] = {}


def register_model_class(cls: type) -> type:
    """Make a Model subclass loadable by name (usable as a decorator)."""
    _REGISTERED[cls.__name__] = cls
    return cls


# ------------------------------------------------------------------ layers and models as JSON
def serialize_layer(layer) -> dict:
    """{"class_name", "config"} for a layer or a nested model."""
    from glassnet import layers as layers_module
    from glassnet.models.model import Model
    if isinstance(layer, Model):
        return {"class_name": _class_name(layer), "config": layer.get_config()}
    return layers_module.serialize(layer)


def deserialize_layer(spec: dict, custom_objects: dict | None = None):
    """The inverse of :func:`serialize_layer`; class names are looked up, never imported."""
    from glassnet import layers as layers_module
    if not isinstance(spec, dict) or not isinstance(spec.get("class_name"), str):
        raise ValueError(f"a layer description must be {{'class_name': ..., 'config': ...}}, got {spec!r}")
    model_class = _model_class(spec["class_name"], custom_objects)
    if model_class is not None:
        return _model_from_config(model_class, spec.get("config") or {}, custom_objects)
    custom = get_registered_object(spec.get("registered_name") or spec["class_name"], custom_objects)
    if isinstance(custom, type):
        return custom.from_config(dict(spec.get("config") or {}))
    return layers_module.deserialize(spec)


def _class_name(model) -> str:
    from glassnet.models.model import Model
    if type(model) is Model:
        return "Functional"
    return type(model).__name__


def _model_class(name: str, custom_objects: dict | None):
    from glassnet.models.model import Model
    from glassnet.models.sequential import Sequential
    builtin = {"Functional": Model, "Model": Model, "Sequential": Sequential}
    found = builtin.get(name) or get_registered_object(name, custom_objects) or _REGISTERED.get(name)
    return found if isinstance(found, type) and issubclass(found, Model) else None


def _is_subclassed(model) -> bool:
    from glassnet.models.model import Model
    from glassnet.models.sequential import Sequential
    return type(model) not in (Model, Sequential) and getattr(model, "_graph", None) is None


def _defines_get_config(model) -> bool:
    from glassnet.models.model import Model
    return type(model).get_config is not Model.get_config


def _model_from_config(cls, config: dict, custom_objects):
    from glassnet.models.model import Model
    from glassnet.models.sequential import Sequential
    if cls in (Model, Sequential) or "nodes" in config:
        return cls.from_config(dict(config), custom_objects)
    try:
        if cls.get_config is not Model.get_config:
            return cls.from_config(dict(config))
        return cls(**config)  # a subclass without get_config: its plain constructor arguments, if any
    except TypeError as error:
        raise ValueError(f"could not create {cls.__name__} ({error}): a subclassed model whose __init__ takes "
                         "arguments needs get_config() returning them (and from_config if they are not "
                         "plain keyword arguments)") from None


# ------------------------------------------------------------------ save / load
def _check_finite_weights(model, path) -> None:
    for weight in model.weights:
        if not np.isfinite(weight.data).all():
            raise ValueError(f"Not saving to {os.fspath(path)!r}: weight {weight.name!r} of model {model.name!r} "
                             "contains NaN or infinite values (training diverged); an existing file is left "
                             "untouched. Lower the learning rate or check the inputs, then train again.")


def _check_overwrite(path, overwrite: bool) -> None:
    if not overwrite and os.path.exists(path):
        raise FileExistsError(f"{os.fspath(path)!r} exists; pass overwrite=True to replace it")


def save_model(model, filepath, overwrite: bool = True, include_optimizer: bool = True) -> None:
    """Write ``model`` to one file (any name; ``.keras`` is customary)."""
    _check_overwrite(filepath, overwrite)
    _check_finite_weights(model, filepath)
    subclassed = _is_subclassed(model)
    if subclassed:
        config = model.get_config() if _defines_get_config(model) else dict(model._init_arguments or {})
        warnings.warn(f"{type(model).__name__} is a subclassed model: its call() is Python code, which is not "
                      "saved. To load the file pass the class: load_model(path, custom_objects="
                      f"{{'{type(model).__name__}': {type(model).__name__}}}).", UserWarning, stacklevel=3)
    else:
        config = model.get_config()
    groups = {"weights": [w.data for w in model.weights]}
    meta = {"kind": "model", "model": {"class_name": _class_name(model), "config": config,
                                       "subclassed": subclassed,
                                       "registered_name": get_registered_name(type(model)),
                                       "build_input_shape": _jsonable_shapes(model._build_input_shape)},
            "weight_names": [str(w.name) for w in model.weights],
            "compile_config": model.get_compile_config()}
    optimizer = getattr(model, "optimizer", None)
    if include_optimizer and optimizer is not None and getattr(optimizer, "variables", None):
        store: dict = {}
        optimizer.save_own_variables(store)
        groups["optimizer"] = [np.asarray(store[str(i)]) for i in range(len(store))]
    archive.write(filepath, meta, groups)


def load_model(filepath, custom_objects: dict | None = None, compile: bool = True, safe_mode: bool = True,
               max_bytes: int | None = None):
    """Rebuild a model saved with ``model.save`` (architecture, weights, compile settings).

    ``custom_objects`` maps class names to your own Model or Layer classes; nothing else is
    ever looked up or imported from a name in the file. ``safe_mode`` is accepted for Keras
    compatibility: loading is always safe (no pickle, no code in the file).

    Nothing is allocated beyond what the architecture needs: the declared arrays, the
    weights the architecture creates and the arrays read must all agree, and the weights
    may not exceed ``max_bytes`` (default 1 GiB, or ``$GLASSNET_MAX_MODEL_BYTES``).
    """
    with custom_object_scope(custom_objects):
        return _load_model(filepath, custom_objects, compile, max_bytes)


def _load_model(filepath, custom_objects: dict | None, compile: bool, max_bytes: int | None):
    path = os.fspath(filepath)
    limit = max_model_bytes(max_bytes)
    meta = archive.read_meta(path, max_bytes=2 * limit)  # weights plus an optimizer's state
    if meta.get("kind") != "model" or not isinstance(meta.get("model"), dict):
        raise ValueError(f"Cannot load {path!r} as a model: it holds only weights (written by save_weights); "
                         "build the model in code and call model.load_weights(path)")
    description = meta["model"]
    class_name = description.get("class_name")
    cls = _model_class(class_name, custom_objects) if isinstance(class_name, str) else None
    if cls is None and isinstance(description.get("registered_name"), str):  # @register_keras_serializable
        cls = _model_class(description["registered_name"], custom_objects)
    if cls is None:
        raise ValueError(f"Cannot load {path!r}: it holds a subclassed model {_short(repr(class_name))}, whose code is "
                         f"not in the file. Pass the class: load_model(path, custom_objects={{'{class_name}': "
                         f"{class_name}}}), or build the model in code and call model.load_weights(path)")
    with weight_budget(limit, repr(path)):
        try:
            model = _model_from_config(cls, description.get("config") or {}, custom_objects)
            _build_if_needed(model, description.get("build_input_shape"), path, limit)
        except (KeyError, TypeError, ValueError, OverflowError, RecursionError, MemoryError) as error:
            if isinstance(error, ValueError) and str(error).startswith(f"Cannot load {path!r}"):
                raise
            raise ValueError(f"Cannot load {path!r}: the architecture could not be rebuilt: "
                             f"{_short(f'{type(error).__name__}: {error}')}") from None
    arrays = archive.read_group(path, meta, "weights", expected_shapes=[w.data.shape for w in model.weights])
    _assign(model, arrays, path)
    if compile and meta.get("compile_config"):
        _compile_from_config(model, meta["compile_config"], archive.read_group(path, meta, "optimizer"), path)
    return model


def _short(value) -> str:
    text = str(value)
    return text if len(text) <= 300 else text[:300] + "..."


def _jsonable_shapes(shapes):
    return None if shapes is None else [list(s) for s in shapes]


def _build_if_needed(model, shapes, path: str, max_bytes: int | None = None) -> None:
    if model.weights or not shapes:
        return
    from glassnet.autodiff import no_grad
    from glassnet.config import floatx
    if not (isinstance(shapes, list) and all(isinstance(shape, list) and len(shape) <= 32 and all(
            d is None or (isinstance(d, int) and not isinstance(d, bool) and 0 <= d) for d in shape)
            for shape in shapes)):
        raise ValueError(f"Cannot load {path!r}: malformed input shapes {_short(shapes)}")
    sample_shapes = [(1,) + tuple(d or 1 for d in shape[1:]) for shape in shapes]
    needed = sum(math.prod(shape) for shape in sample_shapes) * floatx().itemsize
    if max_bytes is not None and needed > max_bytes:
        raise ValueError(f"Cannot load {path!r}: its input shapes {_short(shapes)} would need {needed:,} bytes "
                         f"for one sample, more than the limit of {max_bytes:,}")
    arrays = [np.zeros(shape, dtype=floatx()) for shape in sample_shapes]
    with no_grad():
        model(arrays[0] if len(arrays) == 1 else arrays)


def _assign(model, arrays: list, path: str) -> None:
    weights = model.weights
    if len(arrays) != len(weights):
        raise ValueError(f"Cannot load {path!r}: it holds {len(arrays)} weight arrays, model {model.name!r} "
                         f"has {len(weights)}; is it the same architecture?")
    for weight, array in zip(weights, arrays):
        if array.shape != weight.data.shape:
            raise ValueError(f"Cannot load {path!r}: weight {weight.name!r} has shape {weight.data.shape} in the "
                             f"model, {array.shape} in the file; is it the same architecture?")
    not_finite = [str(weight.name) for weight, array in zip(weights, arrays)
                  if array.dtype.kind == "f" and not np.isfinite(array).all()]
    if not_finite:
        warnings.warn(f"{path!r}: the weights {not_finite} contain NaN or infinite values (saved from a "
                      "training that diverged?); predictions will be NaN", UserWarning, stacklevel=3)
    for weight, array in zip(weights, arrays):
        weight.data[...] = array


def _loss_objects(spec):
    """The saved loss configs as Loss objects again (one, or one per output in a list or dict),
    so that ``model.loss`` of a loaded model is a loss, as after ``compile``."""
    from glassnet import losses
    if spec is None or isinstance(spec, str):
        return spec
    if isinstance(spec, dict):
        if "class_name" in spec:
            return losses.deserialize(spec)
        return {name: _loss_objects(value) for name, value in spec.items()}
    if isinstance(spec, (list, tuple)):
        return [_loss_objects(value) for value in spec]
    return spec


def _compile_from_config(model, config: dict, optimizer_arrays, path: str) -> None:
    from glassnet import metrics as metrics_module
    try:
        from glassnet.models.multi_io import map_specs
        model_metrics = map_specs(lambda m: m if isinstance(m, str) or m is None else metrics_module.deserialize(m),
                                  config.get("metrics") or [])
        model.compile(optimizer=config["optimizer"], loss=_loss_objects(config["loss"]), metrics=model_metrics,
                      loss_weights=config.get("loss_weights"))
    except (KeyError, TypeError, ValueError) as error:
        warnings.warn(f"{path!r}: the model was loaded but not compiled ({error}); call compile() yourself",
                      UserWarning, stacklevel=3)
        return
    if optimizer_arrays:
        store = {str(i): array for i, array in enumerate(optimizer_arrays)}
        try:
            model.optimizer.load_own_variables(store, weights=model.trainable_weights)
        except (KeyError, ValueError) as error:
            warnings.warn(f"{path!r}: the optimizer state could not be restored ({error}); "
                          "training restarts its moments from zero", UserWarning, stacklevel=3)


def save_weights(model, filepath, overwrite: bool = True) -> None:
    """Only the weights, in ``model.weights`` order."""
    _check_overwrite(filepath, overwrite)
    _check_finite_weights(model, filepath)
    archive.write(filepath, {"kind": "weights", "weight_names": [str(w.name) for w in model.weights]},
                  {"weights": [w.data for w in model.weights]})


def load_weights(model, filepath, max_bytes: int | None = None) -> None:
    """Load the weights of a file from ``save`` or ``save_weights`` into ``model``.

    The file's declared arrays must match the model's weights before any is read.
    """
    path = os.fspath(filepath)
    limit = max_model_bytes(max_bytes)
    meta = archive.read_meta(path, max_bytes=2 * limit)
    if not model.weights:
        with weight_budget(limit, repr(path)):
            _build_if_needed(model, (meta.get("model") or {}).get("build_input_shape"), path, limit)
    arrays = archive.read_group(path, meta, "weights", expected_shapes=[w.data.shape for w in model.weights])
    _assign(model, arrays, path)


def _layers_within(layer) -> list:
    """Every layer inside ``layer`` (nested models included), depth first."""
    found = []
    for child in getattr(layer, "layers", []):
        found.append(child)
        found.extend(_layers_within(child))
    return found


def clone_model(model, custom_objects: dict | None = None):
    """A new model with the same architecture and freshly initialised weights."""
    if _is_subclassed(model) and not _defines_get_config(model):
        raise ValueError(f"clone_model: {type(model).__name__} is a subclassed model without get_config(); "
                         "create a new instance with its class instead")
    from glassnet.utils.registration import capture_functions
    with capture_functions() as functions:   # a Lambda's function is copied by reference, not by name
        config = model.get_config()
    # the classes of the model's own layers are known here, registered or not (as Keras 3 clones)
    classes = {type(layer).__name__: type(layer) for layer in _layers_within(model)}
    with custom_object_scope({**classes, **functions}):
        clone = _model_from_config(type(model), config, custom_objects)
    if _is_subclassed(model):
        _build_if_needed(clone, _jsonable_shapes(model._build_input_shape), "clone_model")
    return clone
