"""True convolution beside cross-correlation, in 1-D and 2-D, for small signals and images.

Two operations slide a kernel w over a signal x; they differ only in the direction of w:

    cross-correlation   y[i] = Σₖ x[i + k] · w[k]           (the kernel as it is)
    convolution         y[i] = Σₖ x[i − k] · w[k]           (the kernel flipped: w[K−1−k])
                        = cross-correlation with the flipped kernel

The convolution layers of glassnet, Keras and PyTorch compute the *cross-correlation* and call it
convolution: the kernel is learned, so a flipped kernel is learned just as well and the flip is
skipped. Mathematics and signal processing (and ``numpy.convolve``, ``scipy.signal.convolve2d``)
mean the true convolution, which is commutative (x * w = w * x) and associative; cross-correlation
is neither. For a symmetric kernel the two are equal.

Modes, as NumPy names them (n samples, kernel of K):

    'valid'  only where the kernel fits inside x:   n − K + 1 outputs
    'same'   as many outputs as inputs, centred:    n outputs (zeros padded)
    'full'   every overlap:                         n + K − 1 outputs (K − 1 zeros on each side)

Backward, with g = dL/dy: dL/dw[k] = Σᵢ g[i] · x_padded[i + k] (correlating the padded input with g),
and dL/dx_padded[i + k] += g[i] · w[k] (sending each output's gradient back along the kernel).
"""
from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from glassnet.autodiff import Tensor, ensure_tensor

_MODES = ("valid", "same", "full")


def _padding(n: int, k: int, mode: str) -> tuple[int, int]:
    """Zeros before and after x so that the windows give the mode's outputs (NumPy's conventions)."""
    if mode not in _MODES:
        raise ValueError(f"mode must be one of {_MODES}, got {mode!r}")
    if mode == "valid":
        if k > n:
            raise ValueError(f"mode 'valid' needs a kernel no longer than the input: kernel {k}, input {n}")
        return 0, 0
    if mode == "full":
        return k - 1, k - 1
    return k // 2, k - 1 - k // 2


def _correlate(x: Tensor, w: Tensor, mode: str, flip: bool, name: str) -> Tensor:
    x, w = ensure_tensor(x), ensure_tensor(w)
    if x.ndim != w.ndim or x.ndim not in (1, 2):
        raise ValueError(f"{name}: x and kernel must both be 1-D or both 2-D, got shapes {x.shape} and {w.shape}")
    kernel = w.data[(slice(None, None, -1),) * w.ndim] if flip else w.data
    pads = [_padding(n, k, mode) for n, k in zip(x.shape, w.shape)]
    if mode == "same" and x.ndim == 2 and not flip:    # scipy.signal.correlate2d centres even kernels the other way
        pads = [(after, before) for before, after in pads]
    padded = np.pad(x.data, pads)
    windows = sliding_window_view(padded, w.shape)          # (outputs..., kernel...)
    axes = tuple(range(x.ndim, 2 * x.ndim))
    out = np.tensordot(windows, kernel, axes=(axes, tuple(range(w.ndim))))
    if mode == "same":
        out = out[tuple(slice(0, n) for n in x.shape)]
    shape = out.shape

    def backward(g):
        full = np.zeros(windows.shape[:x.ndim], dtype=g.dtype)
        full[tuple(slice(0, s) for s in shape)] = g
        dkernel = np.tensordot(windows, full, axes=(tuple(range(x.ndim)), tuple(range(x.ndim))))
        dpadded = np.zeros_like(padded)
        for index in np.ndindex(*w.shape):
            target = tuple(slice(i, i + s) for i, s in zip(index, full.shape))
            dpadded[target] += full * kernel[index]
        dx = dpadded[tuple(slice(before, before + n) for (before, _), n in zip(pads, x.shape))]
        dw = dkernel[(slice(None, None, -1),) * w.ndim] if flip else dkernel
        return dx, dw
    return Tensor.from_op(out, (x, w), backward, name=name)


def correlate1d(x, kernel, mode: str = "valid") -> Tensor:
    """Cross-correlation y[i] = Σₖ x[i + k] w[k] (what Conv1D computes), as ``numpy.correlate``."""
    return _correlate(x, kernel, mode, flip=False, name="correlate1d")


def convolve1d(x, kernel, mode: str = "full") -> Tensor:
    """True convolution y[i] = Σₖ x[i − k] w[k] (the kernel flipped), as ``numpy.convolve``."""
    return _correlate(x, kernel, mode, flip=True, name="convolve1d")


def correlate2d(x, kernel, mode: str = "valid") -> Tensor:
    """Cross-correlation of an image: y[i, j] = Σₐ Σ_b x[i + a, j + b] w[a, b] (what Conv2D computes)."""
    return _correlate(x, kernel, mode, flip=False, name="correlate2d")


def convolve2d(x, kernel, mode: str = "full") -> Tensor:
    """True convolution of an image: y[i, j] = Σₐ Σ_b x[i − a, j − b] w[a, b] (the kernel turned
    180°), as ``scipy.signal.convolve2d``."""
    return _correlate(x, kernel, mode, flip=True, name="convolve2d")


def output_length(n: int, kernel_size: int, padding: int = 0, stride: int = 1) -> int:
    """W_out = ⌊(W − K + 2P) / S⌋ + 1: outputs of a convolution or pooling window along one axis."""
    for value, label in ((n, "n"), (kernel_size, "kernel_size"), (stride, "stride")):
        if not (isinstance(value, (int, np.integer)) and value >= 1):
            raise ValueError(f"output_length: {label} must be an int >= 1, got {value!r}")
    if not (isinstance(padding, (int, np.integer)) and padding >= 0):
        raise ValueError(f"output_length: padding must be an int >= 0, got {padding!r}")
    if kernel_size > n + 2 * padding:
        raise ValueError(f"output_length: a kernel of {kernel_size} does not fit {n} inputs padded by {padding}")
    return (n - kernel_size + 2 * padding) // stride + 1


__all__ = ["convolve1d", "correlate1d", "convolve2d", "correlate2d", "output_length"]
