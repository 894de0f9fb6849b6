"""GaussianMixture: scikit-learn's contract and likelihoods, EM's promises, clear errors."""
import warnings

import numpy as np
import pytest

from glassnet.exceptions import ConvergenceWarning, NotFittedError
from glassnet.mixture import GaussianMixture

sklearn = pytest.importorskip("sklearn")
from sklearn.datasets import load_iris, load_wine  # noqa: E402
from sklearn.mixture import GaussianMixture as SkGMM  # noqa: E402
from sklearn.utils.estimator_checks import check_estimator  # noqa: E402

EXPECTED_FAILED_CHECKS = {}


def test_check_estimator():
    check_estimator(GaussianMixture(), expected_failed_checks=EXPECTED_FAILED_CHECKS)


@pytest.mark.parametrize("covariance_type", ["full", "tied", "diag", "spherical"])
@pytest.mark.parametrize("init_params", ["kmeans", "random"])
def test_matches_sklearn(covariance_type, init_params):
    X = load_iris(return_X_y=True)[0]
    params = dict(n_components=3, covariance_type=covariance_type, init_params=init_params,
                  n_init=2, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", category=Warning)
        ours = GaussianMixture(**params).fit(X)
        theirs = SkGMM(**params).fit(X)
    # the same random draws give the same start, so EM walks the same path
    assert ours.lower_bound_ == pytest.approx(theirs.lower_bound_, rel=1e-9)
    assert ours.n_iter_ == theirs.n_iter_
    assert ours.bic(X) == pytest.approx(theirs.bic(X), rel=1e-9)
    assert ours.aic(X) == pytest.approx(theirs.aic(X), rel=1e-9)
    np.testing.assert_allclose(ours.score_samples(X), theirs.score_samples(X), rtol=1e-8)
    # components may come out in another order: compare them sorted by their first mean coordinate
    a, b = np.argsort(ours.means_[:, 0]), np.argsort(theirs.means_[:, 0])
    np.testing.assert_allclose(ours.means_[a], theirs.means_[b], rtol=1e-7)
    np.testing.assert_allclose(ours.weights_[a], theirs.weights_[b], rtol=1e-7)
    np.testing.assert_allclose(ours.predict_proba(X)[:, a], theirs.predict_proba(X)[:, b], atol=1e-7)
    if covariance_type in ("full", "diag", "spherical"):
        np.testing.assert_allclose(ours.covariances_[a], theirs.covariances_[b], rtol=1e-6)
        np.testing.assert_allclose(ours.precisions_[a], theirs.precisions_[b], rtol=1e-6)
    else:
        np.testing.assert_allclose(ours.covariances_, theirs.covariances_, rtol=1e-6)


def test_em_never_lowers_the_likelihood_and_recovers_the_mixture():
    rng = np.random.RandomState(0)
    X = np.vstack([rng.normal([0, 0], 0.5, size=(300, 2)), rng.normal([5, 5], 1.0, size=(100, 2))])
    model = GaussianMixture(2, tol=1e-8, max_iter=500, random_state=0).fit(X)
    assert model.converged_
    assert np.all(np.diff(model.lower_bounds_) >= -1e-12)
    order = np.argsort(model.means_[:, 0])
    np.testing.assert_allclose(model.weights_[order], [0.75, 0.25], atol=0.02)
    np.testing.assert_allclose(model.means_[order], [[0, 0], [5, 5]], atol=0.2)
    np.testing.assert_allclose(model.predict_proba(X).sum(axis=1), 1.0)
    samples, labels = model.sample(2000)
    assert samples.shape == (2000, 2) and set(labels) == {0, 1}
    assert abs(np.mean(labels == order[0]) - 0.75) < 0.05
    # more components never fit worse, but BIC pays for the parameters
    assert GaussianMixture(1).fit(X).bic(X) > model.bic(X)


def test_warm_start_and_convergence_warning():
    X = load_wine(return_X_y=True)[0]
    with pytest.warns(ConvergenceWarning, match="did not converge"):
        model = GaussianMixture(2, covariance_type="diag", max_iter=1, warm_start=True, random_state=0).fit(X)
    before = model.lower_bound_
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        model.fit(X)
    assert model.lower_bound_ >= before


def test_bad_input():
    X = load_iris(return_X_y=True)[0]
    with pytest.raises(NotFittedError):
        GaussianMixture().predict(X)
    with pytest.raises(ValueError, match="covariance_type"):
        GaussianMixture(covariance_type="banded").fit(X)
    with pytest.raises(ValueError, match="init_params"):
        GaussianMixture(init_params="spectral").fit(X)
    with pytest.raises(ValueError, match="n_samples >= n_components"):
        GaussianMixture(5).fit(X[:3])
    with pytest.raises(ValueError, match="means_init must have shape"):
        GaussianMixture(2, means_init=np.zeros((3, 4))).fit(X)
    with pytest.raises(ValueError, match="NaN"):
        GaussianMixture().fit(np.where(X > 7, np.nan, X))
    with pytest.raises(ValueError, match="ill-defined empirical covariance"):
        GaussianMixture(2, reg_covar=0, init_params="random_from_data", random_state=0).fit(
            np.repeat(X[:2], 10, axis=0))


def test_verbose_reports_each_start_and_the_likelihood_changes(capsys):
    from sklearn.datasets import load_iris
    X, _ = load_iris(return_X_y=True)
    quiet = GaussianMixture(3, random_state=0).fit(X)
    assert capsys.readouterr().out == ""
    loud = GaussianMixture(3, random_state=0, n_init=2, verbose=2, verbose_interval=2).fit(X)
    out = capsys.readouterr().out
    assert "Initialization 0" in out and "Initialization 1" in out
    assert "Iteration 2" in out and "ll change" in out
    assert "converged" in out
    np.testing.assert_allclose(loud.means_, GaussianMixture(3, random_state=0, n_init=2).fit(X).means_)
    assert quiet.converged_
