"""Decision trees for classification and regression (scikit-learn's API, glassnet's level-wise builder)."""
from __future__ import annotations

import math
import numbers

import numpy as np

from glassnet.base import (BaseEstimator, ClassifierMixin, ProbabilisticClassifierMixin, RegressorMixin)
from glassnet.tree._best_first import best_first
from glassnet.tree._builder import build_tree
from glassnet.tree._criteria import CLASSIFICATION, REGRESSION
from glassnet.tree._outputs import (MultiOutputClassifierMixin, regression_columns, set_classes,
                                    split_probabilities, target_columns)
from glassnet.tree._preorder import tree_in_preorder
from glassnet.tree._pruning import prune, pruning_path
from glassnet.tree._tree import Tree
from glassnet.utils.bunch import Bunch
from glassnet.utils.class_weight import compute_sample_weight
from glassnet.utils.validation import (check_classification_targets, check_is_fitted,
                                       check_random_state, check_sample_weight, validate_data)
from glassnet.utils.overflow import check_fitted_finite, finite_outputs


def resolve_max_features(max_features, n_features: int) -> int:
    """None → all features; 'sqrt' → ⌊√d⌋; 'log2' → ⌊log₂ d⌋; an int → itself; a float → ⌊f·d⌋ (≥ 1)."""
    if max_features is None:
        return n_features
    if isinstance(max_features, str):
        if max_features == "sqrt":
            return max(1, int(math.sqrt(n_features)))
        if max_features == "log2":
            return max(1, int(math.log2(n_features)))
        raise ValueError(f"max_features must be None, 'sqrt', 'log2', an int or a float; got {max_features!r}.")
    if isinstance(max_features, numbers.Integral) and not isinstance(max_features, bool):
        if not 1 <= max_features <= n_features:
            raise ValueError(f"max_features must be in [1, n_features={n_features}] as an int; "
                             f"got {max_features}.")
        return int(max_features)
    if isinstance(max_features, numbers.Real) and not isinstance(max_features, bool):
        if not 0.0 < max_features <= 1.0:
            raise ValueError(f"max_features must be in (0, 1] as a float; got {max_features}.")
        return max(1, int(max_features * n_features))
    raise ValueError(f"max_features must be None, 'sqrt', 'log2', an int or a float; got {max_features!r}.")


def _count_param(name: str, value, n_samples: int, minimum: int) -> int:
    """An int count (≥ minimum) or a float fraction of n_samples (rounded up)."""
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        if value < minimum:
            raise ValueError(f"{name} must be an int >= {minimum} or a float in (0, 1]; got {value}.")
        return int(value)
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        if not 0.0 < value <= 1.0:
            raise ValueError(f"{name} must be an int >= {minimum} or a float in (0, 1]; got {value}.")
        return max(minimum, int(math.ceil(value * n_samples)))
    raise ValueError(f"{name} must be an int >= {minimum} or a float in (0, 1]; got {value!r}.")


def validate_features(estimator, X, y="no_validation", *, reset: bool = True, **check):
    """Check X (and y) like every estimator, with the features rounded to single precision.

    Computation stays float64, but the feature values are first rounded to float32, as
    scikit-learn's trees store them: thresholds (midpoints of training values) then lie on the same
    grid in both libraries, and a test value that equals a threshold up to rounding falls on the same
    side. (On data sets whose features take a few evenly spaced values, such as diabetes, the
    midpoint of two training values is often another value of the grid.)
    """
    out = validate_data(estimator, X, y, reset=reset, dtype=np.float32, **check)
    if isinstance(y, str) and y == "no_validation":
        return out.astype(np.float64)
    return out[0].astype(np.float64), out[1]


def class_weights_per_sample(class_weight, Y: np.ndarray, sample_weight=None) -> np.ndarray:
    """Each sample's class weight, multiplied over the outputs (a list gives one setting per output);
    'balanced' counts the classes with ``sample_weight`` when given (as scikit-learn's forests)."""
    settings = class_weight if isinstance(class_weight, list) else [class_weight] * Y.shape[1]
    if len(settings) != Y.shape[1]:
        raise ValueError(f"class_weight is a list of {len(settings)} settings for {Y.shape[1]} outputs; "
                         "give one per output.")
    weight = np.ones(Y.shape[0])
    for k, setting in enumerate(settings):
        weight *= compute_sample_weight(setting, Y[:, k], sample_weight=sample_weight)
    return weight


class BaseDecisionTree(BaseEstimator):
    """Shared fit logic: check the settings, then grow ``tree_`` with the level-wise builder."""

    _criteria: tuple = ()

    def _check_params(self, n_samples: int, n_features: int) -> dict:
        if self.splitter not in ("best", "random"):
            raise ValueError(f"splitter must be 'best' or 'random'; got {self.splitter!r}.")
        if self.criterion not in self._criteria:
            raise ValueError(f"criterion must be one of {list(self._criteria)}; got {self.criterion!r}.")
        if self.max_depth is not None and (not isinstance(self.max_depth, numbers.Integral)
                                           or isinstance(self.max_depth, bool) or self.max_depth < 1):
            raise ValueError(f"max_depth must be None or an int >= 1; got {self.max_depth!r}.")
        min_leaf = _count_param("min_samples_leaf", self.min_samples_leaf, n_samples, 1)
        min_split = _count_param("min_samples_split", self.min_samples_split, n_samples, 2)
        if isinstance(self.min_samples_split, numbers.Integral) and self.min_samples_split < 2:
            raise ValueError(f"min_samples_split must be an int >= 2 or a float in (0, 1]; "
                             f"got {self.min_samples_split}.")
        if not isinstance(self.min_impurity_decrease, numbers.Real) or self.min_impurity_decrease < 0:
            raise ValueError(f"min_impurity_decrease must be a float >= 0; got {self.min_impurity_decrease!r}.")
        leaves = self.max_leaf_nodes
        if leaves is not None and (not isinstance(leaves, numbers.Integral) or isinstance(leaves, bool) or leaves < 2):
            raise ValueError(f"max_leaf_nodes must be None or an int >= 2; got {leaves!r}.")
        if not isinstance(self.ccp_alpha, numbers.Real) or self.ccp_alpha < 0:
            raise ValueError(f"ccp_alpha must be a float >= 0; got {self.ccp_alpha!r}.")
        if self.monotonic_cst is not None:
            raise ValueError("monotonic_cst (monotonicity constraints) is not offered by glassnet's trees; "
                             "leave it None.")
        fraction = self.min_weight_fraction_leaf
        if not isinstance(fraction, numbers.Real) or not 0.0 <= fraction <= 0.5:
            raise ValueError(f"min_weight_fraction_leaf must be a float in [0, 0.5]; got {fraction!r}.")
        return dict(max_depth=self.max_depth, min_samples_split=max(min_split, 2 * min_leaf),
                    min_samples_leaf=min_leaf,
                    max_features=resolve_max_features(self.max_features, n_features),
                    min_impurity_decrease=float(self.min_impurity_decrease))

    def _grow(self, X, y_codes, sample_weight, n_classes, sorted_idx=None, XT=None):
        sample_weight = check_sample_weight(sample_weight, X)
        if np.any(sample_weight < 0):
            raise ValueError("sample_weight must be non-negative.")
        if not np.any(sample_weight > 0):
            raise ValueError("sample_weight: the weights are all zero; at least one sample needs a positive weight.")
        settings = self._check_params(X.shape[0], X.shape[1])
        if self.min_weight_fraction_leaf > 0 and self.criterion == "absolute_error":
            raise ValueError("min_weight_fraction_leaf > 0 is not offered with criterion='absolute_error'; "
                             "use min_samples_leaf.")
        self.max_features_ = settings["max_features"]
        tree = build_tree(X, y_codes, sample_weight, criterion=self.criterion, n_classes=n_classes,
                          random_state=check_random_state(self.random_state),
                          sorted_idx=sorted_idx, XT=XT, splitter=self.splitter,
                          min_weight_leaf=self.min_weight_fraction_leaf * float(sample_weight.sum()), **settings)
        self.tree_ = self._limit(tree)
        return self

    def _limit(self, tree: Tree) -> Tree:
        """Apply the limits decided once the tree is grown: the leaf budget, then pruning."""
        if self.max_leaf_nodes is not None:
            tree = best_first(tree, self.max_leaf_nodes)
        if self.ccp_alpha > 0:
            tree = prune(tree_in_preorder(tree), self.ccp_alpha)
        return tree

    def cost_complexity_pruning_path(self, X, y, sample_weight=None) -> Bunch:
        """The α at which each weakest link is cut, and the leaves' total impurity after each cut
        (``ccp_alphas``, ``impurities``; see ``_pruning.py``). Fits a copy with ccp_alpha=0."""
        from glassnet.base import clone
        grown = clone(self).set_params(ccp_alpha=0.0).fit(X, y, sample_weight=sample_weight)
        return Bunch(**pruning_path(tree_in_preorder(grown.tree_)))

    def _validate_X_predict(self, X) -> np.ndarray:
        check_is_fitted(self, "tree_")
        return validate_features(self, X, reset=False)

    def apply(self, X) -> np.ndarray:
        """Index of the leaf that each sample reaches."""
        X = self._validate_X_predict(X)
        return self.tree_.apply(X)

    def decision_path(self, X):
        """Which nodes each sample passes through: a sparse (n_samples, node_count) 0/1 matrix in CSR
        form, as scikit-learn's (``indices[indptr[i]:indptr[i + 1]]`` are sample i's nodes, root first).
        Needs SciPy, for the sparse matrix."""
        X = self._validate_X_predict(X)
        try:
            from scipy.sparse import csr_matrix
        except ImportError as error:                 # SciPy is not a dependency of glassnet
            raise ImportError("decision_path returns a scipy.sparse matrix; install SciPy "
                              "(pip install scipy).") from error
        indptr, indices = self.tree_.decision_paths(X)
        return csr_matrix((np.ones(len(indices), dtype=np.int64), indices, indptr),
                          shape=(X.shape[0], self.tree_.node_count))

    def get_depth(self) -> int:
        """Length of the longest root-to-leaf path."""
        check_is_fitted(self, "tree_")
        return self.tree_.max_depth

    def get_n_leaves(self) -> int:
        check_is_fitted(self, "tree_")
        return self.tree_.n_leaves

    @property
    def feature_importances_(self) -> np.ndarray:
        """Mean decrease in impurity per feature, normalised to sum to one."""
        check_is_fitted(self, "tree_")
        return self.tree_.compute_feature_importances()

    def _tag_overrides(self):
        return {"multi_output": True}


class DecisionTreeClassifier(MultiOutputClassifierMixin, ProbabilisticClassifierMixin, ClassifierMixin,
                             BaseDecisionTree):
    """A classification tree grown greedily by impurity decrease.

    At each node the split (feature j, threshold t) maximises
    ΔI = I(node) − (W_L/W) I(left) − (W_R/W) I(right), where I is

    - ``'gini'``:  G = 1 − Σ_c p_c²
    - ``'entropy'`` or ``'log_loss'``:  H = − Σ_c p_c log₂ p_c  (ΔI is then the information gain)

    and p_c is the (weighted) share of class c in the node. Every threshold between consecutive
    distinct values of every feature is tried (exhaustive search: t = midpoint of the two values).
    A leaf predicts the class shares of its training samples (``predict_proba``) and their argmax.
    ``splitter='random'`` scores one random threshold per feature instead (extremely randomised).

    Several outputs (y of shape (n, k)): one tree for all k labels, the impurity being the mean of
    the k outputs' impurities; ``classes_`` is then a list of k arrays, ``predict`` returns (n, k)
    labels and ``predict_proba`` a list of k arrays.
    """

    _criteria = CLASSIFICATION

    def __init__(self, *, criterion="gini", splitter="best", max_depth=None, min_samples_split=2,
                 min_samples_leaf=1, min_weight_fraction_leaf=0.0, max_features=None, random_state=None,
                 max_leaf_nodes=None, min_impurity_decrease=0.0, class_weight=None, ccp_alpha=0.0,
                 monotonic_cst=None):
        self.criterion = criterion
        self.splitter = splitter
        self.max_depth = max_depth
        self.min_samples_split = min_samples_split
        self.min_samples_leaf = min_samples_leaf
        self.min_weight_fraction_leaf = min_weight_fraction_leaf
        self.max_features = max_features
        self.random_state = random_state
        self.max_leaf_nodes = max_leaf_nodes
        self.min_impurity_decrease = min_impurity_decrease
        self.class_weight = class_weight
        self.ccp_alpha = ccp_alpha
        self.monotonic_cst = monotonic_cst

    def fit(self, X, y, sample_weight=None) -> "DecisionTreeClassifier":
        X, y = validate_features(self, X, y, multi_output=True)
        Y = target_columns(y)
        check_classification_targets(Y)
        codes, n_classes = set_classes(self, Y)
        if self.class_weight is not None:
            sample_weight = check_sample_weight(sample_weight, X) * class_weights_per_sample(self.class_weight, Y)
        return self._grow(X, codes, sample_weight, n_classes)

    def predict_proba(self, X):
        """Class shares of the training samples in the reached leaf, shape (n_samples, n_classes)
        (a list of k such arrays with k outputs)."""
        X = self._validate_X_predict(X)
        return split_probabilities(self.tree_.predict(X), self.n_outputs_, np.atleast_1d(self.n_classes_))


@finite_outputs
class DecisionTreeRegressor(RegressorMixin, BaseDecisionTree):
    """A regression tree: piecewise-constant prediction, split by impurity decrease.

    - ``'squared_error'``: I = Σ w (y − ȳ)² / W, leaves predict the mean ȳ
    - ``'friedman_mse'``: the same impurity, splits ranked by W_L W_R (ȳ_L − ȳ_R)² (Friedman)
    - ``'absolute_error'``: I = Σ w |y − m| / W, leaves predict the median m (O(n²) per node: for
      classroom-sized data)

    Several outputs (y of shape (n, k)): the leaves predict the k means together and the impurity
    is the mean over the outputs; ``predict`` returns (n, k).
    """

    _criteria = REGRESSION

    def __init__(self, *, criterion="squared_error", splitter="best", max_depth=None, min_samples_split=2,
                 min_samples_leaf=1, min_weight_fraction_leaf=0.0, max_features=None, random_state=None,
                 max_leaf_nodes=None, min_impurity_decrease=0.0, ccp_alpha=0.0, monotonic_cst=None):
        self.criterion = criterion
        self.splitter = splitter
        self.max_depth = max_depth
        self.min_samples_split = min_samples_split
        self.min_samples_leaf = min_samples_leaf
        self.min_weight_fraction_leaf = min_weight_fraction_leaf
        self.max_features = max_features
        self.random_state = random_state
        self.max_leaf_nodes = max_leaf_nodes
        self.min_impurity_decrease = min_impurity_decrease
        self.ccp_alpha = ccp_alpha
        self.monotonic_cst = monotonic_cst

    def fit(self, X, y, sample_weight=None) -> "DecisionTreeRegressor":
        X, y = validate_features(self, X, y, y_numeric=True, multi_output=True)
        Y = target_columns(y).astype(np.float64)
        self.n_outputs_ = Y.shape[1]
        targets = Y[:, 0] if self.n_outputs_ == 1 else Y
        return check_fitted_finite(self._grow(X, targets, sample_weight, [0] * self.n_outputs_), "tree_.value")

    def predict(self, X) -> np.ndarray:
        """The reached leaf's value: shape (n_samples,), or (n_samples, k) with k outputs."""
        X = self._validate_X_predict(X)
        return regression_columns(self.tree_.predict(X), self.n_outputs_)


__all__ = ["BaseDecisionTree", "DecisionTreeClassifier", "DecisionTreeRegressor", "Tree",
           "resolve_max_features", "validate_features"]
