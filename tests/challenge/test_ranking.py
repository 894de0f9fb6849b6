"""The leaderboard equals an independent recomputation over random histories (ties included)."""
import functools
from collections import Counter
from decimal import ROUND_HALF_EVEN, Decimal

from hypothesis import given, settings, strategies as st

from glassnet.challenge.ranking import Entry, leaderboard, rounded

# scores that tie once rounded to 4 decimals, and some that do not; times that tie
SCORES = [0.5, 0.50004, 0.49996, 0.50005, 0.50015, 0.7, 0.70001, 0.1, 0.9, 0.12345, 0.12355]
DAY = 86_400_000_000
TIMES = [0, 1, 2, DAY - 1, DAY, DAY + 1, 2 * DAY - 1, 2 * DAY]


@functools.lru_cache(maxsize=None)
def shown(score: float, decimals: int) -> Decimal:
    return Decimal(score).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_EVEN)


def compare(a: Entry, b: Entry, score_of, decimals: int, greater: bool) -> int:
    """-1 when a ranks before b: better shown score, else earlier, else smaller id."""
    sa, sb = shown(score_of(a), decimals), shown(score_of(b), decimals)
    if sa != sb:
        return -1 if (sa > sb) == greater else 1
    if a.submitted_at_us != b.submitted_at_us:
        return -1 if a.submitted_at_us < b.submitted_at_us else 1
    return -1 if a.id < b.id else (1 if a.id > b.id else 0)


def recompute(entries, board, decimals, greater, n_final):
    public = lambda e: e.public_score  # noqa: E731
    score_of = public if board == "public" else (lambda e: e.private_score)
    teams = sorted({e.team_id for e in entries})
    winners = []
    for team in teams:
        mine = [e for e in entries if e.team_id == team]
        if board == "private":
            picked = [e for e in mine if e.selected]
            if not picked:
                pool, picked = list(mine), []
                while pool and len(picked) < n_final:
                    top = pool[0]
                    for e in pool[1:]:
                        if compare(e, top, public, decimals, greater) < 0:
                            top = e
                    picked.append(top)
                    pool.remove(top)
            mine = picked
        best = mine[0]
        for e in mine[1:]:
            if compare(e, best, score_of, decimals, greater) < 0:
                best = e
        winners.append((best, len(mine)))
    winners.sort(key=functools.cmp_to_key(lambda x, y: compare(x[0], y[0], score_of, decimals, greater)))
    return [(rank, e.team_id, float(shown(score_of(e), decimals)), e.id, count)
            for rank, (e, count) in enumerate(winners, start=1)]


@st.composite
def histories(draw):
    rows = draw(st.lists(st.tuples(st.integers(0, 5), st.sampled_from(TIMES), st.sampled_from(SCORES),
                                   st.sampled_from(SCORES), st.booleans()), max_size=25))
    ids = draw(st.lists(st.integers(1, 10_000), min_size=len(rows), max_size=len(rows), unique=True))
    n_final = draw(st.integers(1, 3))
    entries, selected_count = [], Counter()
    for i, (team, at, public, private, selected) in zip(ids, rows):
        selected = selected and selected_count[team] < n_final  # the server caps the selection
        selected_count[team] += selected
        entries.append(Entry(i, team, at, public, private, selected))
    return entries, n_final


@settings(max_examples=1000, deadline=None)
@given(histories(), st.sampled_from(["public", "private"]), st.integers(0, 5), st.booleans())
def test_leaderboard_equals_recomputation(history, board, decimals, greater):
    entries, n_final = history
    rows = leaderboard(entries, board=board, decimals=decimals, greater_is_better=greater, n_final=n_final)
    got = [(r.rank, r.team_id, r.score, r.submission_id, r.entries) for r in rows]
    assert got == recompute(entries, board, decimals, greater, n_final)


def test_best_not_last_and_ties_by_time_then_id():
    entries = [Entry(1, 7, 10, 0.80, 0.1), Entry(2, 7, 20, 0.60, 0.9),      # team 7: best is the first
               Entry(5, 8, 10, 0.80004, 0.5), Entry(3, 9, 10, 0.79996, 0.5),  # equal at 4 decimals, same time
               Entry(4, 6, 5, 0.7999, 0.5)]
    rows = leaderboard(entries, decimals=4)
    assert [(r.team_id, r.submission_id, r.score) for r in rows] == [(7, 1, 0.8), (9, 3, 0.8), (8, 5, 0.8), (6, 4, 0.7999)]
    assert rounded(0.12345, 4) == float(shown(0.12345, 4))


def test_private_board_uses_the_selected_or_the_best_public():
    entries = [Entry(1, 1, 1, 0.9, 0.2), Entry(2, 1, 2, 0.5, 0.95, selected=True),
               Entry(3, 2, 1, 0.9, 0.3), Entry(4, 2, 2, 0.8, 0.4), Entry(5, 2, 3, 0.1, 0.99)]
    rows = leaderboard(entries, board="private", n_final=2)
    # team 1 selected entry 2; team 2 selected nothing: its two best public (3, 4), not entry 5
    assert [(r.team_id, r.submission_id, r.score) for r in rows] == [(1, 2, 0.95), (2, 4, 0.4)]
