"""The served leaderboards equal a recomputation from the stored submissions, over random
histories sent through the real submit path (quota, day boundaries, ties by time)."""
import itertools
from collections import Counter

from hypothesis import HealthCheck, given, settings, strategies as st
from sqlalchemy import select

from glassnet.challenge import boards, clock, submissions
from glassnet.challenge.errors import ChallengeError
from glassnet.challenge.models import Submission, Team
from glassnet.challenge.ranking import Entry, leaderboard

from .test_ranking import recompute

NUMBER = itertools.count()
MINUTE = 60 * 10**6
START = clock.parse_instant("2027-03-27 23:58", "Europe/Paris")  # the night before the DST change
# steps in minutes: 0 gives equal instants (ties by id), others cross local midnight
steps = st.lists(st.tuples(st.integers(0, 2), st.sampled_from([0, 0, 1, 2, 60, 24 * 60]), st.integers(0, 6),
                           st.booleans()), min_size=1, max_size=12)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(history=steps)
def test_served_boards_equal_recomputation(world, history):
    tokens = [world.team(f"h{next(NUMBER)}")[0] for _ in range(3)]
    world.clock.us = START
    attempts, accepted = Counter(), Counter()
    for team, minutes, wrong, select_it in history:
        world.clock.us += minutes * MINUTE
        day = clock.local_day(world.clock(), world.service.tz)
        attempts[(team, day)] += 1
        try:
            answer = submissions.submit(world.service, tokens[team], world.correct(wrong=wrong), world.clock())
        except ChallengeError as error:
            assert error.status == 429
            continue
        accepted[(team, day)] += 1
        if select_it:
            try:
                submissions.select_final(world.service, tokens[team], answer["id"], True, world.clock())
            except ChallengeError as error:
                assert "final submissions already" in error.message
    assert all(accepted[key] == min(n, 2) for key, n in attempts.items())

    with world.service.read() as session:
        rows = session.execute(select(Submission.id, Submission.team_id, Submission.submitted_at_us,
                                      Submission.public_score, Submission.private_score, Submission.selected)).all()
        names = dict(session.execute(select(Team.id, Team.name)).all())
    entries = [Entry(*row) for row in rows]
    s = world.service.settings
    public = boards.board(world.service, "public")["rows"]
    expected = recompute(entries, "public", s.decimals, s.greater_is_better, s.n_final)
    assert [(r["rank"], r["team"], r["score"]) for r in public] == [(rank, names[t], score) for rank, t, score, _, _ in expected]
    # the private board, as it will be revealed (computed here without revealing it)
    private = leaderboard(entries, board="private", decimals=s.decimals, greater_is_better=s.greater_is_better,
                          n_final=s.n_final)
    assert [(r.rank, r.team_id, r.score, r.submission_id, r.entries) for r in private] == recompute(
        entries, "private", s.decimals, s.greater_is_better, s.n_final)
