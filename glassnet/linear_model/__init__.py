"""Linear models: ŷ = X·w + b, fitted exactly, by gradient descent, or one sample at a time.

- :class:`Perceptron`          Rosenblatt's rule: on each mistake w ← w + η y x
- :class:`LinearRegression`    least squares, normal equation or (mini-batch) gradient descent
- :class:`Ridge`               least squares + α‖w‖²
- :class:`Lasso`, :class:`ElasticNet`  least squares + L1 (+ L2), coordinate descent
- :class:`LogisticRegression`  P(y | x) = σ(w·x + b) or softmax, L-BFGS or Newton
- :class:`SGDClassifier`, :class:`SGDRegressor`  stochastic gradient descent on a chosen loss
"""
from glassnet.linear_model.elastic_net import ElasticNet
from glassnet.linear_model.lasso import Lasso
from glassnet.linear_model.linear_regression import LinearRegression
from glassnet.linear_model.logistic_regression import LogisticRegression
from glassnet.linear_model.perceptron import Perceptron
from glassnet.linear_model.ridge import Ridge
from glassnet.linear_model.sgd import SGDClassifier, SGDRegressor

__all__ = ["Perceptron", "LinearRegression", "Ridge", "Lasso", "ElasticNet", "LogisticRegression",
           "SGDClassifier", "SGDRegressor"]
