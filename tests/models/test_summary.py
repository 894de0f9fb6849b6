"""summary(): rows, output shapes, parameter counts and totals as Keras prints them."""
import glassnet as keras
from glassnet import layers
from glassnet.models import Sequential


def _lines(model, **kwargs):
    lines = []
    model.summary(print_fn=lines.append, **kwargs)
    return lines


def test_keras_totals_for_the_19_parameter_model():
    model = Sequential()
    model.add(layers.Dense(3, input_dim=4))
    model.add(layers.Dense(1))
    lines = _lines(model)
    text = "\n".join(lines)
    assert lines[0] == 'Model: "sequential"' or lines[0].startswith('Model: "sequential')
    for header in ("Layer (type)", "Output Shape", "Param #"):
        assert header in text
    assert any("(Dense)" in line and "(None, 3)" in line and line.rstrip().endswith("15") for line in lines)
    assert any("(None, 1)" in line and line.rstrip().endswith("4") for line in lines)
    assert " Total params: 19 (76.00 B)" in lines
    assert " Trainable params: 19 (76.00 B)" in lines
    assert " Non-trainable params: 0 (0.00 B)" in lines


def test_thousands_separator_and_frozen_layers():
    model = Sequential([keras.Input(shape=(784,)), layers.Dense(256), layers.Dense(10)])
    model.layers[0].trainable = False
    text = "\n".join(_lines(model, show_trainable=True))
    assert "200,960" in text and "Total params: 203,530" in text
    assert "Trainable params: 2,570" in text and "Non-trainable params: 200,960" in text


def test_functional_summary_shows_inputs_and_connections():
    inputs = keras.Input(shape=(4,), name="features")
    a = layers.Dense(2, name="a")(inputs)
    b = layers.Dense(2, name="b")(inputs)
    model = keras.Model(inputs, layers.Add(name="sum")([a, b]), name="branchy")
    lines = _lines(model)
    text = "\n".join(lines)
    assert lines[0] == 'Model: "branchy"'
    assert "features (InputLayer)" in text and "Connected to" in text
    assert any(line.startswith("sum (Add)") and "a, b" in line for line in lines)
    assert "Total params: 20 (80.00 B)" in text


def test_unbuilt_model_prints_question_marks():
    model = Sequential([layers.Dense(3), layers.Dense(1)])
    text = "\n".join(_lines(model))
    assert "?" in text and "unbuilt" in text and "Total params: 0" in text


def test_expand_nested_lists_inner_layers():
    inner = Sequential([keras.Input(shape=(3,)), layers.Dense(2, name="inner_dense")], name="inner")
    inputs = keras.Input(shape=(3,))
    model = keras.Model(inputs, inner(inputs))
    assert "inner_dense" not in "\n".join(_lines(model))
    assert "inner_dense" in "\n".join(_lines(model, expand_nested=True))


def test_branches_without_merge_still_show_connections():
    inputs = keras.Input(shape=(3,))
    model = keras.Model(inputs, [layers.Dense(1, name="p")(inputs), layers.Dense(2, name="q")(inputs)])
    assert "Connected to" in "\n".join(_lines(model))
    chain = keras.Model(inputs, layers.Dense(2)(layers.Dense(4)(inputs)))
    assert "Connected to" not in "\n".join(_lines(chain))


def test_positions_and_line_length():
    model = Sequential([keras.Input(shape=(3,)), layers.Dense(2)])
    lines = _lines(model, line_length=60, positions=[0.5, 0.8, 1.0])
    assert len(lines[1]) == 60 and "Total params: 8" in "\n".join(lines)


def test_show_trainable_marks_layers_without_weights_with_a_dash():
    inputs = keras.Input(shape=(4,), name="pixels")
    frozen = layers.Dense(2, name="frozen")
    model = keras.Model(inputs, layers.Dense(1, name="head")(layers.Activation("relu", name="act")(frozen(inputs))))
    frozen.trainable = False
    rows = {line.split()[0]: line.split()[-1] for line in _lines(model, show_trainable=True)
            if line.split() and line.split()[0] in ("pixels", "frozen", "act", "head")}
    assert rows == {"pixels": "-", "frozen": "N", "act": "-", "head": "Y"}
