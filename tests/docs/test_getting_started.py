"""The getting-started page's Python examples run as written, and do what the page says."""
from __future__ import annotations

import re
from pathlib import Path

import numpy as np

PAGE = Path(__file__).resolve().parents[2] / "docs" / "getting_started.rst"
BLOCK = re.compile(r"^\.\. code-block:: python\n\n((?:(?:   .*)?\n)+)", re.MULTILINE)


def python_blocks() -> list[str]:
    blocks = [match.group(1) for match in BLOCK.finditer(PAGE.read_text(encoding="utf-8"))]
    return ["\n".join(line[3:] for line in block.splitlines()) for block in blocks]


def test_the_getting_started_examples_run_and_learn(tmp_path, monkeypatch, capsys):
    blocks = python_blocks()
    assert len(blocks) == 3, "expected the first network, the loop by hand and the first estimator"
    monkeypatch.chdir(tmp_path)
    namespace: dict = {}

    def run(i):
        exec(compile(blocks[i], f"getting_started.rst example {i}", "exec"), namespace)

    def accuracy():
        predicted = namespace["model"].predict(namespace["x_test"], verbose=0).argmax(1)
        return np.mean(predicted == namespace["y_test"])

    run(0)                                       # the first network
    assert accuracy() > 0.85
    before = namespace["model"].layers[0].kernel.numpy().copy()
    run(1)                                       # one epoch of the training loop by hand
    assert namespace["model"].layers[0].kernel.grad is not None
    assert not np.array_equal(namespace["model"].layers[0].kernel.numpy(), before), "SGD moved nothing"
    assert accuracy() > 0.85
    run(2)                                       # the first estimators
    assert namespace["search"].best_score_ > 0.8          # one cut (depth 1) cannot follow the moons
    assert namespace["search"].best_params_["max_depth"] > 1
    assert capsys.readouterr().out.strip()
