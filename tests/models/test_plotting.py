"""keras.utils.plot_model: the boxes, their text and the arrows are those of the model's graph."""
from __future__ import annotations

import re

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

import glassnet as keras  # noqa: E402
from glassnet import layers  # noqa: E402
from glassnet.models.plotting import model_to_picture  # noqa: E402
from glassnet.viz.model_graph import draw_model_graph, layout  # noqa: E402


def _two_paths():
    inputs = keras.Input((4,), name="features")
    left = layers.Dense(8, activation="relu", name="left")(inputs)
    right = layers.Dense(8, name="right")(inputs)
    joined = layers.concatenate([left, right], name="join")
    return keras.Model(inputs, layers.Dense(1, activation="sigmoid", name="out")(joined))


def _artists(figure):
    ax = figure.axes[0]
    boxes = {p.get_gid()[4:]: p for p in ax.patches if (p.get_gid() or "").startswith("box:")}
    edges = {tuple(p.get_gid()[5:].split("->")): p for p in ax.patches if (p.get_gid() or "").startswith("edge:")}
    texts = {t.get_gid(): t.get_text() for t in ax.texts}
    return boxes, edges, texts


def test_boxes_and_edges_follow_the_functional_graph():
    picture = model_to_picture(_two_paths(), show_layer_names=True)
    assert [b.id for b in picture.boxes] == ["features", "left", "right", "join", "out"]
    assert sorted(picture.edges) == sorted([("features", "left"), ("features", "right"), ("left", "join"),
                                            ("right", "join"), ("join", "out")])
    assert picture.boxes[1].lines == ["left (Dense)"]


def test_box_text_follows_the_show_options():
    picture = model_to_picture(_two_paths(), show_shapes=True, show_dtype=True, show_layer_names=False,
                               show_layer_activations=True, show_trainable=True)
    left = next(b for b in picture.boxes if b.id == "left")
    assert left.lines == ["Dense", "Input shape: (None, 4)", "Output shape: (None, 8)", "Output dtype: float32",
                          "Activation: relu", "Trainable: yes"]
    join = next(b for b in picture.boxes if b.id == "join")
    assert "Input shape: (None, 8), (None, 8)" in join.lines and "Output shape: (None, 16)" in join.lines


def test_drawing_places_arrows_from_box_to_box_in_rank_order():
    picture = model_to_picture(_two_paths(), show_layer_names=True)
    figure = draw_model_graph(picture, rankdir="TB")
    boxes, edges, texts = _artists(figure)
    assert set(boxes) == {"features", "left", "right", "join", "out"} and len(edges) == 5
    assert "left (Dense)" in texts.values() and "join (Concatenate)" in texts.values()
    frames = layout(picture, "TB")
    assert frames["features"][1] > frames["left"][1] == frames["right"][1] > frames["join"][1] > frames["out"][1]
    for (a, b), arrow in edges.items():
        path = arrow.get_path().vertices
        start, end = arrow._posA_posB if hasattr(arrow, "_posA_posB") else (path[0], path[-1])
        for point, box in ((start, boxes[a]), (end, boxes[b])):
            x0, y0, w, h = box.get_x(), box.get_y(), box.get_width(), box.get_height()
            assert x0 - 0.2 <= point[0] <= x0 + w + 0.2 and y0 - 0.2 <= point[1] <= y0 + h + 0.2
    lr = layout(picture, "LR")
    assert lr["features"][0] < lr["left"][0] < lr["join"][0] < lr["out"][0]
    with pytest.raises(ValueError, match="rankdir"):
        layout(picture, "XY")


def test_sequential_shared_and_subclassed_models():
    seq = keras.Sequential([keras.Input((3,)), layers.Dense(2, name="a"), layers.Dense(1, name="b")])
    picture = model_to_picture(seq)
    assert len(picture.boxes) == 3 and len(picture.edges) == 2 and picture.boxes[1].lines == ["Dense"]
    x = keras.Input((3,), name="x")
    shared = layers.Dense(3, name="shared")
    twice = keras.Model(x, shared(shared(x)))
    picture = model_to_picture(twice)
    assert [b.id for b in picture.boxes] == ["x", "shared"]

    class Sub(keras.Model):
        def __init__(self):
            super().__init__(name="sub")
            self.d = layers.Dense(1)

        def call(self, x):
            return self.d(x)
    sub = Sub()
    sub(np.ones((1, 3), dtype="float32"))
    assert [b.lines for b in model_to_picture(sub, show_layer_names=True).boxes] == [["sub (Sub)"]]


def test_expand_nested_draws_the_inner_layers_in_a_frame():
    inner_in = keras.Input((4,))
    inner = keras.Model(inner_in, layers.Dense(2, name="inner_dense")(layers.Dense(3, name="inner_first")(inner_in)),
                        name="block")
    x = keras.Input((4,), name="x")
    outer = keras.Model(x, layers.Dense(1, name="head")(inner(x)))
    collapsed = model_to_picture(outer)
    assert [b.id for b in collapsed.boxes] == ["x", "block", "head"]
    expanded = model_to_picture(outer, expand_nested=True)
    assert [b.id for b in expanded.boxes] == ["x", "inner_first", "inner_dense", "head"]
    assert sorted(expanded.edges) == sorted([("x", "inner_first"), ("inner_first", "inner_dense"),
                                             ("inner_dense", "head")])
    assert {b.cluster for b in expanded.boxes if b.id.startswith("inner")} == set(expanded.clusters)
    figure = draw_model_graph(expanded)
    assert any((p.get_gid() or "").startswith("cluster:") for p in figure.axes[0].patches)


def test_plot_model_writes_png_and_svg_files(tmp_path):
    model = _two_paths()
    result = keras.utils.plot_model(model, to_file=str(tmp_path / "m.png"), show_shapes=True, dpi=50)
    image = matplotlib.image.imread(tmp_path / "m.png")
    assert image.shape[0] > 100 and image.shape[1] > 100 and image[..., :3].std() > 0.05
    try:
        import IPython  # noqa: F401
        assert result is not None
    except ImportError:
        assert result is None
    keras.utils.plot_model(model, to_file=str(tmp_path / "m.svg"), show_layer_names=True)
    svg = (tmp_path / "m.svg").read_text()
    assert len(re.findall(r'id="box:', svg)) == 5 and len(re.findall(r'id="edge:', svg)) == 5
    assert 'id="edge:features-&gt;left"' in svg or 'id="edge:features->left"' in svg
    with pytest.raises(TypeError, match="unexpected argument"):
        keras.utils.plot_model(model, to_file=str(tmp_path / "x.png"), colour=True)


def test_plot_model_defaults_are_keras_3s_and_draw_class_names_alone(tmp_path):
    import inspect
    from glassnet.models.plotting import plot_model
    for function in (keras.utils.plot_model, plot_model):
        defaults = {name: p.default for name, p in inspect.signature(function).parameters.items()
                    if p.default is not inspect.Parameter.empty}
        assert defaults == {"to_file": "model.png", "show_shapes": False, "show_dtype": False,
                            "show_layer_names": False, "rankdir": "TB", "expand_nested": False, "dpi": 200,
                            "show_layer_activations": False, "show_trainable": False}
    with matplotlib.rc_context({"svg.fonttype": "none"}):   # text kept as text in the SVG file
        keras.utils.plot_model(_two_paths(), to_file=str(tmp_path / "plain.svg"))
    svg = (tmp_path / "plain.svg").read_text()
    assert ">Dense<" in svg and ">Concatenate<" in svg
    for detail in ("Input shape", "Output dtype", "Activation", "Trainable", "(Dense)"):
        assert detail not in svg, detail


def _nested(inner_model):
    x = keras.Input((4,), name="x")
    return keras.Model(x, layers.Dense(1, name="head")(inner_model(x)))


def test_expanded_nested_layers_named_like_outer_ones_stay_separate_boxes():
    inner_in = keras.Input((4,))
    block = keras.Model(inner_in, layers.Dense(2, name="head")(inner_in), name="block")
    picture = model_to_picture(_nested(block), expand_nested=True, show_layer_names=True)
    ids = [b.id for b in picture.boxes]
    assert ids == ["x", "head", "head_1"]   # the SVG ids (gid) name a repeated name as Keras names layers
    inner_head, outer_head = picture.boxes[1], picture.boxes[2]
    assert inner_head.cluster is not None and outer_head.cluster is None
    assert inner_head.lines == outer_head.lines == ["head (Dense)"]
    assert sorted(picture.edges) == sorted([("x", inner_head.id), (inner_head.id, outer_head.id)])
    figure = draw_model_graph(picture)
    boxes, edges, _ = _artists(figure)
    assert set(boxes) == set(ids) and len(edges) == 2


def test_expanded_frames_are_titled_with_the_nested_models_kind():
    inner_in = keras.Input((4,))
    functional = keras.Model(inner_in, layers.Dense(2)(inner_in), name="block")
    sequential = keras.Sequential([keras.Input((4,)), layers.Dense(2)], name="stack")
    assert list(model_to_picture(_nested(functional), expand_nested=True).clusters.values()) == \
        ["block (Functional)"]
    assert list(model_to_picture(_nested(sequential), expand_nested=True).clusters.values()) == \
        ["stack (Sequential)"]


def test_plot_model_returns_what_a_notebook_displays(tmp_path, monkeypatch):
    import sys
    import types

    class Shown:
        def __init__(self, filename):
            self.filename = filename
    display = types.SimpleNamespace(Image=type("Image", (Shown,), {}), SVG=type("SVG", (Shown,), {}))
    monkeypatch.setitem(sys.modules, "IPython", types.SimpleNamespace(display=display, version_info=(9, 0)))
    model = _two_paths()
    png = keras.utils.plot_model(model, to_file=str(tmp_path / "m.png"), dpi=30)
    svg = keras.utils.plot_model(model, to_file=str(tmp_path / "m.svg"))
    assert type(png).__name__ == "Image" and png.filename == str(tmp_path / "m.png")
    assert type(svg).__name__ == "SVG" and svg.filename == str(tmp_path / "m.svg")
    assert keras.utils.plot_model(model, to_file=str(tmp_path / "m.pdf")) is None
    assert (tmp_path / "m.pdf").read_bytes().startswith(b"%PDF")
