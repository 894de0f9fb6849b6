"""export_text's formatting arguments at their limits, as scikit-learn accepts and refuses them."""
import numpy as np
import pytest

from glassnet.tree import DecisionTreeRegressor, export_text

X = np.array([[0.0], [1.0], [2.0], [3.0]])
TREE = DecisionTreeRegressor(max_depth=1).fit(X, np.array([0.0, 0.0, 1.25, 1.25]))


def test_zero_decimals_prints_whole_numbers():
    text = export_text(TREE, decimals=0)
    assert "feature_0 <=  2" in text or "feature_0 <= 2" in text
    assert "value: [1]" in text and "value: [0]" in text


@pytest.mark.parametrize("kwargs, message", [({"spacing": 0}, "spacing"), ({"decimals": -1}, "decimals"),
                                             ({"max_depth": -1}, "max_depth")])
def test_bad_formatting_arguments_are_refused(kwargs, message):
    with pytest.raises(ValueError, match=message):
        export_text(TREE, **kwargs)


def test_spacing_one_is_the_narrowest_layout():
    assert export_text(TREE, spacing=1).splitlines()[0].startswith("|-")
