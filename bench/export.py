"""Dump a book's securities, clients, accounts, positions and contracts as import files (SPEC §7 columns).

The import figure needs the reference book in the core system's format. Values come from the integer columns
(li, ppm) and are written exactly: 12345 li → "12.345", 650000 ppm → "0.65"; nothing passes through a float.
Rates are written as fractions below 1 ("0.0835"), lines as fractions below 10 ("1.4"), which SPEC §7 reads as
given. Files are UTF-8 CSV with the English headers.

``next_day=True`` turns the state into a plausible next trading day's file instead of a copy of today: every
security's close moves by a seeded −5 %…+5 % (whole fen), and every tenth account bought 100 more shares of its
first holding. So the benchmark's import updates prices and positions and every account's figures change, as on
a real day, rather than re-importing an unchanged book.

    python -m bench.export BOOK.sqlite3 OUT_DIR [--next-day]
"""

from __future__ import annotations

import csv
import random
import sys
from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import BigInteger, select, type_coerce
from sqlalchemy.orm import Session

from rmdesk.store.db import open_database
from rmdesk.store.models import Client, Contract, CreditAccount, Position, Security, User

FILES = ("securities", "clients", "accounts", "positions", "contracts")


def li_text(li: int | None) -> str:
    """Whole li → yuan text with at most 3 decimals, trailing zeros dropped (12340 → "12.34")."""
    if li is None:
        return ""
    sign = "-" if li < 0 else ""
    whole, frac = divmod(abs(li), 1000)
    tail = f"{frac:03d}".rstrip("0")
    return f"{sign}{whole}.{tail}" if tail else f"{sign}{whole}"


def ppm_text(ppm: int | None) -> str:
    """Whole millionths → fraction text (650000 → "0.65", 1400000 → "1.4")."""
    if ppm is None:
        return ""
    sign = "-" if ppm < 0 else ""
    whole, frac = divmod(abs(ppm), 1_000_000)
    tail = f"{frac:06d}".rstrip("0")
    return f"{sign}{whole}.{tail}" if tail else f"{sign}{whole}"


def yn(flag: bool | None) -> str:
    return "Y" if flag else "N"


def day(d: date | None) -> str:
    return "" if d is None else d.isoformat()


def raw(col: Any) -> Any:
    """The stored integer of a Money/Fraction6 column, without the Decimal conversion."""
    return type_coerce(col, BigInteger)


def _write(path: Path, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    n = 0
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        for row in rows:
            w.writerow(row)
            n += 1
    return n


MOVE_SEED = 20261123
POSITION_EVERY = 10  # every n-th account (by account number) bought more of its first holding
POSITION_BOUGHT = 100


def moved_close(close: int, permille: int) -> int:
    """``close`` li moved by ``permille``‰, rounded half up to whole fen (10 li), at least one fen; exact."""
    fen = (close * (1000 + permille) + 5000) // 10000
    return max(fen, 1) * 10


def _moved_securities(rows: Iterable[Sequence[Any]]) -> Iterable[Sequence[Any]]:
    rng = random.Random(MOVE_SEED)
    for code, name, kind, close, *rest in rows:
        yield (code, name, kind, moved_close(close, rng.randint(-50, 50)), *rest)


def _bought_positions(rows: Iterable[Sequence[Any]]) -> Iterable[Sequence[Any]]:
    seen = -1
    last = None
    for account_no, code, quantity in rows:
        bought = 0
        if account_no != last:
            last, seen = account_no, seen + 1
            bought = POSITION_BOUGHT if seen % POSITION_EVERY == 0 else 0
        yield account_no, code, quantity + bought


def export_book(session: Session, out: Path, *, next_day: bool = False) -> dict[str, int]:
    """Write the five import files of the book's state into ``out`` (``next_day``: moved on by a day, see the
    module docstring); rows per file."""
    out.mkdir(parents=True, exist_ok=True)
    counts: dict[str, int] = {}
    s = Security
    securities: Iterable[Sequence[Any]] = session.execute(
        select(
            s.code,
            s.name,
            s.kind,
            raw(s.close),
            raw(s.haircut),
            s.marginable,
            s.shortable,
            s.st,
            s.index_member,
        ).order_by(s.code)
    )
    if next_day:
        securities = _moved_securities(securities)
    counts["securities"] = _write(
        out / "securities.csv",
        ("code", "name", "kind", "close", "haircut", "marginable", "shortable", "st", "index_member"),
        (
            (code, name, kind, li_text(close), ppm_text(hc), yn(m), yn(sh), yn(st), yn(idx))
            for code, name, kind, close, hc, m, sh, st, idx in securities
        ),
    )
    c = Client
    counts["clients"] = _write(
        out / "clients.csv",
        (
            "client_no",
            "name",
            "id_type",
            "id_no",
            "phone",
            "risk_level",
            "risk_assessed_on",
            "investor_type",
            "tier",
            "rm",
            "trading_since",
            "avg_assets_20d",
        ),
        (
            (
                no,
                name,
                idt,
                idn or "",
                ph or "",
                "" if lvl is None else f"C{lvl}",
                day(assessed),
                inv,
                tier,
                rm or "",
                day(since),
                li_text(avg),
            )
            for no, name, idt, idn, ph, lvl, assessed, inv, tier, rm, since, avg in session.execute(
                select(
                    c.client_no,
                    c.name,
                    c.id_type,
                    c.id_no,
                    c.phone,
                    c.risk_level,
                    c.risk_assessed_on,
                    c.investor_type,
                    c.tier,
                    User.username,
                    c.trading_since,
                    raw(c.avg_assets_20d),
                )
                .outerjoin(User, User.id == c.rm_id)
                .order_by(c.client_no)
            )
        ),
    )
    a = CreditAccount
    counts["accounts"] = _write(
        out / "accounts.csv",
        (
            "account_no",
            "client_no",
            "cash",
            "credit_limit",
            "financing_rate",
            "short_rate",
            "opened_on",
            "warning_line",
            "closeout_line",
            "target_line",
        ),
        (
            (
                no,
                cno,
                li_text(cash),
                li_text(lim),
                ppm_text(fr),
                ppm_text(sr),
                day(opened),
                ppm_text(wl),
                ppm_text(cl),
                ppm_text(tl),
            )
            for no, cno, cash, lim, fr, sr, opened, wl, cl, tl in session.execute(
                select(
                    a.account_no,
                    Client.client_no,
                    raw(a.cash),
                    raw(a.credit_limit),
                    raw(a.financing_rate),
                    raw(a.short_rate),
                    a.opened_on,
                    raw(a.warning_line),
                    raw(a.closeout_line),
                    raw(a.target_line),
                )
                .join(Client, Client.id == a.client_id)
                .order_by(a.account_no)
            )
        ),
    )
    p = Position
    positions: Iterable[Sequence[Any]] = session.execute(
        select(a.account_no, s.code, p.quantity)
        .join(a, a.id == p.account_id)
        .join(s, s.id == p.security_id)
        .order_by(a.account_no, s.code)
    )
    if next_day:
        positions = _bought_positions(positions)
    counts["positions"] = _write(out / "positions.csv", ("account_no", "code", "quantity"), positions)
    k = Contract
    counts["contracts"] = _write(
        out / "contracts.csv",
        (
            "contract_no",
            "account_no",
            "type",
            "code",
            "trade_date",
            "trade_price",
            "trade_quantity",
            "trade_amount",
            "outstanding_amount",
            "outstanding_quantity",
            "due_date",
            "rate",
            "accrued_interest",
        ),
        (
            (
                no,
                acct,
                typ,
                code,
                day(td),
                li_text(tp),
                tq,
                li_text(ta),
                li_text(oa),
                "" if oq is None else oq,
                day(due),
                ppm_text(rate),
                li_text(acc),
            )
            for no, acct, typ, code, td, tp, tq, ta, oa, oq, due, rate, acc in session.execute(
                select(
                    k.contract_no,
                    a.account_no,
                    k.type,
                    s.code,
                    k.trade_date,
                    raw(k.trade_price),
                    k.trade_quantity,
                    raw(k.trade_amount),
                    raw(k.outstanding_amount),
                    k.outstanding_quantity,
                    k.due_date,
                    raw(k.rate),
                    raw(k.accrued_interest),
                )
                .join(a, a.id == k.account_id)
                .join(s, s.id == k.security_id)
                .order_by(k.contract_no)
            )
        ),
    )
    return counts


def main(argv: list[str]) -> int:
    next_day = "--next-day" in argv
    argv = [a for a in argv if a != "--next-day"]
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    db = open_database(f"sqlite:///{Path(argv[0]).resolve()}")
    try:
        with db.sessions() as session:
            counts = export_book(session, Path(argv[1]), next_day=next_day)
    finally:
        db.dispose()
    print(" ".join(f"{k}={v}" for k, v in counts.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
