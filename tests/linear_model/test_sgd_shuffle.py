"""SGD visits the samples in scikit-learn's shuffled order, so shuffled fits give scikit-learn's coefficients."""
import warnings

import numpy as np
import pytest

import glassnet.linear_model as ours
from glassnet.linear_model._sgd_shuffle import epoch_orders, shuffle_permutation, swaps_result, xorshift_outputs

sklm = pytest.importorskip("sklearn.linear_model")


def _xorshift_by_hand(seed: int, count: int) -> list[int]:
    s = seed or 1
    out = []
    for _ in range(count):
        s ^= (s << 13) & 0xFFFFFFFF
        s ^= s >> 17
        s ^= (s << 5) & 0xFFFFFFFF
        out.append(s % 2 ** 31)
    return out


@pytest.mark.parametrize("seed,count", [(0, 5), (1, 1000), (123456789, 1537), (2 ** 31 - 2, 3)])
def test_xorshift_lanes_give_the_sequential_stream(seed, count):
    assert xorshift_outputs(seed, count).tolist() == _xorshift_by_hand(seed, count)


def test_swaps_without_a_loop_equal_the_swaps_one_by_one():
    rng = np.random.default_rng(0)
    for n in (1, 2, 3, 7, 40, 500):
        for trial in range(30):
            steps = np.arange(n)
            # random partners, and partners that are mostly the step itself or the next one (long chains)
            partners = steps + rng.integers(0, 2 ** 31, n) % (n - steps) if trial % 2 else \
                np.minimum(steps + rng.integers(0, 2, n), n - 1)
            index = list(range(n))
            for i, j in enumerate(partners.tolist()):
                index[i], index[j] = index[j], index[i]
            assert swaps_result(partners).tolist() == index


def test_epoch_orders_are_scikit_learns_shuffles():
    from sklearn.utils._seq_dataset import ArrayDataset64
    n = 301
    for seed in (0, 7, 2 ** 31 - 2):
        dataset = ArrayDataset64(np.arange(n, dtype=np.float64)[:, None], np.zeros(n), np.ones(n), seed=1)
        orders = epoch_orders(n, seed)
        for _ in range(3):
            dataset._shuffle_py(seed)
            theirs = [int(dataset._next_py()[-1]) for _ in range(n)]
            assert next(orders).tolist() == theirs
    assert sorted(shuffle_permutation(n, 5).tolist()) == list(range(n))
    assert shuffle_permutation(n, 5).tolist() != list(range(n))
    assert next(epoch_orders(4, None)).tolist() == [0, 1, 2, 3]


RNG = np.random.RandomState(0)
X = RNG.normal(size=(400, 5))
Y_BINARY = (X[:, 0] - X[:, 1] + 0.5 * RNG.normal(size=400) > 0).astype(int)
Y_THREE = np.digitize(X[:, 0] + 0.3 * RNG.normal(size=400), [-0.5, 0.5])
Y_REAL = X @ np.array([1.0, -2.0, 0.5, 0.0, 3.0]) + RNG.normal(size=400)


@pytest.mark.parametrize("name,y,kwargs", [
    ("SGDClassifier", Y_BINARY, dict()),
    ("SGDClassifier", Y_BINARY, dict(loss="log_loss")),
    ("SGDClassifier", Y_THREE, dict()),                        # one order per one-vs-rest problem
    ("SGDClassifier", Y_THREE, dict(penalty="elasticnet")),    # the lesson loop
    ("Perceptron", Y_THREE, dict()),
    ("SGDRegressor", Y_REAL, dict()),
    ("SGDRegressor", Y_REAL, dict(loss="huber")),
], ids=["hinge", "log_loss", "three-classes", "three-elasticnet", "perceptron", "regressor", "huber"])
@pytest.mark.parametrize("random_state", [0, 3])
def test_shuffled_fits_are_scikit_learns(name, y, kwargs, random_state):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        mine = getattr(ours, name)(random_state=random_state, **kwargs).fit(X, y)
        theirs = getattr(sklm, name)(random_state=random_state, **kwargs).fit(X, y)
    scale = np.abs(theirs.coef_).max()
    assert scale > 1e-3
    np.testing.assert_allclose(mine.coef_, theirs.coef_, rtol=1e-8, atol=1e-10 * scale)
    np.testing.assert_allclose(mine.intercept_, theirs.intercept_, rtol=1e-8, atol=1e-10 * scale)
    assert mine.n_iter_ == theirs.n_iter_


def test_a_shared_generator_is_left_where_scikit_learn_leaves_it():
    mine_rng, their_rng = np.random.RandomState(5), np.random.RandomState(5)
    mine = ours.SGDClassifier(random_state=mine_rng).fit(X, Y_BINARY)
    theirs = sklm.SGDClassifier(random_state=their_rng).fit(X, Y_BINARY)
    np.testing.assert_allclose(mine.coef_, theirs.coef_, rtol=1e-8)
    assert mine_rng.randint(1000) == their_rng.randint(1000)
