"""Neural-network estimators with scikit-learn's contract: the restricted Boltzmann machine."""
from glassnet.neural_network._rbm import BernoulliRBM

__all__ = ["BernoulliRBM"]
