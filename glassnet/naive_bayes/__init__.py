"""Naive Bayes: Bayes' rule with features assumed independent given the class."""
from glassnet.naive_bayes._gaussian import GaussianNB

__all__ = ["GaussianNB"]
