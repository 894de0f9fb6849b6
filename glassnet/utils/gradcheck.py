"""Check a backward rule against the definition of the derivative.

The derivative is a limit, and a small step approximates it: the central difference

    ∂f/∂xᵢ ≈ (f(x + ε eᵢ) − f(x − ε eᵢ)) / 2ε        (error O(ε²))

costs two evaluations of f per input number, far too slow to train with, but a perfect
referee for the fast rules that backpropagation uses. Run it in float64: in float32 the
rounding error of f, about 1e-7·|f|/ε, swamps the answer.

>>> import numpy as np
>>> from glassnet import ops
>>> x = np.random.default_rng(0).normal(size=(3, 4))
>>> check_gradients(lambda t: ops.tanh(t), [x]) < 1e-6
True
"""
from __future__ import annotations

from typing import Callable, Sequence

import numpy as np

from glassnet.autodiff import Tensor


def numerical_gradient(f: Callable[[np.ndarray], float], x: np.ndarray, eps: float = 1e-6) -> np.ndarray:
    """dF/dx of a scalar function F by central differences, one coordinate at a time.

    ``x`` is perturbed in place and restored, so ``f`` must read it afresh at each call.
    """
    x = np.asarray(x)
    grad = np.zeros(x.shape, dtype=np.float64)
    flat, grad_flat = x.reshape(-1), grad.reshape(-1)
    if not np.shares_memory(flat, x):
        raise ValueError("numerical_gradient: x must be a contiguous array (it is perturbed in place)")
    for i in range(flat.size):
        original = flat[i]
        flat[i] = original + eps
        up = float(f(x))
        flat[i] = original - eps
        down = float(f(x))
        flat[i] = original
        grad_flat[i] = (up - down) / (2 * eps)
    return grad


def relative_error(analytic: np.ndarray, numeric: np.ndarray) -> float:
    """‖a − n‖ / max(‖a‖, ‖n‖): 0 when they agree, about 1 when unrelated."""
    scale = max(np.linalg.norm(analytic), np.linalg.norm(numeric), 1e-12)
    return float(np.linalg.norm(np.asarray(analytic) - np.asarray(numeric)) / scale)


def analytic_gradients(f: Callable[..., Tensor], inputs: Sequence[np.ndarray],
                       projection: np.ndarray) -> list[np.ndarray]:
    """Gradients of L = Σ projection ⊙ f(inputs) by backpropagation, one per input."""
    tensors = [Tensor(np.array(x, dtype=np.float64), requires_grad=True) for x in inputs]
    out = f(*tensors)
    out.backward(np.asarray(projection, dtype=out.data.dtype))
    return [np.zeros_like(t.data) if t.grad is None else t.grad for t in tensors]


def check_gradients(f: Callable[..., Tensor], inputs: Sequence[np.ndarray], eps: float = 1e-6,
                    seed: int = 0) -> float:
    """Largest relative error between backpropagation and central differences over ``inputs``.

    ``f`` takes one Tensor per input array and returns a Tensor of any shape; both sides
    differentiate the scalar L = Σ w ⊙ f(...) for fixed random weights w, which tests every
    entry of the Jacobian at once. Everything runs in float64.
    """
    arrays = [np.array(x, dtype=np.float64) for x in inputs]
    probe = f(*[Tensor(a) for a in arrays])
    projection = np.random.default_rng(seed).normal(size=probe.shape)
    analytic = analytic_gradients(f, arrays, projection)

    worst = 0.0
    for k, array in enumerate(arrays):
        def scalar(_, k=k):
            return float(np.sum(projection * f(*[Tensor(a) for a in arrays]).data))
        numeric = numerical_gradient(scalar, array, eps)
        worst = max(worst, relative_error(analytic[k], numeric))
    return worst


def check_against_torch(f: Callable[..., Tensor], torch_f: Callable, inputs: Sequence[np.ndarray],
                        seed: int = 0) -> float:
    """Largest relative error between glassnet and PyTorch (float64), values and gradients.

    ``torch_f`` is the same computation written with ``torch`` tensors. Needs PyTorch
    installed (it is only a referee: glassnet never imports it otherwise).
    """
    import torch

    arrays = [np.array(x, dtype=np.float64) for x in inputs]
    tensors = [Tensor(a.copy(), requires_grad=True) for a in arrays]
    out = f(*tensors)
    projection = np.random.default_rng(seed).normal(size=out.shape)
    out.backward(projection)
    leaves = [torch.tensor(a, dtype=torch.float64, requires_grad=True) for a in arrays]
    reference = torch_f(*leaves)
    (reference * torch.from_numpy(projection)).sum().backward()
    worst = relative_error(out.data, reference.detach().numpy())
    for mine, theirs in zip(tensors, leaves):
        expected = np.zeros_like(mine.data) if theirs.grad is None else theirs.grad.numpy()
        got = np.zeros_like(mine.data) if mine.grad is None else mine.grad
        worst = max(worst, relative_error(got, expected))
    return worst


__all__ = ["numerical_gradient", "relative_error", "analytic_gradients", "check_gradients", "check_against_torch"]
