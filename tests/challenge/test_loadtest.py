"""The quota race on a real server over loopback: 300 teams × 5 submissions at once, limit 2,
on both databases: exactly 2 accepted per team, 0 over the limit. (20 runs: benchmarks/bench_challenge.py.)"""
from collections import Counter

import pytest

from glassnet.challenge.loadtest import make_teams, over_limit, race, serving
from glassnet.challenge.server import create_app

pytest.importorskip("uvicorn")
RUNS = 2


@pytest.mark.timeout(600)
def test_1500_concurrent_submissions_none_over_the_limit(world):
    app = create_app(world.service)
    with serving(app) as port:
        for run in range(RUNS):
            tokens = make_teams(world.service, 300, prefix=f"run{run}")
            results = race("127.0.0.1", port, tokens, world.correct(), per_team=5, timeout=300)
            statuses = Counter(status for _, status in results)
            assert statuses == {200: 600, 429: 900}, statuses
            accepted = Counter(team for team, status in results if status == 200)
            assert set(accepted.values()) == {2} and len(accepted) == 300
            assert over_limit(world.service) == 0
    assert over_limit(world.service) == 0
