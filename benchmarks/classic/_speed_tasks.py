"""The timed tasks of ``speed.py``: each builds its data (not timed) and returns ``(run, info)``.

``run()`` does the timed work with the library named by ``lib`` ('glassnet' or 'sklearn') and
may return a dict of facts worth printing (iterations, scores) to check that both libraries did
the same work. Data come from scikit-learn's generators with fixed seeds, so both processes of a
task see the same arrays.
"""
from __future__ import annotations

import importlib

import numpy as np


def _module(lib: str, name: str):
    return importlib.import_module(("glassnet." if lib == "glassnet" else "sklearn.") + name)


def _classification(n: int, d: int = 20, classes: int = 2, seed: int = 0):
    from sklearn.datasets import make_classification
    return make_classification(n, d, n_informative=d // 2, n_classes=classes, random_state=seed)


def _blobs(n: int, d: int, k: int = 8, seed: int = 0):
    from sklearn.datasets import make_blobs
    return make_blobs(n, d, centers=k, random_state=seed)


# ----------------------------------------------------------------- trees and linear models
def tree_fit(lib):
    X, y = _classification(100_000)
    Tree = _module(lib, "tree").DecisionTreeClassifier
    return (lambda: {"nodes": int(Tree(random_state=0).fit(X, y).tree_.node_count)}), {"shape": "100000x20"}


def forest_fit(lib):
    X, y = _classification(20_000)
    Forest = _module(lib, "ensemble").RandomForestClassifier
    return (lambda: Forest(100, n_jobs=-1, random_state=0).fit(X, y) and None), {"shape": "20000x20, 100 trees"}


def extra_trees_fit(lib):
    X, y = _classification(100_000)
    Forest = _module(lib, "ensemble").ExtraTreesClassifier

    def run():
        model = Forest(100, n_jobs=-1, random_state=0).fit(X, y)
        return {"nodes": int(sum(t.tree_.node_count for t in model.estimators_))}
    return run, {"shape": "100000x20, 100 trees"}


def extra_trees_regressor_fit(lib):
    from sklearn.datasets import make_regression
    X, y = make_regression(100_000, 20, n_informative=10, noise=10.0, random_state=0)
    Forest = _module(lib, "ensemble").ExtraTreesRegressor

    def run():
        model = Forest(20, n_jobs=-1, random_state=0).fit(X, y)
        return {"nodes": int(sum(t.tree_.node_count for t in model.estimators_))}
    return run, {"shape": "100000x20, 20 trees"}


def gradient_boosting_fit(lib):
    X, y = _classification(20_000)
    GB = _module(lib, "ensemble").GradientBoostingClassifier
    return (lambda: GB(n_estimators=50, random_state=0).fit(X, y) and None), {"shape": "20000x20, 50 stages"}


def linear_regression_fit(lib):
    rng = np.random.RandomState(0)
    X = rng.normal(size=(100_000, 20))
    y = X @ rng.normal(size=20) + rng.normal(size=100_000)
    LR = _module(lib, "linear_model").LinearRegression
    return (lambda: LR().fit(X, y) and None), {"shape": "100000x20"}


def logistic_regression_fit(lib):
    X, y = _classification(100_000)
    LR = _module(lib, "linear_model").LogisticRegression
    return (lambda: {"n_iter": int(np.max(LR().fit(X, y).n_iter_))}), {"shape": "100000x20"}


def _sgd(lib, kind: str):
    from sklearn.preprocessing import StandardScaler
    if kind == "classifier":
        X, y = _classification(100_000)
    else:
        from sklearn.datasets import make_regression
        X, y = make_regression(100_000, 20, noise=10.0, random_state=0)
        y = y / y.std()
    X = StandardScaler().fit_transform(X)
    Model = getattr(_module(lib, "linear_model"), "SGDClassifier" if kind == "classifier" else "SGDRegressor")

    def run():
        model = Model(random_state=0).fit(X, y)
        return {"n_iter": int(model.n_iter_), "score": round(float(model.score(X, y)), 4)}
    return run, {"shape": "100000x20 (scaled)"}


def sgd_classifier_fit(lib):
    return _sgd(lib, "classifier")


def sgd_regressor_fit(lib):
    return _sgd(lib, "regressor")


# ----------------------------------------------------------------- k-means and neighbours
def kmeans_fit(lib):
    X, _ = _blobs(100_000, 20)
    KMeans = _module(lib, "cluster").KMeans

    def run():
        model = KMeans(8, n_init=1, random_state=0).fit(X)
        return {"n_iter": int(model.n_iter_), "inertia": float(model.inertia_)}
    return run, {"shape": "100000x20, k=8, n_init=1"}


def kmeans_predict(lib):
    X, _ = _blobs(2_000_000, 10)
    model = _module(lib, "cluster").KMeans(8, n_init=1, random_state=0).fit(X[:20_000])
    return (lambda: {"checksum": int(model.predict(X).sum())}), {"shape": "2000000x10, k=8"}


def knn_predict(lib):
    X, y = _classification(55_000, classes=4)
    model = _module(lib, "neighbors").KNeighborsClassifier().fit(X[:50_000], y[:50_000])
    return (lambda: {"accuracy": float(np.mean(model.predict(X[50_000:]) == y[50_000:]))}), \
        {"shape": "5000 queries x 50000 x 20"}


# ----------------------------------------------------------------- support vector machines
def _scaled(loader_name: str):
    import sklearn.datasets
    from sklearn.preprocessing import StandardScaler
    X, y = getattr(sklearn.datasets, loader_name)(return_X_y=True)
    return StandardScaler().fit_transform(X), y


def svc_fit_digits(lib):
    X, y = _scaled("load_digits")
    SVC = _module(lib, "svm").SVC
    return (lambda: {"n_sv": int(SVC().fit(X, y).support_.size)}), {"shape": "digits 1797x64, rbf, 45 pairs"}


def svc_fit_breast_cancer(lib):
    X, y = _scaled("load_breast_cancer")
    SVC = _module(lib, "svm").SVC
    return (lambda: {"n_sv": int(SVC().fit(X, y).support_.size)}), {"shape": "breast_cancer 569x30, rbf"}


def svc_fit_5000(lib):
    X, y = _classification(5_000)
    SVC = _module(lib, "svm").SVC
    return (lambda: {"n_sv": int(SVC().fit(X, y).support_.size)}), {"shape": "5000x20, rbf"}


def svr_fit_diabetes(lib):
    X, y = _scaled("load_diabetes")
    SVR = _module(lib, "svm").SVR
    return (lambda: {"n_sv": int(SVR(C=100).fit(X, y).support_.size)}), {"shape": "diabetes 442x10, rbf, C=100"}


def svc_probability_breast_cancer(lib):
    X, y = _scaled("load_breast_cancer")
    SVC = _module(lib, "svm").SVC

    def run():
        import warnings
        with warnings.catch_warnings():       # scikit-learn ≥ 1.9 deprecates probability=True
            warnings.simplefilter("ignore", FutureWarning)
            model = SVC(probability=True, random_state=0).fit(X, y)
        return {"mean_p1": round(float(model.predict_proba(X)[:, 1].mean()), 3)}
    return run, {"shape": "breast_cancer 569x30, rbf, Platt (5-fold CV)"}


def svc_predict_5000(lib):
    X, y = _classification(10_000)
    model = _module(lib, "svm").SVC().fit(X[:5000], y[:5000])
    return (lambda: {"accuracy": float(np.mean(model.predict(X[5000:]) == y[5000:]))}), \
        {"shape": "5000 queries, 1222 support vectors x20"}


def linear_svc_fit(lib):
    from sklearn.preprocessing import StandardScaler
    X, y = _classification(20_000)
    X = StandardScaler().fit_transform(X)
    LinearSVC = _module(lib, "svm").LinearSVC
    return (lambda: {"accuracy": round(float(LinearSVC(random_state=0).fit(X, y).score(X, y)), 4)}), \
        {"shape": "20000x20 (scaled)"}


# ----------------------------------------------------------------- clustering and radius neighbours
def dbscan_fit(lib):
    from sklearn.datasets import make_moons
    X, _ = make_moons(5_000, noise=0.08, random_state=0)
    DBSCAN = _module(lib, "cluster").DBSCAN

    def run():
        labels = DBSCAN(eps=0.1, min_samples=5).fit(X).labels_
        return {"clusters": int(labels.max() + 1), "noise": int(np.sum(labels < 0))}
    return run, {"shape": "moons 5000x2, eps=0.1"}


def agglomerative_fit(lib):
    X, _ = _blobs(3_000, 10)
    Agglomerative = _module(lib, "cluster").AgglomerativeClustering
    return (lambda: {"sizes": sorted(np.bincount(Agglomerative(8).fit(X).labels_).tolist())}), \
        {"shape": "blobs 3000x10, ward, 8 clusters"}


def radius_neighbors_predict(lib):
    X, y = _classification(25_000, d=10, classes=3)
    Radius = _module(lib, "neighbors").RadiusNeighborsClassifier
    model = Radius(radius=2.5, outlier_label="most_frequent").fit(X[:20_000], y[:20_000])
    return (lambda: {"accuracy": float(np.mean(model.predict(X[20_000:]) == y[20_000:]))}), \
        {"shape": "5000 queries x 20000 x10, radius 2.5"}


# ----------------------------------------------------------------- multilayer perceptrons
def _mlp(lib, kind: str):
    import warnings
    X, y = _classification(10_000, d=50, classes=3)
    network = _module(lib, "neural_network")
    model = (network.MLPClassifier if kind == "classifier" else network.MLPRegressor)(
        hidden_layer_sizes=(64,), solver="adam", max_iter=20, random_state=0)
    target = y if kind == "classifier" else X[:, :1] - X[:, 1:2]

    def run():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")     # max_iter=20 stops before convergence, in both
            model.fit(X, target.ravel() if kind == "regressor" else target)
        return {"loss": round(float(model.loss_), 4), "iterations": int(model.n_iter_)}
    return run, {"shape": "10000x50, (64,), adam, 20 epochs"}


def mlp_classifier_fit(lib):
    return _mlp(lib, "classifier")


def mlp_regressor_fit(lib):
    return _mlp(lib, "regressor")
