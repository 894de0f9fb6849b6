"""BernoulliRBM: scikit-learn's contract and check_estimator, learning, and the digits pipeline."""
import numpy as np
import pytest

from threadpoolctl import threadpool_limits

from glassnet.neural_network import BernoulliRBM

sklearn = pytest.importorskip("sklearn")
from sklearn.utils.estimator_checks import check_estimator  # noqa: E402


def test_check_estimator():
    check_estimator(BernoulliRBM(n_components=8, n_iter=3, random_state=0))


def _digits():
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split
    X, y = load_digits(return_X_y=True)
    X = (X - X.min(0)) / np.maximum(X.max(0) - X.min(0), 1e-4)
    return train_test_split(X, y, test_size=0.2, random_state=0)


def test_training_raises_the_pseudo_likelihood_and_learns_features():
    X_train, *_ = _digits()
    untrained = BernoulliRBM(n_components=32, n_iter=0, random_state=0).fit(X_train)
    rbm = BernoulliRBM(n_components=32, learning_rate=0.06, n_iter=10, random_state=0).fit(X_train)
    assert rbm.score_samples(X_train).mean() > untrained.score_samples(X_train).mean() + 5
    assert rbm.components_.shape == (32, 64) and rbm.h_samples_.shape == (10, 32)
    h = rbm.transform(X_train[:5])
    assert h.shape == (5, 32) and np.all((h >= 0) & (h <= 1))
    assert set(np.unique(rbm.gibbs(X_train[:5]))) <= {0.0, 1.0}


def test_partial_fit_moves_the_weights():
    X_train, *_ = _digits()
    rbm = BernoulliRBM(n_components=16, random_state=0).partial_fit(X_train[:10])
    before = rbm.components_.copy()
    rbm.partial_fit(X_train[10:20])
    assert not np.allclose(before, rbm.components_)


def test_pipeline_on_digits_within_one_point_of_scikit_learn():
    from sklearn.linear_model import LogisticRegression
    from sklearn.neural_network import BernoulliRBM as SkRBM
    from sklearn.pipeline import Pipeline
    X_train, X_test, y_train, y_test = _digits()
    params = dict(n_components=100, learning_rate=0.06, n_iter=10, random_state=0)
    scores = []
    with threadpool_limits(1):   # many BLAS threads on a busy machine make lbfgs minutes slower
        for rbm in (BernoulliRBM(**params), SkRBM(**params)):
            model = Pipeline([("rbm", rbm), ("logistic", LogisticRegression(C=100, max_iter=1000))])
            scores.append(model.fit(X_train, y_train).score(X_test, y_test))
    assert scores[0] > 0.9
    assert abs(scores[0] - scores[1]) <= 0.01, scores
