"""Helpers of the challenge tests: small data files, a hand-moved clock, a ready challenge."""
from __future__ import annotations

import csv
from pathlib import Path

import numpy as np


class FakeClock:
    """A clock the test moves by hand (microseconds since the epoch, UTC)."""

    def __init__(self, us: int):
        self.us = us

    def __call__(self) -> int:
        return self.us


def write_files(folder: Path, n_test: int = 20, seed: int = 0, classes: int = 3):
    """Small train/test/solution CSVs: ids t0..t{n-1}, labels in 0..classes-1."""
    rng = np.random.default_rng(seed)
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / "train.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["id", "x", "label"])
        w.writerows([[f"r{i}", float(rng.normal()), int(rng.integers(classes))] for i in range(10)])
    ids = [f"t{i}" for i in range(n_test)]
    labels = rng.integers(classes, size=n_test)
    with open(folder / "test.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["id", "x"])
        w.writerows([[i, float(rng.normal())] for i in ids])
    with open(folder / "solution.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["id", "label"])
        w.writerows(zip(ids, labels.tolist()))
    return ids, labels


def predictions(ids, values, header=("id", "label")) -> bytes:
    lines = [",".join(header)] + [f"{i},{v}" for i, v in zip(ids, values)]
    return ("\n".join(lines) + "\n").encode()


class World:
    """A created challenge, its service (on a fake clock) and helpers to add students and teams."""

    def __init__(self, folder: Path, url: str, n_test: int = 20, **settings):
        from glassnet.challenge import clock
        from glassnet.challenge.creation import ChallengeSpec, create_challenge
        from glassnet.challenge.service import Service
        self.ids, self.labels = write_files(folder / "source", n_test=n_test)
        spec = ChallengeSpec(**{"title": "Test", "metric": "accuracy_score", "opens": "2027-01-01 00:00",
                                "closes": "2027-06-01 12:00", "timezone": "Europe/Paris", **settings})
        _, self.teacher_token = create_challenge(folder / "challenge", folder / "source" / "train.csv",
                                                 folder / "source" / "test.csv", folder / "source" / "solution.csv",
                                                 spec, url)
        self.clock = FakeClock(clock.parse_instant("2027-03-10 12:00", "Europe/Paris"))
        self.service = Service(url, now=self.clock)
        self.url = url

    def student(self, name: str = "s") -> str:
        from glassnet.challenge import accounts
        from glassnet.challenge.creation import add_join_codes
        with self.service.write.begin() as session:
            [(_, code)] = add_join_codes(session, self.service.settings.id, [name])
        return accounts.join(self.service, code, name)["token"]

    def team(self, name: str, members: int = 1) -> list[str]:
        """A team of fresh students; their tokens (the first created the team)."""
        from glassnet.challenge import accounts
        tokens = [self.student(f"{name}-{k}") for k in range(members)]
        code = accounts.create_team(self.service, tokens[0], name)["team_code"]
        for token in tokens[1:]:
            accounts.join_team(self.service, token, code)
        return tokens

    def correct(self, wrong: int = 0) -> bytes:
        """A valid file with the first ``wrong`` predictions wrong."""
        values = [(int(v) + (1 if k < wrong else 0)) % 3 for k, v in enumerate(self.labels)]
        return predictions(self.ids, values)

    def close(self):
        self.service.close()


def snapshot(service) -> dict:
    """Every row of every table (the 'invalid' allowance counters aside): to show nothing changed."""
    from sqlalchemy import select
    from glassnet.challenge.models import Base, QuotaUsage
    out = {}
    with service.read() as session:
        for table in Base.metadata.sorted_tables:
            query = select(table)
            if table.name == QuotaUsage.__tablename__:
                query = query.where(table.c.kind != "invalid")
            out[table.name] = sorted(tuple(row) for row in session.execute(query))
    return out
