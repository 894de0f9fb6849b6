"""
Lesson 6: other models
======================

Not every model is a network. This lesson grows a decision tree with entropy on XNOR and
draws it, combines trees into a random forest and into boosting, compares them with k
nearest neighbours and a straight line on a regression problem, and then meets naive Bayes,
k-means, Gaussian mixtures and principal component analysis.
"""

# %%
# A decision tree on XNOR, split by entropy
# -----------------------------------------
# XNOR is 1 when both inputs are equal. At the root the classes are 2 against 2: entropy
# H = −Σ pₖ log₂ pₖ = 1 bit. No single split lowers it (each child is still half and half:
# information gain 0), but the tree splits anyway and the next level separates the classes
# perfectly, which a single line (lesson 1) never could.
import matplotlib.pyplot as plt
import numpy as np

import glassnet as keras
from glassnet import viz
from glassnet.cluster import KMeans
from glassnet.datasets import make_moons, make_xnor
from glassnet.decomposition import PCA
from glassnet.ensemble import (AdaBoostClassifier, GradientBoostingRegressor, RandomForestClassifier,
                               RandomForestRegressor)
from glassnet.linear_model import LinearRegression
from glassnet.mixture import GaussianMixture
from glassnet.naive_bayes import GaussianNB
from glassnet.neighbors import KNeighborsClassifier, KNeighborsRegressor
from glassnet.tree import DecisionTreeClassifier, DecisionTreeRegressor, export_text, plot_tree

X, y = make_xnor()
tree = DecisionTreeClassifier(criterion="entropy", random_state=0).fit(X, y)
print(export_text(tree, feature_names=["x1", "x2"]))
figure, ax = plt.subplots(figsize=(9, 5))
plot_tree(tree, feature_names=["x1", "x2"], class_names=["0", "1"], filled=True, rounded=True, ax=ax)

# %%
# One tree, a forest, boosting
# ----------------------------
# A deep tree cuts the plane into axis-parallel boxes that follow the noise. A random forest
# averages many trees, each grown on a bootstrap sample with random features at each split:
# the average is smoother. AdaBoost adds shallow trees one at a time, each trained to fix
# the mistakes of those before it.
X, y = make_moons(200, noise=0.3, seed=0)
models = {"decision tree": DecisionTreeClassifier(random_state=0),
          "random forest (50 trees)": RandomForestClassifier(50, random_state=0),
          "AdaBoost (50 stumps)": AdaBoostClassifier(n_estimators=50, random_state=0)}
figure, axes = plt.subplots(1, 3, figsize=(13, 3.8))
for ax, (name, model) in zip(axes, models.items()):
    model.fit(X[:150], y[:150])
    viz.plot_decision_boundary(model, X[:150], y[:150], ax=ax, resolution=80)
    ax.set_title(f"{name}: test {model.score(X[150:], y[150:]):.0%}")
figure.tight_layout()

# %%
# A regression problem, five ways
# -------------------------------
# y = sin(x) + noise. Trees predict piecewise-constant steps, k-NN the mean of its
# neighbours, and the straight line cannot bend at all.
rng = np.random.default_rng(0)
x = np.sort(rng.uniform(0, 6, 80))[:, None]
target = np.sin(x[:, 0]) + 0.25 * rng.normal(size=80)
train, test = np.arange(80) % 4 != 0, np.arange(80) % 4 == 0
regressors = {"linear": LinearRegression(), "tree (depth 4)": DecisionTreeRegressor(max_depth=4),
              "random forest": RandomForestRegressor(50, random_state=0),
              "gradient boosting": GradientBoostingRegressor(n_estimators=100, max_depth=2, random_state=0),
              "5-NN": KNeighborsRegressor(5)}
grid = np.linspace(0, 6, 300)[:, None]
figure, ax = plt.subplots(figsize=(8, 4.5))
ax.scatter(x[train, 0], target[train], color="0.6", s=12, label="training data")
for name, model in regressors.items():
    model.fit(x[train], target[train])
    error = np.mean((model.predict(x[test]) - target[test]) ** 2)
    ax.plot(grid[:, 0], model.predict(grid), label=f"{name}: test MSE {error:.3f}")
ax.legend(fontsize="small")

# %%
# k nearest neighbours and naive Bayes
# ------------------------------------
# k-NN votes among the k closest training points: k = 1 follows every point, a larger k
# smooths. Gaussian naive Bayes models each class by a normal law per feature, assumed
# independent: its boundary is a quadratic curve.
figure, axes = plt.subplots(1, 3, figsize=(13, 3.8))
for ax, (name, model) in zip(axes, {"1-NN": KNeighborsClassifier(1), "15-NN": KNeighborsClassifier(15),
                                    "Gaussian naive Bayes": GaussianNB()}.items()):
    model.fit(X[:150], y[:150])
    viz.plot_decision_boundary(model, X[:150], y[:150], ax=ax, resolution=80)
    ax.set_title(f"{name}: test {model.score(X[150:], y[150:]):.0%}")
figure.tight_layout()

# %%
# k-means and Gaussian mixtures: no labels
# ----------------------------------------
# k-means alternates two steps: assign each point to its nearest centre, move each centre
# to the mean of its points. A Gaussian mixture does the same softly (EM): each point
# belongs to each component with a probability, and components may be elongated.
blobs = np.vstack([rng.normal([0, 0], [1.5, 0.4], (100, 2)), rng.normal([0, 3], 0.5, (100, 2)),
                   rng.normal([4, 1.5], 0.7, (100, 2))])
kmeans = KMeans(3, n_init=5, random_state=0).fit(blobs)
mixture = GaussianMixture(3, random_state=0).fit(blobs)
figure, (left, right) = plt.subplots(1, 2, figsize=(10, 4))
left.scatter(*blobs.T, c=kmeans.labels_, s=10, cmap="tab10", vmax=9)
left.scatter(*kmeans.cluster_centers_.T, marker="*", s=300, c="black")
left.set_title(f"k-means, inertia {kmeans.inertia_:.0f}")
right.scatter(*blobs.T, c=mixture.predict(blobs), s=10, cmap="tab10", vmax=9)
right.scatter(*mixture.means_.T, marker="*", s=300, c="black")
right.set_title("Gaussian mixture (EM)")
figure.tight_layout()

# %%
# Principal component analysis of digits
# --------------------------------------
# PCA finds the directions along which the data vary most (the eigenvectors of the
# covariance matrix). Two of the 784 pixel directions already separate some digits.
(digits, labels), _ = keras.datasets.mnist.load_sample()
digits = digits[:1000].reshape(-1, 784) / 255.0
pca = PCA(50).fit(digits)
print("variance explained by the first 2, 10, 50 components:",
      np.round(np.cumsum(pca.explained_variance_ratio_)[[1, 9, 49]], 3))
projected = pca.transform(digits)
figure, ax = plt.subplots(figsize=(6.5, 5))
points = ax.scatter(projected[:, 0], projected[:, 1], c=labels[:1000], cmap="tab10", s=8)
figure.colorbar(points, ax=ax, label="digit")
ax.set_xlabel("first component")
ax.set_ylabel("second component")
viz.show_images(pca.components_[:8].reshape(-1, 28, 28), labels=[f"PC {k + 1}" for k in range(8)],
                label_prefix="")
