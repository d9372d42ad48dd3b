"""Figures over many days: the latest row per account (figures_as_of pointer, day walk), levels_before, series.

account_figures and ratio_history are keyed (as_of, account_id); each account's latest figures are reached
through credit_accounts.figures_as_of and earlier days by walking the days back. Every expectation here is the
plain definition ("the row with the greatest as_of on or before the day") computed from what the test wrote.
The same tests run on SQLite and on PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal as D

import pytest
from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from rmdesk import clock
from rmdesk.services.documents_bulk import ratio_series_many
from rmdesk.services.figures import (
    Figures,
    compute,
    day_columns,
    load_book,
    ratio_series,
    read_day,
    read_figures,
    store_figures,
)
from rmdesk.services.figures_store import levels_before
from rmdesk.services.policy import Policy
from rmdesk.store.db import Database
from rmdesk.store.models import AccountFigures, Client, CreditAccount, RatioHistory

DAYS = [date(2026, 10, 1) + timedelta(days=k) for k in range(12)]  # D0 … D11
LEVELS = ("normal", "warning", "closeout", "emergency")


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database(request: pytest.FixtureRequest) -> Iterator[Database]:
    yield request.getfixturevalue("db" if request.param == "sqlite" else "pg_db")


def make_accounts(session: Session, n: int) -> list[int]:
    """n clients with one empty credit account each, account numbers A0000… in creation order; their ids."""
    now = clock.now()
    session.execute(
        insert(Client),
        [{"client_no": f"C{i:04d}", "name": f"客户{i}", "created_at": now, "updated_at": now} for i in range(n)],
    )
    clients = {no: i for no, i in session.execute(select(Client.client_no, Client.id))}
    session.execute(
        insert(CreditAccount),
        [{"account_no": f"A{i:04d}", "client_id": clients[f"C{i:04d}"], "cash": D(0)} for i in range(n)],
    )
    session.commit()
    return [i for (i,) in session.execute(select(CreditAccount.id).order_by(CreditAccount.account_no))]


def templates(session: Session, ids: list[int]) -> list[Figures]:
    """The engine's figures of the (empty) accounts, to be stored with a day, a cash and a level of our choosing."""
    return compute(load_book(session, ids), Policy(), DAYS[0])


def on_day(template: Figures, i: int, k: int, cash_offset: int = 0) -> Figures:
    """Account i's figures on day k: cash k·100,000 + i (+ offset) yuan names the row; level cycles with i + k."""
    return replace(template, as_of=DAYS[k], cash=D(k * 100_000 + i + cash_offset), level=LEVELS[(i + k) % 4])


def latest(written: dict[int, set[int]], i: int, k: int, *, strictly: bool = False) -> int | None:
    """The definition: the greatest day index of account i on or before (strictly: before) day k."""
    days = [d for d in written[i] if d < k or (d == k and not strictly)]
    return max(days) if days else None


def test_latest_figures_on_any_day_and_levels_before_over_a_thousand_accounts(database: Database) -> None:
    """1,000 accounts written on different days: more than one IN list, more days back than the walk takes."""
    n = 1_000
    with database.sessions() as s:
        ids = make_accounts(s, n)
        base = templates(s, ids)
    # A (i % 10 == 0): every day; B (1…7): D0–D2 and D11 only; C (8, 9): D3–D10, not on the latest day;
    # the last 10 accounts: never computed
    written: dict[int, set[int]] = {}
    for i in range(n):
        group = i % 10
        if i >= n - 10:
            written[i] = set()
        elif group == 0:
            written[i] = set(range(12))
        elif group <= 7:
            written[i] = {0, 1, 2, 11}
        else:
            written[i] = set(range(3, 11))
    with database.sessions.begin() as s:
        for k in range(12):
            store_figures(s, [on_day(base[i], i, k) for i in range(n) if k in written[i]])
    with database.sessions() as s:
        pointers = {a: d for a, d in s.execute(select(CreditAccount.id, CreditAccount.figures_as_of))}
        assert [pointers[ids[i]] for i in (0, 1, 8, n - 1)] == [DAYS[11], DAYS[11], DAYS[10], None]
        for k in [None, *range(-1, 12)]:
            day = None if k is None else DAYS[0] - timedelta(days=1) if k == -1 else DAYS[k]
            upto = 11 if k is None else k
            expected = [
                (f"A{i:04d}", DAYS[d], D(d * 100_000 + i), LEVELS[(i + d) % 4])
                for i in range(n)
                if (d := latest(written, i, upto)) is not None
            ]
            got = [(f.account_no, f.as_of, f.cash, f.level) for f in read_figures(s, day)]
            assert got == expected, f"read_figures as of {day}"
            if day is not None:  # the risk scan's raw read: the same rows, the same raw values
                raw, want = read_day(s, day), day_columns(read_figures(s, day))
                assert (raw.columns, raw.account_no, raw.client_id, raw.client_no) == (
                    want.columns,
                    want.account_no,
                    want.client_id,
                    want.client_no,
                ), f"read_day as of {day}"
                assert [
                    (no, d, c // 1000)
                    for no, d, c in zip(raw.account_no, raw.columns["as_of"], raw.columns["cash"], strict=True)
                ] == [(no, d, cash) for no, d, cash, _ in expected]
            if day is not None:
                before = {
                    ids[i]: LEVELS[(i + d) % 4]
                    for i in range(n)
                    if (d := latest(written, i, k, strictly=True)) is not None
                }
                assert levels_before(s, day) == before, f"levels_before {day}"
        # whole figures round-trip, and a subset of accounts (one IN list, and more than one)
        some = [ids[i] for i in (0, 1, 8, 999)]
        assert read_figures(s, DAYS[10], some) == [
            on_day(base[0], 0, 10),
            on_day(base[1], 1, 2),
            on_day(base[8], 8, 10),
        ]
        many = ids[:600]
        assert [f.account_id for f in read_figures(s, DAYS[5], many)] == [
            ids[i] for i in range(600) if latest(written, i, 5) is not None
        ]
        assert levels_before(s, DAYS[11], [ids[1], ids[8]]) == {
            ids[1]: LEVELS[(1 + 2) % 4],
            ids[8]: LEVELS[(8 + 10) % 4],
        }


def test_the_pointer_follows_the_latest_day_and_never_moves_back(database: Database) -> None:
    with database.sessions() as s:
        ids = make_accounts(s, 3)
        base = templates(s, ids)

    def pointers() -> list[date | None]:
        with database.sessions() as s:
            found = {a: d for a, d in s.execute(select(CreditAccount.id, CreditAccount.figures_as_of))}
            return [found[i] for i in ids]

    def counts() -> tuple[int, int]:
        with database.sessions() as s:
            figures = s.scalar(select(func.count()).select_from(AccountFigures))
            history = s.scalar(select(func.count()).select_from(RatioHistory))
            return int(figures or 0), int(history or 0)

    assert pointers() == [None, None, None]
    with database.sessions.begin() as s:
        store_figures(s, [on_day(base[i], i, 2) for i in range(3)])
    assert pointers() == [DAYS[2]] * 3
    with database.sessions.begin() as s:  # the same day again, account 0 changed: replaced in place
        store_figures(s, [on_day(base[0], 0, 2, cash_offset=7), *(on_day(base[i], i, 2) for i in (1, 2))])
    assert pointers() == [DAYS[2]] * 3 and counts() == (3, 3)
    with database.sessions.begin() as s:  # an older day computed afterwards: the pointer stays on day 2
        store_figures(s, [on_day(base[0], 0, 1)])
    assert pointers() == [DAYS[2]] * 3 and counts() == (4, 4)
    with database.sessions.begin() as s:  # only account 1 on day 3: the others keep their day-2 figures
        store_figures(s, [on_day(base[1], 1, 3)])
    assert pointers() == [DAYS[2], DAYS[3], DAYS[2]]
    with database.sessions() as s:
        # day 2's cash of account 0 is 2·100,000 + 0 + 7 = 200,007 after the rewrite
        assert [(f.account_no, f.as_of, f.cash) for f in read_figures(s)] == [
            ("A0000", DAYS[2], D(200_007)),
            ("A0001", DAYS[3], D(300_001)),
            ("A0002", DAYS[2], D(200_002)),
        ]
        assert read_figures(s, DAYS[1]) == [on_day(base[0], 0, 1)]  # nobody else has figures that early
        assert levels_before(s, DAYS[3]) == {ids[0]: LEVELS[2], ids[1]: LEVELS[3], ids[2]: LEVELS[0]}  # (i + 2) % 4


def test_ratio_series_over_gaps_one_account_and_many(database: Database) -> None:
    with database.sessions() as s:
        ids = make_accounts(s, 3)
        base = templates(s, ids)
    a_days, b_days = (0, 2, 5), (1, 2, 3, 6)  # account c: no history at all

    def point(i: int, k: int) -> Figures:
        ratio = None if (i, k) == (1, 3) else D(f"1.{k}{i}05")  # 1.k i 0 5: a distinct ratio per row; one None
        return replace(on_day(base[i], i, k), maintenance_ratio=ratio)

    with database.sessions.begin() as s:
        for k in range(7):
            store_figures(s, [point(i, k) for i, days in ((0, a_days), (1, b_days)) if k in days])
    a, b, c = ids
    with database.sessions() as s:
        # a has rows on D0, D2, D5: within [D1, D5] (both ends included) that is D2 and D5
        assert ratio_series(s, a, DAYS[1], DAYS[5]) == [
            (DAYS[2], D("1.2005"), "closeout"),
            (DAYS[5], D("1.5005"), "warning"),
        ]
        assert ratio_series(s, a, DAYS[3], DAYS[4]) == []  # b has D3, a has nothing in between
        assert ratio_series(s, a, DAYS[6], DAYS[1]) == []  # start after end
        assert ratio_series(s, b, DAYS[0], DAYS[11]) == [
            (DAYS[1], D("1.1105"), "closeout"),  # level index (1 + 1) % 4 = 2
            (DAYS[2], D("1.2105"), "emergency"),
            (DAYS[3], None, "normal"),
            (DAYS[6], D("1.6105"), "emergency"),
        ]
        many = ratio_series_many(s, [a, b, c], DAYS[1], DAYS[6])
        assert many == {a: ratio_series(s, a, DAYS[1], DAYS[6]), b: ratio_series(s, b, DAYS[1], DAYS[6]), c: []}
        assert [d for d, _r, _l in many[a]] == [DAYS[2], DAYS[5]]
        assert [d for d, _r, _l in many[b]] == [DAYS[1], DAYS[2], DAYS[3], DAYS[6]]
