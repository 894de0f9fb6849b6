"""The README as a new user meets it: its set-up lines, its Python snippets run as written, its
commands parse, and it points only to files inside the repository.

The Python snippets run in order in one namespace (the training loop by hand continues the
model of the snippet before it), in a temporary working folder, with the data that ships.
"""
from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
FENCE = re.compile(r"^```(\w*)\n(.*?)^```", re.MULTILINE | re.DOTALL)


def code_blocks(language: str) -> list[tuple[str, str]]:
    """(heading above it, code) of every fenced block of ``language``, in README order."""
    blocks = []
    for match in FENCE.finditer(README):
        if match.group(1) == language:
            headings = re.findall(r"^#+ (.+)$", README[:match.start()], re.MULTILINE)
            blocks.append((headings[-1] if headings else "top", match.group(2)))
    return blocks


PYTHON = code_blocks("python")
_namespace: dict = {}
_ran: list[int] = []


def _network_learned(ns):
    import numpy as np
    accuracy = np.mean(ns["model"].predict(ns["x_test"], verbose=0).argmax(1) == ns["y_test"])
    assert accuracy > 0.85, f"the README's network reaches only {accuracy:.2f} on the MNIST sample"


def _loop_by_hand_ran(ns):
    import numpy as np
    grad = ns["model"].layers[0].kernel.grad
    assert grad is not None and np.any(grad != 0), "the hand-written loop left no gradient"
    _network_learned(ns)                       # and SGD on top of Adam did not wreck it


def _estimators_learned(ns):
    assert ns["search"].best_score_ > 0.8, ns["search"].best_score_
    coef = float(ns["LinearRegression"]().fit(ns["X"], ns["y"]).coef_.ravel()[0])
    assert 7_000 < coef < 12_000, f"salary raise per year {coef}, the data's is 9 500"


def _cluster_search_matches_sequential(ns):
    from glassnet.model_selection import GridSearchCV
    sequential = GridSearchCV(ns["DecisionTreeClassifier"](random_state=0), ns["grid"], cv=5).fit(ns["X"], ns["y"])
    assert ns["search"].best_params_ == sequential.best_params_
    assert ns["search"].best_score_ == sequential.best_score_


def _network_learned_and_custom_step_trained(ns):
    _network_learned(ns)
    if "custom" in ns:                          # the train_step override trains from the first fit
        losses = ns["custom"].history.history["loss"]
        assert losses[-1] < losses[0], losses


def _keras_extras_work(ns):
    import numpy as np
    assert tuple(ns["scores"].shape) == (2, 5, 5) and np.isfinite(np.asarray(ns["scores"])).all()
    assert (Path.cwd() / "model.png").stat().st_size > 1000
    assert type(ns["keras"].models.load_model("scaled.keras").layers[1]).__name__ == "Scale"


def _pictures_drawn(ns):
    assert ns["adam"].path.shape[1] == 2 and ns["plain"].values[-1] < ns["plain"].values[0]
    for name in ("paths.png", "learning_rates.png"):
        assert (Path.cwd() / name).stat().st_size > 1000, name


# what each snippet must have computed, by the heading above it
CHECKS = {"Networks, the Keras way": _network_learned_and_custom_step_trained, "More of Keras": _keras_extras_work,
          "Pictures and lessons": _pictures_drawn, "The training loop by hand": _loop_by_hand_ran,
          "Classic models": _estimators_learned, "On a cluster": _cluster_search_matches_sequential}


def test_the_readme_has_python_snippets_to_check():
    assert len(PYTHON) >= 3, [heading for heading, _ in PYTHON]


@pytest.mark.parametrize("index", range(len(PYTHON)), ids=[f"{i}-{h}" for i, (h, _) in enumerate(PYTHON)])
def test_python_snippet_runs_as_written(index, tmp_path_factory, monkeypatch, capsys):
    missing = [i for i in range(index) if i not in _ran]
    if missing:
        pytest.fail(f"snippet {index} continues snippets {missing}, which did not run (see their failures)")
    monkeypatch.chdir(tmp_path_factory.mktemp("readme"))   # files the snippets save land here
    monkeypatch.setenv("MPLBACKEND", "Agg")
    heading, code = PYTHON[index]
    exec(compile(code, f"README.md snippet {index} ({heading})", "exec"), _namespace)
    printed = capsys.readouterr().out
    assert printed.strip(), f"snippet {index} ({heading}) printed nothing"
    for start, check in CHECKS.items():
        if heading.startswith(start):
            check(_namespace)
    _ran.append(index)


def test_every_snippet_has_a_check_of_its_results():
    unchecked = [heading for heading, _ in PYTHON if not any(heading.startswith(start) for start in CHECKS)]
    assert not unchecked, f"add a check of what these README snippets compute: {unchecked}"


def test_the_first_lines_are_exactly_two_setup_commands():
    language, first_block = FENCE.search(README).groups()
    lines = [line for line in first_block.splitlines() if line.strip()]
    assert language == "bash" and len(lines) == 2, lines
    assert lines[0].startswith('pip install ".[playground]"') and lines[1].startswith('pip install ".[test]"')
    assert README.index("```") < README.index("\n## "), "the set-up commands must come before any section"


def test_glassnet_commands_in_the_readme_parse():
    """Every ``glassnet train/playground/challenge`` line names options the command has."""
    from glassnet import cli
    commands = [line.split("#")[0].strip() for _, block in code_blocks("bash")
                for line in block.replace("\\\n", " ").splitlines()]     # continued lines joined
    commands = [c for c in commands if c.startswith("glassnet ")]
    assert any(c.startswith("glassnet train ") for c in commands)
    parser = cli.build_parser()
    for command in commands:
        parser.parse_args(shlex.split(command)[1:])     # exits (SystemExit) on an unknown option


def test_paths_the_readme_names_exist_in_the_repository():
    named = set(re.findall(r"`((?:docs|lessons|benchmarks|examples|glassnet|tests)/[\w./-]*)`", README))
    named = {path for path in named if not path.startswith("docs/_build/")}   # what the docs command writes
    named |= {"LICENSE"} if "`LICENSE`" in README else set()
    assert named, "the README names no file of the repository"
    missing = sorted(path for path in named if not (ROOT / path).exists())
    assert not missing, f"the README names files that are not in the repository: {missing}"
    assert "../" not in README and "DESIGN.md" not in README
