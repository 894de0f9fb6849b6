"""The shipped Alembic migrations build exactly the ORM's schema, on both databases."""
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from glassnet.challenge import db
from glassnet.challenge.models import Base


def test_migrations_match_the_models(database_url):
    engine = db.make_engine(database_url)
    try:
        db.upgrade(engine)
        with engine.connect() as connection:
            assert compare_metadata(MigrationContext.configure(connection), Base.metadata) == []
            assert MigrationContext.configure(connection).get_current_revision() == "0001"
            assert {"challenges", "submissions", "quota_usage"} <= set(inspect(connection).get_table_names())
        db.upgrade(engine)  # a second upgrade is a no-op
    finally:
        engine.dispose()


def test_sqlite_runs_in_wal_mode_with_immediate_transactions(tmp_path):
    engine = db.make_engine(f"sqlite:///{tmp_path / 'x.db'}")
    statements = []
    from sqlalchemy import event, text
    event.listen(engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
    try:
        with engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        with db.writer(engine).begin() as session:
            session.execute(text("SELECT 1"))
        with db.reader(engine)() as session:
            session.execute(text("SELECT 2"))
    finally:
        engine.dispose()
    assert statements.index("BEGIN IMMEDIATE") < statements.index("SELECT 1")
    assert "BEGIN" in statements[statements.index("SELECT 1"):]
