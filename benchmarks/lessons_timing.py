"""Run every lesson in a process of its own, time it, and save its pictures.

    MPLBACKEND=Agg python benchmarks/lessons_timing.py [--out lesson_pictures] [lesson_03 ...]

Prints one line per lesson (wall time, CPU time of the process, number of figures) and the
total (on a busy machine the CPU time is the better guide to the time on an idle one); the figures are written
as <out>/<lesson>_<k>.png. The documentation build runs the same scripts through sphinx-gallery.

BLAS is held to one thread (``OPENBLAS_NUM_THREADS=1`` and friends, unless already set): the
lessons' matrices are small, and on a busy machine idle BLAS threads spinning for work cost
ten times more than they save (lesson 4 took 146 s of CPU with them, 15 s without).
"""
from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

LESSONS = Path(__file__).resolve().parents[1] / "lessons"

_RUNNER = """
import runpy, sys, matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
runpy.run_path(sys.argv[1], run_name="__main__")
for k, number in enumerate(plt.get_fignums(), start=1):
    plt.figure(number).savefig(f"{sys.argv[2]}_{k}.png", dpi=80)
print("FIGURES", len(plt.get_fignums()))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("only", nargs="*", help="lesson name prefixes (default: all)")
    parser.add_argument("--out", default="lesson_pictures")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    total = total_cpu = 0.0
    for path in sorted(LESSONS.glob("lesson_*.py")):
        if args.only and not any(path.stem.startswith(prefix) for prefix in args.only):
            continue
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        env = dict(os.environ)
        for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
            env.setdefault(name, "1")
        result = subprocess.run([sys.executable, "-c", _RUNNER, str(path), str(out / path.stem)],
                                capture_output=True, text=True, env=env)
        elapsed = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        total += elapsed
        total_cpu += cpu
        figures = [line for line in result.stdout.splitlines() if line.startswith("FIGURES")]
        status = "ok" if result.returncode == 0 else "FAILED\n" + result.stderr[-2000:]
        print(f"{path.stem:<34} {elapsed:6.1f} s wall {cpu:6.1f} s CPU  {figures[-1] if figures else ''}  {status}",
              flush=True)
    print(f"{'total':<34} {total:6.1f} s wall {total_cpu:6.1f} s CPU")


if __name__ == "__main__":
    main()
