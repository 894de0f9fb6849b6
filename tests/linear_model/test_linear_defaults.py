"""Every linear model's defaults are scikit-learn's: code written for scikit-learn that leaves a
parameter out must get the same model here. Parameters only glassnet has keep their documented defaults."""
import pytest

import glassnet.linear_model as ours

theirs = pytest.importorskip("sklearn.linear_model")

NAMES = ["LinearRegression", "Ridge", "Lasso", "ElasticNet", "LogisticRegression", "Perceptron",
         "SGDClassifier", "SGDRegressor"]
# scikit-learn 1.8 deprecated LogisticRegression(penalty=...): its default is the string 'deprecated',
# which means the L2 penalty that glassnet names explicitly
DEPRECATED_IN_SKLEARN = {("LogisticRegression", "penalty"): "l2"}

GLASSNET_ONLY = {
    "LinearRegression": dict(solver="normal", learning_rate=0.01, gd_tol=1e-8, max_iter=1000, batch_size=None,
                             shuffle=True, random_state=None, record_path=False),
    "LogisticRegression": dict(record_path=False),
    "SGDRegressor": dict(record_path=False),
}


@pytest.mark.parametrize("name", NAMES)
def test_defaults_shared_with_scikit_learn_are_equal(name):
    mine = getattr(ours, name)().get_params()
    reference = getattr(theirs, name)().get_params()
    shared = set(mine) & set(reference)
    assert len(shared) >= 4
    for key in sorted(shared):
        expected = DEPRECATED_IN_SKLEARN.get((name, key), reference[key])
        assert mine[key] == expected, f"{name}({key}=...) defaults to {mine[key]!r}, scikit-learn to {expected!r}"


@pytest.mark.parametrize("name", sorted(GLASSNET_ONLY))
def test_glassnet_only_parameters_have_their_documented_defaults(name):
    mine = getattr(ours, name)().get_params()
    assert {key: mine[key] for key in GLASSNET_ONLY[name]} == GLASSNET_ONLY[name]
    assert set(mine) - set(getattr(theirs, name)().get_params()) == set(GLASSNET_ONLY[name])


def test_lasso_is_elastic_net_with_l1_ratio_one():
    assert ours.Lasso().l1_ratio == 1.0
    assert ours.Lasso(alpha=0.3).get_params()["alpha"] == 0.3


def test_perceptron_is_sgd_with_the_perceptron_loss_and_a_constant_step():
    import numpy as np
    rng = np.random.RandomState(0)
    X = rng.normal(size=(40, 3))
    y = (X[:, 0] - X[:, 1] + 0.3 * rng.normal(size=40) > 0).astype(int)
    perceptron = ours.Perceptron(eta0=0.7, max_iter=5, tol=None, random_state=1).fit(X, y)
    sgd = ours.SGDClassifier(loss="perceptron", learning_rate="constant", eta0=0.7, penalty=None, max_iter=5,
                             tol=None, random_state=1).fit(X, y)
    assert perceptron.loss == "perceptron"
    np.testing.assert_array_equal(perceptron.coef_, sgd.coef_)
    np.testing.assert_array_equal(perceptron.intercept_, sgd.intercept_)
    assert np.abs(perceptron.coef_).sum() > 0
