"""Run Keras 3 guide code on glassnet, cell by cell, and count what runs.

Each ``*.py`` file beside this one follows one official Keras 3 guide or example
(keras.io), section by section, with only the imports changed
(``import glassnet as keras; from glassnet import layers, ops``), local or synthetic data
in place of downloads and small sizes so each cell runs in seconds. Cells are separated by
``# %%`` lines. A cell whose first line is ``# SKIP: <reason>`` is out of scope (tf.data,
TensorBoard, pretrained downloads) and is counted apart.

All cells of one guide run in order in one namespace, as in a notebook: a failing cell is
reported by its first error line and the next cells still run.

Usage (from the repository root)::

    GLASSNET_DATA=/work/shared/data PYTHONPATH=. python benchmarks/keras_guides/run.py [guide ...]
"""
from __future__ import annotations

import contextlib
import io
import os
import sys
import time
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent


def split_cells(source: str) -> list[str]:
    """The cells of a guide script: the text between ``# %%`` lines (a header before the first is dropped)."""
    parts = []
    current: list[str] | None = None
    for line in source.splitlines():
        if line.startswith("# %%"):
            if current is not None:
                parts.append("\n".join(current))
            current = []
        elif current is not None:
            current.append(line)
    if current is not None:
        parts.append("\n".join(current))
    return [p for p in parts if p.strip()]


def skip_reason(cell: str) -> str | None:
    first = cell.strip().splitlines()[0]
    return first.split(":", 1)[1].strip() if first.startswith("# SKIP:") else None


def first_error_line(exc: BaseException, filename: str) -> str:
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename == filename]
    where = f" (cell line {frames[-1].lineno})" if frames else ""
    message = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"{type(exc).__name__}: {message}{where}"


def run_guide(path: Path, verbose: bool = False) -> dict:
    cells = split_cells(path.read_text())
    namespace: dict = {"__name__": f"guide_{path.stem}"}
    ran, skipped, failures = 0, [], []
    start = time.perf_counter()
    for index, cell in enumerate(cells, start=1):
        reason = skip_reason(cell)
        if reason is not None:
            skipped.append((index, reason))
            continue
        filename = f"<{path.stem} cell {index}>"
        out = io.StringIO()
        try:
            code = compile(cell, filename, "exec")
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
                exec(code, namespace)
            ran += 1
        except Exception as exc:  # noqa: BLE001 - every failure is reported, none stops the guide
            failures.append((index, first_error_line(exc, filename)))
            if verbose:
                traceback.print_exc()
        if verbose and out.getvalue():
            print(out.getvalue()[-2000:])
    return {"guide": path.stem, "ran": ran, "total": len(cells) - len(skipped), "skipped": skipped,
            "failures": failures, "seconds": time.perf_counter() - start}


def main(argv: list[str]) -> int:
    verbose = "-v" in argv
    names = [a for a in argv if not a.startswith("-")]
    os.environ.setdefault("GLASSNET_DATA", "/work/shared/data")
    os.chdir(os.environ.get("TMPDIR", "/tmp"))  # guides save files: keep them out of the repository
    paths = sorted(p for p in HERE.glob("*.py") if p.name != "run.py" and not p.name.startswith("_"))
    if names:
        paths = [p for p in paths if p.stem in names]
    results = [run_guide(p, verbose) for p in paths]
    print(f"\n{'guide':45s} {'cells run / total':>18s} {'skipped':>8s} {'s':>6s}")
    for r in results:
        print(f"{r['guide']:45s} {r['ran']:>8d} / {r['total']:<7d} {len(r['skipped']):>8d} {r['seconds']:6.1f}")
    ran, total = sum(r["ran"] for r in results), sum(r["total"] for r in results)
    print(f"{'TOTAL':45s} {ran:>8d} / {total:<7d} {sum(len(r['skipped']) for r in results):>8d}")
    for r in results:
        for index, line in r["failures"]:
            print(f"FAIL {r['guide']} cell {index}: {line}")
        for index, reason in r["skipped"]:
            print(f"skip {r['guide']} cell {index}: {reason}")
    return 0 if ran == total else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
