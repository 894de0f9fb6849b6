"""TruePositives ... FalseNegatives and AUC: Keras's documented values, scikit-learn's areas, in training."""
from __future__ import annotations

import numpy as np
import pytest
from sklearn.metrics import average_precision_score, roc_auc_score

import glassnet as keras
from glassnet import metrics

Y_TRUE = [0, 1, 1, 1]
Y_PRED = [1, 0, 1, 1]


@pytest.mark.parametrize("cls, expected, weighted", [
    (metrics.TruePositives, 2.0, 1.0), (metrics.FalsePositives, 1.0, 0.0),
    (metrics.TrueNegatives, 0.0, 0.0), (metrics.FalseNegatives, 1.0, 0.0)])
def test_counts_follow_keras_examples(cls, expected, weighted):
    m = cls()
    m.update_state(Y_TRUE, Y_PRED)
    assert m.result() == expected
    m.reset_state()
    m.update_state(Y_TRUE, Y_PRED, sample_weight=[0, 0, 1, 0])
    assert m.result() == weighted


def test_counts_accumulate_and_take_a_list_of_thresholds():
    m = metrics.TruePositives(thresholds=[0.1, 0.5, 0.9])
    m.update_state([1, 1, 1], [0.2, 0.6, 0.95])
    m.update_state([1, 0], [0.7, 0.99])
    np.testing.assert_array_equal(m.result(), [4, 3, 1])
    with pytest.raises(ValueError, match="thresholds must be in \\[0, 1\\]"):
        metrics.FalseNegatives(thresholds=2.0)


def test_auc_matches_the_keras_documentation_example():
    m = metrics.AUC(num_thresholds=3)
    m.update_state([0, 0, 1, 1], [0, 0.5, 0.3, 0.9])
    assert m.result() == pytest.approx(0.75)


def test_auc_approaches_scikit_learn_as_thresholds_grow():
    rng = np.random.default_rng(0)
    y = rng.integers(0, 2, size=500)
    p = np.clip(0.3 * y + rng.uniform(0, 0.7, size=500), 0, 1)
    exact = roc_auc_score(y, p)
    coarse, fine = metrics.AUC(), metrics.AUC(num_thresholds=5000)
    for m in (coarse, fine):
        m.update_state(y[:250], p[:250])
        m.update_state(y[250:], p[250:])
    assert abs(coarse.result() - exact) < 5e-3 and abs(fine.result() - exact) < 5e-4
    pr = metrics.AUC(curve="PR", num_thresholds=5000)
    pr.update_state(y, p)
    assert abs(pr.result() - average_precision_score(y, p)) < 2e-2
    lower, upper = metrics.AUC(summation_method="minoring"), metrics.AUC(summation_method="majoring")
    lower.update_state(y, p)
    upper.update_state(y, p)
    assert lower.result() <= coarse.result() <= upper.result()


def test_auc_from_logits_and_multi_label():
    rng = np.random.default_rng(1)
    y = rng.integers(0, 2, size=(300, 2))
    logits = 2.0 * y + rng.normal(size=(300, 2))
    m = metrics.AUC(from_logits=True, multi_label=True, num_thresholds=2000)
    m.update_state(y, logits)
    expected = np.mean([roc_auc_score(y[:, k], logits[:, k]) for k in range(2)])
    assert abs(m.result() - expected) < 2e-3


def test_compile_by_name_reports_auc_and_it_improves_with_training():
    keras.utils.set_random_seed(0)
    rng = np.random.default_rng(0)
    x = rng.normal(size=(256, 4)).astype("float32")
    y = (x[:, :1] - x[:, 1:2] > 0).astype("float32")
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1, activation="sigmoid")])
    model.compile(optimizer=keras.optimizers.SGD(0.5), loss="binary_crossentropy",
                  metrics=["auc", keras.metrics.TruePositives(name="tp")])
    history = model.fit(x, y, epochs=5, batch_size=32, verbose=0)
    assert history.history["auc"][-1] > history.history["auc"][0] and history.history["auc"][-1] > 0.9
    assert history.history["tp"][-1] > 0
    assert isinstance(metrics.get("auc"), metrics.AUC)
    again = metrics.deserialize(metrics.serialize(metrics.AUC(curve="PR", num_thresholds=50)))
    assert again.curve == "PR" and again.num_thresholds == 50
