"""Applying the next day's import (SPEC §7): what moves when nothing but the day changed, when only cash changed,
when terms changed (audited) — and the listed accounts' complete state on PostgreSQL."""

from __future__ import annotations

import gc
import json
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from rmdesk.services.audit import Actor
from rmdesk.services.gc_pause import no_cycle_collection
from rmdesk.services.importing import ImportReport, import_day
from rmdesk.store.db import Database
from rmdesk.store.models import AuditRecord
from tests.services.import_files import valid_day, write_day

AS_OF = date(2026, 11, 20)
NEXT = date(2026, 11, 23)


def run(db: Database, folder: Path, actor: Actor, as_of: date) -> ImportReport:
    with db.sessions() as s:
        report = import_day(s, folder, as_of, actor)
        assert report.applied, [i.line("en") for i in report.issues]
        s.commit()
        return report


def rows(db: Database, sql: str) -> list[tuple[object, ...]]:
    with db.engine.connect() as conn:
        return [tuple(r) for r in conn.exec_driver_sql(sql)]


def updates(db: Database) -> list[tuple[str, dict[str, str], dict[str, str]]]:
    with db.sessions() as s:
        records = s.execute(select(AuditRecord).where(AuditRecord.action == "import_update")).scalars().all()
        return [(r.entity, json.loads(r.old), json.loads(r.new)) for r in records]


def test_the_same_files_a_day_later_move_only_the_days(db: Database, users: dict[str, Actor], tmp_path: Path) -> None:
    folder = write_day(tmp_path / "day", valid_day())
    run(db, folder, users["super"], AS_OF)
    report = run(db, folder, users["super"], NEXT)
    changed = {k: v for k, v in report.counts.items() if k.endswith(("_new", "_updated", "_removed")) and v}
    assert changed == {"securities_updated": 3, "accounts_updated": 2}  # the price day, the state day
    assert rows(db, "SELECT code, close, price_as_of FROM securities ORDER BY code") == [
        ("000001.SZ", 11_280, "2026-11-23"),
        ("510300.SH", 4_012, "2026-11-23"),
        ("600519.SH", 1_450_000, "2026-11-23"),
    ]
    assert rows(db, "SELECT account_no, cash, state_as_of FROM credit_accounts ORDER BY account_no") == [
        ("A001", 50_000_000, "2026-11-23"),
        ("A002", 5_000_000, "2026-11-23"),
    ]
    assert updates(db) == []  # a day is not a change of terms
    assert report.account_ids == tuple(r[0] for r in rows(db, "SELECT id FROM credit_accounts ORDER BY id"))


def test_cash_moves_silently_but_changed_terms_are_audited(
    db: Database, users: dict[str, Actor], tmp_path: Path
) -> None:
    run(db, write_day(tmp_path / "day", valid_day()), users["super"], AS_OF)
    day = valid_day()
    day["accounts"][1][2] = "60,000.00"  # A001's cash
    day["accounts"][2][7] = "140%"  # A002's warning line (was 135%)
    day["accounts"][2][6] = "2022-07-02"  # and its opening day
    report = run(db, write_day(tmp_path / "next", day), users["super"], NEXT)
    assert report.counts["accounts_updated"] == 2
    assert rows(
        db, "SELECT account_no, cash, warning_line, opened_on, state_as_of FROM credit_accounts ORDER BY account_no"
    ) == [
        ("A001", 60_000_000, None, "2021-04-12", "2026-11-23"),  # 60,000.00 yuan = 60,000,000 li
        ("A002", 5_000_000, 1_400_000, "2022-07-02", "2026-11-23"),  # 140% = 1,400,000 ppm
    ]
    assert updates(db) == [
        ("credit_account", {"warning_line": "1.350000", "opened_on": "2022-07-01"},
         {"warning_line": "1.400000", "opened_on": "2022-07-02"}),
    ]  # fmt: skip


def test_no_cycle_collection_is_restored_after_a_failure() -> None:
    assert gc.isenabled()
    with pytest.raises(KeyError), no_cycle_collection():
        assert not gc.isenabled()
        raise KeyError("boom")
    assert gc.isenabled()


@pytest.mark.postgres
def test_the_listed_accounts_state_on_postgresql(pg_db: Database, tmp_path: Path) -> None:
    from rmdesk.services import auth

    with pg_db.sessions.begin() as s:
        admin = auth.add_user(s, Actor(None, "setup", "admin"), "admin", "pw-123456789", "admin", bootstrap=True)
        auth.add_user(s, admin.actor(), "rm1", "pw-123456789", "rm", "李经理")
    actor = admin.actor()
    run(pg_db, write_day(tmp_path / "day", valid_day()), actor, AS_OF)
    day = valid_day()
    day["accounts"] = [day["accounts"][0], day["accounts"][2]]  # only A002 this time
    day["positions"] = [day["positions"][0], ["A002", "000001.SZ", "15000"], ["A002", "600519.SH", "10"]]
    day["contracts"] = [
        day["contracts"][0],  # the short RQ002 was bought back; a new financing contract
        ["RZ003", "A002", "financing", "000001.SZ", "2026-11-23", "11.000", "100"] + [""] * 6,
    ]
    report = run(pg_db, write_day(tmp_path / "next", day), actor, NEXT)
    assert {k: v for k, v in report.counts.items() if k.endswith(("_new", "_updated", "_removed")) and v} == {
        "securities_updated": 3,
        "accounts_updated": 1,
        "positions_new": 1,  # 600519
        "positions_updated": 1,  # 000001: 20,000 → 15,000
        "positions_removed": 1,  # 510300 sold
        "contracts_new": 1,
        "contracts_removed": 1,
    }
    assert rows(
        pg_db,
        "SELECT a.account_no, s.code, p.quantity FROM positions p JOIN credit_accounts a ON a.id = p.account_id"
        " JOIN securities s ON s.id = p.security_id ORDER BY a.account_no, s.code",
    ) == [("A001", "600519.SH", 200), ("A002", "000001.SZ", 15_000), ("A002", "600519.SH", 10)]  # A001 untouched
    assert rows(pg_db, "SELECT contract_no, outstanding_amount FROM contracts ORDER BY contract_no") == [
        ("RZ001", 150_000_000),  # A001's, untouched
        ("RZ003", 1_100_000),  # 11.000 yuan × 100 = 1,100 yuan owed in full
    ]
    assert rows(pg_db, "SELECT account_no, state_as_of FROM credit_accounts ORDER BY account_no") == [
        ("A001", AS_OF),
        ("A002", NEXT),
    ]
