"""Submitting predictions: the deadline, the scoring, and the quota, in that order.

1. The instant of arrival ``t`` decides: accepted when ``opens_at ≤ t < closes_at`` (so
   ``closes_at − 1 ms`` is in and ``closes_at`` is out), whatever the time the scoring ends.
2. The file is read and scored before any transaction (see :mod:`.scoring`). A file refused
   as invalid takes one unit of the team's separate 'invalid' allowance for the day, and
   nothing else: no submission row, no unit of the real quota.
3. One transaction takes one unit of the team's quota for the local day of ``t`` (see
   :mod:`.quotas`) and inserts the submission; with the quota used up it rolls back, and the
   answer says when the count resets (the next local midnight in the challenge's timezone).
"""
from __future__ import annotations

import hashlib

from sqlalchemy import select, update

from glassnet.challenge import clock, quotas
from glassnet.challenge.errors import ChallengeError
from glassnet.challenge.models import Submission, Team
from glassnet.challenge.scoring import read_predictions, score


def quota_status(service, team_id: int | None, now_us: int, used: int | None = None) -> dict:
    """What the team has used today, what is left, and when the count resets (local time)."""
    day = clock.local_day(now_us, service.tz).isoformat()
    if used is None:
        used = 0
        if team_id is not None:
            with service.read() as session:
                used = quotas.used(session, team_id, day)
    limit = service.settings.daily_limit
    return {"day": day, "used": used, "limit": limit, "remaining": max(limit - used, 0),
            "resets_at": clock.iso(clock.next_reset(now_us, service.tz), service.tz),
            "timezone": service.settings.timezone}


def check_open(service, now_us: int) -> None:
    s = service.settings
    if now_us < s.opens_at_us:
        raise ChallengeError(f"the challenge opens at {clock.iso(s.opens_at_us, service.tz)}", 403)
    if now_us >= s.closes_at_us:
        raise ChallengeError(f"the challenge closed at {clock.iso(s.closes_at_us, service.tz)}; "
                             f"this submission arrived at {clock.iso(now_us, service.tz)}", 403)


def _team_of(service, token: str):
    with service.read() as session:
        user, team = service.user_and_team(session, token)
    if team is None:
        raise ChallengeError("create or join a team before submitting", 409)
    return user, team


def submit(service, token: str, content: bytes, now_us: int, note: str = "") -> dict:
    """Score ``content`` and record it for the token's team; the answer shows the public score only."""
    user, team = _team_of(service, token)
    check_open(service, now_us)
    day = clock.local_day(now_us, service.tz).isoformat()
    resets = clock.iso(clock.next_reset(now_us, service.tz), service.tz)
    s = service.settings
    try:
        predictions = read_predictions(content, service.solution, s.id_column, s.target_column,
                                       service.labels_needed)
    except ChallengeError as error:
        with service.write.begin() as session:
            counted = quotas.take(session, team.id, day, quotas.INVALID, s.invalid_daily_limit)
        if not counted:
            raise ChallengeError(f"your team has sent {s.invalid_daily_limit} invalid files today; "
                                 f"files are checked again after {resets}", 429) from None
        raise error
    public, private = score(predictions, service.solution, s.metric)
    with service.write.begin() as session:
        if not quotas.take(session, team.id, day, quotas.VALID, s.daily_limit):
            raise ChallengeError(f"your team has used its {s.daily_limit} submissions for today "
                                 f"({day}, {s.timezone}); the count resets at {resets}", 429)
        row = Submission(challenge_id=s.id, team_id=team.id, user_id=user.id, submitted_at_us=now_us,
                         public_score=public, private_score=private, selected=False,
                         note=str(note)[:200], sha256=hashlib.sha256(content).hexdigest())
        session.add(row)
        session.flush()
        submission_id = row.id
        used = quotas.used(session, team.id, day)
    return {"id": submission_id, "public_score": round(public, s.decimals), "team": team.name,
            "submitted_at": clock.iso(now_us, service.tz), "quota": quota_status(service, team.id, now_us, used)}


def select_final(service, token: str, submission_id: int, selected: bool, now_us: int) -> dict:
    """Mark (or unmark) one of the team's submissions as final; at most ``n_final``, before the deadline."""
    user, team = _team_of(service, token)
    if now_us >= service.settings.closes_at_us:
        raise ChallengeError("final submissions can no longer change: the challenge has closed", 403)
    with service.write.begin() as session:
        # lock the team's row (PostgreSQL) so that two selections at once cannot pass the cap
        session.execute(select(Team.id).where(Team.id == team.id).with_for_update())
        row = session.get(Submission, submission_id)
        if row is None or row.team_id != team.id:
            raise ChallengeError(f"submission {submission_id!r} is not one of your team's", 404)
        if selected and not row.selected:
            count = len(session.scalars(select(Submission.id).where(
                Submission.team_id == team.id, Submission.selected.is_(True))).all())
            if count >= service.settings.n_final:
                raise ChallengeError(f"your team has selected {count} final submissions already "
                                     f"(at most {service.settings.n_final}); unselect one first", 409)
        session.execute(update(Submission).where(Submission.id == row.id).values(selected=selected)
                        .execution_options(synchronize_session=False))
    return {"id": submission_id, "selected": selected}
