"""`rmdesk init` and `rmdesk user …` as a person types them: exit codes, messages, and what lands in the DB."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from rmdesk.cli import main
from rmdesk.services.audit import verify_chain
from rmdesk.store.db import open_database


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def test_init_twice_is_harmless_and_creates_the_admin(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "a.sqlite3"
    monkeypatch.setenv("RMDESK_PASSWORD", "first-admin-1")
    code, out, _ = _run(["--db", str(db), "--lang", "en", "init", "--admin", "boss"], capsys)
    assert code == 0 and "migrated" in out and "Admin boss created" in out
    code, out, _ = _run(["--db", str(db), "--lang", "en", "init", "--admin", "boss"], capsys)
    assert code == 0 and "up to date" in out and "no admin created" in out
    database = open_database(f"sqlite:///{db}")
    with database.sessions() as s:
        assert verify_chain(s).checked == 1
    database.dispose()


def test_user_management_needs_an_admin(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    db = str(tmp_path / "b.sqlite3")
    monkeypatch.setenv("RMDESK_PASSWORD", "first-admin-1")
    assert _run(["--db", db, "init", "--admin", "boss"], capsys)[0] == 0
    monkeypatch.setenv("RMDESK_NEW_PASSWORD", "rm-password-1")
    code, out, _ = _run(["--db", db, "--user", "boss", "user", "add", "zhang", "--role", "rm",
                         "--display-name", "张经理"], capsys)
    assert code == 0 and "zhang" in out
    # zhang is an RM: may not add users
    monkeypatch.setenv("RMDESK_PASSWORD", "rm-password-1")
    code, _, err = _run(["--db", db, "--user", "zhang", "user", "add", "li", "--role", "rm"], capsys)
    assert code == 2 and "无权" in err
    # a wrong password is a failure (1), not bad usage
    monkeypatch.setenv("RMDESK_PASSWORD", "not-the-password")
    code, _, err = _run(["--db", db, "--user", "boss", "user", "list"], capsys)
    assert code == 1 and "登录失败" in err


def test_data_changing_command_without_user_is_bad_usage(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "c.sqlite3")
    assert _run(["--db", db, "init"], capsys)[0] == 0
    code, _, err = _run(["--db", db, "--lang", "en", "user", "list"], capsys)
    assert code == 2 and "needs a user" in err


def test_commands_on_an_uninitialised_database_say_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(["--db", str(tmp_path / "none.sqlite3"), "--lang", "en", "risk"], capsys)
    assert code == 1 and "rmdesk init" in err


def test_help_in_both_languages() -> None:
    zh = subprocess.run([sys.executable, "-m", "rmdesk", "--lang", "zh_CN", "--help"], capture_output=True,
                        text=True, check=True).stdout
    en = subprocess.run([sys.executable, "-m", "rmdesk", "--lang", "en", "--help"], capture_output=True, text=True,
                        check=True).stdout
    assert "创建或升级数据库" in zh and "create or migrate the database" in en


def test_bad_usage_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["no-such-command"]) == 2
