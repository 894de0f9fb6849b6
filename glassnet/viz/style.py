"""Text large enough for the back row: ``viz.style("slides")``.

    viz.style("slides")              # from now on, every picture is drawn for a projector
    with viz.style("slides"):        # or only inside the block; the previous look comes back after
        viz.plot_history(history)
    viz.style("default")             # matplotlib's own sizes again

The switch sets matplotlib's ``rcParams`` (font sizes, line widths, marker sizes), which every
picture of glassnet reads instead of fixing sizes of its own.
"""
from __future__ import annotations

import matplotlib

STYLES = {
    "slides": {"font.size": 16, "axes.titlesize": 18, "axes.labelsize": 17, "xtick.labelsize": 14,
               "ytick.labelsize": 14, "legend.fontsize": 14, "figure.titlesize": 20, "lines.linewidth": 2.5,
               "lines.markersize": 8, "axes.linewidth": 1.2, "figure.dpi": 100},
    "paper": {"font.size": 9, "axes.titlesize": 10, "axes.labelsize": 9, "xtick.labelsize": 8,
              "ytick.labelsize": 8, "legend.fontsize": 8, "figure.titlesize": 11, "lines.linewidth": 1.2,
              "lines.markersize": 4, "axes.linewidth": 0.8, "figure.dpi": 100},
}


class style:  # noqa: N801 - used like a function, as matplotlib's style.context
    """Switch the look of every picture; usable as a plain call or as a ``with`` block.

    Parameters
    ----------
    name : {'slides', 'paper', 'default'}
        'slides': text ≥ 14 pt and thick lines, readable when projected; 'paper': small and thin;
        'default': matplotlib's defaults for the same settings.
    """

    def __init__(self, name: str = "slides"):
        if name != "default" and name not in STYLES:
            raise ValueError(f"viz.style: name must be one of {sorted(STYLES) + ['default']}, got {name!r}")
        keys = STYLES["slides"].keys()
        self.name = name
        self._previous = {key: matplotlib.rcParams[key] for key in keys}
        settings = ({key: matplotlib.rcParamsDefault[key] for key in keys} if name == "default"
                    else STYLES[name])
        matplotlib.rcParams.update(settings)

    def __enter__(self) -> "style":
        return self

    def __exit__(self, *exc) -> None:
        matplotlib.rcParams.update(self._previous)


__all__ = ["style", "STYLES"]
