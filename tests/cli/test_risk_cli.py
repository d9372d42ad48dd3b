"""`rmdesk risk`: exactly the JSON of SPEC §8 (validated against a schema), the same numbers as the engine,
and readable Chinese tables."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from rmdesk.cli import main
from rmdesk.commands.base import display_width
from rmdesk.services import risk
from rmdesk.store.db import Database
from tests.services.book_factory import AccountSpec, Deal, account, security

# Numbers are parsed as Decimal, so multipleOf is checked exactly (no binary-float remainder).
AMOUNT = {"type": "number", "multipleOf": Decimal("0.01")}
FRACTION = {"type": "number", "multipleOf": Decimal("0.0001")}
AMOUNT_KEYS = [
    "cash",
    "market_value",
    "total_assets",
    "financing_debt",
    "short_value",
    "interest_fees",
    "total_liabilities",
    "topup_to_target",
    "repay_to_target",
    "withdrawable",
    "credit_used",
    "credit_available",
    "available_margin",
]
FRACTION_KEYS = ["maintenance_ratio", "drop_to_warning", "drop_to_closeout"]
SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["as_of", "accounts"],
    "additionalProperties": False,
    "properties": {
        "as_of": {"type": ["string", "null"], "pattern": r"^\d{4}-\d{2}-\d{2}$"},
        "accounts": {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": [
                    "account_no",
                    "client_no",
                    "level",
                    *AMOUNT_KEYS,
                    *FRACTION_KEYS,
                    "max_concentration",
                    "warnings",
                ],
                "properties": {
                    "account_no": {"type": "string"},
                    "client_no": {"type": "string"},
                    "level": {"enum": ["normal", "warning", "closeout", "emergency"]},
                    **dict.fromkeys(AMOUNT_KEYS, AMOUNT),
                    **{k: {"anyOf": [FRACTION, {"type": "null"}]} for k in FRACTION_KEYS},
                    "max_concentration": {
                        "anyOf": [
                            {"type": "null"},
                            {
                                "type": "object",
                                "additionalProperties": False,
                                "required": ["code", "share"],
                                "properties": {"code": {"type": "string"}, "share": FRACTION},
                            },
                        ]
                    },
                    "warnings": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "additionalProperties": False,
                            "required": ["kind", "status", "due"],
                            "properties": {
                                "kind": {
                                    "enum": [
                                        "ratio_warning",
                                        "margin_call",
                                        "emergency",
                                        "concentration",
                                        "contract_expiry",
                                        "assessment_expiry",
                                        "suitability",
                                        "credit_limit",
                                    ]
                                },
                                "status": {"enum": ["open", "notified", "escalated"]},
                                "due": {"type": ["string", "null"], "pattern": r"^\d{4}-\d{2}-\d{2}$"},
                            },
                        },
                    },
                },
            },
        },
    },
}


@pytest.fixture
def book(db: Database, db_path: Path) -> Path:
    """Two accounts: A1 closes out on 11-20 (was fine on 11-19); B1 has no liabilities."""
    with db.sessions.begin() as s:
        security(s, "600000.SH", "10.000")
        security(s, "000001.SZ", "20.000")
        a1 = account(
            s,
            AccountSpec(
                "A1",
                cash="9000",
                positions=[("600000.SH", 500), ("000001.SZ", 250)],
                deals=[Deal("600000.SH", 1000, "10000", due_date=date(2027, 3, 1))],
            ),
        )
        account(s, AccountSpec("B1", cash="1234.5", positions=[("000001.SZ", 100)]))
        risk.refresh(s, date(2026, 11, 19))
        a1.cash = Decimal("2999")  # (2,999 + 10,000) / 10,000 = 1.2999 → closeout
        s.flush()
        risk.refresh(s, date(2026, 11, 20))
    db.dispose()
    return db_path


def test_json_matches_the_schema_and_hand_computed_figures(book: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["--db", str(book), "risk", "--format", "json"])
    out = capsys.readouterr().out
    assert code == 0
    payload = json.loads(out)
    jsonschema.validate(json.loads(json.dumps(payload), parse_float=Decimal), SCHEMA)
    assert payload["as_of"] == "2026-11-20"
    a1 = next(a for a in payload["accounts"] if a["account_no"] == "A1")
    assert a1["level"] == "closeout"
    assert a1["maintenance_ratio"] == 1.2999
    assert a1["total_assets"] == 12999.00 and a1["total_liabilities"] == 10000.00
    assert a1["topup_to_target"] == 2001.00  # 1.5 × 10,000 − 12,999
    assert a1["repay_to_target"] == 4002.00  # 2,001 / (1.5 − 1)
    assert a1["max_concentration"] == {"code": "000001.SZ", "share": 0.5}
    assert {"kind": "margin_call", "status": "open", "due": "2026-11-24"} in a1["warnings"]
    b1 = next(a for a in payload["accounts"] if a["account_no"] == "B1")
    assert b1["maintenance_ratio"] is None and b1["level"] == "normal"
    assert b1["withdrawable"] == 1234.50  # all of the cash when there are no liabilities
    # amounts keep two decimals in the text, fractions four: exact decimals, never float noise
    assert '"total_assets": 12999.00' in out and '"withdrawable": 1234.50' in out
    assert '"maintenance_ratio": 1.2999' in out


def test_as_of_an_earlier_day_and_one_account(book: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", str(book), "risk", "--as-of", "2026-11-19", "--account", "A1", "--format", "json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    jsonschema.validate(json.loads(json.dumps(payload), parse_float=Decimal), SCHEMA)
    assert payload["as_of"] == "2026-11-19"
    assert [a["account_no"] for a in payload["accounts"]] == ["A1"]
    assert payload["accounts"][0]["maintenance_ratio"] == 1.9  # (9,000 + 10,000) / 10,000
    assert main(["--db", str(book), "risk", "--account", "NOPE"]) == 2


def test_no_import_yet_is_an_empty_list(db: Database, db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", str(db_path), "risk", "--format", "json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    jsonschema.validate(json.loads(json.dumps(payload), parse_float=Decimal), SCHEMA)
    assert payload["accounts"] == []


def test_table_is_chinese_and_aligned(book: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", str(book), "--lang", "zh_CN", "risk"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("截至 2026-11-20")
    header, _rule, *rows = lines[1:]
    assert "维持担保比例" in header and "追保金额" in header
    ratio_col_end = display_width(header.split("维持担保比例")[0] + "维持担保比例")
    a1 = next(r for r in rows if r.startswith("A1"))
    assert "平仓" in a1 and "129.99%" in a1 and "¥2,001.00" in a1
    # the ratio is right-aligned under its Chinese header: same display column where it ends
    assert display_width(a1.split("129.99%")[0] + "129.99%") == ratio_col_end


def test_csv_has_every_figure(book: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", str(book), "risk", "--format", "csv"]) == 0
    header, *rows = capsys.readouterr().out.splitlines()
    assert header.split(",")[:4] == ["as_of", "account_no", "client_no", "level"]
    assert all(k in header.split(",") for k in AMOUNT_KEYS + FRACTION_KEYS)
    assert any(r.startswith("2026-11-20,A1,CA1,closeout,2999.00") for r in rows)


def test_deadline_in_a_year_without_holidays_is_flagged(
    db: Database, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with db.sessions.begin() as s:
        security(s, "600000.SH", "10.000")
        security(s, "000001.SZ", "20.000")
        account(
            s,
            AccountSpec(
                "C1",
                cash="2999",
                positions=[("600000.SH", 500), ("000001.SZ", 250)],
                deals=[Deal("600000.SH", 1000, "10000", due_date=date(2027, 3, 1))],
            ),
        )
        risk.refresh(s, date(2026, 12, 30))
    db.dispose()
    assert main(["--db", str(db_path), "--lang", "en", "risk", "--format", "json"]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out)["accounts"][0]["warnings"][0]["due"] == "2027-01-01"
    assert "2027" in captured.err and "holiday" in captured.err.lower()
