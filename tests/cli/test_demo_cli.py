"""`rmdesk demo` as typed: init then demo works and prints what a new user needs (as-of date, counts, the log-ins
and their password); a second demo on the same file, a database never initialised and a silly size fail with
the documented exit codes."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from rmdesk import clock, i18n
from rmdesk.cli import main
from rmdesk.commands.demo_cmd import TtyProgress
from rmdesk.services import auth
from rmdesk.store.db import open_database
from rmdesk.store.models import Client


@pytest.fixture(autouse=True)
def _saturday(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Today is Saturday 2026-11-21, so the book is as of Friday 2026-11-20; main() sets the language: reset it."""
    monkeypatch.setattr(clock, "now", lambda: datetime(2026, 11, 21, 10, 0, 0))
    monkeypatch.setattr(clock, "today", lambda: date(2026, 11, 21))
    yield
    i18n.set_language(None)


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def test_init_then_demo_then_log_in(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "demo.sqlite3")
    assert _run(["--db", db, "init"], capsys)[0] == 0
    code, out, err = _run(["--db", db, "--lang", "en", "demo", "--clients", "40", "--seed", "3"], capsys)
    assert code == 0, err
    assert "as of 2026-11-20" in out and "40 clients" in out
    # The bench and a new user read the password from the first line that names it.
    match = re.search(r"(?:password|密码)\s*[:：]?\s*(\S+)", out, re.I)
    assert match is not None and match.group(1) == "rmdesk-demo"
    for name in ("admin", "zhuguan", "rm01", "rm05"):
        assert re.search(rf"^{name}\s", out, re.M), name
    database = open_database(f"sqlite:///{db}")
    with database.sessions() as s:
        assert s.execute(select(func.count(Client.id))).scalar_one() == 40
        assert auth.authenticate(s, "rm01", "rmdesk-demo").display_name == "张经理"
    database.dispose()

    # Same file again: refused, nothing added, exit 1 with the reason on stderr.
    code, out, err = _run(["--db", db, "demo", "--clients", "40"], capsys)
    assert code == 1 and out == ""
    assert "已有 40 位客户" in err


def test_demo_keeps_an_existing_admin(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    db = str(tmp_path / "with-admin.sqlite3")
    monkeypatch.setenv("RMDESK_PASSWORD", "my-own-admin-pw")
    assert _run(["--db", db, "init", "--admin", "admin"], capsys)[0] == 0
    code, out, _err = _run(["--db", db, "demo", "--clients", "30"], capsys)
    assert code == 0 and "已存在，密码未改" in out and "密码：rmdesk-demo" in out
    database = open_database(f"sqlite:///{db}")
    with database.sessions() as s:
        assert auth.authenticate(s, "admin", "my-own-admin-pw").role == "admin"  # not overwritten
        assert auth.authenticate(s, "zhuguan", "rmdesk-demo").role == "supervisor"
    database.dispose()


def test_demo_needs_an_initialised_database(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(["--db", str(tmp_path / "never.sqlite3"), "--lang", "en", "demo"], capsys)
    assert code == 1 and out == "" and "rmdesk init" in err


def test_a_book_too_small_for_every_warning_is_bad_usage(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "x.sqlite3")
    assert _run(["--db", db, "init"], capsys)[0] == 0
    code, _out, err = _run(["--db", db, "--lang", "en", "demo", "--clients", "5"], capsys)
    assert code == 2 and "between 30 and 200000" in err
    assert _run(["--db", db, "demo", "--clients", "many"], capsys)[0] == 2


def test_progress_line_on_a_terminal() -> None:
    stream = io.StringIO()
    progress = TtyProgress(stream)
    progress.total(200)
    progress.status("正在生成客户…")
    progress.advance(100)
    progress.status("正在写入…")  # a new step always redraws: half of 200 done
    assert stream.getvalue().endswith("\r\x1b[K 50%  正在写入…")
    progress.finish()
    assert stream.getvalue().endswith("\r\x1b[K")  # the line is cleared before the summary is printed
