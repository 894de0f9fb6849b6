"""Neural-network estimators with scikit-learn's contract: the multilayer perceptrons and the
restricted Boltzmann machine."""
from glassnet.neural_network._rbm import BernoulliRBM
from glassnet.neural_network.multilayer_perceptron import MLPClassifier, MLPRegressor

__all__ = ["BernoulliRBM", "MLPClassifier", "MLPRegressor"]
