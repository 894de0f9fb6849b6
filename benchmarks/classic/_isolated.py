"""Time one task of one library in a process of its own, alternating the libraries.

OpenBLAS and OpenMP threads keep spinning for a while after work and steal a core from whoever
runs next, so each library is timed in a fresh process: ``python _isolated.py TASK LIB N``
builds the task's data (not timed), runs it once to warm up, then N timed times, and prints
the times as JSON. :func:`compare` runs such processes in turn, glassnet, scikit-learn,
glassnet, ... and reports the median of each library and the spread (max − min) / median.
"""
from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent


def compare(task: str, rounds: int = 3, repeats: int = 2, timeout: float = 900.0) -> dict:
    """Median seconds of glassnet and scikit-learn on ``task``, alternated process by process."""
    times: dict[str, list[float]] = {"glassnet": [], "sklearn": []}
    info: dict[str, dict] = {}
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    for r in range(rounds):
        order = ("glassnet", "sklearn") if r % 2 == 0 else ("sklearn", "glassnet")
        for lib in order:
            out = subprocess.run([sys.executable, str(Path(__file__)), task, lib, str(repeats)],
                                 capture_output=True, text=True, env=env, timeout=timeout)
            if out.returncode != 0:
                raise RuntimeError(f"{task} ({lib}) failed:\n{out.stderr[-3000:]}")
            result = json.loads(out.stdout.strip().splitlines()[-1])
            times[lib] += result["times"]
            info[lib] = result["info"]
    med = {lib: statistics.median(t) for lib, t in times.items()}
    spread = {lib: (max(t) - min(t)) / med[lib] for lib, t in times.items()}
    return {"glassnet_s": med["glassnet"], "sklearn_s": med["sklearn"],
            "ratio": med["glassnet"] / med["sklearn"], "spread_glassnet": spread["glassnet"],
            "spread_sklearn": spread["sklearn"], "n_times": len(times["glassnet"]), "info": info}


def _worker(task: str, lib: str, repeats: int) -> None:
    sys.path.insert(0, str(HERE))
    import _speed_tasks  # noqa: E402  (the task definitions, next to this file)
    run, info = getattr(_speed_tasks, task)(lib)
    run()                                   # warm-up: imports, BLAS threads, caches
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - start)
    if isinstance(result, dict):
        info = {**info, **result}
    print(json.dumps({"times": times, "info": info}))


if __name__ == "__main__":
    _worker(sys.argv[1], sys.argv[2], int(sys.argv[3]))
