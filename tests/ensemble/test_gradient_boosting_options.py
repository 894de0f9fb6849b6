"""Gradient boosting's other losses, early stopping, out-of-bag estimates, init and verbose."""
import numpy as np
import pytest
from sklearn import ensemble as sk_ensemble
from sklearn.datasets import load_diabetes, make_classification
from sklearn.linear_model import LinearRegression as SkLinearRegression

from glassnet.ensemble import GradientBoostingClassifier, GradientBoostingRegressor
from glassnet.linear_model import LinearRegression

X, Y = load_diabetes(return_X_y=True)


def test_quantile_models_bracket_the_data():
    low = GradientBoostingRegressor(loss="quantile", alpha=0.05, random_state=0).fit(X[:300], Y[:300])
    high = GradientBoostingRegressor(loss="quantile", alpha=0.95, random_state=0).fit(X[:300], Y[:300])
    lo, hi = low.predict(X[300:]), high.predict(X[300:])
    assert np.mean(Y[300:] < lo) < 0.15 and np.mean(Y[300:] > hi) < 0.2
    assert np.mean(lo < hi) > 0.95
    assert np.mean(Y[:300] <= low.predict(X[:300])) == pytest.approx(0.05, abs=0.04)


@pytest.mark.parametrize("loss", ["huber", "quantile"])
def test_first_stage_loss_equals_scikit_learns(loss):
    ours = GradientBoostingRegressor(loss=loss, n_estimators=1, random_state=0).fit(X, Y)
    theirs = sk_ensemble.GradientBoostingRegressor(loss=loss, n_estimators=1, random_state=0).fit(X, Y)
    # the quantile loss's pseudo-residuals take two values, so equally good splits tie, and the two
    # libraries' random tie-breaks may pick different ones: equal losses to 0.2 %, not to the digit
    np.testing.assert_allclose(ours.train_score_, theirs.train_score_, rtol=2e-3)
    np.testing.assert_allclose(ours.init_raw_, theirs._raw_predict_init(X[:1])[0])


def test_huber_resists_outliers():
    y = Y.copy()
    y[::20] += 2000.0                                          # a few wild targets
    clean = np.ones(len(y), bool)
    clean[::20] = False
    squared = GradientBoostingRegressor(random_state=0).fit(X, y).predict(X)
    huber = GradientBoostingRegressor(loss="huber", random_state=0).fit(X, y).predict(X)
    assert np.mean(np.abs(huber - Y)[clean]) < np.mean(np.abs(squared - Y)[clean])


def test_early_stopping_equals_scikit_learns():
    params = dict(n_estimators=500, n_iter_no_change=5, random_state=0)
    ours = GradientBoostingRegressor(**params).fit(X, Y)
    theirs = sk_ensemble.GradientBoostingRegressor(**params).fit(X, Y)
    assert ours.n_estimators_ == theirs.n_estimators_ < 100
    assert ours.estimators_.shape == (ours.n_estimators_, 1) and len(ours.train_score_) == ours.n_estimators_
    np.testing.assert_allclose(ours.predict(X), theirs.predict(X), rtol=1e-9)
    Xc, yc = make_classification(400, 8, n_informative=4, n_classes=3, random_state=0)
    ours = GradientBoostingClassifier(**params).fit(Xc, yc)
    theirs = sk_ensemble.GradientBoostingClassifier(**params).fit(Xc, yc)
    assert ours.n_estimators_ == theirs.n_estimators_ < 500


def test_out_of_bag_estimates_track_the_held_out_loss():
    model = GradientBoostingRegressor(subsample=0.5, n_estimators=60, random_state=0).fit(X, Y)
    assert model.oob_scores_.shape == model.oob_improvement_.shape == (60,)
    assert model.oob_score_ == model.oob_scores_[-1]
    np.testing.assert_allclose(model.oob_improvement_[1:], -np.diff(model.oob_scores_))
    assert model.oob_improvement_.sum() > 0 and model.oob_improvement_[:10].mean() > 0   # boosting helps
    assert model.oob_scores_[-10:].mean() < model.oob_scores_[:10].mean()
    assert model.oob_scores_[-1] > model.train_score_[-1]        # out of bag is harder than in bag
    assert not hasattr(GradientBoostingRegressor(n_estimators=5).fit(X, Y), "oob_scores_")


def test_init_zero_and_init_estimator_as_scikit_learn():
    ours = GradientBoostingRegressor(init="zero", n_estimators=20).fit(X, Y)
    theirs = sk_ensemble.GradientBoostingRegressor(init="zero", n_estimators=20).fit(X, Y)
    np.testing.assert_allclose(ours.predict(X), theirs.predict(X), rtol=1e-9)
    ours = GradientBoostingRegressor(init=LinearRegression(), n_estimators=20).fit(X, Y)
    theirs = sk_ensemble.GradientBoostingRegressor(init=SkLinearRegression(), n_estimators=20).fit(X, Y)
    np.testing.assert_allclose(ours.predict(X), theirs.predict(X), rtol=1e-6)
    with pytest.raises(ValueError, match="init"):
        GradientBoostingRegressor(init="mean").fit(X, Y)


def test_verbose_prints_the_loss_table(capsys):
    GradientBoostingRegressor(n_estimators=12, verbose=1).fit(X, Y)
    lines = capsys.readouterr().out.splitlines()
    assert "Train Loss" in lines[0]
    assert [line.split()[0] for line in lines[1:]] == [str(i) for i in range(1, 11)]


def test_bad_options_are_named():
    with pytest.raises(ValueError, match="alpha"):
        GradientBoostingRegressor(loss="quantile", alpha=1.5).fit(X, Y)
    with pytest.raises(ValueError, match="n_iter_no_change"):
        GradientBoostingRegressor(n_iter_no_change=0).fit(X, Y)
    with pytest.raises(ValueError, match="validation_fraction"):
        GradientBoostingRegressor(n_iter_no_change=2, validation_fraction=1.0).fit(X, Y)
    with pytest.raises(ValueError, match="warm_start"):
        GradientBoostingRegressor(warm_start=True).fit(X, Y)


@pytest.mark.parametrize("params", [dict(max_leaf_nodes=4, max_depth=None), dict(ccp_alpha=50.0),
                                    dict(min_weight_fraction_leaf=0.1)])
def test_tree_limits_equal_scikit_learns(params):
    ours = GradientBoostingRegressor(random_state=0, n_estimators=20, **params).fit(X, Y)
    theirs = sk_ensemble.GradientBoostingRegressor(random_state=0, n_estimators=20, **params).fit(X, Y)
    np.testing.assert_allclose(ours.predict(X), theirs.predict(X), rtol=1e-9)
    full = GradientBoostingRegressor(random_state=0, n_estimators=20, max_depth=None if "max_leaf_nodes" in params
                                     else 3).fit(X, Y)
    nodes = lambda model: sum(member.tree_.node_count for member in model.estimators_[:, 0])
    assert nodes(ours) < nodes(full)
