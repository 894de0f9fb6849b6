"""Decision trees: the greedy, exhaustive split search of the lecture, grown a level at a time.

``DecisionTreeClassifier`` (criterion 'gini', 'entropy', 'log_loss'), ``DecisionTreeRegressor``
('squared_error', 'friedman_mse', 'absolute_error'), and ``export_text`` to print the rules.
"""
from glassnet.tree._classes import BaseDecisionTree, DecisionTreeClassifier, DecisionTreeRegressor
from glassnet.tree._export import export_text
from glassnet.tree._tree import Tree

__all__ = ["BaseDecisionTree", "DecisionTreeClassifier", "DecisionTreeRegressor", "Tree", "export_text"]
