"""The leaderboard, computed from the submissions alone (a pure function, tested against a
recomputation).

For each team its best submission counts, judged on the score rounded to the shown decimals
(``rounded(s) = round(s, d)``, the exact binary value rounded half to even: what the page
shows is what is compared).
Equal rounded scores are ordered by the earlier submission, then the smaller id, both inside a
team (which of its equal entries counts) and between teams (who ranks first). Ranks are 1, 2,
3, ... with no two teams sharing one.

The private board uses, per team, only its selected submissions (at most ``n_final``; with
none selected, its ``n_final`` best on the public board), and ranks the teams by the best
private score among those.
"""
from __future__ import annotations

from typing import NamedTuple


class Entry(NamedTuple):
    id: int
    team_id: int
    submitted_at_us: int
    public_score: float
    private_score: float
    selected: bool = False


class Row(NamedTuple):
    rank: int
    team_id: int
    score: float          # rounded to the shown decimals
    submission_id: int
    submitted_at_us: int
    entries: int          # submissions of the team that were considered


def rounded(score: float, decimals: int) -> float:
    """The score as shown: ``decimals`` places (the same number the page prints)."""
    return round(score, decimals)


def _order(score_of, decimals: int, greater_is_better: bool):
    sign = -1.0 if greater_is_better else 1.0
    return lambda e: (sign * rounded(score_of(e), decimals), e.submitted_at_us, e.id)


def final_entries(entries: list[Entry], n_final: int, decimals: int, greater_is_better: bool) -> list[Entry]:
    """A team's entries for the private board: the selected ones, else its best public ones."""
    by_public = sorted(entries, key=_order(lambda e: e.public_score, decimals, greater_is_better))
    chosen = [e for e in by_public if e.selected]
    return (chosen or by_public)[:n_final]


def leaderboard(entries: list[Entry], *, board: str = "public", decimals: int = 4,
                greater_is_better: bool = True, n_final: int = 2) -> list[Row]:
    """The ranked rows, one per team that has an entry."""
    if board not in ("public", "private"):
        raise ValueError(f"board: expected 'public' or 'private', got {board!r}")
    teams: dict[int, list[Entry]] = {}
    for entry in entries:
        teams.setdefault(entry.team_id, []).append(entry)
    score_of = (lambda e: e.public_score) if board == "public" else (lambda e: e.private_score)
    order = _order(score_of, decimals, greater_is_better)
    best = []
    for team_entries in teams.values():
        if board == "private":
            team_entries = final_entries(team_entries, n_final, decimals, greater_is_better)
        best.append((min(team_entries, key=order), len(team_entries)))
    best.sort(key=lambda pair: order(pair[0]))
    return [Row(rank, e.team_id, rounded(score_of(e), decimals), e.id, e.submitted_at_us, count)
            for rank, (e, count) in enumerate(best, start=1)]
