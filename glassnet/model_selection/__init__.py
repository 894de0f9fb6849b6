"""Model selection: split the data, cross-validate, and search hyper-parameters.

Parallel work goes through joblib, so the same code runs on a laptop's cores (``n_jobs=-1``)
or on a Dask cluster::

    import joblib
    from dask.distributed import Client

    client = Client("tcp://scheduler-address:8786")   # or Client(LocalCluster()) to try it locally
    with joblib.parallel_config(backend="dask"):
        search = GridSearchCV(model, grid, cv=5, n_jobs=-1).fit(X, y)

Each (candidate, fold) fit becomes one task on the cluster's workers; the workers need glassnet
installed (the same version) and the data is shipped with the tasks. Results are the same as
the sequential run.
"""
from glassnet.model_selection._bias_variance import bias_variance_decomposition
from glassnet.model_selection._group_split import (GroupKFold, GroupShuffleSplit, LeaveOneGroupOut,
                                                   TimeSeriesSplit)
from glassnet.model_selection._param_grid import ParameterGrid, ParameterSampler
from glassnet.model_selection._scorer import check_scoring, get_scorer, get_scorer_names, make_scorer
from glassnet.model_selection._search import GridSearchCV, RandomizedSearchCV
from glassnet.model_selection._split import (KFold, ShuffleSplit, StratifiedKFold, StratifiedShuffleSplit,
                                             check_cv, train_test_split)
from glassnet.model_selection._validation import (cross_val_score, cross_validate, learning_curve,
                                                  validation_curve)

__all__ = ["train_test_split", "KFold", "StratifiedKFold", "ShuffleSplit", "StratifiedShuffleSplit", "check_cv",
           "GroupKFold", "GroupShuffleSplit", "LeaveOneGroupOut", "TimeSeriesSplit",
           "cross_val_score", "cross_validate", "validation_curve", "learning_curve", "GridSearchCV",
           "RandomizedSearchCV", "ParameterGrid", "ParameterSampler", "make_scorer", "get_scorer",
           "get_scorer_names", "check_scoring", "bias_variance_decomposition"]
from glassnet.model_selection._more_splits import (LeaveOneOut, LeavePOut, PredefinedSplit, RepeatedKFold,
                                                  RepeatedStratifiedKFold)
from glassnet.model_selection._cross_val_predict import cross_val_predict

__all__ += ["RepeatedKFold", "RepeatedStratifiedKFold", "LeaveOneOut", "LeavePOut", "PredefinedSplit",
            "cross_val_predict"]
