"""glassnet against PyTorch (CPU, eager) on the same MLP, the same data, the same threads.

    python benchmarks/bench_mlp.py                 # throughput: training and inference
    python benchmarks/bench_mlp.py --memory        # + peak memory of a full-MNIST glassnet training
    python benchmarks/bench_mlp.py --accuracy      # 10 epochs on full MNIST, both test accuracies

The model is the issue's recipe: 784-256-128-10, ReLU, softmax cross-entropy, Adam
(learning rate 1e-3), batch 128, float32. Both networks start from the same weights
(glassnet's Glorot-uniform draw, copied into torch). Each side is timed in alternation,
``--repeats`` times, and the median is reported, so that a neighbour's load hits both.
Data: full MNIST from $GLASSNET_DATA / the cache, or the shipped sample with ``--sample``.
Run from the repository root (``PYTHONPATH=.`` if glassnet is not installed).
"""
from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time

import numpy as np

LAYOUT = (784, 256, 128, 10)


def load(sample: bool):
    from glassnet.datasets import mnist
    (x, y), (xt, yt) = mnist.load_sample() if sample else mnist.load_data()
    prep = lambda a: a.reshape(len(a), -1).astype(np.float32) / np.float32(255)  # noqa: E731
    return (prep(x), y.astype(np.int64)), (prep(xt), yt.astype(np.int64))


def glassnet_model():
    import glassnet as keras
    from glassnet import layers
    model = keras.Sequential([keras.Input(shape=(LAYOUT[0],))]
                             + [layers.Dense(n, activation="relu") for n in LAYOUT[1:-1]]
                             + [layers.Dense(LAYOUT[-1], activation="softmax")])
    return model


def compile_glassnet(model, lr: float, metrics=()):
    from glassnet.optimizers import Adam
    model.compile(optimizer=Adam(lr), loss="sparse_categorical_crossentropy", metrics=list(metrics))


def torch_model_like(gn_model):
    """The same layers in torch, starting from the glassnet model's current weights."""
    import torch
    linears = []
    for layer in gn_model.layers:
        kernel, bias = layer.get_weights()
        linear = torch.nn.Linear(kernel.shape[0], kernel.shape[1])
        with torch.no_grad():
            linear.weight.copy_(torch.from_numpy(kernel.T.copy()))
            linear.bias.copy_(torch.from_numpy(bias.copy()))
        linears.append(linear)
    modules = []
    for i, linear in enumerate(linears):
        modules.append(linear)
        if i < len(linears) - 1:
            modules.append(torch.nn.ReLU())
    return torch.nn.Sequential(*modules)  # logits; the loss applies log-softmax


def torch_epoch(model, optimizer, x, y, batch_size: int, rng: np.random.Generator) -> float:
    """One epoch of the course's loop; returns the last batch loss."""
    import torch
    loss_fn = torch.nn.CrossEntropyLoss()
    order = torch.from_numpy(rng.permutation(len(x)))
    loss_value = 0.0
    for start in range(0, len(x), batch_size):
        index = order[start:start + batch_size]
        logits = model(x[index])
        loss = loss_fn(logits, y[index])
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()
        loss_value = loss.item()  # as fit does: the loss is read back every batch
    return loss_value


def torch_predict(model, x, batch_size: int):
    import torch
    with torch.no_grad():
        return torch.cat([torch.softmax(model(x[i:i + batch_size]), dim=1)
                          for i in range(0, len(x), batch_size)])


def throughput(args) -> None:
    import torch
    from glassnet.utils import set_random_seed

    (x, y), (xt, yt) = load(args.sample)
    n_train = min(args.train_samples, len(x))
    x, y = x[:n_train], y[:n_train]
    set_random_seed(0)
    gn = glassnet_model()
    compile_glassnet(gn, args.lr)
    tm = torch_model_like(gn)
    t_opt = torch.optim.Adam(tm.parameters(), lr=args.lr, eps=1e-7)
    tx, ty, txt = torch.from_numpy(x), torch.from_numpy(y), torch.from_numpy(xt)
    rng = np.random.default_rng(0)

    # warm-up: allocate, fill caches, let BLAS spin up its threads
    gn.fit(x[:args.batch_size * 5], y[:args.batch_size * 5], batch_size=args.batch_size,
           epochs=1, verbose=0)
    torch_epoch(tm, t_opt, tx[:args.batch_size * 5], ty[:args.batch_size * 5], args.batch_size, rng)

    train_gn, train_torch, infer_gn, infer_torch = [], [], [], []
    for _ in range(args.repeats):
        start = time.perf_counter()
        gn.fit(x, y, batch_size=args.batch_size, epochs=1, verbose=0)
        train_gn.append(n_train / (time.perf_counter() - start))
        start = time.perf_counter()
        torch_epoch(tm, t_opt, tx, ty, args.batch_size, rng)
        train_torch.append(n_train / (time.perf_counter() - start))
        start = time.perf_counter()
        gn.predict(xt, batch_size=args.infer_batch_size, verbose=0)
        infer_gn.append(len(xt) / (time.perf_counter() - start))
        start = time.perf_counter()
        torch_predict(tm, txt, args.infer_batch_size)
        infer_torch.append(len(xt) / (time.perf_counter() - start))

    print(f"MLP {'-'.join(map(str, LAYOUT))}, Adam {args.lr:g}, batch {args.batch_size} "
          f"(inference batch {args.infer_batch_size}), float32, {args.threads} thread(s), "
          f"{n_train} training samples per run, {len(xt)} test samples, {args.repeats} "
          f"alternating runs per side")
    print(f"{'samples/s':22}{'glassnet':>12}{'PyTorch':>12}{'ratio':>8}")
    for label, ours, theirs in [("training", train_gn, train_torch),
                                ("inference", infer_gn, infer_torch)]:
        # the median says what a run typically sees; the best run is the least disturbed
        # by other processes on a shared machine
        for stat_name, stat in [("median", statistics.median), ("best", max)]:
            print(f"{label + ' (' + stat_name + ')':22}{stat(ours):12,.0f}{stat(theirs):12,.0f}"
                  f"{stat(ours) / stat(theirs):8.2f}")


def memory_child(args) -> None:
    """Runs in its own process (no torch imported): one full-MNIST training epoch."""
    import tracemalloc
    tracemalloc.start()
    from glassnet.utils import set_random_seed
    (x, y), (xt, yt) = load(args.sample)
    set_random_seed(0)
    gn = glassnet_model()
    compile_glassnet(gn, args.lr, metrics=["accuracy"])
    gn.fit(x, y, batch_size=args.batch_size, epochs=1, verbose=0, validation_split=0.1)
    gn.evaluate(xt, yt, verbose=0)
    _, traced_peak = tracemalloc.get_traced_memory()
    rss_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # Linux: KiB
    print(f"{traced_peak} {rss_peak}")


def memory(args) -> None:
    command = [sys.executable, os.path.abspath(__file__), "--memory-child",
               "--batch-size", str(args.batch_size), "--threads", str(args.threads)]
    if args.sample:
        command.append("--sample")
    result = subprocess.run(command, capture_output=True, text=True, check=True)
    traced, rss = map(int, result.stdout.split()[-2:])
    print(f"peak memory, glassnet, one epoch of full-{'sample' if args.sample else 'MNIST'} "
          f"training + evaluation in a fresh process: {rss / 2**20:,.0f} MiB resident "
          f"(NumPy/Python allocations traced by tracemalloc: {traced / 2**20:,.0f} MiB)")


def accuracy(args) -> None:
    """Same initial weights AND the same batches in the same order on both sides (the torch
    loop replays glassnet's shuffling generator), so what differs is the arithmetic alone."""
    import torch
    from glassnet.random import get_rng
    from glassnet.utils import set_random_seed

    (x, y), (xt, yt) = load(args.sample)
    tx, ty, txt = torch.from_numpy(x), torch.from_numpy(y), torch.from_numpy(xt)
    print(f"{args.epochs} epochs, MLP {'-'.join(map(str, LAYOUT))}, Adam {args.lr:g}, "
          f"batch {args.batch_size}, {args.threads} thread(s); per seed: same initial weights "
          "and same batch order on both sides")
    differences = []
    for seed in range(args.seed, args.seed + args.seeds):
        set_random_seed(seed)
        gn = glassnet_model()
        compile_glassnet(gn, args.lr, metrics=["accuracy"])
        tm = torch_model_like(gn)
        t_opt = torch.optim.Adam(tm.parameters(), lr=args.lr, eps=1e-7)
        torch_rng = np.random.default_rng()
        torch_rng.bit_generator.state = get_rng().bit_generator.state  # fit's shuffles
        start = time.perf_counter()
        gn.fit(x, y, batch_size=args.batch_size, epochs=args.epochs, verbose=0)
        gn_seconds = time.perf_counter() - start
        gn_acc = float(np.mean(gn.predict(xt, batch_size=1024, verbose=0).argmax(1) == yt))
        start = time.perf_counter()
        for _ in range(args.epochs):
            torch_epoch(tm, t_opt, tx, ty, args.batch_size, torch_rng)
        torch_seconds = time.perf_counter() - start
        t_acc = float((torch_predict(tm, txt, 1024).argmax(1).numpy() == yt).mean())
        differences.append(gn_acc - t_acc)
        print(f"seed {seed}: test accuracy glassnet {100 * gn_acc:.2f} %  PyTorch "
              f"{100 * t_acc:.2f} %  difference {100 * (gn_acc - t_acc):+.2f} points  "
              f"(training {gn_seconds:.1f} s vs {torch_seconds:.1f} s)")
    if len(differences) > 1:
        print(f"mean difference over {len(differences)} seeds: "
              f"{100 * statistics.mean(differences):+.2f} points")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=os.cpu_count())
    parser.add_argument("--batch-size", type=int, default=128)
    parser.add_argument("--infer-batch-size", type=int, default=128)
    parser.add_argument("--lr", type=float, default=1e-3)
    parser.add_argument("--train-samples", type=int, default=12800,
                        help="training samples per timed run (100 batches of 128)")
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--epochs", type=int, default=10)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--seeds", type=int, default=1, help="--accuracy: how many seeds")
    parser.add_argument("--sample", action="store_true", help="use the shipped MNIST sample")
    parser.add_argument("--memory", action="store_true", help="also measure peak memory")
    parser.add_argument("--accuracy", action="store_true", help="compare test accuracies")
    parser.add_argument("--memory-child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()

    from threadpoolctl import threadpool_limits
    with threadpool_limits(limits=args.threads):
        if args.memory_child:
            memory_child(args)
            return
        import torch
        torch.set_num_threads(args.threads)
        if args.accuracy:
            accuracy(args)
        else:
            throughput(args)
        if args.memory:
            memory(args)


if __name__ == "__main__":
    main()
