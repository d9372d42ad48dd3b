"""A rescan that finds nothing new writes nothing: no warning rows, no events, no audit records, versions alone
(an RM's open editor sees no conflict); on a new day only last_seen_as_of moves. Run on SQLite and PostgreSQL."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import event, func, select
from sqlalchemy.orm import Session

from rmdesk.services import risk
from rmdesk.store.db import Database
from rmdesk.store.models import AuditRecord, CreditAccount, RiskWarning, WarningEvent
from tests.services.book_factory import AccountSpec, Deal, account, security

DAY1, DAY2 = date(2026, 11, 19), date(2026, 11, 20)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database(request: pytest.FixtureRequest) -> Iterator[Database]:
    yield request.getfixturevalue("db" if request.param == "sqlite" else "pg_db")


def _book(session: Session) -> int:
    """(3,999 + 10,000) / 10,000 = 1.3999 < 1.40: a ratio warning; client level C3 < C4: suitability;
    10,000 used of a 10,500 line = 95% ≥ 90%: credit limit. The contract is due far away."""
    security(session, "600000.SH", "10.000")
    security(session, "000001.SZ", "20.000")
    spec = AccountSpec(
        "A1",
        cash="3999",
        positions=[("600000.SH", 500), ("000001.SZ", 250)],
        deals=[Deal("600000.SH", 1000, "10000", due_date=date(2027, 3, 1))],
        risk_level=3,
        credit_limit="10500",
    )
    return account(session, spec).id


def _warnings(session: Session) -> list[tuple[Any, ...]]:
    rows = session.execute(
        select(
            RiskWarning.kind, RiskWarning.status, RiskWarning.detail, RiskWarning.version, RiskWarning.last_seen_as_of
        ).order_by(RiskWarning.id)
    ).all()
    return [tuple(r) for r in rows]


def _count(session: Session, model: Any) -> int:
    return session.scalar(select(func.count()).select_from(model)) or 0


class Writes:
    """The INSERT/UPDATE/DELETE statements the database receives for the warning tables and the audit log."""

    def __init__(self, database: Database) -> None:
        self.statements: list[str] = []
        event.listen(database.engine, "before_cursor_execute", self._seen)

    def _seen(self, conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if re.match(r"\s*(INSERT|UPDATE|DELETE)\b.*\b(warnings|warning_events|audit_log)\b", statement, re.I | re.S):
            self.statements.append(" ".join(statement.split()))

    def take(self) -> list[str]:
        out, self.statements = self.statements, []
        return out


def test_a_rescan_that_finds_nothing_new_writes_nothing(database: Database) -> None:
    with database.sessions.begin() as s:
        _book(s)
    with database.sessions.begin() as s:
        risk.refresh(s, DAY1)
    with database.sessions() as s:
        first = _warnings(s)
        events, audits = _count(s, WarningEvent), _count(s, AuditRecord)
    assert [(k, st, v, seen) for k, st, _, v, seen in first] == [
        ("ratio_warning", "open", 1, DAY1),
        ("suitability", "open", 1, DAY1),
        ("credit_limit", "open", 1, DAY1),
    ]
    writes = Writes(database)

    with database.sessions.begin() as s:
        result = risk.refresh(s, DAY1)  # the same day again
    assert result.changes == ()
    assert writes.take() == []
    with database.sessions.begin() as s:
        result = risk.scan(s, DAY1)  # a scan of the stored figures (read back) finds the same
    assert result.accounts == 1 and result.changes == ()
    assert writes.take() == []
    with database.sessions() as s:
        assert _warnings(s) == first
        assert (_count(s, WarningEvent), _count(s, AuditRecord)) == (events, audits)

    with database.sessions.begin() as s:
        result = risk.refresh(s, DAY2)  # a new day, nothing moved: the warnings were seen again, nothing else
    assert result.changes == ()
    statements = writes.take()
    assert statements and all(
        re.match(r"UPDATE warnings SET last_seen_as_of=\S+ WHERE warnings\.id IN", st) for st in statements
    )
    with database.sessions() as s:
        assert _warnings(s) == [(k, st, d, v, DAY2) for k, st, d, v, _ in first]
        assert (_count(s, WarningEvent), _count(s, AuditRecord)) == (events, audits)


def test_a_changed_detail_is_written_with_a_new_version(database: Database) -> None:
    with database.sessions.begin() as s:
        acct_id = _book(s)
    with database.sessions.begin() as s:
        risk.refresh(s, DAY1)
    with database.sessions.begin() as s:
        s.get(CreditAccount, acct_id).cash = Decimal("3500")  # type: ignore[union-attr]  # 1.3500: still a warning
    with database.sessions.begin() as s:
        result = risk.refresh(s, DAY2)
    assert result.changes == ()  # the same warnings stay open; only the ratio in one of them moved
    with database.sessions() as s:
        by_kind = {k: (d, v, seen) for k, _, d, v, seen in _warnings(s)}
        assert by_kind["ratio_warning"] == ('{"ratio": "1.3500", "level": "warning"}', 2, DAY2)
        assert by_kind["suitability"][1:] == (1, DAY2)  # unchanged: same version, seen today
        assert _count(s, WarningEvent) == 3  # the three raises; a new ratio is no event
