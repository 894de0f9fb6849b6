import numpy as np
import pytest

from glassnet import viz
from glassnet.datasets import make_xnor
from glassnet.tree import DecisionTreeClassifier, DecisionTreeRegressor


@pytest.fixture
def xnor_tree():
    X, y = make_xnor()
    return DecisionTreeClassifier(criterion="entropy", random_state=0).fit(X, y)


def test_one_box_per_node_with_the_lines_scikit_learn_writes(xnor_tree, not_blank):
    import matplotlib.pyplot as plt
    _, ax = plt.subplots(figsize=(8, 5))
    boxes = viz.plot_tree(xnor_tree, feature_names=["x1", "x2"], class_names=["no", "yes"], filled=True, ax=ax)
    tree = xnor_tree.tree_
    assert len(boxes) == tree.node_count == 7
    root = boxes[0].get_text().split("\n")
    feature = ["x1", "x2"][tree.feature[0]]
    assert root == [f"{feature} <= 0.5", "entropy = 1.0", "samples = 4", "value = [2, 2]", "class = no"]
    leaves = [b.get_text() for node, b in enumerate(boxes) if tree.children_left[node] == -1]
    assert len(leaves) == 4 and all("entropy = 0.0" in text and "samples = 1" in text for text in leaves)
    pure = [np.array(b.get_bbox_patch().get_facecolor()[:3]) for node, b in enumerate(boxes)
            if tree.children_left[node] == -1]
    assert all(np.abs(colour - 1).max() > 0.3 for colour in pure)        # pure leaves: strong colour
    assert np.allclose(boxes[0].get_bbox_patch().get_facecolor()[:3], 1)  # a 50/50 node: white
    assert [t.get_text() for t in ax.texts if t.get_text() in ("True", "False")] == ["True", "False"]
    assert not_blank(ax.figure)


def test_max_depth_label_and_options(xnor_tree):
    boxes = viz.plot_tree(xnor_tree, max_depth=0, label="root", impurity=False, node_ids=True, proportion=True)
    assert len(boxes) == 3
    assert boxes[0].get_text().startswith("node #0")
    assert "samples = 100.0%" in boxes[0].get_text() and "entropy" not in boxes[0].get_text()
    assert boxes[1].get_text() == "(...)"


def test_regressor_leaves_show_their_mean():
    X = np.arange(8, dtype=float)[:, None]
    y = np.array([1, 1, 1, 1, 5, 5, 5, 5], dtype=float)
    boxes = viz.plot_tree(DecisionTreeRegressor(max_depth=1).fit(X, y), precision=2)
    assert "value = 3" in boxes[0].get_text()
    assert sorted(b.get_text().split("value = ")[1] for b in boxes[1:]) == ["1", "5"]


def test_also_reachable_from_glassnet_tree(xnor_tree):
    from glassnet.tree import plot_tree
    assert plot_tree is viz.plot_tree


def test_unfitted_tree_is_refused():
    from glassnet.exceptions import NotFittedError
    with pytest.raises(NotFittedError):
        viz.plot_tree(DecisionTreeClassifier())
