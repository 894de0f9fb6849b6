"""The lasso: least squares with an L1 penalty, which sets some weights exactly to zero."""
from __future__ import annotations

from glassnet.linear_model.elastic_net import ElasticNet


class Lasso(ElasticNet):
    """Lasso: w = argmin (1/2n)‖y − Xw − b‖² + α‖w‖₁, by coordinate descent with soft-thresholding.

    Each coordinate update is wⱼ ← S(ρⱼ, nα) / ‖Xⱼ‖², with S(z, γ) = sign(z)·max(|z| − γ, 0): a weight
    whose correlation with the residual is below the threshold becomes exactly 0, so the lasso
    selects features. It is :class:`ElasticNet` with ``l1_ratio=1``.

    Parameters
    ----------
    alpha, fit_intercept, max_iter, copy_X, tol, warm_start, positive, random_state, selection :
        as in :class:`ElasticNet`.
    """

    def __init__(self, alpha: float = 1.0, *, fit_intercept: bool = True, max_iter: int = 1000,
                 copy_X: bool = True, tol: float = 1e-4, warm_start: bool = False, positive: bool = False,
                 random_state=None, selection: str = "cyclic"):
        super().__init__(alpha=alpha, l1_ratio=1.0, fit_intercept=fit_intercept, max_iter=max_iter,
                         copy_X=copy_X, tol=tol, warm_start=warm_start, positive=positive,
                         random_state=random_state, selection=selection)
