"""The demo book: the same seed gives the same book (even in another process), and the book shows everything a
demo must show — every level and warning kind of SPEC §3.2 and every warning status, complaint cases in every
status with their events, callbacks done/planned/overdue/cancelled — with valid ID numbers and phones, and raw
data (positions, contracts, cash) that really produce the levels the engine reports."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from collections import Counter, defaultdict
from collections.abc import Iterator
from datetime import date
from itertools import pairwise
from pathlib import Path

import pytest
from sqlalchemy import func, select

from rmdesk.services import auth
from rmdesk.services.calendar import load_calendar
from rmdesk.services.demo import DEMO_PASSWORD, DemoError, DemoSummary, generate
from rmdesk.services.identity import is_mobile, parse_id_card
from rmdesk.store import migrate
from rmdesk.store.db import Database, open_database
from rmdesk.store.models import CALLBACK_CHANNELS, CASE_STATUSES, WARNING_KINDS, WARNING_STATUSES, Client

AS_OF = date(2026, 11, 20)  # a Friday
N = 300
SEED = 7
ROOT = Path(__file__).resolve().parents[2]


def _new_db(path: Path) -> Database:
    database = open_database(f"sqlite:///{path}")
    migrate.upgrade(database)
    return database


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Database, DemoSummary]]:
    """One generated book of 300 clients for the module (the tests only read it)."""
    path = tmp_path_factory.mktemp("demo") / "book.sqlite3"
    database = _new_db(path)
    with database.sessions.begin() as s:
        summary = generate(s, clients=N, seed=SEED, as_of=AS_OF)
    yield path, database, summary
    database.dispose()


def _q(path: Path, sql: str, *params: object) -> list[tuple[object, ...]]:
    con = sqlite3.connect(path)
    try:
        return con.execute(sql, params).fetchall()
    finally:
        con.close()


# Columns whose values depend on the wall clock or on a random salt, not on the seed.
VOLATILE = {"created_at", "updated_at", "password_hash", "started_at", "at", "hash", "prev_hash"}


def _dump(path: Path) -> dict[str, list[tuple[object, ...]]]:
    con = sqlite3.connect(path)
    try:
        out = {}
        tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
        for t in tables:
            cols = [c[1] for c in con.execute(f"PRAGMA table_info({t})") if c[1] not in VOLATILE or t == "callbacks"]
            out[t] = con.execute(f"SELECT {', '.join(cols)} FROM {t} ORDER BY rowid").fetchall()
        return out
    finally:
        con.close()


def test_same_seed_gives_the_same_book_in_another_process(
    book: tuple[Path, Database, DemoSummary], tmp_path: Path
) -> None:
    path, database, _summary = book
    database.engine.dispose()  # let the file settle (WAL checkpoint) before reading it raw
    other = tmp_path / "again.sqlite3"
    _new_db(other).dispose()
    script = (
        "import sys; from datetime import date; from rmdesk.store.db import open_database; "
        "from rmdesk.services.demo import generate; db = open_database('sqlite:///' + sys.argv[1]); "
        f"s = db.sessions.begin().__enter__(); generate(s, clients={N}, seed={SEED}, as_of=date(2026, 11, 20)); "
        "s.commit(); db.dispose()"
    )
    # A different hash seed: nothing may depend on the iteration order of sets of strings.
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    subprocess.run([sys.executable, "-c", script, str(other)], cwd=ROOT, env=env, check=True, timeout=120)
    first, second = _dump(path), _dump(other)
    assert len(first["clients"]) == N and len(first["ratio_history"]) > 250 * N // 2  # not trivially equal
    for table in first:
        assert first[table] == second[table], table


def test_every_level_warning_kind_and_status_occurs(book: tuple[Path, Database, DemoSummary]) -> None:
    path, _db, summary = book
    levels = dict(_q(path, "SELECT level, count(*) FROM account_figures WHERE as_of = ? GROUP BY level", "2026-11-20"))
    # The planned bands: 3% of 300 = 9 below the warning line, 2% = 6 below close-out, 1% = 3 below emergency.
    assert levels == {"normal": 300 - 9 - 6 - 3, "warning": 9, "closeout": 6, "emergency": 3}
    assert dict(summary.levels) == levels
    kinds = {k for (k,) in _q(path, "SELECT DISTINCT kind FROM warnings WHERE status != 'resolved'")}
    assert kinds == set(WARNING_KINDS)
    statuses = {s for (s,) in _q(path, "SELECT DISTINCT status FROM warnings")}
    assert statuses == set(WARNING_STATUSES)
    # Every notification says how the client was told, with one of the SPEC's channels.
    channels = {c for (c,) in _q(path, "SELECT DISTINCT channel FROM warning_events WHERE action = 'notified'")}
    assert channels and channels <= {"phone", "SMS", "visit", "letter"}
    # A resolved warning's events run raised → … → resolved; an escalated one ends escalated.
    events = defaultdict(list)
    for wid, action in _q(path, "SELECT warning_id, action FROM warning_events ORDER BY at, id"):
        events[wid].append(action)
    for wid, status in _q(path, "SELECT id, status FROM warnings"):
        assert events[wid][0] == "raised", wid
        if status != "open":
            assert events[wid][-1] == status, (wid, events[wid])


def test_the_raw_book_produces_the_reported_levels(book: tuple[Path, Database, DemoSummary]) -> None:
    """Recompute every account's ratio from positions, cash and contracts in plain integers (li)."""
    path = book[0]
    close = dict(_q(path, "SELECT id, close FROM securities"))
    assets = {a: cash for a, cash in _q(path, "SELECT id, cash FROM credit_accounts")}
    lines = {a: (w, c) for a, w, c in _q(path, "SELECT id, warning_line, closeout_line FROM credit_accounts")}
    for a, sec, qty in _q(path, "SELECT account_id, security_id, quantity FROM positions"):
        assets[a] += qty * close[sec]
    liab = Counter()
    for a, kind, sec, out_amt, out_qty, accrued in _q(
        path,
        "SELECT account_id, type, security_id, outstanding_amount, outstanding_quantity, accrued_interest "
        "FROM contracts",
    ):
        liab[a] += (out_amt if kind == "financing" else out_qty * close[sec]) + accrued
    reported = dict(_q(path, "SELECT account_id, level FROM account_figures"))
    for a, total in assets.items():
        warn, closeout = lines[a][0] or 1_400_000, lines[a][1] or 1_300_000  # ppm; NULL = branch default
        debt = liab[a]
        # ratio = total / debt; compare total·10^6 with line·debt to stay in integers
        if debt == 0 or total * 10**6 >= warn * debt:
            expected = "normal"
        elif total * 10**6 >= closeout * debt:
            expected = "warning"
        elif total * 10**6 >= 1_200_000 * debt:
            expected = "closeout"
        else:
            expected = "emergency"
        assert reported[a] == expected, a
        assert total >= 0


def test_counts_follow_the_reference_book_proportions(book: tuple[Path, Database, DemoSummary]) -> None:
    summary = book[2]
    # SPEC §9 per 20,000 clients: 400,000 positions (20 each), 80,000 contracts (4), 50,000 callbacks (2.5),
    # 5,000 cases (1 per 4); and at least 300 securities so the book looks real.
    assert summary.count("clients") == summary.count("credit_accounts") == 300
    assert summary.count("positions") == 300 * 20
    assert summary.count("contracts") == 300 * 4
    assert summary.count("callbacks") == 300 * 5 // 2
    assert summary.count("complaint_cases") == 300 // 4
    assert summary.count("securities") == 300


def test_securities_span_exchanges_kinds_and_flags(book: tuple[Path, Database, DemoSummary]) -> None:
    path = book[0]
    rows = _q(path, "SELECT code, kind, close, haircut, marginable, shortable, st, index_member FROM securities")
    assert {code[-2:] for code, *_ in rows} == {"SH", "SZ", "BJ"}
    assert {kind for _, kind, *_ in rows} == {"stock", "etf", "fund", "bond", "gov_bond", "money_fund"}
    assert all(close > 0 and 0 <= haircut <= 1_000_000 for _, _, close, haircut, *_ in rows)
    assert any(st for *_, st, _ in rows) and all(h == 0 for _, _, _, h, _, _, st, _ in rows if st)
    assert any(m for *_, m, _, _, _ in rows) and any(s for *_, s, _, _ in rows) and any(i for *_, i in rows)
    # Financing only on 融资标的, short sales only on 融券标的.
    bad = _q(
        path,
        "SELECT count(*) FROM contracts c JOIN securities s ON s.id = c.security_id "
        "WHERE (c.type = 'financing' AND NOT s.marginable) OR (c.type = 'short' AND NOT s.shortable)",
    )
    assert bad == [(0,)]


def test_contracts_due_soon_and_overdue_and_credit_use(book: tuple[Path, Database, DemoSummary]) -> None:
    path = book[0]
    overdue = _q(path, "SELECT count(*) FROM contracts WHERE due_date < '2026-11-20'")[0][0]
    soon = _q(path, "SELECT count(*) FROM contracts WHERE due_date BETWEEN '2026-11-20' AND '2026-12-04'")[0][0]
    assert overdue >= 2 and soon >= 2  # as-of + 14 days = 2026-12-04
    for trade, due in _q(path, "SELECT trade_date, due_date FROM contracts"):
        assert trade < "2026-11-20" and due > trade
    # credit used = financing outstanding + short outstanding qty × trade price; some accounts ≥ 90% of the limit
    used = Counter()
    for a, kind, out_amt, out_qty, price in _q(
        path, "SELECT account_id, type, outstanding_amount, outstanding_quantity, trade_price FROM contracts"
    ):
        used[a] += out_amt if kind == "financing" else out_qty * price
    limits = dict(_q(path, "SELECT id, credit_limit FROM credit_accounts"))
    assert all(limits[a] > 0 for a in limits)
    assert sum(1 for a, u in used.items() if 10 * u >= 9 * limits[a]) >= 2


def test_clients_have_valid_ids_phones_and_profiles(book: tuple[Path, Database, DemoSummary]) -> None:
    path = book[0]
    rows = _q(path, "SELECT id_no, gender, birth_date, phone, risk_level, tier, email FROM clients")
    assert len({r[0] for r in rows}) == len({r[3] for r in rows}) == N
    for id_no, gender, birth, phone, level, tier, email in rows:
        info = parse_id_card(id_no)  # raises on a bad checksum or date
        assert (info.birth_date.isoformat(), info.gender) == (birth, gender)
        assert 1950 <= info.birth_date.year <= 2000
        assert is_mobile(phone)
        assert level in (3, 4, 5) and tier in ("普通", "高净值", "VIP")
        assert email is None or email.split("@")[1] in ("example.com", "example.net", "example.org")
    assert {level for *_, level, _t, _e in rows} == {3, 4, 5}
    below = _q(path, "SELECT count(*) FROM clients WHERE avg_assets_20d < 500000000")[0][0]  # ¥500,000 in li
    assert 0 < below < N // 2
    linked = _q(path, "SELECT count(*) FROM clients WHERE controller_id IS NOT NULL")[0][0]
    assert linked >= 2 and _q(path, "SELECT count(*) FROM client_links")[0][0] >= 2 * linked


def test_cases_in_every_status_with_their_events(book: tuple[Path, Database, DemoSummary]) -> None:
    path = book[0]
    cases = _q(path, "SELECT id, case_no, status, received_at, ack_due, respond_due FROM complaint_cases")
    assert {c[2] for c in cases} == set(CASE_STATUSES)
    events = defaultdict(list)
    for case_id, action, before, after in _q(
        path, "SELECT case_id, action, from_status, to_status FROM case_events ORDER BY at, id"
    ):
        events[case_id].append((action, before, after))
    per_year = defaultdict(list)
    for case_id, case_no, status, received, ack_due, respond_due in cases:
        chain = events[case_id]
        assert chain[0] == ("receive", None, "received")
        assert chain[-1][2] == status, case_no
        for (_a, _b, after), (_a2, before, _t) in pairwise(chain):
            assert before == after, (case_no, chain)  # each transition starts where the last one ended
        assert ack_due >= received[:10] and respond_due > ack_due
        per_year[case_no[2:6]].append(int(case_no[6:]))
        assert case_no[2:6] == received[:4]
    for numbers in per_year.values():
        assert sorted(numbers) == list(range(1, len(numbers) + 1))
    extended = _q(
        path,
        "SELECT extension_days, extension_approved_by, extension_reason FROM complaint_cases WHERE extension_days > 0",
    )
    assert all(days <= 15 and approver and reason for days, approver, reason in extended)


def test_callbacks_done_planned_overdue_and_cancelled(book: tuple[Path, Database, DemoSummary]) -> None:
    path = book[0]
    rows = _q(path, "SELECT status, due_date, done_at, channel, satisfaction, would_recommend, source FROM callbacks")
    states = Counter(
        "overdue" if s == "planned" and due < "2026-11-20" else "upcoming" if s == "planned" else s
        for s, due, *_ in rows
    )
    assert set(states) == {"done", "upcoming", "overdue", "cancelled"}
    done = [r for r in rows if r[0] == "done"]
    assert {r[3] for r in done} == set(CALLBACK_CHANNELS)
    assert all(r[2][:10] <= "2026-11-20" for r in done)
    assert all(r[4] is None or 1 <= r[4] <= 5 for r in done) and all(r[5] is None or 0 <= r[5] <= 10 for r in done)
    assert {r[6] for r in rows} == {"tier", "quota", "new_account", "after_warning", "after_complaint", "manual"}


def test_history_ends_at_the_figures_and_skips_non_trading_days(book: tuple[Path, Database, DemoSummary]) -> None:
    path, database, _summary = book
    with database.sessions() as s:
        cal = load_calendar(s)
    days = sorted({date.fromisoformat(d) for (d,) in _q(path, "SELECT DISTINCT as_of FROM ratio_history")})
    assert len(days) == 251 and days[-1] == AS_OF  # 250 trading days before the as-of date, and the as-of date
    assert all(cal.is_trading_day(d) for d in days)
    # The as-of row is the engine's: the same ratio as the account's figures.
    mismatched = _q(
        path,
        "SELECT count(*) FROM ratio_history h JOIN account_figures f ON f.account_id = h.account_id AND "
        "f.as_of = h.as_of WHERE h.maintenance_ratio IS NOT f.maintenance_ratio",
    )
    assert mismatched == [(0,)]
    # An account opened within the window has no history before it was opened.
    early = _q(
        path,
        "SELECT count(*) FROM ratio_history h JOIN credit_accounts a ON a.id = h.account_id "
        "WHERE h.as_of < a.opened_on",
    )
    assert early == [(0,)]


def test_demo_users_log_in_and_the_demo_is_audited(book: tuple[Path, Database, DemoSummary]) -> None:
    _path, database, summary = book
    assert [(u.username, u.role) for u in summary.users] == [
        ("admin", "admin"),
        ("zhuguan", "supervisor"),
        *[(f"rm0{i}", "rm") for i in range(1, 6)],
    ]
    with database.sessions() as s:
        assert auth.authenticate(s, "zhuguan", DEMO_PASSWORD).role == "supervisor"
        s.rollback()
        rm_clients = s.execute(select(Client.rm_id, func.count()).group_by(Client.rm_id)).all()
    assert len([r for r in rm_clients if r[0] is not None]) == 5
    audit = _q(book[0], "SELECT new FROM audit_log WHERE entity = 'demo' AND action = 'generate'")
    assert json.loads(audit[0][0])["clients"] == N


def test_a_database_with_clients_is_refused_untouched(book: tuple[Path, Database, DemoSummary]) -> None:
    _path, database, _summary = book
    with database.sessions() as s:
        with pytest.raises(DemoError) as err:
            generate(s, clients=50, seed=1, as_of=AS_OF)
        assert err.value.code == "demo.not_empty" and "300" in str(err.value)
        s.rollback()
        assert s.execute(select(func.count(Client.id))).scalar_one() == N


def test_too_few_clients_is_refused(tmp_path: Path) -> None:
    database = _new_db(tmp_path / "small.sqlite3")
    with database.sessions() as s, pytest.raises(DemoError) as err:
        generate(s, clients=10, as_of=AS_OF)
    assert err.value.code == "demo.bad_size"
    database.dispose()
