"""LeNet-5 on MNIST: glassnet against PyTorch CPU eager, side by side in one process.

Same network (Conv 6@5×5 same + ReLU, max-pool 2, Conv 16@5×5 + ReLU, max-pool 2,
Dense 120, 84, 10), same data (the first ``--train`` MNIST training images, the ``--test``
first test images), float32, batch 64, Adam(1e-3), same thread count for both (PyTorch's
``set_num_threads`` and BLAS through threadpoolctl). Prints the training and inference
throughput (images per second) of each and glassnet's ratio to PyTorch.

    GLASSNET_DATA=/work/shared/data python benchmarks/bench_lenet.py --threads 1

Targets (issue 3): training ≥ 0.67× PyTorch, inference ≥ 0.8×.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "examples"))

import glassnet as keras  # noqa: E402
from lenet5_mnist import build_lenet5, load_mnist  # noqa: E402


def glassnet_trainer(batch_size: int):
    keras.utils.set_random_seed(0)
    model = build_lenet5()
    model.compile(optimizer=keras.optimizers.Adam(1e-3), loss="sparse_categorical_crossentropy")

    def train(x, y):
        model.fit(x, y, batch_size=batch_size, epochs=1, verbose=0, shuffle=False)
    return model, train


def torch_lenet(torch):
    nn = torch.nn
    return nn.Sequential(nn.Conv2d(1, 6, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
                         nn.Conv2d(6, 16, 5), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
                         nn.Linear(400, 120), nn.ReLU(), nn.Linear(120, 84), nn.ReLU(), nn.Linear(84, 10))


def torch_trainer(torch, batch_size: int):
    torch.manual_seed(0)
    model = torch_lenet(torch)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = torch.nn.CrossEntropyLoss()

    def train(x, y):
        xt = torch.from_numpy(np.ascontiguousarray(x.transpose(0, 3, 1, 2)))
        yt = torch.from_numpy(y.astype(np.int64))
        for i in range(0, len(xt), batch_size):
            optimizer.zero_grad()
            loss = loss_fn(model(xt[i:i + batch_size]), yt[i:i + batch_size])
            loss.backward()
            optimizer.step()
    return model, train


def timed_rounds(trainers, x, y, epochs: int, rounds: int) -> list[float]:
    """Train every framework on the same slices, alternating slice by slice.

    The machine's load drifts; alternating in small rounds gives both the same conditions.
    """
    totals = [0.0] * len(trainers)
    bounds = np.linspace(0, len(x), rounds + 1).astype(int)
    for _ in range(epochs):
        for lo, hi in zip(bounds[:-1], bounds[1:]):
            for k, train in enumerate(trainers):
                start = time.perf_counter()
                train(x[lo:hi], y[lo:hi])
                totals[k] += time.perf_counter() - start
    return totals


def best_of(fn, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description="LeNet-5: glassnet vs PyTorch CPU eager")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--train", type=int, default=12800, help="training images (a multiple of 64 is fairest)")
    parser.add_argument("--test", type=int, default=10000)
    parser.add_argument("--epochs", type=int, default=1)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--rounds", type=int, default=10, help="alternate the frameworks this many times per epoch")
    args = parser.parse_args()

    import torch
    from threadpoolctl import threadpool_limits
    torch.set_num_threads(args.threads)
    threadpool_limits(args.threads)

    (x_train, y_train), (x_test, y_test) = load_mnist()
    x, y = x_train[:args.train], y_train[:args.train]
    xs = x_test[:args.test]
    n_seen = len(x) * args.epochs
    bs = args.batch_size
    print(f"LeNet-5, {len(x)} training images x {args.epochs} epoch(s), {len(xs)} test images, batch {bs}, "
          f"float32, {args.threads} thread(s); numpy {np.__version__}, torch {torch.__version__}")

    g_model, g_train_fn = glassnet_trainer(bs)
    t_model, t_train_fn = torch_trainer(torch, bs)
    for warm_up in (g_train_fn, t_train_fn):
        warm_up(x[:bs * 4], y[:bs * 4])
    g_time, t_time = timed_rounds([g_train_fn, t_train_fn], x, y, args.epochs, args.rounds)
    g_train, t_train = n_seen / g_time, n_seen / t_time

    xs_t = torch.from_numpy(np.ascontiguousarray(xs.transpose(0, 3, 1, 2)))

    def torch_predict(batch):
        with torch.no_grad():
            for i in range(0, len(xs_t), batch):
                t_model(xs_t[i:i + batch])

    rows = []
    for batch in (bs, 1000):
        g_model.predict(xs[:batch], batch_size=batch, verbose=0)
        torch_predict(batch)
        g_times, t_times = [], []
        for _ in range(5):      # alternate, best of 5 each
            g_times.append(best_of(lambda: g_model.predict(xs, batch_size=batch, verbose=0), 1))
            t_times.append(best_of(lambda: torch_predict(batch), 1))
        rows.append((batch, len(xs) / min(g_times), len(xs) / min(t_times)))

    g_acc = float(np.mean(g_model.predict(xs, batch_size=1000, verbose=0).argmax(1) == y_test[:args.test]))
    with torch.no_grad():
        t_acc = float((t_model(xs_t).argmax(1).numpy() == y_test[:args.test]).mean())

    print(f"{'':<26}{'glassnet':>12}{'pytorch':>12}{'ratio':>8}")
    print(f"{'training (img/s)':<26}{g_train:>12.0f}{t_train:>12.0f}{g_train / t_train:>8.2f}   target >= 0.67")
    for batch, g_inf, t_inf in rows:
        print(f"{f'inference b={batch} (img/s)':<26}{g_inf:>12.0f}{t_inf:>12.0f}{g_inf / t_inf:>8.2f}"
              + ("   target >= 0.8" if batch == bs else ""))
    print(f"{'test accuracy after training':<26}{100 * g_acc:>11.2f}%{100 * t_acc:>11.2f}%")


if __name__ == "__main__":
    main()
