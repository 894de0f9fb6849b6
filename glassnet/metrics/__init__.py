"""Metrics: Keras-style running metrics for ``compile(metrics=...)`` and scikit-learn-style
scoring functions (``accuracy_score``, ...) for the estimators."""
from glassnet.metrics._keras import *  # noqa: F401,F403
