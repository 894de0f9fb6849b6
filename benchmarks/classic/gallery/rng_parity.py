"""Does fit draw from a shared ``RandomState`` as scikit-learn's does?

Gallery code often passes one ``np.random.RandomState`` to several calls in turn
(``train_test_split(..., random_state=rng)``, ``LinearSVC(random_state=rng)``, ...). The numbers
after a fit agree with scikit-learn's only when the fit drew from ``rng`` exactly as scikit-learn's
did. This prints, per estimator, whether the next draw after fitting agrees.

    python benchmarks/classic/gallery/rng_parity.py
"""
import importlib
import warnings

import numpy as np

warnings.filterwarnings("ignore")
X = np.random.RandomState(0).randn(60, 3)
y = (X[:, 0] + X[:, 1] > 0).astype(int)
y_reg = X @ [1.0, 2.0, 3.0]
CASES = [
    ("linear_model", "LogisticRegression", {}, y), ("linear_model", "LogisticRegression", dict(solver="liblinear"), y),
    ("linear_model", "LogisticRegression", dict(solver="saga"), y), ("linear_model", "SGDClassifier", {}, y),
    ("linear_model", "SGDRegressor", {}, y_reg), ("linear_model", "Perceptron", {}, y),
    ("linear_model", "Lasso", dict(selection="random"), y_reg), ("linear_model", "Ridge", dict(solver="sag"), y_reg),
    ("cluster", "KMeans", dict(n_clusters=3, n_init=2), None), ("tree", "DecisionTreeClassifier", {}, y),
    ("tree", "DecisionTreeRegressor", {}, y_reg), ("ensemble", "RandomForestClassifier", dict(n_estimators=5), y),
    ("ensemble", "ExtraTreesClassifier", dict(n_estimators=5), y),
    ("ensemble", "GradientBoostingClassifier", dict(n_estimators=5, subsample=0.8), y),
    ("ensemble", "AdaBoostClassifier", dict(n_estimators=5), y), ("ensemble", "BaggingClassifier", dict(n_estimators=5), y),
    ("svm", "SVC", {}, y), ("svm", "SVC", dict(probability=True), y), ("svm", "LinearSVC", {}, y),
    ("mixture", "GaussianMixture", dict(n_components=2), None), ("decomposition", "PCA", dict(n_components=2), None),
    ("decomposition", "PCA", dict(n_components=2, svd_solver="randomized"), None),
]

for module, name, kwargs, target in CASES:
    ours_cls = getattr(importlib.import_module("glassnet." + module), name)
    theirs_cls = getattr(importlib.import_module("sklearn." + module), name)
    ours, theirs = np.random.RandomState(7), np.random.RandomState(7)
    for cls, rng in ((ours_cls, ours), (theirs_cls, theirs)):
        estimator = cls(random_state=rng, **kwargs)
        estimator.fit(X) if target is None else estimator.fit(X, target)
    same = ours.randint(1 << 30) == theirs.randint(1 << 30)
    print(f"{name:28s} {str(kwargs):40s} {'same' if same else 'DIFFERENT'}")
