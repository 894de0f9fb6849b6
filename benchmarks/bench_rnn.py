"""LSTM and Conv2DTranspose: glassnet against PyTorch CPU eager, each framework in its own process.

Tasks (float32, same thread count for both: PyTorch's ``set_num_threads`` and BLAS via threadpoolctl):

- ``lstm_train``: one training step of LSTM(64) on a batch 64 × 50 steps × 32 features (forward,
  MSE on the last state, backward through time, Adam update);
- ``lstm_infer``: the forward pass of the same layer, no gradient kept;
- ``convT_train`` / ``convT_infer``: Conv2DTranspose(32, 3, strides=2, padding='same') on a batch
  64 × 14 × 14 × 32 (PyTorch: ConvTranspose2d(32, 32, 3, stride=2, padding=1, output_padding=1),
  the same 28 × 28 output).

Each (framework, task) runs in a fresh process, the two frameworks alternated ``--rounds`` times
(glassnet first in odd rounds, PyTorch first in even ones); each process reports the median of
``--repeats`` timed calls after warm-up, in wall time and in process CPU time. Printed: versions,
threads, load average, the median over rounds and the spread (min–max), and glassnet's
throughput ratio (PyTorch time / glassnet time: 1 means as fast, higher is better), from wall
time and from CPU time. On a busy machine (load above the core count) the wall times mostly
measure the wait for a core; at one thread the CPU-time ratio is the steadier figure.

    python benchmarks/bench_rnn.py --threads 1 --rounds 3

Targets (issue 11): LSTM training ≥ 0.7×, inference ≥ 0.8×; Conv2DTranspose ≥ 0.8×.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
TARGETS = {"lstm_train": 0.7, "lstm_infer": 0.8, "convT_train": 0.8, "convT_infer": 0.8}
BATCH, STEPS, FEATURES, UNITS = 64, 50, 32, 64


def _median_times(fn, repeats: int) -> dict:
    """Median wall time and median process CPU time of one call, after two warm-up calls."""
    fn()
    fn()
    wall, cpu = [], []
    for _ in range(repeats):
        start, start_cpu = time.perf_counter(), time.process_time()
        fn()
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return {"seconds": statistics.median(wall), "cpu_seconds": statistics.median(cpu)}


def glassnet_task(task: str):
    sys.path.insert(0, str(ROOT))
    import glassnet as keras
    from glassnet import layers
    from glassnet.autodiff import no_grad
    keras.utils.set_random_seed(0)
    rng = np.random.default_rng(0)
    if task.startswith("lstm"):
        x = rng.normal(size=(BATCH, STEPS, FEATURES)).astype(np.float32)
        y = rng.normal(size=(BATCH, UNITS)).astype(np.float32)
        model = keras.Sequential([keras.Input(shape=(STEPS, FEATURES)), layers.LSTM(UNITS)])
    else:
        x = rng.normal(size=(BATCH, 14, 14, 32)).astype(np.float32)
        y = rng.normal(size=(BATCH, 28, 28, 32)).astype(np.float32)
        model = keras.Sequential([keras.Input(shape=(14, 14, 32)),
                                  layers.Conv2DTranspose(32, 3, strides=2, padding="same")])
    model.compile(optimizer=keras.optimizers.Adam(1e-3), loss="mse")
    if task.endswith("train"):
        return lambda: model.train_on_batch(x, y)

    def infer():
        with no_grad():
            model(x)
    return infer


def torch_task(task: str, threads: int):
    import torch
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    rng = np.random.default_rng(0)
    if task.startswith("lstm"):
        x = torch.from_numpy(rng.normal(size=(BATCH, STEPS, FEATURES)).astype(np.float32))
        y = torch.from_numpy(rng.normal(size=(BATCH, UNITS)).astype(np.float32))
        module = torch.nn.LSTM(FEATURES, UNITS, batch_first=True)

        def forward():
            return module(x)[1][0][0]
    else:
        x = torch.from_numpy(rng.normal(size=(BATCH, 32, 14, 14)).astype(np.float32))
        y = torch.from_numpy(rng.normal(size=(BATCH, 32, 28, 28)).astype(np.float32))
        module = torch.nn.ConvTranspose2d(32, 32, 3, stride=2, padding=1, output_padding=1)

        def forward():
            return module(x)
    optimizer = torch.optim.Adam(module.parameters(), lr=1e-3)
    if task.endswith("train"):
        def train():
            optimizer.zero_grad()
            loss = torch.nn.functional.mse_loss(forward(), y)
            loss.backward()
            optimizer.step()
        return train

    def infer():
        with torch.no_grad():
            forward()
    return infer


def worker(framework: str, task: str, threads: int, repeats: int) -> None:
    from threadpoolctl import threadpool_limits
    threadpool_limits(threads)
    fn = glassnet_task(task) if framework == "glassnet" else torch_task(task, threads)
    print(json.dumps(_median_times(fn, repeats)))


def versions() -> str:
    import torch
    from threadpoolctl import threadpool_info
    blas = {(i.get("internal_api"), i.get("version")) for i in threadpool_info() if i.get("user_api") == "blas"}
    return f"python {sys.version.split()[0]}, numpy {np.__version__}, torch {torch.__version__}, BLAS {sorted(blas)}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--repeats", type=int, default=10)
    parser.add_argument("--tasks", nargs="*", default=list(TARGETS))
    parser.add_argument("--worker", nargs=2, metavar=("FRAMEWORK", "TASK"))
    args = parser.parse_args()
    if args.worker:
        worker(*args.worker, args.threads, args.repeats)
        return
    print(f"{versions()}; threads {args.threads}; {os.cpu_count()} CPUs; load {os.getloadavg()[0]:.1f}")
    env = {**os.environ, "OMP_NUM_THREADS": str(args.threads), "OPENBLAS_NUM_THREADS": str(args.threads)}
    print(f"{'task':12s} {'clock':5s} {'glassnet ms (min-max)':24s} {'torch ms (min-max)':24s} {'ratio':>6s} target")
    for task in args.tasks:
        times = {(framework, clock): [] for framework in ("glassnet", "torch") for clock in ("seconds", "cpu_seconds")}
        for round_ in range(args.rounds):
            for framework in ("glassnet", "torch") if round_ % 2 == 0 else ("torch", "glassnet"):
                out = subprocess.run([sys.executable, __file__, "--worker", framework, task, "--threads",
                                      str(args.threads), "--repeats", str(args.repeats)],
                                     capture_output=True, text=True, env=env, check=True)
                measured = json.loads(out.stdout.strip().splitlines()[-1])
                for clock in ("seconds", "cpu_seconds"):
                    times[framework, clock].append(measured[clock])
        for clock, label in (("seconds", "wall"), ("cpu_seconds", "cpu")):
            g, t = times["glassnet", clock], times["torch", clock]
            spread = [f"{1e3 * statistics.median(v):7.2f} ({1e3 * min(v):.1f}-{1e3 * max(v):.1f})" for v in (g, t)]
            ratio = statistics.median(t) / statistics.median(g)
            print(f"{task:12s} {label:5s} {spread[0]:24s} {spread[1]:24s} {ratio:6.2f} ≥ {TARGETS[task]} "
                  f"{'ok' if ratio >= TARGETS[task] else 'BELOW'}")
    print(f"load average at the end {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
