"""Central finite differences and relative error, shared by the convolution tests."""
from __future__ import annotations

import numpy as np

from glassnet.autodiff import Tensor


def rel_err(a, b) -> float:
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    return float(np.max(np.abs(a - b)) / max(np.max(np.abs(a)), np.max(np.abs(b)), 1e-12))


def check_gradients(fn, arrays, seed=0, eps=1e-6, tol=1e-6):
    """Compare backward() of L = Σ fn(*tensors) ⊙ R with central differences, all in float64.

    Returns the analytic gradients (for comparing with PyTorch) and R.
    """
    rng = np.random.default_rng(seed)
    tensors = [Tensor(np.array(a, dtype=np.float64), requires_grad=True) for a in arrays]
    out = fn(*tensors)
    weights = rng.standard_normal(out.shape)
    (out * Tensor(weights)).sum().backward()
    analytic = [t.grad.copy() for t in tensors]

    def loss(values):
        return float((fn(*[Tensor(v) for v in values]).data * weights).sum())

    values = [t.data.copy() for t in tensors]
    for k, v in enumerate(values):
        numeric = np.zeros_like(v)
        for idx in np.ndindex(v.shape):
            old = v[idx]
            v[idx] = old + eps
            plus = loss(values)
            v[idx] = old - eps
            minus = loss(values)
            v[idx] = old
            numeric[idx] = (plus - minus) / (2 * eps)
        assert analytic[k].shape == v.shape
        err = rel_err(analytic[k], numeric)
        assert err < tol, f"input {k}: relative error {err:.2e} between backward and finite differences"
    return analytic, weights, out.data
