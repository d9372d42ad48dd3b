"""Validation of an import folder (SPEC §7): every problem found, each with its file, row, column, value and reason.

Rows are spreadsheet rows: the header is row 1, the first data row row 2.
"""

from __future__ import annotations

import gc
from datetime import date, datetime
from pathlib import Path

import pytest

from rmdesk.services.audit import Actor
from rmdesk.services.importing import ImportReport, import_day, validate_folder
from rmdesk.store.db import Database
from tests.services.import_files import (
    ZH_NAMES,
    chinese,
    csv_bytes,
    valid_day,
    write_day,
    write_xlsx,
)

AS_OF = date(2026, 11, 20)


@pytest.fixture
def day_dir(tmp_path: Path) -> Path:
    """The import folder (beside, not holding, the test's database file)."""
    folder = tmp_path / "day"
    folder.mkdir()
    return folder


def check(db: Database, folder: Path, as_of: date = AS_OF) -> ImportReport:
    with db.sessions() as s:
        report, batch = validate_folder(s, folder, as_of)
        assert (batch is not None) == report.ok
        return report


def found(report: ImportReport, code: str) -> list[tuple[str, int | None, str | None, str | None, bool]]:
    return [(i.file, i.row, i.column, i.value, i.fatal) for i in report.issues if i.code == code]


def test_a_valid_day_has_no_issue(db: Database, users: dict[str, Actor], day_dir: Path) -> None:
    report = check(db, write_day(day_dir, valid_day()))
    assert report.ok and report.issues == ()
    assert [(f.name, f.rows, f.encoding) for f in report.files] == [
        ("securities.csv", 3, "utf-8"),
        ("clients.csv", 2, "utf-8"),
        ("accounts.csv", 2, "utf-8"),
        ("positions.csv", 3, "utf-8"),
        ("contracts.csv", 2, "utf-8"),
    ]


def test_gbk_with_chinese_headers_and_names(db: Database, users: dict[str, Actor], day_dir: Path) -> None:
    report = check(db, write_day(day_dir, chinese(valid_day()), encoding="gbk", names=ZH_NAMES))
    assert report.ok and report.issues == ()
    assert {f.encoding for f in report.files} == {"gb18030"}
    assert [f.kind for f in report.files] == ["securities", "clients", "accounts", "positions", "contracts"]


def test_utf8_bom_and_a_dated_file_name(db: Database, users: dict[str, Actor], day_dir: Path) -> None:
    day = valid_day()
    write_day(day_dir, day, encoding="utf-8-sig", names={"positions": "positions_20261120"})
    report = check(db, day_dir)
    assert report.ok and report.issues == ()
    assert {f.name: f.encoding for f in report.files}["positions_20261120.csv"] == "utf-8-sig"


def test_a_file_name_dated_another_day_is_a_notice(db: Database, users: dict[str, Actor], day_dir: Path) -> None:
    write_day(day_dir, valid_day(), names={"securities": "securities_20261119"})
    report = check(db, day_dir)
    assert report.ok
    assert found(report, "import.name_date") == [("securities_20261119.csv", None, None, None, False)]


def test_xlsx_with_number_and_date_cells(db: Database, users: dict[str, Actor], day_dir: Path) -> None:
    day = valid_day()
    contracts: list[list[object]] = [day["contracts"][0]]
    contracts.append(["RZ001", "A001", "融资", "600519.SH", datetime(2026, 6, 10), 1500, 100, None, None, None, None,
                      0.0835, 1043.75])  # fmt: skip
    contracts.append(["RQ002", "A002", "融券", "000001.SZ", datetime(2026, 11, 2), 10.0, 10000, None, None, None,
                      datetime(2027, 5, 2), "10.35%", None])  # fmt: skip
    del day["contracts"]
    write_day(day_dir, day)
    write_xlsx(day_dir / "contracts.xlsx", contracts)
    report = check(db, day_dir)
    assert report.ok, [i.line("en") for i in report.issues]
    assert {f.name: f.encoding for f in report.files}["contracts.xlsx"] == "xlsx"


def test_an_xlsx_price_with_four_decimals_is_refused_not_rounded(
    db: Database, users: dict[str, Actor], day_dir: Path
) -> None:
    day = valid_day()
    write_day(day_dir, {k: v for k, v in day.items() if k != "securities"})
    rows: list[list[object]] = [day["securities"][0], *day["securities"][1:]]
    rows[1] = [*rows[1][:3], 1450.0005, *rows[1][4:]]  # a number cell: read as its shortest text, never rounded
    write_xlsx(day_dir / "securities.xlsx", rows)
    report = check(db, day_dir)
    assert found(report, "value.decimals") == [("securities.xlsx", 2, "close", "1450.0005", True)]


def _mutated(day_dir: Path, kind: str, row: int, column: str, value: str) -> Path:
    day = valid_day()
    table = day[kind]
    table[row - 1][table[0].index(column)] = value  # row is the spreadsheet row: header = 1
    return write_day(day_dir, day)


@pytest.mark.parametrize(
    ("kind", "row", "column", "value", "code"),
    [
        ("positions", 2, "quantity", "-5", "value.negative"),
        ("positions", 3, "quantity", "1.5", "value.whole"),
        ("securities", 2, "close", "0", "value.not_positive"),
        ("securities", 3, "haircut", "1.5", "value.haircut_range"),
        ("securities", 4, "kind", "warrant", "value.choice"),
        ("securities", 2, "shortable", "maybe", "value.bool"),
        ("securities", 3, "code", "000001", "value.code"),
        ("contracts", 3, "due_date", "20261101", "contract.due_before_trade"),
        ("contracts", 2, "trade_date", "2026-11-21", "contract.trade_after_as_of"),
        ("contracts", 2, "trade_quantity", "0", "value.not_positive"),
        ("contracts", 2, "type", "loan", "value.choice"),
        ("contracts", 2, "accrued_interest", "12.3456", "value.decimals"),
        ("contracts", 3, "rate", "abc", "value.number"),
        ("positions", 2, "account_no", "A999", "ref.account"),
        ("positions", 2, "code", "600000.SH", "ref.security"),
        ("contracts", 3, "code", "600000.SH", "ref.security"),
        ("accounts", 3, "client_no", "C999", "ref.client"),
        ("accounts", 2, "cash", "", "value.required"),
        ("accounts", 2, "financing_rate", "150%", "value.rate_range"),
        ("accounts", 3, "closeout_line", "1.45", "account.line_order"),
        ("accounts", 2, "opened_on", "2021-13-01", "value.date"),
        ("clients", 2, "id_no", "110105198001011230", "value.id_checksum"),
        ("clients", 3, "id_no", "12345", "value.id_format"),
        ("clients", 2, "phone", "2380013800", "value.phone"),
        ("clients", 3, "risk_level", "C7", "value.risk_level"),
        ("clients", 2, "tier", "gold", "value.choice"),
        ("clients", 2, "avg_assets_20d", "-1", "value.negative"),
        ("clients", 2, "name", "", "value.required"),
    ],
)
def test_each_rule_names_file_row_column_and_value(
    db: Database, users: dict[str, Actor], day_dir: Path, kind: str, row: int, column: str, value: str, code: str
) -> None:
    report = check(db, _mutated(day_dir, kind, row, column, value))
    assert not report.ok
    assert found(report, code) == [(f"{kind}.csv", row, column, value, True)]
    assert report.fatal[0].message("en") != report.fatal[0].message("zh_CN")


def test_long_number_cells_are_read_whole(db: Database, users: dict[str, Actor], day_dir: Path) -> None:
    # A zero-padded amount from a legacy export is read whole, and an absurdly long quantity is named in full.
    day = valid_day()
    day["contracts"][1][12] = "0" * 30 + "1100.00"  # 37 characters: 1,100 yuan = 1,100,000 li
    day["positions"][1][2] = "1" * 40  # 40 digits: far too many shares
    write_day(day_dir, day)
    report = check(db, day_dir)
    assert found(report, "value.too_large") == [("positions.csv", 2, "quantity", "1" * 40, True)]
    write_day(day_dir, {**day, "positions": valid_day()["positions"]})
    with db.sessions() as s:
        report, batch = validate_folder(s, day_dir, AS_OF)
    assert report.ok and batch is not None and batch.contracts is not None
    assert batch.contracts.frame["accrued_interest"].iloc[0] == 1_100_000


def test_short_on_a_non_shortable_security_is_only_a_notice(
    db: Database, users: dict[str, Actor], day_dir: Path
) -> None:
    report = check(db, _mutated(day_dir, "contracts", 3, "code", "510300.SH"))  # 510300: shortable N
    assert report.ok
    assert found(report, "contract.short_not_shortable") == [("contracts.csv", 3, "code", "510300.SH", False)]


def test_unknown_rm_is_a_notice_and_the_client_unassigned(db: Database, users: dict[str, Actor], day_dir: Path) -> None:
    report = check(db, _mutated(day_dir, "clients", 2, "rm", "王老五"))
    assert report.ok
    assert found(report, "client.rm_unknown") == [("clients.csv", 2, "rm", "王老五", False)]
    assert "王老五" in report.notices[0].message("zh_CN")


@pytest.mark.parametrize(
    ("kind", "row", "code"),
    [("contracts", ["RZ001", "A002", "financing", "000001.SZ", "2026-11-02", "10", "100", "", "", "", "", "", ""],
      "dup.contract"),
     ("positions", ["A002", "000001.SZ", "1"], "dup.position"),
     ("securities", ["600519.SH", "茅台", "stock", "1", "", "", "", "", ""], "dup.security"),
     ("accounts", ["A001", "C002", "1", "", "", "", "", "", "", ""], "dup.account")],
)  # fmt: skip
def test_duplicates_name_the_first_row(
    db: Database, users: dict[str, Actor], day_dir: Path, kind: str, row: list[str], code: str
) -> None:
    day = valid_day()
    day[kind].append(row)
    report = check(db, write_day(day_dir, day))
    hits = [i for i in report.issues if i.code == code]
    assert [(i.file, i.row) for i in hits] == [(f"{kind}.csv", len(day[kind]))]
    first = 2 if kind in ("contracts", "securities", "accounts") else 3  # RZ001/600519/A001 on row 2, A002+000001 on 3
    assert hits[0].params == {"first": first}
    assert f"row {first}" in hits[0].message("en")


def test_duplicate_client_number(db: Database, users: dict[str, Actor], day_dir: Path) -> None:
    day = valid_day()
    day["clients"].append(["C001", "张伟", "", "", "", "", "", "", "", "", "", ""])
    report = check(db, write_day(day_dir, day))
    assert found(report, "dup.client") == [("clients.csv", 4, "client_no", "C001", True)]


def test_one_client_two_accounts(db: Database, users: dict[str, Actor], day_dir: Path) -> None:
    day = valid_day()
    day["accounts"].append(["A003", "C001", "1", "", "", "", "", "", "", ""])
    report = check(db, write_day(day_dir, day))
    assert found(report, "dup.account_client") == [("accounts.csv", 4, "client_no", "C001", True)]
    assert report.fatal[0].params == {"other": "A001"}


def test_every_problem_is_reported_not_only_the_first(db: Database, users: dict[str, Actor], day_dir: Path) -> None:
    day = valid_day()
    day["positions"][1][2] = "-1"
    day["positions"][2][2] = "x"
    day["securities"][1][3] = "0"
    day["contracts"][1][4] = "bad"
    report = check(db, write_day(day_dir, day))
    assert sorted((i.file, i.row, i.column) for i in report.fatal) == [
        ("contracts.csv", 2, "trade_date"),
        ("positions.csv", 2, "quantity"),
        ("positions.csv", 3, "quantity"),
        ("securities.csv", 2, "close"),
    ]


def test_blank_lines_still_count_as_rows(db: Database, users: dict[str, Actor], day_dir: Path) -> None:
    day = valid_day()
    day["positions"].insert(2, ["", "", ""])  # a blank row 3: the next rows are 4 and 5
    day["positions"][3][2] = "-1"
    report = check(db, write_day(day_dir, day))
    assert found(report, "value.negative") == [("positions.csv", 4, "quantity", "-1", True)]


def test_missing_required_column_names_file_and_column(db: Database, users: dict[str, Actor], day_dir: Path) -> None:
    day = valid_day()
    day["positions"] = [row[:2] for row in day["positions"]]  # no quantity column
    report = check(db, write_day(day_dir, day))
    assert found(report, "import.missing_column") == [("positions.csv", 1, "quantity (持仓数量)", None, True)]
    assert "quantity (持仓数量)" in report.fatal[0].message("en")


def test_unknown_extra_columns_are_ignored(db: Database, users: dict[str, Actor], day_dir: Path) -> None:
    day = valid_day()
    day["positions"] = [[*row, "whatever"] for row in day["positions"]]
    day["positions"][0][-1] = "备注"
    assert check(db, write_day(day_dir, day)).issues == ()


def test_unreadable_and_unknown_files(db: Database, users: dict[str, Actor], day_dir: Path) -> None:
    write_day(day_dir, valid_day())
    (day_dir / "contracts.csv").unlink()
    (day_dir / "contracts.xlsx").write_bytes(b"PK\x03\x04 this is not a workbook")
    (day_dir / "readme.txt").write_text("hello")
    (day_dir / "notes.csv").write_text("a,b\n")
    report = check(db, day_dir)
    assert [(i.file, i.code, i.fatal) for i in report.issues] == [
        ("notes.csv", "import.unknown_file", False),
        ("readme.txt", "import.unknown_file", False),
        ("contracts.xlsx", "import.file_unreadable", True),
    ]


def test_two_files_of_one_kind_is_fatal(db: Database, users: dict[str, Actor], day_dir: Path) -> None:
    day = valid_day()
    write_day(day_dir, day)
    write_xlsx(day_dir / "positions.xlsx", day["positions"])  # type: ignore[arg-type]
    report = check(db, day_dir)
    assert found(report, "import.duplicate_kind") == [("positions.xlsx", None, None, None, True)]


def test_a_folder_without_import_files(db: Database, day_dir: Path) -> None:
    (day_dir / "readme.txt").write_text("hello")
    report = check(db, day_dir)
    assert [i.code for i in report.fatal] == ["import.no_files"]
    assert [i.code for i in check(db, day_dir / "missing").fatal] == ["import.folder_missing"]


def test_positions_need_the_accounts_file(db: Database, users: dict[str, Actor], day_dir: Path) -> None:
    day = valid_day()
    del day["accounts"]
    report = check(db, write_day(day_dir, day))
    assert {(i.file, i.code) for i in report.fatal} == {
        ("positions.csv", "import.needs_accounts"),
        ("contracts.csv", "import.needs_accounts"),
    }


def test_binary_garbage_with_an_import_name(db: Database, day_dir: Path) -> None:
    (day_dir / "positions.csv").write_bytes(bytes(range(256)) * 3)
    report = check(db, day_dir)
    assert [(i.file, i.code) for i in report.fatal] == [("positions.csv", "import.file_unreadable")]


def test_empty_file_and_ragged_rows(db: Database, users: dict[str, Actor], day_dir: Path) -> None:
    write_day(day_dir, valid_day())
    (day_dir / "securities.csv").write_bytes(b"")
    text = csv_bytes(valid_day()["positions"]).decode() + "A001,510300.SH,5,extra\r\n"
    (day_dir / "positions.csv").write_text(text)
    report = check(db, day_dir)
    assert ("securities.csv", None, "import.file_unreadable") in [(i.file, i.row, i.code) for i in report.fatal]
    assert ("positions.csv", 5, "import.extra_cells") in [(i.file, i.row, i.code) for i in report.fatal]


def test_header_in_both_languages_at_once(db: Database, users: dict[str, Actor], day_dir: Path) -> None:
    day = valid_day()
    day["positions"][0] = ["account_no(信用账号)", "证券代码 (code)", "Quantity"]
    assert check(db, write_day(day_dir, day)).issues == ()


def test_validation_leaves_the_garbage_collector_as_it_found_it(db: Database, day_dir: Path) -> None:
    # validation pauses the collector for speed: a crash or a caller that paused it must not leave it wrong
    write_day(day_dir, valid_day())
    assert gc.isenabled()
    check(db, day_dir)
    assert gc.isenabled()
    gc.disable()
    try:
        check(db, day_dir)
        assert not gc.isenabled()
    finally:
        gc.enable()


@pytest.mark.postgres
def test_references_to_the_stored_book_on_postgresql(pg_db: Database, tmp_path: Path) -> None:
    from rmdesk.services import auth

    with pg_db.sessions.begin() as s:
        admin = auth.add_user(s, Actor(None, "setup", "admin"), "admin", "pw-123456789", "admin", bootstrap=True)
        auth.add_user(s, admin.actor(), "rm1", "pw-123456789", "rm", "李经理")
    with pg_db.sessions() as s:
        assert import_day(s, write_day(tmp_path / "day", valid_day()), AS_OF, admin.actor()).applied
        s.commit()
    next_day = date(2026, 11, 23)
    # The stored ID cards give birth date and gender: 1980-01-01 male, 1985-05-12 female (see import_files).
    with pg_db.sessions() as s:
        report, batch = validate_folder(s, write_day(tmp_path / "same", valid_day()), next_day)
    assert report.ok and batch is not None and batch.clients is not None
    assert batch.clients.frame["birth_date"].tolist() == [date(1980, 1, 1), date(1985, 5, 12)]
    assert batch.clients.frame["gender"].tolist() == ["男", "女"]
    # RZ001 is stored under A001; a file listing only A002 cannot take it over.
    day = {k: v for k, v in valid_day().items() if k in ("accounts", "contracts")}
    day["accounts"] = [day["accounts"][0], day["accounts"][2]]
    day["contracts"] = [
        day["contracts"][0],
        ["RZ001", "A002", "融资", "000001.SZ", "2026-11-20", "11", "100"] + [""] * 6,
    ]
    report = check(pg_db, write_day(tmp_path / "next", day), next_day)
    assert [(i.file, i.row, i.code, i.params) for i in report.fatal] == [
        ("contracts.csv", 2, "ref.contract_elsewhere", {"other": "A001"})
    ]
