"""'Export as Python': the script builds the same model on the same data and runs as shown."""
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from glassnet.playground.export import script
from glassnet.playground.messages import validate_config
from glassnet.playground.session import Session


def python_env():
    """The environment for a script run as a user would: this checkout importable even when not installed."""
    root = str(Path(__file__).resolve().parents[2])
    return {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [root, os.environ.get("PYTHONPATH")]))}


def run(code, tmp_path):
    path = tmp_path / "exported.py"
    path.write_text(code)
    return subprocess.run([sys.executable, str(path)], env=python_env(), capture_output=True, text=True, timeout=180)


def page_line(session):
    """The losses as the page shows them after the session's last epoch."""
    test, train = session.losses()[1], session.losses()[0]
    return f"epoch {session.epoch}: test loss {test:.3g}, training loss {train:.3g}"


@pytest.mark.parametrize("config", [
    {"dataset": "gauss", "hidden": [3, 2], "dropout": [0.1, 0]},
    {"dataset": "xor", "hidden": [4], "dropout": [0], "optimizer": "adam", "regularization": "l2", "reg_rate": 0.001,
     "features": ["x1", "x2", "x1x2"]},
    {"problem": "multiclass", "dataset": "spiral_k", "classes": 3, "hidden": [5], "dropout": [0], "optimizer": "momentum"},
    {"dataset": "circle", "loss": "cross_entropy", "hidden": [4], "dropout": [0], "batch_size": 7},
])
def test_the_exported_script_reaches_the_page_losses_at_the_page_epoch(tmp_path, config):
    s = Session(validate_config(config))
    for _ in range(4):
        s.train_epoch()
    result = run(script(s), tmp_path)
    assert result.returncode == 0, result.stderr[-2000:]
    assert page_line(s) in result.stdout, (page_line(s), result.stdout[:300])


def test_edits_made_while_training_are_replayed(tmp_path):
    s = Session(validate_config({"dataset": "xor", "hidden": [3], "dropout": [0]}))
    s.train_epoch()
    s.set_weight(0, 0, 1, 0.25)
    s.add_point((1.0, 2.0, -1.0))
    s.train_epoch()
    s.apply_config({**s.config, "learning_rate": 0.1, "batch_size": 5})
    s.train_epoch()
    s.clear_points()
    s.train_epoch()
    s.set_bias(1, 0, 0.5)  # after the last epoch: the page's loss already shows it
    code = script(s)
    assert "edits = {" in code
    result = run(code, tmp_path)
    assert result.returncode == 0, result.stderr[-2000:]
    assert page_line(s) in result.stdout


def test_the_exported_script_stops_where_the_page_stopped(tmp_path):
    s = Session(validate_config({"dataset": "xor", "stop_loss": 0.1}))
    while not s.reached_target():
        s.train_epoch()
        assert s.epoch < 300
    result = run(script(s), tmp_path)
    assert result.returncode == 0, result.stderr[-2000:]
    assert page_line(s) in result.stdout


def test_exported_script_reproduces_data_and_initial_weights(tmp_path):
    s = Session(validate_config({"dataset": "spiral", "noise": 10, "features": ["x1", "x2", "sinx1"], "seed": 42,
                                 "hidden": [2], "dropout": [0]}))
    s.add_point((1.0, 2.0, -1.0))
    code = script(s).replace("dense = [", "w0 = model.get_weights()\ndense = [")
    code += "np.save('w0.npy', w0[0]); np.save('x.npy', x_train)\n"
    result = subprocess.run([sys.executable, "-c", code], env=python_env(), capture_output=True, text=True, timeout=180, cwd=tmp_path)
    assert result.returncode == 0, result.stderr[-2000:]
    np.testing.assert_allclose(np.load(tmp_path / "x.npy"), s.x_train, rtol=1e-6)
    # the page's initial first-layer kernel, rebuilt by the same seeded initializer
    fresh = Session(s.config)
    np.testing.assert_allclose(np.load(tmp_path / "w0.npy"), fresh.dense_layers[0].kernel.data)


def test_every_problem_exports_valid_python():
    for config in ({"problem": "multiclass", "dataset": "spiral_k", "classes": 5, "optimizer": "adam"},
                   {"problem": "regression", "dataset": "reg_gauss", "regularization": "l2", "reg_rate": 0.01},
                   {"loss": "cross_entropy", "optimizer": "momentum", "hidden": [], "dropout": []}):
        code = script(Session(validate_config(config)))
        compile(code, "exported.py", "exec")
