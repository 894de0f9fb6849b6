"""Looking rows up in a table: the embedding of integer tokens, forward and backward."""
from __future__ import annotations

import numpy as np

from glassnet.autodiff import Tensor, ensure_tensor


def as_indices(indices, input_dim: int, what: str = "embedding") -> np.ndarray:
    """Integer indices in [0, input_dim), or a clear error naming the bad index and the limit."""
    values = np.asarray(indices.data if isinstance(indices, Tensor) else indices)
    if values.dtype.kind == "f":
        if not np.all(np.isfinite(values)) or np.any(values != np.round(values)):
            raise ValueError(f"{what}: indices must be whole numbers, got {values.ravel()[:5]}...")
    elif values.dtype.kind not in "iub":
        raise TypeError(f"{what}: indices must be integers, got dtype {values.dtype}")
    values = values.astype(np.int64)
    if values.size:
        bad = (values < 0) | (values >= input_dim)
        if bad.any():
            first = values[bad].ravel()[0]
            raise ValueError(f"{what}: index {int(first)} is out of range: indices must be in [0, {input_dim}) "
                             f"(input_dim = {input_dim})")
    return values


def embedding(indices, table) -> Tensor:
    """out[..., :] = table[indices[...], :]: one row of the table per token.

    Backward: each row of the table gets the sum of the gradients of the positions that read it,
    dL/dtable[k] = Σ_{positions p with index k} dL/dout[p]  (``np.add.at``; rows never read get 0).
    The indices are not differentiable.
    """
    table = ensure_tensor(table)
    idx = as_indices(indices, table.shape[0])

    def backward(g):
        grad = np.zeros_like(table.data)
        np.add.at(grad, idx.ravel(), g.reshape(-1, table.shape[1]))
        return (grad,)
    return Tensor.from_op(table.data[idx], (table,), backward, name="embedding")


__all__ = ["embedding"]
