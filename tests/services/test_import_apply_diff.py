"""The import's diff of positions and contracts (SPEC §7: the listed accounts' state becomes the files'):
the pure diff helpers against a naive comparison by key, and the stored tables after apply against the
incoming sets, on a real SQLite book with 6 accounts (all, most or few of them listed)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rmdesk.services.audit import SYSTEM
from rmdesk.services.importing import apply_book, import_day
from rmdesk.services.importing.apply_book import SHIFT, BookIds
from rmdesk.services.importing.diff import diff_keys, diff_rows
from rmdesk.services.importing.report import FileRows
from rmdesk.services.importing.write import Writer
from rmdesk.store.db import Database
from tests.services.import_files import Table, valid_day, write_day

ACCOUNTS = [f"A00{i}" for i in range(1, 7)]
CODES = [f"60000{i}.SH" for i in range(6)]
AS_OF = date(2026, 11, 20)
# Quantities a file or a stored row may hold, with the extremes of BIGINT (and a negative one, which only a
# damaged book could hold) that cannot be packed with an account and a security into one 63-bit integer.
QUANTITY = st.one_of(st.integers(0, 5_000), st.sampled_from([0, 2**40, 2**62, 2**63 - 1]))
STORED_QUANTITY = st.one_of(QUANTITY, st.just(-1))

# ---- the pure helpers ----------------------------------------------------------------------------------------


def _naive(old: dict[Any, Any], new: dict[Any, Any]) -> tuple[set[Any], set[Any], set[Any]]:
    """Added, changed and removed keys by plain dictionary comparison."""
    return (
        {k for k in new if k not in old},
        {k for k in new if k in old and old[k] != new[k]},
        {k for k in old if k not in new},
    )


PAIRS = st.tuples(st.sampled_from(range(1, 7)), st.sampled_from(range(1, 7)))


@settings(max_examples=200, deadline=None)
@given(old=st.dictionaries(PAIRS, STORED_QUANTITY), new=st.dictionaries(PAIRS, QUANTITY), data=st.data())
def test_diff_keys_is_the_naive_comparison(old: dict[Any, int], new: dict[Any, int], data: st.DataObject) -> None:
    old_items = data.draw(st.permutations(sorted(old.items())))
    new_items = data.draw(st.permutations(sorted(new.items())))

    def arrays(items: list[Any]) -> tuple[np.ndarray, np.ndarray]:
        keys = np.array([a * SHIFT + s for (a, s), _ in items], dtype=np.int64)
        return keys, np.array([q for _, q in items], dtype=np.int64)

    old_keys, old_qty = arrays(old_items)
    new_keys, new_qty = arrays(new_items)
    d = diff_keys(old_keys, old_qty, new_keys, new_qty)
    added, changed, removed = _naive(old, new)
    assert {new_items[i][0] for i in d.added} == added and len(d.added) == len(added)
    assert {new_items[i][0] for i in d.changed} == changed and len(d.changed) == len(changed)
    assert {old_items[i][0] for i in d.removed} == removed and len(d.removed) == len(removed)


def test_diff_keys_refuses_duplicate_keys() -> None:
    one = np.array([5], dtype=np.int64)
    two = np.array([5, 5], dtype=np.int64)
    with pytest.raises(ValueError, match="duplicate"):
        diff_keys(one, one, two, two)
    with pytest.raises(ValueError, match="duplicate"):
        diff_keys(two, two, one, one)


CELL = st.one_of(st.none(), st.integers(-3, 3), st.sampled_from(["x", "y", "2026-11-20"]))
ROWS = st.dictionaries(st.sampled_from(["K1", "K2", "K3", "K4", "K5"]), st.tuples(CELL, CELL, CELL))


@settings(max_examples=200, deadline=None)
@given(old=ROWS, new=ROWS, data=st.data())
def test_diff_rows_is_the_naive_comparison(
    old: dict[str, tuple[Any, ...]], new: dict[str, tuple[Any, ...]], data: st.DataObject
) -> None:
    old_rows = [(k, *v) for k, v in data.draw(st.permutations(sorted(old.items())))]
    new_rows = [(k, *v) for k, v in data.draw(st.permutations(sorted(new.items())))]
    d = diff_rows(old_rows, new_rows)
    added, changed, removed = _naive(old, new)
    # in the incoming order (inserts get their ids in file order), removals in the stored order
    assert d.added == [r for r in new_rows if r[0] in added]
    assert d.changed == [((r[0], *old[r[0]]), r) for r in new_rows if r[0] in changed]
    assert d.removed == [r[0] for r in old_rows if r[0] in removed]


def test_diff_rows_refuses_duplicate_keys() -> None:
    with pytest.raises(ValueError, match="duplicate"):
        diff_rows([("K1", 1)], [("K1", 1), ("K1", 2)])
    with pytest.raises(ValueError, match="duplicate"):
        diff_rows([("K1", 1), ("K1", 2)], [("K1", 1)])


# ---- on a stored book --------------------------------------------------------------------------------------


def master_day() -> dict[str, Table]:
    """6 securities, 6 clients and their 6 accounts; no positions or contracts."""
    day = valid_day()
    return {
        "securities": [
            day["securities"][0],
            *([code, f"证券{i}", "stock", "10.000", "0.50", "Y", "Y", "N", "N"] for i, code in enumerate(CODES)),
        ],
        "clients": [
            day["clients"][0],
            *([f"C00{i}", f"客户{i}", "身份证", "", "", "", "", "普通投资者", "普通", "", "", ""] for i in range(1, 7)),
        ],
        "accounts": [
            day["accounts"][0],
            *(
                [f"A00{i}", f"C00{i}", "1000", "100000", "8.35%", "10.35%", "2021-04-12", "", "", ""]
                for i in range(1, 7)
            ),
        ],
    }


@pytest.fixture
def book(db: Database, tmp_path: Path) -> Iterator[Database]:
    with db.sessions() as s:
        report = import_day(s, write_day(tmp_path / "master", master_day()), AS_OF, SYSTEM)
        assert report.applied, [i.line("en") for i in report.issues]
        s.commit()
    yield db


def _listed(accounts: list[str]) -> FileRows:
    return FileRows("accounts.csv", pd.DataFrame({"account_no": accounts}, dtype=object), frozenset())


@st.composite
def position_days(draw: st.DrawFn) -> tuple[dict[Any, int], list[str], list[tuple[str, str, int]]]:
    """Stored positions of any accounts; the listed accounts; the file: kept, changed, dropped and new holdings
    of the listed accounts (the same security held in several accounts), in file order or shuffled."""
    keys = st.tuples(st.sampled_from(ACCOUNTS), st.sampled_from(CODES))
    stored = draw(st.dictionaries(keys, STORED_QUANTITY, max_size=30))
    listed = sorted(draw(st.sets(st.sampled_from(ACCOUNTS), min_size=1)))
    incoming: dict[tuple[str, str], int] = {}
    for key, quantity in stored.items():
        if key[0] in listed:
            fate = draw(st.sampled_from(["keep", "change", "drop"]))
            if fate != "drop":
                incoming[key] = quantity if fate == "keep" and quantity >= 0 else draw(QUANTITY)
    extra = st.tuples(st.sampled_from(listed), st.sampled_from(CODES))
    for key, quantity in draw(st.dictionaries(extra, QUANTITY, max_size=12)).items():
        incoming.setdefault(key, quantity)
    rows = [(a, c, q) for (a, c), q in sorted(incoming.items())]
    if draw(st.booleans()):
        rows = draw(st.permutations(rows))
    return stored, listed, rows


def _positions(w: Writer) -> dict[tuple[str, str], tuple[int, int]]:
    rows = w.fetch(
        "SELECT a.account_no, s.code, p.quantity, p.id FROM positions p"
        " JOIN credit_accounts a ON a.id = p.account_id JOIN securities s ON s.id = p.security_id"
    )
    return {(a, c): (q, pid) for a, c, q, pid in rows}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(day=position_days())
def test_positions_become_the_files_and_unchanged_rows_keep_their_ids(
    book: Database, day: tuple[dict[Any, int], list[str], list[tuple[str, str, int]]]
) -> None:
    stored, listed, rows = day
    with book.sessions() as s:  # rolled back: every example starts from the bare master data
        w = Writer(s.connection())
        ids = BookIds.read(w, None)
        w.insert(
            "positions",
            ["account_id", "security_id", "quantity"],
            [(ids.accounts[a], ids.securities[c], q) for (a, c), q in stored.items()],
        )
        before = _positions(w)
        frame = pd.DataFrame(rows, columns=["account_no", "code", "quantity"], dtype=object)
        counts = apply_book.positions(
            w, FileRows("positions.csv", frame, frozenset()), BookIds.read(w, _listed(listed))
        )
        after = _positions(w)
        s.rollback()
    incoming = {(a, c): q for a, c, q in rows}
    expected = {k: q for k, q in stored.items() if k[0] not in listed} | incoming
    assert {k: q for k, (q, _) in after.items()} == expected
    mine = {k: q for k, q in stored.items() if k[0] in listed}
    added, changed, removed = _naive(mine, incoming)
    assert counts == {
        "positions": len(rows),
        "positions_new": len(added),
        "positions_updated": len(changed),
        "positions_removed": len(removed),
    }
    # a holding still there is the same row (updated in place), whatever happened around it
    assert all(after[k][1] == before[k][1] for k in after if k in before)


NUMBERS = [f"RZ{i:03d}" for i in range(1, 9)]
DAYS = st.dates(date(2025, 1, 1), date(2027, 12, 31))
AMOUNT = st.integers(0, 10**12)


@st.composite
def contract_row(draw: st.DrawFn, accounts: list[str]) -> tuple[Any, ...]:
    """(account_no, type, code, trade_date, trade_price, trade_quantity, trade_amount, outstanding_amount,
    outstanding_quantity, due_date, rate, accrued_interest) as validation hands a contract on."""
    return (
        draw(st.sampled_from(accounts)),
        draw(st.sampled_from(["financing", "short"])),
        draw(st.sampled_from(CODES)),
        draw(DAYS),
        *draw(st.tuples(AMOUNT, AMOUNT, AMOUNT, st.none() | AMOUNT, st.none() | AMOUNT)),
        draw(DAYS),
        draw(st.none() | st.integers(0, 200_000)),
        draw(AMOUNT),
    )


def contract_rows(numbers: list[str], accounts: list[str]) -> st.SearchStrategy[dict[str, tuple[Any, ...]]]:
    """Contracts by number (some of ``numbers``) of ``accounts``."""
    if not numbers:
        return st.just({})
    return st.dictionaries(st.sampled_from(numbers), contract_row(accounts))


@st.composite
def contract_days(draw: st.DrawFn) -> tuple[dict[str, tuple[Any, ...]], list[str], dict[str, tuple[Any, ...]]]:
    """Stored contracts; the listed accounts; the file's contracts of them: kept, with some columns changed
    (any mix of them), repaid (gone) or new. A number stored for an unlisted account is never in the file."""
    stored = draw(contract_rows(NUMBERS, ACCOUNTS))
    listed = sorted(draw(st.sets(st.sampled_from(ACCOUNTS), min_size=1)))
    elsewhere = {no for no, row in stored.items() if row[0] not in listed}
    incoming: dict[str, tuple[Any, ...]] = {}
    for no, row in stored.items():
        if row[0] in listed and draw(st.booleans()):
            other = draw(contract_row(listed))
            mask = draw(st.lists(st.booleans(), min_size=len(row), max_size=len(row)))
            incoming[no] = tuple(o if m else r for r, o, m in zip(row, other, mask, strict=True))
    free = [no for no in NUMBERS if no not in elsewhere and no not in stored]
    incoming |= draw(contract_rows(free, listed))
    return stored, listed, incoming


def _contracts(w: Writer) -> dict[str, tuple[Any, ...]]:
    cols = ", ".join(f"c.{c}" for c in apply_book.CONTRACT_COLUMNS[3:])
    rows = w.fetch(
        f"SELECT c.contract_no, a.account_no, c.type, s.code, {cols} FROM contracts c"
        " JOIN credit_accounts a ON a.id = c.account_id JOIN securities s ON s.id = c.security_id"
    )
    return {r[0]: tuple(w.from_day(v) if i in (3, 9) else v for i, v in enumerate(r[1:])) for r in rows}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(day=contract_days())
def test_contracts_become_the_files(
    book: Database, day: tuple[dict[str, tuple[Any, ...]], list[str], dict[str, tuple[Any, ...]]]
) -> None:
    stored, listed, incoming = day
    names = ["contract_no", "account_no", "type", "code", *apply_book.CONTRACT_COLUMNS[3:]]
    with book.sessions() as s:
        w = Writer(s.connection())
        ids = BookIds.read(w, None)
        w.insert(
            "contracts",
            ("contract_no", *apply_book.CONTRACT_COLUMNS),
            [
                (no, ids.accounts[r[0]], r[1], ids.securities[r[2]], w.day()(r[3]), *r[4:9], w.day()(r[9]), *r[10:])
                for no, r in stored.items()
            ],
        )
        frame = pd.DataFrame([(no, *r) for no, r in incoming.items()], columns=names, dtype=object)
        counts = apply_book.contracts(
            w, FileRows("contracts.csv", frame, frozenset()), BookIds.read(w, _listed(listed))
        )
        after = _contracts(w)
        s.rollback()
    assert after == {no: r for no, r in stored.items() if r[0] not in listed} | incoming
    mine = {no: r for no, r in stored.items() if r[0] in listed}
    added, changed, removed = _naive(mine, incoming)
    assert counts == {
        "contracts": len(incoming),
        "contracts_new": len(added),
        "contracts_updated": len(changed),
        "contracts_removed": len(removed),
    }
