"""embedding: a table lookup whose gradient adds up per row, against PyTorch and by hand."""
import numpy as np
import pytest

from glassnet.autodiff import Tensor
from glassnet.ops.embedding import embedding
from tests.ops.gradcheck_helpers import rel_err

torch = pytest.importorskip("torch")


def test_matches_pytorch_embedding_with_repeated_indices():
    rng = np.random.default_rng(0)
    table = rng.normal(size=(7, 3))
    idx = np.array([[1, 2, 1, 0], [6, 6, 6, 1]])
    module = torch.nn.Embedding(7, 3).double()
    module.weight.data = torch.tensor(table)
    out_t = module(torch.tensor(idx))
    weights = Tensor(table, requires_grad=True)
    out = embedding(idx, weights)
    assert rel_err(out.data, out_t.detach().numpy()) < 1e-15
    proj = rng.normal(size=out.shape)
    out.backward(proj)
    (out_t * torch.tensor(proj)).sum().backward()
    assert rel_err(weights.grad, module.weight.grad.numpy()) < 1e-12
    assert np.all(weights.grad[[3, 4, 5]] == 0)          # rows nobody read get no gradient


def test_index_out_of_range_names_the_index_and_the_limit():
    with pytest.raises(ValueError, match=r"index 9 .*\[0, 7\)"):
        embedding(np.array([[1, 9]]), Tensor(np.zeros((7, 2))))
    with pytest.raises(ValueError, match=r"index -1"):
        embedding(np.array([[-1]]), Tensor(np.zeros((7, 2))))


def test_whole_float_indices_look_up_the_same_rows():
    table = np.arange(14.0).reshape(7, 2)
    out = embedding(np.array([[1.0, 6.0]]), Tensor(table))
    np.testing.assert_array_equal(out.data, table[[[1, 6]]])


@pytest.mark.parametrize("indices", [np.array([1.5]), np.array([np.nan]), np.array([np.inf])])
def test_float_indices_that_are_not_whole_numbers_are_refused(indices):
    with pytest.raises(ValueError, match="whole numbers"):
        embedding(indices, Tensor(np.zeros((7, 2))))


def test_indices_that_are_not_numbers_are_a_type_error():
    with pytest.raises(TypeError, match="integers, got dtype <U1"):
        embedding(np.array(["a"]), Tensor(np.zeros((7, 2))))


def test_the_first_index_past_the_table_is_refused():
    table = Tensor(np.zeros((7, 2)))
    assert embedding(np.array([0, 6]), table).shape == (2, 2)
    with pytest.raises(ValueError, match=r"index 7 is out of range.*\[0, 7\)"):
        embedding(np.array([[6, 7, 8]]), table)
