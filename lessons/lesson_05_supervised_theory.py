"""
Lesson 5: supervised learning theory
====================================

A model is chosen by minimising a loss on training data, but judged on data it has never
seen. This lesson fits the first regression of many courses (salary against experience) in
three ways, measures the bias-variance decomposition, watches polynomials under- and
over-fit, tames them with L2 and L1 penalties, and chooses the complexity by validation,
cross-validation and grid search. Every estimator is glassnet's, with scikit-learn's API.
"""

# %%
# Salary against experience: the normal equation
# ----------------------------------------------
# Least squares θ = argmin ‖Xθ − y‖² has a closed form, the normal equation XᵀXθ = Xᵀy
# (solved here by a QR factorisation, never by inverting XᵀX).
import warnings

import matplotlib.pyplot as plt
import numpy as np

from glassnet import viz
from glassnet.datasets import make_noisy_polynomial, make_salary
from glassnet.linear_model import Lasso, LinearRegression, Ridge, SGDRegressor
from glassnet.model_selection import (GridSearchCV, bias_variance_decomposition, cross_val_score,
                                      train_test_split)
from glassnet.pipeline import make_pipeline
from glassnet.preprocessing import PolynomialFeatures, StandardScaler

years, salary = make_salary(40, random_state=0)
exact = LinearRegression().fit(years, salary)
print(f"normal equation: salary = {exact.intercept_:,.0f} + {exact.coef_[0]:,.0f} × years")

# %%
# The same line by gradient descent and by SGD
# --------------------------------------------
# Descent needs features of a similar size, so the years are standardised and salaries counted
# in tens of thousands (the exact solution does not care). Full-batch descent walks straight
# down the bowl; SGD, one sample per step, takes a noisy path to the same neighbourhood.
x = StandardScaler().fit_transform(years)
y = salary / 10_000
gd = LinearRegression(solver="gd", learning_rate=0.1, record_path=True).fit(x, y)
sgd = LinearRegression(solver="sgd", learning_rate=0.02, max_iter=3, gd_tol=0, random_state=0,
                       record_path=True)
with warnings.catch_warnings():     # three epochs of SGD stop before the tolerance, on purpose
    warnings.simplefilter("ignore")
    sgd.fit(x, y)
# SGDRegressor, scikit-learn's SGD, shrinks its step as η = eta0 / t^0.25, so its path settles.
shrinking = SGDRegressor(eta0=0.05, max_iter=3, tol=None, random_state=0, record_path=True).fit(x, y)
print(f"GD: w = {gd.coef_[0]:.3f} in {gd.n_iter_} steps; SGD: w = {sgd.coef_[0]:.3f} in {len(sgd.path_) - 1} steps; "
      f"SGDRegressor: w = {shrinking.coef_[0]:.3f}")
viz.plot_loss_landscape(gd, [gd, sgd, shrinking], X=x, y=y,
                        labels=["gradient descent", "SGD (constant η)", "SGDRegressor (η shrinking)"])

# %%
# Under- and over-fitting
# -----------------------
# Polynomials of degree 1, 3 and 15 fitted to 30 noisy points of a cubic. Degree 1 is too
# stiff (high bias), degree 15 follows the noise (high variance).
X, y = make_noisy_polynomial(30, noise=0.5, sort=False, random_state=1)
grid = np.linspace(-2, 2, 200)[:, None]
figure, axes = plt.subplots(1, 3, figsize=(12, 3.6), sharey=True)
for ax, degree in zip(axes, (1, 3, 15)):
    model = make_pipeline(PolynomialFeatures(degree), StandardScaler(), LinearRegression()).fit(X, y)
    ax.scatter(X[:, 0], y, color="black", s=15)
    ax.plot(grid[:, 0], model.predict(grid), color="tab:red")
    ax.set_ylim(y.min() - 1, y.max() + 1)
    ax.set_title(f"degree {degree}: training R² = {model.score(X, y):.2f}")
figure.tight_layout()


# %%
# The bias-variance decomposition, measured
# -----------------------------------------
# Train the same model on 100 fresh data sets of 20 points and look at its predictions at
# fixed test points: bias² is how far their average is from the truth, variance how much they
# spread, and noise the error no model can remove. The three add up to the test error. (The
# vertical axis is logarithmic: the variance of high degrees explodes.)
def truth(X):
    x = np.asarray(X)[:, 0]
    return 0.5 + x - 2 * x ** 2 + 0.8 * x ** 3


def draw(rng):
    return make_noisy_polynomial(20, noise=0.5, random_state=int(rng.integers(2 ** 31)))


degrees = [1, 2, 3, 5, 7, 9]
x_test = np.linspace(-1.5, 1.5, 50)[:, None]
parts = [bias_variance_decomposition(make_pipeline(PolynomialFeatures(d), StandardScaler(), LinearRegression()),
                                     draw, x_test, truth, n_rounds=100, random_state=0) for d in degrees]
for d, p in zip(degrees, parts):
    print(f"degree {d:2d}: bias² {p['bias2']:.3f} + variance {p['variance']:.3f} + noise {p['noise']:.3f} "
          f"= {p['bias2'] + p['variance'] + p['noise']:.3f}; measured test error {p['error']:.3f}")
viz.plot_bias_variance(degrees, parts, xlabel="polynomial degree", log_y=True)

# %%
# L2 and L1 penalties
# -------------------
# Ridge adds α‖w‖² to the loss and shrinks every coefficient smoothly; Lasso adds α‖w‖₁ and
# sets them to exactly zero one by one: it selects features.
features = make_pipeline(PolynomialFeatures(8, include_bias=False), StandardScaler()).fit_transform(X)
figure, (left, right) = plt.subplots(1, 2, figsize=(11, 4))
viz.plot_regularization_path(Ridge(), features, y, np.geomspace(1e-3, 1e3, 25), ax=left)
viz.plot_regularization_path(Lasso(max_iter=5000), features, y, np.geomspace(1e-3, 3, 25), ax=right)
figure.tight_layout()

# %%
# Validation and cross-validation
# -------------------------------
# Hold out a validation set to judge a model; better, average over k folds so that every
# sample is used for validation once.
X_train, X_val, y_train, y_val = train_test_split(X, y, test_size=0.3, random_state=0)
for degree in (1, 3, 15):
    model = make_pipeline(PolynomialFeatures(degree), StandardScaler(), LinearRegression())
    held_out = model.fit(X_train, y_train).score(X_val, y_val)
    folds = cross_val_score(model, X, y, cv=5)
    print(f"degree {degree:2d}: validation R² {held_out:6.2f}; 5-fold R² {folds.mean():6.2f} ± {folds.std():.2f}")

polynomial = make_pipeline(PolynomialFeatures(), StandardScaler(), LinearRegression())
viz.plot_validation_curve(polynomial, X, y, param_name="polynomialfeatures__degree", param_range=range(1, 13),
                          cv=5, scoring="neg_mean_squared_error")

# %%
# Learning curves
# ---------------
# More data helps a high-variance model (the gap closes) but not a high-bias one.
viz.plot_learning_curve(make_pipeline(PolynomialFeatures(3), StandardScaler(), LinearRegression()), X, y,
                        train_sizes=np.linspace(0.3, 1.0, 5), cv=5, random_state=0)

# %%
# Grid search
# -----------
# Try every combination of degree and penalty with cross-validation and keep the best.
search = GridSearchCV(make_pipeline(PolynomialFeatures(), StandardScaler(), Ridge()),
                      {"polynomialfeatures__degree": [1, 3, 5, 9], "ridge__alpha": [0.01, 0.1, 1.0, 10.0]}, cv=5)
search.fit(X, y)
print("best:", search.best_params_, f"cross-validated R² {search.best_score_:.3f}")
