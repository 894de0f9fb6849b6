"""Time in the challenge: instants are integers (microseconds since 1970-01-01 UTC); days are local.

Every instant is stored as an integer number of microseconds in UTC, the same on SQLite and
PostgreSQL, exact, and ordered like time. The challenge's timezone (an IANA name, through
:mod:`zoneinfo`, daylight saving included) only decides two things: how a teacher's "closes at
2027-03-28 02:30" becomes an instant, and which local day a submission falls on for the daily
quota, which resets at local midnight:

    day(t)   = the local calendar date of t in the challenge's timezone
    reset(t) = the first instant u > t with day(u) > day(t)
"""
from __future__ import annotations

import datetime as dt
import time
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

UTC = dt.timezone.utc
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=UTC)


def now_us() -> int:
    """The current instant in microseconds since the epoch (UTC)."""
    return time.time_ns() // 1000


def zone(name: str) -> ZoneInfo:
    """The IANA timezone ``name``, or a ValueError naming it."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"timezone: expected an IANA name like 'Europe/Paris' or 'UTC', got {name!r}") from None


def to_us(moment: dt.datetime) -> int:
    """An aware datetime as microseconds since the epoch (exact integer arithmetic)."""
    delta = moment.astimezone(UTC) - _EPOCH
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


def from_us(us: int, tz: dt.tzinfo = UTC) -> dt.datetime:
    """Microseconds since the epoch as an aware datetime in ``tz``."""
    return (_EPOCH + dt.timedelta(microseconds=us)).astimezone(tz)


def parse_instant(text: str, tz_name: str, what: str = "time") -> int:
    """A teacher's time as an instant: ISO 8601, with a UTC offset, or local to ``tz_name``.

    A local time that does not exist (skipped when clocks go forward) or that happens twice
    (when they go back) is refused with the reason: give the UTC offset to say which one.
    """
    tz = zone(tz_name)
    try:
        moment = dt.datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except (ValueError, AttributeError):
        raise ValueError(f"{what}: expected a date and time like '2027-03-28 23:59' (local to "
                         f"{tz_name}) or '2027-03-28T21:59+00:00', got {text!r}") from None
    if moment.tzinfo is not None:
        return to_us(moment)
    first, second = moment.replace(tzinfo=tz, fold=0), moment.replace(tzinfo=tz, fold=1)
    if first.utcoffset() != second.utcoffset():
        round_trip = first.astimezone(UTC).astimezone(tz).replace(tzinfo=None)
        if round_trip != moment:
            raise ValueError(f"{what}: {text!r} does not exist in {tz_name} (the clocks skip it "
                             "when daylight saving starts); choose another minute")
        raise ValueError(f"{what}: {text!r} happens twice in {tz_name} (the clocks go back); "
                         f"add the UTC offset, e.g. {first.isoformat()} or {second.isoformat()}")
    return to_us(first)


def local_day(us: int, tz: dt.tzinfo) -> dt.date:
    """The calendar date of instant ``us`` in ``tz``."""
    return from_us(us, tz).date()


def next_reset(us: int, tz: dt.tzinfo) -> int:
    """The first instant after ``us`` that falls on a later local day (the next local midnight).

    Usually local midnight of the next date. Where a daylight-saving change skips midnight
    (America/Havana, America/Santiago) the new day starts at the change; where the clocks go
    back across midnight, the second midnight. Found by bisection between ``us`` (today) and an
    instant known to be on a later day, so every zone's rules are handled the same way.
    """
    day = local_day(us, tz)
    for fold in (0, 1):
        midnight = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0, fold=fold), tzinfo=tz)
        high = to_us(midnight) + 3 * 3_600_000_000  # three hours past midnight: a later day
        if local_day(high, tz) > day:
            low = us  # invariant: day(low) == day, day(high) > day
            while high - low > 1:
                middle = (low + high) // 2
                if local_day(middle, tz) > day:
                    high = middle
                else:
                    low = middle
            return high
    raise ValueError(f"no local midnight found after {iso(us, tz)} in {tz}")  # pragma: no cover


def iso(us: int, tz: dt.tzinfo) -> str:
    """An instant as local ISO 8601 with its offset, to the millisecond."""
    return from_us(us, tz).isoformat(timespec="milliseconds")
