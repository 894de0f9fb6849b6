"""The daily quota, taken in the transaction that records the submission.

For each team, local day and kind ('valid' submissions, 'invalid' files) there is one counter
row. Taking one unit is a single conditional statement::

    UPDATE quota_usage SET used = used + 1
     WHERE team_id = :team AND day = :day AND kind = :kind AND used < :limit

and the unit was taken exactly when one row changed (``rowcount == 1``). The database
serialises the statement on that row (SQLite: the write lock of BEGIN IMMEDIATE; PostgreSQL:
the row lock, with the condition re-checked on the committed value), so two racing uploads can
never both see ``used = 1`` and both write 2. Reading the count first and writing it back
later — the usual bug — is never done. The row is created first if missing
(``INSERT ... ON CONFLICT DO NOTHING``), which is itself race-free.
"""
from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from glassnet.challenge.models import QuotaUsage

VALID, INVALID = "valid", "invalid"


def _insert(session: Session):
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert(QuotaUsage)


def take(session: Session, team_id: int, day: str, kind: str, limit: int) -> bool:
    """Take one unit of the team's ``kind`` quota for ``day``; False (nothing taken) when used up."""
    session.execute(_insert(session).values(team_id=team_id, day=day, kind=kind, used=0)
                    .on_conflict_do_nothing(index_elements=["team_id", "day", "kind"]))
    result = session.execute(
        update(QuotaUsage)
        .where(QuotaUsage.team_id == team_id, QuotaUsage.day == day, QuotaUsage.kind == kind,
               QuotaUsage.used < limit)
        .values(used=QuotaUsage.used + 1)
        .execution_options(synchronize_session=False))
    return result.rowcount == 1


def used(session: Session, team_id: int, day: str, kind: str = VALID) -> int:
    """How many units of ``kind`` the team has used on ``day``."""
    value = session.scalar(select(QuotaUsage.used).where(
        QuotaUsage.team_id == team_id, QuotaUsage.day == day, QuotaUsage.kind == kind))
    return int(value or 0)
