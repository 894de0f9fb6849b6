"""The order in which SGD visits the samples, epoch after epoch: scikit-learn's shuffle, reproduced.

scikit-learn's SGD shuffles its index array in place before every epoch with a Fisher–Yates pass
driven by a 32-bit xorshift generator, and it restarts the generator from the same ``seed`` each
epoch. So every epoch applies the same permutation P to the previous epoch's order:

    order_0 = (0, 1, …, n − 1),      order_e = order_{e−1}[P],
    P = Fisher–Yates of (0, …, n − 1):  for i = 0 … n − 2: swap(i, i + r_i mod (n − i)),
    r_i = the i-th output of xorshift32 (s ← s ⊕ s≪13, s ← s ⊕ s≫17, s ← s ⊕ s≪5; r = s mod 2³¹).

P is computed once per fit; each epoch then costs one gather. With the same seed — drawn from
``random_state`` as scikit-learn draws it (:func:`shuffle_seed`) — glassnet visits the samples in
scikit-learn's very order, so a binary classifier or a regressor takes scikit-learn's updates and
stops after the same number of epochs.

The xorshift step is linear over bits (s' = T s, T a 32 × 32 matrix over GF(2)), so the n outputs
are made in lanes: the start of each lane is T^steps applied to the previous lane's start, and all
lanes then advance together, one NumPy step for every output of a lane.
"""
from __future__ import annotations

import numpy as np

MAX_INT = np.iinfo(np.int32).max       # scikit-learn's bound for the seeds it draws
_MASK = 0xFFFFFFFF
_LANES = 512


def shuffle_seed(rng: np.random.RandomState, regression: bool) -> int:
    """The seed of the shuffle, drawn from ``rng`` as scikit-learn's SGD draws it.

    A classifier's binary problem draws its data set's seed first (unused here), then the shuffle's;
    the regressor draws the shuffle's first, then its data set's. Both draws are made, so that the
    generator is left where scikit-learn leaves it.
    """
    if regression:
        seed = int(rng.randint(0, MAX_INT))
        rng.randint(1, MAX_INT)
        return seed
    rng.randint(1, MAX_INT)
    return int(rng.randint(MAX_INT))


def _xorshift(s: int) -> int:
    """One step of scikit-learn's generator on a 32-bit state."""
    s ^= (s << 13) & _MASK
    s ^= s >> 17
    return s ^ ((s << 5) & _MASK)


def _power(columns: list[int], exponent: int) -> list[int]:
    """Columns of Tᵉ (a GF(2) matrix given by the images of the 32 bits), by repeated squaring."""
    result = [1 << k for k in range(32)]
    while exponent:
        if exponent & 1:
            result = [_apply(columns, c) for c in result]
        columns = [_apply(columns, c) for c in columns]
        exponent >>= 1
    return result


def _apply(columns: list[int], s: int) -> int:
    """T·s over GF(2), T given by its columns (the images of the 32 bits): XOR of the columns of s's 1 bits."""
    out = 0
    k = 0
    while s:
        if s & 1:
            out ^= columns[k]
        s >>= 1
        k += 1
    return out


def xorshift_outputs(seed: int, count: int) -> np.ndarray:
    """The first ``count`` outputs r_i of scikit-learn's ``our_rand_r`` from ``seed`` (uint32, < 2³¹)."""
    seed = int(seed) & _MASK or 1                      # scikit-learn replaces a 0 seed by 1
    lanes = max(1, min(_LANES, count))
    steps = -(-count // lanes)
    jump = _power([_xorshift(1 << k) for k in range(32)], steps)
    starts = [seed]
    for _ in range(lanes - 1):
        starts.append(_apply(jump, starts[-1]))
    state = np.array(starts, dtype=np.uint32)
    out = np.empty((steps, lanes), dtype=np.uint32)
    shifted = np.empty_like(state)
    for row in out:
        np.left_shift(state, 13, out=shifted)
        state ^= shifted
        np.right_shift(state, 17, out=shifted)
        state ^= shifted
        np.left_shift(state, 5, out=shifted)
        state ^= shifted
        row[...] = state
    return out.T.reshape(-1)[:count] & np.uint32(0x7FFFFFFF)


def shuffle_permutation(n: int, seed: int) -> np.ndarray:
    """P: scikit-learn's Fisher–Yates pass over n samples with ``seed`` turns order into order[P]."""
    i = np.arange(n, dtype=np.int64)
    partners = i.copy()                                # the last step swaps n − 1 with itself
    partners[:-1] += xorshift_outputs(seed, n - 1) % (n - i[:-1])
    return swaps_result(partners)


def swaps_result(partners: np.ndarray) -> np.ndarray:
    """(0, …, n − 1) after swap(i, partners[i]) for i = 0, 1, …, n − 1 in turn, where partners[i] ≥ i.

    Written without a loop over the swaps: step i fixes position i for good, taking what
    position p = partners[i] holds then. p (≥ i) was last written at the latest earlier step i'
    with partners[i'] = p, which put there what position i' held just before step i'; if no
    step wrote p, it still holds p. So with a_s = what position s holds just before step s,

        a_s = a_{i'}  (i' = the last step before s with partners[i'] = s),  or s if none,
        result[i] = a_{i'} (i' = the last step before i with partners[i'] = partners[i]), or partners[i].

    The a's follow chains of earlier steps; pointer jumping (ptr ← ptr[ptr]) finds each chain's end.
    """
    n = len(partners)
    steps = np.arange(n)
    # the steps grouped by partner, in order: one sort of the keys partner·n + step (all distinct)
    keys = np.sort(partners * n + steps)
    by_partner, sorted_partners = keys % n, keys // n
    same = sorted_partners[1:] == sorted_partners[:-1]
    previous = np.full(n, -1)                          # the last earlier step with the same partner
    previous[by_partner[1:][same]] = by_partner[:-1][same]
    moves = sorted_partners > by_partner               # the steps that swap two different positions
    writes, written = by_partner[moves], sorted_partners[moves]
    last = np.ones(len(written), dtype=bool)          # the last write of each position
    last[:-1] = written[1:] != written[:-1]
    pointer = steps.copy()
    pointer[written[last]] = writes[last]
    while True:
        jumped = pointer[pointer]
        if np.array_equal(jumped, pointer):
            break
        pointer = jumped
    return np.where(previous >= 0, pointer[previous], partners)


def epoch_orders(n: int, seed: int | None):
    """The sample order of epoch 1, 2, …: scikit-learn's shuffle from ``seed``, or 0…n−1 when None."""
    if seed is None:
        plain = np.arange(n)
        while True:
            yield plain
    permutation = shuffle_permutation(n, seed)
    order = np.arange(n)
    while True:
        order = order[permutation]
        yield order
