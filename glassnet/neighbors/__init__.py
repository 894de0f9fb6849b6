"""Nearest neighbours: predict from the k training points closest to the query."""
from glassnet.neighbors._classification import KNeighborsClassifier
from glassnet.neighbors._regression import KNeighborsRegressor

__all__ = ["KNeighborsClassifier", "KNeighborsRegressor"]
