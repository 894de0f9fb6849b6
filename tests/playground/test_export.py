"""'Export as Python': the script builds the same model on the same data and runs as shown."""
import os
import subprocess
import sys
from pathlib import Path

import numpy as np

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


def test_exported_script_trains_the_same_network(tmp_path):
    s = Session(validate_config({"dataset": "gauss", "hidden": [3, 2], "dropout": [0.1, 0]}))
    for _ in range(4):
        s.train_epoch()
    code = script(s)
    assert "epochs=4" in code and "layers.Dense(3" in code and "layers.Dropout(0.1" in code
    assert 'loss="half_squared_error"' in code
    result = run(code, tmp_path)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "test loss" in result.stdout and "Total params" in result.stdout


def test_exported_script_reproduces_data_and_initial_weights(tmp_path):
    s = Session(validate_config({"dataset": "spiral", "noise": 10, "features": ["x1", "x2", "sinx1"], "seed": 42,
                                 "hidden": [2], "dropout": [0]}))
    s.add_point((1.0, 2.0, -1.0))
    code = script(s).replace("history = model.fit", "w0 = model.get_weights()\nhistory = model.fit")
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
