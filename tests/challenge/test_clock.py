"""Local days, the reset instant and teachers' times, in zones with every kind of DST rule."""
import datetime as dt

import pytest
from hypothesis import given, settings, strategies as st

from glassnet.challenge import clock

ZONES = ["UTC", "Europe/Paris", "America/New_York", "Australia/Lord_Howe", "America/Havana",
         "America/Santiago", "Asia/Kathmandu", "Pacific/Chatham", "Pacific/Apia", "Africa/Casablanca"]
instants = st.integers(clock.to_us(dt.datetime(2010, 1, 1, tzinfo=clock.UTC)),
                       clock.to_us(dt.datetime(2035, 1, 1, tzinfo=clock.UTC)))


@settings(max_examples=300, deadline=None)
@given(instants, st.sampled_from(ZONES))
def test_reset_is_the_first_instant_of_a_later_local_day(us, name):
    tz = clock.zone(name)
    reset = clock.next_reset(us, tz)
    assert reset > us
    assert clock.local_day(reset, tz) > clock.local_day(us, tz)
    assert clock.local_day(reset - 1, tz) == clock.local_day(us, tz)
    assert reset - us <= 26 * 3600 * 10**6 or name == "Pacific/Apia"  # Apia skipped 2011-12-30


def test_reset_on_dst_days():
    paris, havana = clock.zone("Europe/Paris"), clock.zone("America/Havana")
    # the 23-hour day in Paris: the next midnight is still 00:00 local, 23 h after the previous one
    t = clock.parse_instant("2027-03-28 01:30", "Europe/Paris")
    assert clock.iso(clock.next_reset(t, paris), paris) == "2027-03-29T00:00:00.000+02:00"
    # Havana skips midnight (00:00 → 01:00): the new day begins at 01:00 local
    t = clock.parse_instant("2024-03-09 23:30", "America/Havana")
    assert clock.iso(clock.next_reset(t, havana), havana) == "2024-03-10T01:00:00.000-04:00"


def test_teacher_times_in_any_zone():
    assert clock.parse_instant("2027-03-28 23:59", "Europe/Paris") == clock.to_us(
        dt.datetime(2027, 3, 28, 21, 59, tzinfo=clock.UTC))
    assert clock.parse_instant("2027-03-28T21:59Z", "Asia/Tokyo") == clock.parse_instant("2027-03-28 23:59", "Europe/Paris")
    with pytest.raises(ValueError, match="does not exist in Europe/Paris"):
        clock.parse_instant("2027-03-28 02:30", "Europe/Paris")
    with pytest.raises(ValueError, match="happens twice.*add the UTC offset"):
        clock.parse_instant("2027-10-31 02:30", "Europe/Paris")
    assert clock.parse_instant("2027-10-31T02:30+01:00", "Europe/Paris") - clock.parse_instant(
        "2027-10-31T02:30+02:00", "Europe/Paris") == 3600 * 10**6
    with pytest.raises(ValueError, match="timezone: expected an IANA name"):
        clock.zone("Mars/Olympus")
    with pytest.raises(ValueError, match="closes: expected a date and time"):
        clock.parse_instant("next friday", "UTC", "closes")


@settings(max_examples=200, deadline=None)
@given(st.datetimes(min_value=dt.datetime(2015, 1, 1), max_value=dt.datetime(2035, 1, 1)).map(
    lambda d: d.replace(second=0, microsecond=0)), st.sampled_from(ZONES))
def test_every_minute_of_every_zone_is_either_one_instant_or_refused(local, name):
    """A naive local minute maps to the instant that shows it, or is refused as skipped / doubled."""
    try:
        us = clock.parse_instant(local.isoformat(sep=" "), name)
    except ValueError as error:
        assert "does not exist" in str(error) or "happens twice" in str(error)
        return
    assert clock.from_us(us, clock.zone(name)).replace(tzinfo=None) == local
