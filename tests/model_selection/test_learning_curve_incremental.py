"""learning_curve(exploit_incremental_learning=True): one model per fold, fed chunk by chunk."""
import numpy as np
import pytest
from sklearn.datasets import load_digits
from sklearn.model_selection import learning_curve as sk_learning_curve

from glassnet.linear_model import LinearRegression, SGDClassifier
from glassnet.model_selection import learning_curve
from glassnet.naive_bayes import GaussianNB

X, Y = load_digits(return_X_y=True)
X, Y = X[:700], Y[:700]


@pytest.mark.parametrize("make", [GaussianNB, lambda: SGDClassifier(random_state=0)])
def test_scores_equal_scikit_learns_driver(make):
    ours = learning_curve(make(), X, Y, cv=3, exploit_incremental_learning=True, train_sizes=[0.2, 0.5, 1.0],
                          return_times=True)
    theirs = sk_learning_curve(make(), X, Y, cv=3, exploit_incremental_learning=True,
                               train_sizes=[0.2, 0.5, 1.0])
    for a, b in zip(ours[:3], theirs):
        np.testing.assert_allclose(a, b)
    assert ours[2][-1].mean() > ours[2][0].mean() + 0.05          # more data, better model
    assert ours[3].shape == (3, 3) and np.all(ours[3] > 0)


def test_incremental_differs_from_refitting_for_sgd():
    """Fed in chunks, SGD sees the first samples more often than a fresh fit on all of them."""
    sgd = SGDClassifier(max_iter=3, tol=None, random_state=0)
    inc = learning_curve(sgd, X, Y, cv=3, exploit_incremental_learning=True, train_sizes=[0.5, 1.0])[2]
    fresh = learning_curve(sgd, X, Y, cv=3, train_sizes=[0.5, 1.0])[2]
    assert not np.allclose(inc, fresh)


def test_needs_partial_fit():
    with pytest.raises(ValueError, match="partial_fit.*LinearRegression"):
        learning_curve(LinearRegression(), X, Y.astype(float), cv=3, exploit_incremental_learning=True)
