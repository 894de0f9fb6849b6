"""VotingClassifier and VotingRegressor: scikit-learn's votes, probabilities and parameters."""
import numpy as np
import pytest

from glassnet.ensemble import VotingClassifier, VotingRegressor
from glassnet.linear_model import LinearRegression
from glassnet.naive_bayes import GaussianNB
from glassnet.neighbors import KNeighborsClassifier, KNeighborsRegressor
from glassnet.tree import DecisionTreeClassifier

ske = pytest.importorskip("sklearn.ensemble")
skd = pytest.importorskip("sklearn.datasets")

iris = skd.load_iris()
X = iris.data[:, [0, 2]]
y = np.array(["setosa", "versicolor", "virginica"])[iris.target]


def _members():
    return [("dt", DecisionTreeClassifier(max_depth=4, random_state=0)), ("knn", KNeighborsClassifier(7)),
            ("nb", GaussianNB())]


@pytest.mark.parametrize("voting,weights", [("soft", [2, 1, 2]), ("hard", None), ("hard", [1, 1, 3])])
def test_same_votes_as_scikit_learn(voting, weights):
    ours = VotingClassifier(_members(), voting=voting, weights=weights).fit(X, y)
    theirs = ske.VotingClassifier(_members(), voting=voting, weights=weights).fit(X, y)
    np.testing.assert_array_equal(ours.predict(X), theirs.predict(X))
    np.testing.assert_allclose(ours.transform(X), theirs.transform(X))
    if voting == "soft":
        np.testing.assert_allclose(ours.predict_proba(X), theirs.predict_proba(X))
    else:
        assert not hasattr(ours, "predict_proba")


def test_weights_change_the_hard_vote():
    # the tree alone against the two others: with weight 3 it decides every sample
    heavy = VotingClassifier(_members(), weights=[3, 1, 1]).fit(X, y)
    tree = DecisionTreeClassifier(max_depth=4, random_state=0).fit(X, y)
    np.testing.assert_array_equal(heavy.predict(X), tree.predict(X))


def test_regressor_averages_with_weights():
    Xd, yd = skd.load_diabetes(return_X_y=True)
    members = [("lr", LinearRegression()), ("knn", KNeighborsRegressor())]
    ours = VotingRegressor(members, weights=[1, 2]).fit(Xd, yd)
    np.testing.assert_allclose(ours.predict(Xd), ske.VotingRegressor(members, weights=[1, 2]).fit(Xd, yd).predict(Xd))
    np.testing.assert_allclose(ours.predict(Xd), ours.transform(Xd) @ [1 / 3, 2 / 3])


def test_drop_names_and_nested_parameters():
    vote = VotingClassifier([("dt", DecisionTreeClassifier()), ("nb", "drop")]).fit(X, y)
    assert vote.named_estimators_["nb"] == "drop" and len(vote.estimators_) == 1
    vote.set_params(dt__max_depth=2, voting="soft")
    assert vote.get_params()["dt__max_depth"] == 2 and vote.voting == "soft"
    with pytest.raises(ValueError, match="weights"):
        VotingClassifier(_members(), weights=[1, 2]).fit(X, y)
    with pytest.raises(TypeError, match="does not support sample weights"):
        VotingClassifier(_members()).fit(X, y, sample_weight=np.ones(len(y)))


@pytest.mark.parametrize("estimator", [
    VotingClassifier([("nb", GaussianNB()), ("dt", DecisionTreeClassifier(random_state=0))], voting="soft"),
    VotingClassifier([("nb", GaussianNB()), ("dt", DecisionTreeClassifier(random_state=0))]),
    VotingRegressor([("lr", LinearRegression())]),
])
def test_check_estimator(estimator):
    from sklearn.utils.estimator_checks import check_estimator
    check_estimator(estimator)
