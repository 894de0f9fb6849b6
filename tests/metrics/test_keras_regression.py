"""glassnet.metrics._keras_regression: the per-sample Keras scores against their loss twins and formulas,
running Sum, and R2Score against scikit-learn's r2_score."""
import numpy as np
import pytest

import glassnet as keras
from glassnet import losses, metrics

RNG = np.random.default_rng(11)
Y = RNG.uniform(0, 1, size=(40, 3))
P = RNG.uniform(0.05, 1, size=(40, 3))
ONEHOT = np.eye(3)[RNG.integers(0, 3, size=40)]
SCORES = RNG.normal(size=(40, 3))


@pytest.mark.parametrize("metric, loss, y, p", [
    (metrics.Hinge, losses.hinge, (Y > 0.5).astype(float), SCORES),
    (metrics.SquaredHinge, losses.squared_hinge, (Y > 0.5).astype(float), SCORES),
    (metrics.CategoricalHinge, losses.categorical_hinge, ONEHOT, SCORES),
    (metrics.KLDivergence, losses.kl_divergence, Y / Y.sum(1, keepdims=True), P / P.sum(1, keepdims=True)),
    (metrics.Poisson, losses.poisson, Y, P),
    (metrics.LogCoshError, losses.log_cosh, Y, SCORES),
    (metrics.MeanSquaredLogarithmicError, losses.mean_squared_logarithmic_error, Y, P),
], ids=lambda v: getattr(v, "__name__", ""))
def test_metric_is_the_running_mean_of_the_keras_loss(metric, loss, y, p):
    m = metric()
    m.update_state(y[:25], p[:25])
    m.update_state(y[25:], p[25:])        # two batches of different sizes: the mean of all 40 samples
    expected = float(np.mean(np.asarray(loss(y, p))))
    assert float(m.result()) == pytest.approx(expected, rel=1e-6)


def test_cosine_similarity_metric_is_the_positive_cosine():
    m = metrics.CosineSimilarity()
    a, b = np.array([[1.0, 0.0], [1.0, 1.0]]), np.array([[2.0, 0.0], [-1.0, -1.0]])
    assert float(m(a, b)) == pytest.approx(0.0)          # cosines 1 and −1
    assert float(metrics.CosineSimilarity()(a[:1], b[:1])) == pytest.approx(1.0)


def test_sum_adds_weighted_values():
    s = metrics.Sum()
    s.update_state([1.0, 2.0, 3.0])
    s.update_state([10.0], sample_weight=[0.5])
    assert float(s.result()) == 11.0
    s.reset_state()
    assert float(s.result()) == 0.0


@pytest.mark.parametrize("aggregation, multioutput", [("uniform_average", "uniform_average"),
                                                      ("variance_weighted_average", "variance_weighted"),
                                                      (None, "raw_values")])
def test_r2_score_equals_scikit_learn_over_several_batches(aggregation, multioutput):
    sk = pytest.importorskip("sklearn.metrics")
    truth = RNG.normal(size=(60, 2)) * [1.0, 5.0]
    guess = truth + RNG.normal(size=(60, 2))
    weight = RNG.uniform(0.5, 2, size=60)
    m = metrics.R2Score(class_aggregation=aggregation)
    for part in (slice(0, 17), slice(17, 60)):
        m.update_state(truth[part], guess[part], sample_weight=weight[part])
    np.testing.assert_allclose(m.result(), sk.r2_score(truth, guess, sample_weight=weight, multioutput=multioutput),
                               rtol=1e-10)


def test_adjusted_r2_uses_the_number_of_regressors():
    truth = RNG.normal(size=30)
    guess = truth + 0.3 * RNG.normal(size=30)
    plain = float(metrics.R2Score()(truth, guess))
    adjusted = float(metrics.R2Score(num_regressors=4)(truth, guess))
    assert adjusted == pytest.approx(1 - (1 - plain) * 29 / 25)


def test_found_by_name_in_compile_and_tracked_during_fit():
    x = RNG.normal(size=(64, 3)).astype("float32")
    y = (x @ np.array([[1.0], [-2.0], [0.5]])).astype("float32")
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)])
    model.compile("sgd", "mse", metrics=["msle", "logcosh", keras.metrics.R2Score()])
    history = model.fit(x, y, epochs=3, verbose=0).history
    assert {"msle", "logcosh", "r2_score"} <= set(history)
    assert history["r2_score"][-1] > history["r2_score"][0]
