"""The lessons are sphinx-gallery scripts: their shape is checked here, and the cheapest one is run.
(The documentation build executes all of them; benchmarks/lessons_timing.py times them.)"""
import ast
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

LESSONS = sorted((Path(__file__).resolve().parents[1] / "lessons").glob("lesson_*.py"))


def test_the_seven_chapters_are_there():
    numbers = [int(re.match(r"lesson_(\d+)_", path.name).group(1)) for path in LESSONS]
    assert set(range(1, 8)) <= set(numbers)


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem)
def test_a_lesson_is_a_gallery_script_using_only_glassnet(path):
    source = path.read_text(encoding="utf-8")
    module = ast.parse(source)
    docstring = ast.get_docstring(module, clean=False).strip("\n").splitlines()
    title, underline = docstring[0], docstring[1]
    assert title.startswith("Lesson ") and set(underline) == {"="} and len(underline) == len(title)
    assert source.count("\n# %%\n") >= 3
    imported = {alias.name.split(".")[0] for node in ast.walk(module) if isinstance(node, ast.Import)
                for alias in node.names}
    imported |= {node.module.split(".")[0] for node in ast.walk(module) if isinstance(node, ast.ImportFrom)}
    assert imported <= {"glassnet", "numpy", "matplotlib", "warnings", "pathlib", "tempfile"}, imported


@pytest.mark.slow
def test_lesson_three_runs_and_its_checks_pass():
    path = next(p for p in LESSONS if p.name.startswith("lesson_03_"))
    env = dict(os.environ, MPLBACKEND="Agg", OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1",
               PYTHONPATH=str(path.parents[1]))
    result = subprocess.run([sys.executable, str(path)], capture_output=True, text=True, env=env, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "dL/dw: by hand" in result.stdout and "loss before" in result.stdout
