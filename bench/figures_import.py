"""Import + risk scan of the whole book, its raw baseline, and the risk scan alone.

The import is the book's own state exported as import files (bench/export.py) and imported as the next trading
day's files into a copy of the book: every account's positions and contracts replaced, every security and client
upserted, then the risk refresh (figures of 20,000 accounts and the warning scan), committed — what the RM waits
for after clicking "import". The baseline moves the same rows into the same tables with no validation and no
figures: pandas reads the files, sqlite3 ``executemany`` writes them, one commit.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

from bench.context import Bench
from bench.harness import Measured, Target, figure, measure, timed
from rmdesk.services.audit import Actor
from rmdesk.store.db import Database, open_database


def _open(path: Path) -> Database:
    return open_database(f"sqlite:///{path}")


@contextmanager
def _opened(path: Path) -> Iterator[Database]:
    db = _open(path)
    try:
        yield db
    finally:
        db.dispose()


def book_actor(db: Database) -> Actor:
    """The book's supervisor (sees every client), as the user who imports."""
    from sqlalchemy import select

    from rmdesk.store.models import User

    with db.sessions() as s:
        row = s.execute(
            select(User.id, User.username, User.role).where(User.role == "supervisor").order_by(User.id).limit(1)
        ).one()
    return Actor(row.id, row.username, row.role)


def next_trading_day(db: Database, as_of: date) -> date:
    from rmdesk.services.calendar import load_calendar

    with db.sessions() as s:
        return load_calendar(s).next_trading_day(as_of)


# ---- rmdesk: import_day (validate, apply, risk refresh) -------------------------------------------------------


def import_once(path: Path, files: Path, as_of: date) -> tuple[float, dict[str, Any]]:
    """Seconds of one import of ``files`` as ``as_of`` into the book at ``path``, commit included."""
    from rmdesk.services.importing import import_day

    db = _open(path)
    try:
        actor = book_actor(db)

        def run() -> Any:
            with db.sessions.begin() as s:
                return import_day(s, files, as_of, actor)

        seconds, report = timed(run)
    finally:
        db.dispose()
    fatal = [i for i in report.issues if i.fatal]
    if fatal or not report.applied:
        shown = "; ".join(i.message("en") for i in fatal[:10])
        raise RuntimeError(f"the import of the exported book was rejected ({len(fatal)} fatal): {shown}")
    scan = report.scan
    return seconds, {
        "counts": dict(report.counts),
        "issues": len(report.issues),
        "warnings_raised": scan.count("raised") if scan is not None else None,
    }


IMPORT_TARGET = 3.0  # seconds (SPEC §9 issue: import + risk scan of the whole book)
SCAN_TARGET = 0.5


@figure(
    "import_scan",
    "daily import + risk scan (whole book)",
    "s",
    Target(max=IMPORT_TARGET, max_ratio=2),
    baseline="pandas + sqlite3",
    order=20,
)
def import_scan(bench: Bench) -> Measured:
    import pandas  # noqa: F401  (loaded before timing: the app has it loaded when an import starts)

    import rmdesk.services.importing
    import rmdesk.services.risk  # noqa: F401

    book, files = bench.book, bench.files
    work = bench.scratch("import") / "book.sqlite3"
    with _opened(book.path) as db:
        day = next_trading_day(db, book.as_of)
    details: dict[str, Any] = {}
    timings: list[float] = []

    def run() -> None:
        nonlocal details
        seconds, details = import_once(work, files, day)  # times the import alone, not opening the copy
        timings.append(seconds)

    _, profile = measure(run, bench.sizes.reps, setup=lambda: book.copy_to(work), give_up_after=5 * IMPORT_TARGET)
    base = [baseline_import(book.copy_to(work), files, day) for _ in range(bench.sizes.reps)]
    rows = sum(1 for f in files.glob("*.csv") for _ in f.open(encoding="utf-8")) - len(list(files.glob("*.csv")))
    note = f"{rows:,} rows in 5 files, as of {day} over the book of {book.as_of}; commit included"
    if len(timings) < bench.sizes.reps:
        note += f"; stopped after {len(timings)} run(s): over 5× the target"
    extra = {"as_of": day.isoformat(), "rows": rows, **details}
    return Measured(timings, base, note=note, extra=extra, profile=profile)


# ---- the raw baseline: pandas read + sqlite3 executemany ---------------------------------------------------------


def _scaled(text: str, places: int) -> int | None:
    """Decimal text → integer in units of 10^-places, exactly (no float); blank → None."""
    if not text:
        return None
    neg = text.startswith("-")
    whole, _, frac = text.lstrip("-").replace(",", "").partition(".")
    value = int(whole or "0") * 10**places + int((frac + "0" * places)[:places] or "0")
    return -value if neg else value


def _li(text: str) -> int | None:
    return _scaled(text, 3)


def _ppm(text: str) -> int | None:
    return _scaled(text, 6)


def _flag(text: str) -> int:
    return 1 if text == "Y" else 0


def baseline_import(path: Path, files: Path, as_of: date) -> float:
    """Seconds to read the five files with pandas and write them with sqlite3 executemany, one commit."""
    import pandas as pd

    def run() -> None:
        frames = {
            name: pd.read_csv(files / f"{name}.csv", dtype=str, keep_default_na=False)
            for name in ("securities", "clients", "accounts", "positions", "contracts")
        }
        con = sqlite3.connect(path, isolation_level=None)
        con.execute("PRAGMA journal_mode=WAL")
        con.execute("PRAGMA foreign_keys=ON")
        con.execute("PRAGMA synchronous=FULL")
        day = as_of.isoformat()
        con.execute("BEGIN")
        sec = frames["securities"]
        con.executemany(
            "UPDATE securities SET name=?, kind=?, close=?, haircut=?, marginable=?, shortable=?, st=?,"
            " index_member=?, price_as_of=? WHERE code=?",
            [
                (
                    r.name,
                    r.kind,
                    _li(r.close),
                    _ppm(r.haircut),
                    _flag(r.marginable),
                    _flag(r.shortable),
                    _flag(r.st),
                    _flag(r.index_member),
                    day,
                    r.code,
                )
                for r in sec.itertuples(index=False)
            ],
        )
        users = dict(con.execute("SELECT username, id FROM users"))
        cl = frames["clients"]
        con.executemany(
            "UPDATE clients SET name=?, id_type=?, id_no=?, phone=?, risk_level=?, risk_assessed_on=?,"
            " investor_type=?, tier=?, rm_id=?, trading_since=?, avg_assets_20d=? WHERE client_no=?",
            [
                (
                    r.name,
                    r.id_type,
                    r.id_no or None,
                    r.phone or None,
                    int(r.risk_level[1:]) if r.risk_level else None,
                    r.risk_assessed_on or None,
                    r.investor_type,
                    r.tier,
                    users.get(r.rm),
                    r.trading_since or None,
                    _li(r.avg_assets_20d),
                    r.client_no,
                )
                for r in cl.itertuples(index=False)
            ],
        )
        ac = frames["accounts"]
        con.executemany(
            "UPDATE credit_accounts SET cash=?, credit_limit=?, financing_rate=?, short_rate=?, opened_on=?,"
            " warning_line=?, closeout_line=?, target_line=?, state_as_of=? WHERE account_no=?",
            [
                (
                    _li(r.cash),
                    _li(r.credit_limit) or 0,
                    _ppm(r.financing_rate),
                    _ppm(r.short_rate),
                    r.opened_on or None,
                    _ppm(r.warning_line),
                    _ppm(r.closeout_line),
                    _ppm(r.target_line),
                    day,
                    r.account_no,
                )
                for r in ac.itertuples(index=False)
            ],
        )
        acct = dict(con.execute("SELECT account_no, id FROM credit_accounts"))
        secs = dict(con.execute("SELECT code, id FROM securities"))
        ids = [(acct[a],) for a in ac["account_no"]]
        con.executemany("DELETE FROM positions WHERE account_id=?", ids)
        con.executemany("DELETE FROM contracts WHERE account_id=?", ids)
        po = frames["positions"]
        con.executemany(
            "INSERT INTO positions (account_id, security_id, quantity) VALUES (?, ?, ?)",
            [(acct[a], secs[c], int(q)) for a, c, q in po.itertuples(index=False)],
        )
        co = frames["contracts"]
        con.executemany(
            "INSERT INTO contracts (contract_no, account_id, type, security_id, trade_date, trade_price,"
            " trade_quantity, trade_amount, outstanding_amount, outstanding_quantity, due_date, rate,"
            " accrued_interest) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    r.contract_no,
                    acct[r.account_no],
                    r.type,
                    secs[r.code],
                    r.trade_date,
                    _li(r.trade_price),
                    int(r.trade_quantity),
                    _li(r.trade_amount),
                    _li(r.outstanding_amount),
                    int(r.outstanding_quantity) if r.outstanding_quantity else None,
                    r.due_date,
                    _ppm(r.rate),
                    _li(r.accrued_interest) or 0,
                )
                for r in co.itertuples(index=False)
            ],
        )
        con.execute("COMMIT")
        con.close()

    seconds, _ = timed(run)
    return seconds


# ---- the risk scan alone ----------------------------------------------------------------------------------------


def _new_day_copy(bench: Bench, name: str, *, stored: bool) -> tuple[Path, date]:
    """A fresh copy of the book and its next trading day; ``stored``: that day's figures already computed and
    stored (committed), as the import leaves them just before its risk scan."""
    from rmdesk.services.figures import store_day

    book = bench.book
    path = book.copy_to(bench.scratch(name) / "book.sqlite3")
    with _opened(path) as db:
        day = next_trading_day(db, book.as_of)
        if stored:
            with db.sessions.begin() as s:
                store_day(s, day)
    return path, day


def _scan_figure(bench: Bench, name: str, step: Any, *, stored: bool, what: str) -> Measured:
    """Seconds of ``step(session, day, actor)`` + commit on a fresh copy each run (opening it not counted)."""
    result: Any = None
    timings: list[float] = []
    where: list[tuple[Path, date]] = []

    def setup() -> None:
        where[:] = [_new_day_copy(bench, name, stored=stored)]

    def run() -> None:
        nonlocal result
        path, day = where[0]
        with _opened(path) as db:
            actor = book_actor(db)
            start = time.perf_counter()
            with db.sessions.begin() as s:
                result = step(s, day, actor)
            timings.append(time.perf_counter() - start)

    _, profile = measure(run, bench.sizes.reps, setup=setup, give_up_after=5 * SCAN_TARGET)
    day = where[0][1] if where else None
    accounts = result.accounts if result is not None else 0
    changes = len(result.changes) if result is not None else 0
    note = f"{what} for {day} over the book of {bench.book.as_of}: {accounts:,} accounts, "
    note += f"{changes:,} warning changes; commit included, a fresh copy each run, opening it not counted"
    if len(timings) < bench.sizes.reps:
        note += f"; stopped after {len(timings)} run(s): over 5× the target"
    extra = {"accounts": accounts, "changes": changes, "as_of": None if day is None else day.isoformat()}
    return Measured(timings, note=note, extra=extra, profile=profile)


@figure(
    "risk_scan", "risk scan alone (SPEC §3.2: the day's figures → warnings, whole book)", "s", Target(max=0.5), order=30
)
def risk_scan(bench: Bench) -> Measured:
    """The scan step of an import: the new day's figures are stored; raise, update, resolve and escalate."""
    from rmdesk.services import risk

    return _scan_figure(
        bench,
        "scan",
        lambda s, day, actor: risk.scan(s, day, actor=actor),
        stored=True,
        what="warning scan of the stored figures",
    )


@figure("risk_refresh", "figures + risk scan of a new day (whole book)", "s", Target(), order=31)
def risk_refresh(bench: Bench) -> Measured:
    """What an import runs after its writes: every account's figures computed and stored for the day, then the
    scan (risk.refresh)."""
    from rmdesk.services import risk

    return _scan_figure(
        bench,
        "refresh",
        lambda s, day, actor: risk.refresh(s, day, None, actor),
        stored=False,
        what="figures + warning scan",
    )


@figure(
    "risk_rescan", "figures + risk scan of the same day again (e.g. after a policy change)", "s", Target(), order=32
)
def risk_rescan(bench: Bench) -> Measured:
    from rmdesk.services import risk

    book = bench.book
    path = book.copy_to(bench.scratch("rescan") / "book.sqlite3")
    result: Any = None
    with _opened(path) as db:
        actor = book_actor(db)

        def run() -> None:
            nonlocal result
            with db.sessions.begin() as s:
                result = risk.rescan(s, actor)

        samples, profile = measure(run, bench.sizes.reps, give_up_after=5 * SCAN_TARGET)
    accounts = result.accounts if result is not None else 0
    note = f"rescan of the latest day ({book.as_of}), {accounts:,} accounts; commit included"
    if len(samples) < bench.sizes.reps:
        note += f"; stopped after {len(samples)} run(s): over 5× the target"
    return Measured(samples, note=note, extra={"accounts": accounts}, profile=profile)
