"""Process CPU time (1 thread) of glassnet's tree fits, to compare two checkouts on a busy machine.

Wall-clock times on a shared machine vary by ±100 %; the CPU time of a single-threaded process is
far less disturbed by other processes. Each task runs ``--repeats`` times after a warm-up; the
minimum and the median of ``time.process_time`` and ``time.perf_counter`` are printed.

    OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 python benchmarks/classic/_tree_cpu_time.py [--root CHECKOUT]
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import numpy as np


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--root", default=str(Path(__file__).resolve().parents[2]))
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--tasks", default="tree,forest")
    args = parser.parse_args()
    sys.path.insert(0, args.root)
    import glassnet.ensemble as ge
    import glassnet.tree as gt
    from sklearn.datasets import make_classification

    X, y = make_classification(100_000, 20, n_informative=10, random_state=0)
    tasks = {
        "tree": ("DecisionTreeClassifier.fit 100000x20", lambda: gt.DecisionTreeClassifier(random_state=0).fit(X, y)),
        "forest": ("RandomForestClassifier(20, n_jobs=1).fit 20000x20",
                   lambda: ge.RandomForestClassifier(20, n_jobs=1, random_state=0).fit(X[:20000], y[:20000])),
        "extra": ("ExtraTreesClassifier(20, n_jobs=1).fit 20000x20",
                  lambda: ge.ExtraTreesClassifier(20, n_jobs=1, random_state=0).fit(X[:20000], y[:20000])),
    }
    print(f"root {args.root}")
    for name in args.tasks.split(","):
        label, fit = tasks[name]
        fit()
        cpu, wall = [], []
        for _ in range(args.repeats):
            c0, w0 = time.process_time(), time.perf_counter()
            fit()
            cpu.append(time.process_time() - c0)
            wall.append(time.perf_counter() - w0)
        print(f"{label:52s} cpu min {min(cpu):6.3f} s median {statistics.median(cpu):6.3f} s | "
              f"wall min {min(wall):6.3f} s median {statistics.median(wall):6.3f} s")


if __name__ == "__main__":
    np.seterr(all="ignore")
    main()
