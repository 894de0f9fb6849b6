"""Connecting to the database: SQLite embedded by default, PostgreSQL through a URL, same code.

SQLite: WAL journal (readers never wait for the writer), foreign keys on, and every write
transaction opened with ``BEGIN IMMEDIATE`` (it takes the write lock at once, so two
transactions can never both read a quota and then both write it; the second waits, up to the
busy timeout). pysqlite's own implicit transactions are switched off so that SQLAlchemy's
``begin`` event can issue that statement. Read-only work uses ``reader(engine)``: a plain
deferred ``BEGIN`` that does not queue behind writers.
PostgreSQL: READ COMMITTED, where the conditional ``UPDATE ... WHERE used < limit`` waits for
a concurrent one on the same row and re-checks its condition on the new value.
"""
from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

MIGRATIONS = Path(__file__).parent / "migrations"


def sqlite_url(path: str | Path) -> str:
    return f"sqlite:///{Path(path).resolve()}"


def make_engine(url: str) -> Engine:
    """An engine for ``url`` (``sqlite:///file.db`` or ``postgresql+psycopg://...``)."""
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 60, "check_same_thread": False},
                               pool_size=20, max_overflow=40)

        @event.listens_for(engine, "connect")
        def _configure(dbapi_connection, _record):
            dbapi_connection.isolation_level = None  # SQLAlchemy's begin event says BEGIN
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA busy_timeout=60000")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.close()

        @event.listens_for(engine, "begin")
        def _begin(connection):
            deferred = connection.get_execution_options().get("glassnet_read_only", False)
            connection.exec_driver_sql("BEGIN" if deferred else "BEGIN IMMEDIATE")
        return engine
    if url.startswith("postgresql"):
        return create_engine(url, pool_size=20, max_overflow=40, pool_pre_ping=True)
    raise ValueError(f"database: expected a sqlite:/// or postgresql:// URL, got {url!r}")


def writer(engine: Engine) -> sessionmaker[Session]:
    """Sessions whose transactions may write (BEGIN IMMEDIATE on SQLite)."""
    return sessionmaker(engine, expire_on_commit=False)


def reader(engine: Engine) -> sessionmaker[Session]:
    """Sessions for reading only (a deferred BEGIN on SQLite: no wait behind writers)."""
    return sessionmaker(engine.execution_options(glassnet_read_only=True), expire_on_commit=False)


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to ``revision`` with the Alembic migrations shipped in the package."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
