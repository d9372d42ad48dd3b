"""Upgrading an existing SQLite file keeps a copy of it first: a migration can never lose the user's data."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import insert, select

from rmdesk import clock
from rmdesk.store import migrate
from rmdesk.store.db import open_database
from rmdesk.store.models import Client


def _old_file(path: Path) -> None:
    """A database at revision 0001 holding one client."""
    db = open_database(f"sqlite:///{path}")
    migrate.upgrade(db, "0001")
    now = clock.now()
    with db.sessions.begin() as s:
        s.execute(insert(Client), [{"client_no": "C0001", "name": "赵一", "created_at": now, "updated_at": now}])
    db.dispose()


def test_an_old_file_is_copied_beside_itself_then_upgraded(tmp_path: Path) -> None:
    path = tmp_path / "branch.sqlite3"
    _old_file(path)
    db = open_database(f"sqlite:///{path}")
    try:
        copy = migrate.upgrade_keeping_copy(db)
        assert copy == tmp_path / "branch.before-upgrade-from-0001.sqlite3"
        assert migrate.is_current(db)
        with db.sessions() as s:
            assert s.scalars(select(Client.client_no)).all() == ["C0001"]
    finally:
        db.dispose()
    # the copy is the old database as it was: revision 0001, the client, no figures pointer yet
    con = sqlite3.connect(copy)
    try:
        assert con.execute("SELECT version_num FROM alembic_version").fetchall() == [("0001",)]
        assert con.execute("SELECT client_no, name FROM clients").fetchall() == [("C0001", "赵一")]
        columns = {row[1] for row in con.execute("PRAGMA table_info(credit_accounts)")}
        assert "figures_as_of" not in columns
    finally:
        con.close()


def test_no_copy_for_a_current_or_a_new_file(tmp_path: Path) -> None:
    new = open_database(f"sqlite:///{tmp_path / 'new.sqlite3'}")
    try:
        assert migrate.upgrade_keeping_copy(new) is None  # a new file: nothing to keep
        assert migrate.is_current(new)
        assert migrate.upgrade_keeping_copy(new) is None  # already current
    finally:
        new.dispose()
    assert sorted(p.name for p in tmp_path.iterdir() if "before-upgrade" in p.name) == []


def test_init_on_an_old_file_says_where_the_copy_is(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from rmdesk.cli import main

    path = tmp_path / "branch.sqlite3"
    _old_file(path)
    assert main(["--db", str(path), "--lang", "zh_CN", "init"]) == 0
    out = capsys.readouterr().out
    assert "数据库已升级 0001 →" in out
    assert f"升级前的数据库已备份到 {tmp_path / 'branch.before-upgrade-from-0001.sqlite3'}" in out
