"""Documents (SPEC §6): make one document for a client, register it, verify files, run batches.

The parts: :mod:`documents_data` builds the report data from the figures engine, :mod:`documents_register` keeps
the register (numbers, SHA-256, verification, hand-over, signed copies), :mod:`documents_batch` runs batches in a
2-process pool, and rmdesk.reports renders the PDFs. Every generated document is numbered, hashed, registered
and audited in the caller's transaction; RMs may make documents only for their own clients (SPEC §1).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from rmdesk import clock
from rmdesk.services.audit import Actor
from rmdesk.services.clients import load_visible_client
from rmdesk.services.documents_batch import (
    FILTER_HELP,
    BatchResult,
    Selection,
    Skipped,
    display_name,
    file_name,
    parse_filter,
    run_batch,
    select_targets,
)
from rmdesk.services.documents_data import (
    DEADLINE_TIME,
    KINDS,
    DocumentError,
    ReportBuilder,
    Target,
    check_kind,
    parse_period,
)
from rmdesk.services.documents_register import (
    MERGED,
    DisclosureStatus,
    DocumentInfo,
    IssuedDocument,
    VerifyResult,
    add_records,
    disclosure_status,
    find_document,
    issued_from,
    list_register,
    mark_handed_over,
    mark_signed_returned,
    next_numbers,
    sha256_of,
    verify_bytes,
    verify_file,
)
from rmdesk.services.documents_render import render_bytes
from rmdesk.store.models import Client, CreditAccount

__all__ = [
    "DEADLINE_TIME",
    "FILTER_HELP",
    "KINDS",
    "MERGED",
    "BatchResult",
    "DisclosureStatus",
    "DocumentError",
    "DocumentInfo",
    "IssuedDocument",
    "Selection",
    "Skipped",
    "Target",
    "VerifyResult",
    "disclosure_status",
    "find_document",
    "find_target",
    "issue_document",
    "list_register",
    "mark_handed_over",
    "mark_signed_returned",
    "parse_filter",
    "run_batch",
    "select_targets",
    "target_of",
    "verify_bytes",
    "verify_file",
]


def target_of(session: Session, actor: Actor, client_id: int) -> Target:
    """The client (if the actor may see it) and its credit account, if any."""
    client = load_visible_client(session, actor, client_id)
    account = session.execute(
        select(CreditAccount.id, CreditAccount.account_no).where(CreditAccount.client_id == client.id)
    ).first()
    return Target(client.id, client.client_no, account[0] if account else None, account[1] if account else None)


def find_target(session: Session, actor: Actor, number: str) -> Target:
    """A client by client number or credit-account number (either identifies the client and its one account)."""
    client_id = session.execute(
        select(Client.id)
        .outerjoin(CreditAccount, CreditAccount.client_id == Client.id)
        .where(or_(Client.client_no == number, CreditAccount.account_no == number))
        .limit(1)
    ).scalar()
    if client_id is None:
        raise DocumentError("documents.client_not_found", number=number)
    return target_of(session, actor, client_id)


def issue_document(
    session: Session,
    actor: Actor,
    kind: str,
    client_id: int,
    out: Path,
    *,
    period: str | None = None,
    chart: Any = None,
) -> IssuedDocument:
    """Make one document of ``kind`` for the client, write it and register it in the caller's transaction.

    ``out`` is the PDF file to write, or a folder (an existing one, or a new one when the path has no suffix): the
    file is then named ``<doc no>_<client no>.pdf``.
    An existing file is never overwritten. If registering fails the file is removed again; the caller commits
    (and should remove ``result.path`` itself if its commit fails).
    """
    check_kind(kind)
    target = target_of(session, actor, client_id)
    now = clock.now()
    builder = ReportBuilder(session, now)
    per = parse_period(period, builder.latest) if kind == "statement" else None
    doc_no = next_numbers(session, kind, now.date())[0]
    data = builder.build(kind, target, doc_no, per, display_name(session, actor))
    pdf, pages, version = render_bytes(kind, data, chart)
    if not out.is_dir() and not out.suffix:  # "--out statements/" for a folder that does not exist yet
        out.mkdir(parents=True)
    path = out / file_name(doc_no, target.client_no) if out.is_dir() else out
    if path.exists():
        raise DocumentError("documents.out_exists", path=str(path))
    _write_new(path, pdf)
    try:
        issued = issued_from(kind, target, doc_no, data, path, path.name, sha256_of(pdf), pages, version)
        add_records(session, actor, [issued.record()], now)
        session.flush()
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return issued


def _write_new(path: Path, data: bytes) -> None:
    try:
        with path.open("xb") as fh:
            fh.write(data)
    except FileExistsError:
        raise DocumentError("documents.out_exists", path=str(path)) from None
