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
from sqlalchemy.orm import Session

from rmdesk.money import LI_PER_YUAN, PPM, UnitError, to_ppm
from rmdesk.services.figures_days import latest_columns, series_rows
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
from rmdesk.services.in_lists import chunks
from rmdesk.services.policy import load_policy

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


def _upsert(session: Session, name: str, names: Sequence[str], rows: list[tuple[Any, ...]]) -> None:
    """``INSERT … ON CONFLICT (as_of, account_id) DO UPDATE`` (SQLite ≥ 3.24 and PostgreSQL alike), executemany."""
    update = ", ".join(f"{c} = excluded.{c}" for c in names if c not in ("as_of", "account_id"))
    session.connection().exec_driver_sql(
        f"INSERT INTO {name} ({', '.join(names)}) VALUES ({_marks(session, len(names))}) "
        f"ON CONFLICT (as_of, account_id) DO UPDATE SET {update}",
        rows,
    )


HISTORY = ("account_id", "as_of", "maintenance_ratio", "total_assets", "total_liabilities", "level")


def write_columns(session: Session, columns: StoreColumns) -> None:
    """Replace the account_figures and ratio_history rows of these (account, as_of) pairs.

    One upsert per table on the (as_of, account_id) key through the driver's executemany (portable SQL, dates as
    ISO text): a new day inserts, a re-run of a day overwrites its rows in place; no query first. Then each written
    account's ``figures_as_of`` pointer becomes max(pointer, as_of) — recomputing an older day never moves it
    back — with one ``UPDATE … WHERE id IN (…)`` per chunk of accounts.
    """
    ids, dates = columns["account_id"], columns["as_of"]
    if not ids:
        return
    plain = {**columns, "as_of": _iso(dates), "earliest_due": _iso(columns["earliest_due"])}
    _upsert(session, "account_figures", STORED, list(zip(*(plain[name] for name in STORED), strict=True)))
    _upsert(session, "ratio_history", HISTORY, list(zip(*(plain[name] for name in HISTORY), strict=True)))
    conn = session.connection()
    for day in sorted(set(dates)):
        text = day.isoformat()
        day_ids = [i for i, d in zip(ids, dates, strict=True) if d == day]
        for chunk in chunks(day_ids):
            conn.exec_driver_sql(
                f"UPDATE credit_accounts SET figures_as_of = {_marks(session, 1)} "
                f"WHERE (figures_as_of IS NULL OR figures_as_of < {_marks(session, 1)}) "
                f"AND id IN ({_marks(session, len(chunk))})",
                (text, text, *chunk),
            )


def store_figures(session: Session, figures: Sequence[Figures]) -> None:
    """Upsert account_figures and ratio_history rows for each figure's (account, as_of), in the caller's transaction."""
    write_columns(session, figures_to_columns(figures))


# --- reading ---------------------------------------------------------------------------------------------------------


def driver_dates(values: Sequence[Any]) -> list[date | None]:
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


def fractions_to_reported(values: Sequence[int | None]) -> list[Decimal | None]:
    """Stored 4-decimal fractions (ppm, None kept) → the reported Decimals, a column at a time."""
    present = [v for v in values if v is not None]
    if all(v % 100 == 0 for v in present):
        return basis_to_decimals([None if v is None else v // 100 for v in values])
    return [ppm_to_reported(v) for v in values]


def read_figures(
    session: Session, as_of: date | None = None, account_ids: Collection[int] | None = None
) -> list[Figures]:
    """Per account, the stored figures with the latest as_of on or before ``as_of`` (None: the latest); by account_no.

    Through the ``figures_as_of`` pointer: a point lookup per account on (as_of, account_id), however long the
    history; an ``as_of`` before an account's pointer walks back day by day (figures_days.latest_rows_back).
    The withdrawal line is not stored with the figures; it is the policy's current one.
    """
    found = latest_columns(session, STORED, as_of, account_ids)
    if not found:
        return []
    withdrawal = to_ppm(load_policy(session).withdrawal_line)
    info, cols = found[:4], found[4:]
    at = {name: i for i, name in enumerate(STORED)}
    lines_cache: dict[tuple[int, int, int, int], Lines] = {}
    lines = []
    for w, co, t, e in zip(*(cols[at[name]] for name in LINES), strict=True):
        if (w, co, t, e) not in lines_cache:
            lines_cache[w, co, t, e] = lines_from_ppm(w, co, t, e, withdrawal)
        lines.append(lines_cache[w, co, t, e])
    columns: dict[str, Any] = {
        "account_id": list(info[0]),
        "account_no": list(info[1]),
        "client_id": list(info[2]),
        "client_no": list(info[3]),
        "as_of": driver_dates(cols[at["as_of"]]),
        "level": list(cols[at["level"]]),
        "max_concentration": make_concentrations(
            cols[at["max_concentration_code"]], fractions_to_reported(cols[at["max_concentration_share"]])
        ),
        "lines": lines,
        "earliest_due": driver_dates(cols[at["earliest_due"]]),
        "concentration_breach": [bool(b) for b in cols[at["concentration_breach"]]],
        "credit_usage_breach": [bool(b) for b in cols[at["credit_usage_breach"]]],
        "open_contracts": list(cols[at["open_contracts"]]),
    }
    for name in AMOUNTS:
        columns[name] = _amounts(cols[at[name]])
    for name in FRACTIONS:
        columns[name] = fractions_to_reported(cols[at[name]])
    return build_figures(columns)


def levels_before(session: Session, as_of: date, account_ids: Collection[int] | None = None) -> dict[int, str]:
    """Each account's level on its latest stored figures strictly before ``as_of`` (account_id → level).

    What risk.refresh reports as "level changed from" after an import; accounts without earlier figures are absent.
    A new day reads the pointer rows; a re-run of the pointer's day reads the day before.
    """
    found = latest_columns(session, ("level",), as_of, account_ids, inclusive=False, labels=False)
    return dict(zip(found[0], found[1], strict=True)) if found else {}


def ratio_series(session: Session, account_id: int, start: date, end: date) -> list[tuple[date, Decimal | None, str]]:
    """The account's (as_of, maintenance ratio, level) from ratio_history for start ≤ as_of ≤ end, oldest first.

    The days in [start, end] by a loose index scan, each joined to its (as_of, account_id) row.
    """
    rows = series_rows(session, "ratio_history", ("maintenance_ratio", "level"), [account_id], start, end)
    if not rows:
        return []
    _ids, stored_days, ratios, levels = zip(*rows, strict=True)
    series = zip(driver_dates(stored_days), fractions_to_reported(ratios), levels, strict=True)
    return [(d, ratio, level) for d, ratio, level in series if d is not None]
