"""
Lesson 2: gradient descent
==========================

To minimise a loss J(θ), step against its gradient: θ ← θ − η ∇J(θ). This lesson watches
the steps on the loss landscape: in one and two dimensions, with learning rates too small,
right and too large, with the two stopping rules, with mini-batches of a fraction γ of the
data, and with momentum and Adam. ``glassnet.optimize.gradient_descent`` returns the whole
path; ``glassnet.viz`` draws it.
"""

# %%
# One parameter
# -------------
# J(θ) = (θ − 1)² + 0.5 has its minimum at θ = 1. The gradient is 2(θ − 1), so the step
# η·2(θ − 1) shrinks as we approach the minimum, even with a constant η.
import numpy as np

from glassnet import losses, ops, viz
from glassnet.datasets import make_linear_1d
from glassnet.linear_model import LinearRegression, LogisticRegression
from glassnet.optimize import gradient_descent


def parabola(theta):
    return (theta[0] - 1) ** 2 + 0.5


result = gradient_descent(parabola, [4.0], learning_rate=0.2, max_iter=20)
print(result, result.message)
viz.plot_loss_landscape(parabola, result, xlim=(-2, 4.5))

# %%
# The learning rate: too small, about right, too large
# ----------------------------------------------------
# For this parabola every η below 1 converges, η = 1 bounces between two points forever and
# η > 1 diverges: each step overshoots further than the last.
viz.plot_learning_rates(parabola, [4.0], [0.05, 0.4, 1.05], max_iter=15)

# %%
# Two parameters: a long valley
# -----------------------------
# J(θ₀, θ₁) = θ₀² + 10 θ₁² is ten times steeper along θ₁. The gradient points across the
# valley rather than along it, and the largest safe η is set by the steep direction
# (η < 2/20 = 0.1): past it the descent zig-zags out of the valley.
def valley(theta):
    return theta[0] ** 2 + 10 * theta[1] ** 2


viz.plot_learning_rates(valley, [4.0, 1.0], [0.01, 0.06, 0.101], max_iter=40)

# %%
# When to stop: the tolerance ε
# -----------------------------
# Two rules: stop when the gradient is small, ‖∇J(θ)‖ ≤ ε, or when the steps are small,
# ‖θ_{t+1} − θ_t‖² ≤ ε. A smaller ε costs more steps for a little more precision.
for tol in (1e-1, 1e-3, 1e-6):
    by_gradient = gradient_descent(valley, [4.0, 1.0], learning_rate=0.05, tol=tol)
    by_step = gradient_descent(valley, [4.0, 1.0], learning_rate=0.05, tol=tol, stop="step")
    print(f"ε = {tol:g}: ‖∇J‖ ≤ ε after {by_gradient.n_iter:3d} steps (J = {by_gradient.values[-1]:.2e}), "
          f"‖Δθ‖² ≤ ε after {by_step.n_iter:3d} steps (J = {by_step.values[-1]:.2e})")

# %%
# Mini-batches: a fraction γ of the data per step
# -----------------------------------------------
# For a loss that is an average over samples, J(θ) = 1/n Σᵢ (w xᵢ + b − yᵢ)², each step can
# use only a batch of γ·n samples. γ = 1 is batch gradient descent: smooth, but every step
# reads all the data. γ = 2/n uses two samples per step: cheap, noisy steps that wander
# around the minimum instead of settling on it (a constant η never lets them settle).
X, y = make_linear_1d(50, slope=2.0, intercept=1.0, noise=0.5, x_range=(-2, 2), random_state=0)
x = X[:, 0]


def squared_error(theta, rows):
    residual = theta[0] * x[rows] + theta[1] - y[rows]
    return ops.mean(residual * residual)


fractions = [2 / len(x), 0.1, 0.5, 1.0]
paths = [gradient_descent(squared_error, [-1.0, -2.0], learning_rate=0.1, max_iter=60, tol=0,
                          n_samples=len(x), batch_fraction=gamma, random_state=0) for gamma in fractions]
viz.plot_loss_landscape(lambda t: ops.mean((t[0] * x[:, None] + t[1] - y[:, None]) ** 2, axis=0), paths,
                        labels=[f"γ = {gamma:g} ({p.batch_size} samples)" for gamma, p in zip(fractions, paths)],
                        xlim=(-1.5, 3.5), ylim=(-2.5, 2.5), param_names=("w", "b"))

# %%
# Mean, sum or half the sum of squares?
# -------------------------------------
# Slides write the squared loss three ways. They share their minimum, but the gradient of the
# sum is n times that of the mean, so the same η takes steps n times longer: with the sum,
# η must shrink as the data grow.
line = np.column_stack([x, np.ones_like(x)])
n = len(x)
for name, eta in [("mean_of_squares", 0.05), ("sum_of_squares", 0.05), ("sum_of_squares", 0.05 / n),
                  ("half_sum_of_squares", 0.1 / n)]:
    loss = losses.get(name)

    def objective(theta, loss=loss):
        return loss(y[:, None], ops.matmul(line, ops.reshape(theta, (2, 1))))

    result = gradient_descent(objective, [0.0, 0.0], learning_rate=eta, max_iter=300)
    outcome = f"θ = {np.round(result.x, 3)}" if result.converged else result.message.split(";")[0]
    print(f"{name:>20}, η = {eta:.4g}: {outcome} after {result.n_iter} steps")

# %%
# Momentum and Adam
# -----------------
# In a narrow valley plain descent must keep η small. Momentum accumulates the steps,
# v ← βv − η∇J, θ ← θ + v, so the zig-zag across the valley cancels and the progress along
# it adds up. Adam divides each coordinate's step by a running average of its squared
# gradient, so both directions move at the same pace.
def ravine(theta):
    return 0.5 * theta[0] ** 2 + 20 * theta[1] ** 2


start = [-8.0, 1.5]
plain = gradient_descent(ravine, start, learning_rate=0.045, max_iter=60)
momentum = gradient_descent(ravine, start, learning_rate=0.045, method="momentum", momentum=0.7, max_iter=60)
adam = gradient_descent(ravine, start, learning_rate=0.3, method="adam", max_iter=60)
for name, r in [("plain", plain), ("momentum", momentum), ("adam", adam)]:
    print(f"{name:>8}: J after 60 steps = {r.values[-1]:.2e}")
viz.plot_loss_landscape(ravine, [plain, momentum, adam], labels=["plain", "momentum", "Adam"],
                        xlim=(-9, 3), ylim=(-2, 2), log_levels=True)

# %%
# The same descent inside an estimator
# ------------------------------------
# ``LinearRegression(solver="gd")`` runs this descent on J(w, b) = 1/(2n) ‖Xθ − y‖²;
# ``record_path=True`` keeps its path, which the landscape of the estimator's own loss shows.
model = LinearRegression(solver="gd", learning_rate=0.3, record_path=True).fit(X, y)
print(f"w = {model.coef_[0]:.3f}, b = {model.intercept_:.3f} after {model.n_iter_} steps")
viz.plot_loss_landscape(model, model, X=X, y=y, labels=["LinearRegression(solver='gd')"],
                        xlim=(-0.5, 3), ylim=(-0.5, 2))

# %%
# A classifier's path
# -------------------
# Logistic regression minimises the mean log-loss; its solver (L-BFGS, a quasi-Newton
# method) takes a few long, well-aimed steps instead of many short ones.
labels = (X[:, 0] + 0.5 * np.random.default_rng(0).normal(size=len(X)) > 0).astype(int)
classifier = LogisticRegression(penalty=None, record_path=True).fit(X, labels)
print(f"L-BFGS: {classifier.n_iter_[0]} iterations to w = {classifier.coef_[0, 0]:.2f}, "
      f"b = {classifier.intercept_[0]:.2f}")
viz.plot_loss_landscape(classifier, classifier, X=X, y=labels, labels=["LogisticRegression (L-BFGS)"],
                        log_levels=True)
