"""Linear algebra of Keras 3 (``ops.inv``, ``ops.solve``, ``ops.det``… and ``ops.linalg.*``).

inv, solve, det, slogdet and cholesky carry their gradients (written below); the
factorisations qr, svd, eig, eigh and lu_factor return constants: training through them is
refused loudly at backward time rather than passing a zero gradient silently.
"""
from __future__ import annotations

import numpy as np

from glassnet.autodiff import Tensor, ensure_tensor
from glassnet.ops.creation import _constant
from glassnet.ops.elementwise import _values
from glassnet.ops.reductions import norm  # Keras also offers it as ops.linalg.norm


def _t(a: np.ndarray) -> np.ndarray:
    return np.swapaxes(a, -1, -2)


def inv(x) -> Tensor:
    """C = A⁻¹ (batched over leading axes);  dL/dA = −Cᵀ · dL/dC · Cᵀ."""
    a = ensure_tensor(x)
    c = np.linalg.inv(a.data)
    return Tensor.from_op(c, (a,), lambda g: (-_t(c) @ g @ _t(c),), name="inv")


def solve(a, b) -> Tensor:
    """X solving A X = B;  dL/dB = A⁻ᵀ · dL/dX,  dL/dA = −dL/dB · Xᵀ."""
    a, b = ensure_tensor(a), ensure_tensor(b)
    vector = b.ndim == a.ndim - 1
    rhs = b.data[..., None] if vector else b.data
    x = np.linalg.solve(a.data, rhs)

    def backward(g):
        g = g[..., None] if vector else g
        gb = np.linalg.solve(_t(a.data), g)
        return -gb @ _t(x), (gb[..., 0] if vector else gb)
    return Tensor.from_op(x[..., 0] if vector else x, (a, b), backward, name="solve")


def solve_triangular(a, b, lower: bool = False) -> Tensor:
    """X solving T X = B, T the lower (``lower=True``) or upper triangle of A (the rest of A is ignored);
    dL/dB = T⁻ᵀ · dL/dX,  dL/dA = −(dL/dB · Xᵀ) kept on that triangle."""
    a = ensure_tensor(a)
    mask = np.tril(np.ones(a.shape[-2:], dtype=bool)) if lower else np.triu(np.ones(a.shape[-2:], dtype=bool))
    triangle = Tensor.from_op(np.where(mask, a.data, 0), (a,), lambda g: (np.where(mask, g, 0),), name="triangle")
    return solve(triangle, b)


def lstsq(a, b, rcond=None) -> Tensor:
    """The least-squares solution X of A X ≈ B (a constant; ``np.linalg.lstsq``)."""
    return _constants("lstsq", a, (np.linalg.lstsq(_values(a), _values(b), rcond=rcond)[0],))[0]


def det(x) -> Tensor:
    """c = det A;  dL/dA = dL/dc · c · A⁻ᵀ."""
    a = ensure_tensor(x)
    c = np.linalg.det(a.data)
    return Tensor.from_op(c, (a,), lambda g: ((g * c)[..., None, None] * _t(np.linalg.inv(a.data)),), name="det")


def slogdet(x) -> tuple[Tensor, Tensor]:
    """(sign, ln |det A|);  d ln|det A| / dA = A⁻ᵀ (the sign has no gradient)."""
    a = ensure_tensor(x)
    sign, logabs = np.linalg.slogdet(a.data)
    return _constant(sign), Tensor.from_op(logabs, (a,), lambda g: (g[..., None, None] * _t(np.linalg.inv(a.data)),),
                                           name="slogdet")


def cholesky(x, upper: bool = False) -> Tensor:
    """L lower-triangular with L Lᵀ = A (Uᵀ U = A with ``upper``);
    dL/dA = ½ L⁻ᵀ Φ(Lᵀ · dL/dL) L⁻¹ symmetrised, Φ keeping the lower triangle with half the diagonal."""
    a = ensure_tensor(x)
    low = np.linalg.cholesky(a.data)

    def backward(g):
        g = _t(g) if upper else g
        phi = np.tril(_t(low) @ g)
        phi = phi - 0.5 * np.eye(low.shape[-1]) * phi
        l_inv = np.linalg.inv(low)
        s = _t(l_inv) @ phi @ l_inv
        return (0.5 * (s + _t(s)),)
    return Tensor.from_op(_t(low).copy() if upper else low, (a,), backward, name="cholesky")


def _constants(name: str, x, arrays):
    source = x if isinstance(x, Tensor) and x.requires_grad else None
    out = []
    for array in arrays:
        if source is None:
            out.append(_constant(array))
        else:
            def backward(g, name=name):
                raise NotImplementedError(f"ops.{name} has no gradient in glassnet (its results are constants); "
                                          "do not train through it")
            out.append(Tensor.from_op(array, (source,), backward, name=name))
    return tuple(out)


def qr(x, mode: str = "reduced") -> tuple[Tensor, Tensor]:
    """Q R = A, Q with orthonormal columns, R upper-triangular (``mode`` 'reduced' or 'complete')."""
    if mode not in ("reduced", "complete"):
        raise ValueError(f"qr: mode must be 'reduced' or 'complete', got {mode!r}")
    q, r = np.linalg.qr(_values(x), mode=mode)
    return _constants("qr", x, (q, r))


def svd(x, full_matrices: bool = True, compute_uv: bool = True):
    """U, S, Vᴴ with A = U diag(S) Vᴴ (only S when ``compute_uv`` is False)."""
    if not compute_uv:
        return _constants("svd", x, (np.linalg.svd(_values(x), compute_uv=False),))[0]
    return _constants("svd", x, np.linalg.svd(_values(x), full_matrices=full_matrices))


def eig(x) -> tuple[Tensor, Tensor]:
    """Eigenvalues and right eigenvectors of a square matrix."""
    return _constants("eig", x, np.linalg.eig(_values(x)))


def eigh(x) -> tuple[Tensor, Tensor]:
    """Eigenvalues (ascending) and eigenvectors of a symmetric matrix."""
    return _constants("eigh", x, np.linalg.eigh(_values(x)))


def _lu_2d(a: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    n = a.shape[-1]
    pivots = np.zeros(n, dtype=np.int32)
    for k in range(n):                       # elimination, the row with the largest pivot swapped up first
        p = k + int(np.argmax(np.abs(a[k:, k])))
        pivots[k] = p
        a[[k, p]] = a[[p, k]]
        if a[k, k] != 0:
            a[k + 1:, k] /= a[k, k]
        a[k + 1:, k + 1:] -= np.outer(a[k + 1:, k], a[k, k + 1:])
    return a, pivots


def lu_factor(x) -> tuple[Tensor, Tensor]:
    """LU with partial pivoting packed as LAPACK's getrf, (lu, pivots), as ``scipy.linalg.lu_factor``:
    P A = L U, L unit lower-triangular (below the diagonal of lu), U upper-triangular (on and above it)."""
    values = np.asarray(_values(x))
    a = values.astype(np.float64 if values.dtype.kind != "f" else values.dtype, copy=True)
    lu, pivots = np.empty_like(a), np.zeros(a.shape[:-1], dtype=np.int32)
    for idx in np.ndindex(a.shape[:-2]):
        lu[idx], pivots[idx] = _lu_2d(a[idx])
    return _constants("lu_factor", x, (lu, pivots))


__all__ = ["inv", "solve", "solve_triangular", "lstsq", "norm", "det", "slogdet", "cholesky", "qr", "svd", "eig", "eigh", "lu_factor"]
