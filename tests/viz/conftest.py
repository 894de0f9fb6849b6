"""Picture tests draw off-screen and close every figure they made."""
import io

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _not_blank(figure) -> bool:
    """The rendered picture has content: its pixels are not all one colour."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    buffer.seek(0)
    return float(matplotlib.image.imread(buffer).std()) > 0.01


@pytest.fixture
def not_blank():
    return _not_blank


def boxes_overlap(a, b) -> bool:
    return a.x0 < b.x1 and b.x0 < a.x1 and a.y0 < b.y1 and b.y0 < a.y1


@pytest.fixture
def overlap():
    return boxes_overlap


@pytest.fixture
def rng():
    return np.random.default_rng(0)
