"""Row checks of the book files: positions and contracts, the complete state of the listed accounts (SPEC §7).

These files are large (400,000 positions), so checks work on whole columns: references are resolved once per
distinct value, duplicates found with pandas, defaults filled with array arithmetic on exact Python integers.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from rmdesk.services.importing import snapshot
from rmdesk.services.importing.convert import Column
from rmdesk.services.importing.distinct import first_rows
from rmdesk.services.importing.values import (
    MAX_AMOUNT_LI,
    parse_amount_nonneg,
    parse_amount_positive,
    parse_code,
    parse_contract_type,
    parse_date,
    parse_price,
    parse_quantity,
    parse_quantity_positive,
    parse_rate,
    text_parser,
)

if TYPE_CHECKING:
    from rmdesk.services.importing.validate import Context, FileCheck

text32 = text_parser(32)


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, clamped to the month's end (31 Aug + 6 months → 28/29 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _accounts_ok(ctx: Context, chk: FileCheck, accounts: Column) -> None:
    """Every row's account is listed in this import's accounts file (else: unknown, or not listed)."""
    listed_rows = ctx.done.get("accounts")
    if listed_rows is None:
        ctx.issues.add(chk.name, None, None, None, "import.needs_accounts")
        chk.bad[:] = True
        return
    listed = set(listed_rows.frame["account_no"].dropna())
    stored = ctx.stored_accounts()
    codes, uniques = accounts.factorized()
    status = np.array(
        ["" if u in listed else ("ref.account_not_listed" if u in stored else "ref.account") for u in uniques],
        dtype=object,
    )
    wrong = np.append(status != "", False)  # code -1 (blank or bad cell) reads the last entry
    for pos in np.flatnonzero(wrong[codes]):
        chk.at(int(pos), "account_no", status[codes[pos]])


def _securities_ok(ctx: Context, chk: FileCheck, codes_col: Column) -> None:
    """Every code is in the securities file or stored; a stored close older than the day is a notice (once)."""
    batch = ctx.done.get("securities")
    in_batch = set(batch.frame["code"].dropna()) if batch is not None else set()
    stored = ctx.stored_securities()
    codes, uniques = codes_col.factorized()
    unknown = np.array([u not in in_batch and u not in stored for u in uniques] + [False], dtype=bool)
    first = first_rows(codes)
    for i, code in enumerate(uniques):
        known = stored.get(code) if code not in in_batch else None
        if known is not None and (known.price_as_of or date.min) < ctx.as_of:
            when = known.price_as_of.isoformat() if known.price_as_of else "—"
            chk.at(int(first[i]), "code", "security.stale_price", fatal=False, stored=when)
    for pos in np.flatnonzero(unknown[codes]):
        chk.at(int(pos), "code", "ref.security")


def positions(ctx: Context, chk: FileCheck) -> pd.DataFrame:
    account_no = chk.column("account_no", text32, required=True)
    code = chk.column("code", parse_code, required=True)
    quantity = chk.column("quantity", parse_quantity, required=True)
    assert account_no is not None and code is not None and quantity is not None
    _accounts_ok(ctx, chk, account_no)
    _securities_ok(ctx, chk, code)
    chk.duplicates([account_no, code], "code", "dup.position")
    return pd.DataFrame(
        {"account_no": account_no.values, "code": code.values, "quantity": quantity.values},
        index=chk.rows,
        dtype=object,
        copy=False,  # the columns' own object arrays, taken as they are
    )


def _flags(ctx: Context, flag: str) -> dict[str, bool]:
    """A flag (shortable, marginable) of every security after this import: file value, else stored, else N."""
    out = {code: bool(getattr(s, flag)) for code, s in ctx.stored_securities().items()}
    batch = ctx.done.get("securities")
    if batch is not None:
        codes = batch.frame["code"].tolist()
        if flag in batch.present:
            out.update(
                (code, bool(value))
                for code, value in zip(codes, batch.frame[flag].tolist(), strict=True)
                if code is not None
            )  # blank → N
        else:
            for code in codes:
                if code is not None:
                    out.setdefault(code, False)
    return out


_REQUIRED: tuple[tuple[str, Callable[[str], Any]], ...] = (
    ("contract_no", text32),
    ("account_no", text32),
    ("type", parse_contract_type),
    ("code", parse_code),
    ("trade_date", parse_date),
    ("trade_price", parse_price),
    ("trade_quantity", parse_quantity_positive),
)


def contracts(ctx: Context, chk: FileCheck) -> pd.DataFrame:
    req: dict[str, Column] = {}
    for name, parse in _REQUIRED:
        col = chk.column(name, parse, required=True)
        assert col is not None  # required columns were checked
        req[name] = col
    opt = {
        "trade_amount": chk.column("trade_amount", parse_amount_positive),
        "outstanding_amount": chk.column("outstanding_amount", parse_amount_nonneg),
        "outstanding_quantity": chk.column("outstanding_quantity", parse_quantity),
        "due_date": chk.column("due_date", parse_date),
        "rate": chk.column("rate", parse_rate),
        "accrued_interest": chk.column("accrued_interest", parse_amount_nonneg),
    }
    cols: dict[str, np.ndarray] = {name: col.values for name, col in req.items()}
    n = len(chk.rows)
    for name, opt_col in opt.items():
        cols[name] = opt_col.values.copy() if opt_col is not None else np.full(n, None, dtype=object)
    _accounts_ok(ctx, chk, req["account_no"])
    _securities_ok(ctx, chk, req["code"])
    chk.duplicates([req["contract_no"]], "contract_no", "dup.contract")
    _elsewhere(ctx, chk, req["contract_no"])
    _fill_defaults(ctx, chk, cols)
    _consistency(ctx, chk, cols, req["code"])
    return pd.DataFrame(cols, index=chk.rows, dtype=object, copy=False)  # object: blanks stay None, never NaN


def _elsewhere(ctx: Context, chk: FileCheck, numbers: Column) -> None:
    """A stored contract number may move between listed accounts, never away from an unlisted one."""
    listed_rows = ctx.done.get("accounts")
    listed = set(listed_rows.frame["account_no"].dropna()) if listed_rows is not None else set()
    accounts = ctx.stored_accounts()
    unlisted = {acc.id: no for no, acc in accounts.items() if no not in listed}
    if not unlisted:  # the usual full export lists every account: no stored contract can be elsewhere
        return
    stored = snapshot.contract_accounts(ctx.session, sorted(unlisted))
    if not stored:
        return
    codes, uniques = numbers.factorized()
    elsewhere = np.array([u in stored for u in uniques] + [False], dtype=bool)
    for pos in np.flatnonzero(elsewhere[codes]):
        chk.at(int(pos), "contract_no", "ref.contract_elsewhere", other=unlisted[stored[uniques[codes[pos]]]])


def _fill_defaults(ctx: Context, chk: FileCheck, cols: dict[str, np.ndarray]) -> None:
    """Blank optional cells → SPEC §7 defaults; the amount is price × quantity exactly (li × shares = li)."""
    price, qty = cols["trade_price"], cols["trade_quantity"]
    amount = cols["trade_amount"]
    known = pd.notna(price) & pd.notna(qty)
    fill = pd.isna(amount) & known
    if fill.any():
        amount[fill] = price[fill] * qty[fill]
        for pos in np.flatnonzero(fill):
            if amount[pos] >= MAX_AMOUNT_LI:
                chk.at(int(pos), "trade_quantity", "contract.amount_overflow")
                amount[pos] = None
    kind = cols["type"]
    financing, short = kind == "financing", kind == "short"
    out_amt = cols["outstanding_amount"]
    blank = pd.isna(out_amt) & financing
    out_amt[blank] = amount[blank]
    out_qty = cols["outstanding_quantity"]
    blank = pd.isna(out_qty) & short
    out_qty[blank] = qty[blank]
    accrued = cols["accrued_interest"]
    accrued[pd.isna(accrued)] = 0
    due, trade = cols["due_date"], cols["trade_date"]
    term = ctx.policy.contract_term_months
    terms: dict[date, date] = {}  # trade dates repeat: one calendar computation per distinct day
    for pos in np.flatnonzero(pd.isna(due) & pd.notna(trade)):
        day = trade[pos]
        if day not in terms:
            terms[day] = add_months(day, term)
        due[pos] = terms[day]


def _consistency(ctx: Context, chk: FileCheck, cols: dict[str, np.ndarray], codes_col: Column) -> None:
    trade, due = cols["trade_date"], cols["due_date"]
    both = np.flatnonzero(pd.notna(trade) & pd.notna(due))
    for pos in both[due[both] < trade[both]]:
        chk.at(int(pos), "due_date", "contract.due_before_trade", trade_date=trade[pos].isoformat())
    traded = np.flatnonzero(pd.notna(trade))
    for pos in traded[trade[traded] > ctx.as_of]:
        chk.at(int(pos), "trade_date", "contract.trade_after_as_of", as_of=ctx.as_of.isoformat())
    warn: list[tuple[str, str, str]] = [
        ("short", "shortable", "contract.short_not_shortable"),
        ("financing", "marginable", "contract.financing_not_marginable"),
    ]
    codes, uniques = codes_col.factorized()
    for kind, flag, code in warn:
        flags = _flags(ctx, flag)
        barred = np.array([u in flags and not flags[u] for u in uniques] + [False], dtype=bool)
        for pos in np.flatnonzero((cols["type"] == kind) & barred[codes]):
            chk.at(int(pos), "code", code, fatal=False)
