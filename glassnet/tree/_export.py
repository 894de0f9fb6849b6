"""A tree as indented text, the way it is drawn on the board (same format as scikit-learn's)."""
from __future__ import annotations

from io import StringIO

import numpy as np

from glassnet.tree._tree import TREE_LEAF
from glassnet.utils.validation import check_is_fitted


def export_text(decision_tree, *, feature_names=None, class_names=None, max_depth: int = 10,
                spacing: int = 3, decimals: int = 2, show_weights: bool = False) -> str:
    """Print the rules of a fitted tree, one line per test, children indented below their parent.

    Example (iris, depth 2)::

        |--- petal width (cm) <= 0.80
        |   |--- class: 0
        |--- petal width (cm) >  0.80
        |   |--- petal width (cm) <= 1.75
        |   |   |--- class: 1
        |   |--- petal width (cm) >  1.75
        |   |   |--- class: 2

    Branches deeper than ``max_depth`` are summarised as "truncated branch of depth k".
    A classifier's leaf shows its majority class (and, with ``show_weights``, the class weights);
    a regressor's leaf shows ``value: [prediction]``. With several outputs a leaf shows one entry
    per output: ``class: [c_1, ..., c_k]`` (weights: one list per output) or ``value: [ŷ_1, ..., ŷ_k]``;
    ``class_names`` is then a list of k lists of names.
    """
    check_is_fitted(decision_tree, "tree_")
    tree = decision_tree.tree_
    if not isinstance(max_depth, int) or max_depth < 0:
        raise ValueError(f"max_depth must be a non-negative int; got {max_depth!r}.")
    if not isinstance(spacing, int) or spacing <= 0:
        raise ValueError(f"spacing must be a positive int; got {spacing!r}.")
    if not isinstance(decimals, int) or decimals < 0:
        raise ValueError(f"decimals must be a non-negative int; got {decimals!r}.")
    is_classifier = hasattr(decision_tree, "classes_")
    n_outputs = tree.n_outputs
    if is_classifier and n_outputs > 1:
        class_names = _per_output_class_names(decision_tree.classes_, class_names)
    elif is_classifier:
        if class_names is None:
            class_names = decision_tree.classes_
        elif len(class_names) != len(decision_tree.classes_):
            raise ValueError(f"When `class_names` is an array, it should contain as many items as "
                             f"`decision_tree.classes_`. Got {len(class_names)} while the tree was "
                             f"fitted with {len(decision_tree.classes_)} classes.")
    if feature_names is not None and len(feature_names) != tree.n_features:
        raise ValueError(f"feature_names must contain {tree.n_features} elements, got {len(feature_names)}")
    names = [None if f < 0 else (feature_names[f] if feature_names is not None else f"feature_{f}")
             for f in tree.feature]
    report = StringIO()

    def add_leaf(node: int, indent: str) -> None:
        value = tree.value[node, 0]
        if n_outputs > 1:
            report.write(f"{indent}{_multi_output_leaf(tree, node, class_names, show_weights, decimals)}\n")
        elif is_classifier:
            text = ""
            if show_weights:
                weights = value * tree.weighted_n_node_samples[node]
                text = " weights: [" + ", ".join(f"{v:.{decimals}f}" for v in weights) + "]"
            text += " class: " + str(class_names[int(np.argmax(value))])
            report.write(f"{indent}{text}\n")
        else:
            text = "[" + ", ".join(f"{v:.{decimals}f}" for v in value) + "]"
            report.write(f"{indent} value: {text}\n")

    def recurse(node: int, depth: int) -> None:
        indent = ("|" + " " * spacing) * depth
        indent = indent[:-spacing] + "-" * spacing
        if depth <= max_depth + 1:
            if tree.children_left[node] != TREE_LEAF:
                threshold = f"{tree.threshold[node]:.{decimals}f}"
                report.write(f"{indent} {names[node]} <= {threshold}\n")
                recurse(tree.children_left[node], depth + 1)
                report.write(f"{indent} {names[node]} >  {threshold}\n")
                recurse(tree.children_right[node], depth + 1)
            else:
                add_leaf(node, indent)
        else:
            below = tree.subtree_depth(node)
            if below == 1:
                add_leaf(node, indent)
            else:
                report.write(f"{indent} truncated branch of depth {below}\n")

    recurse(0, 1)
    return report.getvalue()


def _per_output_class_names(classes: list, class_names) -> list:
    """One list of names per output: the classes themselves, or the k lists given."""
    if class_names is None:
        return list(classes)
    if len(class_names) != len(classes) or any(len(n) != len(c) for n, c in zip(class_names, classes)):
        raise ValueError(f"With {len(classes)} outputs, `class_names` must be a list of {len(classes)} lists, "
                         f"one name per class of each output ({[len(c) for c in classes]} classes); "
                         f"got {class_names!r}.")
    return list(class_names)


def _multi_output_leaf(tree, node: int, class_names, show_weights: bool, decimals: int) -> str:
    """A leaf of a tree with several outputs: one class (or value) per output."""
    if class_names is None:          # regression: the k predictions
        return " value: [" + ", ".join(f"{v:.{decimals}f}" for v in tree.value[node, :, 0]) + "]"
    text = ""
    if show_weights:
        weight = tree.weighted_n_node_samples[node]
        text = " weights: [" + ", ".join(
            "[" + ", ".join(f"{v * weight:.{decimals}f}" for v in tree.value[node, o, :len(names)]) + "]"
            for o, names in enumerate(class_names)) + "]"
    chosen = [str(names[int(np.argmax(tree.value[node, o, :len(names)]))]) for o, names in enumerate(class_names)]
    return text + " class: [" + ", ".join(chosen) + "]"
