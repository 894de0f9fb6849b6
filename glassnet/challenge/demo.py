"""A demo challenge from the MNIST sample shipped with glassnet: one command, offline.

Digits as CSV (``id,p0..p783`` with ``label`` in the training file), accuracy, opens now,
closes in two weeks, and a few one-time join codes written to ``join_codes.csv``.
"""
from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import numpy as np

from glassnet.challenge import clock, db
from glassnet.challenge.creation import ChallengeSpec, add_join_codes, create_challenge


def _write(path: Path, header: list[str], rows: np.ndarray) -> None:
    with open(path, "w", newline="", encoding="utf-8") as file:
        file.write(",".join(header) + "\n")
        np.savetxt(file, rows, fmt="%d", delimiter=",")


def write_mnist_files(folder: Path, n_train: int = 5000, n_test: int = 1000) -> tuple[Path, Path, Path]:
    """train.csv, test.csv and solution.csv from the shipped MNIST sample, in ``folder``."""
    from glassnet.datasets import mnist
    (x_train, y_train), (x_test, y_test) = mnist.load_sample()
    folder.mkdir(parents=True, exist_ok=True)
    pixels = [f"p{i}" for i in range(28 * 28)]
    x_train, x_test = x_train[:n_train].reshape(-1, 784), x_test[:n_test].reshape(-1, 784)
    train_ids, test_ids = np.arange(len(x_train)), np.arange(100_000, 100_000 + len(x_test))
    _write(folder / "train.csv", ["id", *pixels, "label"],
           np.column_stack([train_ids, x_train, y_train[:n_train]]))
    _write(folder / "test.csv", ["id", *pixels], np.column_stack([test_ids, x_test]))
    _write(folder / "solution.csv", ["id", "label"], np.column_stack([test_ids, y_test[:n_test]]))
    return folder / "train.csv", folder / "test.csv", folder / "solution.csv"


def create_demo(folder: str | Path, timezone: str = "UTC", n_codes: int = 30,
                database_url: str | None = None) -> dict:
    """Create the demo challenge in ``folder``; the teacher token and the join codes."""
    folder = Path(folder)
    source = folder / "source"
    train, test, solution = write_mnist_files(source)
    tz = clock.zone(timezone)
    now = clock.from_us(clock.now_us(), tz).replace(second=0, microsecond=0)
    spec = ChallengeSpec(title="Digits: the MNIST sample challenge", metric="accuracy_score",
                         opens=now.isoformat(), closes=(now + dt.timedelta(days=14)).isoformat(),
                         timezone=timezone, slug="mnist-demo")
    challenge_id, token = create_challenge(folder, train, test, solution, spec, database_url)
    for path in (train, test, solution):
        path.unlink()
    source.rmdir()
    engine = db.make_engine(database_url or db.sqlite_url(folder / "challenge.db"))
    with db.writer(engine).begin() as session:
        codes = add_join_codes(session, challenge_id, [f"student {i + 1}" for i in range(n_codes)])
    engine.dispose()
    with open(folder / "join_codes.csv", "w", newline="", encoding="utf-8") as file:
        csv.writer(file).writerows([("label", "code"), *codes])
    return {"teacher_token": token, "codes": codes, "folder": folder}
