"""Neural-network operations: activations, dropout and the fused cross-entropies.

Each function computes its forward value and returns a Tensor whose backward rule sits
beside it, with the math in the docstring (z is the input, a the output, g = dL/da).

``softmax`` and ``sigmoid`` remember which logits produced each output (see
:func:`logits_of`) so that a cross-entropy computed from their probabilities can use the
logits instead: log(softmax(z)) is then exact for any z, and the gradient reaching z is
simply dL/dz = (p − y)/n, the fused rule.
"""
from __future__ import annotations

import math
import weakref

import numpy as np

from glassnet.autodiff import Tensor, ensure_tensor
from glassnet.random import get_rng

# id(output of softmax/sigmoid) -> (weak reference to the output, kind, logits Tensor, axis).
# Keyed by id, not by the Tensor, so that it never depends on how Tensors hash or compare;
# the weak reference removes the entry when the output is freed.
_LOGITS: dict[int, tuple] = {}


def _remember_logits(output: Tensor, kind: str, logits: Tensor, axis: int) -> None:
    key = id(output)
    _LOGITS[key] = (weakref.ref(output, lambda _, key=key: _LOGITS.pop(key, None)), kind, logits, axis)


def logits_of(output: Tensor, kind: str, axis: int = -1) -> Tensor | None:
    """The logits z that ``softmax`` or ``sigmoid`` (``kind``) turned into ``output``, else None."""
    if not isinstance(output, Tensor):
        return None
    record = _LOGITS.get(id(output))
    if record is None or record[0]() is not output or record[1] != kind:
        return None
    _, _, logits, op_axis = record
    if kind == "softmax" and op_axis % output.ndim != axis % output.ndim:
        return None
    return logits


# ---------------------------------------------------------------------- activations
def _zeros_like(z: np.ndarray):
    """An array of zeros shaped like z when z is contiguous (else the scalar 0), for ``np.maximum``.

    ``np.maximum(z, 0)`` gives the same numbers, but NumPy runs its vectorised loop only when
    both operands are contiguous arrays: about 4× faster for a 128×256 batch. The zeros are one
    read-only buffer per dtype, grown to the largest size asked for, and viewed in z's shape.
    """
    if not z.flags.c_contiguous:
        return 0
    zeros = _ZEROS.get(z.dtype)
    if zeros is None or zeros.size < z.size:
        zeros = np.zeros(z.size, dtype=z.dtype)
        zeros.flags.writeable = False
        _ZEROS[z.dtype] = zeros
    return zeros[:z.size].reshape(z.shape)


_ZEROS: dict[np.dtype, np.ndarray] = {}


def relu(x) -> Tensor:
    """a = max(0, z);  dL/dz = g ⊙ [z > 0]."""
    x = ensure_tensor(x)
    out = np.maximum(x.data, _zeros_like(x.data))
    return Tensor.from_op(out, (x,), lambda g: (g * (out > 0),), name="relu")   # a > 0 exactly where z > 0


def leaky_relu(x, negative_slope: float = 0.2) -> Tensor:
    """a = z if z > 0 else α·z  (Keras default α = 0.2);  dL/dz = g ⊙ (1 if z > 0 else α)."""
    x = ensure_tensor(x)
    slope = np.where(x.data > 0, x.data.dtype.type(1), x.data.dtype.type(negative_slope))
    return Tensor.from_op(x.data * slope, (x,), lambda g: (g * slope,), name="leaky_relu")


def sigmoid(x) -> Tensor:
    """a = σ(z) = 1 / (1 + e⁻ᶻ);  dL/dz = g ⊙ a(1 − a).

    Computed as 1/(1 + e^{−|z|}) for z ≥ 0 and e^{−|z|}/(1 + e^{−|z|}) for z < 0, so that the
    exponential never overflows, however large |z| is.
    """
    x = ensure_tensor(x)
    e = np.exp(-np.abs(x.data))
    out = np.where(x.data >= 0, 1, e) / (1 + e)
    out = out.astype(x.data.dtype, copy=False)
    result = Tensor.from_op(out, (x,), lambda g: (g * out * (1 - out),), name="sigmoid")
    _remember_logits(result, "sigmoid", x, -1)
    return result


def tanh(x) -> Tensor:
    """a = tanh(z);  dL/dz = g ⊙ (1 − a²)."""
    x = ensure_tensor(x)
    out = np.tanh(x.data)
    return Tensor.from_op(out, (x,), lambda g: (g * (1 - out * out),), name="tanh")


def softmax(x, axis: int = -1) -> Tensor:
    """aᵢ = e^{zᵢ} / Σⱼ e^{zⱼ};  dL/dzᵢ = aᵢ (gᵢ − Σⱼ gⱼ aⱼ).

    The maximum of z is subtracted first (it cancels in the ratio) so e^z cannot overflow.
    """
    x = ensure_tensor(x)
    e = np.exp(x.data - x.data.max(axis=axis, keepdims=True))
    e /= e.sum(axis=axis, keepdims=True)
    out = e

    def backward(g):
        return (out * (g - np.sum(g * out, axis=axis, keepdims=True)),)
    result = Tensor.from_op(out, (x,), backward, name="softmax")
    _remember_logits(result, "softmax", x, axis)
    return result


# Forward only, in place. ``predict`` needs no gradient, so it need not keep z beside a: these
# write a over z, with the same ufuncs in the same order as relu / softmax above (so the same
# numbers, bit for bit) and without allocating. Only ever given arrays the caller owns.
def relu_in_place(z: np.ndarray) -> np.ndarray:
    """z ← max(0, z): ``relu``'s forward value, written over z."""
    return np.maximum(z, _zeros_like(z), out=z)


def softmax_in_place(z: np.ndarray, axis: int = -1) -> np.ndarray:
    """z ← e^{z − max z} / Σⱼ e^{zⱼ − max z}: ``softmax``'s forward value, written over z."""
    z -= z.max(axis=axis, keepdims=True)
    np.exp(z, out=z)
    z /= z.sum(axis=axis, keepdims=True)
    return z


def tanh_in_place(z: np.ndarray) -> np.ndarray:
    """z ← tanh(z): ``tanh``'s forward value, written over z."""
    return np.tanh(z, out=z)


def log_softmax(x, axis: int = -1) -> Tensor:
    """aᵢ = zᵢ − log Σⱼ e^{zⱼ};  dL/dzᵢ = gᵢ − softmax(z)ᵢ Σⱼ gⱼ."""
    x = ensure_tensor(x)
    shifted = x.data - np.max(x.data, axis=axis, keepdims=True)
    out = shifted - np.log(np.sum(np.exp(shifted), axis=axis, keepdims=True))

    def backward(g):
        return (g - np.exp(out) * np.sum(g, axis=axis, keepdims=True),)
    return Tensor.from_op(out, (x,), backward, name="log_softmax")


def softplus(x) -> Tensor:
    """a = log(1 + eᶻ) = max(z, 0) + log(1 + e^{−|z|});  dL/dz = g ⊙ σ(z)."""
    x = ensure_tensor(x)
    e = np.exp(-np.abs(x.data))
    out = np.maximum(x.data, 0) + np.log1p(e)
    sig = (np.where(x.data >= 0, 1, e) / (1 + e)).astype(x.data.dtype, copy=False)
    return Tensor.from_op(out, (x,), lambda g: (g * sig,), name="softplus")


def silu(x) -> Tensor:
    """a = z·σ(z) (also called swish);  dL/dz = g ⊙ (σ(z) + a(1 − σ(z)))."""
    x = ensure_tensor(x)
    e = np.exp(-np.abs(x.data))
    sig = (np.where(x.data >= 0, 1, e) / (1 + e)).astype(x.data.dtype, copy=False)
    out = x.data * sig
    return Tensor.from_op(out, (x,), lambda g: (g * (sig + out * (1 - sig)),), name="silu")


def elu(x, alpha: float = 1.0) -> Tensor:
    """a = z if z > 0 else α(eᶻ − 1);  dL/dz = g if z > 0 else g ⊙ α eᶻ."""
    x = ensure_tensor(x)
    positive = x.data > 0
    exp_part = alpha * np.expm1(np.minimum(x.data, 0))
    out = np.where(positive, x.data, exp_part)
    slope = np.where(positive, 1, exp_part + alpha).astype(x.data.dtype, copy=False)
    return Tensor.from_op(out, (x,), lambda g: (g * slope,), name="elu")


_SELU_ALPHA = 1.6732632423543772
_SELU_SCALE = 1.0507009873554805


def selu(x) -> Tensor:
    """a = λ·elu(z, α) with λ ≈ 1.0507, α ≈ 1.6733 (self-normalising);  dL/dz = λ·elu'(z)·g."""
    x = ensure_tensor(x)
    positive = x.data > 0
    exp_part = _SELU_ALPHA * np.expm1(np.minimum(x.data, 0))
    out = _SELU_SCALE * np.where(positive, x.data, exp_part)
    slope = (_SELU_SCALE * np.where(positive, 1, exp_part + _SELU_ALPHA)).astype(x.data.dtype, copy=False)
    return Tensor.from_op(out.astype(x.data.dtype, copy=False), (x,), lambda g: (g * slope,), name="selu")


def _erf_numpy(x: np.ndarray) -> np.ndarray:
    """erf to float64 precision (≈1e-15) with NumPy alone.

    |x| < 2:  erf(x) = (2/√π) e^{−x²} Σₙ 2ⁿ x^{2n+1} / (1·3·5···(2n+1))   (all terms positive)
    |x| ≥ 2:  erfc(x) = e^{−x²} / (√π · (x + ½/(x + 1/(x + (3/2)/(x + 2/(x + ...))))))
    """
    work = np.asarray(x, dtype=np.float64)
    a = np.abs(work)
    out = np.empty_like(a)
    near = a < 2.0
    s = a[near]
    two_s2 = 2 * s * s
    term = s.copy()
    total = s.copy()
    n = 0
    while term.size and np.any(term > 1e-17 * total):
        n += 1
        term *= two_s2 / (2 * n + 1)
        total += term
    out[near] = (2 / math.sqrt(math.pi)) * np.exp(-s * s) * total
    b = a[~near]
    fraction = b.copy()
    for k in range(40, 0, -1):  # the continued fraction, evaluated from its tail
        fraction = b + (k / 2) / fraction
    out[~near] = 1 - np.exp(-b * b) / (math.sqrt(math.pi) * fraction)
    return np.copysign(out, work).astype(np.asarray(x).dtype, copy=False)


def _erf(x):
    """SciPy's erf when SciPy is installed (faster), else :func:`_erf_numpy` (same values in float64).

    SciPy is looked up on first use, not at import: importing it costs more than all of glassnet.
    """
    global _erf
    try:
        from scipy.special import erf as fast
    except ImportError:  # pragma: no cover - exercised where SciPy is absent
        fast = _erf_numpy
    _erf = fast
    return fast(x)


def gelu(x, approximate: bool = False) -> Tensor:
    """a = z·Φ(z) = ½ z (1 + erf(z/√2))  (Keras default: exact);  dL/dz = g ⊙ (Φ(z) + z φ(z)).

    With ``approximate=True``: a = ½ z (1 + tanh(u)), u = √(2/π)(z + 0.044715 z³),
    dL/dz = g ⊙ (½(1 + tanh u) + ½ z (1 − tanh² u) √(2/π)(1 + 3·0.044715 z²)).
    """
    x = ensure_tensor(x)
    z = x.data
    if approximate:
        c = math.sqrt(2 / math.pi)
        t = np.tanh(c * (z + 0.044715 * z ** 3))
        out = 0.5 * z * (1 + t)
        slope = 0.5 * (1 + t) + 0.5 * z * (1 - t * t) * c * (1 + 3 * 0.044715 * z * z)
    else:
        cdf = 0.5 * (1 + _erf(z / math.sqrt(2)))
        out = z * cdf
        slope = cdf + z * np.exp(-0.5 * z * z) / math.sqrt(2 * math.pi)
    slope = slope.astype(z.dtype, copy=False)
    return Tensor.from_op(out.astype(z.dtype, copy=False), (x,), lambda g: (g * slope,), name="gelu")


def step(x) -> Tensor:
    """The perceptron's threshold: a = 1 if z > 0 else 0.

    Its derivative is 0 everywhere except at z = 0, where it does not exist, so gradient
    descent gets no signal through it: backward raises an error that says what to use.
    """
    x = ensure_tensor(x)

    def backward(g):
        raise RuntimeError(
            "the 'step' activation has no useful gradient (its derivative is 0 almost "
            "everywhere), so a network using it cannot be trained by backpropagation; use "
            "'sigmoid' (its smooth version) or 'relu', or train a single perceptron with the "
            "perceptron learning rule (glassnet.linear_model.Perceptron)")
    return Tensor.from_op((x.data > 0).astype(x.data.dtype), (x,), backward, name="step")


# ---------------------------------------------------------------------- dropout
def dropout(x, rate: float, rng: np.random.Generator | None = None, noise_shape=None) -> Tensor:
    """Inverted dropout: a = z ⊙ m / (1 − rate), m ~ Bernoulli(1 − rate);  dL/dz = g ⊙ m / (1 − rate).

    Scaling by 1/(1 − rate) during training keeps the expected activation unchanged, so
    inference uses the layer as is. Call it only when training. ``noise_shape`` (Keras)
    draws a smaller mask that is broadcast, e.g. (batch, 1, features) to drop whole
    features at every time step; None entries take the input's size.
    """
    x = ensure_tensor(x)
    if not 0 <= rate < 1:
        raise ValueError(f"dropout: rate must be in [0, 1), got {rate!r}")
    if rate == 0:
        return x
    rng = get_rng() if rng is None else rng
    shape = x.shape
    if noise_shape is not None:
        shape = tuple(n if d is None else int(d) for d, n in zip(noise_shape, x.shape))
        if len(noise_shape) != x.ndim or any(d not in (1, n) for d, n in zip(shape, x.shape)):
            raise ValueError(f"dropout: noise_shape {tuple(noise_shape)} does not broadcast to the input "
                             f"shape {x.shape} (each entry must be 1, None or the input's size)")
    scale = (rng.random(shape, dtype=x.data.dtype) >= rate).astype(x.data.dtype)
    scale *= 1 / (1 - rate)  # a Python float keeps the array's dtype
    return Tensor.from_op(x.data * scale, (x,), lambda g: (g * scale,), name="dropout")


# ---------------------------------------------------------------------- the dense layer's op
def dense(x, kernel, bias=None) -> Tensor:
    """z = x·W + b in one op;  dL/dx = δ·Wᵀ,  dL/dW = xᵀ·δ,  dL/db = Σ_batch δ  (δ = dL/dz)."""
    kernel = ensure_tensor(kernel)
    x = ensure_tensor(x, kernel.dtype)
    bias = None if bias is None else ensure_tensor(bias, kernel.dtype)
    out = x.data @ kernel.data
    if bias is not None:
        out += bias.data  # in place: one array for z, not two
    flat = x.data if x.data.ndim == 2 else x.data.reshape(-1, x.shape[-1])

    def backward(g):
        g2 = g.reshape(-1, g.shape[-1])
        gx = (g @ kernel.data.T) if x.requires_grad else None
        gw = flat.T @ g2 if kernel.requires_grad else None
        gb = g2.sum(axis=0) if bias is not None and bias.requires_grad else None
        return (gx, gw) if bias is None else (gx, gw, gb)
    parents = (x, kernel) if bias is None else (x, kernel, bias)
    return Tensor.from_op(out, parents, backward, name="dense")


# ---------------------------------------------------------------------- fused losses
def _log_probabilities(z: np.ndarray, axis: int, probabilities: np.ndarray | None) -> np.ndarray:
    """log softmax(z) = z − m − log Σ e^{z−m} (m = max z).

    When p = softmax(z) is already known, Σ e^{z−m} = 1 / max p (its largest term is e⁰),
    which saves the exponentials.
    """
    m = np.max(z, axis=axis, keepdims=True)
    if probabilities is not None:
        return z - m + np.log(np.max(probabilities, axis=axis, keepdims=True))
    return z - m - np.log(np.sum(np.exp(z - m), axis=axis, keepdims=True))


def softmax_cross_entropy(logits, labels, axis: int = -1, probabilities: np.ndarray | None = None) -> Tensor:
    """Per-sample cross-entropy of softmax(z) against a label distribution y (one-hot or soft).

    Lᵢ = −Σⱼ yᵢⱼ log softmax(zᵢ)ⱼ;  dL/dzᵢ = gᵢ (pᵢ Σⱼ yᵢⱼ − yᵢ)  (= gᵢ (pᵢ − yᵢ) for one-hot y).
    Averaging Lᵢ over a batch of n then gives the fused rule dL/dz = (p − y)/n.
    ``probabilities`` may pass softmax(z) when it was already computed.
    """
    logits = ensure_tensor(logits)
    y = np.asarray(labels.data if isinstance(labels, Tensor) else labels, dtype=logits.data.dtype)
    log_p = _log_probabilities(logits.data, axis, probabilities)
    out = -np.sum(y * log_p, axis=axis)

    def backward(g):
        p = probabilities if probabilities is not None else np.exp(log_p)
        g = np.expand_dims(g, axis)
        return (g * (p * np.sum(y, axis=axis, keepdims=True) - y),)
    return Tensor.from_op(out, (logits,), backward, name="softmax_cross_entropy")


def sparse_softmax_cross_entropy(logits, labels, probabilities: np.ndarray | None = None) -> Tensor:
    """Per-sample cross-entropy with integer class labels c (over the last axis).

    Lᵢ = −log softmax(zᵢ)_{cᵢ};  dL/dzᵢ = gᵢ (pᵢ − onehot(cᵢ)).
    """
    logits = ensure_tensor(logits)
    z = logits.data.reshape(-1, logits.shape[-1])
    rows = np.arange(z.shape[0])
    c = np.asarray(labels.data if isinstance(labels, Tensor) else labels).astype(np.intp).reshape(-1)
    m = z.max(axis=-1)
    if probabilities is not None:
        p = probabilities.reshape(z.shape)
        log_norm = -np.log(p.max(axis=-1))
    else:
        p = None
        log_norm = np.log(np.sum(np.exp(z - m[:, None]), axis=-1))
    out = (log_norm + m - z[rows, c]).reshape(logits.shape[:-1])

    def backward(g):
        g = g.reshape(-1, 1)
        grad = (p if p is not None else np.exp(z - (m + log_norm)[:, None])) * g
        grad[rows, c] -= g[:, 0]
        return (grad.reshape(logits.shape),)
    return Tensor.from_op(out, (logits,), backward, name="sparse_softmax_cross_entropy")


def sigmoid_binary_cross_entropy(logits, labels) -> Tensor:
    """Elementwise binary cross-entropy of σ(z) against y ∈ [0, 1], from the logits z.

    L = −y log σ(z) − (1 − y) log(1 − σ(z)) = max(z, 0) − z·y + log(1 + e^{−|z|});
    dL/dz = g ⊙ (σ(z) − y).
    """
    logits = ensure_tensor(logits)
    z = logits.data
    y = np.asarray(labels.data if isinstance(labels, Tensor) else labels, dtype=z.dtype)
    e = np.exp(-np.abs(z))
    out = np.maximum(z, 0) - z * y + np.log1p(e)

    def backward(g):
        sig = np.where(z >= 0, 1, e) / (1 + e)
        return (g * (sig - y),)
    return Tensor.from_op(out, (logits,), backward, name="sigmoid_binary_cross_entropy")


__all__ = ["relu", "leaky_relu", "sigmoid", "tanh", "softmax", "log_softmax", "softplus", "silu", "elu",
           "selu", "gelu", "step", "dropout", "dense", "softmax_cross_entropy", "sparse_softmax_cross_entropy",
           "sigmoid_binary_cross_entropy", "logits_of"]
