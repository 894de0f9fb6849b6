"""``Layer``: the Keras building block. Weights made lazily in ``build``, ops composed in ``call``.

    layer = Dense(16, activation='relu')     # no weights yet: the input size is unknown
    a = layer(x)                             # first call: build((None, 784)), then call(x)

A layer never writes a backward pass: ``call`` composes ops from ``glassnet.ops``, each of
which carries its own backward rule, so ``loss.backward()`` reaches every weight.

Called on a symbolic ``KerasTensor`` (from ``keras.Input``) a layer computes no numbers:
it builds itself, works out the output shape and returns a new KerasTensor that remembers
``(layer, inputs)`` in ``.history``; ``keras.Model(inputs, outputs)`` replays that graph.
"""
from __future__ import annotations

import functools
import inspect

import numpy as np

from glassnet.autodiff import Tensor, holds_text, no_grad
from glassnet.config import floatx
from glassnet.layers.call_context import current_training, training_scope
from glassnet.layers.keras_tensor import KerasTensor
from glassnet.layers.masks import masks_of as _masks_of, set_masks
from glassnet.layers.naming import snake_case, unique_name
from glassnet.layers.serialization import _plain_init_arguments, register  # noqa: F401 (re-exported)
from glassnet.layers.structure import _flatten, _flatten_shapes, _fmt, _map, _shapes_of_call, _unique
from glassnet.layers.symbolic_call import SymbolicCall

_NO_INPUTS = object()  # layer(query=..., value=...): the inputs come by keyword


class Layer(SymbolicCall):
    """Base class of every layer (Keras's ``keras.layers.Layer``).

    Parameters
    ----------
    name : str, optional
        Unique by default: the class name in snake case, numbered ('dense', 'dense_1').
    trainable : bool
        False freezes the weights (no gradient is computed for them).
    dtype : str, optional
        Dtype of the weights and of the inputs the layer receives; default ``floatx()``.
    activity_regularizer : regularizer, optional
        Penalty on the layer's output, divided by the batch size, reported in ``losses``.
    input_shape, input_dim, batch_input_shape, batch_size :
        Keras's way of telling the first layer of a Sequential model its input shape
        (without the batch axis for ``input_shape``); stored as ``_batch_input_shape``.
    """

    # True when most of the layer's work is copies and elementwise steps, which NumPy runs on
    # one core (BLAS spreads only matrix products over the cores): ``predict`` then runs
    # several batches at once (models/inference.py). Convolution and pooling layers set it.
    works_on_one_core = False
    # True when the layer passes the mask of its input on to its output unchanged (Keras's flag).
    supports_masking = False

    def __new__(cls, *args, **kwargs):
        layer = super().__new__(cls)
        layer._init_arguments = _plain_init_arguments(cls, args, kwargs)
        return layer

    def __init__(self, name: str | None = None, trainable: bool = True, dtype=None, activity_regularizer=None,
                 **kwargs):
        allowed = {"input_shape", "input_dim", "batch_input_shape", "batch_size"}
        unknown = set(kwargs) - allowed
        if unknown:
            raise TypeError(f"{type(self).__name__}: unexpected keyword argument(s) {sorted(unknown)}")
        if name is not None and not isinstance(name, str):
            raise TypeError(f"{type(self).__name__}: name must be a string, got {name!r}")
        self.name = name or unique_name(snake_case(type(self).__name__))
        self._dtype = np.dtype(dtype) if dtype is not None else floatx()
        if self._dtype.kind != "f":
            raise ValueError(f"layer {self.name!r}: dtype must be a float type, got {dtype!r}")
        self._trainable = bool(trainable)
        self._own_weights: list[tuple[Tensor, bool]] = []   # (weight, trainable when the layer is)
        self._regularized: list[tuple] = []                 # (regularizer, weight)
        self._activity_losses: list[Tensor] = []
        self._added_losses: list[Tensor] = []               # add_loss(...) of the latest call
        self._input_shape_seen = None
        self._output_shape_seen = None
        self.built = False
        self._batch_input_shape = self._batch_shape_from(kwargs)
        self._symbolic_input = self._symbolic_output = None
        if activity_regularizer is not None:
            from glassnet import regularizers
            self.activity_regularizer = regularizers.get(activity_regularizer)

    def __init_subclass__(cls, **kwargs):
        """A subclass's ``build`` marks the layer built, even when called directly (as in Keras)."""
        super().__init_subclass__(**kwargs)
        if "build" in cls.__dict__:
            original = cls.__dict__["build"]

            @functools.wraps(original)
            def build(self, *args, **kw):
                original(self, *args, **kw)
                self.built = True
                if self._input_shape_seen is None and args:
                    self._input_shape_seen = args[0]
            cls.build = build

    def _batch_shape_from(self, kwargs) -> tuple | None:
        batch = kwargs.get("batch_size")
        if kwargs.get("batch_input_shape") is not None:
            return tuple(kwargs["batch_input_shape"])
        if kwargs.get("input_shape") is not None:
            shape = kwargs["input_shape"]
            shape = (shape,) if isinstance(shape, (int, np.integer)) else tuple(shape)
            return (batch,) + shape
        if kwargs.get("input_dim") is not None:
            return (batch, int(kwargs["input_dim"]))
        return None

    # ------------------------------------------------------------------ to override
    def build(self, input_shape) -> None:
        """Create the weights, now that the input shape (batch axis first, None) is known."""

    def call(self, inputs, training=False):
        """The forward pass, composed of ops (their backward rules come with them)."""
        return inputs

    def compute_output_shape(self, input_shape):
        """Output shape for an input shape; by default found by running ``call`` on zeros."""
        def run(fill):
            def zeros(shape):
                return Tensor(np.zeros(tuple(fill if d is None else d for d in shape), dtype=self._dtype))
            with no_grad():
                return self._call(_map(zeros, input_shape), training=False)
        first = _flatten_shapes(input_shape)[0]
        return _shapes_of_call(run, input_shape, first[0] if first else None)

    # ------------------------------------------------------------------ calling
    def __call__(self, inputs=_NO_INPUTS, *args, training=None, **kwargs):
        """Build on the first call, then ``call``. ``layer(a, b)`` passes both tensors to
        ``call(self, a, b)``; ``training`` and ``mask`` go to ``call`` when it takes them.

        ``training=None`` is False here, unless a functional model replays this call: a ``training``
        given when the graph was built (``base_model(x, training=False)``) stays, as in Keras."""
        if inputs is _NO_INPUTS:  # all by keyword, as Keras allows: attention(query=x, value=y, key=y)
            inputs = self._inputs_from_keywords(kwargs)
        leaves = _flatten(inputs)
        if isinstance(inputs, (list, tuple)) and not any(isinstance(v, (Tensor, KerasTensor, np.ndarray))
                                                         for v in leaves):
            inputs = np.asarray(inputs)  # nested lists of numbers are one array, not several inputs
            leaves = [inputs]
        if any(isinstance(v, KerasTensor) for v in leaves + _flatten(list(args)) + _flatten(list(kwargs.values()))):
            return self._symbolic_call(inputs, *args, **kwargs, **({} if training is None else {"training": training}))
        if "mask" not in kwargs and self._takes_mask():
            mask = _masks_of(inputs)
            if mask is not None:
                kwargs["mask"] = mask
        inputs = _map(self._as_tensor, inputs)
        if args:
            args = tuple(self._as_tensor(a) if isinstance(a, (np.ndarray, Tensor)) else a for a in args)
        if not self.built:
            shapes = _map(lambda t: (None,) + tuple(t.shape[1:]), inputs)
            self._check_declared_shape(shapes)
            self._build_for(shapes, args)
            if self._input_shape_seen is None:
                self._input_shape_seen = shapes
        self._added_losses = []  # add_loss keeps the terms of the latest call only
        training = current_training() if training is None else bool(training)   # see layers/call_context.py
        with training_scope(training):
            outputs = self._call(inputs, *args, training=self._default_training() if training is None else training,
                                 **kwargs)
        self._pass_mask_on(inputs, kwargs.get("mask", _masks_of(inputs)), outputs)
        activity = getattr(self, "activity_regularizer", None)
        if activity is not None:
            batch = max(1, int(leaves[0].shape[0])) if np.ndim(leaves[0]) else 1
            self._activity_losses = [activity(out) / batch for out in _flatten(outputs)]
        return outputs

    def _inputs_from_keywords(self, kwargs: dict):
        """The inputs given by the name of ``call``'s first argument (``query=`` for attention)."""
        first = next(iter(inspect.signature(self.call).parameters), None)
        if first is None or first not in kwargs:
            raise TypeError(f"layer {self.name!r}: call it on its inputs, e.g. layer(x) or layer({first}=x); "
                            f"got only the keyword arguments {sorted(kwargs)}")
        return kwargs.pop(first)

    def _build_for(self, shapes, args) -> None:
        """``build(shape)``, or ``build(shape_a, shape_b)`` when call takes several tensors and build
        asks for each one's shape."""
        extra = [(None,) + tuple(a.shape[1:]) for a in args if isinstance(a, (Tensor, KerasTensor))]
        wanted = _positional_count(self.build)
        self.build(shapes, *extra[:max(0, wanted - 1)]) if extra and wanted > 1 else self.build(shapes)
        self.built = True

    def _call(self, inputs, *args, training=False, **kwargs):
        accepted = _CALL_ARGUMENTS.get(type(self))
        if accepted is None:
            parameters = inspect.signature(self.call).parameters
            takes_any = any(p.kind is inspect.Parameter.VAR_KEYWORD for p in parameters.values())
            accepted = _CALL_ARGUMENTS[type(self)] = (takes_any, frozenset(parameters))
        takes_any, names = accepted
        if "mask" in kwargs and not takes_any and "mask" not in names:
            kwargs.pop("mask")  # Keras passes a mask only to a call that asks for it
        if takes_any or "training" in names:
            return self.call(inputs, *args, training=training, **kwargs)
        return self.call(inputs, *args, **kwargs)

    def _default_training(self) -> bool:
        """The default of ``call``'s own ``training`` argument (True for the random augmentation layers)."""
        default = _TRAINING_DEFAULT.get(type(self))
        if default is None:
            parameter = inspect.signature(self.call).parameters.get("training")
            default = _TRAINING_DEFAULT[type(self)] = (parameter is not None and parameter.default is True)
        return default

    def add_loss(self, loss) -> None:
        """Add a term to the training loss, e.g. an activity penalty or a VAE's KL divergence,
        from inside ``call``: it counts for the latest call, and ``model.losses`` lists it."""
        if not isinstance(loss, Tensor):
            loss = Tensor(np.asarray(getattr(loss, "data", loss), dtype=self._dtype))
        self._added_losses.append(loss)

    def compute_mask(self, inputs, previous_mask=None):
        """The mask of the output: the input's if ``supports_masking``, else None (Keras's rule)."""
        return previous_mask if self.supports_masking else None

    def _takes_mask(self) -> bool:
        takes = _TAKES_MASK.get(type(self))
        if takes is None:
            takes = _TAKES_MASK[type(self)] = "mask" in inspect.signature(self.call).parameters
        return takes

    def _pass_mask_on(self, inputs, mask, outputs) -> None:
        """Remember ``compute_mask``'s answer for the outputs (see ``glassnet.layers.masks``)."""
        if mask is not None or type(self).compute_mask is not Layer.compute_mask:
            set_masks(_flatten(outputs), self.compute_mask(inputs, mask))

    def _as_tensor(self, value) -> Tensor:
        """Inputs become Tensors of the layer's dtype (constants are cast, graph tensors kept)."""
        if isinstance(value, Tensor):
            if value.dtype != self._dtype and not value.requires_grad and value.dtype.kind in "fiub":
                return Tensor(value.data.astype(self._dtype))
            self._refuse_text(value.data)
            return value
        array = np.asarray(value)
        if array.dtype != self._dtype and array.dtype.kind in "fiub":
            array = array.astype(self._dtype)
        self._refuse_text(array)
        return Tensor(array)

    def _refuse_text(self, array: np.ndarray) -> None:
        if holds_text(array) and not getattr(self, "_accepts_strings", False):
            raise TypeError(f"layer {self.name!r} ({type(self).__name__}) got text (an array of dtype "
                            f"{array.dtype}); turn text into numbers first, e.g. with layers.TextVectorization "
                            "or layers.StringLookup")

    def _check_declared_shape(self, shapes) -> None:
        declared = self._batch_input_shape
        if declared is None or isinstance(shapes, list):
            return
        if len(declared) != len(shapes) or any(d is not None and s is not None and d != s
                                               for d, s in zip(declared[1:], shapes[1:])):
            raise ValueError(f"layer {self.name!r} was declared with input shape {_fmt(declared)}, "
                             f"got input of shape {_fmt(shapes)}")

    # ------------------------------------------------------------------ weights
    def add_weight(self, shape=None, initializer="glorot_uniform", name: str | None = None,
                   regularizer=None, trainable: bool = True, dtype=None, constraint=None) -> Tensor:
        """Create a weight: ``initializer(shape, dtype)`` values in a Tensor that gets gradients.

        ``constraint`` (e.g. ``keras.constraints.MaxNorm(3)``) projects the weight back after
        every optimizer step."""
        from glassnet import constraints, initializers, regularizers
        from glassnet.layers.weight_budget import charge
        shape = tuple(int(d) for d in (shape or ()))
        dtype = np.dtype(dtype) if dtype is not None else self._dtype
        charge(self.name, name, shape, dtype)  # a model file's architecture is bounded before allocation
        values = np.asarray(initializers.get(initializer)(shape, dtype=dtype), dtype=dtype)
        if values.shape != shape:
            raise ValueError(f"layer {self.name!r}: initializer {initializer!r} returned shape {values.shape} "
                             f"for weight {name!r} of shape {shape}")
        name = name or f"variable_{len(self._own_weights)}"
        weight = Tensor(values, requires_grad=bool(trainable) and self._trainable, name=f"{self.name}/{name}")
        self._own_weights.append((weight, bool(trainable)))
        regularizer = regularizers.get(regularizer)
        if regularizer is not None:
            self._regularized.append((regularizer, weight))
        constraints.attach(weight, constraints.get(constraint))
        return weight

    @property
    def layers(self) -> list:
        """The layers assigned to attributes of this one (also inside lists, tuples and dicts)."""
        found, seen = [], {id(self)}

        def visit(value):
            if isinstance(value, Layer):
                if id(value) not in seen:
                    seen.add(id(value))
                    found.append(value)
            elif isinstance(value, (list, tuple)):
                for item in value:
                    visit(item)
            elif isinstance(value, dict):
                for item in value.values():
                    visit(item)
        for value in vars(self).values():
            visit(value)
        return found

    @property
    def variables(self) -> list[Tensor]:
        """Keras 3's name for ``weights``."""
        return self.weights

    @property
    def trainable_variables(self) -> list[Tensor]:
        return self.trainable_weights

    @property
    def non_trainable_variables(self) -> list[Tensor]:
        return self.non_trainable_weights

    @property
    def trainable(self) -> bool:
        return self._trainable

    @trainable.setter
    def trainable(self, value: bool) -> None:
        self._trainable = bool(value)
        for weight, weight_trainable in getattr(self, "_own_weights", ()):
            weight.requires_grad = self._trainable and weight_trainable
        if hasattr(self, "_own_weights"):
            for layer in self.layers:
                layer.trainable = value

    @property
    def weights(self) -> list[Tensor]:
        """Every weight: this layer's own (in creation order), then its sublayers'."""
        return _unique([w for w, _ in self._own_weights] + [w for layer in self.layers for w in layer.weights])

    @property
    def trainable_weights(self) -> list[Tensor]:
        if not self._trainable:
            return []
        own = [w for w, trainable in self._own_weights if trainable]
        return _unique(own + [w for layer in self.layers for w in layer.trainable_weights])

    @property
    def non_trainable_weights(self) -> list[Tensor]:
        trainable = {id(w) for w in self.trainable_weights}
        return [w for w in self.weights if id(w) not in trainable]

    @property
    def losses(self) -> list[Tensor]:
        """Regularisation penalties (computed afresh at each access) and activity penalties of the last call."""
        own = [regularizer(weight) for regularizer, weight in self._regularized] + list(self._activity_losses)
        own += getattr(self, "_added_losses", [])
        return own + [loss for layer in self.layers for loss in layer.losses]

    def count_params(self) -> int:
        if not self.built:
            raise ValueError(f"layer {self.name!r} has not been built yet, so its weights do not exist: "
                             "call it on data or on a keras.Input first")
        return int(sum(w.data.size for w in self.weights))

    def get_weights(self) -> list[np.ndarray]:
        """Copies of the weights as arrays, in ``weights`` order."""
        return [w.data.copy() for w in self.weights]

    def set_weights(self, weights) -> None:
        """Copy arrays into the weights (in place), after checking their number and shapes."""
        own, weights = self.weights, list(weights)
        if len(weights) != len(own):
            raise ValueError(f"layer {self.name!r} has {len(own)} weight arrays "
                             f"({', '.join(w.name for w in own) or 'none'}), got {len(weights)}")
        arrays = [np.asarray(v.data if isinstance(v, Tensor) else v) for v in weights]
        for w, value in zip(own, arrays):
            if value.shape != w.data.shape:
                raise ValueError(f"layer {self.name!r}: weight {w.name!r} has shape {w.data.shape}, "
                                 f"got an array of shape {value.shape}")
        for w, value in zip(own, arrays):
            w.data[...] = value

    # ------------------------------------------------------------------ shapes and configuration
    @property
    def dtype(self) -> str:
        return self._dtype.name

    def get_config(self) -> dict:
        """The constructor arguments, as plain JSON values (``from_config`` inverts it)."""
        config = {"name": self.name, "trainable": self.trainable, "dtype": self.dtype}
        if type(self).get_config is Layer.get_config and getattr(self, "_init_arguments", None):
            # a custom layer without get_config: its plain constructor arguments (as Keras 3 does)
            config = {**self._init_arguments, **config}
        if self._batch_input_shape is not None:
            config["batch_input_shape"] = list(self._batch_input_shape)
        if getattr(self, "activity_regularizer", None) is not None:
            from glassnet import regularizers
            config["activity_regularizer"] = regularizers.serialize(self.activity_regularizer)
        return config

    @classmethod
    def from_config(cls, config: dict) -> "Layer":
        return cls(**config)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} name={self.name!r}, built={self.built}>"


_CALL_ARGUMENTS: dict[type, tuple[bool, frozenset]] = {}
_TAKES_MASK: dict[type, bool] = {}
_TRAINING_DEFAULT: dict[type, bool] = {}


def _positional_count(method) -> int:
    """How many positional arguments a bound method takes (build(self, a_shape, b_shape) → 2)."""
    kinds = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
    return sum(p.kind in kinds for p in inspect.signature(method).parameters.values())
