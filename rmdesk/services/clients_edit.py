"""Creating, editing and archiving clients (SPEC §2): optimistic concurrency and the audit trail.

Validation lives in :mod:`rmdesk.services.clients_validate` (re-exported here for callers of the write side).
A save names the version it started from; if someone saved in between, ConcurrentEditError carries the stored
version instead of overwriting it.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from rmdesk import clock
from rmdesk.services import audit
from rmdesk.services.audit import Actor
from rmdesk.services.clients import ClientDetail, ClientError, detail_of, load_visible_client, may_edit
from rmdesk.services.clients_validate import (
    FORM_FIELDS,
    MAINLAND_ID,
    ClientForm,
    ClientValidationError,
    error_text,
    parse_amount,
    parse_date,
    resolve_masked,
    validate_client,
)
from rmdesk.services.identity import mask_id, mask_phone, parse_id_card
from rmdesk.services.names import initials
from rmdesk.store.models import Client

__all__ = [
    "FORM_FIELDS",
    "ClientForm",
    "ClientValidationError",
    "ConcurrentEditError",
    "archive_client",
    "create_client",
    "error_text",
    "update_client",
    "validate_client",
]


class ConcurrentEditError(ClientError):
    """The client changed since the form was opened; ``current`` is what is stored now (masked)."""

    def __init__(self, current: ClientDetail, expected_version: int) -> None:
        super().__init__("clients.concurrent_edit", expected=expected_version, current=current.version)
        self.current = current
        self.expected_version = expected_version


def _values(session: Session, form: ClientForm) -> dict[str, Any]:
    """Column values of a validated form (birth date and gender derived from a mainland ID when blank)."""
    id_no = form.id_no.strip().upper() if form.id_type == MAINLAND_ID else form.id_no.strip()
    birth = parse_date(form.birth_date)
    gender = form.gender.strip()
    if form.id_type == MAINLAND_ID and id_no:
        info = parse_id_card(id_no)
        birth = birth or info.birth_date
        gender = gender or info.gender
    controller_id = None
    if form.controller_no.strip():
        controller_id = session.execute(
            select(Client.id).where(Client.client_no == form.controller_no.strip())
        ).scalar()
    return {
        "client_no": form.client_no.strip(),
        "name": form.name.strip(),
        "name_initials": initials(form.name.strip())[:32],
        "id_type": form.id_type,
        "id_no": id_no or None,
        "gender": gender or None,
        "birth_date": birth,
        "phone": form.phone.strip() or None,
        "email": form.email.strip() or None,
        "address": form.address.strip() or None,
        "occupation": form.occupation.strip() or None,
        "investor_type": form.investor_type,
        "risk_level": form.risk_level,
        "risk_assessed_on": parse_date(form.risk_assessed_on),
        "trading_since": parse_date(form.trading_since),
        "avg_assets_20d": parse_amount(form.avg_assets_20d),
        "tier": form.tier,
        "rm_id": form.rm_id,
        "status": form.status,
        "controller_id": controller_id,
        "is_related_party": form.is_related_party,
        "has_other_credit_account": form.has_other_credit_account,
        "dormant": form.dormant,
        "notes": form.notes.strip() or None,
        "tags": form.tags.strip(),
    }


def _for_audit(values: dict[str, Any]) -> dict[str, Any]:
    """Personal data is masked in the audit log too (the log is read by more people than the data's owner)."""
    out = dict(values)
    if "id_no" in out:
        out["id_no"] = mask_id(out["id_no"])
    if "phone" in out:
        out["phone"] = mask_phone(out["phone"])
    return out


def _snapshot(client: Client, keys: list[str]) -> dict[str, Any]:
    return {k: getattr(client, k) for k in keys}


def _check_writer(actor: Actor) -> None:
    if actor.role not in ("rm", "supervisor") or actor.id is None:
        raise ClientError("clients.edit_forbidden")


def _claim(session: Session, actor: Actor, client_id: int, expected_version: int) -> Client:
    """Lock the client's row at ``expected_version`` before reading it, or raise ConcurrentEditError.

    The no-op UPDATE comes first so the version check and the save happen under the same write lock (SQLite's
    writer lock, PostgreSQL's row lock): a change committed in between cannot slip past the check.
    """
    _check_writer(actor)
    claimed = session.execute(
        update(Client)
        .where(Client.id == client_id, Client.version == expected_version)
        .values(updated_at=Client.updated_at)
        .execution_options(synchronize_session=False)
    )
    client = load_visible_client(session, actor, client_id)
    if not may_edit(actor, client.rm_id):
        raise ClientError("clients.forbidden")
    if getattr(claimed, "rowcount", 0) != 1:
        raise ConcurrentEditError(detail_of(session, actor, client), expected_version)
    return client


def create_client(session: Session, actor: Actor, form: ClientForm) -> ClientDetail:
    """Add a client (an RM's new client is theirs); audited as "create". Raises ClientValidationError."""
    _check_writer(actor)
    if actor.role == "rm":
        if form.rm_id not in (None, actor.id):
            raise ClientError("clients.reassign_forbidden")
        form = replace(form, rm_id=actor.id)
    errors = validate_client(form, session)
    if errors:
        raise ClientValidationError(errors)
    values = _values(session, form)
    now = clock.now()
    client = Client(**values, created_at=now, updated_at=now)
    session.add(client)
    session.flush()
    audit.record(session, actor, "client", client.id, "create", None, _for_audit(values))
    return detail_of(session, actor, client)


def update_client(
    session: Session, actor: Actor, client_id: int, expected_version: int, form: ClientForm
) -> ClientDetail:
    """Save an edited client if nobody changed it since ``expected_version`` was read; audit old → new.

    Raises ConcurrentEditError (with the stored version) instead of overwriting someone else's change.
    """
    client = _claim(session, actor, client_id, expected_version)
    form = resolve_masked(form, client)
    if actor.role == "rm" and form.rm_id != client.rm_id:
        raise ClientError("clients.reassign_forbidden")
    errors = validate_client(form, session, client_id)
    if errors:
        raise ClientValidationError(errors)
    values = _values(session, form)
    before = _snapshot(client, list(values))
    old, new = audit.diff(before, values)
    if not new:
        return detail_of(session, actor, client)
    for key, value in new.items():
        setattr(client, key, value)
    client.updated_at = clock.now()
    session.flush()
    audit.record(session, actor, "client", client.id, "update", _for_audit(old), _for_audit(new))
    return detail_of(session, actor, client)


def archive_client(
    session: Session, actor: Actor, client_id: int, expected_version: int, archived: bool = True
) -> ClientDetail:
    """Archive (or restore) a client: hidden from the book by default, never deleted (records are kept)."""
    client = _claim(session, actor, client_id, expected_version)
    if client.archived != archived:
        client.archived = archived
        client.updated_at = clock.now()
        session.flush()
        action = "archive" if archived else "restore"
        audit.record(session, actor, "client", client.id, action, {"archived": not archived}, {"archived": archived})
    return detail_of(session, actor, client)
