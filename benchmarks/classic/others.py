"""glassnet beside scikit-learn: neighbours, naive Bayes, k-means, mixtures, PCA.

``rows()`` compares results on scikit-learn's bundled data sets (fixed split
``train_test_split(..., random_state=0)``, same hyper-parameters, same seeds);
``speed_rows()`` times k-NN prediction. Printed by ``benchmarks/bench_classic.py``.
"""
from __future__ import annotations

import time
import warnings


TOLERANCE = 0.01  # issue 4: within 1 % of scikit-learn


def _split(loader):
    from sklearn.model_selection import train_test_split
    X, y = loader(return_X_y=True)
    return train_test_split(X, y, random_state=0)


def _row(estimator: str, dataset: str, metric: str, ours: float, theirs: float, relative: bool = False) -> dict:
    diff = ours - theirs
    rel = abs(diff) / max(abs(theirs), 1e-300)
    return {"estimator": estimator, "dataset": dataset, "metric": metric, "glassnet": float(ours),
            "sklearn": float(theirs), "diff": float(diff),
            "ok": bool((rel if relative else abs(diff)) <= TOLERANCE)}


def rows() -> list[dict]:
    from sklearn import cluster as sk_cluster
    from sklearn import decomposition as sk_decomposition
    from sklearn import mixture as sk_mixture
    from sklearn import naive_bayes as sk_naive_bayes
    from sklearn import neighbors as sk_neighbors
    from sklearn.datasets import load_breast_cancer, load_diabetes, load_digits, load_iris, load_wine

    from glassnet.cluster import KMeans
    from glassnet.decomposition import PCA
    from glassnet.mixture import GaussianMixture
    from glassnet.naive_bayes import GaussianNB
    from glassnet.neighbors import KNeighborsClassifier, KNeighborsRegressor

    classification = {"iris": load_iris, "wine": load_wine, "breast_cancer": load_breast_cancer,
                      "digits": load_digits}
    out = []
    for name, loader in classification.items():
        X_tr, X_te, y_tr, y_te = _split(loader)
        for ours, theirs, label in [
            (KNeighborsClassifier(), sk_neighbors.KNeighborsClassifier(), "KNeighborsClassifier"),
            (KNeighborsClassifier(weights="distance", p=1),
             sk_neighbors.KNeighborsClassifier(weights="distance", p=1), "KNeighborsClassifier(distance, p=1)"),
            (GaussianNB(), sk_naive_bayes.GaussianNB(), "GaussianNB"),
        ]:
            out.append(_row(label, name, "accuracy", ours.fit(X_tr, y_tr).score(X_te, y_te),
                            theirs.fit(X_tr, y_tr).score(X_te, y_te)))
    X_tr, X_te, y_tr, y_te = _split(load_diabetes)
    out.append(_row("KNeighborsRegressor", "diabetes", "R2",
                    KNeighborsRegressor(n_neighbors=10).fit(X_tr, y_tr).score(X_te, y_te),
                    sk_neighbors.KNeighborsRegressor(n_neighbors=10).fit(X_tr, y_tr).score(X_te, y_te)))

    for name, loader, k in [("iris", load_iris, 3), ("wine", load_wine, 3), ("digits", load_digits, 10)]:
        X, _ = loader(return_X_y=True)
        for init in ("k-means++", "random"):
            params = dict(n_clusters=k, init=init, n_init=10, random_state=0)
            out.append(_row(f"KMeans({init}, n_init=10)", name, "inertia", KMeans(**params).fit(X).inertia_,
                            sk_cluster.KMeans(**params).fit(X).inertia_, relative=True))
        params = dict(n_components=k, covariance_type="full" if name != "digits" else "diag",
                      n_init=2, random_state=0)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ours = GaussianMixture(**params).fit(X).score(X)
            theirs = sk_mixture.GaussianMixture(**params).fit(X).score(X)
        out.append(_row(f"GaussianMixture({params['covariance_type']})", name, "log-likelihood",
                        ours, theirs, relative=True))
        n_comp = 2 if name != "digits" else 10
        out.append(_row(f"PCA(n_components={n_comp})", name, "explained variance",
                        PCA(n_components=n_comp).fit(X).explained_variance_ratio_.sum(),
                        sk_decomposition.PCA(n_components=n_comp).fit(X).explained_variance_ratio_.sum(),
                        relative=True))
    return out


def _best_time(fn, repeats: int = 3) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def speed_rows() -> list[dict]:
    from sklearn import neighbors as sk_neighbors
    from sklearn.datasets import make_classification

    from glassnet.neighbors import KNeighborsClassifier

    X, y = make_classification(n_samples=22_000, n_features=40, n_informative=20, n_classes=4, random_state=0)
    X_tr, y_tr, X_te = X[:20_000], y[:20_000], X[20_000:]
    out = []
    for label, params, n_query in [("kNN predict 2 000 × 20 000 × 40 (euclidean)", {}, 2000),
                                   ("kNN predict 500 × 20 000 × 40 (manhattan)", {"p": 1}, 500)]:
        ours = KNeighborsClassifier(**params).fit(X_tr, y_tr)
        theirs = sk_neighbors.KNeighborsClassifier(**params).fit(X_tr, y_tr)
        t_ours = _best_time(lambda: ours.predict(X_te[:n_query]))
        t_theirs = _best_time(lambda: theirs.predict(X_te[:n_query]))
        ratio = t_ours / t_theirs
        out.append({"task": label, "glassnet_s": t_ours, "sklearn_s": t_theirs, "ratio": ratio,
                    "target": 2.0, "ok": ratio <= 2.0})
    return out
