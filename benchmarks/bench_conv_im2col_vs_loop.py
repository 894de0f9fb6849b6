"""im2col + one matrix product against plain NumPy loops, for LeNet-5's two convolutions.

Prints, for each layer shape, the time per batch of 64 images (forward pass) of:

* ``naive``:   the classroom loops, out[n, i, j, f] = Σ x[n, i+u, j+v, c]·w[u, v, c, f],
               loops over images, output rows, columns and filters (run on 2 images, scaled to 64);
* ``pixels``:  one Python loop over the output pixels, each a tensordot over the whole batch;
* ``glassnet``: ``glassnet.ops.conv2d`` (strided-view im2col, one BLAS product);
* ``torch``:   PyTorch CPU eager ``conv2d``, when installed;

and the speed-up of glassnet over each loop. Also times forward + backward for glassnet
and PyTorch. Run: ``python benchmarks/bench_conv_im2col_vs_loop.py [--threads 1]``.
"""
from __future__ import annotations

import argparse
import time

import numpy as np

from glassnet.autodiff import Tensor
from glassnet.ops.conv import conv2d


def naive_conv(x, w):
    n, h, wd, c = x.shape
    kh, kw, _, f = w.shape
    out = np.zeros((n, h - kh + 1, wd - kw + 1, f), dtype=x.dtype)
    for b in range(n):
        for i in range(h - kh + 1):
            for j in range(wd - kw + 1):
                for k in range(f):
                    out[b, i, j, k] = np.sum(x[b, i:i + kh, j:j + kw, :] * w[:, :, :, k])
    return out


def pixel_loop_conv(x, w):
    n, h, wd, c = x.shape
    kh, kw, _, f = w.shape
    out = np.empty((n, h - kh + 1, wd - kw + 1, f), dtype=x.dtype)
    for i in range(h - kh + 1):
        for j in range(wd - kw + 1):
            out[:, i, j, :] = np.tensordot(x[:, i:i + kh, j:j + kw, :], w, axes=3)
    return out


def best_time(fn, repeats: int) -> float:
    return paired_best_times([fn], repeats)[0]


def paired_best_times(fns, repeats: int) -> list[float]:
    """Best time of each function, running them in turn so that they share the machine's load."""
    for fn in fns:
        fn()
    times = [[] for _ in fns]
    for _ in range(repeats):
        for fn, record in zip(fns, times):
            start = time.perf_counter()
            fn()
            record.append(time.perf_counter() - start)
    return [min(record) for record in times]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--repeats", type=int, default=10)
    args = parser.parse_args()
    try:
        from threadpoolctl import threadpool_limits
        threadpool_limits(args.threads)
    except ImportError:
        print("threadpoolctl not installed: BLAS thread count not pinned")
    try:
        import torch
        torch.set_num_threads(args.threads)
    except ImportError:
        torch = None

    rng = np.random.default_rng(0)
    batch = 64
    print(f"threads={args.threads}, batch={batch}, float32, times are the best of {args.repeats}")
    print(f"{'layer':<28}{'naive':>10}{'pixels':>10}{'glassnet':>10}{'torch':>10}"
          f"{'vs naive':>10}{'vs pixels':>11}  | fwd+bwd glassnet / torch")
    for label, x_shape, w_shape in [("conv1 28x28x1 same -> 6@5x5", (batch, 32, 32, 1), (5, 5, 1, 6)),
                                    ("conv2 14x14x6 -> 16@5x5", (batch, 14, 14, 6), (5, 5, 6, 16))]:
        x = rng.standard_normal(x_shape).astype(np.float32)
        w = (rng.standard_normal(w_shape) * 0.1).astype(np.float32)
        expected = conv2d(x, w).data
        np.testing.assert_allclose(pixel_loop_conv(x[:2], w), expected[:2], rtol=1e-4, atol=1e-4)
        np.testing.assert_allclose(naive_conv(x[:2], w), expected[:2], rtol=1e-4, atol=1e-4)
        t_naive = best_time(lambda: naive_conv(x[:2], w), 1) * batch / 2
        t_pixels = best_time(lambda: pixel_loop_conv(x, w), 3)
        xt, wt = Tensor(x, requires_grad=True), Tensor(w, requires_grad=True)

        def glass_fwd():
            conv2d(x, w)

        def glass_step():
            out = conv2d(xt, wt)
            out.backward(np.ones_like(out.data))
        t_torch = t_torch_step = float("nan")
        if torch is None:
            t_glass, t_glass_step = paired_best_times([glass_fwd, glass_step], args.repeats)
        else:
            xt_t = torch.tensor(x.transpose(0, 3, 1, 2).copy(), requires_grad=True)
            wt_t = torch.tensor(w.transpose(3, 2, 0, 1).copy(), requires_grad=True)

            def torch_fwd():
                with torch.no_grad():
                    torch.nn.functional.conv2d(xt_t, wt_t)

            def torch_step():
                out = torch.nn.functional.conv2d(xt_t, wt_t)
                out.backward(torch.ones_like(out))
            t_glass, t_torch, t_glass_step, t_torch_step = paired_best_times(
                [glass_fwd, torch_fwd, glass_step, torch_step], args.repeats)
        ms = 1e3
        print(f"{label:<28}{t_naive * ms:>9.1f}m{t_pixels * ms:>9.2f}m{t_glass * ms:>9.2f}m{t_torch * ms:>9.2f}m"
              f"{t_naive / t_glass:>9.0f}x{t_pixels / t_glass:>10.1f}x  | {t_glass_step * ms:.2f} ms / "
              f"{t_torch_step * ms:.2f} ms")
    print("(m = milliseconds per batch of 64; 'vs' = how many times faster glassnet's im2col is)")


if __name__ == "__main__":
    main()
