"""The same GridSearchCV runs on a Dask cluster through joblib, and finds the same answer."""
import threading

import joblib
import numpy as np
import pytest

from glassnet.model_selection import GridSearchCV
from glassnet.neighbors import KNeighborsClassifier

distributed = pytest.importorskip("distributed")
sklearn = pytest.importorskip("sklearn")
from sklearn.datasets import load_iris  # noqa: E402


class _RecordingKNN(KNeighborsClassifier):
    """A k-NN classifier that notes which thread fitted it (a Dask worker thread, on the cluster)."""

    threads: list = []

    def fit(self, X, y):
        _RecordingKNN.threads.append(threading.current_thread().name)
        return super().fit(X, y)


def test_grid_search_on_a_local_dask_cluster_matches_the_sequential_run():
    X, y = load_iris(return_X_y=True)
    grid = {"n_neighbors": [1, 3, 5, 9, 15], "weights": ["uniform", "distance"], "p": [1, 2]}
    sequential = GridSearchCV(KNeighborsClassifier(), grid, cv=5, return_train_score=True).fit(X, y)

    _RecordingKNN.threads = []
    # workers in this process, talking over Dask's in-process transport: no port opened, no dashboard
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as cluster, distributed.Client(cluster) as client:
        with joblib.parallel_config(backend="dask"):
            clustered = GridSearchCV(_RecordingKNN(), grid, cv=5, n_jobs=-1, return_train_score=True).fit(X, y)
        worker_threads = {name for names in client.run(lambda: [t.name for t in threading.enumerate()]).values()
                          for name in names}

    cross_validation_threads = _RecordingKNN.threads[:-1]  # the last fit is the refit, in this process
    assert len(cross_validation_threads) == 20 * 5
    # every cross-validation fit ran on a Dask worker's thread, none in the calling thread
    assert all(name != threading.main_thread().name for name in cross_validation_threads)
    assert set(cross_validation_threads) <= worker_threads
    assert clustered.best_params_ == sequential.best_params_
    assert clustered.best_score_ == sequential.best_score_
    for key, value in sequential.cv_results_.items():
        if "time" in key:
            continue
        if key == "params":
            assert clustered.cv_results_[key] == value
        else:
            np.testing.assert_array_equal(np.asarray(clustered.cv_results_[key]), np.asarray(value))
    np.testing.assert_array_equal(clustered.predict(X), sequential.predict(X))
