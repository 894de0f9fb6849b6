"""model.summary() as Keras prints it: the whole table, line by line, for the layouts a course
shows (trainable column, connections, custom widths, a nested model, the optimizer's share)."""
import numpy as np

import glassnet as keras
from glassnet import layers
from glassnet.models import Sequential

SEQUENTIAL = """\
Model: "seq"
__________________________________________________
Layer (type)    Output Shape  Param #  Trainable
==================================================
hidden (Dense)  (None, 3)     15       Y
__________________________________________________
drop (Dropout)  (None, 3)     0        -
__________________________________________________
out (Dense)     (None, 2)     8        N
==================================================
 Total params: 23 (92.00 B)
 Trainable params: 15 (60.00 B)
 Non-trainable params: 8 (32.00 B)
 Optimizer params: 30 (120.00 B)"""

FUNCTIONAL = """\
Model: "fun"
________________________________________________________________________________
Layer (type)                               Output Shape  Param #  Connected to
================================================================================
a (InputLayer)                             (None, 4)     0        -
________________________________________________________________________________
b (InputLayer)                             (None, 4)     0        -
________________________________________________________________________________
h (Dense)                                  (None, 3)     15       a
________________________________________________________________________________
g (Dense)                                  (None, 3)     15       b
________________________________________________________________________________
add (Add)                                  (None, 3)     0        h, g
================================================================================
 Total params: 30 (120.00 B)
 Trainable params: 30 (120.00 B)
 Non-trainable params: 0 (0.00 B)"""

POSITIONS = """\
Model: "fun"
____________________________________________________________
Layer (type)      Output Sha… Param #     Connected to
============================================================
a (InputLayer)    (None, 4)   0           -
____________________________________________________________
b (InputLayer)    (None, 4)   0           -
____________________________________________________________
h (Dense)         (None, 3)   15          a
____________________________________________________________
g (Dense)         (None, 3)   15          b
____________________________________________________________
add (Add)         (None, 3)   0           h, g
============================================================
 Total params: 30 (120.00 B)
 Trainable params: 30 (120.00 B)
 Non-trainable params: 0 (0.00 B)"""

NESTED = """\
Model: "outer"
___________________________________________
Layer (type)        Output Shape  Param #
===========================================
seq (Sequential)    (None, 2)     23
___________________________________________
  └ hidden (Dense)  (None, 3)     15
___________________________________________
  └ drop (Dropout)  (None, 3)     0
___________________________________________
  └ out (Dense)     (None, 2)     8
___________________________________________
tail (Dense)        (None, 1)     3
===========================================
 Total params: 26 (104.00 B)
 Trainable params: 18 (72.00 B)
 Non-trainable params: 8 (32.00 B)"""

SHARED_NESTED = """\
Model: "outer"
____________________________________________________________
Layer (type)        Output Shape  Param #     Connected to
============================================================
x (InputLayer)      (None, 4)     0           -
____________________________________________________________
y (InputLayer)      (None, 4)     0           -
____________________________________________________________
inner (Model)       (None, 3)     15          x, y
____________________________________________________________
  └ a (InputLayer)  (None, 4)     0
____________________________________________________________
  └ b (InputLayer)  (None, 4)     0
____________________________________________________________
  └ shared (Dense)  (None, 3)     15
____________________________________________________________
  └ shared (Dense)  (None, 3)     0 (shared)
____________________________________________________________
  └ sum (Add)       (None, 3)     0
____________________________________________________________
head (Dense)        (None, 1)     4           inner
============================================================
 Total params: 19 (76.00 B)
 Trainable params: 19 (76.00 B)
 Non-trainable params: 0 (0.00 B)"""

NARROW = """\
Model: "inner"
________________________________________
Layer (t… Ou… Param #         Connected to
========================================
a (Input… (N… 0               -
________________________________________
b (Input… (N… 0               -
________________________________________
shared (… (N… 15              a
________________________________________
shared (… (N… 0 (shared)      b
________________________________________
sum (Add) (N… 0               shared, shared
========================================
 Total params: 15 (60.00 B)
 Trainable params: 15 (60.00 B)
 Non-trainable params: 0 (0.00 B)"""


def _printed(call):
    lines = []
    call(lines.append)
    return "\n".join(lines)


def _models():
    seq = Sequential([keras.Input(shape=(4,)), layers.Dense(3, name="hidden"), layers.Dropout(0.5, name="drop"),
                      layers.Dense(2, name="out")], name="seq")
    seq.layers[2].trainable = False
    seq.compile(optimizer="adam", loss="mse")
    seq.fit(np.ones((4, 4), dtype=np.float32), np.ones((4, 2), dtype=np.float32), verbose=0)
    a, b = keras.Input(shape=(4,), name="a"), keras.Input(shape=(4,), name="b")
    joined = layers.Add(name="add")([layers.Dense(3, name="h")(a), layers.Dense(3, name="g")(b)])
    functional = keras.Model([a, b], joined, name="fun")
    outer = Sequential([keras.Input(shape=(4,)), seq, layers.Dense(1, name="tail")], name="outer")
    return seq, functional, outer


def test_sequential_with_a_frozen_layer_and_an_optimizer():
    seq, _, _ = _models()
    assert _printed(lambda p: seq.summary(show_trainable=True, print_fn=p)) == SEQUENTIAL


def test_functional_with_connections_and_a_line_length():
    _, functional, _ = _models()
    assert _printed(lambda p: functional.summary(line_length=80, print_fn=p)) == FUNCTIONAL


def test_relative_column_positions_cut_long_cells():
    _, functional, _ = _models()
    assert _printed(lambda p: functional.summary(positions=[0.3, 0.5, 0.7, 1.0], line_length=60,
                                                 print_fn=p)) == POSITIONS


def test_nested_model_expanded():
    _, _, outer = _models()
    assert _printed(lambda p: outer.summary(expand_nested=True, print_fn=p)) == NESTED


def _shared_and_nested():
    a, b = keras.Input(shape=(4,), name="a"), keras.Input(shape=(4,), name="b")
    shared = layers.Dense(3, name="shared")
    inner = keras.Model([a, b], layers.Add(name="sum")([shared(a), shared(b)]), name="inner")
    x, y = keras.Input(shape=(4,), name="x"), keras.Input(shape=(4,), name="y")
    outer = keras.Model([x, y], layers.Dense(1, name="head")(inner([x, y])), name="outer")
    outer.compile(optimizer="adam", loss="mse")      # compiled, not trained: no optimizer line yet
    return inner, outer


def test_a_shared_layer_inside_an_expanded_functional_model():
    _, outer = _shared_and_nested()
    assert _printed(lambda p: outer.summary(expand_nested=True, print_fn=p)) == SHARED_NESTED


def test_absolute_positions_narrower_than_the_cells():
    inner, _ = _shared_and_nested()
    assert _printed(lambda p: inner.summary(positions=[10, 14, 30, 40], print_fn=p)) == NARROW


EMPTY = """\
Model: "empty"
_____________________________________
Layer (type)  Output Shape  Param #
=====================================
=====================================
 Total params: 0 (0.00 B)
 Trainable params: 0 (0.00 B)
 Non-trainable params: 0 (0.00 B)"""

TWICE_NESTED = """\
Model: "outer"
_______________________________________________
Layer (type)            Output Shape  Param #
===============================================
middle (Sequential)     (None, 2)     10
_______________________________________________
  └ inner (Sequential)  (None, 2)     10
_______________________________________________
  └   └ core (Dense)    (None, 2)     10
_______________________________________________
tail (Dense)            (None, 1)     3
===============================================
 Total params: 13 (52.00 B)
 Trainable params: 13 (52.00 B)
 Non-trainable params: 0 (0.00 B)"""


def test_a_model_without_layers_prints_the_whole_headers():
    assert _printed(lambda p: Sequential(name="empty").summary(print_fn=p)) == EMPTY


def test_expand_nested_expands_every_level():
    inner = Sequential([keras.Input(shape=(4,)), layers.Dense(2, name="core")], name="inner")
    middle = Sequential([keras.Input(shape=(4,)), inner], name="middle")
    outer = Sequential([keras.Input(shape=(4,)), middle, layers.Dense(1, name="tail")], name="outer")
    assert _printed(lambda p: outer.summary(expand_nested=True, print_fn=p)) == TWICE_NESTED


def test_parameter_sizes_are_written_in_kilobytes_and_megabytes():
    lines = []
    Sequential([keras.Input(shape=(4,)), layers.Dense(100), layers.Dense(2560)]).summary(print_fn=lines.append)
    assert lines[-3] == " Total params: 259,060 (1011.95 KB)"
    lines.clear()
    Sequential([keras.Input(shape=(1024,)), layers.Dense(1024)]).summary(print_fn=lines.append)
    assert lines[-3] == " Total params: 1,049,600 (4.00 MB)"
