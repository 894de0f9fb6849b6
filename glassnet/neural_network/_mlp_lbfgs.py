"""solver='lbfgs': the whole training set at once, by SciPy's L-BFGS-B quasi-Newton method.

L-BFGS works on one flat vector θ, so the weights are packed in scikit-learn's order, all
weight matrices first, then all biases:

    θ = [vec W₀, vec W₁, …, vec W_{L−1}, b₀, b₁, …, b_{L−1}]

Each evaluation unpacks θ, runs one forward and one backward pass (``_mlp_maths.py``) and returns
(J(θ), ∇J(θ)) packed the same way. It stops when the projected gradient's largest entry falls
below ``tol`` (scipy's ``gtol``), after ``max_iter`` iterations or after ``max_fun`` evaluations.
SciPy is needed for this solver only (it is not one of glassnet's requirements).
"""
from __future__ import annotations

import warnings

import numpy as np

from glassnet.exceptions import ConvergenceWarning


def pack(coefs: list, intercepts: list) -> np.ndarray:
    """θ = all weight matrices (row by row), then all biases, as one vector."""
    return np.hstack([a.ravel() for a in coefs + intercepts])


def unpack(theta: np.ndarray, shapes: list) -> tuple[list, list]:
    """The weight matrices and biases back from θ (views into θ, no copy)."""
    coefs, start = [], 0
    for fan_in, fan_out in shapes:
        coefs.append(theta[start:start + fan_in * fan_out].reshape(fan_in, fan_out))
        start += fan_in * fan_out
    intercepts = []
    for _, fan_out in shapes:
        intercepts.append(theta[start:start + fan_out])
        start += fan_out
    return coefs, intercepts


def fit_lbfgs(est, X: np.ndarray, Y: np.ndarray, sample_weight) -> None:
    """Minimise J over all weights with L-BFGS-B; sets coefs_, intercepts_, loss_ and n_iter_."""
    from scipy.optimize import minimize          # checked importable by check_mlp_params

    shapes = [W.shape for W in est.coefs_]

    def objective(theta):
        est.coefs_, est.intercepts_ = unpack(theta, shapes)
        value, coef_grads, intercept_grads = est._loss_and_gradients(X, Y, sample_weight)
        return value, pack(coef_grads, intercept_grads)

    result = minimize(objective, pack(est.coefs_, est.intercepts_), method="L-BFGS-B", jac=True,
                      options={"maxfun": est.max_fun, "maxiter": est.max_iter, "gtol": est.tol})
    est.n_iter_ = min(result.nit, est.max_iter)
    if result.status != 0:
        message = (f"lbfgs failed to converge after {est.n_iter_} iteration(s) "
                   f"(status={result.status}):\n{result.message}\n")
        if est.n_iter_ == est.max_iter:
            message += f"\nIncrease the number of iterations to improve the convergence (max_iter={est.max_iter})."
        message += "\nYou might also want to scale the data (StandardScaler)."
        warnings.warn(message, ConvergenceWarning, stacklevel=4)
    est.loss_ = float(result.fun)
    est.coefs_, est.intercepts_ = unpack(np.asarray(result.x), shapes)
    if est.verbose:
        print(f"lbfgs: {est.n_iter_} iterations, {result.nfev} evaluations, loss = {est.loss_:.8f}")


__all__ = ["pack", "unpack", "fit_lbfgs"]
