"""Money and fractions survive the database exactly: what goes in as Decimal comes out identical."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select
from sqlalchemy.orm import Session

from rmdesk import clock
from rmdesk.money import UnitError
from rmdesk.store.models import Client, Contract, CreditAccount, Security


def _book(session: Session, cash: Decimal, price: Decimal, rate: Decimal) -> int:
    now = clock.now()
    client = Client(client_no="C1", name="测试", created_at=now, updated_at=now)
    session.add(client)
    session.flush()
    sec = Security(code="600000.SH", name="示例", close=price, haircut=Decimal("0.65"))
    acct = CreditAccount(
        account_no="A1", client_id=client.id, cash=cash, credit_limit=Decimal("1000000"), financing_rate=rate
    )
    session.add_all([sec, acct])
    session.flush()
    session.add(
        Contract(
            contract_no="K1",
            account_id=acct.id,
            type="financing",
            security_id=sec.id,
            trade_date=date(2026, 1, 5),
            trade_price=price,
            trade_quantity=300,
            trade_amount=price * 300,
            outstanding_amount=Decimal("0.001"),
            due_date=date(2026, 7, 5),
            rate=rate,
            accrued_interest=Decimal("12.345"),
        )
    )
    session.commit()
    return acct.id


def test_round_trip_is_exact(session: Session) -> None:
    acct_id = _book(session, Decimal("1234567890123.456"), Decimal("12.345"), Decimal("0.0835"))
    session.expunge_all()
    acct = session.get(CreditAccount, acct_id)
    assert acct is not None
    assert acct.cash == Decimal("1234567890123.456")
    assert acct.financing_rate == Decimal("0.0835")
    contract = session.execute(select(Contract)).scalar_one()
    assert contract.trade_amount == Decimal("3703.500")
    assert contract.accrued_interest == Decimal("12.345")
    assert contract.outstanding_amount == Decimal("0.001")


def test_stored_as_integers_not_floats(session: Session) -> None:
    _book(session, Decimal("0.1"), Decimal("0.3"), Decimal("0.0001"))
    raw = session.connection().exec_driver_sql("SELECT cash, typeof(cash) FROM credit_accounts").one()
    assert tuple(raw) == (100, "integer")


def test_float_and_sub_li_amounts_are_refused(session: Session) -> None:
    now = clock.now()
    session.add(Client(client_no="C9", name="x", created_at=now, updated_at=now, avg_assets_20d=0.1))
    with pytest.raises(Exception, match="binary floats") as info:
        session.flush()
    assert isinstance(info.value.__cause__ or info.value, UnitError)
    session.rollback()
    session.add(Client(client_no="C9", name="x", created_at=now, updated_at=now, avg_assets_20d=Decimal("1.0001")))
    with pytest.raises(Exception, match="more than 3 decimals"):
        session.flush()


@given(st.decimals(min_value=Decimal("-1e15"), max_value=Decimal("1e15"), places=3, allow_nan=False))
def test_any_three_decimal_amount_round_trips(value: Decimal) -> None:
    from rmdesk.money import from_li, to_li

    assert from_li(to_li(value)) == value
