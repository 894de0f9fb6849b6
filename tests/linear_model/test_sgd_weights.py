"""sample_weight and class_weight in SGDClassifier, SGDRegressor and Perceptron.

A weight c multiplies the sample's gradient step (not the weight decay, not the loss of the stopping
rule), as in scikit-learn: without shuffling both libraries make the same updates, so the weighted
coefficients must be scikit-learn's to rounding, on the fast path (blocks, one by one) and in the
lesson's loop (L1 penalty)."""
import re
import warnings

import numpy as np
import pytest

import glassnet.linear_model as ours
from glassnet.linear_model import Perceptron, SGDClassifier, SGDRegressor

theirs = pytest.importorskip("sklearn.linear_model")

RNG = np.random.RandomState(0)
X = 3.0 * RNG.normal(size=(40, 3))
Y_BINARY = (X[:, 0] - X[:, 1] + 2.0 * RNG.normal(size=40) > 0).astype(int)
Y_THREE = np.digitize(X[:, 0] + RNG.normal(size=40), [-1.0, 1.5])
Y_REAL = X @ np.array([1.0, -2.0, 0.5]) + RNG.normal(size=40)
WEIGHTS = RNG.uniform(0.0, 3.0, size=40)


def _fit_both(name, y, fit_kwargs, **kwargs):
    kwargs = dict(dict(shuffle=False, max_iter=3, tol=None), **kwargs)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        mine = getattr(ours, name)(**kwargs).fit(X, y, **fit_kwargs)
        reference = getattr(theirs, name)(**kwargs).fit(X, y, **fit_kwargs)
    return mine, reference


def _assert_same(mine, reference):
    # to rounding; log_loss's stable formulas differ from scikit-learn's in the last digits at large margins,
    # which grow to ~1e-8 of the largest coefficient after a few epochs
    scale = max(1.0, np.abs(reference.coef_).max())
    np.testing.assert_allclose(mine.coef_, reference.coef_, rtol=1e-7, atol=1e-8 * scale)
    np.testing.assert_allclose(mine.intercept_, reference.intercept_, rtol=1e-7, atol=1e-8 * scale)
    assert mine.n_iter_ == reference.n_iter_


def _unweighted(name, y, **kwargs):
    kwargs = dict(dict(shuffle=False, max_iter=3, tol=None), **kwargs)
    kwargs.pop("class_weight", None)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return getattr(ours, name)(**kwargs).fit(X, y)


@pytest.mark.parametrize("loss", ["hinge", "log_loss", "perceptron", "squared_error", "modified_huber"])
@pytest.mark.parametrize("y", [Y_BINARY, Y_THREE], ids=["binary", "three-classes"])
@pytest.mark.parametrize("penalty", ["l2", "l1"])
def test_classifier_sample_weight_is_sklearns(loss, y, penalty):
    mine, reference = _fit_both("SGDClassifier", y, dict(sample_weight=WEIGHTS), loss=loss, penalty=penalty,
                                learning_rate="invscaling", eta0=0.1)
    _assert_same(mine, reference)
    # and the weights changed the answer
    plain = _unweighted("SGDClassifier", y, loss=loss, penalty=penalty, learning_rate="invscaling", eta0=0.1)
    assert np.abs(plain.coef_ - mine.coef_).max() > 1e-3


@pytest.mark.parametrize("class_weight", ["balanced", {1: 10.0}, {0: 0.5, 1: 3.0}])
@pytest.mark.parametrize("y", [Y_BINARY, Y_THREE], ids=["binary", "three-classes"])
@pytest.mark.parametrize("loss", ["hinge", "log_loss"])
def test_classifier_class_weight_is_sklearns(class_weight, y, loss):
    mine, reference = _fit_both("SGDClassifier", y, {}, loss=loss, class_weight=class_weight)
    _assert_same(mine, reference)
    assert np.abs(_unweighted("SGDClassifier", y, loss=loss).coef_ - mine.coef_).max() > 1e-3


def test_class_and_sample_weight_multiply_as_in_sklearn():
    _assert_same(*_fit_both("SGDClassifier", Y_THREE, dict(sample_weight=WEIGHTS), class_weight="balanced"))


@pytest.mark.parametrize("kwargs", [dict(), dict(penalty="elasticnet", alpha=0.01), dict(loss="huber", epsilon=1.0),
                                    dict(learning_rate="constant", eta0=0.01)])
def test_regressor_sample_weight_is_sklearns(kwargs):
    mine, reference = _fit_both("SGDRegressor", Y_REAL, dict(sample_weight=WEIGHTS), **kwargs)
    _assert_same(mine, reference)
    assert np.abs(_unweighted("SGDRegressor", Y_REAL, **kwargs).coef_ - mine.coef_).max() > 1e-3


@pytest.mark.parametrize("y", [Y_BINARY, Y_THREE], ids=["binary", "three-classes"])
def test_perceptron_weights_are_sklearns(y):
    # stops by the (unweighted) mean loss, as scikit-learn: the same number of epochs
    mine, reference = _fit_both("Perceptron", y, dict(sample_weight=WEIGHTS), class_weight="balanced",
                                max_iter=1000, tol=1e-3)
    _assert_same(mine, reference)


def test_stopping_rule_sees_the_unweighted_loss_as_sklearn():
    mine, reference = _fit_both("SGDClassifier", Y_BINARY, dict(sample_weight=WEIGHTS), loss="log_loss",
                                penalty=None, learning_rate="constant", eta0=0.01, max_iter=300, tol=1e-4)
    _assert_same(mine, reference)
    assert 3 < mine.n_iter_ < 300


def test_partial_fit_weights_are_sklearns():
    kwargs = dict(shuffle=False, class_weight={2: 4.0})
    mine, reference = SGDClassifier(**kwargs), theirs.SGDClassifier(**kwargs)
    for model in (mine, reference):
        model.partial_fit(X[:20], Y_THREE[:20], classes=[0, 1, 2], sample_weight=WEIGHTS[:20])
        model.partial_fit(X[20:], Y_THREE[20:], sample_weight=WEIGHTS[20:])
    np.testing.assert_allclose(mine.coef_, reference.coef_, rtol=1e-7, atol=1e-10)
    regressors = SGDRegressor(shuffle=False), theirs.SGDRegressor(shuffle=False)
    for model in regressors:
        model.partial_fit(X, Y_REAL, sample_weight=WEIGHTS)
    np.testing.assert_allclose(regressors[0].coef_, regressors[1].coef_, rtol=1e-7, atol=1e-10)


def test_weight_two_is_close_to_a_duplicated_row():
    """SGD with small steps ends near the minimiser of Σ c_i L_i: weight 2 and a copy of the row agree
    (not exactly: a copy takes its step from other weights), and both differ from no weights."""
    rng = np.random.RandomState(0)
    n = 200
    X2 = rng.normal(size=(n, 3))
    group = np.arange(n) < 60                 # a group that follows another line
    y = np.where(group, X2 @ [2.0, 0.0, 1.0] + 3.0, X2 @ [-1.0, 1.0, 0.0]) + 0.1 * rng.normal(size=n)
    kwargs = dict(penalty=None, max_iter=300, tol=None, learning_rate="invscaling", eta0=0.01, power_t=0.5,
                  random_state=0)
    weighted = SGDRegressor(**kwargs).fit(X2, y, sample_weight=np.where(group, 2.0, 1.0))
    copied = SGDRegressor(**kwargs).fit(np.vstack([X2, X2[group]]), np.concatenate([y, y[group]]))
    plain = SGDRegressor(**kwargs).fit(X2, y)
    theta = lambda m: np.r_[m.coef_, m.intercept_]  # noqa: E731
    design = np.column_stack([X2, np.ones(n)]) * np.sqrt(np.where(group, 2.0, 1.0))[:, None]
    least_squares = np.linalg.lstsq(design, y * np.sqrt(np.where(group, 2.0, 1.0)), rcond=None)[0]
    np.testing.assert_allclose(theta(weighted), theta(copied), atol=0.02)
    np.testing.assert_allclose(theta(weighted), least_squares, atol=0.02)
    assert np.abs(theta(plain) - least_squares).max() > 0.3


def test_class_weight_two_is_close_to_duplicating_the_class():
    rng = np.random.RandomState(0)
    X2 = rng.normal(size=(200, 2))
    y = (X2[:, 0] + 0.8 * rng.normal(size=200) > 0.7).astype(int)
    kwargs = dict(loss="log_loss", penalty=None, max_iter=300, tol=None, learning_rate="invscaling", eta0=0.05,
                  random_state=0)
    weighted = SGDClassifier(class_weight={1: 2.0}, **kwargs).fit(X2, y)
    by_sample = SGDClassifier(**kwargs).fit(X2, y, sample_weight=np.where(y == 1, 2.0, 1.0))
    copied = SGDClassifier(**kwargs).fit(np.vstack([X2, X2[y == 1]]), np.concatenate([y, y[y == 1]]))
    plain = SGDClassifier(**kwargs).fit(X2, y)
    np.testing.assert_array_equal(weighted.coef_, by_sample.coef_)
    np.testing.assert_allclose(weighted.intercept_, copied.intercept_, atol=0.1)
    np.testing.assert_allclose(weighted.coef_, copied.coef_, atol=0.1)
    assert weighted.intercept_[0] - plain.intercept_[0] > 0.4     # the rare class 1 gets more room


def test_zero_weight_is_a_removed_row():
    # constant step, no penalty: a row of weight 0 moves nothing, and nothing else depends on it
    kwargs = dict(penalty=None, learning_rate="constant", eta0=0.01, shuffle=False, max_iter=5, tol=None)
    weights = np.ones(40)
    weights[::3] = 0.0
    for model in (SGDClassifier(**kwargs), Perceptron(**{k: v for k, v in kwargs.items() if k != "learning_rate"})):
        weighted = model.fit(X, Y_THREE, sample_weight=weights).coef_.copy()
        removed = model.fit(X[weights > 0], Y_THREE[weights > 0]).coef_
        np.testing.assert_allclose(weighted, removed, rtol=1e-12, atol=1e-12)


def test_balanced_class_weight_helps_the_rare_class():
    """scikit-learn's 'unbalanced classes' example: 'balanced' weights find more of the rare class."""
    rng = np.random.RandomState(1)
    X2 = np.vstack([rng.normal(size=(500, 2)), 0.5 * rng.normal(size=(25, 2)) + [1.0, 1.0]])
    y = np.r_[np.zeros(500, int), np.ones(25, int)]
    found = {}
    for class_weight in (None, "balanced"):
        model = SGDClassifier(class_weight=class_weight, random_state=0, max_iter=50, tol=None).fit(X2, y)
        found[class_weight] = np.mean(model.predict(X2[y == 1]) == 1)
    assert found["balanced"] > found[None] + 0.3


def test_bad_weights_are_named():
    with pytest.raises(ValueError, match="sample_weight"):
        SGDClassifier().fit(X, Y_BINARY, sample_weight=np.ones(3))
    with pytest.raises(ValueError, match="at least one non-zero"):
        SGDRegressor().fit(X, Y_REAL, sample_weight=np.zeros(40))
    with pytest.raises(ValueError, match="not supported for partial_fit"):
        SGDClassifier(class_weight="balanced").partial_fit(X, Y_BINARY, classes=[0, 1])
    with pytest.raises(ValueError, match=r"\[7\]"):
        Perceptron(class_weight={7: 2.0}).fit(X, Y_BINARY)


def _printed(model, X_, y_, capsys):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model.fit(X_, y_)
    return [line for line in capsys.readouterr().out.splitlines() if "training time" not in line
            and not line.startswith("Convergence after")]      # times differ


@pytest.mark.parametrize("name,y,kwargs", [
    ("SGDClassifier", Y_BINARY, dict(loss="hinge")),                      # in blocks
    ("SGDClassifier", Y_THREE, dict(loss="log_loss", alpha=0.01)),        # one by one, each problem in turn
    ("SGDRegressor", Y_REAL, dict(record_path=True)),                     # the lesson's loop
    ("Perceptron", Y_BINARY, dict())])
def test_verbose_prints_sklearns_epoch_lines(name, y, kwargs, capsys):
    settings = dict(verbose=1, shuffle=False, max_iter=30)
    mine = _printed(getattr(ours, name)(**settings, **kwargs), X, y, capsys)
    kwargs.pop("record_path", None)
    reference = _printed(getattr(theirs, name)(**settings, **kwargs), X, y, capsys)
    assert len(mine) > 4 and mine[0] == "-- Epoch 1" and mine[1].startswith("Norm: ")
    # the same text and numbers, the printed last digit aside (log_loss's rounding, see _assert_same)
    number = r"-?\d+(?:\.\d+)?"
    assert [re.sub(number, "#", line) for line in mine] == [re.sub(number, "#", line) for line in reference]
    values = lambda lines: np.array([float(v) for line in lines for v in re.findall(number, line)])  # noqa: E731
    np.testing.assert_allclose(values(mine), values(reference), rtol=1e-6, atol=2e-6)


def test_quiet_by_default(capsys):
    SGDClassifier(max_iter=5, tol=None).fit(X, Y_THREE)
    assert capsys.readouterr().out == ""


def test_early_stopping_scores_the_validation_set_with_the_weights():
    rng = np.random.RandomState(0)
    X2 = rng.normal(size=(300, 2))
    y = (X2[:, 0] > 0).astype(int)
    weights = np.ones(300)
    only_first = np.zeros(300)
    only_first[0] = 1.0                                     # row 0 is a training row with random_state=0
    with pytest.raises(ValueError, match="validation set are all zero"):
        SGDClassifier(early_stopping=True, random_state=0).fit(X2, y, sample_weight=only_first)
    # validation rows of weight 0 do not count: the validation score must see the weighted rows only
    seen = []
    model = SGDRegressor(early_stopping=True, random_state=0, max_iter=3, tol=None)
    original = model._train

    def spy(*args, validation=None, **kwargs):
        seen.append(validation)
        return original(*args, validation=validation, **kwargs)
    model._train = spy
    y_real = X2 @ [1.0, -1.0]
    model.fit(X2, y_real, sample_weight=weights)
    w, b = np.array([[1.0, -1.0]]), np.array([0.0])
    assert seen[0](w, b) == pytest.approx(1.0)                  # the true line scores R² = 1
    weights[rng.permutation(300)[:150]] = 0.0
    noisy = y_real + np.where(weights == 0, 50.0 * rng.normal(size=300), 0.0)
    seen.clear()
    model.fit(X2, noisy, sample_weight=weights)
    assert seen[0](w, b) == pytest.approx(1.0)                  # the noisy rows weigh 0 in the score


@pytest.mark.parametrize("name,y", [("SGDClassifier", Y_THREE), ("Perceptron", Y_BINARY), ("SGDRegressor", Y_REAL)])
def test_weighted_fits_keep_the_blocks(monkeypatch, name, y):
    """The weight scales the block's steps, so weighted hinge, perceptron and squared error stay in blocks."""
    from glassnet.linear_model import _sgd_fast as fast

    def refuse(*args, **kwargs):
        raise AssertionError("the per-sample loop ran")
    monkeypatch.setattr(fast, "_one_by_one", refuse)
    weighted = getattr(ours, name)(random_state=0, max_iter=5, tol=None).fit(X, y, sample_weight=WEIGHTS)
    plain = getattr(ours, name)(random_state=0, max_iter=5, tol=None).fit(X, y)
    assert np.abs(weighted.coef_ - plain.coef_).max() > 1e-3
