"""The autodiff graph of a tensor drawn with matplotlib alone (no Graphviz): each node's value and gradient."""
from __future__ import annotations

import numpy as np

from glassnet.viz._figure import axes_and_figure


def graph_nodes(tensor) -> tuple[list, dict[int, int]]:
    """Every tensor that ``tensor`` was computed from (itself included), and each one's level (its
    column): 1 + the highest level of its parents for an operation; for an input or a weight, one
    less than the earliest operation that uses it."""
    order, seen, stack = [], set(), [tensor]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        order.append(node)
        stack.extend(node.parents)
    level: dict[int, int] = {}

    def depth(node) -> int:
        if id(node) not in level:
            level[id(node)] = 1 + max((depth(p) for p in node.parents), default=-1)
        return level[id(node)]
    for node in order:
        depth(node)
    first_use: dict[int, int] = {}  # an input sits just left of the first operation that uses it
    for node in order:
        for parent in node.parents:
            if not parent.parents:
                first_use[id(parent)] = min(first_use.get(id(parent), level[id(node)]), level[id(node)])
    for key, use in first_use.items():
        level[key] = use - 1
    return order, level


def _numbers(array, precision: int) -> str:
    array = np.asarray(array)
    if array.size == 1:
        return f"{float(array.reshape(())):.{precision}g}"
    if array.size <= 4:
        return np.array2string(array.ravel(), precision=precision, separator=", ")
    return f"shape {array.shape}"


def plot_graph(tensor, *, ax=None, precision: int = 3, names: dict | None = None):
    """Draw how ``tensor`` was computed: inputs on the left, the result on the right, one box per
    tensor with its operation (or name), its value and, after ``backward()``, its gradient.

    Parameters
    ----------
    tensor : glassnet Tensor, usually a scalar loss (call ``loss.backward()`` first to see the gradients).
    precision : significant digits shown.
    names : {tensor: label}, optional labels for leaves (default: their ``name`` or "x0", "x1", …).

    Returns
    -------
    Figure; the axes hold one text box per node and one arrow per edge.
    """
    nodes, level = graph_nodes(tensor)
    names = {id(k): v for k, v in (names or {}).items()}
    columns: dict[int, list] = {}
    for node in reversed(nodes):
        columns.setdefault(level[id(node)], []).append(node)
    width, height = len(columns), max(len(c) for c in columns.values())
    ax, figure = axes_and_figure(ax, (2.6 * width + 0.5, 1.3 * height + 0.8))
    ax.set_axis_off()
    place, boxes, leaf_count = {}, {}, 0
    for column, members in sorted(columns.items()):
        for row, node in enumerate(members):
            place[id(node)] = ((column + 0.5) / width, 1 - (row + 0.5 + (height - len(members)) / 2) / height)
    for node in reversed(nodes):
        if id(node) in names:
            label = names[id(node)]
        elif node.parents:
            label = node.name or "op"
        else:
            label = node.name or f"x{leaf_count}"
            leaf_count += not node.name
        lines = [label, f"value {_numbers(node.data, precision)}"]
        if node.grad is not None:
            lines.append(f"grad {_numbers(node.grad, precision)}")
        colour = "#fde9c9" if node.parents else ("#d4e8fb" if node.requires_grad else "#eeeeee")
        boxes[id(node)] = ax.text(*place[id(node)], "\n".join(lines), transform=ax.transAxes, ha="center",
                                  va="center", bbox={"boxstyle": "round", "facecolor": colour, "edgecolor": "0.3"})
    for node in nodes:                  # from the right edge of each input box to the left edge of its user
        for parent in node.parents:
            ax.annotate("", xy=(0, 0.5), xycoords=boxes[id(node)], xytext=(1, 0.5), textcoords=boxes[id(parent)],
                        arrowprops={"arrowstyle": "-|>", "color": "0.4", "shrinkA": 4, "shrinkB": 4})
    return figure


__all__ = ["plot_graph", "graph_nodes"]
