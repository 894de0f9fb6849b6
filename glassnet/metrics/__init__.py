"""Metrics: Keras-style running metrics for ``compile(metrics=...)`` and scikit-learn-style
scoring functions (``accuracy_score``, ...) for the estimators."""
from glassnet.metrics._keras import *  # noqa: F401,F403
from glassnet.metrics._classification import *  # noqa: F401,F403
from glassnet.metrics._regression import *  # noqa: F401,F403
from glassnet.metrics._ranking import *  # noqa: F401,F403
from glassnet.metrics._confusion_keras import *  # noqa: F401,F403


def __getattr__(name: str):
    from glassnet.utils.names import missing_attribute
    raise missing_attribute("glassnet.metrics", name, globals())
