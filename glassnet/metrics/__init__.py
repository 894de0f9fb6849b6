"""Metrics: Keras-style running metrics for ``compile(metrics=...)`` and scikit-learn-style
scoring functions (``accuracy_score``, ...) for the estimators."""
from glassnet.metrics._keras import *  # noqa: F401,F403
from glassnet.metrics._classification import *  # noqa: F401,F403
from glassnet.metrics._regression import *  # noqa: F401,F403
from glassnet.metrics._ranking import *  # noqa: F401,F403
from glassnet.metrics._report import *  # noqa: F401,F403
from glassnet.metrics._cluster import (adjusted_mutual_info_score, adjusted_rand_score,  # noqa: F401
                                       completeness_score, contingency_matrix, homogeneity_completeness_v_measure,
                                       homogeneity_score, mutual_info_score, normalized_mutual_info_score,
                                       silhouette_samples, silhouette_score, v_measure_score)
from glassnet.metrics._confusion_keras import *  # noqa: F401,F403
from glassnet.metrics._keras_regression import *  # noqa: F401,F403
from glassnet.metrics._fbeta_keras import *  # noqa: F401,F403
from glassnet.metrics._iou_keras import *  # noqa: F401,F403
from glassnet.metrics._at_constraint_keras import *  # noqa: F401,F403


def __getattr__(name: str):
    from glassnet.utils.names import missing_attribute
    raise missing_attribute("glassnet.metrics", name, globals())
