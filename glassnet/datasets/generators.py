"""Random data generators with scikit-learn's names, arguments, shapes and dtypes.

    make_blobs               isotropic Gaussian clouds around centres (clustering)
    make_classification      clusters on the vertices of a hypercube, plus redundant,
                             repeated and useless features (feature selection, classifiers)
    make_regression          y = X·w + b + noise with only ``n_informative`` non-zero weights
    make_gaussian_quantiles  one Gaussian cloud cut into classes by nested spherical shells

X is float64 and y int64 for classification (float64 for regression), as in scikit-learn.
``random_state`` is None, an int or a ``numpy.random.RandomState``. ``make_blobs``,
``make_regression`` (without ``effective_rank``) and ``make_gaussian_quantiles`` draw in the
same order as scikit-learn, so a seed gives scikit-learn's very samples;
``make_classification`` follows scikit-learn's documented recipe with its own draws, so it
gives the same shapes and statistics but other samples.
"""
from __future__ import annotations

import numbers

import numpy as np

from glassnet.utils.validation import check_random_state


def _shuffle_rows(rng, *arrays):
    order = np.arange(len(arrays[0]))
    rng.shuffle(order)
    return [a[order] for a in arrays]


def _positive_int(value, name: str, where: str, minimum: int = 1) -> int:
    if not isinstance(value, numbers.Integral) or isinstance(value, bool) or value < minimum:
        raise ValueError(f"{where}: {name} must be an int ≥ {minimum}, got {value!r}.")
    return int(value)


def make_blobs(n_samples=100, n_features: int = 2, *, centers=None, cluster_std=1.0,
               center_box=(-10.0, 10.0), shuffle: bool = True, random_state=None,
               return_centers: bool = False):
    """Gaussian blobs: x ~ N(cₖ, σₖ² I) for the samples of blob k.

    Parameters
    ----------
    n_samples : int or array-like of int
        An int is shared out as evenly as possible (the first n mod k blobs get one more);
        a sequence gives each blob's size (then ``centers`` must be None or have that length).
    n_features : int, default=2
    centers : int, array of shape (n_centers, n_features) or None
        None → 3 blobs (or one per entry of ``n_samples``); an int → that many centres drawn
        uniformly in ``center_box``.
    cluster_std : float or sequence of float, default=1.0
    center_box : (float, float), default=(-10.0, 10.0)
    shuffle : bool, default=True
    random_state : None, int or RandomState
    return_centers : bool, default=False

    Returns
    -------
    X : ndarray of shape (n_samples, n_features), y : ndarray of shape (n_samples,) (blob index)
    centers : ndarray of shape (n_centers, n_features), only with ``return_centers``
    """
    rng = check_random_state(random_state)
    if isinstance(n_samples, numbers.Integral):
        if centers is None:
            centers = 3
        if isinstance(centers, numbers.Integral):
            centers = rng.uniform(center_box[0], center_box[1], size=(int(centers), n_features))
        else:
            centers = np.asarray(centers, dtype=np.float64)
            if centers.ndim != 2:
                raise ValueError(f"make_blobs: centers must be an int or a 2-D array, got shape {centers.shape}.")
            n_features = centers.shape[1]
        n_centers = centers.shape[0]
        sizes = np.full(n_centers, int(n_samples) // n_centers)
        sizes[: int(n_samples) % n_centers] += 1
    else:
        sizes = np.asarray(n_samples, dtype=int)
        if centers is None:
            centers = rng.uniform(center_box[0], center_box[1], size=(len(sizes), n_features))
        centers = np.asarray(centers, dtype=np.float64)
        if len(centers) != len(sizes):
            raise ValueError(f"make_blobs: length of centers ({len(centers)}) must equal the length of "
                             f"n_samples ({len(sizes)}) when n_samples is a sequence.")
        n_features = centers.shape[1]
    stds = np.full(len(centers), cluster_std, dtype=np.float64) if np.ndim(cluster_std) == 0 \
        else np.asarray(cluster_std, dtype=np.float64)
    if len(stds) != len(centers):
        raise ValueError(f"make_blobs: cluster_std has {len(stds)} entries for {len(centers)} centers.")
    parts = [rng.normal(loc=c, scale=s, size=(n, n_features)) for c, s, n in zip(centers, stds, sizes)]
    X = np.concatenate(parts) if parts else np.empty((0, n_features))
    y = np.repeat(np.arange(len(centers)), sizes).astype(np.int64)
    if shuffle:
        X, y = _shuffle_rows(rng, X, y)
    return (X, y, centers) if return_centers else (X, y)


def make_gaussian_quantiles(*, mean=None, cov: float = 1.0, n_samples: int = 100, n_features: int = 2,
                            n_classes: int = 3, shuffle: bool = True, random_state=None):
    """One Gaussian N(mean, cov·I) cut into ``n_classes`` nested shells of (nearly) equal size.

    Samples are sorted by their squared distance to the mean (a χ² quantile) and labelled
    0, 1, ... shell by shell: the classes are concentric, not linearly separable.
    """
    where = "make_gaussian_quantiles"
    n_samples = _positive_int(n_samples, "n_samples", where)
    n_classes = _positive_int(n_classes, "n_classes", where)
    if n_samples < n_classes:
        raise ValueError(f"{where}: n_samples ({n_samples}) must be at least n_classes ({n_classes}).")
    rng = check_random_state(random_state)
    mean = np.zeros(n_features) if mean is None else np.asarray(mean, dtype=np.float64)
    X = rng.multivariate_normal(mean, cov * np.identity(n_features), (n_samples,))
    X = X[np.argsort(np.sum((X - mean) ** 2, axis=1))]
    step = n_samples // n_classes
    y = np.concatenate([np.repeat(np.arange(n_classes), step),
                        np.full(n_samples - step * n_classes, n_classes - 1)]).astype(np.int64)
    if shuffle:
        X, y = _shuffle_rows(rng, X, y)
    return X, y


def make_low_rank_matrix(n_samples: int = 100, n_features: int = 100, *, effective_rank: int = 10,
                         tail_strength: float = 0.5, random_state=None) -> np.ndarray:
    """X = U·diag(s)·Vᵀ with random orthonormal U, V and a bell-shaped singular profile

    sᵢ = (1 − t)·exp(−(i/r)²) + t·exp(−0.1·i/r)   (r = ``effective_rank``, t = ``tail_strength``),
    so about r directions carry most of the variance.
    """
    rng = check_random_state(random_state)
    k = min(n_samples, n_features)
    u, _ = np.linalg.qr(rng.standard_normal(size=(n_samples, k)))
    v, _ = np.linalg.qr(rng.standard_normal(size=(n_features, k)))
    i = np.arange(k, dtype=np.float64)
    s = (1 - tail_strength) * np.exp(-((i / effective_rank) ** 2)) + tail_strength * np.exp(-0.1 * i / effective_rank)
    return (u * s) @ v.T


def make_regression(n_samples: int = 100, n_features: int = 100, *, n_informative: int = 10,
                    n_targets: int = 1, bias: float = 0.0, effective_rank=None, tail_strength: float = 0.5,
                    noise: float = 0.0, shuffle: bool = True, coef: bool = False, random_state=None):
    """y = X·w + bias + ε, ε ~ N(0, noise²), where only ``n_informative`` weights are non-zero.

    X is standard normal (or low-rank with ``effective_rank``, see :func:`make_low_rank_matrix`);
    the informative weights are 100·U(0, 1). With ``shuffle`` the rows and the columns are
    permuted (the informative features are then anywhere). ``coef=True`` also returns w.

    Returns
    -------
    X : ndarray (n_samples, n_features); y : ndarray (n_samples,) or (n_samples, n_targets);
    coef : ndarray (n_features,) or (n_features, n_targets), only with ``coef=True``
    """
    where = "make_regression"
    n_samples = _positive_int(n_samples, "n_samples", where)
    n_features = _positive_int(n_features, "n_features", where)
    n_targets = _positive_int(n_targets, "n_targets", where)
    n_informative = min(n_features, _positive_int(n_informative, "n_informative", where, minimum=0))
    rng = check_random_state(random_state)
    if effective_rank is None:
        X = rng.standard_normal(size=(n_samples, n_features))
    else:
        X = make_low_rank_matrix(n_samples, n_features, effective_rank=effective_rank,
                                 tail_strength=tail_strength, random_state=rng)
    w = np.zeros((n_features, n_targets))
    w[:n_informative] = 100 * rng.uniform(size=(n_informative, n_targets))
    y = X @ w + bias
    if noise > 0.0:
        y += rng.normal(scale=noise, size=y.shape)
    if shuffle:
        X, y = _shuffle_rows(rng, X, y)
        columns = np.arange(n_features)
        rng.shuffle(columns)
        X = X[:, columns]
        w = w[columns]
    y, w = np.squeeze(y), np.squeeze(w)
    return (X, y, w) if coef else (X, y)


def _hypercube_vertices(n_vertices: int, n_dims: int, rng) -> np.ndarray:
    """``n_vertices`` distinct corners of the cube {0, 1}^n_dims, drawn as scikit-learn draws them.

    A corner is an integer code in [0, 2^n_dims) read in binary, most significant bit first. The
    codes are drawn without replacement the way scikit-learn does, so that a ``random_state``
    gives its clusters: the first k of a random permutation when k is between 1 % and 99 % of the
    corners, reservoir sampling above (every corner: 0, 1, 2, ... in order, so the classes take
    opposite corners in turn), and below, draw and redraw until unseen.
    """
    if n_dims > 30:
        return rng.randint(2, size=(n_vertices, n_dims)).astype(np.float64)
    population = 2 ** n_dims
    ratio = n_vertices / population
    if 0.01 < ratio < 0.99:
        codes = rng.permutation(population)[:n_vertices]
    elif ratio >= 0.99:   # reservoir: keep 0..k−1, then code i takes a random slot j ≤ i when j < k
        codes = np.arange(n_vertices)
        for i in range(n_vertices, population):
            j = rng.randint(0, i + 1)
            if j < n_vertices:
                codes[j] = i
    else:
        codes, seen = [], set()
        for _ in range(n_vertices):
            code = rng.randint(population)
            while code in seen:
                code = rng.randint(population)
            seen.add(code)
            codes.append(code)
        codes = np.array(codes)
    return ((codes[:, None] >> np.arange(n_dims - 1, -1, -1)) & 1).astype(np.float64)


def make_classification(n_samples: int = 100, n_features: int = 20, *, n_informative: int = 2,
                        n_redundant: int = 2, n_repeated: int = 0, n_classes: int = 2,
                        n_clusters_per_class: int = 2, weights=None, flip_y: float = 0.01,
                        class_sep: float = 1.0, hypercube: bool = True, shift=0.0, scale=1.0,
                        shuffle: bool = True, random_state=None):
    """Gaussian clusters on the corners of a hypercube, one or more per class.

    The recipe, and the random draws, of scikit-learn's (a random_state gives its X and y;
    with hypercube=False the draws still differ):

    1. informative features: each cluster is N(0, I) in ``n_informative`` dimensions, given a
       random covariance (x ← x·A, A ~ U(−1, 1)) and moved to a corner of the hypercube of side
       2·``class_sep``; clusters are handed to the classes in turn;
    2. redundant features: random linear combinations x·B of the informative ones;
    3. repeated features: copies of informative or redundant columns drawn at random;
    4. the other features are N(0, 1) noise;
    5. a fraction ``flip_y`` of the labels is redrawn at random (label noise);
    6. x ← (x + shift)·scale per feature (None: shift ~ U(−class_sep, class_sep), scale ~ 1 + 100·U(0, 1));
    7. with ``shuffle`` rows and columns are permuted.

    ``weights`` gives the class proportions (n_classes or n_classes − 1 numbers; the last one
    is then 1 − their sum).

    Returns
    -------
    X : ndarray of shape (n_samples, n_features) float64, y : ndarray of shape (n_samples,) int64
    """
    where = "make_classification"
    n_samples = _positive_int(n_samples, "n_samples", where)
    n_features = _positive_int(n_features, "n_features", where)
    n_classes = _positive_int(n_classes, "n_classes", where)
    n_clusters_per_class = _positive_int(n_clusters_per_class, "n_clusters_per_class", where)
    n_informative = _positive_int(n_informative, "n_informative", where)
    if n_informative + n_redundant + n_repeated > n_features:
        raise ValueError(f"{where}: number of informative, redundant and repeated features must sum to at "
                         f"most n_features={n_features}, got {n_informative + n_redundant + n_repeated}.")
    n_clusters = n_classes * n_clusters_per_class
    if n_informative < np.log2(n_clusters):
        raise ValueError(f"{where}: n_classes ({n_classes}) × n_clusters_per_class ({n_clusters_per_class}) "
                         f"must be at most 2**n_informative = {2 ** n_informative}.")
    if weights is None:
        weights = np.full(n_classes, 1.0 / n_classes)
    else:
        weights = np.asarray(weights, dtype=np.float64)
        if len(weights) == n_classes - 1:
            weights = np.append(weights, 1.0 - weights.sum())
        if len(weights) != n_classes:
            raise ValueError(f"{where}: weights must have n_classes ({n_classes}) or n_classes - 1 entries, "
                             f"got {len(weights)}.")
    rng = check_random_state(random_state)
    # cluster sizes: each class's share split evenly over its clusters, the rest handed round-robin
    sizes = np.array([int(n_samples * weights[k % n_classes] / n_clusters_per_class) for k in range(n_clusters)])
    sizes[np.arange(n_samples - sizes.sum()) % n_clusters] += 1
    centroids = (2 * _hypercube_vertices(n_clusters, n_informative, rng) - 1) * class_sep
    if not hypercube:
        centroids *= 2 * rng.uniform(size=(n_clusters, 1))
        centroids *= rng.uniform(size=(1, n_informative))
    X = np.zeros((n_samples, n_features))
    y = np.repeat(np.arange(n_clusters) % n_classes, sizes).astype(np.int64)
    informative = rng.standard_normal(size=(n_samples, n_informative))
    bounds = np.r_[0, np.cumsum(sizes)]
    for k in range(n_clusters):                   # a loop over clusters, not samples
        block = informative[bounds[k]:bounds[k + 1]]
        block[...] = block @ (2 * rng.uniform(size=(n_informative, n_informative)) - 1) + centroids[k]
    X[:, :n_informative] = informative
    if n_redundant > 0:
        X[:, n_informative:n_informative + n_redundant] = informative @ (
            2 * rng.uniform(size=(n_informative, n_redundant)) - 1)
    n_useful = n_informative + n_redundant
    if n_repeated > 0:
        source = ((n_useful - 1) * rng.uniform(size=n_repeated) + 0.5).astype(np.intp)
        X[:, n_useful:n_useful + n_repeated] = X[:, source]
    n_used = n_useful + n_repeated
    X[:, n_used:] = rng.standard_normal(size=(n_samples, n_features - n_used))
    if flip_y >= 0.0:   # drawn even for flip_y = 0, as scikit-learn does: the draws after it then agree
        flip = rng.uniform(size=n_samples) < flip_y
        y[flip] = rng.randint(n_classes, size=int(flip.sum()))
    if shift is None:
        shift = (2 * rng.uniform(size=n_features) - 1) * class_sep
    if scale is None:
        scale = 1 + 100 * rng.uniform(size=n_features)
    X = (X + shift) * scale
    if shuffle:
        X, y = _shuffle_rows(rng, X, y)
        columns = np.arange(n_features)
        rng.shuffle(columns)
        X = X[:, columns]
    return X, y


__all__ = ["make_blobs", "make_classification", "make_gaussian_quantiles", "make_low_rank_matrix", "make_regression"]
