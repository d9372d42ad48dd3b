"""The document register (文书登记, SPEC §6): numbers, SHA-256, verification, hand-over and signed copies.

Numbers are ``<PREFIX>-<YYYYMMDD>-<NNNNN>``: a prefix per kind (对账单 DZD, 风险揭示书 FXJS, 追保通知 ZBTZ, 拜访简报
BFJB, merged batch file PL), the generation day and a sequence per kind and day read from the register in the
caller's transaction (the unique constraint on ``doc_no`` catches a concurrent writer). Every PDF carries its
number in its metadata (/Subject), so :func:`verify_file` can tell "issued, unchanged" from "ours, but modified".
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, NamedTuple

from sqlalchemy import Select, func, insert, or_, select
from sqlalchemy.orm import Session

from rmdesk import clock, i18n
from rmdesk.services import audit
from rmdesk.services.audit import Actor
from rmdesk.services.clients import load_visible_client, visible_clause
from rmdesk.services.documents_data import DocumentError, Target
from rmdesk.store.models import Client, CreditAccount, DocumentRecord, User

MERGED = "merged"  # the register kind of a merged batch file (one PDF of many clients' documents)
PREFIXES = {"statement": "DZD", "disclosure": "FXJS", "margin_call": "ZBTZ", "visit_brief": "BFJB", MERGED: "PL"}
SEQ_DIGITS = 5
HANDED_OVER_KINDS = frozenset({"statement", "disclosure", "margin_call"})  # the visit brief is internal
SIGNED_KINDS = frozenset({"disclosure", "margin_call"})  # documents with the client's signature line
_SUBJECT_RE = re.compile(rb"/Subject\s*\(([A-Z]{2,4}-\d{8}-\d{5,})\)")

i18n.register(
    {
        "documents.not_found": ("文书编号不存在：{doc_no}", "no document numbered {doc_no}"),
        "documents.not_handed_over_kind": (
            "{doc_no} 是内部文书，不交给客户",
            "{doc_no} is an internal document, not given to the client",
        ),
        "documents.not_signed_kind": (
            "{doc_no} 没有客户签字栏，无需回收签字件",
            "{doc_no} has no signature line; there is no signed copy to return",
        ),
        "documents.number_taken": (
            "文书编号已被同时运行的另一任务占用，请重试",
            "a document number was taken by another job running at the same time; try again",
        ),
        "verify.issued": ("本营业部出具的文书，内容未被修改", "issued by the branch and unchanged"),
        "verify.modified": (
            "文书编号 {doc_no} 已登记，但文件内容与登记时不一致（已被修改）",
            "document {doc_no} is registered, but the file differs from the issued one (modified)",
        ),
        "verify.unknown": ("不是本营业部登记的文书", "not a document in the branch's register"),
        "verify.unreadable": ("无法读取文件：{error}", "cannot read the file: {error}"),
    }
)


@dataclass(frozen=True)
class DocumentInfo:
    """One register entry as screens and commands show it."""

    id: int
    doc_no: str
    kind: str
    client_id: int
    client_no: str
    client_name: str
    account_no: str | None
    template_version: str | None
    period: str | None
    as_of: date | None
    generated_at: datetime
    generated_by: str
    sha256: str
    file_name: str
    pages: int
    batch_id: str | None
    handed_over_at: datetime | None
    signed_returned_at: datetime | None


@dataclass(frozen=True)
class NewRecord:
    """What the register needs of a freshly written document."""

    doc_no: str
    kind: str
    client_id: int
    account_id: int | None
    sha256: str
    file_name: str
    pages: int
    template_version: str | None = None
    period: str | None = None
    as_of: date | None = None
    batch_id: str | None = None


@dataclass(frozen=True)
class IssuedDocument:
    """A document just written: where, its number, hash and pages (``path`` None inside a merged file)."""

    doc_no: str
    kind: str
    client_id: int
    client_no: str
    account_id: int | None
    path: Path | None
    sha256: str
    pages: int
    template_version: str | None
    period: str | None
    as_of: date | None
    batch_id: str | None = None
    file_name: str = ""

    def record(self) -> NewRecord:
        name = self.file_name or (self.path.name if self.path is not None else "")
        return NewRecord(
            self.doc_no, self.kind, self.client_id, self.account_id, self.sha256, name, self.pages,
            self.template_version, self.period, self.as_of, self.batch_id,
        )  # fmt: skip


def issued_from(
    kind: str,
    target: Target,
    doc_no: str,
    data: Any,
    path: Path | None,
    name: str,
    digest: str,
    pages: int,
    version: str | None,
    batch_id: str | None = None,
) -> IssuedDocument:
    """The IssuedDocument of rendered report data (period and as-of date taken from the data)."""
    figures = getattr(data, "figures", None)
    period = None
    if kind == "statement":
        period = f"{data.period_start:%Y-%m}"
    return IssuedDocument(
        doc_no, kind, target.client_id, target.client_no, target.account_id, path, digest, pages, version, period,
        figures.as_of if figures is not None else None, batch_id, name,
    )  # fmt: skip


@dataclass(frozen=True)
class VerifyResult:
    """``issued`` only for an unchanged file; ``reason`` is issued / modified / unknown / unreadable."""

    issued: bool
    record: DocumentInfo | None
    reason: str
    doc_no: str | None = None  # the number the file carries (when it carries one)
    error: str = ""  # why an unreadable file could not be read

    def message(self, lang: str | None = None) -> str:
        return i18n.t(f"verify.{self.reason}", lang, doc_no=self.doc_no or "", error=self.error)


class DisclosureStatus(NamedTuple):
    """The client file's "signed the current version?": current template version, signed?, latest letter."""

    current_version: str
    signed_current: bool
    last_record: DocumentInfo | None


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def next_numbers(session: Session, kind: str, day: date, count: int = 1) -> list[str]:
    """``count`` consecutive unused numbers of ``kind`` for ``day`` (in the caller's transaction)."""
    prefix = f"{PREFIXES[kind]}-{day:%Y%m%d}-"
    last = session.execute(
        select(func.max(DocumentRecord.doc_no)).where(DocumentRecord.doc_no.like(prefix + "%"))
    ).scalar()
    start = int(last[len(prefix) :]) if last else 0
    return [f"{prefix}{start + i:0{SEQ_DIGITS}d}" for i in range(1, count + 1)]


def add_records(session: Session, actor: Actor, records: Sequence[NewRecord], generated_at: datetime) -> None:
    """Insert register rows and one audit record per document (bulk: a batch of 1,000 is two statements)."""
    if not records:
        return
    rows = [
        {
            "doc_no": r.doc_no,
            "client_id": r.client_id,
            "account_id": r.account_id,
            "kind": r.kind,
            "template_version": r.template_version,
            "period": r.period,
            "as_of": r.as_of,
            "generated_at": generated_at,
            "generated_by": actor.id,
            "sha256": r.sha256,
            "file_name": r.file_name,
            "pages": r.pages,
            "batch_id": r.batch_id,
            "archived": False,
        }
        for r in records
    ]
    session.execute(insert(DocumentRecord), rows)
    changes = [
        audit.Change(
            "document",
            r.doc_no,
            "issued",
            None,
            {
                "kind": r.kind,
                "client_id": r.client_id,
                "sha256": r.sha256,
                "pages": r.pages,
                "file_name": r.file_name,
                "template_version": r.template_version,
                "period": r.period,
                "batch_id": r.batch_id,
            },
        )
        for r in records
    ]
    audit.record_many(session, actor, changes)


# ---- reading the register ------------------------------------------------------------------------------------


def _info_query() -> Select[Any]:
    return (
        select(DocumentRecord, Client.client_no, Client.name, CreditAccount.account_no, User.display_name)
        .join(Client, Client.id == DocumentRecord.client_id)
        .outerjoin(CreditAccount, CreditAccount.id == DocumentRecord.account_id)
        .outerjoin(User, User.id == DocumentRecord.generated_by)
    )


def _info(row: Any) -> DocumentInfo:
    d, client_no, name, account_no, by = row
    return DocumentInfo(
        d.id,
        d.doc_no,
        d.kind,
        d.client_id,
        client_no,
        name,
        account_no,
        d.template_version,
        d.period,
        d.as_of,
        d.generated_at,
        by or "",
        d.sha256,
        d.file_name,
        d.pages,
        d.batch_id,
        d.handed_over_at,
        d.signed_returned_at,
    )


def find_document(session: Session, doc_no: str) -> DocumentInfo | None:
    row = session.execute(_info_query().where(DocumentRecord.doc_no == doc_no)).first()
    return None if row is None else _info(row)


def list_register(
    session: Session, actor: Actor, search: str = "", kind: str | None = None, limit: int = 2000
) -> list[DocumentInfo]:
    """Register entries the actor may see (an RM: their own clients'), newest first, filtered in SQL.

    ``search`` matches the document number, client number or client name (substring, case-insensitive).
    """
    q = _info_query()
    q = q.where(visible_clause(actor))
    text = search.strip()
    if text:
        like = f"%{text.lower()}%"
        q = q.where(
            or_(
                func.lower(DocumentRecord.doc_no).like(like),
                func.lower(Client.client_no).like(like),
                func.lower(Client.name).like(like),
            )
        )
    if kind:
        q = q.where(DocumentRecord.kind == kind)
    q = q.order_by(DocumentRecord.generated_at.desc(), DocumentRecord.id.desc()).limit(limit)
    return [_info(row) for row in session.execute(q)]


# ---- verification --------------------------------------------------------------------------------------------


def embedded_doc_no(data: bytes) -> str | None:
    """The document number a PDF carries in its /Subject, read with pypdf, else found in the raw bytes."""
    import io

    try:
        from pypdf import PdfReader

        meta = PdfReader(io.BytesIO(data)).metadata
        subject = meta.get("/Subject") if meta else None
        if subject:
            return str(subject).strip()
    except Exception:  # a damaged file: fall back to the raw bytes below
        pass
    match = _SUBJECT_RE.search(data)
    return match.group(1).decode("ascii") if match else None


def verify_bytes(session: Session, data: bytes) -> VerifyResult:
    """Whether ``data`` is exactly a file the branch issued (by SHA-256), or a modified one (by its number)."""
    digest = sha256_of(data)
    row = session.execute(_info_query().where(DocumentRecord.sha256 == digest).limit(1)).first()
    if row is not None:
        info = _info(row)
        return VerifyResult(True, info, "issued", info.doc_no)
    doc_no = embedded_doc_no(data)
    if doc_no:
        info_or_none = find_document(session, doc_no)
        if info_or_none is not None:
            return VerifyResult(False, info_or_none, "modified", doc_no)
    return VerifyResult(False, None, "unknown", doc_no)


def verify_file(session: Session, path: Path) -> VerifyResult:
    """``verify_bytes`` of a file on disk; an unreadable file is reported, not raised."""
    try:
        data = Path(path).read_bytes()
    except OSError as err:
        return VerifyResult(False, None, "unreadable", error=str(err))
    return verify_bytes(session, data)


# ---- hand-over and signed copies (disclosure tracking) -------------------------------------------------------


def _claim(session: Session, actor: Actor, doc_no: str) -> DocumentRecord:
    record = session.execute(select(DocumentRecord).where(DocumentRecord.doc_no == doc_no)).scalar_one_or_none()
    if record is None or record.kind == MERGED:
        raise DocumentError("documents.not_found", doc_no=doc_no)
    load_visible_client(session, actor, record.client_id)
    return record


def mark_handed_over(session: Session, actor: Actor, doc_no: str) -> DocumentInfo:
    """Record that the document was given to the client (now); unchanged when already recorded."""
    record = _claim(session, actor, doc_no)
    if record.kind not in HANDED_OVER_KINDS:
        raise DocumentError("documents.not_handed_over_kind", doc_no=doc_no)
    if record.handed_over_at is None:
        record.handed_over_at = clock.now()
        audit.record(session, actor, "document", doc_no, "handed_over", None, {"at": record.handed_over_at})
        session.flush()
    info = find_document(session, doc_no)
    assert info is not None
    return info


def mark_signed_returned(session: Session, actor: Actor, doc_no: str) -> DocumentInfo:
    """Record that the client's signed copy came back (now); a signed copy implies it was handed over."""
    record = _claim(session, actor, doc_no)
    if record.kind not in SIGNED_KINDS:
        raise DocumentError("documents.not_signed_kind", doc_no=doc_no)
    if record.signed_returned_at is None:
        now = clock.now()
        old = {"handed_over_at": record.handed_over_at, "signed_returned_at": None}
        record.handed_over_at = record.handed_over_at or now
        record.signed_returned_at = now
        new = {"handed_over_at": record.handed_over_at, "signed_returned_at": now}
        audit.record(session, actor, "document", doc_no, "signed_returned", old, new)
        session.flush()
    info = find_document(session, doc_no)
    assert info is not None
    return info


def disclosure_status(session: Session, client_id: int, current_version: str | None = None) -> DisclosureStatus:
    """The current disclosure template version, whether the client returned a signed copy of THAT version, and
    the client's latest disclosure letter (any version)."""
    if current_version is None:
        from rmdesk.reports.disclosure_template import available_versions

        versions = available_versions()
        current_version = versions[-1] if versions else ""
    base = _info_query().where(DocumentRecord.client_id == client_id, DocumentRecord.kind == "disclosure")
    last = session.execute(base.order_by(DocumentRecord.generated_at.desc(), DocumentRecord.id.desc()).limit(1)).first()
    signed = session.execute(
        select(func.count())
        .select_from(DocumentRecord)
        .where(
            DocumentRecord.client_id == client_id,
            DocumentRecord.kind == "disclosure",
            DocumentRecord.template_version == current_version,
            DocumentRecord.signed_returned_at.is_not(None),
        )
    ).scalar_one()
    return DisclosureStatus(current_version, bool(signed), None if last is None else _info(last))
