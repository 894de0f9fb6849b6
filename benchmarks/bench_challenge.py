"""The class challenge's figures: scoring time, leaderboard latency, and the quota race.

1. Scoring a 100,000-row predictions file (parse + check + accuracy on both parts): p50 / p95
   over ``--repeats`` runs (goal: p95 < 1 s).
2. The leaderboard over loopback (``GET /api/leaderboard`` on a uvicorn server) with 300 teams
   and 3,000 submissions: p50 / p95 over ``--requests`` requests (goal: p95 < 200 ms), as
   served (the board is kept until a submission arrives) and recomputed at every request.
3. The quota race: 300 teams × 5 submissions sent at once, limit 2, ``--runs`` times (default
   20) on each database: submissions over the limit (goal: 0) and seconds per run.

SQLite always; PostgreSQL too when ``--postgres-url`` or $GLASSNET_TEST_POSTGRES_URL is set
(its public schema is dropped and rebuilt: give it a scratch database).
Run:  python benchmarks/bench_challenge.py [--runs 20] [--postgres-url postgresql://...]
"""
from __future__ import annotations

import argparse
import csv
import os
import platform
import statistics
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import numpy as np

import glassnet
from glassnet.challenge import db, loadtest
from glassnet.challenge.creation import ChallengeSpec, create_challenge
from glassnet.challenge.models import Submission
from glassnet.challenge.scoring import Solution, read_predictions, score
from glassnet.challenge.server import create_app
from glassnet.challenge.service import Service


def percentiles(seconds: list[float], cpu: list[float] | None = None) -> str:
    """Wall-clock p50 / p95; with ``cpu``, the CPU time of this process too (on a shared, busy
    machine the wall clock mostly measures the wait for a core; the CPU time does not)."""
    ms = np.asarray(seconds) * 1000
    text = f"p50 {np.percentile(ms, 50):.1f} ms, p95 {np.percentile(ms, 95):.1f} ms"
    if cpu is not None:
        cpu_ms = np.asarray(cpu) * 1000
        text += f"; CPU time p50 {np.percentile(cpu_ms, 50):.1f} ms, p95 {np.percentile(cpu_ms, 95):.1f} ms"
    return text + f" (n={len(ms)})"


def write_challenge_files(folder: Path, n: int, seed: int = 0) -> tuple[list[str], np.ndarray]:
    rng = np.random.default_rng(seed)
    folder.mkdir(parents=True, exist_ok=True)
    ids = [f"t{i}" for i in range(n)]
    labels = rng.integers(10, size=n)
    with open(folder / "train.csv", "w", newline="") as f:
        csv.writer(f).writerows([["id", "x", "label"], ["r0", 0.5, 1]])
    with open(folder / "test.csv", "w", newline="") as f:
        csv.writer(f).writerows([["id", "x"], *([i, 0.0] for i in ids)])
    with open(folder / "solution.csv", "w", newline="") as f:
        csv.writer(f).writerows([["id", "label"], *zip(ids, labels.tolist())])
    return ids, labels


def predictions_file(ids, values) -> bytes:
    return ("id,label\n" + "".join(f"{i},{v}\n" for i, v in zip(ids, values))).encode()


def bench_scoring(repeats: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        ids, labels = write_challenge_files(Path(folder), 100_000)
        solution = Solution.read(Path(folder) / "solution.csv", "id", "label", 0.3, 0)
    rng = np.random.default_rng(1)
    guess = np.where(rng.random(len(ids)) < 0.9, labels, (labels + 1) % 10)
    order = rng.permutation(len(ids))
    content = predictions_file([ids[k] for k in order], guess[order])
    times, cpu = [], []
    for _ in range(repeats):
        start, start_cpu = time.perf_counter(), time.process_time()
        values = read_predictions(content, solution, "id", "label", labels_needed=True)
        score(values, solution, "accuracy_score")
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    print(f"scoring a 100,000-row file ({len(content) / 1e6:.1f} MB): {percentiles(times, cpu)}")


def fresh(url: str | None, folder: Path) -> str:
    if url is None:
        return db.sqlite_url(folder / "challenge.db")
    from sqlalchemy import text
    engine = db.make_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    return url


def make_service(url: str | None, folder: Path) -> tuple[Service, bytes]:
    ids, labels = write_challenge_files(folder / "src", 200)
    spec = ChallengeSpec(title="bench", metric="accuracy_score", opens="2020-01-01 00:00",
                         closes="2100-01-01 00:00", timezone="Europe/Paris")
    url = fresh(url, folder)
    create_challenge(folder / "ch", folder / "src/train.csv", folder / "src/test.csv",
                     folder / "src/solution.csv", spec, url)
    return Service(url), predictions_file(ids, labels)


def bench_leaderboard(url: str | None, name: str, requests: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        service, _ = make_service(url, Path(folder))
        loadtest.make_teams(service, 300, members=1, prefix="lb")
        rng = np.random.default_rng(0)
        with service.write.begin() as session:
            session.add_all(Submission(challenge_id=service.settings.id, team_id=1 + k % 300, user_id=1 + k % 300,
                                       submitted_at_us=service.now() - int(rng.integers(10**12)),
                                       public_score=float(rng.random()), private_score=float(rng.random()),
                                       selected=False, note="", sha256="0" * 64) for k in range(3000))
        with loadtest.serving(create_app(service)) as port:
            address = f"http://127.0.0.1:{port}/api/leaderboard"
            for kept in (True, False):  # kept: the board as served; not kept: recomputed each time
                times, cpu = [], []
                for _ in range(requests + 5):
                    if not kept:
                        service.board_cache.clear()
                    start, start_cpu = time.perf_counter(), time.process_time()
                    with urllib.request.urlopen(address) as response:
                        size = len(response.read())
                    times.append(time.perf_counter() - start)
                    cpu.append(time.process_time() - start_cpu)  # client and server: one process
                print(f"leaderboard, 300 teams and 3,000 submissions ({name}, {size / 1e3:.0f} kB, "
                      f"{'as served' if kept else 'recomputed every request'}): {percentiles(times[5:], cpu[5:])}")
        service.close()


def bench_race(url: str | None, name: str, runs: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        service, content = make_service(url, Path(folder))
        over, seconds, accepted = 0, [], []
        with loadtest.serving(create_app(service)) as port:
            for run in range(runs):
                tokens = loadtest.make_teams(service, 300, prefix=f"run{run}")
                start = time.perf_counter()
                results = loadtest.race("127.0.0.1", port, tokens, content, per_team=5)
                seconds.append(time.perf_counter() - start)
                accepted.append(sum(status == 200 for _, status in results))
                over = loadtest.over_limit(service)
                print(f"  {name} run {run + 1}: {accepted[-1]} accepted of 1500, {over} over the limit, "
                      f"{seconds[-1]:.1f} s", flush=True)
        service.close()
    print(f"quota race ({name}): {runs} runs × 1,500 concurrent submissions, limit 2: {over} over the limit, "
          f"accepted {min(accepted)}–{max(accepted)} per run (600 expected), "
          f"{statistics.median(seconds):.1f} s per run (median; {min(seconds):.1f}–{max(seconds):.1f})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--repeats", type=int, default=20)
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--postgres-url", default=os.environ.get("GLASSNET_TEST_POSTGRES_URL"))
    parser.add_argument("--skip", nargs="*", default=[], choices=["scoring", "leaderboard", "race"])
    args = parser.parse_args()
    import sqlalchemy
    print(f"glassnet {glassnet.__version__}, Python {platform.python_version()}, NumPy {np.__version__}, "
          f"SQLAlchemy {sqlalchemy.__version__}, {os.cpu_count()} CPUs, load average "
          f"{', '.join(f'{x:.1f}' for x in os.getloadavg())}")
    databases = [(None, "SQLite")] + ([(args.postgres_url, "PostgreSQL")] if args.postgres_url else [])
    if not args.postgres_url:
        print("PostgreSQL: skipped (no --postgres-url / $GLASSNET_TEST_POSTGRES_URL)", file=sys.stderr)
    if "scoring" not in args.skip:
        bench_scoring(args.repeats)
    for url, name in databases:
        if "leaderboard" not in args.skip:
            bench_leaderboard(url, name, args.requests)
        if "race" not in args.skip:
            bench_race(url, name, args.runs)


if __name__ == "__main__":
    main()
