"""Submitting: the deadline to the millisecond, the daily quota per team reset at local midnight,
invalid files on their own allowance, and bad input that changes nothing."""
import types

import pytest
from hypothesis import given, settings, strategies as st

from glassnet.challenge import clock, submissions
from glassnet.challenge.errors import ChallengeError

from .helpers import predictions, snapshot

MS = 1000


def test_closes_at_minus_one_ms_accepted_closes_at_refused(world):
    [token] = world.team("late")
    closes = world.service.settings.closes_at_us
    world.clock.us = closes - MS
    assert submissions.submit(world.service, token, world.correct(), world.clock())["id"] > 0
    before = snapshot(world.service)
    world.clock.us = closes
    with pytest.raises(ChallengeError, match="closed at 2027-06-01T12:00:00.000\\+02:00") as refused:
        submissions.submit(world.service, token, world.correct(), world.clock())
    assert refused.value.status == 403
    assert snapshot(world.service) == before


def test_before_opening_refused(world):
    [token] = world.team("early")
    world.clock.us = world.service.settings.opens_at_us - 1
    with pytest.raises(ChallengeError, match="opens at"):
        submissions.submit(world.service, token, world.correct(), world.clock())


@pytest.mark.parametrize("zone, closes", [
    ("Europe/Paris", "2027-03-28 03:00"),            # the first minute after the spring gap
    ("America/New_York", "2027-11-07T01:30-05:00"),  # the second 01:30 of the autumn night
    ("Asia/Kathmandu", "2027-05-31 23:59"),
])
def test_deadline_in_other_zones_and_on_dst_nights(make_world, zone, closes):
    w = make_world(timezone=zone, opens="2027-01-01T00:00+00:00", closes=closes)
    [token] = w.team("t")
    at = clock.parse_instant(closes, zone)
    w.clock.us = at - MS
    submissions.submit(w.service, token, w.correct(), w.clock())
    w.clock.us = at
    with pytest.raises(ChallengeError, match="closed"):
        submissions.submit(w.service, token, w.correct(), w.clock())


@settings(max_examples=300, deadline=None)
@given(st.datetimes(min_value=__import__("datetime").datetime(2020, 1, 1),
                    max_value=__import__("datetime").datetime(2035, 1, 1)).map(lambda d: d.replace(second=0, microsecond=0)),
       st.sampled_from(["Europe/Paris", "America/New_York", "Australia/Lord_Howe", "America/Havana",
                        "America/Santiago", "Pacific/Chatham", "Asia/Kolkata", "UTC"]))
def test_deadline_at_any_minute_of_any_zone(local, zone):
    try:
        closes = clock.parse_instant(local.isoformat(sep=" "), zone)
    except ValueError:
        return  # skipped or doubled minutes are refused at creation (tested in test_clock)
    service = types.SimpleNamespace(settings=types.SimpleNamespace(opens_at_us=0, closes_at_us=closes),
                                    tz=clock.zone(zone))
    submissions.check_open(service, closes - MS)
    with pytest.raises(ChallengeError):
        submissions.check_open(service, closes)


def test_quota_is_per_team_and_resets_at_local_midnight_on_a_dst_day(world):
    a1, a2 = world.team("a", members=2)
    [b] = world.team("b")
    paris = world.service.tz
    world.clock.us = clock.parse_instant("2027-03-27 23:59:59.999", "Europe/Paris")
    submissions.submit(world.service, a1, world.correct(), world.clock())
    answer = submissions.submit(world.service, a2, world.correct(), world.clock())  # a team mate: same count
    assert answer["quota"]["remaining"] == 0 and answer["quota"]["resets_at"] == "2027-03-28T00:00:00.000+01:00"
    before = snapshot(world.service)
    with pytest.raises(ChallengeError, match="used its 2 submissions for today .2027-03-27, Europe/Paris.; "
                                             "the count resets at 2027-03-28T00:00:00.000\\+01:00") as refused:
        submissions.submit(world.service, a1, world.correct(), world.clock())
    assert refused.value.status == 429 and snapshot(world.service) == before
    submissions.submit(world.service, b, world.correct(), world.clock())  # another team: its own count
    world.clock.us += MS  # local midnight: a new day (the one with 23 hours)
    answer = submissions.submit(world.service, a1, world.correct(), world.clock())
    assert answer["quota"]["used"] == 1
    assert answer["quota"]["resets_at"] == "2027-03-29T00:00:00.000+02:00"
    assert clock.next_reset(world.clock(), paris) - world.clock() == 23 * 3600 * 10**6
    # the same day of the next month is another day (no filter on the day of the month)
    submissions.submit(world.service, a1, world.correct(), world.clock())
    world.clock.us = clock.parse_instant("2027-04-28 10:00", "Europe/Paris")
    assert submissions.submit(world.service, a1, world.correct(), world.clock())["quota"]["used"] == 1


def test_invalid_files_do_not_count_and_have_their_own_cap(make_world):
    w = make_world(invalid_daily_limit=3)
    [token] = w.team("careless")
    for _ in range(3):
        with pytest.raises(ChallengeError, match="does not count") as refused:
            submissions.submit(w.service, token, predictions(w.ids[:-1], w.labels[:-1]), w.clock())
        assert refused.value.status == 400
    with pytest.raises(ChallengeError, match="sent 3 invalid files today") as capped:
        submissions.submit(w.service, token, b"id,label\n", w.clock())
    assert capped.value.status == 429
    assert submissions.quota_status(w.service, 1, w.clock())["used"] == 0
    for _ in range(2):  # the real quota is whole
        submissions.submit(w.service, token, w.correct(), w.clock())


def test_bad_files_change_nothing(world):
    [token] = world.team("t")
    submissions.submit(world.service, token, world.correct(), world.clock())
    ids, labels = world.ids, [str(v) for v in world.labels]
    bad = {
        "missing ids": predictions(ids[:-2], labels[:-2]),
        "extra ids": predictions(ids + ["t999"], labels + ["1"]),
        "wrong columns": predictions(ids, labels, header=("Id", "Predicted")),
        "text in numeric column": predictions(ids, ["three"] + labels[1:]),
        "empty file": b"",
        "NaN": predictions(ids, ["NaN"] + labels[1:]),
    }
    before = snapshot(world.service)
    for what, content in bad.items():
        with pytest.raises(ChallengeError) as refused:
            submissions.submit(world.service, token, content, world.clock())
        assert refused.value.status == 400, what
        assert snapshot(world.service) == before, what


def test_final_selection_is_capped_and_per_team(world):
    [a] = world.team("a")
    [b] = world.team("b")
    ids = [submissions.submit(world.service, a, world.correct(wrong=k), world.clock())["id"] for k in range(2)]
    world.clock.us = clock.parse_instant("2027-03-11 12:00", "Europe/Paris")
    ids.append(submissions.submit(world.service, a, world.correct(), world.clock())["id"])
    submissions.select_final(world.service, a, ids[0], True, world.clock())
    submissions.select_final(world.service, a, ids[1], True, world.clock())
    with pytest.raises(ChallengeError, match="selected 2 final submissions already"):
        submissions.select_final(world.service, a, ids[2], True, world.clock())
    before = snapshot(world.service)
    with pytest.raises(ChallengeError, match="is not one of your team's") as refused:  # another team's token
        submissions.select_final(world.service, b, ids[2], False, world.clock())
    assert refused.value.status == 404 and snapshot(world.service) == before
