"""`rmdesk import DIR --as-of DATE [--dry-run]` as typed: exit codes 0/1/2, the summary, issues on stderr."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from rmdesk import i18n
from rmdesk.cli import main
from rmdesk.paths import resource_path
from rmdesk.services.audit import Actor
from rmdesk.store.db import Database
from rmdesk.store.models import CreditAccount, ImportRun
from tests.conftest import TEST_PASSWORD
from tests.services.import_files import valid_day, write_day


@pytest.fixture(autouse=True)
def _reset_language() -> Iterator[None]:
    yield
    i18n.set_language(None)


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def _accounts(db: Database) -> int:
    with db.sessions() as s:
        return int(s.execute(select(func.count(CreditAccount.id))).scalar_one())


def test_sample_import_prints_files_counts_and_new_warnings(
    db: Database, db_path: Path, users: dict[str, Actor], capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    monkeypatch.setenv("RMDESK_PASSWORD", TEST_PASSWORD)
    sample = resource_path("samples", "2026-11-20_gbk_zh")
    code, out, err = _run(["--db", str(db_path), "--user", "super", "import", str(sample), "--as-of", "2026-11-20"],
                          capsys)  # fmt: skip
    assert code == 0, err
    assert err == ""
    assert "证券.csv" in out and "gb18030" in out
    assert "已导入 2026-11-20" in out
    assert (
        "追加担保物" in out and "2026-11-24" in out
    )  # account 880000003 below 130%: margin call due in 2 trading days
    assert _accounts(db) == 6


def test_dry_run_needs_no_user_and_writes_nothing(
    db: Database, db_path: Path, users: dict[str, Actor], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    folder = write_day(tmp_path / "day", valid_day())
    code, out, err = _run(["--db", str(db_path), "--lang", "en", "import", str(folder), "--as-of", "2026-11-20",
                           "--dry-run"], capsys)  # fmt: skip
    assert (code, err) == (0, "")
    assert "dry run, nothing written" in out
    assert "0 notices" in out  # rm1 of the file is a known RM
    assert _accounts(db) == 0
    with db.sessions() as s:
        assert s.execute(select(func.count(ImportRun.id))).scalar_one() == 0


def test_fatal_issues_exit_2_with_one_line_each_on_stderr(
    db: Database, db_path: Path, users: dict[str, Actor], capsys: pytest.CaptureFixture[str], tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    monkeypatch.setenv("RMDESK_PASSWORD", TEST_PASSWORD)
    day = valid_day()
    day["positions"][1][2] = "-5"
    day["contracts"][2][10] = "20261101"
    folder = write_day(tmp_path / "day", day)
    code, out, err = _run(["--db", str(db_path), "--user", "super", "--lang", "en", "import", str(folder),
                           "--as-of", "2026-11-20"], capsys)  # fmt: skip
    assert code == 2
    lines = err.splitlines()
    assert "positions.csv:2:quantity: -5 — must not be negative" in lines
    assert "contracts.csv:3:due_date: 20261101 — due date before the trade date 2026-11-02" in lines
    assert "Import rejected: 2 errors" in out
    assert _accounts(db) == 0


def test_data_changing_import_needs_a_user(
    db: Database, db_path: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    folder = write_day(tmp_path / "day", valid_day())
    code, _, err = _run(["--db", str(db_path), "import", str(folder), "--as-of", "2026-11-20"], capsys)
    assert code == 2 and "RMDESK_USER" in err
    assert _accounts(db) == 0


def test_bad_date_is_bad_usage(db_path: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = _run(["--db", str(db_path), "import", str(tmp_path), "--as-of", "20/11/2026"], capsys)
    assert code == 2 and "20/11/2026" in err


def test_an_uninitialised_database_is_a_failure(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    folder = write_day(tmp_path / "day", valid_day())
    code, _, err = _run(["--db", str(tmp_path / "none.sqlite3"), "import", str(folder), "--as-of", "2026-11-20",
                         "--dry-run"], capsys)  # fmt: skip
    assert code == 1 and "rmdesk init" in err


def test_terminal_progress_bar_fills_and_clears() -> None:
    import io

    from rmdesk.commands.import_cmd import TextProgress

    stream = io.StringIO()
    bar = TextProgress(stream)
    bar.total(4)
    bar.status("读取 positions.csv")
    bar.advance(2)
    assert stream.getvalue().endswith("\r[" + "#" * 15 + "." * 15 + "]  50% 读取 positions.csv" + " " * 24)
    bar.finish()
    assert stream.getvalue().endswith("\r")
