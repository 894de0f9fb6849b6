"""Nearest neighbours: predict from the k training points closest to the query, or from all
training points within a radius."""
from glassnet.neighbors._classification import KNeighborsClassifier
from glassnet.neighbors._radius import RadiusNeighborsClassifier, RadiusNeighborsRegressor
from glassnet.neighbors._regression import KNeighborsRegressor

__all__ = ["KNeighborsClassifier", "KNeighborsRegressor", "RadiusNeighborsClassifier", "RadiusNeighborsRegressor"]
from glassnet.neighbors._unsupervised import NearestNeighbors

__all__ += ["NearestNeighbors"]
