"""glassnet against PyTorch (CPU, eager), measured fairly: every measurement in a process of its own.

    python benchmarks/bench_fair.py                      # MLP (SGD, Adam) and LeNet-5, 1 and 2 threads
    python benchmarks/bench_fair.py --workloads lenet_sgd --threads 2 --repeats 5

Why separate processes, and why wait. After a matrix product, OpenBLAS's (and OpenMP's) worker
threads keep spinning for a while, stealing a core from whatever runs next in the same
process. Timing glassnet and PyTorch in alternating slices inside one process therefore made
PyTorch run beside glassnet's still-spinning threads (and the reverse), which inflated the
ratios by up to 1.7×. Here each (framework, workload, threads) measurement is a fresh
``python`` process that sets its thread counts before importing NumPy or PyTorch, trains one
epoch on the first ``--train`` MNIST images (after one warm-up batch) and then predicts the
``--test`` images. Before each process starts, this script waits until the machine has been
idle (≥ 90 % idle CPU over half a second, or at most 10 s): the previous process's threads,
or any other program, must not share the cores. The frameworks alternate (glassnet first in
odd rounds, PyTorch first in even ones), ``--repeats`` times; the median is reported with the
spread (min–max) of the ratio, and the thread count and library versions are printed.

Also printed: the achieved GFLOP/s of each framework (the multiply-adds of the forward pass
counted analytically, ×3 for training: forward, gradient of the inputs, gradient of the
weights) beside this machine's float32 matrix-product peak (a 2048×2048 product in NumPy at
the same thread count), so the distance to the limit is visible.

Also printed, because the machine may be shared: the ratio of images per second of *process
CPU time* (all of the process's threads together), which other programs disturb much less than
wall time; at 1 thread it is the fairest figure on a busy machine (at 2 threads it measures
the work done, not how well it is spread over the cores). And each process's peak resident
memory (max RSS): with ``--train 60000`` it is the peak of full-MNIST training.

Data: full MNIST from $GLASSNET_DATA / the cache, or the shipped sample with ``--sample``.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time

WORKLOADS = {  # name: (model, optimizer, batch size)
    "mlp_sgd": ("mlp", "sgd", 128),
    "mlp_adam": ("mlp", "adam", 128),
    "lenet_sgd": ("lenet", "sgd", 64),
}
MLP = (784, 256, 128, 10)


def forward_flops(model: str) -> int:
    """Floating-point operations of one image's forward pass (2 per multiply-add)."""
    if model == "mlp":
        return sum(2 * a * b for a, b in zip(MLP[:-1], MLP[1:]))
    conv1 = 28 * 28 * 6 * (5 * 5 * 1) * 2
    conv2 = 10 * 10 * 16 * (5 * 5 * 6) * 2
    dense = 2 * (400 * 120 + 120 * 84 + 84 * 10)
    return conv1 + conv2 + dense


# ------------------------------------------------------------------------ the worker
def set_threads(threads: int) -> None:
    for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[name] = str(threads)


def load(sample: bool, n_train: int, n_test: int, model: str):
    import numpy as np
    from glassnet.datasets import mnist
    (x, y), (xt, yt) = mnist.load_sample() if sample else mnist.load_data()
    shape = (-1, 784) if model == "mlp" else (-1, 28, 28, 1)
    prep = lambda a: (a.reshape(shape).astype(np.float32) / np.float32(255))  # noqa: E731
    return prep(x[:n_train]), y[:n_train].astype(np.int64), prep(xt[:n_test])


def glassnet_model(model: str, optimizer: str):
    """The workload's glassnet network, compiled (seed 0)."""
    import glassnet as keras
    from glassnet import layers
    keras.utils.set_random_seed(0)
    if model == "mlp":
        net = keras.Sequential([keras.Input(shape=(784,))] + [layers.Dense(n, activation="relu") for n in MLP[1:-1]]
                               + [layers.Dense(10, activation="softmax")])
    else:
        net = keras.Sequential([
            keras.Input(shape=(28, 28, 1)),
            layers.Conv2D(6, 5, padding="same", activation="relu"), layers.MaxPooling2D(2),
            layers.Conv2D(16, 5, activation="relu"), layers.MaxPooling2D(2), layers.Flatten(),
            layers.Dense(120, activation="relu"), layers.Dense(84, activation="relu"),
            layers.Dense(10, activation="softmax")])
    opt = keras.optimizers.SGD(0.01) if optimizer == "sgd" else keras.optimizers.Adam(1e-3)
    net.compile(optimizer=opt, loss="sparse_categorical_crossentropy")
    return net


def glassnet_run(model, optimizer, batch, x, y, xt) -> dict:
    net = glassnet_model(model, optimizer)
    net.fit(x[:batch], y[:batch], batch_size=batch, epochs=1, verbose=0)  # warm-up: build, first allocations
    return _timed_pair(lambda: net.fit(x, y, batch_size=batch, epochs=1, verbose=0, shuffle=False),
                       lambda: net.predict(xt, batch_size=batch, verbose=0), len(x), len(xt))


def _timed_pair(train, infer, n_train: int, n_test: int) -> dict:
    """Images per second of wall time and of process CPU time (all threads), for training and inference."""
    result = {}
    for name, run, n in (("train", train, n_train), ("infer", infer, n_test)):
        wall, cpu = time.perf_counter(), time.process_time()
        run()
        result[name] = n / (time.perf_counter() - wall)
        result[name + "_cpu"] = n / (time.process_time() - cpu)
    return result


def torch_run(model, optimizer, batch, x, y, xt, threads) -> dict:
    import numpy as np
    import torch
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    nn = torch.nn
    if model == "mlp":
        net = nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 128), nn.ReLU(), nn.Linear(128, 10))
    else:
        net = nn.Sequential(nn.Conv2d(1, 6, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
                            nn.Conv2d(6, 16, 5), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
                            nn.Linear(400, 120), nn.ReLU(), nn.Linear(120, 84), nn.ReLU(), nn.Linear(84, 10))
        x, xt = x.transpose(0, 3, 1, 2), xt.transpose(0, 3, 1, 2)
    xs, ys, xts = (torch.from_numpy(np.ascontiguousarray(a)) for a in (x, y, xt))
    opt = torch.optim.SGD(net.parameters(), lr=0.01) if optimizer == "sgd" else torch.optim.Adam(net.parameters(), 1e-3)
    loss_fn = nn.CrossEntropyLoss()

    def epoch(n):
        for i in range(0, n, batch):
            opt.zero_grad()
            loss_fn(net(xs[i:i + batch]), ys[i:i + batch]).backward()
            opt.step()
    def predict():
        with torch.no_grad():
            for i in range(0, len(xts), batch):
                net(xts[i:i + batch])
    epoch(batch)  # warm-up
    return _timed_pair(lambda: epoch(len(xs)), predict, len(xs), len(xts))


def matmul_peak(threads: int) -> float:
    import numpy as np
    a = np.random.default_rng(0).standard_normal((2048, 2048)).astype(np.float32)
    a @ a
    best = min(_timed(lambda: a @ a) for _ in range(5))
    return 2 * 2048 ** 3 / best / 1e9


def _timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def worker(args) -> None:
    set_threads(args.threads)
    if args.framework == "peak":
        print(json.dumps({"peak": matmul_peak(args.threads)}))
        return
    model, optimizer, batch = WORKLOADS[args.workload]
    x, y, xt = load(args.sample, args.train, args.test, model)
    if args.framework == "glassnet":
        result = glassnet_run(model, optimizer, batch, x, y, xt)
    else:
        result = torch_run(model, optimizer, batch, x, y, xt, args.threads)
    result["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024   # Linux: KiB
    print(json.dumps(result))


# ------------------------------------------------------------------------ the conductor
def wait_until_idle(threshold: float = 0.9, window: float = 0.5, limit: float = 10.0) -> float:
    """Wait until the CPUs were ≥ ``threshold`` idle over ``window`` seconds (at most ``limit``)."""
    def times():
        with open("/proc/stat") as f:
            values = [int(v) for v in f.readline().split()[1:]]
        return values[3] + values[4], sum(values)  # idle + iowait, total
    start = time.monotonic()
    while True:
        idle0, total0 = times()
        time.sleep(window)
        idle1, total1 = times()
        idle = (idle1 - idle0) / max(1, total1 - total0)
        if idle >= threshold or time.monotonic() - start > limit:
            return idle


def measure(args, framework: str, workload: str, threads: int) -> dict:
    if os.path.exists("/proc/stat"):
        wait_until_idle()
    command = [sys.executable, __file__, "--worker", "--framework", framework, "--workload", workload,
               "--threads", str(threads), "--train", str(args.train), "--test", str(args.test)]
    if args.sample:
        command.append("--sample")
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [root, os.environ.get("PYTHONPATH")]))}
    out = subprocess.run(command, capture_output=True, text=True, env=env)
    if out.returncode != 0:
        raise RuntimeError(f"{framework} {workload} failed:\n{out.stderr[-2000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def versions() -> str:
    code = ("import numpy, torch, threadpoolctl; print(numpy.__version__, torch.__version__, "
            "[i['internal_api'] + ' ' + i['version'] for i in threadpoolctl.threadpool_info() if i['user_api'] == 'blas'])")
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout.strip()


def conductor(args) -> None:
    print(f"glassnet vs PyTorch eager, each measurement in its own process; numpy, torch, BLAS: {versions()}")
    print(f"{args.train} training images, {args.test} test images, {args.repeats} alternations, median (min–max); "
          f"load average at the start {_load()}\n")
    header = (f"{'workload':10} {'thr':>3}  {'train ratio':>20}  {'inference ratio':>20}  "
              f"{'train GFLOP/s gn/pt':>20}  {'peak':>6}  {'CPU-time ratio tr/inf':>21}  {'max RSS MB gn/pt':>16}  "
              f"{'load 1-min':>10}")
    print(header)
    print("-" * len(header))
    for threads in args.threads:
        peak = measure(args, "peak", "mlp_sgd", threads)["peak"]
        for workload in args.workloads:
            runs = {"glassnet": [], "torch": []}
            for r in range(args.repeats):
                order = ("glassnet", "torch") if r % 2 == 0 else ("torch", "glassnet")
                for framework in order:
                    runs[framework].append(measure(args, framework, workload, threads))
            train, infer, train_cpu, infer_cpu = ([g[key] / t[key] for g, t in zip(runs["glassnet"], runs["torch"])]
                                                  for key in ("train", "infer", "train_cpu", "infer_cpu"))
            flops = 3 * forward_flops(WORKLOADS[workload][0])
            gflops = [statistics.median(run["train"] for run in runs[f]) * flops / 1e9 for f in ("glassnet", "torch")]
            memory = [max(run["peak_mb"] for run in runs[f]) for f in ("glassnet", "torch")]
            cpu = f"{statistics.median(train_cpu):.2f}× / {statistics.median(infer_cpu):.2f}×"
            print(f"{workload:10} {threads:>3}  {_spread(train):>20}  {_spread(infer):>20}  "
                  f"{gflops[0]:>9.1f} / {gflops[1]:<8.1f}  {peak:>6.0f}  {cpu:>21}  "
                  f"{memory[0]:>7.0f} / {memory[1]:<6.0f}  {_load():>10}", flush=True)


def _load() -> str:
    return f"{os.getloadavg()[0]:.2f}" if hasattr(os, "getloadavg") else "?"


def _spread(values) -> str:
    return f"{statistics.median(values):.2f}× ({min(values):.2f}–{max(values):.2f})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--workloads", nargs="+", default=list(WORKLOADS), choices=list(WORKLOADS))
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--train", type=int, default=12800)
    parser.add_argument("--test", type=int, default=10000)
    parser.add_argument("--sample", action="store_true", help="use the MNIST sample shipped in the package")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--framework", choices=["glassnet", "torch", "peak"], help=argparse.SUPPRESS)
    parser.add_argument("--workload", choices=list(WORKLOADS), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        args.threads = args.threads[0]
        worker(args)
    else:
        conductor(args)


if __name__ == "__main__":
    main()
