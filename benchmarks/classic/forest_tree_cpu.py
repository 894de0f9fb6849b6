"""CPU time per tree (one process, one thread, n_jobs=1) of the forest rows of ``speed.py``.

The rows' data and settings (RandomForestClassifier 20000x20, ExtraTreesClassifier and
ExtraTreesRegressor 100000x20) with fewer trees, so that a busy machine still gives figures in
minutes: each library in a fresh process, alternated ``ROUNDS`` times, median per tree.

    python benchmarks/classic/forest_tree_cpu.py [ROOT ...] [--rounds N]

Each ROOT is a checkout whose glassnet is timed; scikit-learn is timed once per round too.
"""
from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

_WORKER = r"""
import sys, time, json
from threadpoolctl import threadpool_limits
threadpool_limits(1)
from sklearn.datasets import make_classification, make_regression
lib, task = sys.argv[1], sys.argv[2]
if task == "forest":
    X, y = make_classification(20_000, 20, n_informative=10, random_state=0); name, trees = "RandomForestClassifier", 20
elif task == "extra_trees":
    X, y = make_classification(100_000, 20, n_informative=10, random_state=0); name, trees = "ExtraTreesClassifier", 8
else:
    X, y = make_regression(100_000, 20, n_informative=10, noise=10.0, random_state=0); name, trees = "ExtraTreesRegressor", 3
module = __import__(("glassnet" if lib == "glassnet" else "sklearn") + ".ensemble", fromlist=[name])
Forest = getattr(module, name)
Forest(2, n_jobs=1, random_state=1).fit(X[:5000], y[:5000])          # imports, caches
start = time.process_time()
model = Forest(trees, n_jobs=1, random_state=0).fit(X, y)
print(json.dumps({"per_tree": (time.process_time() - start) / trees,
                  "nodes": sum(t.tree_.node_count for t in model.estimators_) / trees}))
"""


def main() -> None:
    args = sys.argv[1:]
    rounds = 2
    if "--rounds" in args:
        i = args.index("--rounds")
        rounds = int(args[i + 1])
        del args[i:i + 2]
    roots = [str(Path(r).resolve()) for r in args] or [str(Path(__file__).resolve().parents[2])]
    env = dict(os.environ, OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1")
    for task in ("forest", "extra_trees", "extra_trees_regressor"):
        times: dict[str, list[float]] = {}
        for _ in range(rounds):
            for label, lib, root in [("sklearn", "sklearn", roots[0])] + [(r, "glassnet", r) for r in roots]:
                out = subprocess.run([sys.executable, "-c", _WORKER, lib, task], capture_output=True, text=True,
                                     env=dict(env, PYTHONPATH=root), cwd=root, check=True)
                times.setdefault(label, []).append(json.loads(out.stdout.strip().splitlines()[-1])["per_tree"])
        base = statistics.median(times["sklearn"])
        for label, values in times.items():
            median = statistics.median(values)
            print(f"{task:<22} {label:<40} {median * 1e3:8.1f} ms/tree (runs {', '.join(f'{v * 1e3:.0f}' for v in values)})"
                  f"  ratio {median / base:5.2f}", flush=True)
        print(f"load {os.getloadavg()[0]:.1f}", flush=True)


if __name__ == "__main__":
    main()
