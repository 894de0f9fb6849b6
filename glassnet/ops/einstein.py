"""einsum (Einstein summation): products and sums written as index equations, ``ops.einsum("bij,bjk->bik", a, b)``.

c[out] = Σ over the indices not in ``out`` of Π_k operand_k[subscripts_k].

Backward: the gradient for operand k is the same kind of product, with dL/dc in the place of
operand k:  dL/dA[a] = Σ dL/dc[out] · Π_{j≠k} operand_j[subscripts_j], summed over every index
that is not in A's subscripts. An index of A found nowhere else (A was summed over it) gets the
gradient copied along it. An operand that repeats an index (a trace or a diagonal, "ii->")
has no gradient here: that raises a clear error when a gradient is needed.
"""
from __future__ import annotations

import numpy as np

from glassnet.autodiff import Tensor, ensure_tensor, unbroadcast


def _parse(subscripts: str, count: int) -> tuple[list[str], str]:
    spec = subscripts.replace(" ", "")
    if "->" in spec:
        inputs, output = spec.split("->")
    else:   # implicit mode: the indices seen once, in alphabetical order (NumPy's rule)
        inputs = spec
        letters = [c for c in inputs.replace(",", "").replace(".", "")]
        output = ("..." if "..." in inputs else "") + "".join(sorted(c for c in set(letters)
                                                                      if letters.count(c) == 1))
    parts = inputs.split(",")
    if len(parts) != count:
        raise ValueError(f"einsum: {subscripts!r} names {len(parts)} operands, got {count}")
    return parts, output


def _letters(part: str) -> list[str]:
    return [c for c in part.replace("...", "")]


def einsum(subscripts: str, *operands) -> Tensor:
    """As ``np.einsum(subscripts, *operands)``, differentiable in every operand."""
    tensors = [ensure_tensor(o) for o in operands]
    parts, output = _parse(subscripts, len(tensors))
    arrays = [t.data for t in tensors]
    out = np.einsum(f"{','.join(parts)}->{output}", *arrays)

    def backward(g):
        grads = []
        for k, (tensor, part) in enumerate(zip(tensors, parts)):
            if not tensor.requires_grad:
                grads.append(None)
                continue
            letters = _letters(part)
            if len(set(letters)) != len(letters):
                raise ValueError(f"einsum: no gradient for operand {k} ({part!r}): it repeats an index")
            others = [p for j, p in enumerate(parts) if j != k]
            seen = set(_letters(output)) | {c for p in others for c in _letters(p)}
            kept = "".join(c for c in letters if c in seen)
            if "..." in part and not part.startswith("..."):
                raise ValueError(f"einsum: no gradient for operand {k} ({part!r}): '...' is supported at the "
                                 "start of the subscripts only")
            target = ("..." if "..." in part or "..." in output else "") + kept   # extra '...' axes: summed below
            partial = np.einsum(f"{','.join([output] + others)}->{target}", g,
                                *[a for j, a in enumerate(arrays) if j != k])
            grads.append(_expand(partial, letters, kept, tensor.shape))
        return grads
    return Tensor.from_op(np.asarray(out), tuple(tensors), backward, name="einsum")


def _expand(partial: np.ndarray, letters: list[str], kept: str, shape: tuple) -> np.ndarray:
    """Put back the axes the gradient was summed over (copied along them), then fold any broadcast
    '...' axes back to the operand's shape."""
    leading = partial.ndim - len(kept)                  # the '...' axes of the gradient
    grad = partial
    for position, letter in enumerate(letters):
        if letter not in kept:
            grad = np.expand_dims(grad, leading + position)
    sizes = tuple(shape[len(shape) - len(letters):]) if letters else ()
    grad = np.broadcast_to(grad, grad.shape[:leading] + sizes)
    return np.ascontiguousarray(unbroadcast(grad, tuple(shape)))


__all__ = ["einsum"]
