"""The bias-variance decomposition, measured: train the same model on many fresh data sets.

For a target y = f(x) + ε with noise of variance σ², and ĥ_D the model trained on a data set D,
the expected squared error at a test point x splits into three parts:

    E_D,ε[(ĥ_D(x) − y)²] = (E_D[ĥ_D(x)] − f(x))²  +  E_D[(ĥ_D(x) − E_D[ĥ_D(x)])²]  +  σ²
                         =        bias²            +            variance           + noise

Here E_D is an average over ``n_rounds`` data sets drawn by ``make_data``, and everything is
averaged over the test points.
"""
from __future__ import annotations

from typing import Callable

import numpy as np

from glassnet.base import clone


def bias_variance_decomposition(estimator, make_data: Callable, x_test, f_true: Callable, n_rounds: int = 100,
                                random_state=None) -> dict:
    """Measure bias², variance and noise of ``estimator`` and the test error they add up to.

    Parameters
    ----------
    estimator : an unfitted regressor (cloned for each round).
    make_data : callable
        ``make_data(rng)`` → (X, y): a fresh training set drawn with the NumPy Generator ``rng``,
        y = f_true(X) + noise.
    x_test : array (m, n_features), the test points.
    f_true : callable, f_true(X) → the noiseless target at the rows of X.
    n_rounds : int, how many training sets (and models).
    random_state : int or Generator.

    Returns
    -------
    result : dict
        ``'bias2'``: mean over x of (mean prediction − f(x))²;
        ``'variance'``: mean over x and rounds of (prediction − mean prediction)²;
        ``'noise'``: σ², the mean of (y − f(X))² over the training sets;
        ``'error'``: the measured test error, mean over x and rounds of (prediction − y_test)², with
        y_test = f(x_test) + a fresh noise draw each round (the noise of another sample of
        ``make_data``, which assumes the noise does not depend on x);
        ``'predictions'``: array (n_rounds, m), every model's predictions at the test points.

    bias2 + variance + noise equals error up to the sampling error of ``n_rounds`` rounds.
    """
    if not (isinstance(n_rounds, (int, np.integer)) and n_rounds >= 2):
        raise ValueError(f"bias_variance_decomposition: n_rounds must be an int >= 2, got {n_rounds!r}")
    rng = np.random.default_rng(random_state)
    x_test = np.asarray(x_test, dtype=np.float64)
    truth = np.asarray(f_true(x_test), dtype=np.float64).ravel()
    m = len(truth)
    predictions, noise, errors = np.empty((n_rounds, m)), [], []
    for r in range(n_rounds):
        X, y = make_data(rng)
        model = clone(estimator).fit(X, y)
        predictions[r] = np.asarray(model.predict(x_test), dtype=np.float64).ravel()
        noise.append(np.mean((np.ravel(y) - np.ravel(f_true(X))) ** 2))
        X_other, y_other = make_data(rng)
        residuals = np.ravel(y_other) - np.ravel(f_true(X_other))
        if len(residuals) < m:
            residuals = rng.choice(residuals, size=m, replace=True)
        y_test = truth + rng.permutation(residuals)[:m]
        errors.append(np.mean((predictions[r] - y_test) ** 2))
    mean_prediction = predictions.mean(axis=0)
    return {"bias2": float(np.mean((mean_prediction - truth) ** 2)),
            "variance": float(np.mean((predictions - mean_prediction) ** 2)),
            "noise": float(np.mean(noise)),
            "error": float(np.mean(errors)),
            "predictions": predictions}


__all__ = ["bias_variance_decomposition"]
