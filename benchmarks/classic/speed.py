"""glassnet / scikit-learn speed ratios of issue 13, each library timed in a process of its own.

``speed_rows()`` runs every task of ``_speed_tasks.py`` through ``_isolated.compare`` (processes
alternated glassnet, scikit-learn, glassnet, ...; median of all timed runs; spread =
(max − min) / median). Printed by ``benchmarks/bench_classic.py`` with the other tables.

    python benchmarks/bench_classic.py speed        # only this table
    GLASSNET_BENCH_ROUNDS=1 python benchmarks/bench_classic.py speed    # quicker, noisier
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _isolated import compare  # noqa: E402

# task name → (label, target ratio or None when only reported, repeats per process)
TASKS = {
    "tree_fit": ("DecisionTreeClassifier.fit 100000x20", 1.0, 2),
    "forest_fit": ("RandomForestClassifier(100, n_jobs=-1).fit 20000x20", 1.0, 1),
    "extra_trees_fit": ("ExtraTreesClassifier(100, n_jobs=-1).fit 100000x20", 1.0, 1),
    "extra_trees_regressor_fit": ("ExtraTreesRegressor(20, n_jobs=-1).fit 100000x20", 1.0, 1),
    "gradient_boosting_fit": ("GradientBoostingClassifier(50).fit 20000x20", 1.0, 1),
    "linear_regression_fit": ("LinearRegression.fit 100000x20", 1.0, 3),
    "logistic_regression_fit": ("LogisticRegression.fit 100000x20", 1.0, 2),
    "kmeans_fit": ("KMeans(8, n_init=1).fit 100000x20", 1.0, 3),
    "kmeans_predict": ("KMeans.predict 2000000x10", 1.0, 10),   # ~50 ms a call: more calls, a steadier median
    "knn_predict": ("KNeighborsClassifier.predict 5000 vs 50000 x20", 1.0, 2),
    "sgd_classifier_fit": ("SGDClassifier.fit 100000x20", 3.0, 1),
    "sgd_regressor_fit": ("SGDRegressor.fit 100000x20", 3.0, 1),
    "svc_fit_breast_cancer": ("SVC.fit breast_cancer (rbf)", 1.0, 2),
    "svc_fit_digits": ("SVC.fit digits (rbf, 45 pairs)", 1.0, 1),
    "svc_fit_5000": ("SVC.fit 5000x20 (rbf)", 1.0, 1),
    "svr_fit_diabetes": ("SVR(C=100).fit diabetes", 1.0, 2),
    "svc_probability_breast_cancer": ("SVC(probability=True).fit breast_cancer", 1.0, 2),
    "svc_predict_5000": ("SVC.predict 5000 (5000x20 fit)", 1.0, 3),
    "linear_svc_fit": ("LinearSVC.fit 20000x20", 1.0, 2),
    "dbscan_fit": ("DBSCAN.fit moons 5000x2", 1.0, 2),
    "agglomerative_fit": ("AgglomerativeClustering(ward).fit 3000x10", 1.0, 2),
    "radius_neighbors_predict": ("RadiusNeighborsClassifier.predict 5000 vs 20000", 1.0, 2),
    "mlp_classifier_fit": ("MLPClassifier(adam, 20 epochs).fit 10000x50", 1.0, 1),
    "mlp_regressor_fit": ("MLPRegressor(adam, 20 epochs).fit 10000x50", 1.0, 1),
}


def speed_rows() -> list[dict]:
    rounds = int(os.environ.get("GLASSNET_BENCH_ROUNDS", "2"))
    only = os.environ.get("GLASSNET_BENCH_TASKS")
    out = []
    for task, (label, target, repeats) in TASKS.items():
        if only and task not in only.split(","):
            continue
        try:
            r = compare(task, rounds=rounds, repeats=repeats)
        except Exception as exc:  # one failing task must not hide the others' figures
            print(f"{task}: {exc}", file=sys.stderr)
            continue
        facts = {lib: {k: v for k, v in info.items() if k != "shape"} for lib, info in r["info"].items()}
        out.append({"task": label, "glassnet_s": r["glassnet_s"], "sklearn_s": r["sklearn_s"],
                    "ratio": r["ratio"], "target": target if target is not None else float("nan"),
                    "ok": True if target is None else bool(r["ratio"] <= target),
                    "spread": f"±{r['spread_glassnet']:.0%} / ±{r['spread_sklearn']:.0%} (n={r['n_times']})",
                    "facts": facts})
    return out


if __name__ == "__main__":
    for row in speed_rows():
        print(f"{row['task']:<52} {row['glassnet_s']:8.3f} s {row['sklearn_s']:8.3f} s  ratio {row['ratio']:6.2f}"
              f"  spread {row['spread']}  {'ok' if row['ok'] else 'FAIL'}  {row['facts']}")
