"""Every message from the page is checked: types, ranges, sizes; bad ones raise MessageError."""
import json

import pytest

from glassnet.playground.messages import (DEFAULT_CONFIG, MAX_MESSAGE_BYTES, MAX_USER_POINTS,
                                          MessageError, parse, validate_config)


def msg(**kwargs):
    return json.dumps(kwargs)


def test_defaults_match_the_original():
    c = validate_config({})
    assert c["hidden"] == [4, 2] and c["activation"] == "tanh" and c["learning_rate"] == 0.03
    assert c["batch_size"] == 10 and c["train_ratio"] == 50 and c["noise"] == 0
    assert c["loss"] == "squared" and c["problem"] == "classification"


def test_a_full_config_round_trips():
    config = {**DEFAULT_CONFIG, "hidden": [8, 8, 8, 8, 8, 8], "dropout": [0.1] * 6,
              "features": ["sinx2", "x1"], "learning_rate": 10, "problem": "multiclass",
              "dataset": "spiral_k", "classes": 5}
    out = parse(msg(type="config", config=config))["config"]
    assert out["hidden"] == [8] * 6 and out["classes"] == 5
    assert out["features"] == ["x1", "sinx2"]  # canonical order


@pytest.mark.parametrize("patch, words", [
    ({"hidden": [4] * 7}, "at most 6"),
    ({"hidden": [9]}, "between 1 and 8"),
    ({"hidden": [0]}, "between 1 and 8"),
    ({"hidden": [2.5]}, "whole number"),
    ({"hidden": "4,2"}, "must be a list"),
    ({"learning_rate": 11}, "learning_rate"),
    ({"learning_rate": 0}, "learning_rate"),
    ({"learning_rate": "0.1"}, "must be a number"),
    ({"learning_rate": True}, "must be a number"),
    ({"noise": 51}, "noise"),
    ({"batch_size": 31}, "batch_size"),
    ({"train_ratio": 5}, "train_ratio"),
    ({"activation": "softmax"}, "activation"),
    ({"activation": "__import__('os')"}, "activation"),
    ({"dataset": "../../etc/passwd"}, "dataset"),
    ({"dataset": "plane"}, "dataset"),  # a regression set for a classification problem
    ({"features": []}, "at least one"),
    ({"features": ["x3"]}, "feature"),
    ({"optimizer": "lbfgs"}, "optimizer"),
    ({"dropout": [1.0]}, "dropout"),
    ({"classes": 6}, "classes"),
    ({"show_test": 1}, "true or false"),
    ({"evil": 1}, "unknown config keys"),
])
def test_bad_configs_are_refused_with_a_reason(patch, words):
    with pytest.raises(MessageError, match=words):
        parse(msg(type="config", config={**DEFAULT_CONFIG, **patch}))


@pytest.mark.parametrize("text, words", [
    ("not json", "not valid JSON"),
    ("[1, 2]", "JSON object"),
    (msg(type="launch"), "unknown message type"),
    (msg(), "unknown message type"),
    ("[" * 100_001 + "]" * 100_001, "too large"),
    ("x" * (MAX_MESSAGE_BYTES + 1), "too large"),
    ("[" * 5000 + "]" * 5000, "JSON"),
], ids=["text", "array", "unknown", "no-type", "deep-and-large", "large", "deep"])
def test_malformed_messages_are_refused(text, words):
    with pytest.raises(MessageError, match=words):
        parse(text)


def test_binary_frames_are_refused():
    with pytest.raises(MessageError, match="binary"):
        parse(b"{}")


def test_points_are_checked_for_each_problem():
    assert parse(msg(type="add_point", point=[1, -2, -1]))["point"] == (1.0, -2.0, -1.0)
    with pytest.raises(MessageError, match="-1 or 1"):
        parse(msg(type="add_point", point=[1, 2, 0]))
    with pytest.raises(MessageError, match="x1"):
        parse(msg(type="add_point", point=[7, 2, 1]))
    with pytest.raises(MessageError, match=r"\[x1, x2, label\]"):
        parse(msg(type="add_point", point=[1, 2]))
    assert parse(msg(type="add_point", point=[0, 0, 4]), "multiclass", 5)["point"][2] == 4
    with pytest.raises(MessageError, match="label"):
        parse(msg(type="add_point", point=[0, 0, 3]), "multiclass", 3)
    assert parse(msg(type="add_point", point=[0, 0, 0.25]), "regression")["point"][2] == 0.25


def test_point_lists_are_bounded():
    points = [[0, 0, 1]] * (MAX_USER_POINTS + 1)
    with pytest.raises(MessageError, match="at most"):
        parse(msg(type="load_points", points=points))
    ok = parse(msg(type="load_points", points=[[0, 0, 1], [1, 1, -1]]))
    assert len(ok["points"]) == 2


def test_weight_edits_are_checked():
    out = parse(msg(type="set_weight", layer=1, source=2, target=0, value=-0.5))
    assert out == {"type": "set_weight", "layer": 1, "source": 2, "target": 0, "value": -0.5}
    for bad in ({"value": float("nan")}, {"value": 1e9}, {"layer": -1}, {"layer": "0"}):
        fields = {"type": "set_weight", "layer": 0, "source": 0, "target": 0, "value": 0, **bad}
        with pytest.raises(MessageError):
            parse(json.dumps(fields))
