"""Kernel support vector machines: SVC (classification) and SVR (ε-regression), trained by SMO."""
from __future__ import annotations

import numpy as np

from glassnet.base import ClassifierMixin, RegressorMixin
from glassnet.svm._base import BaseKernelSVM, check_sample_weight_for_svm
from glassnet.svm._kernels import kernel_diagonal
from glassnet.svm._platt import couple, fit_sigmoid, sigmoid_predict
from glassnet.svm._smo_batch import smo_many
from glassnet.utils.available_if import available_if
from glassnet.utils.threads import one_blas_thread
from glassnet.utils.validation import check_classification_targets, check_random_state, validate_data


_SIDE_BY_SIDE_MIN = 10


def _needs_probability(svc) -> None:
    if not svc.probability:
        raise AttributeError("predict_proba is not available when probability=False; "
                             "set probability=True before fit.")


class SVC(ClassifierMixin, BaseKernelSVM):
    """Soft-margin support vector classifier: the widest margin between two classes.

    Primal: min ½‖w‖² + C Σ ξ_t  s.t.  y_t (w·φ(x_t) + b) ≥ 1 − ξ_t, ξ_t ≥ 0. Its dual,
    min ½ αᵀQα − Σ α_t with Q_ts = y_t y_s k(x_t, x_s), 0 ≤ α_t ≤ C, Σ y_t α_t = 0, is solved by
    SMO (:mod:`glassnet.svm._smo`). The samples with α_t > 0 are the support vectors, and
    f(x) = Σ α_t y_t k(x_t, x) + b. Several classes: one binary SVM per pair of classes
    (one-vs-one, as libsvm); ``predict`` takes the class with the most pairwise votes, and
    ``decision_function`` reports the votes in one-vs-rest shape (plus a small confidence term)
    unless ``decision_function_shape='ovo'``.

    ``probability=True`` fits Platt's sigmoid P(class | f) = 1/(1 + exp(A f + B)) on scores from
    an internal 5-fold cross-validation (then couples the pairs); it is slower, and its
    cross-validation draws differ from libsvm's, so probabilities match scikit-learn's only
    approximately. ``class_weight`` and ``sample_weight`` scale C per sample.

    Attributes
    ----------
    classes_, support_ (indices of the support vectors, class by class), support_vectors_,
    n_support_ (per class), dual_coef_ (n_classes − 1, n_SV): α_t y_t in each pairwise problem,
    intercept_ (one per pair), probA_, probB_ (with ``probability``), n_iter_ (per pair),
    fit_status_ (0).
    """

    def __init__(self, *, C: float = 1.0, kernel="rbf", degree: int = 3, gamma="scale", coef0: float = 0.0,
                 shrinking: bool = True, probability: bool = False, tol: float = 1e-3,
                 cache_size: float = 200, class_weight=None, verbose: bool = False, max_iter: int = -1,
                 decision_function_shape: str = "ovr", break_ties: bool = False, random_state=None):
        self.C = C
        self.kernel = kernel
        self.degree = degree
        self.gamma = gamma
        self.coef0 = coef0
        self.shrinking = shrinking
        self.probability = probability
        self.tol = tol
        self.cache_size = cache_size
        self.class_weight = class_weight
        self.verbose = verbose
        self.max_iter = max_iter
        self.decision_function_shape = decision_function_shape
        self.break_ties = break_ties
        self.random_state = random_state

    # ------------------------------------------------------------------ training
    def _class_weights(self, y_idx: np.ndarray) -> np.ndarray:
        k = len(self.classes_)
        if self.class_weight is None:
            return np.ones(k)
        if self.class_weight == "balanced":
            return len(y_idx) / (k * np.bincount(y_idx, minlength=k))
        weights = np.ones(k)
        for label, w in dict(self.class_weight).items():
            match = np.flatnonzero(self.classes_ == label)
            if match.size == 0:
                raise ValueError(f"class_weight: the class label {label!r} is not present in y.")
            weights[match[0]] = w
        return weights

    def _solve_pair(self, rows, y_pm, C_t, X, K_all):
        """One binary SMO problem on the samples ``rows`` (labels ±1); returns (α·y, ρ, iterations).
        ``K_all``: the kernel matrix of all of X, or None when it does not fit in the cache."""
        if K_all is None:
            full = None
        elif len(rows) == K_all.shape[0]:             # every sample takes part: rows is 0 … n − 1
            full = K_all
        else:
            full = K_all[np.ix_(rows, rows)]
        kernel = self._kernel_rows(X[rows], full=full)
        alpha, rho, it = self._solver()(kernel, -np.ones(len(rows)), y_pm, C_t, tol=float(self.tol),
                                        max_iter=self.max_iter)
        return alpha * y_pm, rho, it

    def _solve_pairs(self, problems, X, K_all) -> list:
        """Several binary problems (rows, labels ±1, C): side by side (:mod:`glassnet.svm._smo_batch`)
        when there are many (an iteration side by side costs about what 7 single ones cost: measured
        on breast_cancer's 5 Platt folds and digits' 45 pairs) and the kernel matrix of X is at
        hand, else one after the other."""
        if K_all is None or len(problems) < _SIDE_BY_SIDE_MIN:
            return [self._solve_pair(rows, y_pm, C_t, X, K_all) for rows, y_pm, C_t in problems]
        diag = kernel_diagonal(X, self.kernel, gamma=self._gamma, coef0=float(self.coef0), degree=int(self.degree))
        rows, y_pms, C_ts = zip(*problems)
        solved = smo_many(K_all, diag, rows, [-np.ones(len(r)) for r in rows], y_pms, C_ts, tol=float(self.tol),
                          max_iter=self.max_iter, newton=not self._reference_solver)
        return [(alpha * y_pm, rho, it) for (alpha, rho, it), y_pm in zip(solved, y_pms)]

    def fit(self, X, y, sample_weight=None) -> "SVC":
        self._check_params()
        if self.decision_function_shape not in ("ovr", "ovo"):
            raise ValueError(f"decision_function_shape must be 'ovr' or 'ovo', got {self.decision_function_shape!r}.")
        X, y = validate_data(self, X, y, dtype=np.float64)
        X = np.asarray(X, dtype=np.float64)
        check_classification_targets(y)
        self.classes_, y_idx = np.unique(y, return_inverse=True)
        k = len(self.classes_)
        if k < 2:
            raise ValueError(f"The number of classes has to be greater than one; got {k} class")
        weights = check_sample_weight_for_svm(sample_weight, len(y))
        C_all = float(self.C) * self._class_weights(y_idx)[y_idx] * weights
        self.class_weight_ = self._class_weights(y_idx)   # one weight per class, as scikit-learn shows it
        self._prepare_kernel(X)
        pairs = [(i, j) for i in range(k) for j in range(i + 1, k)]
        problems = []
        for i, j in pairs:                # libsvm's one-vs-one: class i is +1, class j is −1
            rows = np.flatnonzero((y_idx == i) | (y_idx == j))
            rows = rows[C_all[rows] > 0]
            if not (np.any(y_idx[rows] == i) and np.any(y_idx[rows] == j)):
                raise ValueError(f"Invalid input - all samples of class {self.classes_[i]!r} or "
                                 f"{self.classes_[j]!r} have zero or negative weight (C · weight).")
            problems.append((rows, np.where(y_idx[rows] == i, 1.0, -1.0), C_all[rows]))
        self._pair_rows = [rows for rows, _, _ in problems]
        K_all = self._full_kernel(X)      # one large product: BLAS threads help here
        # SMO's kernel products are small: BLAS threads would spin between them more than they help
        with one_blas_thread():
            coefs, rhos, iters = zip(*self._solve_pairs(problems, X, K_all))
            self._store_support(X, y_idx, pairs, coefs)
            self._intercept_ovo = -np.array(rhos)
            self.n_iter_ = np.array(iters, dtype=np.int32)
            self.fit_status_ = 0
            if self.probability:
                self._fit_probability(X, y_idx, C_all, pairs, K_all)
        del self._pair_rows
        self.shape_fit_ = X.shape
        return self

    def _store_support(self, X, y_idx, pairs, coefs) -> None:
        """Gather the support vectors class by class and lay out dual_coef_ as libsvm does."""
        k = len(self.classes_)
        is_sv = np.zeros(len(y_idx), dtype=bool)
        for rows, coef in zip(self._pair_rows, coefs):
            is_sv[rows[coef != 0]] = True
        support = np.concatenate([np.flatnonzero(is_sv & (y_idx == c)) for c in range(k)])
        position = {int(s): p for p, s in enumerate(support)}
        dual = np.zeros((k - 1, len(support)))
        for (i, j), rows, coef in zip(pairs, self._pair_rows, coefs):
            for t, a in zip(rows[coef != 0], coef[coef != 0]):      # only the support vectors
                dual[j - 1 if y_idx[t] == i else i, position[int(t)]] = a
        self.support_ = support.astype(np.int32)
        self.support_vectors_ = X[support]
        self._n_support = np.array([(y_idx[support] == c).sum() for c in range(k)], dtype=np.int32)
        self._dual_ovo = dual

    @property
    def n_support_(self) -> np.ndarray:
        return self._n_support

    @property
    def dual_coef_(self) -> np.ndarray:
        """α_t y_t; for two classes with the sign that makes positive scores mean classes_[1]."""
        return -self._dual_ovo if len(self.classes_) == 2 else self._dual_ovo

    @property
    def intercept_(self) -> np.ndarray:
        return -self._intercept_ovo if len(self.classes_) == 2 else self._intercept_ovo

    def _ovo_coef(self) -> np.ndarray:
        return self._pair_weights()

    # ------------------------------------------------------------------ prediction
    def _pair_decisions(self, X: np.ndarray) -> np.ndarray:
        """f_ij(x) for every pair (i < j), positive for class i: shape (n_samples, n_pairs)."""
        K = self._kernel(X, self.support_vectors_)
        k = len(self.classes_)
        bounds = np.r_[0, np.cumsum(self._n_support)]
        out = np.empty((X.shape[0], k * (k - 1) // 2))
        p = 0
        for i in range(k):
            for j in range(i + 1, k):
                si, sj = slice(bounds[i], bounds[i + 1]), slice(bounds[j], bounds[j + 1])
                out[:, p] = (K[:, si] @ self._dual_ovo[j - 1, si] + K[:, sj] @ self._dual_ovo[i, sj]
                             + self._intercept_ovo[p])
                p += 1
        return out

    def _pair_weights(self) -> np.ndarray:
        """w of each pairwise hyperplane (linear kernel): shape (n_pairs, n_features)."""
        k = len(self.classes_)
        bounds = np.r_[0, np.cumsum(self._n_support)]
        rows = []
        for i in range(k):
            for j in range(i + 1, k):
                si, sj = slice(bounds[i], bounds[i + 1]), slice(bounds[j], bounds[j + 1])
                rows.append(self._dual_ovo[j - 1, si] @ self.support_vectors_[si]
                            + self._dual_ovo[i, sj] @ self.support_vectors_[sj])
        return np.array(rows)

    def decision_function(self, X) -> np.ndarray:
        """Signed distance to the margin: (n,) for two classes, else (n, n_classes) ('ovr') or
        (n, n_pairs) ('ovo')."""
        X = self._check_predict_input(X)
        dec = self._pair_decisions(X)
        k = len(self.classes_)
        if k == 2:
            return -dec[:, 0]
        if self.decision_function_shape == "ovo":
            return dec
        return ovr_from_ovo(dec, k)

    def predict(self, X) -> np.ndarray:
        """The class with the most pairwise votes (ties: the first class), as libsvm."""
        X = self._check_predict_input(X)
        k = len(self.classes_)
        if self.break_ties and k > 2 and self.decision_function_shape == "ovr":
            return self.classes_[np.argmax(ovr_from_ovo(self._pair_decisions(X), k), axis=1)]
        if self.break_ties and self.decision_function_shape == "ovo":
            raise ValueError("break_ties must be False when decision_function_shape is 'ovo'")
        dec = self._pair_decisions(X)
        votes = np.zeros((X.shape[0], k))
        p = 0
        for i in range(k):
            for j in range(i + 1, k):
                wins = dec[:, p] > 0
                votes[:, i] += wins
                votes[:, j] += ~wins
                p += 1
        return self.classes_[np.argmax(votes, axis=1)]

    # ------------------------------------------------------------------ probabilities
    def _fit_probability(self, X, y_idx, C_all, pairs, K_all) -> None:
        """Platt's (A, B) per pair, from 5-fold cross-validated scores of that pair's SVM."""
        rng = check_random_state(self.random_state)
        folds, problems = [], []          # every fold of every pair, solved side by side
        for (i, j), rows in zip(pairs, self._pair_rows):
            y_pm = np.where(y_idx[rows] == i, 1.0, -1.0)
            order = rng.permutation(len(rows))
            for fold in range(5):
                test = order[fold * len(rows) // 5:(fold + 1) * len(rows) // 5]
                train = np.setdiff1d(order, test)
                folds.append((test, train))
                if not (np.all(y_pm[train] > 0) or np.all(y_pm[train] < 0)):
                    problems.append((rows[train], y_pm[train], C_all[rows[train]]))
        solved = iter(self._solve_pairs(problems, X, K_all)) if problems else iter(())
        probA, probB = [], []
        for p, ((i, j), rows) in enumerate(zip(pairs, self._pair_rows)):
            y_pm = np.where(y_idx[rows] == i, 1.0, -1.0)
            scores = np.zeros(len(rows))
            for test, train in folds[5 * p:5 * p + 5]:
                y_train = y_pm[train]
                if np.all(y_train > 0) or np.all(y_train < 0):     # one class only: its label as the score
                    scores[test] = y_train[0] if len(train) else 0.0
                    continue
                coef, rho, _ = next(solved)
                K_test = (K_all[np.ix_(rows[test], rows[train])] if K_all is not None     # already computed
                          else self._kernel(X[rows[test]], X[rows[train]]))
                scores[test] = K_test @ coef - rho
            A, B = fit_sigmoid(scores, y_pm > 0)
            probA.append(A)
            probB.append(B)
        self.probA_, self.probB_ = np.array(probA), np.array(probB)

    @available_if(_needs_probability)
    def predict_log_proba(self, X) -> np.ndarray:
        """log P(class | x) (only with ``probability=True``, as scikit-learn's)."""
        return np.log(self.predict_proba(X))

    @available_if(_needs_probability)
    def predict_proba(self, X) -> np.ndarray:
        """P(class | x) (only with ``probability=True``): Platt's sigmoid on each pair's score, coupled over the pairs."""
        X = self._check_predict_input(X)
        if not hasattr(self, "probA_"):
            raise AttributeError("predict_proba is not available when fitted with probability=False")
        dec = self._pair_decisions(X)
        k = len(self.classes_)
        pair_p = np.clip(sigmoid_predict(dec, self.probA_, self.probB_), 1e-7, 1 - 1e-7)
        if k == 2:
            return np.column_stack([pair_p[:, 0], 1 - pair_p[:, 0]])
        r = np.zeros((X.shape[0], k, k))
        p = 0
        for i in range(k):
            for j in range(i + 1, k):
                r[:, i, j], r[:, j, i] = pair_p[:, p], 1 - pair_p[:, p]
                p += 1
        return couple(r, k)

    def _tag_overrides(self):
        return {"non_deterministic": bool(self.probability)}


def ovr_from_ovo(dec: np.ndarray, n_classes: int) -> np.ndarray:
    """One column per class: its pairwise votes plus Σ ± scores / (3 (|Σ| + 1)), a term in (−⅓, ⅓)
    that breaks ties between equal vote counts without ever overturning a vote."""
    votes = np.zeros((dec.shape[0], n_classes))
    confidence = np.zeros((dec.shape[0], n_classes))
    p = 0
    for i in range(n_classes):
        for j in range(i + 1, n_classes):
            votes[:, i] += dec[:, p] >= 0          # scikit-learn's convention at exactly 0
            votes[:, j] += dec[:, p] < 0
            confidence[:, i] += dec[:, p]
            confidence[:, j] -= dec[:, p]
            p += 1
    return votes + confidence / (3 * (np.abs(confidence) + 1))


class SVR(RegressorMixin, BaseKernelSVM):
    """ε-support vector regression: a tube of half-width ε around f(x) = Σ (α_t − α*_t) k(x_t, x) + b.

    Primal: min ½‖w‖² + C Σ (ξ_t + ξ*_t) with |y_t − f(x_t)| ≤ ε + ξ. The dual has 2n variables
    (α for points above the tube, α* below) and is solved by the same SMO as SVC, with
    Q = [[K, −K], [−K, K]], p = [ε − y; ε + y] and labels [+1…; −1…]. Samples inside the tube
    get α = α* = 0: only the others are support vectors.
    """

    def __init__(self, *, kernel="rbf", degree: int = 3, gamma="scale", coef0: float = 0.0, tol: float = 1e-3,
                 C: float = 1.0, epsilon: float = 0.1, shrinking: bool = True, cache_size: float = 200,
                 verbose: bool = False, max_iter: int = -1):
        self.kernel = kernel
        self.degree = degree
        self.gamma = gamma
        self.coef0 = coef0
        self.tol = tol
        self.C = C
        self.epsilon = epsilon
        self.shrinking = shrinking
        self.cache_size = cache_size
        self.verbose = verbose
        self.max_iter = max_iter

    def fit(self, X, y, sample_weight=None) -> "SVR":
        self._check_params()
        if not (isinstance(self.epsilon, (int, float)) and self.epsilon >= 0):
            raise ValueError(f"epsilon must be a number >= 0, got epsilon={self.epsilon!r}.")
        X, y = validate_data(self, X, y, dtype=np.float64, y_numeric=True)
        X, y = np.asarray(X, dtype=np.float64), np.asarray(y, dtype=np.float64)
        n = len(y)
        C_t = float(self.C) * check_sample_weight_for_svm(sample_weight, n)
        self._prepare_kernel(X)
        sign = np.r_[np.ones(n), -np.ones(n)]
        with one_blas_thread():    # small products: no spinning BLAS threads
            K = self._full_kernel(X)
            kernel = self._kernel_rows(X, copies=2, full=K)
            alpha, rho, it = self._solver()(kernel, np.r_[self.epsilon - y, self.epsilon + y], sign,
                                 np.concatenate([C_t, C_t]), tol=float(self.tol), max_iter=self.max_iter)
        coef = alpha[:n] - alpha[n:]
        support = np.flatnonzero(coef != 0)
        self.support_ = support.astype(np.int32)
        self.support_vectors_ = X[support]
        self.dual_coef_ = coef[support][None, :]
        self.intercept_ = np.array([-rho])
        self.n_support_ = np.array([len(support)], dtype=np.int32)
        self.n_iter_ = it
        self.fit_status_ = 0
        self.shape_fit_ = X.shape
        return self

    def predict(self, X) -> np.ndarray:
        """f(x) = Σ_t dual_coef_t k(x_t, x) + intercept_."""
        X = self._check_predict_input(X)
        return self._kernel(X, self.support_vectors_) @ self.dual_coef_[0] + self.intercept_[0]
