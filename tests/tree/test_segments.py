"""Per-node minima and maxima of a level's samples (tree/_segments.py) equal NumPy's reduceat."""
import numpy as np
import pytest

from glassnet.tree._segments import SIZE_CLASSES, segment_min_max


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("seed", range(5))
def test_segment_min_max_equals_reduceat_for_every_size_class(dtype, seed):
    rng = np.random.RandomState(seed)
    # every size class, segments longer than the last class, and long ones side by side at the end
    sizes = np.concatenate([rng.randint(1, SIZE_CLASSES[-1] + 1, 40), rng.randint(17, 60, 5), [1, 2, 3, 30, 31]])
    rng.shuffle(sizes[:-2])
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    values = rng.normal(size=(3, sizes.sum())).astype(dtype)
    low, high = segment_min_max(values, starts, sizes)
    assert low.dtype == dtype and low.shape == (3, len(sizes))
    np.testing.assert_array_equal(low, np.minimum.reduceat(values, starts, axis=1))
    np.testing.assert_array_equal(high, np.maximum.reduceat(values, starts, axis=1))
    assert np.all(low < high) or np.any(sizes == 1)


def test_segment_min_max_of_one_row_and_only_short_or_only_long_segments():
    values = np.array([[5.0, 1.0, 4.0, 2.0, 9.0, 0.5]])
    low, high = segment_min_max(values, np.array([0, 2, 5]), np.array([2, 3, 1]))
    np.testing.assert_array_equal(low, [[1.0, 2.0, 0.5]])
    np.testing.assert_array_equal(high, [[5.0, 9.0, 0.5]])
    long = np.arange(40.0)[::-1][None, :]
    low, high = segment_min_max(long, np.array([0, 20]), np.array([20, 20]))
    np.testing.assert_array_equal(low, [[20.0, 0.0]])
    np.testing.assert_array_equal(high, [[39.0, 19.0]])
