"""Ensembles: random forests, extra trees and bagging (average many trees), voting (several different models),
AdaBoost and gradient boosting
(add trees one after another, each correcting the ones before)."""
from glassnet.ensemble._bagging import BaggingClassifier, BaggingRegressor
from glassnet.ensemble._extra_trees import ExtraTreesClassifier, ExtraTreesRegressor
from glassnet.ensemble._gradient_boosting import GradientBoostingClassifier, GradientBoostingRegressor
from glassnet.ensemble._forest import RandomForestClassifier, RandomForestRegressor
from glassnet.ensemble._weight_boosting import AdaBoostClassifier

__all__ = ["AdaBoostClassifier", "BaggingClassifier", "BaggingRegressor", "ExtraTreesClassifier",
           "ExtraTreesRegressor", "GradientBoostingClassifier",
           "GradientBoostingRegressor", "RandomForestClassifier", "RandomForestRegressor"]
from glassnet.ensemble._voting import VotingClassifier, VotingRegressor

__all__ += ["VotingClassifier", "VotingRegressor"]
