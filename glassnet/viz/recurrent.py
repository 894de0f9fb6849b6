"""A recurrent layer unrolled over time: the cells, every state, the gates, and the gradient of each step."""
from __future__ import annotations

import numpy as np

from glassnet.viz._figure import new_figure

_MAX_CELLS = 10   # the diagram draws at most this many cells (the first ones, '…', the last)


def _draw_unrolled(ax, steps: int, name: str, state_label: str) -> None:
    """Boxes for the cell at each step, x_t below, h_t above, h_{t−1} → h_t arrows between them."""
    shown = list(range(steps)) if steps <= _MAX_CELLS else list(range(_MAX_CELLS - 2)) + [None, steps - 1]
    for k, t in enumerate(shown):
        if t is None:
            ax.text(k, 0, "…", ha="center", va="center", fontsize=16)
            continue
        ax.add_patch(_box(k))
        ax.text(k, 0, name, ha="center", va="center", fontsize=8)
        ax.annotate("", xy=(k, 0.3), xytext=(k, 0.85), arrowprops={"arrowstyle": "<-"})
        ax.text(k, 1.0, f"{state_label}{_sub(t + 1)}", ha="center", va="bottom", fontsize=9)
        ax.annotate("", xy=(k, -0.3), xytext=(k, -0.85), arrowprops={"arrowstyle": "->"})
        ax.text(k, -1.0, f"x{_sub(t + 1)}", ha="center", va="top", fontsize=9)
        if k + 1 < len(shown):
            ax.annotate("", xy=(k + 0.65, 0), xytext=(k + 0.35, 0), arrowprops={"arrowstyle": "->"})
    ax.set_xlim(-0.7, len(shown) - 0.3)
    ax.set_ylim(-1.5, 1.5)
    ax.axis("off")
    ax.set_title(f"{name} unrolled over {steps} time steps: the same weights at every step")


def _box(k):
    from matplotlib.patches import FancyBboxPatch
    return FancyBboxPatch((k - 0.3, -0.3), 0.6, 0.6, boxstyle="round,pad=0.02", facecolor="#dde8f5",
                          edgecolor="#3060a0")


def _sub(n: int) -> str:
    return str(n).translate(str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉"))


def _heatmap(ax, values: np.ndarray, title: str, symmetric: bool = True) -> None:
    """values (T, units) drawn as units × time."""
    bound = float(np.abs(values).max()) or 1.0
    image = ax.imshow(values.T, aspect="auto", cmap="RdBu_r" if symmetric else "viridis",
                      vmin=-bound if symmetric else 0, vmax=bound, interpolation="nearest")
    ax.set_title(title, fontsize=10)
    ax.set_ylabel("unit")
    ax.figure.colorbar(image, ax=ax, fraction=0.03)


def plot_recurrent_states(layer, sample: int = 0, show_gates: bool = True):
    """The glass box of a recurrent layer after a forward pass (and, if done, a backward pass).

    Panels, top to bottom: the layer unrolled over time; its states h_t (and c_t for an LSTM)
    as a units × time heat map; each gate over time; and, after ``loss.backward()``, the size of
    the gradient reaching each step, ‖dL/dh_t‖ (backpropagation through time: watch it fade
    towards the first steps in a SimpleRNN — the vanishing gradient).

    Parameters
    ----------
    layer : SimpleRNN, LSTM or GRU that has been called
    sample : which sequence of the batch to draw
    show_gates : draw the gates of LSTM and GRU
    """
    h = getattr(layer, "h", None)
    if h is None:
        raise ValueError(f"plot_recurrent_states: layer {getattr(layer, 'name', layer)!r} has no states yet: "
                         "call it on a batch of sequences first")
    if not 0 <= sample < h.shape[0]:
        raise ValueError(f"plot_recurrent_states: sample must be in [0, {h.shape[0]}), got {sample}")
    states = layer.states_over_time
    gates = (layer.gates or {}) if show_gates else {}
    h_grads = layer.h_grads
    panels = 1 + len(states) + len(gates) + (h_grads is not None)
    figure = new_figure((9, 1.3 + 1.8 * panels))
    axes = figure.subplots(panels, 1, gridspec_kw={"height_ratios": [1.3] + [1.8] * (panels - 1)})
    steps = h.shape[1]
    _draw_unrolled(axes[0], steps, type(layer).__name__, "h")
    k = 1
    for name, values in states.items():
        _heatmap(axes[k], values[sample], f"state {name}ₜ over time ({'cell state' if name == 'c' else 'output'})")
        k += 1
    for name, values in gates.items():
        label = {"i": "input gate i", "f": "forget gate f", "o": "output gate o", "c": "candidate g = tanh(·)",
                 "z": "update gate z", "r": "reset gate r", "h": "candidate h̃"}.get(name, name)
        _heatmap(axes[k], values[sample], label, symmetric=name in ("c", "h"))
        k += 1
    if h_grads is not None:
        norms = np.linalg.norm(h_grads[sample], axis=-1)
        axes[k].bar(np.arange(1, steps + 1), norms, color="#c04040")
        axes[k].set_title("‖dL/dhₜ‖: the gradient reaching each step (BPTT)", fontsize=10)
        axes[k].set_xlim(0.5, steps + 0.5)
    axes[-1].set_xlabel("time step t" + (" (in reading order: go_backwards)" if getattr(layer, "go_backwards", False)
                                         else ""))
    figure.tight_layout()
    return figure


__all__ = ["plot_recurrent_states"]
