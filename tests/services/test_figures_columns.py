"""compute_columns (the store's and the risk scan's raw columns) holds exactly the figures compute() reports."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rmdesk.services.figures import (
    AccountInput,
    ContractInput,
    SecurityInput,
    build_book,
    compute,
    compute_columns,
)
from rmdesk.services.figures_store import STORED, figures_to_columns
from rmdesk.services.policy import Policy
from tests.services.test_figures_reference import AS_OF, books


def check(book_parts: tuple[list[Any], ...]) -> None:
    book = build_book(*book_parts)
    policy = Policy()
    columns = compute_columns(book, policy, AS_OF)
    assert set(columns) == set(STORED)
    assert columns == figures_to_columns(compute(book, policy, AS_OF))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(books())
def test_raw_columns_are_the_reported_figures(book_parts: tuple[list[Any], ...]) -> None:
    check(book_parts)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(books(huge=True))
def test_raw_columns_of_huge_books_are_the_reported_figures(book_parts: tuple[list[Any], ...]) -> None:
    """Accounts beyond the int64 path (Python ints) give the same raw columns as their Figures."""
    check(book_parts)


def test_an_empty_book_has_every_column_and_no_rows() -> None:
    columns = compute_columns(build_book([], []), Policy(), AS_OF)
    assert columns == {name: [] for name in STORED}


def test_a_ratio_beyond_int64_in_ppm_stays_exact() -> None:
    # ¥100 bn cash against one short share owed at ¥0.001: ratio = 1e14 li / 1 li = 1e14 = 1e20 ppm (> 2**63)
    securities = [SecurityInput(1, "600000.SH", Decimal("0.001"), Decimal("0.65"))]
    accounts = [AccountInput(1, "A1", Decimal("100000000000"))]
    short = ContractInput(
        1, 1, "short", date(2026, 6, 1), Decimal("0.001"), 1, Decimal("0.001"), None, 1, date(2026, 12, 1)
    )
    book = build_book(accounts, securities, [], [short])
    columns = compute_columns(book, Policy(), AS_OF)
    assert columns["maintenance_ratio"] == [10**20]
    assert columns == figures_to_columns(compute(book, Policy(), AS_OF))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(books(), st.randoms(use_true_random=False))
def test_the_order_of_positions_and_contracts_does_not_matter(book_parts: tuple[list[Any], ...], rnd: Any) -> None:
    """Rows in any order (the store keeps positions in key order; an import may not) give the same columns."""
    accounts, securities, positions, contracts = book_parts
    shuffled_positions, shuffled_contracts = list(positions), list(contracts)
    rnd.shuffle(shuffled_positions)
    rnd.shuffle(shuffled_contracts)
    policy = Policy()
    assert compute_columns(build_book(accounts, securities, shuffled_positions, shuffled_contracts), policy, AS_OF) == (
        compute_columns(build_book(accounts, securities, sorted_positions(positions), contracts), policy, AS_OF)
    )


def sorted_positions(positions: list[Any]) -> list[Any]:
    return sorted(positions, key=lambda p: (p.account_id, p.security_id))
