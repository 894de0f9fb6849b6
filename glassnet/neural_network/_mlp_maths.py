"""The multilayer perceptron's maths: forward pass, losses, and backpropagation, in NumPy.

A network with layers 0 (the input X) … L (the output) keeps one weight matrix Wₗ of shape
(units in layer l, units in layer l + 1) and one bias vector bₗ per pair of layers:

    a₀ = X,    zₗ₊₁ = aₗ·Wₗ + bₗ,    aₗ₊₁ = f(zₗ₊₁) (hidden layers),   ŷ = a_L = g(z_L) (output)

f is the hidden activation (identity, logistic, tanh, relu) and g the output one, chosen so
that the loss's gradient with respect to z_L is simply ŷ − y:

    softmax + cross-entropy     (several classes)
    logistic + binary cross-entropy   (two classes, or several independent labels)
    identity + half squared error     (regression)
    exp + half Poisson deviance       (counts, the log link)

Backpropagation then walks the chain rule back from the output:

    δ_L = s ⊙ (ŷ − y)                       (s: the sample weights, 1 by default)
    δₗ = (δₗ₊₁ · Wₗ₊₁ᵀ) ⊙ f'(zₗ₊₁)           (f' written with the activation a = f(z))
    ∂J/∂Wₗ = (aₗᵀ·δₗ₊₁ + α·Wₗ) / Σs,    ∂J/∂bₗ = Σᵢ δₗ₊₁,ᵢ / Σs

for the objective J = loss + α/(2·Σs)·Σₗ‖Wₗ‖², the L2 penalty (``alpha``) of scikit-learn's MLP.
The biases are not penalised. Indices here count weight matrices: ``coefs[i]`` maps layer i to i + 1.

One quirk kept from scikit-learn on purpose: with k > 1 regression outputs the reported half
squared error is the mean over the outputs, while δ_L = ŷ − y is the gradient of their sum, so the
gradient is k times that of the reported loss (k = 1, the usual case, is exact). Keeping it makes
training follow scikit-learn's step for step.
"""
from __future__ import annotations

import numpy as np

HIDDEN_ACTIVATIONS = ("identity", "logistic", "tanh", "relu")


# ------------------------------------------------------------------ activations
def _logistic(z: np.ndarray) -> np.ndarray:
    """σ(z) = 1 / (1 + e^{−z}) (in place); for z < −709, e^{−z} overflows to inf and σ is 0, as it should."""
    with np.errstate(over="ignore"):
        np.exp(np.negative(z, out=z), out=z)
    z += 1
    return np.reciprocal(z, out=z)


def _softmax(z: np.ndarray) -> np.ndarray:
    """softmax(z)ₖ = e^{zₖ − max z} / Σⱼ e^{zⱼ − max z}, row by row (in place)."""
    z -= z.max(axis=1, keepdims=True)
    np.exp(z, out=z)
    z /= z.sum(axis=1, keepdims=True)
    return z


_ACTIVATIONS = {
    "identity": lambda z: z,
    "logistic": _logistic,
    "tanh": lambda z: np.tanh(z, out=z),
    "relu": lambda z: np.maximum(z, 0, out=z),
    "softmax": _softmax,
    "exp": lambda z: np.exp(z, out=z),
}


def activate(name: str, z: np.ndarray) -> np.ndarray:
    """Apply the activation ``name`` to z in place and return it."""
    return _ACTIVATIONS[name](z)


def multiply_by_derivative(name: str, a: np.ndarray, delta: np.ndarray) -> None:
    """delta ⊙= f'(z), with f'(z) written with a = f(z), in place.

    identity: 1;   logistic: a(1 − a);   tanh: 1 − a²;   relu: [a > 0]
    """
    if name == "logistic":
        delta *= a
        delta *= 1 - a
    elif name == "tanh":
        delta *= 1 - a ** 2
    elif name == "relu":
        np.multiply(delta, a > 0, out=delta)     # a = max(0, z) > 0 exactly where z > 0


# ------------------------------------------------------------------ forward pass
def forward(X: np.ndarray, coefs: list, intercepts: list, hidden: str, output: str) -> list:
    """All activations [a₀ = X, a₁, …, a_L] of one forward pass (kept for backpropagation)."""
    activations = [X]
    last = len(coefs) - 1
    for i, (W, b) in enumerate(zip(coefs, intercepts)):
        z = activations[-1] @ W
        z += b
        activations.append(activate(output if i == last else hidden, z))
    return activations


def predict_output(X: np.ndarray, coefs: list, intercepts: list, hidden: str, output: str) -> np.ndarray:
    """ŷ = a_L, the output of the network (nothing else kept)."""
    return forward(X, coefs, intercepts, hidden, output)[-1]


# ------------------------------------------------------------------ losses
def _weighted_mean(values: np.ndarray, sample_weight) -> np.ndarray:
    """Mean over the samples (axis 0), weighted by sample_weight when given."""
    return np.average(values, weights=sample_weight, axis=0)


def half_squared_error(Y: np.ndarray, P: np.ndarray, sample_weight=None) -> float:
    """½·mean over samples and outputs of (y − ŷ)²."""
    return float(0.5 * _weighted_mean((Y - P) ** 2, sample_weight).mean())


def half_poisson_deviance(Y: np.ndarray, P: np.ndarray, sample_weight=None) -> float:
    """Σ over outputs of the mean of y·log(y/ŷ) − y + ŷ (y·log y taken as 0 at y = 0)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        ylogy = np.where(Y > 0, Y * np.log(np.where(Y > 0, Y, 1) / P), 0.0)
    return float(_weighted_mean(ylogy - Y + P, sample_weight).sum())


def _clipped(P: np.ndarray) -> np.ndarray:
    eps = np.finfo(P.dtype).eps
    return np.clip(P, eps, 1 - eps)


def cross_entropy(Y: np.ndarray, P: np.ndarray, sample_weight=None) -> float:
    """−Σₖ mean over samples of yₖ·log p̂ₖ (p̂ clipped to [ε, 1 − ε]); one column means [1 − p, p]."""
    P = _clipped(P)
    if P.shape[1] == 1:
        P = np.hstack([1 - P, P])
    if Y.shape[1] == 1:
        Y = np.hstack([1 - Y, Y])
    return float(-_weighted_mean(Y * np.log(P), sample_weight).sum())


def binary_cross_entropy(Y: np.ndarray, P: np.ndarray, sample_weight=None) -> float:
    """−Σ over labels of the mean of y·log p̂ + (1 − y)·log(1 − p̂), one sigmoid per label."""
    P = _clipped(P)
    return float(-_weighted_mean(Y * np.log(P) + (1 - Y) * np.log(1 - P), sample_weight).sum())


LOSSES = {"squared_error": half_squared_error, "poisson": half_poisson_deviance,
          "log_loss": cross_entropy, "binary_log_loss": binary_cross_entropy}


def loss_name_for(loss: str, output_activation: str) -> str:
    """A logistic output pairs with the binary cross-entropy, a softmax one with the categorical."""
    return "binary_log_loss" if loss == "log_loss" and output_activation == "logistic" else loss


# ------------------------------------------------------------------ backpropagation
def loss_and_gradients(X: np.ndarray, Y: np.ndarray, sample_weight, coefs: list, intercepts: list, *,
                       hidden: str, output: str, loss: str, alpha: float):
    """The objective J and its gradients (∂J/∂Wₗ, ∂J/∂bₗ for every layer), by backpropagation.

    J = loss(Y, ŷ) + α/(2·Σs)·Σₗ‖Wₗ‖²  (Σs = n without sample weights). Returns
    (J, coef_grads, intercept_grads), the gradients with the shapes of coefs and intercepts.
    """
    activations = forward(X, coefs, intercepts, hidden, output)
    P = activations[-1]
    total_weight = X.shape[0] if sample_weight is None else sample_weight.sum()
    value = LOSSES[loss_name_for(loss, output)](Y, P, sample_weight)
    value += 0.5 * alpha * sum(float(np.dot(W.ravel(), W.ravel())) for W in coefs) / total_weight

    coef_grads, intercept_grads = [None] * len(coefs), [None] * len(coefs)
    delta = P - Y                                        # ∂loss/∂z_L for the matched pairs above
    if sample_weight is not None:
        delta *= sample_weight.reshape(-1, 1)
    for i in range(len(coefs) - 1, -1, -1):
        grad = activations[i].T @ delta
        grad += alpha * coefs[i]
        grad /= total_weight
        coef_grads[i] = grad
        intercept_grads[i] = delta.sum(axis=0) / total_weight
        if i > 0:
            delta = delta @ coefs[i].T                   # back through Wᵢ ...
            multiply_by_derivative(hidden, activations[i], delta)   # ... and through f
    return value, coef_grads, intercept_grads


__all__ = ["HIDDEN_ACTIVATIONS", "activate", "multiply_by_derivative", "forward", "predict_output",
           "LOSSES", "loss_name_for", "loss_and_gradients"]
