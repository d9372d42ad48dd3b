"""Column types that keep money and fractions exact (see rmdesk.money for the unit choice)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import BigInteger
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

from rmdesk.money import from_li, from_ppm, to_li, to_ppm


class Money(TypeDecorator[Decimal]):
    """Yuan as Decimal in Python, whole li (0.001 yuan) as BIGINT in the database."""

    impl = BigInteger
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> int | None:
        return None if value is None else to_li(value)

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        return None if value is None else from_li(int(value))


class Fraction6(TypeDecorator[Decimal]):
    """A fraction (rate, haircut, line, share) as Decimal in Python, millionths as BIGINT in the database."""

    impl = BigInteger
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> int | None:
        return None if value is None else to_ppm(value)

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        return None if value is None else from_ppm(int(value))
