"""Creating a challenge: check the teacher's settings and files, copy the data, write the rows.

The challenge folder holds ``public/train.csv`` and ``public/test.csv`` (what students may
download), ``private/solution.csv`` (the hidden labels: read by the server, never served) and,
unless a database URL is given, ``challenge.db`` (SQLite).
"""
from __future__ import annotations

import csv
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select

from glassnet.challenge import clock, db, security
from glassnet.challenge.models import Challenge, JoinCode
from glassnet.challenge.scoring import METRICS, Solution, metric_function


@dataclass
class ChallengeSpec:
    """A challenge's settings, as the teacher gives them (times local to ``timezone`` or with an offset)."""

    title: str
    metric: str
    opens: str
    closes: str
    timezone: str = "UTC"
    slug: str = "challenge"
    daily_limit: int = 2
    invalid_daily_limit: int = 10
    team_size_limit: int = 3
    public_fraction: float = 0.3
    split_seed: int = 0
    n_final: int = 2
    decimals: int = 4
    id_column: str = "id"
    target_column: str = "label"
    max_upload_bytes: int = 16 * 1024 * 1024
    greater_is_better: bool | None = field(default=None)

    def check(self) -> tuple[int, int]:
        """(opens, closes) as instants; ValueError naming the first bad setting."""
        metric_function(self.metric)
        for name in ("daily_limit", "invalid_daily_limit", "team_size_limit", "n_final", "max_upload_bytes"):
            value = getattr(self, name)
            if not isinstance(value, int) or value < 1:
                raise ValueError(f"{name}: expected a positive integer, got {value!r}")
        if not 0.0 < self.public_fraction < 1.0:
            raise ValueError(f"public_fraction: expected a number strictly between 0 and 1, got {self.public_fraction!r}")
        if not 0 <= self.decimals <= 10:
            raise ValueError(f"decimals: expected 0 to 10, got {self.decimals!r}")
        opens = clock.parse_instant(self.opens, self.timezone, "opens")
        closes = clock.parse_instant(self.closes, self.timezone, "closes")
        if closes <= opens:
            raise ValueError(f"closes: expected a time after opens ({self.opens}), got {self.closes}")
        return opens, closes


def _header(path: Path) -> list[str]:
    with open(path, newline="", encoding="utf-8-sig") as file:
        return next(csv.reader(file), [])


def _first_column(path: Path) -> list[str]:
    with open(path, newline="", encoding="utf-8-sig") as file:
        reader = csv.reader(file)
        next(reader, None)
        return [row[0].strip() for row in reader if row]


def create_challenge(folder: str | Path, train: str | Path, test: str | Path, solution: str | Path,
                     spec: ChallengeSpec, database_url: str | None = None) -> tuple[int, str]:
    """Create the challenge in ``folder``; return (its id, the teacher's token: shown once)."""
    folder = Path(folder)
    opens, closes = spec.check()
    train, test, solution = Path(train), Path(test), Path(solution)
    for name, path in (("train", train), ("test", test), ("solution", solution)):
        if not path.is_file():
            raise ValueError(f"{name}: no such file {path}")
    test_header = _header(test)
    if not test_header or test_header[0] != spec.id_column or spec.target_column in test_header:
        raise ValueError(f"test: expected a header starting with {spec.id_column!r} and without "
                         f"the target {spec.target_column!r}, got {test_header[:5]}")
    if spec.target_column not in _header(train):
        raise ValueError(f"train: expected a column {spec.target_column!r}")
    hidden = Solution.read(solution, spec.id_column, spec.target_column, spec.public_fraction, spec.split_seed)
    if sorted(_first_column(test)) != sorted(hidden.ids):
        raise ValueError("solution: its ids must be exactly the test file's ids")
    folder.mkdir(parents=True, exist_ok=True)
    engine = db.make_engine(database_url or db.sqlite_url(folder / "challenge.db"))
    db.upgrade(engine)
    with db.reader(engine)() as session:
        if session.scalar(select(Challenge.id).where(Challenge.slug == spec.slug)) is not None:
            engine.dispose()
            raise ValueError(f"slug: a challenge called {spec.slug!r} exists in this database already")
    (folder / "public").mkdir(exist_ok=True)
    (folder / "private").mkdir(exist_ok=True)
    (folder / "private").chmod(0o700)  # the hidden labels: the server reads them, nobody else
    shutil.copyfile(train, folder / "public" / "train.csv")
    shutil.copyfile(test, folder / "public" / "test.csv")
    shutil.copyfile(solution, folder / "private" / "solution.csv")
    token, token_id, token_hash = security.new_token()
    greater = METRICS[spec.metric][0] if spec.greater_is_better is None else spec.greater_is_better
    with db.writer(engine).begin() as session:
        row = Challenge(
            slug=spec.slug, title=spec.title, data_dir=str(folder.resolve()), metric=spec.metric,
            greater_is_better=greater, decimals=spec.decimals, id_column=spec.id_column,
            target_column=spec.target_column, timezone=spec.timezone, opens_at_us=opens,
            closes_at_us=closes, daily_limit=spec.daily_limit,
            invalid_daily_limit=spec.invalid_daily_limit, team_size_limit=spec.team_size_limit,
            public_fraction=spec.public_fraction, split_seed=spec.split_seed, n_final=spec.n_final,
            max_upload_bytes=spec.max_upload_bytes, teacher_token_id=token_id,
            teacher_token_hash=token_hash, revealed=False)
        session.add(row)
        session.flush()
        challenge_id = row.id
    engine.dispose()
    return challenge_id, token


def code_taken(session, model):
    """A test for ``security.new_code``: is this public id used by a row of ``model``?"""
    return lambda public_id: session.scalar(select(model.id).where(model.code_id == public_id)) is not None


def add_join_codes(session, challenge_id: int, labels: list[str]) -> list[tuple[str, str]]:
    """One fresh one-time join code per label (a student's name from a roster, or ''): [(label, code)]."""
    out = []
    for label in labels:
        code, code_id, code_hash = security.new_code(code_taken(session, JoinCode))
        session.add(JoinCode(challenge_id=challenge_id, code_id=code_id, code_hash=code_hash,
                             label=label[:200], used_by=None))
        out.append((label, code))
    session.flush()
    return out
