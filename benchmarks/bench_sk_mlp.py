"""glassnet's MLPClassifier / MLPRegressor beside scikit-learn's: time, and the same weights.

Each library is timed in a process of its own, alternated (glassnet, scikit-learn, glassnet, ...),
so that neither inherits the other's spinning BLAS threads. Reported per task: the median wall
time, its spread (max − min) / median, and the ratio of median CPU times (``time.process_time``),
which other programs on a busy machine disturb less. BLAS is held to one thread: on a loaded
2-core machine two BLAS threads per process made one fit 50 times slower in both libraries
(set BENCH_ALL_THREADS=1 to time with the threads as they come). SciPy is imported before
timing in both processes (scikit-learn imports it anyway; glassnet only for solver='lbfgs').
The last column is the largest difference between the two libraries' trained weights (same
``random_state``).

    python benchmarks/bench_sk_mlp.py            # 3 rounds
    python benchmarks/bench_sk_mlp.py 5          # 5 rounds
"""
from __future__ import annotations

import json
import tempfile
import os
import statistics
import subprocess
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

TASKS = {
    "adam_classifier": ("MLPClassifier((100,), adam) 20 epochs, 10000x100, 3 classes",
                        "MLPClassifier", dict(solver="adam")),
    "sgd_classifier": ("MLPClassifier((100,), sgd) 20 epochs, 10000x100, 3 classes",
                       "MLPClassifier", dict(solver="sgd", learning_rate_init=0.01)),
    "lbfgs_classifier": ("MLPClassifier((100,), lbfgs) 20 iterations, 10000x100",
                         "MLPClassifier", dict(solver="lbfgs")),
    "adam_regressor": ("MLPRegressor((64, 32), adam) 20 epochs, 10000x100",
                       "MLPRegressor", dict(solver="adam", hidden_layer_sizes=(64, 32))),
}


def _data(estimator: str):
    import numpy as np
    rng = np.random.RandomState(0)
    X = rng.normal(size=(10000, 100))
    if estimator == "MLPClassifier":
        return X, (X[:, :5].sum(1) > 0).astype(int) + (X[:, 5] > 1)
    return X, X[:, :5].sum(1) + np.sin(X[:, 5])


def _worker(task: str, lib: str, repeats: int) -> None:
    import numpy as np
    import scipy.optimize  # noqa: F401  (loaded before the thread limit below, in both libraries)
    from threadpoolctl import threadpool_limits
    warnings.simplefilter("ignore")
    module = __import__("sklearn.neural_network" if lib == "sklearn" else "glassnet.neural_network",
                        fromlist=["MLPClassifier"])
    _, estimator, params = TASKS[task]
    X, y = _data(estimator)
    make = lambda: getattr(module, estimator)(max_iter=20, random_state=0, **params)  # noqa: E731
    threads = None if os.environ.get("BENCH_ALL_THREADS") else 1
    wall, cpu = [], []
    with threadpool_limits(threads):
        make().fit(X, y)                                               # warm-up
        for _ in range(repeats):
            start, start_cpu = time.perf_counter(), time.process_time()
            model = make().fit(X, y)
            wall.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
    weights = np.concatenate([w.ravel() for w in model.coefs_ + model.intercepts_])
    np.save(Path(tempfile.gettempdir()) / f"bench_sk_mlp_{task}_{lib}.npy", weights)
    print(json.dumps({"wall": wall, "cpu": cpu, "score": float(model.score(X, y))}))


def compare(task: str, rounds: int, repeats: int = 2) -> dict:
    import numpy as np
    runs = {"glassnet": {"wall": [], "cpu": [], "score": None}, "sklearn": {"wall": [], "cpu": [], "score": None}}
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    for r in range(rounds):
        for lib in (("glassnet", "sklearn") if r % 2 == 0 else ("sklearn", "glassnet")):
            out = subprocess.run([sys.executable, __file__, "--worker", task, lib, str(repeats)],
                                 capture_output=True, text=True, env=env, check=True)
            result = json.loads(out.stdout.strip().splitlines()[-1])
            runs[lib]["wall"] += result["wall"]
            runs[lib]["cpu"] += result["cpu"]
            runs[lib]["score"] = result["score"]
    weights = {lib: np.load(Path(tempfile.gettempdir()) / f"bench_sk_mlp_{task}_{lib}.npy") for lib in runs}
    for lib in runs:
        (Path(tempfile.gettempdir()) / f"bench_sk_mlp_{task}_{lib}.npy").unlink()
    med = {lib: {k: statistics.median(runs[lib][k]) for k in ("wall", "cpu")} for lib in runs}
    spread = {lib: (max(runs[lib]["wall"]) - min(runs[lib]["wall"])) / med[lib]["wall"] for lib in runs}
    return {"med": med, "spread": spread, "scores": {lib: runs[lib]["score"] for lib in runs},
            "max_weight_diff": float(np.max(np.abs(weights["glassnet"] - weights["sklearn"])))}


def main() -> None:
    import numpy
    import sklearn
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    print(f"numpy {numpy.__version__}, scikit-learn {sklearn.__version__}, {os.cpu_count()} CPUs, "
          f"load average before: {os.getloadavg()[0]:.1f}; {rounds} rounds x 2 fits per library")
    header = f"{'task':58s} {'glassnet s':>10s} {'sklearn s':>10s} {'ratio':>6s} {'spread g/s':>11s} " \
             f"{'cpu ratio':>10s} {'score g/s':>13s} {'max|ΔW|':>8s}"
    print(header)
    for task, (label, _, _) in TASKS.items():
        r = compare(task, rounds)
        g, s = r["med"]["glassnet"], r["med"]["sklearn"]
        print(f"{label:58s} {g['wall']:10.3f} {s['wall']:10.3f} {g['wall'] / s['wall']:6.2f} "
              f"{r['spread']['glassnet']:5.2f}/{r['spread']['sklearn']:<5.2f} {g['cpu'] / s['cpu']:10.2f} "
              f"{r['scores']['glassnet']:6.3f}/{r['scores']['sklearn']:<6.3f} {r['max_weight_diff']:8.1e}")
    print(f"load average after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--worker":
        _worker(sys.argv[2], sys.argv[3], int(sys.argv[4]))
    else:
        main()
