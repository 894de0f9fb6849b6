"""Wall-clock of the forest rows of ``speed.py`` (n_jobs=-1), glassnet under a chosen joblib backend.

    python benchmarks/classic/forest_wall.py [--roots ROOT ...] [--backends default,loky,threading]
                                             [--tasks forest_fit,...] [--rounds N]

Each (library, backend) runs in a fresh process: the task's data, one warm-up fit (imports, a
process pool's start), then one timed fit; the rounds alternate the libraries. ``default`` leaves
the forest's own choice; ``loky``/``threading`` force a backend with ``joblib.parallel_config``.
Pin the process to the cores to be measured (``taskset -c 0,1``): joblib's ``n_jobs=-1`` counts
the cores the process may use. Prints the median seconds and the ratio to scikit-learn.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

_WORKER = r"""
import json, sys, time, warnings, contextlib
warnings.simplefilter("ignore")
sys.path.insert(0, sys.argv[4])
import joblib, _speed_tasks
task, lib, backend = sys.argv[1], sys.argv[2], sys.argv[3]
run, info = getattr(_speed_tasks, task)(lib)
config = contextlib.nullcontext() if backend == "default" else joblib.parallel_config(backend=backend)
with config:
    run()
    start = time.perf_counter()
    run()
    print(json.dumps(time.perf_counter() - start))
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--roots", nargs="*", default=[str(HERE.parent.parent)])
    parser.add_argument("--backends", default="default")
    parser.add_argument("--tasks", default="forest_fit,extra_trees_fit,extra_trees_regressor_fit")
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    runs = [("sklearn", "default", args.roots[0])] + [
        ("glassnet", backend, root) for root in args.roots for backend in args.backends.split(",")]
    for task in args.tasks.split(","):
        times: dict[tuple, list[float]] = {}
        for r in range(args.rounds):
            for lib, backend, root in (runs if r % 2 == 0 else runs[::-1]):
                env = dict(os.environ, PYTHONPATH=str(Path(root).resolve()))
                out = subprocess.run([sys.executable, "-c", _WORKER, task, lib, backend, str(HERE)],
                                     capture_output=True, text=True, env=env, cwd=root, check=True)
                times.setdefault((lib, backend, root), []).append(json.loads(out.stdout.strip().splitlines()[-1]))
        base = statistics.median(times[("sklearn", "default", args.roots[0])])
        for (lib, backend, root), values in times.items():
            median = statistics.median(values)
            label = "sklearn" if lib == "sklearn" else f"glassnet {backend} {root}"
            print(f"{task:<26} {label:<48} {median:7.2f} s (runs {', '.join(f'{v:.2f}' for v in values)})"
                  f"  ratio {median / base:5.2f}", flush=True)
        print(f"load {os.getloadavg()[0]:.1f}", flush=True)


if __name__ == "__main__":
    main()
