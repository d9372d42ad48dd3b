"""compute_columns (the store's and the risk scan's raw columns) holds exactly the figures compute() reports."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings

from rmdesk.services.figures import build_book, compute, compute_columns
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
