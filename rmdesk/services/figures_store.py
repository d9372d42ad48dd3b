"""Storing and reading the engine's figures: ``account_figures`` and ``ratio_history`` (SPEC §3.1, §9).

Rows are written and read as raw integers (li, ppm) so 20,000 accounts go through without a TypeDecorator call
per value; the figures read back equal the figures stored.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date
from decimal import Decimal
from operator import attrgetter
from typing import Any

import numpy as np
from sqlalchemy import BigInteger, String, and_, column, exists, func, select, table
from sqlalchemy.orm import Session

from rmdesk.money import LI_PER_YUAN, PPM, UnitError, to_ppm
from rmdesk.services.figures_model import (
    Figures,
    Lines,
    basis_to_decimals,
    build_figures,
    cents_to_decimals,
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
_TEXT = {"level", "max_concentration_code"}
_RAW = {"as_of", "earliest_due", "concentration_breach", "credit_usage_breach"}  # driver values, converted here
_account_figures = table(
    "account_figures",
    *(column(c) if c in _RAW else column(c, String if c in _TEXT else BigInteger) for c in STORED),
)
_ratio_history = table(
    "ratio_history",
    column("account_id", BigInteger),
    column("as_of"),
    column("maintenance_ratio", BigInteger),
    column("level", String),
)
_accounts = table("credit_accounts", column("id", BigInteger), column("account_no"), column("client_id", BigInteger))
_clients = table("clients", column("id", BigInteger), column("client_no"))

# --- writing ---------------------------------------------------------------------------------------------------------


def _exact_int(value: Decimal, scale: int) -> int:
    scaled = value * scale
    whole = int(scaled)
    if whole != scaled:
        raise UnitError(f"{value} cannot be stored exactly")
    return whole


StoreColumns = dict[str, list[Any]]  # account_figures columns keyed by STORED name: raw li/ppm, dates, flags


def figures_to_columns(figures: Sequence[Figures]) -> StoreColumns:
    """Figures → raw account_figures columns (li, ppm); refuses a value the columns cannot hold exactly."""
    columns: StoreColumns = {
        name: list(map(attrgetter(name), figures))
        for name in ("account_id", "as_of", "level", "earliest_due", "concentration_breach", "credit_usage_breach")
    }
    columns["open_contracts"] = list(map(attrgetter("open_contracts"), figures))
    for name in AMOUNTS:
        columns[name] = [_exact_int(v, LI_PER_YUAN) for v in map(attrgetter(name), figures)]
    for name in FRACTIONS:
        columns[name] = [None if v is None else _exact_int(v, PPM) for v in map(attrgetter(name), figures)]
    concs = [f.max_concentration for f in figures]
    columns["max_concentration_code"] = [None if c is None else c.code for c in concs]
    columns["max_concentration_share"] = [None if c is None else _exact_int(c.share, PPM) for c in concs]
    for name, attr in zip(LINES, ("warning", "closeout", "target", "emergency"), strict=True):
        columns[name] = [_exact_int(getattr(f.lines, attr), PPM) for f in figures]
    return columns


def _marks(session: Session, count: int) -> str:
    style = session.get_bind().dialect.paramstyle
    mark = {"qmark": "?", "format": "%s", "pyformat": "%s"}.get(style)
    if mark is None:
        raise RuntimeError(f"unsupported DBAPI parameter style {style}")
    return ", ".join([mark] * count)


def _iso(values: list[date | None]) -> list[str | None]:
    text = {d: d.isoformat() for d in set(values) if d is not None}
    return [None if d is None else text[d] for d in values]


def write_columns(session: Session, columns: StoreColumns) -> None:
    """Replace the account_figures and ratio_history rows of these (account, as_of) pairs: delete, then insert.

    Plain ``INSERT … VALUES`` / ``DELETE … IN`` through the driver's executemany (portable SQL), dates as ISO text;
    the delete is skipped for a date that has no rows yet (the usual first computation of the day).
    """
    ids, dates = columns["account_id"], columns["as_of"]
    if not ids:
        return
    conn = session.connection()
    for day in set(dates):
        text = day.isoformat()
        stored = session.scalar(select(exists().where(_account_figures.c.as_of == text))) or session.scalar(
            select(exists().where(_ratio_history.c.as_of == text))
        )
        if not stored:
            continue
        day_ids = [i for i, d in zip(ids, dates, strict=True) if d == day]
        for start in range(0, len(day_ids), _CHUNK):
            chunk = day_ids[start : start + _CHUNK]
            for name in ("account_figures", "ratio_history"):
                conn.exec_driver_sql(
                    f"DELETE FROM {name} WHERE as_of = {_marks(session, 1)} "
                    f"AND account_id IN ({_marks(session, len(chunk))})",
                    (text, *chunk),
                )
    plain = {**columns, "as_of": _iso(dates), "earliest_due": _iso(columns["earliest_due"])}
    conn.exec_driver_sql(
        f"INSERT INTO account_figures ({', '.join(STORED)}) VALUES ({_marks(session, len(STORED))})",
        list(zip(*(plain[name] for name in STORED), strict=True)),
    )
    history = ("account_id", "as_of", "maintenance_ratio", "total_assets", "total_liabilities", "level")
    conn.exec_driver_sql(
        f"INSERT INTO ratio_history ({', '.join(history)}) VALUES ({_marks(session, len(history))})",
        list(zip(*(plain[name] for name in history), strict=True)),
    )


def store_figures(session: Session, figures: Sequence[Figures]) -> None:
    """Upsert account_figures and ratio_history rows for each figure's (account, as_of), in the caller's transaction."""
    write_columns(session, figures_to_columns(figures))


# --- reading ---------------------------------------------------------------------------------------------------------


def _dates(values: Sequence[Any]) -> list[date | None]:
    """Driver dates (ISO text on SQLite, date objects elsewhere) → dates, parsing each distinct value once."""
    parsed: dict[Any, date | None] = {None: None}
    for v in set(values):
        if v not in parsed:
            parsed[v] = date.fromisoformat(v) if isinstance(v, str) else v
    return [parsed[v] for v in values]


def _amounts(values: Sequence[int]) -> list[Decimal]:
    li = np.array(values, dtype=np.int64)
    if not (li % 10).any():
        return cents_to_decimals((li // 10).tolist())
    return [li_to_reported(v) for v in values]


def _fractions(values: Sequence[int | None]) -> list[Decimal | None]:
    present = [v for v in values if v is not None]
    if all(v % 100 == 0 for v in present):
        return basis_to_decimals([None if v is None else v // 100 for v in values])
    return [ppm_to_reported(v) for v in values]


def read_figures(
    session: Session, as_of: date | None = None, account_ids: Collection[int] | None = None
) -> list[Figures]:
    """Per account, the stored figures with the latest as_of on or before ``as_of`` (None: the latest); by account_no.

    Driven from the accounts: one index seek per account finds its latest date, however long the history.
    The withdrawal line is not stored with the figures; it is the policy's current one.
    """
    af = _account_figures.c
    history = _account_figures.alias("history")
    latest = select(func.max(history.c.as_of)).where(history.c.account_id == _accounts.c.id)
    if as_of is not None:
        latest = latest.where(history.c.as_of <= as_of.isoformat())
    stmt = (
        select(*(af[c] for c in STORED), _accounts.c.account_no, _accounts.c.client_id, _clients.c.client_no)
        .select_from(_accounts)
        .join(_clients, _clients.c.id == _accounts.c.client_id)
        .join(_account_figures, and_(af.account_id == _accounts.c.id, af.as_of == latest.scalar_subquery()))
        .order_by(_accounts.c.account_no)
    )
    wanted = None if account_ids is None else set(account_ids)
    if wanted is not None and len(wanted) <= _CHUNK:
        stmt = stmt.where(_accounts.c.id.in_(sorted(wanted)))
    rows = session.execute(stmt).all()
    if wanted is not None and len(wanted) > _CHUNK:
        rows = [r for r in rows if r[0] in wanted]
    if not rows:
        return []
    withdrawal = to_ppm(load_policy(session).withdrawal_line)
    cols = list(zip(*rows, strict=True))
    at = {name: i for i, name in enumerate(STORED)}
    lines_cache: dict[tuple[int, int, int, int], Lines] = {}
    lines = []
    for w, co, t, e in zip(*(cols[at[name]] for name in LINES), strict=True):
        if (w, co, t, e) not in lines_cache:
            lines_cache[w, co, t, e] = lines_from_ppm(w, co, t, e, withdrawal)
        lines.append(lines_cache[w, co, t, e])
    n_stored = len(STORED)
    columns: dict[str, Any] = {
        "account_id": list(cols[at["account_id"]]),
        "account_no": list(cols[n_stored]),
        "client_id": list(cols[n_stored + 1]),
        "client_no": list(cols[n_stored + 2]),
        "as_of": _dates(cols[at["as_of"]]),
        "level": list(cols[at["level"]]),
        "max_concentration": make_concentrations(
            cols[at["max_concentration_code"]], _fractions(cols[at["max_concentration_share"]])
        ),
        "lines": lines,
        "earliest_due": _dates(cols[at["earliest_due"]]),
        "concentration_breach": [bool(b) for b in cols[at["concentration_breach"]]],
        "credit_usage_breach": [bool(b) for b in cols[at["credit_usage_breach"]]],
        "open_contracts": list(cols[at["open_contracts"]]),
    }
    for name in AMOUNTS:
        columns[name] = _amounts(cols[at[name]])
    for name in FRACTIONS:
        columns[name] = _fractions(cols[at[name]])
    return build_figures(columns)


def ratio_series(session: Session, account_id: int, start: date, end: date) -> list[tuple[date, Decimal | None, str]]:
    """The account's (as_of, maintenance ratio, level) from ratio_history for start ≤ as_of ≤ end, oldest first."""
    rh = _ratio_history.c
    rows = session.execute(
        select(rh.as_of, rh.maintenance_ratio, rh.level)
        .where(rh.account_id == account_id, rh.as_of >= start.isoformat(), rh.as_of <= end.isoformat())
        .order_by(rh.as_of)
    ).all()
    days = _dates([r[0] for r in rows])
    return [
        (d, ppm_to_reported(ratio), level) for d, (_, ratio, level) in zip(days, rows, strict=True) if d is not None
    ]


def levels_before(session: Session, as_of: date, account_ids: Collection[int] | None = None) -> dict[int, str]:
    """Each account's level on its latest stored figures strictly before ``as_of`` (account_id → level).

    What risk.refresh reports as "level changed from" after an import; accounts without earlier figures are absent.
    """
    af = _account_figures.c
    history = _account_figures.alias("history")
    latest = (
        select(func.max(history.c.as_of))
        .where(history.c.account_id == _accounts.c.id, history.c.as_of < as_of.isoformat())
        .scalar_subquery()
    )
    stmt = (
        select(af.account_id, af.level)
        .select_from(_accounts)
        .join(_account_figures, and_(af.account_id == _accounts.c.id, af.as_of == latest))
    )
    wanted = None if account_ids is None else set(account_ids)
    if wanted is not None and len(wanted) <= _CHUNK:
        stmt = stmt.where(_accounts.c.id.in_(sorted(wanted)))
    return {a: lvl for a, lvl in session.execute(stmt).all() if wanted is None or a in wanted}
