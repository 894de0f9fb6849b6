"""A layer graph drawn as boxes and arrows, with matplotlib alone (no Graphviz to install).

The layout is the classic layered drawing: each box goes on the rank of the longest path that
reaches it from an input (so every arrow points forward), boxes of one rank are ordered by the
mean position of the boxes that feed them (fewer crossings), and ranks run top to bottom
(``rankdir="TB"``) or left to right (``"LR"``). Clusters (nested models) get a frame around
their boxes. Every artist carries a ``gid`` (``box:<id>``, ``edge:<a>-><b>``, ``cluster:<id>``)
that also names it in an SVG file, so a picture can be checked, not only looked at.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Box:
    """One box of the drawing: an id, its lines of text, and the cluster it sits in (if any)."""
    id: str
    lines: list[str]
    cluster: str | None = None
    bold_first_line: bool = True


@dataclass
class GraphPicture:
    boxes: list[Box]
    edges: list[tuple[str, str]]
    clusters: dict[str, str] = field(default_factory=dict)   # cluster id -> title


def _ranks(boxes: list[Box], edges: list[tuple[str, str]]) -> dict[str, int]:
    """Longest-path rank from the sources (edges go from lower to higher rank)."""
    rank = {b.id: 0 for b in boxes}
    for _ in range(len(boxes)):                # at most n rounds in a DAG
        changed = False
        for a, b in edges:
            if rank[b] < rank[a] + 1:
                rank[b] = rank[a] + 1
                changed = True
        if not changed:
            break
    return rank


def layout(picture: GraphPicture, rankdir: str = "TB") -> dict[str, tuple[float, float, float, float]]:
    """(x centre, y centre, width, height) of every box, in data units (1 unit ≈ one text line)."""
    if rankdir not in ("TB", "LR", "BT", "RL"):
        raise ValueError(f"plot_model: rankdir must be 'TB', 'LR', 'BT' or 'RL', got {rankdir!r}")
    rank = _ranks(picture.boxes, picture.edges)
    levels: dict[int, list[str]] = {}
    for box in picture.boxes:
        levels.setdefault(rank[box.id], []).append(box.id)
    position: dict[str, float] = {}
    for level in sorted(levels):
        members = levels[level]
        first_seen = {node: i - (len(members) - 1) / 2 for i, node in enumerate(members)}

        def mean_parent(node):
            parents = [position[a] for a, b in picture.edges if b == node and a in position]
            return sum(parents) / len(parents) if parents else first_seen[node]
        members.sort(key=mean_parent)
        for i, node in enumerate(members):
            position[node] = i - (len(members) - 1) / 2
    sizes = {b.id: (max(len(line) for line in b.lines) * 0.55 + 1.0, len(b.lines) * 1.0 + 0.6)
             for b in picture.boxes}
    widest = max(w for w, _ in sizes.values())
    tallest = max(h for _, h in sizes.values())
    vertical = rankdir in ("TB", "BT")
    step_across = (widest + 1.5) if vertical else (tallest + 1.0)
    step_along = (tallest + 1.5) if vertical else (widest + 2.0)
    sign = -1 if rankdir in ("TB", "RL") else 1     # top to bottom: y falls; left to right: x grows
    out = {}
    for box in picture.boxes:
        across, along = position[box.id] * step_across, sign * rank[box.id] * step_along
        if not vertical:
            across = -across
        x, y = (across, along) if vertical else (along, across)
        out[box.id] = (x, y, *sizes[box.id])
    return out


def _anchor(frame, toward, vertical: bool):
    """The middle of the side of a box that faces the next rank."""
    x, y, w, h = frame
    if vertical:
        return x, y + (h / 2 if toward[1] > y else -h / 2)
    return x + (w / 2 if toward[0] > x else -w / 2), y


def draw_model_graph(picture: GraphPicture, rankdir: str = "TB", ax=None, dpi: int = 200):
    """Draw the boxes and arrows of ``picture``; returns the figure."""
    from matplotlib.figure import Figure
    from matplotlib.patches import FancyArrowPatch, FancyBboxPatch, Rectangle

    frames = layout(picture, rankdir)
    xs = [x - w / 2 for x, _, w, _ in frames.values()] + [x + w / 2 for x, _, w, _ in frames.values()]
    ys = [y - h / 2 for _, y, _, h in frames.values()] + [y + h / 2 for _, y, _, h in frames.values()]
    margin = 1.0
    span_x, span_y = max(xs) - min(xs) + 2 * margin, max(ys) - min(ys) + 2 * margin
    if ax is None:
        scale = 0.32   # inches per unit: text of about 9 points fits one unit
        figure = Figure(figsize=(max(span_x * scale, 2.0), max(span_y * scale, 1.5)), dpi=dpi)
        ax = figure.add_axes((0, 0, 1, 1))
    figure = ax.figure
    ax.set_xlim(min(xs) - margin, max(xs) + margin)
    ax.set_ylim(min(ys) - margin, max(ys) + margin)
    ax.set_aspect("equal")
    ax.axis("off")
    vertical = rankdir in ("TB", "BT")
    for cluster, title in picture.clusters.items():
        members = [frames[b.id] for b in picture.boxes if b.cluster == cluster]
        if not members:
            continue
        left = min(x - w / 2 for x, _, w, _ in members) - 0.4
        right = max(x + w / 2 for x, _, w, _ in members) + 0.4
        bottom = min(y - h / 2 for _, y, _, h in members) - 0.4
        top = max(y + h / 2 for _, y, _, h in members) + 1.0
        ax.add_patch(Rectangle((left, bottom), right - left, top - bottom, fill=False, linestyle="--",
                               edgecolor="0.4", gid=f"cluster:{cluster}"))
        ax.text(left + 0.2, top - 0.5, title, fontsize=8, color="0.3", va="center", gid=f"cluster-title:{cluster}")
    for box in picture.boxes:
        x, y, w, h = frames[box.id]
        ax.add_patch(FancyBboxPatch((x - w / 2, y - h / 2), w, h, boxstyle="round,pad=0.1,rounding_size=0.3",
                                    facecolor="#eaf2fb", edgecolor="#2c5d8f", linewidth=1.2, gid=f"box:{box.id}"))
        top = y + (len(box.lines) - 1) / 2
        for i, line in enumerate(box.lines):
            ax.text(x, top - i, line, ha="center", va="center", fontsize=9,
                    fontweight="bold" if i == 0 and box.bold_first_line else "normal", gid=f"text:{box.id}:{i}")
    for a, b in picture.edges:
        start = _anchor(frames[a], frames[b][:2], vertical)
        end = _anchor(frames[b], frames[a][:2], vertical)
        ax.add_patch(FancyArrowPatch(start, end, arrowstyle="-|>", mutation_scale=12, color="#333333",
                                     linewidth=1.0, shrinkA=0, shrinkB=2, gid=f"edge:{a}->{b}"))
    return figure


__all__ = ["Box", "GraphPicture", "layout", "draw_model_graph"]
