"""Trees and ensembles beside scikit-learn (issue 4 figures).

rows():        test accuracy / R² of DecisionTree*, RandomForest*, Bagging*, AdaBoostClassifier and
               GradientBoosting* on iris, wine, breast cancer, digits (classifiers) and diabetes,
               make_regression (regressors), split with train_test_split(..., random_state=0), same
               hyper-parameters on both sides. Target: within 1 % (0.01) of scikit-learn's.
               Randomised models (single trees break ties between equally good splits at random;
               forests and bagging draw bootstrap samples and feature subsets) are compared by the mean
               over several random_state values, the same seeds on both sides, because the two
               libraries draw different random numbers from the same seed; the number of seeds is in
               the "dataset" column.
speed_rows():  fit time of DecisionTreeClassifier on 100 000 × 20 (target ≤ 3× scikit-learn's) and of a
               100-tree RandomForestClassifier with n_jobs=-1 (target ≤ 3×), on
               make_classification(n_features=20, n_informative=10, random_state=0); the forest runs on
               ``FOREST_SAMPLES`` samples (see below).

Run alone:  python benchmarks/classic/trees.py   (prints the table, then the speed ratios)
"""
from __future__ import annotations

import sys
import time
import warnings
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # run from a checkout without installing

TOLERANCE = 0.01          # issue 4: within 1 % of scikit-learn
TREE_SAMPLES = 100_000    # issue 4: a decision tree on 100 000 × 20
FOREST_SAMPLES = 100_000  # the same data for the 100-tree forest


def _split(name):
    from sklearn import datasets
    from sklearn.model_selection import train_test_split
    if name == "make_regression":
        X, y = datasets.make_regression(1000, 20, n_informative=10, noise=10.0, random_state=0)
    else:
        X, y = getattr(datasets, f"load_{name}")(return_X_y=True)
    return train_test_split(X, y, random_state=0)


def _mean_score(make, data, seeds):
    X_tr, X_te, y_tr, y_te = data
    return float(np.mean([make(seed).fit(X_tr, y_tr).score(X_te, y_te) for seed in seeds]))


def _row(estimator, dataset, metric, ours, theirs):
    diff = ours - theirs
    return {"estimator": estimator, "dataset": dataset, "metric": metric, "glassnet": float(ours),
            "sklearn": float(theirs), "diff": float(diff), "ok": bool(abs(diff) <= TOLERANCE)}


def _cases():
    """(name, glassnet factory, scikit-learn factory, number of seeds) per task."""
    from sklearn import ensemble as ske
    from sklearn import tree as skt

    import glassnet.ensemble as ge
    import glassnet.tree as gt

    classifiers = [
        ("DecisionTreeClassifier", gt.DecisionTreeClassifier, skt.DecisionTreeClassifier, {}, 10),
        ("DecisionTreeClassifier(entropy)", gt.DecisionTreeClassifier, skt.DecisionTreeClassifier,
         {"criterion": "entropy"}, 10),
        ("RandomForestClassifier", ge.RandomForestClassifier, ske.RandomForestClassifier, {}, 5),
        ("BaggingClassifier", ge.BaggingClassifier, ske.BaggingClassifier, {"n_estimators": 50}, 3),
        ("AdaBoostClassifier", ge.AdaBoostClassifier, ske.AdaBoostClassifier, {}, 1),
        ("GradientBoostingClassifier", ge.GradientBoostingClassifier, ske.GradientBoostingClassifier,
         {}, 1),
    ]
    regressors = [
        # fully grown regression trees on a few hundred samples vary by ±0.05 R² from seed to seed
        ("DecisionTreeRegressor", gt.DecisionTreeRegressor, skt.DecisionTreeRegressor, {}, 30),
        ("DecisionTreeRegressor(max_depth=4)", gt.DecisionTreeRegressor, skt.DecisionTreeRegressor,
         {"max_depth": 4}, 10),
        ("RandomForestRegressor", ge.RandomForestRegressor, ske.RandomForestRegressor, {}, 5),
        ("BaggingRegressor", ge.BaggingRegressor, ske.BaggingRegressor, {"n_estimators": 50}, 20),
        ("GradientBoostingRegressor", ge.GradientBoostingRegressor, ske.GradientBoostingRegressor, {}, 1),
        ("GradientBoostingRegressor(absolute_error)", ge.GradientBoostingRegressor,
         ske.GradientBoostingRegressor, {"loss": "absolute_error"}, 1),
    ]
    return classifiers, regressors


def rows() -> list[dict]:
    classifiers, regressors = _cases()
    out = []
    for datasets_, cases, metric in [(["iris", "wine", "breast_cancer", "digits"], classifiers, "accuracy"),
                                     (["diabetes", "make_regression"], regressors, "R2")]:
        for dataset in datasets_:
            data = _split(dataset)
            for name, ours, theirs, params, n_seeds in cases:
                seeds = range(n_seeds)
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    a = _mean_score(lambda s: ours(random_state=s, **params), data, seeds)
                    b = _mean_score(lambda s: theirs(random_state=s, **params), data, seeds)
                label = dataset if n_seeds == 1 else f"{dataset} (mean of {n_seeds} seeds)"
                out.append(_row(name, label, metric, a, b))
    return out


def _time(fit, repeats=1):
    best = np.inf
    for _ in range(repeats):
        start = time.perf_counter()
        fit()
        best = min(best, time.perf_counter() - start)
    return best


def speed_rows() -> list[dict]:
    from sklearn import ensemble as ske
    from sklearn import tree as skt
    from sklearn.datasets import make_classification

    import glassnet.ensemble as ge
    import glassnet.tree as gt

    X, y = make_classification(TREE_SAMPLES, 20, n_informative=10, random_state=0)
    out = []
    ours = _time(lambda: gt.DecisionTreeClassifier(random_state=0).fit(X, y), repeats=2)
    theirs = _time(lambda: skt.DecisionTreeClassifier(random_state=0).fit(X, y), repeats=2)
    out.append({"task": f"DecisionTreeClassifier.fit {TREE_SAMPLES} x 20", "glassnet_s": ours,
                "sklearn_s": theirs, "ratio": ours / theirs, "target": 3.0, "ok": ours / theirs <= 3.0})
    Xf, yf = X[:FOREST_SAMPLES], y[:FOREST_SAMPLES]
    ours = _time(lambda: ge.RandomForestClassifier(100, n_jobs=-1, random_state=0).fit(Xf, yf))
    theirs = _time(lambda: ske.RandomForestClassifier(100, n_jobs=-1, random_state=0).fit(Xf, yf))
    out.append({"task": f"RandomForestClassifier(100, n_jobs=-1).fit {FOREST_SAMPLES} x 20",
                "glassnet_s": ours, "sklearn_s": theirs, "ratio": ours / theirs, "target": 3.0,
                "ok": ours / theirs <= 3.0})
    return out


def main() -> None:
    print(f"{'estimator':44s} {'dataset':34s} {'metric':8s} {'glassnet':>9s} {'sklearn':>9s} {'diff':>8s}  ok")
    for r in rows():
        print(f"{r['estimator']:44s} {r['dataset']:34s} {r['metric']:8s} {r['glassnet']:9.4f} "
              f"{r['sklearn']:9.4f} {r['diff']:+8.4f}  {'yes' if r['ok'] else 'NO'}")
    for r in speed_rows():
        print(f"{r['task']:60s} glassnet {r['glassnet_s']:7.2f} s  sklearn {r['sklearn_s']:7.2f} s  "
              f"ratio {r['ratio']:5.2f} (target <= {r['target']})  {'yes' if r['ok'] else 'NO'}")


if __name__ == "__main__":
    main()
