"""day-major figures: UNIQUE (as_of, account_id) on account_figures and ratio_history, credit_accounts.figures_as_of

Revision ID: 0002
Revises: 0001

A new day inserted one row per account into a different leaf of the account-major (account_id, as_of) index
(≈ 80 MB of WAL for 20,000 accounts); keyed (as_of, account_id) the day's rows go to the end of the index.
``credit_accounts.figures_as_of`` points at each account's latest stored figures (derived data), filled here.

SQLite cannot drop a UNIQUE constraint in place: both tables are rebuilt by copy, rows inserted in
(as_of, account_id) order so the table and its unique index are written front to back (the surrogate ids are
renumbered in that order; nothing refers to them). PostgreSQL alters the constraints in place.
Measured (2 busy cores): the reference book (4.6 M ratio_history rows, one day of figures) ≈ 12 s CPU; with a
year of account_figures as well (5 M rows) ≈ 1 min CPU. Most of it is the sort.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

FIGURES = "account_figures"
HISTORY = "ratio_history"
# For the rebuild: a 64 MiB page cache and two sorter threads (measured on the 4.6 M-row reference book: the
# ORDER BY sort is most of the copy; a bigger cache did not make it faster)
_PRAGMAS = {"cache_size": -65_536, "threads": 2}


def _figures_columns() -> list[sa.Column[Any]]:
    """account_figures as revision 0001 created it (frozen here: the models may move on)."""
    amount = ("cash", "market_value", "collateral_value", "total_assets", "financing_debt", "short_value")
    amount2 = ("interest_fees", "total_liabilities", "net_assets")
    return [
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("level", sa.String(length=16), nullable=False),
        *(sa.Column(name, sa.BigInteger(), nullable=False) for name in (*amount, *amount2)),
        sa.Column("maintenance_ratio", sa.BigInteger(), nullable=True),
        sa.Column("topup_to_target", sa.BigInteger(), nullable=False),
        sa.Column("repay_to_target", sa.BigInteger(), nullable=False),
        sa.Column("drop_to_warning", sa.BigInteger(), nullable=True),
        sa.Column("drop_to_closeout", sa.BigInteger(), nullable=True),
        sa.Column("withdrawable", sa.BigInteger(), nullable=False),
        sa.Column("credit_limit", sa.BigInteger(), nullable=False),
        sa.Column("credit_used", sa.BigInteger(), nullable=False),
        sa.Column("credit_available", sa.BigInteger(), nullable=False),
        sa.Column("available_margin", sa.BigInteger(), nullable=False),
        sa.Column("max_concentration_code", sa.String(length=16), nullable=True),
        sa.Column("max_concentration_share", sa.BigInteger(), nullable=True),
        sa.Column("warning_line", sa.BigInteger(), nullable=False),
        sa.Column("closeout_line", sa.BigInteger(), nullable=False),
        sa.Column("target_line", sa.BigInteger(), nullable=False),
        sa.Column("emergency_line", sa.BigInteger(), nullable=False),
        sa.Column("earliest_due", sa.Date(), nullable=True),
        sa.Column("concentration_breach", sa.Boolean(), nullable=False),
        sa.Column("credit_usage_breach", sa.Boolean(), nullable=False),
        sa.Column("open_contracts", sa.Integer(), nullable=False),
    ]


def _history_columns() -> list[sa.Column[Any]]:
    """ratio_history as revision 0001 created it."""
    return [
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("maintenance_ratio", sa.BigInteger(), nullable=True),
        sa.Column("total_assets", sa.BigInteger(), nullable=False),
        sa.Column("total_liabilities", sa.BigInteger(), nullable=False),
        sa.Column("level", sa.String(length=16), nullable=False),
    ]


def _rebuild_sqlite(name: str, columns: list[sa.Column[Any]], key: Sequence[str]) -> None:
    """Recreate ``name`` with the unique key ``key``, its rows inserted in key order.

    The rows are first copied, sorted, into a temporary table (SQLite's temp store, outside the database file);
    the table is dropped and created anew, so the copy back reuses the freed pages: the file does not grow by
    the size of the table. Inserted in key order, the table and its unique index are written front to back.
    """
    copied = ", ".join(c.name for c in columns if c.name != "id")
    sorted_rows = f"_sorted_{name}"
    # "+" keeps SQLite from walking an index on the first key (random row reads): one full sort is faster
    order = ", ".join([f"+{key[0]}", *key[1:]])
    op.execute(f"CREATE TEMP TABLE {sorted_rows} AS SELECT {copied} FROM {name} ORDER BY {order}")
    op.drop_table(name)
    op.create_table(
        name,
        *columns,
        sa.ForeignKeyConstraint(["account_id"], ["credit_accounts.id"], name=f"fk_{name}_account_id_credit_accounts"),
        sa.PrimaryKeyConstraint("id", name=f"pk_{name}"),
        sa.UniqueConstraint(*key, name=f"uq_{name}_{key[0]}"),
    )
    op.execute(f"INSERT INTO {name} ({copied}) SELECT {copied} FROM {sorted_rows} ORDER BY rowid")
    op.execute(f"DROP TABLE {sorted_rows}")


def _with_rebuild_pragmas(work: Callable[[], None]) -> None:
    """Run ``work()`` with the rebuild's SQLite pragmas, then put the connection's settings back."""
    conn = op.get_bind()
    before = {name: conn.exec_driver_sql(f"PRAGMA {name}").scalar() for name in _PRAGMAS}
    for name, value in _PRAGMAS.items():
        conn.exec_driver_sql(f"PRAGMA {name}={value}")
    try:
        work()
    finally:
        for name, old in before.items():
            conn.exec_driver_sql(f"PRAGMA {name}={int(old or 0)}")


def upgrade() -> None:
    op.add_column("credit_accounts", sa.Column("figures_as_of", sa.Date(), nullable=True))
    # filled while the account-major index still exists: one index seek per account
    op.execute(
        "UPDATE credit_accounts SET figures_as_of = "
        "(SELECT max(f.as_of) FROM account_figures f WHERE f.account_id = credit_accounts.id)"
    )
    if op.get_bind().dialect.name == "sqlite":

        def rebuild() -> None:
            _rebuild_sqlite(FIGURES, _figures_columns(), ("as_of", "account_id"))
            _rebuild_sqlite(HISTORY, _history_columns(), ("as_of", "account_id"))

        _with_rebuild_pragmas(rebuild)
        return
    op.drop_index("ix_account_figures_account_id", table_name=FIGURES)
    op.drop_index("ix_account_figures_as_of", table_name=FIGURES)
    for name in (FIGURES, HISTORY):
        op.drop_constraint(f"uq_{name}_account_id", name, type_="unique")
        op.create_unique_constraint(f"uq_{name}_as_of", name, ["as_of", "account_id"])


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":

        def rebuild() -> None:
            _rebuild_sqlite(FIGURES, _figures_columns(), ("account_id", "as_of"))
            _rebuild_sqlite(HISTORY, _history_columns(), ("account_id", "as_of"))

        _with_rebuild_pragmas(rebuild)
    else:
        for name in (FIGURES, HISTORY):
            op.drop_constraint(f"uq_{name}_as_of", name, type_="unique")
            op.create_unique_constraint(f"uq_{name}_account_id", name, ["account_id", "as_of"])
    op.create_index("ix_account_figures_account_id", FIGURES, ["account_id"], unique=False)
    op.create_index("ix_account_figures_as_of", FIGURES, ["as_of"], unique=False)
    op.drop_column("credit_accounts", "figures_as_of")
