"""The challenge's tables (SQLAlchemy 2 ORM); the same schema on SQLite and PostgreSQL.

Instants are BigInteger microseconds since the epoch, UTC (see :mod:`.clock`). Secrets are
stored as (public id, sha256 digest), never in clear (see :mod:`.security`). The hidden test
labels are not in the database at all: they stay in the challenge's solution file, which the
server reads and never serves. The migrations in ``migrations/versions`` build exactly this
schema (a test compares them).
"""
from __future__ import annotations

from sqlalchemy import (BigInteger, Boolean, Float, ForeignKey, Integer, String, UniqueConstraint)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Challenge(Base):
    """A challenge: its data, metric, calendar and limits, and the teacher's token digest."""

    __tablename__ = "challenges"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    data_dir: Mapped[str] = mapped_column(String(1000))
    metric: Mapped[str] = mapped_column(String(64))
    greater_is_better: Mapped[bool] = mapped_column(Boolean)
    decimals: Mapped[int] = mapped_column(Integer)
    id_column: Mapped[str] = mapped_column(String(64))
    target_column: Mapped[str] = mapped_column(String(64))
    timezone: Mapped[str] = mapped_column(String(64))
    opens_at_us: Mapped[int] = mapped_column(BigInteger)
    closes_at_us: Mapped[int] = mapped_column(BigInteger)
    daily_limit: Mapped[int] = mapped_column(Integer)
    invalid_daily_limit: Mapped[int] = mapped_column(Integer)
    team_size_limit: Mapped[int] = mapped_column(Integer)
    public_fraction: Mapped[float] = mapped_column(Float)
    split_seed: Mapped[int] = mapped_column(Integer)
    n_final: Mapped[int] = mapped_column(Integer)
    max_upload_bytes: Mapped[int] = mapped_column(BigInteger)
    teacher_token_id: Mapped[str] = mapped_column(String(32))
    teacher_token_hash: Mapped[str] = mapped_column(String(64))
    revealed: Mapped[bool] = mapped_column(Boolean, default=False)


class JoinCode(Base):
    """A one-time code that lets one student in (from the roster, or handed out by the teacher)."""

    __tablename__ = "join_codes"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    challenge_id: Mapped[int] = mapped_column(ForeignKey("challenges.id"), index=True)
    code_id: Mapped[str] = mapped_column(String(16), unique=True)
    code_hash: Mapped[str] = mapped_column(String(64))
    label: Mapped[str] = mapped_column(String(200), default="")
    used_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)


class User(Base):
    """A student of one challenge, known by the token given when the join code was used."""

    __tablename__ = "users"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    challenge_id: Mapped[int] = mapped_column(ForeignKey("challenges.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    token_id: Mapped[str] = mapped_column(String(32), unique=True)
    token_hash: Mapped[str] = mapped_column(String(64))
    joined_at_us: Mapped[int] = mapped_column(BigInteger)


class Team(Base):
    """A team; ``members`` is the counter a conditional UPDATE keeps under the size limit."""

    __tablename__ = "teams"
    __table_args__ = (UniqueConstraint("challenge_id", "name", name="uq_team_name"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    challenge_id: Mapped[int] = mapped_column(ForeignKey("challenges.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    code_id: Mapped[str] = mapped_column(String(16), unique=True)
    code_hash: Mapped[str] = mapped_column(String(64))
    members: Mapped[int] = mapped_column(Integer, default=0)


class Membership(Base):
    """User → team. A user belongs to one challenge, so the primary key makes it one team."""

    __tablename__ = "memberships"
    __table_args__ = (UniqueConstraint("challenge_id", "user_id", name="uq_one_team_per_user"),)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    challenge_id: Mapped[int] = mapped_column(ForeignKey("challenges.id"))
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id"), index=True)


class Submission(Base):
    """A scored, accepted predictions file. Invalid files are never stored here."""

    __tablename__ = "submissions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    challenge_id: Mapped[int] = mapped_column(ForeignKey("challenges.id"), index=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    submitted_at_us: Mapped[int] = mapped_column(BigInteger)
    public_score: Mapped[float] = mapped_column(Float)
    private_score: Mapped[float] = mapped_column(Float)
    selected: Mapped[bool] = mapped_column(Boolean, default=False)
    note: Mapped[str] = mapped_column(String(200), default="")
    sha256: Mapped[str] = mapped_column(String(64))


class QuotaUsage(Base):
    """How many submissions of a kind ('valid' / 'invalid') a team made on a local day."""

    __tablename__ = "quota_usage"
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id"), primary_key=True)
    day: Mapped[str] = mapped_column(String(10), primary_key=True)
    kind: Mapped[str] = mapped_column(String(8), primary_key=True)
    used: Mapped[int] = mapped_column(Integer, default=0)
