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
from glassnet.metrics._precision_recall import average_precision_score, precision_recall_curve  # noqa: F401
from glassnet.metrics._classification_more import *  # noqa: F401,F403
from glassnet.metrics._regression_more import *  # noqa: F401,F403
from glassnet.metrics._cluster_more import *  # noqa: F401,F403

# the scikit-learn displays draw, so they live in glassnet.viz and load matplotlib only when asked
_DISPLAYS = {"ConfusionMatrixDisplay": "glassnet.viz.confusion", "RocCurveDisplay": "glassnet.viz.score_curves",
             "PrecisionRecallDisplay": "glassnet.viz.score_curves"}


def __getattr__(name: str):
    if name in _DISPLAYS:
        import importlib
        return getattr(importlib.import_module(_DISPLAYS[name]), name)
    from glassnet.utils.names import missing_attribute
    raise missing_attribute("glassnet.metrics", name, globals())
