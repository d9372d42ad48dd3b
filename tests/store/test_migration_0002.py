"""Migration 0002 on a database that already holds figures: every row kept, the pointer filled, and back down.

A database at revision 0001 (account-major UNIQUE (account_id, as_of)) gets accounts, figures and history, then
goes up to head (UNIQUE (as_of, account_id), credit_accounts.figures_as_of) and down again. SQLite rebuilds the
two tables by copy, PostgreSQL alters them: both are run.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

import pytest
from sqlalchemy import MetaData, Table, inspect, select

from rmdesk.store import migrate
from rmdesk.store.db import Database

D0, D1, D2 = date(2026, 11, 18), date(2026, 11, 19), date(2026, 11, 20)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database(request: pytest.FixtureRequest) -> Iterator[Database]:
    yield request.getfixturevalue("db" if request.param == "sqlite" else "pg_db")


def _table(database: Database, name: str) -> Table:
    return Table(name, MetaData(), autoload_with=database.engine)


def _figures_row(account_id: int, as_of: date, n: int) -> dict[str, Any]:
    """An account_figures row of revision 0001: every amount n li, a ratio, a due date on odd n."""
    table_amounts = [
        "cash",
        "market_value",
        "collateral_value",
        "total_assets",
        "financing_debt",
        "short_value",
        "interest_fees",
        "total_liabilities",
        "net_assets",
        "topup_to_target",
        "repay_to_target",
        "withdrawable",
        "credit_limit",
        "credit_used",
        "credit_available",
        "available_margin",
        "warning_line",
        "closeout_line",
        "target_line",
        "emergency_line",
    ]
    row: dict[str, Any] = dict.fromkeys(table_amounts, n)
    row.update(
        account_id=account_id,
        as_of=as_of,
        level=("normal", "warning", "closeout")[n % 3],
        maintenance_ratio=1_500_000 + n,
        drop_to_warning=None,
        drop_to_closeout=None,
        max_concentration_code=None,
        max_concentration_share=None,
        earliest_due=date(2026, 12, n) if n % 2 else None,
        concentration_breach=False,
        credit_usage_breach=n % 2 == 1,
        open_contracts=n,
    )
    return row


def _content(database: Database) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """Every account_figures and ratio_history row without its surrogate id, sorted."""
    out = []
    for name in ("account_figures", "ratio_history"):
        t = _table(database, name)
        with database.engine.connect() as conn:
            rows = conn.execute(select(*(c for c in t.c if c.name != "id"))).all()
        out.append(sorted(tuple(r) for r in rows))
    return out[0], out[1]


def _unique_keys(database: Database, name: str) -> set[tuple[str, ...]]:
    return {tuple(u["column_names"]) for u in inspect(database.engine).get_unique_constraints(name)}


def _plain_indexes(database: Database, name: str) -> set[str]:
    """Index names, without the index PostgreSQL reports behind a unique constraint."""
    return {
        ix["name"] or "" for ix in inspect(database.engine).get_indexes(name) if not ix.get("duplicates_constraint")
    }


def test_upgrade_keeps_every_row_fills_the_pointer_and_downgrade_restores(database: Database) -> None:
    migrate.downgrade(database, "0001")
    assert "figures_as_of" not in {c["name"] for c in inspect(database.engine).get_columns("credit_accounts")}
    clients, accounts = _table(database, "clients"), _table(database, "credit_accounts")
    figures, history = _table(database, "account_figures"), _table(database, "ratio_history")
    now = datetime(2026, 11, 20, 18, 0)
    with database.engine.begin() as conn:
        for i in (1, 2, 3):
            conn.execute(
                clients.insert(),
                {
                    "id": i,
                    "client_no": f"C{i}",
                    "name": f"客户{i}",
                    "name_initials": "",
                    "id_type": "身份证",
                    "investor_type": "普通投资者",
                    "tier": "普通",
                    "status": "正常",
                    "is_related_party": False,
                    "has_other_credit_account": False,
                    "dormant": False,
                    "tags": "",
                    "archived": False,
                    "created_at": now,
                    "updated_at": now,
                    "version": 1,
                },
            )
            conn.execute(
                accounts.insert(),
                {"id": 10 + i, "account_no": f"A{i}", "client_id": i, "credit_limit": 0, "cash": 0, "status": "正常"},
            )
        # account 11: D1 and D2 (inserted newest first); account 12: D1 only; account 13: nothing
        conn.execute(figures.insert(), [_figures_row(11, D2, 3), _figures_row(11, D1, 2), _figures_row(12, D1, 5)])
        history_rows = [(11, D0, 1), (11, D1, 2), (11, D2, 3), (12, D1, 5)]
        conn.execute(
            history.insert(),
            [
                {
                    "account_id": a,
                    "as_of": d,
                    "maintenance_ratio": None if n == 1 else 1_500_000 + n,
                    "total_assets": n * 1_000,
                    "total_liabilities": n * 10,
                    "level": "normal",
                }
                for a, d, n in history_rows
            ],
        )
    before = _content(database)
    assert len(before[0]) == 3 and len(before[1]) == 4

    migrate.upgrade(database)
    assert migrate.is_current(database)
    assert _content(database) == before
    accounts = _table(database, "credit_accounts")
    with database.engine.connect() as conn:
        pointers = {a: d for a, d in conn.execute(select(accounts.c.id, accounts.c.figures_as_of))}
    assert pointers == {11: D2, 12: D1, 13: None}  # the latest account_figures day; none without figures
    for name in ("account_figures", "ratio_history"):
        assert _unique_keys(database, name) == {("as_of", "account_id")}
    assert _plain_indexes(database, "account_figures") == set()

    migrate.downgrade(database, "0001")
    assert _content(database) == before
    for name in ("account_figures", "ratio_history"):
        assert _unique_keys(database, name) == {("account_id", "as_of")}
    assert _plain_indexes(database, "account_figures") == {
        "ix_account_figures_account_id",
        "ix_account_figures_as_of",
    }
    assert "figures_as_of" not in {c["name"] for c in inspect(database.engine).get_columns("credit_accounts")}
    migrate.upgrade(database)
    assert _content(database) == before
