"""Storing and reading the engine's figures: ``account_figures`` and ``ratio_history`` (SPEC §3.1, §9).

Rows are written and read as raw integers (li, ppm) so 20,000 accounts go through without a TypeDecorator call
per value; the figures read back equal the figures stored.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import BigInteger, Boolean, Date, Integer, String, and_, column, delete, func, select, table
from sqlalchemy.orm import Session

from rmdesk.money import LI_PER_YUAN, PPM, UnitError, to_ppm
from rmdesk.services.figures_model import (
    Figures,
    Lines,
    build_figures,
    li_to_reported,
    lines_from_ppm,
    make_concentrations,
    ppm_to_reported,
)
from rmdesk.services.policy import load_policy

_CHUNK = 500

AMOUNTS = (
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
)
FRACTIONS = ("maintenance_ratio", "drop_to_warning", "drop_to_closeout")
LINES = ("warning_line", "closeout_line", "target_line", "emergency_line")
# account_figures columns in the order rows are written (all but the surrogate id)
STORED = (
    "account_id",
    "as_of",
    "level",
    *AMOUNTS,
    *FRACTIONS,
    "max_concentration_code",
    "max_concentration_share",
    *LINES,
    "earliest_due",
    "concentration_breach",
    "credit_usage_breach",
    "open_contracts",
)
_TYPES: dict[str, Any] = {"as_of": Date, "earliest_due": Date, "level": String, "max_concentration_code": String}
_TYPES |= {"concentration_breach": Boolean, "credit_usage_breach": Boolean, "open_contracts": Integer}
_account_figures = table("account_figures", *(column(c, _TYPES.get(c, BigInteger)) for c in STORED))
_ratio_history = table(
    "ratio_history",
    column("account_id", BigInteger),
    column("as_of", Date),
    column("maintenance_ratio", BigInteger),
    column("total_assets", BigInteger),
    column("total_liabilities", BigInteger),
    column("level", String),
)
_accounts = table("credit_accounts", column("id", BigInteger), column("account_no"), column("client_id", BigInteger))
_clients = table("clients", column("id", BigInteger), column("client_no"))

Row = tuple[Any, ...]  # one account_figures row in STORED order, raw integers


def _li(value: Decimal) -> int:
    li = int(value * LI_PER_YUAN)
    if li != value * LI_PER_YUAN:
        raise UnitError(f"{value} has more than 3 decimals")
    return li


def _ppm(value: Decimal | None) -> int | None:
    if value is None:
        return None
    ppm = int(value * PPM)
    if ppm != value * PPM:
        raise UnitError(f"{value} has more than 6 decimals")
    return ppm


def figures_to_rows(figures: Sequence[Figures]) -> list[Row]:
    """Figures → account_figures rows (raw li/ppm), in STORED order."""
    rows = []
    for f in figures:
        conc = f.max_concentration
        lines = f.lines
        rows.append(
            (
                f.account_id,
                f.as_of,
                f.level,
                *(_li(getattr(f, name)) for name in AMOUNTS),
                *(_ppm(getattr(f, name)) for name in FRACTIONS),
                None if conc is None else conc.code,
                None if conc is None else _ppm(conc.share),
                _ppm(lines.warning),
                _ppm(lines.closeout),
                _ppm(lines.target),
                _ppm(lines.emergency),
                f.earliest_due,
                f.concentration_breach,
                f.credit_usage_breach,
                f.open_contracts,
            )
        )
    return rows


def _placeholders(session: Session, count: int) -> str:
    style = session.get_bind().dialect.paramstyle
    mark = {"qmark": "?", "format": "%s", "pyformat": "%s"}.get(style)
    if mark is None:
        raise RuntimeError(f"unsupported DBAPI parameter style {style}")
    return ", ".join([mark] * count)


def write_rows(session: Session, rows: Sequence[Row]) -> None:
    """Replace the account_figures and ratio_history rows of these (account, as_of) pairs: delete, then insert.

    Inserted with the driver's executemany on plain tuples (portable INSERT … VALUES), dates as ISO text.
    """
    by_date: dict[date, list[int]] = {}
    for row in rows:
        by_date.setdefault(row[1], []).append(row[0])
    for as_of, ids in by_date.items():
        for start in range(0, len(ids), _CHUNK):
            chunk = ids[start : start + _CHUNK]
            for tbl in (_account_figures, _ratio_history):
                session.execute(delete(tbl).where(and_(tbl.c.as_of == as_of, tbl.c.account_id.in_(chunk))))
    if not rows:
        return
    iso = {d: d.isoformat() for d in by_date}
    i_due, i_ratio = STORED.index("earliest_due"), STORED.index("maintenance_ratio")
    i_ta, i_tl = STORED.index("total_assets"), STORED.index("total_liabilities")
    plain = [
        (r[0], iso[r[1]], *r[2:i_due], None if r[i_due] is None else r[i_due].isoformat(), *r[i_due + 1 :])
        for r in rows
    ]
    history = [(r[0], iso[r[1]], r[i_ratio], r[i_ta], r[i_tl], r[2]) for r in rows]
    conn = session.connection()
    conn.exec_driver_sql(
        f"INSERT INTO account_figures ({', '.join(STORED)}) VALUES ({_placeholders(session, len(STORED))})", plain
    )
    conn.exec_driver_sql(
        "INSERT INTO ratio_history (account_id, as_of, maintenance_ratio, total_assets, total_liabilities, level) "
        f"VALUES ({_placeholders(session, 6)})",
        history,
    )


def rows_from_columns(columns: dict[str, Sequence[Any]]) -> list[Row]:
    """account_figures rows from aligned raw columns keyed by STORED name."""
    return list(zip(*(columns[name] for name in STORED), strict=True))


def store_figures(session: Session, figures: Sequence[Figures]) -> None:
    """Upsert account_figures and ratio_history rows for each figure's (account, as_of), in the caller's transaction."""
    write_rows(session, figures_to_rows(figures))


def read_figures(
    session: Session, as_of: date | None = None, account_ids: Collection[int] | None = None
) -> list[Figures]:
    """Per account, the stored figures with the latest as_of on or before ``as_of`` (None: the latest); by account_no.

    The withdrawal line is not stored with the figures; it is the policy's current one.
    """
    af = _account_figures.c
    latest = select(af.account_id, func.max(af.as_of).label("as_of")).group_by(af.account_id)
    if as_of is not None:
        latest = latest.where(af.as_of <= as_of)
    wanted = None if account_ids is None else sorted(set(account_ids))
    if wanted is not None and len(wanted) <= _CHUNK:
        latest = latest.where(af.account_id.in_(wanted))
    last = latest.subquery()
    stmt = (
        select(*(af[c] for c in STORED), _accounts.c.account_no, _accounts.c.client_id, _clients.c.client_no)
        .join_from(_account_figures, last, and_(last.c.account_id == af.account_id, last.c.as_of == af.as_of))
        .join(_accounts, _accounts.c.id == af.account_id)
        .join(_clients, _clients.c.id == _accounts.c.client_id)
        .order_by(_accounts.c.account_no)
    )
    rows = session.execute(stmt).all()
    if wanted is not None and len(wanted) > _CHUNK:
        keep = set(wanted)
        rows = [r for r in rows if r[0] in keep]
    if not rows:
        return []
    withdrawal = to_ppm(load_policy(session).withdrawal_line)
    cols = list(zip(*rows, strict=True))
    at = {name: i for i, name in enumerate(STORED)}
    lines_cache: dict[tuple[int, ...], Lines] = {}

    def lines_of(key: tuple[int, ...]) -> Lines:
        if key not in lines_cache:
            lines_cache[key] = lines_from_ppm(*key, withdrawal)
        return lines_cache[key]

    n_stored = len(STORED)
    columns: dict[str, Any] = {
        "account_id": list(cols[at["account_id"]]),
        "account_no": list(cols[n_stored]),
        "client_id": list(cols[n_stored + 1]),
        "client_no": list(cols[n_stored + 2]),
        "as_of": list(cols[at["as_of"]]),
        "level": list(cols[at["level"]]),
        "max_concentration": make_concentrations(
            cols[at["max_concentration_code"]], [ppm_to_reported(p) for p in cols[at["max_concentration_share"]]]
        ),
        "lines": [lines_of(k) for k in zip(*(cols[at[name]] for name in LINES), strict=True)],
        "earliest_due": list(cols[at["earliest_due"]]),
        "concentration_breach": [bool(b) for b in cols[at["concentration_breach"]]],
        "credit_usage_breach": [bool(b) for b in cols[at["credit_usage_breach"]]],
        "open_contracts": list(cols[at["open_contracts"]]),
    }
    for name in AMOUNTS:
        columns[name] = [li_to_reported(li) for li in cols[at[name]]]
    for name in FRACTIONS:
        columns[name] = [ppm_to_reported(p) for p in cols[at[name]]]
    return build_figures(columns)


def ratio_series(session: Session, account_id: int, start: date, end: date) -> list[tuple[date, Decimal | None, str]]:
    """The account's (as_of, maintenance ratio, level) from ratio_history for start ≤ as_of ≤ end, oldest first."""
    rh = _ratio_history.c
    rows = session.execute(
        select(rh.as_of, rh.maintenance_ratio, rh.level)
        .where(rh.account_id == account_id, rh.as_of >= start, rh.as_of <= end)
        .order_by(rh.as_of)
    ).all()
    return [(d, ppm_to_reported(ratio), level) for d, ratio, level in rows]
