"""Errors and warnings with scikit-learn's names and meaning."""


class NotFittedError(ValueError, AttributeError):
    """The estimator is used (predict, transform, ...) before ``fit`` was called."""


class ConvergenceWarning(UserWarning):
    """An iterative solver stopped at ``max_iter`` before meeting its tolerance."""


class DataConversionWarning(UserWarning):
    """Input was converted in a way the user may not expect (e.g. a column vector y)."""


__all__ = ["NotFittedError", "ConvergenceWarning", "DataConversionWarning"]


class FitFailedWarning(RuntimeWarning):
    """A fit inside cross-validation or a search raised; its score is set to ``error_score``."""


__all__ += ["FitFailedWarning"]
