"""Hypothesis: no input makes the importer raise, and a rejected import leaves the database file byte-for-byte
unchanged (SPEC §7: all or nothing)."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rmdesk.services import auth
from rmdesk.services.audit import Actor
from rmdesk.services.importing import import_day, validate_folder
from rmdesk.store import migrate
from rmdesk.store.db import open_database
from tests.conftest import TEST_PASSWORD
from tests.services.import_files import Table, valid_day, write_day

AS_OF = date(2026, 11, 20)
KINDS = ("securities", "clients", "accounts", "positions", "contracts")


def _checkpointed_digest(path: Path) -> str:
    con = sqlite3.connect(path)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Actor]]:
    """A migrated book holding the valid day (so references resolve against the database too), checkpointed."""
    base = tmp_path_factory.mktemp("fuzz")
    path = base / "book.sqlite3"
    db = open_database(f"sqlite:///{path}")
    migrate.upgrade(db)
    with db.sessions.begin() as s:
        admin = auth.add_user(s, Actor(None, "setup", "admin"), "admin", TEST_PASSWORD, "admin", bootstrap=True)
        auth.add_user(s, admin.actor(), "rm1", TEST_PASSWORD, "rm", "李经理")
    actor = admin.actor()
    with db.sessions() as s:
        assert import_day(s, write_day(base / "day", valid_day()), date(2026, 11, 19), actor).applied
        s.commit()
    db.dispose()
    _checkpointed_digest(path)
    yield path, actor


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=2000), kind=st.sampled_from(KINDS), xlsx=st.booleans())
def test_arbitrary_bytes_never_raise(template: tuple[Path, Actor], data: bytes, kind: str, xlsx: bool) -> None:
    path, _ = template
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / f"{kind}.{'xlsx' if xlsx else 'csv'}").write_bytes(data)
        db = open_database(f"sqlite:///{path}")
        try:
            with db.sessions() as s:
                report, batch = validate_folder(s, folder, AS_OF)
        finally:
            db.dispose()
    assert report.ok == (batch is not None)
    for issue in report.issues:  # every issue renders in both languages
        assert issue.message("en") and issue.message("zh_CN") and issue.line()


def _mutate(day: dict[str, Table], data: st.DataObject) -> dict[str, Table]:
    for _ in range(data.draw(st.integers(min_value=1, max_value=3), label="mutations")):
        kind = data.draw(st.sampled_from(KINDS), label="file")
        table = day[kind]
        action = data.draw(st.sampled_from(("cell", "cell", "cell", "drop", "duplicate", "header")), label="action")
        if action == "header":
            col = data.draw(st.integers(0, len(table[0]) - 1))
            table[0][col] = data.draw(st.text(max_size=12), label="header")
            continue
        if len(table) < 2:
            continue
        row = data.draw(st.integers(1, len(table) - 1), label="row")
        if action == "drop":
            del table[row]
        elif action == "duplicate":
            table.insert(row, list(table[row]))
        else:
            col = data.draw(st.integers(0, len(table[row]) - 1), label="column")
            table[row][col] = data.draw(
                st.one_of(
                    st.text(max_size=20),
                    st.sampled_from(["", "-1", "0", "1e9", "9" * 30, "1,2", "NaN", "2026-02-30", "Y", "是", "%", "１"]),
                    st.decimals(allow_nan=True, allow_infinity=True).map(str),
                ),
                label="value",
            )
    return day


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data(), encoding=st.sampled_from(["utf-8", "utf-8-sig", "gb18030"]))
def test_mutated_folders_never_raise_and_rejections_change_nothing(
    template: tuple[Path, Actor], data: st.DataObject, encoding: str
) -> None:
    source, actor = template
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        path = work / "book.sqlite3"
        shutil.copyfile(source, path)
        before = hashlib.sha256(path.read_bytes()).hexdigest()
        day = _mutate(valid_day(), data)
        try:
            folder = write_day(work / "day", day, encoding=encoding)
        except UnicodeEncodeError:
            folder = write_day(work / "day", day, encoding="utf-8")  # text GBK cannot hold: the file is UTF-8
        db = open_database(f"sqlite:///{path}")
        try:
            with db.sessions() as s:
                report = import_day(s, folder, AS_OF, actor)
                if report.applied:
                    s.commit()
        finally:
            db.dispose()
        assert "import.apply_failed" not in {i.code for i in report.issues}  # validation let nothing bad through
        assert report.ok == report.applied
        if not report.ok:
            assert _checkpointed_digest(path) == before
