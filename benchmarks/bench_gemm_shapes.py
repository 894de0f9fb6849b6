"""Are the matrix products themselves the gap? NumPy (OpenBLAS) against torch.matmul, shape by shape.

    python benchmarks/bench_gemm_shapes.py                        # both workloads, 1 and 2 threads
    python benchmarks/bench_gemm_shapes.py --workloads lenet_sgd --threads 1 --repeats 5

For each workload of benchmarks/bench_fair.py this times exactly the matrix products that one
glassnet training step computes (and, separately, one inference batch), with the operands laid
out in memory as glassnet lays them out (a ``.T`` below is a transposed *view*, which both
libraries hand to BLAS as a transposed operand, not a copy). The shapes come from the code:

- ops/nn.py ``dense``: z = x·W; dL/dx = δ·Wᵀ (not for the first layer: the input needs no
  gradient); dL/dW = xᵀ·δ.
- ops/conv_channels_first.py (conv1, one input channel): out_t = [W; b]ᵀ·cols_t (F, N·Ho·Wo);
  dL/d[W; b]ᵀ = δ_t·cols_tᵀ (no dL/dx: the image needs no gradient).
- ops/conv.py and ops/im2col.py (conv2, six channels): out = cols·[W; b];
  dL/d[W; b] = colsᵀ·δ; col2im (stride 1, ``col2im_banded``): δ's rows (N·Ho, Wo·F) in two
  blocks of 5 output columns, each times a banded kernel (5·F, kh·9·C).
- inference builds im2col in slices of ``INFERENCE_COLS_BYTES`` (2 MiB), so its products are
  those slices.

Each (library, workload, threads) runs in a process of its own that sets its thread counts
before importing NumPy or PyTorch (see bench_fair.py for why); the libraries alternate,
``--repeats`` times, after the machine has been idle (bench_fair.wait_until_idle). A product's
time is the median of ``--calls`` calls after three warm-up calls; the table gives the median
over the repeats, GFLOP/s (2·M·K·N per product), and the sum over one step. PyTorch's
batched ``torch.matmul`` of col2im's 25 skinny products runs at about 2.5 GFLOP/s (a
broadcast batch), so there PyTorch gets 25 ``torch.mm`` calls instead: MKL on the same products.

``--torch-step`` also times PyTorch's own training step of the workload (bench_fair.py's
network, 50 steps) with torch.profiler, and splits it into its products (addmm, mm, bmm and the
convolutions, forward and backward, self CPU time) and the rest; the step's wall and process
CPU time are the median of 150 steps timed one by one without the profiler (the median step is
one that no other program interrupted, which matters on a shared machine). This tells whether NumPy's products alone are slower than
PyTorch's whole step, in which case no change outside the products can reach PyTorch's pace.
glassnet's own step (bench_fair.py's network, the same 150 steps) is timed beside it.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_fair import glassnet_model, set_threads, wait_until_idle  # noqa: E402

# A product: (label, A shape, B shape, A transposed view?, B transposed view?, calls per step).
# With A transposed the array is made (K, M) and passed as .T; the same for B with (N, K).
# A batch of B's (col2im) is written with a leading count in B's shape.
MLP_STEP = [
    ("dense1 z=x·W", (128, 784), (784, 256), False, False, 1),
    ("dense2 z=x·W", (128, 256), (256, 128), False, False, 1),
    ("dense3 z=x·W", (128, 128), (128, 10), False, False, 1),
    ("dense3 dx=δ·Wᵀ", (128, 10), (10, 128), False, True, 1),
    ("dense2 dx=δ·Wᵀ", (128, 128), (128, 256), False, True, 1),
    ("dense3 dW=xᵀ·δ", (128, 128), (128, 10), True, False, 1),
    ("dense2 dW=xᵀ·δ", (256, 128), (128, 128), True, False, 1),
    ("dense1 dW=xᵀ·δ", (784, 128), (128, 256), True, False, 1),
]
MLP_INFER = MLP_STEP[:3]
LENET_STEP = [
    ("conv1 out_t=Wᵀ·cols_t", (6, 26), (26, 50176), False, False, 1),
    ("conv2 out=cols·W", (6400, 151), (151, 16), False, False, 1),
    ("dense1 z=x·W", (64, 400), (400, 120), False, False, 1),
    ("dense2 z=x·W", (64, 120), (120, 84), False, False, 1),
    ("dense3 z=x·W", (64, 84), (84, 10), False, False, 1),
    ("dense3 dx=δ·Wᵀ", (64, 10), (10, 84), False, True, 1),
    ("dense3 dW=xᵀ·δ", (84, 64), (64, 10), True, False, 1),
    ("dense2 dx=δ·Wᵀ", (64, 84), (84, 120), False, True, 1),
    ("dense2 dW=xᵀ·δ", (120, 64), (64, 84), True, False, 1),
    ("dense1 dx=δ·Wᵀ", (64, 120), (120, 400), False, True, 1),
    ("dense1 dW=xᵀ·δ", (400, 64), (64, 120), True, False, 1),
    ("conv2 col2im banded, 2 blocks", (640, 80), (80, 270), False, False, 2),
    ("conv2 dW=colsᵀ·δ", (151, 6400), (6400, 16), True, False, 1),
    ("conv1 dWᵀ=δ_t·cols_tᵀ", (6, 50176), (50176, 26), False, True, 1),
]
LENET_INFER = [   # one batch of 64 in im2col slices of 2 MiB: conv1 25+25+14 samples, conv2 34+30
    ("conv1 slice of 25", (6, 26), (26, 25 * 784), False, False, 2),
    ("conv1 slice of 14", (6, 26), (26, 14 * 784), False, False, 1),
    ("conv2 slice of 34", (34 * 100, 151), (151, 16), False, False, 1),
    ("conv2 slice of 30", (30 * 100, 151), (151, 16), False, False, 1),
] + LENET_STEP[2:5]
WORKLOADS = {"mlp_sgd": (MLP_STEP, MLP_INFER), "lenet_sgd": (LENET_STEP, LENET_INFER)}


def flops(a_shape, b_shape) -> int:
    m, k = a_shape
    batch = b_shape[0] if len(b_shape) == 3 else 1
    return 2 * m * k * b_shape[-1] * batch


# ------------------------------------------------------------------------ the workers
def _operands(xp, rng, a_shape, b_shape, a_t, b_t):
    """A and B as the code holds them: a transposed operand is a .T view of a C-ordered array."""
    def make(shape, transposed):
        stored = shape[:-2] + (shape[-1], shape[-2]) if transposed else shape
        array = rng.standard_normal(stored).astype("float32")
        array = array if xp is None else xp.from_numpy(array)
        return array.swapaxes(-1, -2) if transposed else array
    return make(a_shape, a_t), make(b_shape, b_t)


def time_products(library: str, products, calls: int) -> list[float]:
    """Median seconds per call of each product."""
    import numpy as np
    rng = np.random.default_rng(0)
    if library == "torch":
        import torch
        torch.set_num_threads(int(os.environ["OMP_NUM_THREADS"]))
        xp = torch

        def product(a, b):   # torch.matmul's broadcast batch runs 25 skinny products at 2.5 GFLOP/s: loop instead
            return torch.matmul(a, b) if b.ndim == 2 else [torch.mm(a, b_i) for b_i in b]
    else:
        product, xp = np.matmul, None
    seconds = []
    for _, a_shape, b_shape, a_t, b_t, _ in products:
        a, b = _operands(xp, rng, a_shape, b_shape, a_t, b_t)
        for _ in range(3):
            product(a, b)
        times = []
        for _ in range(calls):
            start = time.perf_counter()
            product(a, b)
            times.append(time.perf_counter() - start)
        seconds.append(statistics.median(times))
    return seconds


def torch_step_profile(workload: str, threads: int, steps: int = 50) -> dict:
    """PyTorch's training step: wall ms per step, and the profiler's self CPU ms in products and the rest."""
    import numpy as np
    import torch
    from torch.profiler import ProfilerActivity, profile
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    nn = torch.nn
    if workload == "mlp_sgd":
        net = nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 128), nn.ReLU(), nn.Linear(128, 10))
        x, batch = torch.randn(128 * steps, 784), 128
    else:
        net = nn.Sequential(nn.Conv2d(1, 6, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
                            nn.Conv2d(6, 16, 5), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
                            nn.Linear(400, 120), nn.ReLU(), nn.Linear(120, 84), nn.ReLU(), nn.Linear(84, 10))
        x, batch = torch.randn(64 * steps, 1, 28, 28), 64
    y = torch.from_numpy(np.random.default_rng(0).integers(0, 10, len(x)))
    opt = torch.optim.SGD(net.parameters(), lr=0.01)
    loss_fn = nn.CrossEntropyLoss()
    def step(i):
        opt.zero_grad()
        loss_fn(net(x[i:i + batch]), y[i:i + batch]).backward()
        opt.step()

    def run():
        for i in range(0, len(x), batch):
            step(i)
    run()
    walls, cpus = [], []     # per step: the median step is one no other program interrupted
    for _ in range(3):
        for i in range(0, len(x), batch):
            wall, cpu = time.perf_counter(), time.process_time()
            step(i)
            walls.append(time.perf_counter() - wall)
            cpus.append(time.process_time() - cpu)
    with profile(activities=[ProfilerActivity.CPU]) as prof:
        run()
    events = prof.key_averages()
    products = ("addmm", "mm", "bmm", "matmul", "convolution", "conv2d", "mkldnn_convolution",
                "_slow_conv2d_forward", "_slow_conv2d_backward", "convolution_backward",
                "mkldnn_convolution_backward")
    by_name = {e.key: e.self_cpu_time_total / 1e3 / steps for e in events}
    total = sum(by_name.values())
    in_products = {k: v for k, v in by_name.items() if k.removeprefix("aten::") in products and v > 0}
    return {"wall_ms": statistics.median(walls) * 1e3, "cpu_ms": statistics.median(cpus) * 1e3, "profiled_ms": total,
            "products_ms": sum(in_products.values()), "products": in_products,
            "top_rest": sorted(((v, k) for k, v in by_name.items() if k not in in_products), reverse=True)[:8]}


def glassnet_step(workload: str, steps: int = 50) -> dict:
    """glassnet's own training step (bench_fair.py's network): median wall and process CPU ms of 150 steps."""
    import numpy as np
    import glassnet as keras
    from bench_fair import WORKLOADS as FAIR
    model, optimizer, batch = FAIR[workload]
    net = glassnet_model(model, optimizer)
    rng = np.random.default_rng(0)
    x = rng.standard_normal((batch * steps, 784) if model == "mlp" else (batch * steps, 28, 28, 1)).astype("float32")
    y = rng.integers(0, 10, len(x))
    walls, cpus, last = [], [], []

    class StepTimes(keras.callbacks.Callback):     # from the end of one step to the end of the next
        def on_train_batch_end(self, batch_index, logs=None):
            now = (time.perf_counter(), time.process_time())
            if last:
                walls.append(now[0] - last[0][0])
                cpus.append(now[1] - last[0][1])
            last[:] = [now]
    net.fit(x[:batch], y[:batch], batch_size=batch, epochs=1, verbose=0)
    for _ in range(3):
        last.clear()
        net.fit(x, y, batch_size=batch, epochs=1, verbose=0, shuffle=False, callbacks=[StepTimes()])
    return {"wall_ms": statistics.median(walls) * 1e3, "cpu_ms": statistics.median(cpus) * 1e3}


def worker(args) -> None:
    set_threads(args.threads)
    if args.library == "glassnet-step":
        print(json.dumps(glassnet_step(args.workload)))
        return
    if args.library == "torch-step":
        print(json.dumps(torch_step_profile(args.workload, args.threads)))
        return
    step, infer = WORKLOADS[args.workload]
    print(json.dumps({"step": time_products(args.library, step, args.calls),
                      "infer": time_products(args.library, infer, args.calls)}))


# ------------------------------------------------------------------------ the conductor
def run_worker(args, library: str, workload: str, threads: int) -> dict:
    if os.path.exists("/proc/stat"):
        wait_until_idle()
    command = [sys.executable, __file__, "--worker", "--library", library, "--workload", workload,
               "--threads", str(threads), "--calls", str(args.calls)]
    out = subprocess.run(command, capture_output=True, text=True)
    if out.returncode != 0:
        raise RuntimeError(f"{library} {workload} failed:\n{out.stderr[-2000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def report(title: str, products, numpy_runs, torch_runs) -> tuple[float, float]:
    """Print one table; returns the summed ms of NumPy and PyTorch (calls per step counted)."""
    print(f"  {title}")
    print(f"    {'product':30} {'M×K·K×N':>22} {'×':>2} {'NumPy ms':>9} {'GFLOP/s':>8} "
          f"{'torch ms':>9} {'GFLOP/s':>8} {'np/pt':>6}")
    totals = [0.0, 0.0]
    for i, (label, a_shape, b_shape, _, _, count) in enumerate(products):
        ms = [statistics.median(run[i] for run in runs) * 1e3 for runs in (numpy_runs, torch_runs)]
        rates = [flops(a_shape, b_shape) / (m * 1e6) for m in ms]
        dims = f"{a_shape[0]}×{a_shape[1]}·{'x'.join(map(str, b_shape[:-2]))+'·' if len(b_shape) == 3 else ''}{b_shape[-2]}×{b_shape[-1]}"
        print(f"    {label:30} {dims:>22} {count:>2} {ms[0]:>9.3f} {rates[0]:>8.1f} {ms[1]:>9.3f} {rates[1]:>8.1f} "
              f"{ms[0] / ms[1]:>6.2f}")
        totals = [t + m * count for t, m in zip(totals, ms)]
    work = sum(flops(a, b) * c for _, a, b, _, _, c in products)
    print(f"    {'sum per ' + title.split()[0]:30} {'':>22} {'':>2} {totals[0]:>9.3f} {work / totals[0] / 1e6:>8.1f} "
          f"{totals[1]:>9.3f} {work / totals[1] / 1e6:>8.1f} {totals[0] / totals[1]:>6.2f}")
    return totals[0], totals[1]


def conductor(args) -> None:
    print(f"NumPy (OpenBLAS) vs torch.matmul on glassnet's products, float32, each library in its own "
          f"process, {args.repeats} alternations, median of {args.calls} calls; load {os.getloadavg()[0]:.2f}")
    for threads in args.threads:
        for workload in args.workloads:
            runs = {"numpy": [], "torch": []}
            for r in range(args.repeats):
                for library in (("numpy", "torch") if r % 2 == 0 else ("torch", "numpy")):
                    runs[library].append(run_worker(args, library, workload, threads))
            print(f"\n{workload}, {threads} thread(s), load {os.getloadavg()[0]:.2f}")
            step, infer = WORKLOADS[workload]
            report("step (training)", step, [r["step"] for r in runs["numpy"]], [r["step"] for r in runs["torch"]])
            report("batch (inference)", infer, [r["infer"] for r in runs["numpy"]], [r["infer"] for r in runs["torch"]])
            if args.torch_step:
                profiles = [run_worker(args, "torch-step", workload, threads) for _ in range(args.repeats)]
                wall = statistics.median(p["wall_ms"] for p in profiles)
                cpu = statistics.median(p["cpu_ms"] for p in profiles)
                share = statistics.median(p["products_ms"] / p["profiled_ms"] for p in profiles)
                last = profiles[-1]
                print(f"  PyTorch's own step: {wall:.3f} ms wall, {cpu:.3f} ms process CPU (median step of "
                      f"{args.repeats} processes); the profiler puts {100 * share:.0f} % of its self CPU time in "
                      f"products → products ≈ {cpu * share:.3f} ms, the rest ≈ {cpu * (1 - share):.3f} ms of the "
                      f"CPU step (of the wall step at {threads} thread(s): {wall * share:.3f} / {wall * (1 - share):.3f})")
                mine = [run_worker(args, "glassnet-step", workload, threads) for _ in range(args.repeats)]
                print(f"  glassnet's own step: {statistics.median(m['wall_ms'] for m in mine):.3f} ms wall, "
                      f"{statistics.median(m['cpu_ms'] for m in mine):.3f} ms process CPU (median step of "
                      f"{args.repeats} processes)")
                print("    products: " + ", ".join(f"{k} {v:.3f}" for k, v in sorted(last["products"].items(),
                                                                                    key=lambda kv: -kv[1])))
                print("    largest of the rest: " + ", ".join(f"{k} {v:.3f}" for v, k in last["top_rest"]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--workloads", nargs="+", default=list(WORKLOADS), choices=list(WORKLOADS))
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--calls", type=int, default=200)
    parser.add_argument("--no-torch-step", dest="torch_step", action="store_false",
                        help="skip the profile of PyTorch's own training step")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--library", choices=["numpy", "torch", "torch-step", "glassnet-step"], help=argparse.SUPPRESS)
    parser.add_argument("--workload", choices=list(WORKLOADS), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        args.threads = args.threads[0]
        worker(args)
    else:
        conductor(args)


if __name__ == "__main__":
    main()
