"""The squared losses by the names the slides use: mean of squares, sum of squares, half the sum."""
import numpy as np
import pytest

from glassnet import Tensor, losses


Y = np.array([[1.0], [2.0], [4.0]])
P = np.array([[1.5], [1.0], [5.0]])       # errors 0.5, −1, 1: squares sum to 2.25


@pytest.mark.parametrize("name, value, factor", [("mean_of_squares", 0.75, 2 / 3), ("sum_of_squares", 2.25, 2.0),
                                                 ("half_sum_of_squares", 1.125, 1.0)])
def test_each_name_has_its_value_and_gradient_factor(name, value, factor):
    prediction = Tensor(P, requires_grad=True)
    loss = losses.get(name)(Y, prediction)
    assert float(loss.data) == pytest.approx(value)
    loss.backward()
    np.testing.assert_allclose(prediction.grad, factor * (P - Y))


def test_the_sum_grows_with_the_data_and_the_mean_does_not():
    doubled_y, doubled_p = np.vstack([Y, Y]), np.vstack([P, P])
    assert float(losses.SumOfSquares()(doubled_y, doubled_p).data) == pytest.approx(4.5)
    assert float(losses.MeanSquaredError()(doubled_y, doubled_p).data) == pytest.approx(0.75)


def test_slide_losses_serialize_by_name():
    for cls in (losses.SumOfSquares, losses.HalfSumOfSquares):
        assert type(losses.deserialize(losses.serialize(cls()))) is cls
    assert losses.HalfSumOfSquares().reduction == "sum"
