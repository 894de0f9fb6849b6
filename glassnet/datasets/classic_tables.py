"""The small classic tables every course starts from: iris, wine, breast cancer, digits, diabetes.

The same numbers, names and return shapes as scikit-learn's ``load_*`` functions, so that
``from sklearn import datasets; datasets.load_iris()`` keeps working when the import is switched
to glassnet. The values live in ``data/classic_tables.npz`` (136 kB):

=============  =======  ========  =======================================================
table          samples  features  target
=============  =======  ========  =======================================================
iris           150      4         3 species of iris (Fisher, 1936)
wine           178      13        3 cultivars of Italian wine (Forina et al.)
breast_cancer  569      30        malignant (0) / benign (1) tumour (Wisconsin diagnostic)
digits         1797     64        the digit 0-9 drawn in an 8 x 8 image, grey levels 0-16
diabetes       442      10        disease progression one year after baseline (Efron et al.)
=============  =======  ========  =======================================================

Each loader returns a :class:`~glassnet.utils.bunch.Bunch` with ``data``, ``target``,
``feature_names``, ``target_names``, ``frame`` and ``DESCR`` (digits adds ``images``), or
``(data, target)`` when ``return_X_y=True``. ``as_frame=True`` gives pandas objects (pandas is
then needed, and only then).
"""
from __future__ import annotations

import os
from functools import lru_cache

import numpy as np

from glassnet.utils.bunch import Bunch

_FILE = os.path.join(os.path.dirname(__file__), "data", "classic_tables.npz")

IRIS_FEATURES = ["sepal length (cm)", "sepal width (cm)", "petal length (cm)", "petal width (cm)"]
WINE_FEATURES = ["alcohol", "malic_acid", "ash", "alcalinity_of_ash", "magnesium", "total_phenols",
                 "flavanoids", "nonflavanoid_phenols", "proanthocyanins", "color_intensity", "hue",
                 "od280/od315_of_diluted_wines", "proline"]
_CANCER_MEASURES = ["radius", "texture", "perimeter", "area", "smoothness", "compactness",
                    "concavity", "concave points", "symmetry", "fractal dimension"]
CANCER_FEATURES = ([f"mean {m}" for m in _CANCER_MEASURES] + [f"{m} error" for m in _CANCER_MEASURES]
                   + [f"worst {m}" for m in _CANCER_MEASURES])
DIABETES_FEATURES = ["age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6"]


@lru_cache(maxsize=None)
def _table(name: str) -> tuple[np.ndarray, np.ndarray]:
    with np.load(_FILE) as archive:
        return archive[f"{name}_data"], archive[f"{name}_target"]


def _check_flag(value, name: str) -> bool:
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be True or False, got {value!r}")
    return bool(value)


def _bunch(data, target, feature_names, target_names, descr, return_X_y, as_frame, **extra):
    return_X_y = _check_flag(return_X_y, "return_X_y")
    frame = None
    if _check_flag(as_frame, "as_frame"):
        try:
            import pandas as pd
        except ImportError as exc:  # pragma: no cover - depends on the environment
            raise ImportError("as_frame=True needs pandas; install it or pass as_frame=False") from exc
        data = pd.DataFrame(data, columns=list(feature_names))
        target = pd.Series(target, name="target")
        frame = pd.concat([data, target], axis=1)
    if return_X_y:
        return data, target
    return Bunch(data=data, target=target, frame=frame, feature_names=list(feature_names),
                 target_names=np.asarray(target_names), DESCR=descr, **extra)


def load_iris(*, return_X_y: bool = False, as_frame: bool = False):
    """Fisher's iris: 150 flowers, 4 measures in cm, 3 species (50 each), as scikit-learn's."""
    X, y = _table("iris")
    return _bunch(X.copy(), y.astype(np.int64), IRIS_FEATURES, ["setosa", "versicolor", "virginica"],
                  "Iris plants data set: 150 samples, 4 features, 3 classes of 50.", return_X_y, as_frame)


def load_wine(*, return_X_y: bool = False, as_frame: bool = False):
    """Wine recognition: 178 wines, 13 chemical measures, 3 cultivars (59, 71, 48)."""
    X, y = _table("wine")
    return _bunch(X.copy(), y.astype(np.int64), WINE_FEATURES, ["class_0", "class_1", "class_2"],
                  "Wine recognition data set: 178 samples, 13 features, 3 classes.", return_X_y, as_frame)


def load_breast_cancer(*, return_X_y: bool = False, as_frame: bool = False):
    """Wisconsin diagnostic breast cancer: 569 tumours, 30 features, 212 malignant (0), 357 benign (1)."""
    X, y = _table("breast_cancer")
    return _bunch(X.copy(), y.astype(np.int64), CANCER_FEATURES, ["malignant", "benign"],
                  "Breast cancer Wisconsin (diagnostic) data set: 569 samples, 30 features, 2 classes.",
                  return_X_y, as_frame)


def load_digits(*, n_class: int = 10, return_X_y: bool = False, as_frame: bool = False):
    """Handwritten digits: 1797 images of 8 x 8 pixels with grey levels 0-16, the digits 0-9.

    ``n_class`` keeps the digits ``0 .. n_class - 1`` only.
    """
    if isinstance(n_class, bool) or not isinstance(n_class, (int, np.integer)) or not 1 <= n_class <= 10:
        raise ValueError(f"n_class must be an integer from 1 to 10, got {n_class!r}")
    X, y = _table("digits")
    keep = y < n_class
    data, target = X[keep].astype(np.float64), y[keep].astype(np.int64)
    names = [f"pixel_{row}_{col}" for row in range(8) for col in range(8)]
    images = data.reshape(-1, 8, 8)
    return _bunch(data, target, names, np.arange(10), "Optical recognition of handwritten digits: "
                  "8 x 8 images, grey levels 0-16.", return_X_y, as_frame, images=images)


def load_diabetes(*, return_X_y: bool = False, as_frame: bool = False, scaled: bool = True):
    """Diabetes: 442 patients, 10 baseline measures, target = disease progression a year later.

    With ``scaled=True`` (scikit-learn's default) each column is centred and divided by
    ``std · √n``, so that its sum of squares is 1:  x' = (x − x̄) / (σ √n).
    """
    X, y = _table("diabetes")
    data = X.copy()
    if _check_flag(scaled, "scaled"):
        data = (data - data.mean(axis=0)) / data.std(axis=0)
        data /= np.sqrt(data.shape[0])
    return _bunch(data, y.copy(), DIABETES_FEATURES, [], "Diabetes data set: 442 samples, 10 features, "
                  "regression target.", return_X_y, as_frame)


__all__ = ["load_iris", "load_wine", "load_breast_cancer", "load_digits", "load_diabetes"]
