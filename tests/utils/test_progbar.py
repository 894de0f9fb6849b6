"""glassnet.utils.Progbar: Keras's running averages, stateful values, and what it prints."""
import io

from glassnet.utils import Progbar


def test_values_are_averaged_over_steps_unless_stateful():
    bar = Progbar(4, verbose=0, stateful_metrics=["lr"])
    bar.update(1, [("loss", 4.0), ("lr", 0.1)])
    bar.update(3, [("loss", 1.0), ("lr", 0.05)])          # this update covers two steps
    averages = bar._averages()
    assert averages["loss"] == (4.0 * 1 + 1.0 * 2) / 3
    assert averages["lr"] == 0.05
    bar.add(1, [("loss", 0.0)])
    assert bar._seen_so_far == 4 and bar._averages()["loss"] == 6.0 / 4


def test_verbose_two_prints_one_line_at_the_end():
    bar = Progbar(3, verbose=2)
    bar._file = io.StringIO()
    for step in range(3):
        bar.update(step + 1, [("loss", 1.0)])
    assert bar._file.getvalue() == "3/3 - loss: 1.0000\n"


def test_verbose_one_draws_a_bar_that_closes_at_the_target():
    bar = Progbar(2, verbose=1)
    bar._file = io.StringIO()
    bar.update(1, [("loss", 2.0)])
    bar.update(2, [("loss", 1.0)])
    shown = bar._file.getvalue()
    assert "2/2" in shown and "loss: 1.5000" in shown and bar._bar is None
