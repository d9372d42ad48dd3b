"""The RM's work items: warnings, callbacks, complaint cases, and the document register (SPEC §3.2, §4–§6)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from rmdesk.store.models.base import Base

WARNING_KINDS = (
    "ratio_warning",
    "margin_call",
    "emergency",
    "concentration",
    "contract_expiry",
    "assessment_expiry",
    "suitability",
    "credit_limit",
)
WARNING_STATUSES = ("open", "notified", "resolved", "escalated")
CASE_STATUSES = (
    "received",
    "acknowledged",
    "investigating",
    "waiting_client",
    "responded",
    "closed",
    "escalated",
    "reopened",
)
CASE_CHANNELS = ("电话", "12386热线", "现场", "信函", "邮件", "网上")
CASE_CATEGORIES = ("交易执行", "收费与利息", "强制平仓", "适当性", "服务态度", "系统故障", "信息披露", "其他")
CALLBACK_CHANNELS = ("电话", "面访", "微信", "短信")
DOCUMENT_KINDS = ("statement", "disclosure", "margin_call", "visit_brief")


class RiskWarning(Base):
    """风险预警: one open (or notified/escalated) warning per account and kind."""

    __tablename__ = "warnings"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int | None] = mapped_column(ForeignKey("credit_accounts.id"), index=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"), index=True)
    kind: Mapped[str] = mapped_column(String(24))
    status: Mapped[str] = mapped_column(String(16), index=True)
    raised_as_of: Mapped[date] = mapped_column(Date)
    last_seen_as_of: Mapped[date] = mapped_column(Date)
    raised_at: Mapped[datetime] = mapped_column(DateTime)
    due_date: Mapped[date | None] = mapped_column(Date)
    contact_due: Mapped[date | None] = mapped_column(Date)
    detail: Mapped[str] = mapped_column(Text, default="")  # JSON: the figures that triggered it
    closed_at: Mapped[datetime | None] = mapped_column(DateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}


class WarningEvent(Base):
    """Every step of a warning's life, with its cause. Never updated, never deleted."""

    __tablename__ = "warning_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    warning_id: Mapped[int] = mapped_column(ForeignKey("warnings.id"), index=True)
    at: Mapped[datetime] = mapped_column(DateTime)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))  # null = the risk scan
    action: Mapped[str] = mapped_column(String(16))  # raised/updated/notified/resolved/escalated
    from_status: Mapped[str | None] = mapped_column(String(16))
    to_status: Mapped[str] = mapped_column(String(16))
    channel: Mapped[str | None] = mapped_column(String(16))  # phone/SMS/visit/letter
    note: Mapped[str] = mapped_column(Text, default="")
    as_of: Mapped[date | None] = mapped_column(Date)


class Callback(Base):
    """回访: a planned contact, and its record once done. Kept at least 3 years; never deleted."""

    __tablename__ = "callbacks"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"), index=True)
    source: Mapped[str] = mapped_column(String(24))  # new_account/quota/after_warning/after_complaint/tier/manual
    source_ref: Mapped[str | None] = mapped_column(String(64))
    due_date: Mapped[date] = mapped_column(Date, index=True)
    status: Mapped[str] = mapped_column(String(16), default="planned")  # planned/done/cancelled
    done_at: Mapped[datetime | None] = mapped_column(DateTime)
    done_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    channel: Mapped[str | None] = mapped_column(String(8))
    identity_confirmed: Mapped[bool | None] = mapped_column(Boolean)
    account_changes_confirmed: Mapped[bool | None] = mapped_column(Boolean)
    no_staff_trading: Mapped[bool | None] = mapped_column(Boolean)
    risk_disclosure_understood: Mapped[bool | None] = mapped_column(Boolean)
    no_discretionary_mandate: Mapped[bool | None] = mapped_column(Boolean)
    outcome: Mapped[str | None] = mapped_column(String(64))
    satisfaction: Mapped[int | None] = mapped_column(Integer)  # 1..5
    would_recommend: Mapped[int | None] = mapped_column(Integer)  # 0..10
    notes: Mapped[str | None] = mapped_column(Text)
    recurrence: Mapped[str | None] = mapped_column(String(64))
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}


class ComplaintCase(Base):
    """投诉工单 with its two clocks (acknowledge, respond) in working days."""

    __tablename__ = "complaint_cases"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_no: Mapped[str] = mapped_column(String(16), unique=True)  # TS2026000123
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"), index=True)
    channel: Mapped[str] = mapped_column(String(16))
    category: Mapped[str] = mapped_column(String(16))
    group_complaint: Mapped[bool] = mapped_column(Boolean, default=False)
    urgency: Mapped[str] = mapped_column(String(8), default="一般")
    summary: Mapped[str] = mapped_column(String(256))
    details: Mapped[str] = mapped_column(Text, default="")
    received_at: Mapped[datetime] = mapped_column(DateTime)
    first_handler_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    status: Mapped[str] = mapped_column(String(16), index=True)
    acknowledged_at: Mapped[datetime | None] = mapped_column(DateTime)
    responded_at: Mapped[datetime | None] = mapped_column(DateTime)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime)
    ack_due: Mapped[date] = mapped_column(Date)
    respond_due: Mapped[date] = mapped_column(Date)
    extension_days: Mapped[int] = mapped_column(Integer, default=0)
    extension_reason: Mapped[str | None] = mapped_column(Text)
    extension_approved_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    paused_working_days: Mapped[int] = mapped_column(Integer, default=0)
    resolution: Mapped[str | None] = mapped_column(Text)
    outcome: Mapped[str | None] = mapped_column(String(32))
    satisfaction: Mapped[int | None] = mapped_column(Integer)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}


class CaseEvent(Base):
    """One transition or note on a case: timestamped, attributed, append-only."""

    __tablename__ = "case_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("complaint_cases.id"), index=True)
    at: Mapped[datetime] = mapped_column(DateTime)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    action: Mapped[str] = mapped_column(String(24))
    from_status: Mapped[str | None] = mapped_column(String(16))
    to_status: Mapped[str | None] = mapped_column(String(16))
    note: Mapped[str] = mapped_column(Text, default="")


class DocumentRecord(Base):
    """文书登记: what the branch gave to whom, provable by the file's SHA-256."""

    __tablename__ = "document_register"

    id: Mapped[int] = mapped_column(primary_key=True)
    doc_no: Mapped[str] = mapped_column(String(32), unique=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"), index=True)
    account_id: Mapped[int | None] = mapped_column(ForeignKey("credit_accounts.id"))
    kind: Mapped[str] = mapped_column(String(16))
    template_version: Mapped[str | None] = mapped_column(String(16))
    period: Mapped[str | None] = mapped_column(String(16))
    as_of: Mapped[date | None] = mapped_column(Date)
    generated_at: Mapped[datetime] = mapped_column(DateTime)
    generated_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    file_name: Mapped[str] = mapped_column(String(256))
    pages: Mapped[int] = mapped_column(Integer, default=0)
    batch_id: Mapped[str | None] = mapped_column(String(32))
    handed_over_at: Mapped[datetime | None] = mapped_column(DateTime)
    signed_returned_at: Mapped[datetime | None] = mapped_column(DateTime)
    archived: Mapped[bool] = mapped_column(Boolean, default=False)
