"""Preprocessing: put features on a common scale, expand them, or encode categories and labels.

- :class:`StandardScaler`   z = (x − μ) / σ
- :class:`MinMaxScaler`     x' = (x − min) / (max − min) into a chosen range
- :class:`PolynomialFeatures` all monomials up to a degree (polynomial regression)
- :class:`OneHotEncoder`    a category → a row of 0/1 indicators
- :class:`LabelEncoder`     class labels → 0 … k−1
- :class:`LabelBinarizer`   class labels → one-vs-all indicator columns (``label_binarize``)
- :class:`RobustScaler`     x' = (x − median) / IQR;  :class:`MaxAbsScaler` x' = x / max|x|
- :class:`Normalizer`       each row to unit norm (``normalize``); ``scale`` standardises an array
- :class:`Binarizer`        x' = [x > threshold];  :class:`FunctionTransformer` x' = f(x)
"""
from glassnet.preprocessing.label_encoder import LabelEncoder
from glassnet.preprocessing.min_max_scaler import MinMaxScaler
from glassnet.preprocessing.one_hot_encoder import OneHotEncoder
from glassnet.preprocessing.polynomial_features import PolynomialFeatures
from glassnet.preprocessing.standard_scaler import StandardScaler

__all__ = ["StandardScaler", "MinMaxScaler", "PolynomialFeatures", "OneHotEncoder", "LabelEncoder"]
from glassnet.preprocessing.label_binarizer import LabelBinarizer, label_binarize
from glassnet.preprocessing.function_transformer import FunctionTransformer
from glassnet.preprocessing.normalizer import Normalizer, normalize, scale

__all__ += ["LabelBinarizer", "label_binarize", "FunctionTransformer", "Normalizer", "normalize", "scale"]
from glassnet.preprocessing.robust_scaler import RobustScaler
from glassnet.preprocessing.max_abs_scaler import Binarizer, MaxAbsScaler

__all__ += ["RobustScaler", "MaxAbsScaler", "Binarizer"]
