"""Applying an import (SPEC §7): exact stored values and defaults, upserts, the accounts' complete state,
idempotent re-import, all-or-nothing, audit, history, and the shipped samples."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from rmdesk.paths import resource_path
from rmdesk.services.audit import Actor, verify_chain
from rmdesk.services.importing import ImportReport, import_day
from rmdesk.store.db import Database
from rmdesk.store.models import AccountFigures, AuditRecord, ImportRun
from tests.services.import_files import ID_ZHANG, Table, book_rows, valid_day, write_day

AS_OF = date(2026, 11, 20)
NEXT = date(2026, 11, 23)


def run(db: Database, folder: Path, actor: Actor, as_of: date = AS_OF, *, dry_run: bool = False) -> ImportReport:
    with db.sessions() as s:
        report = import_day(s, folder, as_of, actor, dry_run=dry_run)
        if report.applied:
            s.commit()
        return report


def file_digest(db: Database, path: Path) -> str:
    """The SQLite file's bytes after every connection is closed and the WAL folded in."""
    db.engine.dispose()
    con = sqlite3.connect(path)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return write_day(tmp_path / "day", valid_day())


def _one(db: Database, sql: str) -> list[tuple[object, ...]]:
    with db.engine.connect() as conn:
        return [tuple(r) for r in conn.exec_driver_sql(sql)]


def test_values_and_defaults_are_stored_exactly(db: Database, users: dict[str, Actor], folder: Path) -> None:
    report = run(db, folder, users["super"])
    assert report.ok and report.applied
    assert report.counts["securities_new"] == 3 and report.counts["positions_new"] == 3
    # close in li; haircut by kind when blank: 600519 index member 0.70, 000001 as given 0.70, ETF 0.90 (ppm)
    assert _one(db, "SELECT code, close, haircut, shortable, price_as_of FROM securities ORDER BY code") == [
        ("000001.SZ", 11_280, 700_000, 1, "2026-11-20"),
        ("510300.SH", 4_012, 900_000, 0, "2026-11-20"),
        ("600519.SH", 1_450_000, 700_000, 1, "2026-11-20"),
    ]
    contracts = _one(
        db,
        "SELECT contract_no, trade_amount, outstanding_amount, outstanding_quantity, due_date, rate, accrued_interest"
        " FROM contracts ORDER BY contract_no",
    )
    assert contracts == [
        # short: amount 10.000 × 10,000 = 100,000 yuan; owes the traded quantity; accrued blank → 0
        ("RQ002", 100_000_000, None, 10_000, "2027-05-02", 103_500, 0),
        # financing: 1,500.000 × 100 = 150,000 yuan owed in full; due 6 months after 2026-06-10
        ("RZ001", 150_000_000, 150_000_000, None, "2026-12-10", 83_500, 1_043_750),
    ]
    accounts = _one(
        db,
        "SELECT account_no, cash, credit_limit, financing_rate, short_rate, warning_line, closeout_line, target_line,"
        " state_as_of FROM credit_accounts ORDER BY account_no",
    )
    assert accounts == [
        ("A001", 50_000_000, 3_000_000_000, 83_500, 103_500, None, None, None, "2026-11-20"),  # 8.35% and bare 10.35
        ("A002", 5_000_000, 500_000_000, 83_500, 103_500, 1_350_000, 1_250_000, 1_500_000, "2026-11-20"),
    ]
    rm1 = users["rm1"].id
    clients = _one(
        db,
        "SELECT client_no, name_initials, gender, birth_date, risk_level, rm_id, avg_assets_20d, investor_type, tier"
        " FROM clients ORDER BY client_no",
    )
    assert clients == [
        ("C001", "zw", "男", "1980-01-01", 4, rm1, 2_350_000_000, "普通投资者", "VIP"),
        ("C002", "ln", "女", "1985-05-12", 5, None, 820_000_000, "专业投资者", "高净值"),
    ]


def test_reimporting_the_same_day_leaves_identical_rows(db: Database, users: dict[str, Actor], folder: Path) -> None:
    first = run(db, folder, users["super"])
    before = book_rows(db, skip=("updated_at",))
    second = run(db, folder, users["super"])
    assert first.applied and second.applied
    assert book_rows(db, skip=("updated_at",)) == before  # ids included
    assert {k: v for k, v in second.counts.items() if k.endswith(("_new", "_updated", "_removed")) and v} == {}
    with db.sessions() as s:
        assert s.execute(select(func.count(ImportRun.id))).scalar_one() == 2
        assert verify_chain(s).ok


def test_the_accounts_file_defines_the_complete_state(
    db: Database, users: dict[str, Actor], folder: Path, tmp_path: Path
) -> None:
    run(db, folder, users["super"])
    day = valid_day()
    day["accounts"] = [day["accounts"][0], day["accounts"][2]]  # only A002 this time
    day["positions"] = [day["positions"][0], ["A002", "000001.SZ", "15000"]]  # 510300 sold, 000001 changed
    day["contracts"] = [day["contracts"][0]]  # the short was bought back
    report = run(db, write_day(tmp_path / "next", day), users["super"], NEXT)
    assert report.applied, [i.line("en") for i in report.issues]
    assert report.counts["positions_updated"] == 1 and report.counts["positions_removed"] == 1
    assert report.counts["contracts_removed"] == 1
    positions = _one(
        db,
        "SELECT a.account_no, s.code, p.quantity FROM positions p JOIN credit_accounts a ON a.id = p.account_id"
        " JOIN securities s ON s.id = p.security_id ORDER BY a.account_no, s.code",
    )
    assert positions == [("A001", "600519.SH", 200), ("A002", "000001.SZ", 15_000)]  # A001 untouched
    assert _one(db, "SELECT contract_no FROM contracts") == [("RZ001",)]  # A001's contract untouched
    assert _one(db, "SELECT account_no, state_as_of FROM credit_accounts ORDER BY account_no") == [
        ("A001", "2026-11-20"),
        ("A002", "2026-11-23"),
    ]


def test_an_older_day_is_refused_and_nothing_written(
    db: Database, db_path: Path, users: dict[str, Actor], folder: Path
) -> None:
    assert run(db, folder, users["super"], NEXT).applied
    digest = file_digest(db, db_path)
    report = run(db, folder, users["super"], AS_OF)
    assert not report.ok and not report.applied
    assert {i.code for i in report.fatal} == {"account.newer_state", "security.newer_price"}
    assert report.fatal[0].params == {"stored": "2026-11-23"}
    assert file_digest(db, db_path) == digest


def test_dry_run_and_rejected_imports_write_nothing(
    db: Database, db_path: Path, users: dict[str, Actor], folder: Path, tmp_path: Path
) -> None:
    digest = file_digest(db, db_path)
    report = run(db, folder, users["super"], dry_run=True)
    assert report.ok and not report.applied
    assert file_digest(db, db_path) == digest
    day = valid_day()
    day["positions"][1][2] = "-1"
    report = run(db, write_day(tmp_path / "bad", day), users["super"])
    assert not report.ok and not report.applied
    assert file_digest(db, db_path) == digest


def test_blank_cell_means_default_but_a_missing_column_keeps_stored_values(
    db: Database, users: dict[str, Actor], folder: Path, tmp_path: Path
) -> None:
    run(db, folder, users["super"])
    day = valid_day()
    day["securities"] = [row[:4] for row in day["securities"]]  # no haircut or flag columns at all
    day["accounts"][2][7:10] = ["", "", ""]  # A002's line overrides blanked: back to branch defaults
    report = run(db, write_day(tmp_path / "next", day), users["super"], NEXT)
    assert report.applied
    assert _one(db, "SELECT code, haircut, shortable FROM securities ORDER BY code") == [
        ("000001.SZ", 700_000, 1),
        ("510300.SH", 900_000, 0),
        ("600519.SH", 700_000, 1),
    ]
    assert _one(db, "SELECT warning_line, closeout_line, target_line FROM credit_accounts WHERE account_no='A002'") == [
        (None, None, None)
    ]


def test_client_changes_are_audited_field_by_field_and_masked(
    db: Database, users: dict[str, Actor], folder: Path, tmp_path: Path
) -> None:
    run(db, folder, users["super"])
    day = valid_day()
    day["clients"][1][4] = "13811112222"  # C001's phone
    day["clients"][1][9] = "李经理"  # rm by display name: still rm1
    run(db, write_day(tmp_path / "next", day), users["super"], NEXT)
    with db.sessions() as s:
        rows = s.execute(select(AuditRecord).where(AuditRecord.action == "import_update")).scalars().all()
        assert [(r.entity, json.loads(r.old), json.loads(r.new), r.username) for r in rows] == [
            ("client", {"phone": "138****8001"}, {"phone": "138****2222"}, "super")
        ]
        runs = s.execute(select(AuditRecord).where(AuditRecord.entity == "import")).scalars().all()
        assert len(runs) == 2 and json.loads(runs[1].new)["as_of"] == "2026-11-23"
        assert verify_chain(s).ok
    assert ID_ZHANG not in "".join(r[0] for r in _one(db, "SELECT old || new FROM audit_log"))


def test_import_day_keeps_the_days_figures_and_scans(db: Database, users: dict[str, Actor], folder: Path) -> None:
    report = run(db, folder, users["super"])
    assert report.account_ids and report.scan is not None
    with db.sessions() as s:
        rows = s.execute(select(AccountFigures.as_of, func.count()).group_by(AccountFigures.as_of)).all()
    assert rows == [(AS_OF, 2)]


def test_contract_number_of_an_unlisted_account_is_refused(
    db: Database, users: dict[str, Actor], folder: Path, tmp_path: Path
) -> None:
    run(db, folder, users["super"])
    day: dict[str, Table] = {k: v for k, v in valid_day().items() if k in ("accounts", "contracts")}
    day["accounts"] = [day["accounts"][0], day["accounts"][2]]  # A002 only
    day["contracts"] = [
        day["contracts"][0],
        ["RZ001", "A002", "融资", "000001.SZ", "2026-11-20", "11", "100"] + [""] * 6,
    ]
    report = run(db, write_day(tmp_path / "next", day), users["super"], NEXT)
    assert [(i.file, i.row, i.code, i.params) for i in report.fatal] == [
        ("contracts.csv", 2, "ref.contract_elsewhere", {"other": "A001"})
    ]


def test_position_of_a_stored_but_unlisted_account(
    db: Database, users: dict[str, Actor], folder: Path, tmp_path: Path
) -> None:
    run(db, folder, users["super"])
    day = {k: v for k, v in valid_day().items() if k in ("accounts", "positions")}
    day["accounts"] = [day["accounts"][0], day["accounts"][2]]  # A002 only, but A001's position is in the file
    report = run(db, write_day(tmp_path / "next", day), users["super"], NEXT)
    assert [(i.row, i.column, i.value, i.code) for i in report.fatal] == [
        (2, "account_no", "A001", "ref.account_not_listed")
    ]


@pytest.mark.parametrize(("name", "as_of"), [("2026-11-20_gbk_zh", AS_OF), ("2026-11-23_utf8_en", NEXT)])
def test_the_shipped_samples_import_cleanly(db: Database, users: dict[str, Actor], name: str, as_of: date) -> None:
    report = run(db, resource_path("samples", name), users["super"], as_of)
    assert report.applied and report.issues == ()
    assert report.counts["clients_new"] == 6 and report.counts["accounts_new"] == 6


def test_the_two_sample_days_in_order(db: Database, users: dict[str, Actor]) -> None:
    first = run(db, resource_path("samples", "2026-11-20_gbk_zh"), users["super"], AS_OF)
    second = run(db, resource_path("samples", "2026-11-23_utf8_en"), users["super"], NEXT)
    assert first.applied and second.applied and second.issues == ()
    # day 2 repays RZ20260525005 and sells its 300 BYD shares; everything else is updated in place
    assert (second.counts["contracts_removed"], second.counts["positions_removed"]) == (1, 1)
    assert second.counts["clients_updated"] == 0


@pytest.mark.postgres
def test_the_same_import_on_postgresql(pg_db: Database, tmp_path: Path) -> None:
    from rmdesk.services import auth

    with pg_db.sessions.begin() as s:
        admin = auth.add_user(s, Actor(None, "setup", "admin"), "admin", "pw-123456789", "admin", bootstrap=True)
        auth.add_user(s, admin.actor(), "rm1", "pw-123456789", "rm", "李经理")
    actor = admin.actor()
    folder = write_day(tmp_path / "day", valid_day())
    first = run(pg_db, folder, actor)
    assert first.applied and first.issues == ()
    before = book_rows(pg_db, skip=("updated_at",))
    assert run(pg_db, folder, actor).applied
    assert book_rows(pg_db, skip=("updated_at",)) == before  # idempotent on PostgreSQL too
    day = valid_day()
    day["positions"][3][2] = "500"  # A002 sells half its ETF
    day["contracts"][1][12] = "1,100.00"  # RZ001 accrues more interest
    report = run(pg_db, write_day(tmp_path / "next", day), actor, NEXT)
    assert (report.counts["positions_updated"], report.counts["contracts_updated"]) == (1, 1)
    with pg_db.engine.connect() as conn:
        rows = conn.exec_driver_sql(
            "SELECT contract_no, due_date, accrued_interest FROM contracts ORDER BY contract_no"
        ).fetchall()
    assert [tuple(r) for r in rows] == [("RQ002", date(2027, 5, 2), 0), ("RZ001", date(2026, 12, 10), 1_100_000)]


def test_a_day_without_the_securities_file_notes_the_stale_closes_once(
    db: Database, users: dict[str, Actor], folder: Path, tmp_path: Path
) -> None:
    run(db, folder, users["super"])
    day = {k: v for k, v in valid_day().items() if k != "securities"}
    report = run(db, write_day(tmp_path / "next", day), users["super"], NEXT)
    assert report.applied
    stale = [(i.file, i.row, i.value, i.params, i.fatal) for i in report.issues if i.code == "security.stale_price"]
    assert stale == [
        ("positions.csv", 2, "600519.SH", {"stored": "2026-11-20"}, False),
        ("positions.csv", 3, "000001.SZ", {"stored": "2026-11-20"}, False),
        ("positions.csv", 4, "510300.SH", {"stored": "2026-11-20"}, False),
        ("contracts.csv", 2, "600519.SH", {"stored": "2026-11-20"}, False),
        ("contracts.csv", 3, "000001.SZ", {"stored": "2026-11-20"}, False),
    ]


def test_blank_text_cells_are_stored_as_null_and_reimport_changes_nothing(
    db: Database, users: dict[str, Actor], folder: Path, tmp_path: Path
) -> None:
    run(db, folder, users["super"])
    day = valid_day()
    day["clients"][1][3:5] = ["", ""]  # C001: no ID number, no phone any more
    changed = write_day(tmp_path / "next", day)
    first = run(db, changed, users["super"], NEXT)
    assert first.counts["clients_updated"] == 1
    # the blank ID clears the number; the birth date and gender derived from it earlier stay
    assert _one(db, "SELECT id_no, phone, birth_date, gender FROM clients WHERE client_no = 'C001'") == [
        (None, None, "1980-01-01", "男")
    ]
    again = run(db, changed, users["super"], NEXT)
    assert again.counts["clients_updated"] == 0
    with db.sessions() as s:
        updates = s.execute(select(func.count()).where(AuditRecord.action == "import_update")).scalar_one()
    assert updates == 1
