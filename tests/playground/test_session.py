"""The session trains a real glassnet Sequential; the course's exercise is reached."""
import numpy as np
import pytest

from glassnet.layers import Dropout
from glassnet.models import Sequential
from glassnet.playground.messages import MessageError, validate_config
from glassnet.playground.session import Session


def train_until(session, target, max_epochs):
    for _ in range(max_epochs):
        session.train_epoch()
        if session.losses()[1] < target:
            return session.epoch
    return None


def test_default_session_is_the_original_network():
    s = Session()
    assert isinstance(s.model, Sequential)
    assert [layer.units for layer in s.dense_layers] == [4, 2, 1]
    assert s.dense_layers[-1].kernel.shape == (2, 1)
    assert len(s.x_train) == 250 and len(s.x_test) == 250
    w = s.dense_layers[0].kernel.data
    assert w.dtype == np.float32 and np.all(np.abs(w) <= 0.5)
    np.testing.assert_allclose(s.dense_layers[0].bias.data, 0.1)


def test_course_exercise_squared_features_and_no_hidden_layer_fit_the_circle():
    s = Session(validate_config({"dataset": "circle", "features": ["x1sq", "x2sq"], "hidden": [], "dropout": []}))
    assert len(s.dense_layers) == 1
    epoch = train_until(s, 0.05, 300)
    assert epoch is not None, f"test loss still {s.losses()[1]:.3f}"


def test_course_exercise_x1_x2_and_four_tanh_neurons_fit_the_circle():
    s = Session(validate_config({"dataset": "circle", "features": ["x1", "x2"], "hidden": [4], "dropout": [0],
                                 "activation": "tanh"}))
    epoch = train_until(s, 0.05, 600)
    assert epoch is not None, f"test loss still {s.losses()[1]:.3f}"


def test_two_gaussians_are_learned_quickly_with_the_defaults():
    s = Session(validate_config({"dataset": "gauss"}))
    assert train_until(s, 0.05, 100) is not None


@pytest.mark.parametrize("optimizer", ["momentum", "adam"])
def test_multiclass_with_softmax_and_cross_entropy(optimizer):
    s = Session(validate_config({"problem": "multiclass", "dataset": "gauss_k", "classes": 4, "hidden": [6],
                                 "dropout": [0], "optimizer": optimizer, "learning_rate": 0.01}))
    assert s.dense_layers[-1].units == 4
    before = s.losses()[1]
    for _ in range(30):
        s.train_epoch()
    after = s.losses()[1]
    assert after < 0.5 * before
    accuracy = np.mean(np.argmax(s.predict(s.x_test), axis=1) == s.y_test)
    assert accuracy > 0.8
    progress = s.progress()
    assert len(progress["output"]) == 4


def test_binary_cross_entropy_regression_and_dropout_train():
    s = Session(validate_config({"dataset": "xor", "loss": "cross_entropy", "features": ["x1x2"], "hidden": [],
                                 "dropout": [], "learning_rate": 0.1}))
    first = s.losses()[1]
    for _ in range(20):
        s.train_epoch()
    assert s.losses()[1] < first
    r = Session(validate_config({"problem": "regression", "dataset": "plane", "hidden": [3], "dropout": [0.2]}))
    assert any(isinstance(layer, Dropout) for layer in r.model.layers)
    first = r.losses()[1]
    for _ in range(5):
        r.train_epoch()
    assert r.losses()[1] < first


def test_l1_and_l2_penalties_shrink_the_weights():
    sizes = {}
    for reg in ("none", "l2", "l1"):
        s = Session(validate_config({"dataset": "gauss", "regularization": reg, "reg_rate": 0.3 if reg != "none" else 0}))
        for _ in range(30):
            s.train_epoch()
        sizes[reg] = float(np.abs(s.dense_layers[0].kernel.data).sum())
    assert sizes["l2"] < sizes["none"] and sizes["l1"] < sizes["none"]


def test_progress_has_pictures_for_every_neuron():
    s = Session(validate_config({"hidden": [3, 5], "dropout": [0, 0]}))
    p = s.progress()
    assert [len(layer) for layer in p["neurons"]] == [3, 5]
    assert len(p["output"]) == 1
    assert [np.shape(w) for w in p["weights"]] == [(2, 3), (3, 5), (5, 1)]
    assert p["epoch"] == 0 and p["test_loss"] > 0


def test_live_changes_keep_the_weights_structural_changes_reset():
    s = Session()
    s.train_epoch()
    kernel = s.dense_layers[0].kernel.data.copy()
    assert s.apply_config({**s.config, "learning_rate": 0.3}) == "live"
    assert s.optimizer.learning_rate == pytest.approx(0.3) and s.epoch == 1
    np.testing.assert_array_equal(s.dense_layers[0].kernel.data, kernel)
    assert s.apply_config({**s.config, "hidden": [3]}) == "model"
    assert s.epoch == 0 and len(s.dense_layers) == 2
    assert s.apply_config({**s.config, "noise": 20}) == "data"


def test_editing_a_weight_and_a_bias():
    s = Session()
    s.set_weight(1, 3, 1, 0.75)
    s.set_bias(2, 0, -0.25)
    assert s.dense_layers[1].kernel.data[3, 1] == pytest.approx(0.75)
    assert s.dense_layers[2].bias.data[0] == pytest.approx(-0.25)
    with pytest.raises(MessageError, match="no connection"):
        s.set_weight(0, 2, 0, 1.0)
    with pytest.raises(MessageError, match="no layer"):
        s.set_bias(3, 0, 1.0)


def test_points_placed_and_loaded():
    s = Session()
    s.add_point((1.0, 1.0, -1.0))
    assert len(s.x_train) == 251
    s.clear_points()
    assert len(s.x_train) == 250
    rows = [(float(a), float(b), 1.0 if a * b > 0 else -1.0) for a, b in np.random.default_rng(0).uniform(-5, 5, (40, 2))]
    s.load_points(rows)
    assert s.config["dataset"] == "custom" and len(s.x_train) + len(s.x_test) == 40


def test_divergence_is_reported_not_hidden():
    s = Session(validate_config({"problem": "regression", "dataset": "plane", "activation": "linear",
                                 "learning_rate": 10, "hidden": [8, 8], "dropout": [0, 0]}))
    with np.errstate(all="ignore"):
        for _ in range(5):
            s.train_epoch()
        p = s.progress()
    assert p["diverged"] and p["test_loss"] is None
    import json
    json.dumps(p, allow_nan=False)  # the page's JSON.parse refuses NaN
