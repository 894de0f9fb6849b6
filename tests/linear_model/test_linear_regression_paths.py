"""LinearRegression's two ways to the answer: the exact solver takes the triangular QR solve when X
has full rank (and lstsq otherwise), and the descent solvers report the weighted training loss."""
import numpy as np
import pytest

from glassnet.linear_model import LinearRegression
from glassnet.linear_model import linear_regression as module

theirs = pytest.importorskip("sklearn.linear_model")

RNG = np.random.RandomState(0)
X = RNG.normal(size=(40, 3))
Y = X @ np.array([1.5, -2.0, 0.5]) + 0.3 + 0.1 * RNG.normal(size=40)


def test_full_rank_data_is_solved_by_the_triangular_system_not_lstsq(monkeypatch):
    reference = theirs.LinearRegression().fit(X, Y)

    def no_lstsq(*args, **kwargs):
        raise AssertionError("lstsq called for a full-rank X")
    monkeypatch.setattr(module.np.linalg, "lstsq", no_lstsq)
    model = LinearRegression().fit(X, Y)
    np.testing.assert_allclose(model.coef_, reference.coef_, rtol=1e-12)
    np.testing.assert_allclose(model.intercept_, reference.intercept_, rtol=1e-12)
    assert model.rank_ == 3


def test_a_rank_deficient_x_still_gets_the_minimum_norm_solution():
    Xd = np.c_[X, X[:, 0] + X[:, 1]]              # the 4th column is the sum of two others
    model = LinearRegression().fit(Xd, Y)
    reference = theirs.LinearRegression().fit(Xd, Y)
    assert model.rank_ == 3
    np.testing.assert_allclose(model.coef_, reference.coef_, rtol=1e-8, atol=1e-10)


@pytest.mark.parametrize("solver, batch_size", [("gd", None), ("sgd", 4)])
def test_the_loss_curve_is_the_weighted_mean_loss(solver, batch_size):
    # J = ½ Σ wᵢ rᵢ² / Σ wᵢ: weights whose mean is far from 1 must not scale it
    weights = RNG.uniform(2.0, 6.0, size=40)
    model = LinearRegression(solver=solver, batch_size=batch_size, learning_rate=0.05, max_iter=50,
                             random_state=0).fit(X, Y, sample_weight=weights)
    residual = X @ model.coef_ + model.intercept_ - Y
    assert model.loss_curve_[-1] == pytest.approx(0.5 * np.sum(weights * residual ** 2) / weights.sum(), rel=1e-10)
    assert model.loss_curve_[-1] < 0.1 * model.loss_curve_[0]


def test_divergence_is_reported_at_the_first_epoch_past_ten_thousand_times_the_start_loss():
    # J(0) = ½ mean y² ≈ 7.6 here; with η = 3 the loss grows ×~30 an epoch and passes 10⁴ J(0) at
    # epoch 4 while still finite: the error must come then, not when the numbers overflow later
    rng = np.random.RandomState(0)
    X = rng.normal(size=(40, 3))
    with pytest.raises(ValueError, match="diverged at epoch 4: the loss grew to 1.27e\\+05"):
        LinearRegression(solver="gd", learning_rate=3.0).fit(X, X @ np.array([1.0, 2.0, 3.0]))


@pytest.mark.parametrize("rows", [13, 7, 40])   # 13: the last block has 1 row, fewer than the columns
def test_blocked_qr_gives_the_r_of_the_whole_matrix(rows):
    A = np.c_[X, Y]
    blocks = (A[start:start + rows] for start in range(0, len(A), rows))
    R = module.blocked_r_factor(blocks)
    whole = np.linalg.qr(A, mode="r")
    assert R.shape == whole.shape == (4, 4)
    np.testing.assert_allclose(np.abs(R), np.abs(whole), rtol=1e-12, atol=1e-12)  # rows' signs may differ
    np.testing.assert_allclose(R.T @ R, A.T @ A, rtol=1e-12)


def test_many_blocks_with_weights_and_targets_match_sklearn(monkeypatch):
    monkeypatch.setattr(module, "_QR_BLOCK_ROWS", 9)       # 40 rows: five blocks, the last short
    targets = np.c_[Y, X @ np.array([0.2, 0.0, -1.0]) + RNG.normal(size=40)]
    weights = RNG.uniform(0.5, 2.0, size=40)
    model = LinearRegression().fit(X, targets, sample_weight=weights)
    reference = theirs.LinearRegression().fit(X, targets, sample_weight=weights)
    np.testing.assert_allclose(model.coef_, reference.coef_, rtol=1e-12)
    np.testing.assert_allclose(model.intercept_, reference.intercept_, rtol=1e-12)
    Xd = np.c_[X, X[:, 0] - X[:, 2]]                        # rank-deficient: gelsd on the whole matrix
    model = LinearRegression().fit(Xd, Y)
    assert model.rank_ == 3
    np.testing.assert_allclose(model.coef_, theirs.LinearRegression().fit(Xd, Y).coef_, rtol=1e-8, atol=1e-10)


def test_weighted_gradient_descent_reaches_scikit_learns_weighted_least_squares():
    weights = RNG.uniform(0.2, 5.0, size=40)
    model = LinearRegression(solver="gd", learning_rate=0.1, gd_tol=1e-14, max_iter=5000).fit(X, Y, sample_weight=weights)
    reference = theirs.LinearRegression().fit(X, Y, sample_weight=weights)
    np.testing.assert_allclose(model.coef_, reference.coef_, rtol=1e-5)
    assert model.intercept_ == pytest.approx(reference.intercept_, rel=1e-5)


def test_gradient_descent_stops_at_the_first_epoch_whose_squared_step_is_below_gd_tol():
    # ‖θ(t+1) − θ(t)‖² ≤ gd_tol, measured on the recorded path (full batch: one point per epoch)
    model = LinearRegression(solver="gd", learning_rate=0.05, gd_tol=1e-6, max_iter=10000,
                             record_path=True).fit(X, Y)
    steps = np.sum(np.diff(model.path_, axis=0) ** 2, axis=1)
    assert len(steps) == model.n_iter_ > 5
    assert steps[-1] <= 1e-6 and np.all(steps[:-1] > 1e-6)


@pytest.mark.parametrize("batch_size", [2.5, 0, -3])
def test_a_batch_size_that_is_not_a_positive_integer_is_refused_by_name(batch_size):
    with pytest.raises(ValueError, match="batch_size"):
        LinearRegression(solver="sgd", batch_size=batch_size).fit(X, Y)
