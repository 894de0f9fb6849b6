"""``glassnet.tree`` offers ``plot_tree`` as ``sklearn.tree`` does (loaded from glassnet.viz only
when asked, so importing the trees does not import matplotlib)."""
import pytest

import glassnet.tree


def test_plot_tree_is_the_viz_function():
    from glassnet.viz.tree import plot_tree
    assert glassnet.tree.plot_tree is plot_tree
    from glassnet.tree import plot_tree as imported
    assert imported is plot_tree


def test_an_unknown_name_raises_attribute_error_naming_it():
    with pytest.raises(AttributeError, match="module 'glassnet.tree' has no attribute 'plot_forest'"):
        glassnet.tree.plot_forest  # noqa: B018
    assert not hasattr(glassnet.tree, "export_graphviz_")
