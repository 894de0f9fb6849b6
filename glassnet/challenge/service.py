"""One running challenge: its database, its settings, its hidden labels and its clock.

The server and the tests talk to a :class:`Service`; every operation (joining, submitting,
ranking) lives in its own module and takes the service as its first argument.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from glassnet.challenge import clock, db, security
from glassnet.challenge.errors import ChallengeError
from glassnet.challenge.models import Challenge, Membership, Team, User
from glassnet.challenge.scoring import METRICS, Solution


@dataclass
class Settings:
    """A detached copy of the challenge row (read once; ``revealed`` is re-read when it matters)."""

    id: int
    slug: str
    title: str
    data_dir: Path
    metric: str
    greater_is_better: bool
    decimals: int
    id_column: str
    target_column: str
    timezone: str
    opens_at_us: int
    closes_at_us: int
    daily_limit: int
    invalid_daily_limit: int
    team_size_limit: int
    n_final: int
    max_upload_bytes: int
    public_fraction: float


class Service:
    """The challenge ``slug`` in the database at ``url`` (default: the only one there)."""

    def __init__(self, url_or_engine: str | Engine, slug: str | None = None,
                 now: Callable[[], int] = clock.now_us):
        self.engine = url_or_engine if isinstance(url_or_engine, Engine) else db.make_engine(url_or_engine)
        db.upgrade(self.engine)
        self.write = db.writer(self.engine)
        self.read = db.reader(self.engine)
        self.now = now
        self.board_cache: dict = {}  # see boards.board
        with self.read() as session:
            query = select(Challenge) if slug is None else select(Challenge).where(Challenge.slug == slug)
            rows = session.scalars(query).all()
        if len(rows) != 1:
            raise ValueError(f"expected one challenge{'' if slug is None else ' ' + repr(slug)} in the "
                             f"database, found {len(rows)}" + ("; name one with slug=" if len(rows) > 1 else ""))
        row = rows[0]
        self.settings = Settings(
            row.id, row.slug, row.title, Path(row.data_dir), row.metric, row.greater_is_better,
            row.decimals, row.id_column, row.target_column, row.timezone, row.opens_at_us,
            row.closes_at_us, row.daily_limit, row.invalid_daily_limit, row.team_size_limit,
            row.n_final, row.max_upload_bytes, row.public_fraction)
        self.teacher = (row.teacher_token_id, row.teacher_token_hash)
        self.tz = clock.zone(row.timezone)
        self.labels_needed = METRICS[row.metric][1]
        self.solution = Solution.read(self.private_dir / "solution.csv", row.id_column,
                                      row.target_column, row.public_fraction, row.split_seed)

    @property
    def public_dir(self) -> Path:
        return self.settings.data_dir / "public"

    @property
    def private_dir(self) -> Path:
        return self.settings.data_dir / "private"

    def revealed(self) -> bool:
        with self.read() as session:
            return bool(session.scalar(select(Challenge.revealed).where(Challenge.id == self.settings.id)))

    def user(self, session: Session, token: str | None) -> User:
        """The user whose token this is; ChallengeError 401 otherwise."""
        parts = security.split(token or "", ".")
        user = None if parts is None else session.scalar(
            select(User).where(User.token_id == parts[0], User.challenge_id == self.settings.id))
        if user is None or not security.matches(parts[1], user.token_hash):
            raise ChallengeError("unknown token: join with your code first (the page keeps your token)", 401)
        return user

    def user_and_team(self, session: Session, token: str | None) -> tuple[User, Team | None]:
        """The token's user and team (None when in no team), in one query; ChallengeError 401 otherwise."""
        parts = security.split(token or "", ".")
        row = None if parts is None else session.execute(
            select(User, Team).outerjoin(Membership, Membership.user_id == User.id)
            .outerjoin(Team, Team.id == Membership.team_id)
            .where(User.token_id == parts[0], User.challenge_id == self.settings.id)).first()
        if row is None or not security.matches(parts[1], row[0].token_hash):
            raise ChallengeError("unknown token: join with your code first (the page keeps your token)", 401)
        return row[0], row[1]

    def team_of(self, session: Session, user: User) -> Team | None:
        return session.scalar(select(Team).join(Membership, Membership.team_id == Team.id)
                              .where(Membership.user_id == user.id))

    def check_teacher(self, token: str | None) -> None:
        parts = security.split(token or "", ".")
        if parts is None or parts[0] != self.teacher[0] or not security.matches(parts[1], self.teacher[1]):
            raise ChallengeError("teacher token required (printed by 'glassnet challenge init')", 403)

    def close(self) -> None:
        self.engine.dispose()
