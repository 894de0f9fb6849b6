"""Alembic environment for the challenge's schema (run by :func:`glassnet.challenge.db.upgrade`)."""
from alembic import context
from sqlalchemy import create_engine

from glassnet.challenge.models import Base

config = context.config
connection = config.attributes.get("connection")


def run(connection) -> None:
    context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


if connection is not None:
    run(connection)
else:  # the alembic command line, with sqlalchemy.url set
    with create_engine(config.get_main_option("sqlalchemy.url")).begin() as new_connection:
        run(new_connection)
