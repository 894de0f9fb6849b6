import numpy as np
import pytest
from sklearn.utils.class_weight import compute_class_weight as sk_class_weight
from sklearn.utils.class_weight import compute_sample_weight as sk_sample_weight

from glassnet.utils.class_weight import compute_class_weight, compute_sample_weight

Y = np.array(["a", "a", "a", "b", "c", "c"])


@pytest.mark.parametrize("class_weight", ["balanced", {"b": 3.0}, None])
def test_weights_equal_scikit_learns(class_weight):
    classes = np.unique(Y)
    np.testing.assert_allclose(compute_class_weight(class_weight, classes=classes, y=Y),
                               sk_class_weight(class_weight, classes=classes, y=Y))
    np.testing.assert_allclose(compute_sample_weight(class_weight, Y), sk_sample_weight(class_weight, Y))


def test_balanced_gives_every_class_the_same_total():
    w = compute_sample_weight("balanced", Y)
    totals = [w[Y == c].sum() for c in "abc"]
    np.testing.assert_allclose(totals, [2.0, 2.0, 2.0])


def test_bad_class_weights_say_what_is_wrong():
    with pytest.raises(ValueError, match="'z'"):
        compute_class_weight({"z": 2.0}, classes=np.unique(Y), y=Y)
    with pytest.raises(ValueError, match="balanced"):
        compute_class_weight("heavy", classes=np.unique(Y), y=Y)
    with pytest.raises(ValueError, match="every class"):
        compute_class_weight("balanced", classes=np.array(["a", "b", "c", "d"]), y=Y)
