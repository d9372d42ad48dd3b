"""The migrations are the schema: autogenerate finds nothing to add, and they go down and up again."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from rmdesk.store import migrate
from rmdesk.store.db import Database, open_database
from rmdesk.store.models import Base


def test_migrations_produce_exactly_the_models_schema(db: Database) -> None:
    with db.engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True, "compare_server_default": True})
        assert compare_metadata(ctx, Base.metadata) == []


def test_upgrade_downgrade_upgrade_on_an_empty_database(tmp_path: Path) -> None:
    database = open_database(f"sqlite:///{tmp_path / 'cycle.sqlite3'}")
    migrate.upgrade(database)
    assert set(inspect(database.engine).get_table_names()) >= set(Base.metadata.tables)
    migrate.downgrade(database, "base")
    assert set(inspect(database.engine).get_table_names()) == {"alembic_version"}
    migrate.upgrade(database)
    assert migrate.is_current(database)
    database.dispose()


def test_upgrade_twice_is_harmless(db: Database) -> None:
    before = migrate.current_revision(db)
    migrate.upgrade(db)
    assert migrate.current_revision(db) == before == migrate.head_revision(db)


def test_sqlite_pragmas_are_set(db: Database) -> None:
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000
