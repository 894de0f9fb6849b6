"""Process CPU time of the speed tasks at one thread: glassnet (from a checkout) / scikit-learn.

On a shared machine wall-clock ratios swing with the other jobs; the CPU time a process spends
with BLAS and OpenMP held to one thread moves much less. Each task runs in a fresh process per
library, the libraries alternated twice, after one warm-up run; the median of the timed runs.

    python benchmarks/classic/cpu_ratios.py [ROOT] [TASK,TASK,...] [REPEATS]

ROOT is the checkout whose glassnet is timed (default: this one); the tasks are those of
``_speed_tasks.py`` (default: every task of ``speed.py``).
"""
from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

_WORKER = r"""
import sys, time, json, warnings
from threadpoolctl import threadpool_limits
threadpool_limits(1)
sys.path.insert(0, sys.argv[4])
import _speed_tasks
warnings.simplefilter("ignore")
run, info = getattr(_speed_tasks, sys.argv[1])(sys.argv[2])
run()
times = []
for _ in range(int(sys.argv[3])):
    start = time.process_time()
    run()
    times.append(time.process_time() - start)
print(json.dumps(times))
"""


def cpu_ratio(task: str, root: Path, repeats: int) -> tuple[float, float, int]:
    times: dict[str, list[float]] = {"glassnet": [], "sklearn": []}
    env = dict(os.environ, PYTHONPATH=str(root), OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1")
    for order in (("glassnet", "sklearn"), ("sklearn", "glassnet")):
        for lib in order:
            # run from ROOT: `python -c` puts the working directory first on sys.path
            out = subprocess.run([sys.executable, "-c", _WORKER, task, lib, str(repeats), str(HERE)],
                                 capture_output=True, text=True, env=env, cwd=root, check=True)
            times[lib] += json.loads(out.stdout.strip().splitlines()[-1])
    return statistics.median(times["glassnet"]), statistics.median(times["sklearn"]), len(times["glassnet"])


if __name__ == "__main__":
    sys.path.insert(0, str(HERE))
    from speed import TASKS  # noqa: E402
    root = Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else HERE.parent.parent
    tasks = sys.argv[2].split(",") if len(sys.argv) > 2 else list(TASKS)
    repeats = int(sys.argv[3]) if len(sys.argv) > 3 else 2
    for task in tasks:
        g, s, n = cpu_ratio(task, root, repeats)
        print(f"{task:<32} glassnet {g * 1e3:9.1f} ms  sklearn {s * 1e3:9.1f} ms  cpu ratio {g / s:6.2f}  (n={n})",
              flush=True)
