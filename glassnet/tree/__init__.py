"""Decision trees: the greedy, exhaustive split search of the lecture, grown a level at a time.

``DecisionTreeClassifier`` (criterion 'gini', 'entropy', 'log_loss'), ``DecisionTreeRegressor``
('squared_error', 'friedman_mse', 'absolute_error'), both for one or several outputs, their
extremely randomised variants ``ExtraTreeClassifier`` / ``ExtraTreeRegressor``, and
``export_text`` to print the rules.
"""
from glassnet.tree._classes import BaseDecisionTree, DecisionTreeClassifier, DecisionTreeRegressor
from glassnet.tree._export import export_text
from glassnet.tree._extra_tree import ExtraTreeClassifier, ExtraTreeRegressor
from glassnet.tree._tree import Tree

__all__ = ["BaseDecisionTree", "DecisionTreeClassifier", "DecisionTreeRegressor", "ExtraTreeClassifier",
           "ExtraTreeRegressor", "Tree", "export_text"]


def __getattr__(name: str):
    """``plot_tree`` lives with the pictures (glassnet.viz); load it (and matplotlib) only when asked."""
    if name == "plot_tree":
        from glassnet.viz.tree import plot_tree
        return plot_tree
    raise AttributeError(f"module 'glassnet.tree' has no attribute {name!r}")
