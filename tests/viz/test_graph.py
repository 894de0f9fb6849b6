import numpy as np

from glassnet import Tensor, ops, viz


def test_every_node_shows_its_value_and_gradient(not_blank):
    w = Tensor(np.array(3.0), requires_grad=True, name="w")
    x = Tensor(np.array(2.0), name="x")
    loss = ops.square(w * x - 1.0)      # (wx − 1)² = 25, dL/dw = 2(wx − 1)x = 20
    loss.backward()
    figure = viz.plot_graph(loss)
    texts = [t.get_text() for t in figure.axes[0].texts if t.get_text()]
    arrows = [t for t in figure.axes[0].texts if not t.get_text()]
    assert len(texts) == 6                                          # w, x, 1, w·x, w·x − 1, square
    assert len(arrows) == 5
    assert any(t.startswith("w\nvalue 3\ngrad 20") for t in texts)
    assert any(t.startswith("square\nvalue 25\ngrad 1") for t in texts)
    assert any(t == "x\nvalue 2" for t in texts)                    # an input has no gradient
    assert not_blank(figure)


def test_inputs_are_left_of_the_result():
    a = Tensor(np.array([1.0, 2.0]), requires_grad=True, name="a")
    total = ops.sum(a * a)
    figure = viz.plot_graph(total)
    positions = {t.get_text().split("\n")[0]: t.get_position()[0] for t in figure.axes[0].texts if t.get_text()}
    assert positions["a"] < positions["multiply"] < positions["sum"]
