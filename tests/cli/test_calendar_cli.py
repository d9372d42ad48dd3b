"""`rmdesk calendar add` and `rmdesk calendar import` as typed: the printed date, warnings on stderr, exit codes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from rmdesk import i18n
from rmdesk.cli import main
from rmdesk.services.audit import Actor
from rmdesk.store.db import Database
from rmdesk.store.models import HolidayDay
from tests.conftest import TEST_PASSWORD

EXAMPLE_2027 = Path(__file__).resolve().parents[2] / "resources" / "samples" / "holidays_example_2027.csv"


@pytest.fixture(autouse=True)
def _reset_language() -> Iterator[None]:
    """main() sets the process-wide language; later tests must not inherit --lang en."""
    yield
    i18n.set_language(None)


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def test_add_prints_the_date_after_national_day(
    db: Database, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = ["--db", str(db_path), "calendar", "add"]
    # As of Wed 2026-09-30: 10/1–10/7 closed → 10/8 (1st), 10/9 (2nd).
    assert _run([*base, "2026-09-30", "2", "--trading"], capsys) == (0, "2026-10-09\n", "")
    # Sat 10/10 is a make-up working day: the 1st working day after Fri 10/9, but no trading day (→ Mon 10/12).
    assert _run([*base, "2026-10-09", "1", "--working"], capsys) == (0, "2026-10-10\n", "")
    assert _run([*base, "2026-10-09", "1", "--trading"], capsys) == (0, "2026-10-12\n", "")


def test_add_into_a_year_without_data_warns_on_stderr(
    db: Database, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Thu 2027-02-04 + 1: no 2027 data, so the next weekday, Fri 2/5; stdout stays a bare date for scripts.
    code, out, err = _run(["--db", str(db_path), "calendar", "add", "2027-02-04", "1", "--trading"], capsys)
    assert (code, out) == (0, "2027-02-05\n")
    assert "节假日表缺少 2027 年数据" in err
    code, _, err = _run(["--db", str(db_path), "--lang", "en", "calendar", "add", "20270204", "1", "--trading"], capsys)
    assert code == 0 and "holiday table for 2027 missing" in err


def test_import_then_add_honours_the_file(
    db: Database,
    db_path: Path,
    users: dict[str, Actor],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("RMDESK_PASSWORD", TEST_PASSWORD)
    code, out, err = _run(["--db", str(db_path), "--user", "super", "calendar", "import", str(EXAMPLE_2027)], capsys)
    # The example: 29 days off and 4 make-up working days in 2027.
    assert (code, err) == (0, "")
    assert "2027" in out and "休市 29 天" in out and "调休上班 4 天" in out
    # The example closes Fri 2/5–Sat 2/13: the 1st trading day after Thu 2/4 is Mon 2/15, and no warning.
    code, out, err = _run(["--db", str(db_path), "calendar", "add", "2027-02-04", "1", "--trading"], capsys)
    assert (code, out, err) == (0, "2027-02-15\n", "")


def test_bad_file_is_rejected_with_every_row_and_exit_2(
    db: Database,
    db_path: Path,
    users: dict[str, Actor],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("RMDESK_PASSWORD", TEST_PASSWORD)
    bad = tmp_path / "bad.csv"
    bad.write_text("date,kind,name\n2027-01-01,holiday,元旦\n2027-13-01,holiday,x\n2027-05-01,party,y\n", "utf-8")
    code, out, err = _run(["--db", str(db_path), "--user", "super", "calendar", "import", str(bad)], capsys)
    assert (code, out) == (2, "")
    assert "第 3 行，列 date，值“2027-13-01”" in err and "第 4 行，列 kind，值“party”" in err
    # An RM may not extend the table at all.
    code, _, err = _run(["--db", str(db_path), "--user", "rm1", "calendar", "import", str(EXAMPLE_2027)], capsys)
    assert code == 2 and "无权" in err
    with db.sessions() as s:
        assert s.execute(select(func.count()).select_from(HolidayDay)).scalar_one() == 0


def test_bad_usage_exits_2(db: Database, db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base = ["--db", str(db_path), "calendar"]
    assert _run([*base, "add", "2026-02-30", "1", "--trading"], capsys)[0] == 2  # no such day
    assert _run([*base, "add", "2026-09-30", "-1", "--trading"], capsys)[0] == 2
    assert _run([*base, "add", "2026-09-30", "2"], capsys)[0] == 2  # --trading or --working is required
    code, _, err = _run([*base, "import", str(EXAMPLE_2027)], capsys)  # changes data: needs a user
    assert code == 2 and "需要用户" in err
