"""Fixtures of the challenge tests: every database test runs on SQLite and on PostgreSQL.

PostgreSQL comes from $GLASSNET_TEST_POSTGRES_URL (``.ci/run`` starts one and sets it). Without
it the PostgreSQL half is skipped on a laptop, and fails in CI (CI=true), so the suite cannot
silently test one database only.
"""
from __future__ import annotations

import os

import pytest

pytest.importorskip("sqlalchemy")
pytest.importorskip("alembic")
pytest.importorskip("starlette")

from .helpers import World  # noqa: E402

POSTGRES_URL = os.environ.get("GLASSNET_TEST_POSTGRES_URL")


def _fresh_postgres(url: str) -> str:
    from sqlalchemy import text
    from glassnet.challenge.db import make_engine
    engine = make_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    return url


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request, tmp_path):
    """A URL to an empty database of each kind."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'challenge.db'}"
    if not POSTGRES_URL:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("CI=true but GLASSNET_TEST_POSTGRES_URL is not set: the PostgreSQL tests must run in CI")
        pytest.skip("PostgreSQL: set GLASSNET_TEST_POSTGRES_URL to run these tests")
    return _fresh_postgres(POSTGRES_URL)


@pytest.fixture
def world(tmp_path, database_url):
    w = World(tmp_path, database_url)
    yield w
    w.close()


@pytest.fixture
def make_world(tmp_path, database_url):
    """A factory: make_world(**settings) for other settings than the default world's."""
    made = []

    def make(**settings):
        w = World(tmp_path / f"w{len(made)}", database_url, **settings)
        made.append(w)
        return w
    yield make
    for w in made:
        w.close()
