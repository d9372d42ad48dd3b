"""What the import needs to know of the stored book, read in bulk as raw integers (li, ppm).

Validation resolves references against the batch AND these rows; apply re-reads them in its own transaction.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date
from typing import Any, NamedTuple

from sqlalchemy import BigInteger, select, type_coerce
from sqlalchemy.orm import Session

from rmdesk.services.in_lists import chunks
from rmdesk.store.models import Client, Contract, User


def raw(col: Any) -> Any:
    """A Money/Fraction6 column read as its stored integer (li / ppm) instead of a Decimal."""
    return type_coerce(col, BigInteger)


def fetch_raw(session: Session, sql: str) -> list[tuple[Any, ...]]:
    """Rows of a fixed SELECT straight from the driver's cursor (text and integer columns only)."""
    cursor = session.connection().connection.cursor()
    try:
        cursor.execute(sql)
        return list(cursor.fetchall())
    finally:
        cursor.close()


def fetch(session: Session, stmt: Any) -> list[tuple[Any, ...]]:
    """All rows of a Core select as plain tuples (no ORM row processing: these reads are 100,000s of rows)."""
    return [tuple(r) for r in session.connection().execute(stmt).fetchall()]


SECURITY_FIELDS = ("name", "kind", "close", "haircut", "marginable", "shortable", "st", "index_member", "price_as_of")


class StoredSecurity(NamedTuple):
    id: int
    name: str
    kind: str
    close: int
    haircut: int
    marginable: bool
    shortable: bool
    st: bool
    index_member: bool
    price_as_of: date | None


def securities(session: Session) -> dict[str, StoredSecurity]:
    """Every stored security by code (read straight from the driver; flags as bool, the day as a date)."""
    rows = fetch_raw(
        session,
        "SELECT code, id, name, kind, close, haircut, marginable, shortable, st, index_member, price_as_of"
        " FROM securities",
    )
    days: dict[Any, date | None] = {}
    out: dict[str, StoredSecurity] = {}
    for code, sid, name, kind, close, haircut, marginable, shortable, st, index_member, day in rows:
        if day not in days:
            days[day] = as_date(day)
        flags = (bool(marginable), bool(shortable), bool(st), bool(index_member))
        out[code] = StoredSecurity(sid, name, kind, close, haircut, *flags, days[day])
    return out


class StoredAccount(NamedTuple):
    """A stored account as validation needs it (a tuple: 20,000 of them are built per import)."""

    id: int
    client_id: int
    state_as_of: date | None
    warning_line: int | None
    closeout_line: int | None
    target_line: int | None


def as_date(value: Any) -> date | None:
    """A DATE column as the driver returns it (ISO text on SQLite, a date elsewhere) → date."""
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def accounts(session: Session) -> dict[str, StoredAccount]:
    """Every stored account by number (read straight from the driver: the book has 20,000 of them)."""
    rows = fetch_raw(
        session,
        "SELECT account_no, id, client_id, state_as_of, warning_line, closeout_line, target_line FROM credit_accounts",
    )
    if not rows:
        return {}
    nos, ids, clients, days, warning, closeout, target = zip(*rows, strict=True)
    day_of = {day: as_date(day) for day in set(days)}  # a handful of distinct days
    stored = map(StoredAccount, ids, clients, map(day_of.__getitem__, days), warning, closeout, target)
    return dict(zip(nos, stored, strict=True))


def client_ids(session: Session) -> dict[str, int]:
    return dict(fetch_raw(session, "SELECT client_no, id FROM clients"))


def client_id_types(session: Session, numbers: Collection[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for part in chunks(sorted(numbers)):
        rows = fetch(session, select(Client.client_no, Client.id_type).where(Client.client_no.in_(part)))
        out.update((no, kind) for no, kind in rows)
    return out


def id_cards(session: Session) -> dict[str, tuple[date | None, str]]:
    """Stored 身份证 numbers with the birth date and gender derived from them (read straight from the driver)."""
    rows = fetch_raw(
        session,
        "SELECT id_no, birth_date, gender FROM clients WHERE id_type = '身份证' AND id_no IS NOT NULL"
        " AND birth_date IS NOT NULL AND gender IS NOT NULL",
    )
    if not rows:
        return {}
    nos, days, genders = zip(*rows, strict=True)
    day_of = {day: as_date(day) for day in set(days)}
    return dict(zip(nos, zip(map(day_of.__getitem__, days), genders, strict=True), strict=True))


def contract_accounts(session: Session, account_ids: Sequence[int]) -> dict[str, int]:
    """Stored contract number → account id, for the contracts of these accounts."""
    out: dict[str, int] = {}
    for part in chunks(account_ids):
        rows = fetch(session, select(Contract.contract_no, Contract.account_id).where(Contract.account_id.in_(part)))
        out.update((no, aid) for no, aid in rows)
    return out


AMBIGUOUS = -1


def rm_users(session: Session) -> dict[str, int]:
    """User name and display name of every active RM → user id (AMBIGUOUS when two RMs share a display name)."""
    rows = fetch(
        session, select(User.id, User.username, User.display_name).where(User.role == "rm", User.disabled.is_(False))
    )
    out: dict[str, int] = {username.lower(): uid for uid, username, _ in rows}
    usernames = set(out)
    for uid, _username, display in rows:
        key = display.strip().lower()
        if not key or key in usernames:
            continue  # a user name wins over someone else's display name
        out[key] = uid if out.get(key, uid) == uid else AMBIGUOUS
    return out
