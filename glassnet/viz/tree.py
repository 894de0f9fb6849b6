"""A fitted decision tree drawn as boxes and arrows, the way scikit-learn's ``plot_tree`` draws it."""
from __future__ import annotations

import numpy as np

from glassnet.viz._figure import axes_and_figure

_LEAF = -1


def _positions(tree, max_depth: int) -> dict[int, tuple[float, int]]:
    """(x, depth) of every drawn node: leaves spread left to right, a parent above its children."""
    places, next_x = {}, [0.0]

    def place(node: int, depth: int) -> float:
        left, right = tree.children_left[node], tree.children_right[node]
        if left == _LEAF or depth >= max_depth:
            x = next_x[0]
            next_x[0] += 1.0
        else:
            x = (place(left, depth + 1) + place(right, depth + 1)) / 2
        places[node] = (x, depth)
        return x
    place(0, 0)
    return places


def _fill(value: np.ndarray, classifier: bool, low: float, high: float):
    """sklearn's colours: the majority class's hue, stronger the purer the node (mean value for regression)."""
    from matplotlib import colormaps
    if classifier:
        shares = value / max(value.sum(), 1e-12)
        order = np.sort(shares)[::-1]
        alpha = 0.0 if len(order) < 2 else (order[0] - order[1]) / max(1 - order[1], 1e-12)
        colour = colormaps["tab10"](int(np.argmax(shares)) % 10)
    else:
        alpha = 0.0 if high == low else (float(value[0]) - low) / (high - low)
        colour = colormaps["tab10"](1)
    rgb = np.array(colour[:3])
    return tuple(alpha * rgb + (1 - alpha) * np.ones(3))


def _node_text(tree, node, *, classifier, feature_names, class_names, show, impurity, node_ids, proportion,
               precision, criterion, truncated):
    if truncated:
        return "(...)"
    lines = []
    if node_ids:
        lines.append(f"node #{node}" if show else f"#{node}")
    if tree.children_left[node] != _LEAF:
        feature = tree.feature[node]
        name = feature_names[feature] if feature_names is not None else f"x[{feature}]"
        lines.append(f"{name} <= {round(tree.threshold[node], precision)}")
    if impurity:
        value = round(float(tree.impurity[node]), precision) + 0.0       # no "-0.0"
        lines.append(f"{criterion} = {value}" if show else f"{value}")
    samples = tree.n_node_samples[node]
    if proportion:
        samples = f"{round(100 * samples / tree.n_node_samples[0], 1)}%"
    lines.append(f"samples = {samples}" if show else f"{samples}")
    if tree.n_outputs > 1:
        text = _multi_output_value(tree, node, classifier=classifier, proportion=proportion, precision=precision)
        lines.append(f"value = {text}" if show else text)
        return "\n".join(lines)           # as in scikit-learn: no class line with several outputs
    value = tree.value[node, 0]
    if classifier:
        shares = value / max(value.sum(), 1e-12)
        shown = shares if proportion else shares * tree.weighted_n_node_samples[node]
        text = "[" + ", ".join(f"{round(v, precision):g}" for v in shown) + "]"
    else:
        text = f"{round(float(value[0]), precision):g}"
    lines.append(f"value = {text}" if show else text)
    if classifier and class_names is not None:
        index = int(np.argmax(value))
        name = f"y[{index}]" if class_names is True else class_names[index]
        lines.append(f"class = {name}" if show else f"{name}")
    return "\n".join(lines)


def _multi_output_value(tree, node, *, classifier, proportion, precision) -> str:
    """Several outputs: one row per output, [class counts] (or shares) or [prediction]."""
    rows = []
    for o in range(tree.n_outputs):
        if classifier:
            shares = tree.value[node, o, :tree.n_classes[o]]
            shown = shares if proportion else shares * tree.weighted_n_node_samples[node]
            rows.append("[" + ", ".join(f"{round(v, precision):g}" for v in shown) + "]")
        else:
            rows.append(f"[{round(float(tree.value[node, o, 0]), precision):g}]")
    return "[" + "\n".join(rows) + "]"


def plot_tree(decision_tree, *, max_depth=None, feature_names=None, class_names=None, label: str = "all",
              filled: bool = False, impurity: bool = True, node_ids: bool = False, proportion: bool = False,
              rounded: bool = False, precision: int = 3, ax=None, fontsize=None):
    """Draw a fitted glassnet DecisionTreeClassifier or DecisionTreeRegressor (scikit-learn's signature).

    Each box shows, top to bottom: the test "feature <= threshold" (internal nodes), the impurity
    under the tree's criterion, the number of samples, the value (class counts, or the mean for a
    regressor) and the majority class. The left arrow of a test is "yes", the right one "no".

    Parameters
    ----------
    decision_tree : fitted glassnet decision tree.
    max_depth : int, optional, deepest level drawn; deeper branches show "(...)".
    feature_names, class_names : names to show (class_names=True shows y[i]).
    label : {'all', 'root', 'none'}, where the "gini = ", "samples = " labels are written.
    filled : colour each box by its majority class (purer = stronger), or by value for regression.
    impurity, node_ids, proportion, rounded, precision : what each box shows and how.
    ax, fontsize : where, and how large (default: to fit the boxes).

    Returns
    -------
    list of the boxes' annotations, one per drawn node, in order of node id.
    """
    from glassnet.utils.validation import check_is_fitted
    check_is_fitted(decision_tree, "tree_")
    if label not in ("all", "root", "none"):
        raise ValueError(f"plot_tree: label must be 'all', 'root' or 'none', got {label!r}")
    if max_depth is not None and (not isinstance(max_depth, (int, np.integer)) or max_depth < 0):
        raise ValueError(f"plot_tree: max_depth must be an int >= 0, got {max_depth!r}")
    tree = decision_tree.tree_
    classifier = hasattr(decision_tree, "classes_")
    if feature_names is None and hasattr(decision_tree, "feature_names_in_"):
        feature_names = list(decision_tree.feature_names_in_)
    limit = tree.max_depth if max_depth is None else int(max_depth)
    places = _positions(tree, limit + 1)          # one level past max_depth, drawn as "(...)"
    width = max(x for x, _ in places.values()) + 1
    height = max(d for _, d in places.values()) + 1
    ax, figure = axes_and_figure(ax, (max(4.0, 1.9 * width), max(3.0, 1.5 * height)))
    ax.set_axis_off()
    low, high = float(tree.value[:, 0, 0].min()), float(tree.value[:, 0, 0].max())
    fill_by_class = classifier and tree.n_outputs == 1
    if tree.n_outputs > 1:          # several outputs: scikit-learn colours by purity (−impurity)
        low, high = float(-tree.impurity.max()), float(-tree.impurity.min())
    annotations = []
    for node in sorted(places):
        x, depth = places[node]
        truncated = max_depth is not None and depth > max_depth
        text = _node_text(tree, node, classifier=classifier, feature_names=feature_names, class_names=class_names,
                          show=label == "all" or (label == "root" and node == 0), impurity=impurity,
                          node_ids=node_ids, proportion=proportion, precision=precision,
                          criterion=getattr(decision_tree, "criterion", "impurity"), truncated=truncated)
        box = {"boxstyle": "round" if rounded else "square", "edgecolor": "black",
               "facecolor": _fill(_colour_value(tree, node), fill_by_class, low, high) if filled and not truncated
               else "white"}
        position = ((x + 0.5) / width, 1 - (depth + 0.5) / height)
        parent = _parent(tree, node)
        kwargs = {}
        if parent is not None:
            px, pdepth = places[parent]
            kwargs = {"xy": ((px + 0.5) / width, 1 - (pdepth + 0.5) / height),
                      "arrowprops": {"arrowstyle": "<-", "color": "0.3"}}
        else:
            kwargs = {"xy": position}
        annotations.append(ax.annotate(text, xytext=position, xycoords="axes fraction", textcoords="axes fraction",
                                       ha="center", va="center", bbox=box, fontsize=fontsize,
                                       zorder=100 - depth, **kwargs))
    if tree.children_left[0] != _LEAF and 1 in {d for _, d in places.values()}:
        root = places[0]                # scikit-learn writes True / False on the two arrows of the root
        for child, word, side in ((tree.children_left[0], "True", -1), (tree.children_right[0], "False", 1)):
            x = (root[0] + places[child][0]) / 2 + 0.5 + 0.15 * side
            ax.text(x / width, 1 - 1.0 / height, word, transform=ax.transAxes, ha="center", va="center",
                    fontsize="small")
    if fontsize is None:
        _shrink_to_fit(ax, annotations, width, height)
    return annotations


def _colour_value(tree, node: int) -> np.ndarray:
    """What a box's colour depends on: the node's value, or −impurity with several outputs."""
    return tree.value[node, 0] if tree.n_outputs == 1 else np.array([-tree.impurity[node]])


def _parent(tree, node: int):
    for array in (tree.children_left, tree.children_right):
        hits = np.flatnonzero(array == node)
        if hits.size:
            return int(hits[0])
    return None


def _shrink_to_fit(ax, annotations, width: float, height: float) -> None:
    """Largest font (≤ the current size) at which the widest box still fits its column and row."""
    from matplotlib.text import Text
    renderer = ax.figure.canvas.get_renderer()
    box = ax.get_window_extent(renderer)
    column, row = box.width / width, box.height / height
    for annotation in annotations:
        annotation.set_fontsize(min(annotation.get_fontsize(), 14))
    for _ in range(12):
        extents = [Text.get_window_extent(a, renderer) for a in annotations]   # the box, not the arrow
        ratio = min(0.92 * column / max(e.width for e in extents), 0.8 * row / max(e.height for e in extents))
        if ratio >= 1:
            break
        size = annotations[0].get_fontsize() * max(0.5, ratio)
        for annotation in annotations:
            annotation.set_fontsize(size)


__all__ = ["plot_tree"]
