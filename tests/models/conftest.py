import pytest

from glassnet.random import set_random_seed


@pytest.fixture(autouse=True)
def _seed():
    set_random_seed(0)
