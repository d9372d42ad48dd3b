"""Create or upgrade a database to the newest schema with the real Alembic migrations."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from rmdesk.store.db import Database

MIGRATIONS = Path(__file__).with_name("migrations")


def alembic_config(db: Database) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", db.url.replace("%", "%%"))
    return cfg


def head_revision(db: Database) -> str:
    head = ScriptDirectory.from_config(alembic_config(db)).get_current_head()
    assert head is not None
    return head


def current_revision(db: Database) -> str | None:
    with db.engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(db: Database, revision: str = "head") -> None:
    """Migrate to ``revision`` (default: head). Harmless when already there."""
    cfg = alembic_config(db)
    with db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


def backup_path(db: Database, revision: str) -> Path:
    """Where the copy taken before migrating an SQLite file from ``revision`` goes: beside the file."""
    from rmdesk.store.backup import sqlite_path

    path = sqlite_path(db.url)
    return path.with_name(f"{path.stem}.before-upgrade-from-{revision}{path.suffix}")


def upgrade_keeping_copy(db: Database) -> Path | None:
    """Migrate to head; an SQLite file that holds an older schema is first copied beside itself (online backup,
    integrity-checked), so a migration can never lose the user's data. Returns the copy, or None when nothing
    was copied (already current, a new empty file, or not SQLite)."""
    before = current_revision(db)
    copy = None
    if db.is_sqlite and before is not None and before != head_revision(db):
        from rmdesk.store.backup import backup

        copy = backup(db.url, backup_path(db, before)).path
    upgrade(db)
    return copy


def downgrade(db: Database, revision: str) -> None:
    cfg = alembic_config(db)
    with db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, revision)


def is_current(db: Database) -> bool:
    return current_revision(db) == head_revision(db)
