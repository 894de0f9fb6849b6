import matplotlib
import pytest

from glassnet import viz


def test_slides_style_enlarges_text_inside_the_block_and_restores_it_after():
    before = matplotlib.rcParams["font.size"]
    with viz.style("slides"):
        assert matplotlib.rcParams["font.size"] >= 16
        assert matplotlib.rcParams["xtick.labelsize"] >= 14
        figure = viz.plot_history({"loss": [1.0, 0.5]})
        assert figure.axes[0].xaxis.label.get_fontsize() >= 16
    assert matplotlib.rcParams["font.size"] == before


def test_a_plain_call_is_a_global_switch_until_default():
    try:
        viz.style("slides")
        assert matplotlib.rcParams["axes.labelsize"] == 17
    finally:
        viz.style("default")
    assert matplotlib.rcParams["axes.labelsize"] == matplotlib.rcParamsDefault["axes.labelsize"]


def test_unknown_style_is_named():
    with pytest.raises(ValueError, match="projector|slides"):
        viz.style("projector")
