"""The audit log: who, when, what, old → new, hash-chained so a changed or removed row is detected."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import insert, select, text
from sqlalchemy.orm import Session

from rmdesk import clock
from rmdesk.store.models import AuditRecord

GENESIS = "0" * 64


@dataclass(frozen=True)
class Actor:
    """The acting user as services see it. ``id`` None = the system (risk scan, import)."""

    id: int | None
    username: str
    role: str

    @property
    def is_supervisor(self) -> bool:
        return self.role in ("supervisor",)

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


SYSTEM = Actor(id=None, username="system", role="system")


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def to_json(values: dict[str, Any] | None) -> str:
    return "" if not values else json.dumps(_plain(values), ensure_ascii=False, sort_keys=True)


def _digest(
    prev_hash: str, at: datetime, username: str, entity: str, entity_id: str, action: str, old: str, new: str
) -> str:
    payload = "\x1f".join([prev_hash, at.isoformat(), username, entity, entity_id, action, old, new])
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


_CHAIN_LOCK = 0x726D_6465_736B  # "rmdesk": the PostgreSQL advisory lock that serialises appends to the chain


def chain_head(session: Session) -> str:
    """The hash the next audit record links to, read so that no other writer can link to it too.

    On PostgreSQL two transactions could otherwise both read the same last hash and fork the chain: a
    transaction-level advisory lock makes appenders take turns (held until commit or rollback). SQLite has one
    writer at a time already (a second one that read an older head fails to write instead of forking).
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _CHAIN_LOCK})
    last = session.execute(select(AuditRecord.hash).order_by(AuditRecord.id.desc()).limit(1)).scalar()
    return last or GENESIS


def record(
    session: Session,
    actor: Actor | Any,
    entity: str,
    entity_id: object,
    action: str,
    old: dict[str, Any] | None = None,
    new: dict[str, Any] | None = None,
) -> AuditRecord:
    """Append one audit record in the caller's transaction."""
    prev_hash = chain_head(session)
    at = clock.now()
    old_text, new_text = to_json(old), to_json(new)
    username = getattr(actor, "username", "system")
    row = AuditRecord(
        at=at,
        user_id=getattr(actor, "id", None),
        username=username,
        entity=entity,
        entity_id=str(entity_id),
        action=action,
        old=old_text,
        new=new_text,
        prev_hash=prev_hash,
        hash=_digest(prev_hash, at, username, entity, str(entity_id), action, old_text, new_text),
    )
    session.add(row)
    session.flush()
    return row


@dataclass(frozen=True)
class Change:
    """One audit entry for record_many."""

    entity: str
    entity_id: object
    action: str
    old: dict[str, Any] | None = None
    new: dict[str, Any] | None = None


def record_many(session: Session, actor: Actor | Any, changes: list[Change]) -> int:
    """Append many audit records in one Core bulk insert (imports, demo), chained in order."""
    if not changes:
        return 0
    prev = chain_head(session)
    at = clock.now()
    username = getattr(actor, "username", "system")
    user_id = getattr(actor, "id", None)
    rows = []
    for ch in changes:
        old_text, new_text = to_json(ch.old), to_json(ch.new)
        entity_id = str(ch.entity_id)
        digest = _digest(prev, at, username, ch.entity, entity_id, ch.action, old_text, new_text)
        rows.append(
            {
                "at": at,
                "user_id": user_id,
                "username": username,
                "entity": ch.entity,
                "entity_id": entity_id,
                "action": ch.action,
                "old": old_text,
                "new": new_text,
                "prev_hash": prev,
                "hash": digest,
            }
        )
        prev = digest
    session.execute(insert(AuditRecord), rows)
    return len(rows)


def diff(before: dict[str, Any], after: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Only the fields that changed, as (old, new)."""
    keys = [k for k in after if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after.get(k) for k in keys}


@dataclass(frozen=True)
class ChainCheck:
    ok: bool
    checked: int
    broken_id: int | None = None
    reason: str = ""


def verify_chain(session: Session) -> ChainCheck:
    """Walk the log in order; stop at the first row whose link or hash does not match."""
    prev = GENESIS
    count = 0
    rows = session.execute(select(AuditRecord).order_by(AuditRecord.id)).scalars()
    for row in rows:
        count += 1
        if row.prev_hash != prev:
            return ChainCheck(False, count, row.id, "prev_hash does not match the previous record")
        expected = _digest(prev, row.at, row.username, row.entity, row.entity_id, row.action, row.old, row.new)
        if row.hash != expected:
            return ChainCheck(False, count, row.id, "record content does not match its hash")
        prev = row.hash
    return ChainCheck(True, count)
