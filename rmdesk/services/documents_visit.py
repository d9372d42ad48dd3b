"""The visit brief's parts beyond the figures (SPEC §6): suitability, eligibility, open warnings and cases, the
last callbacks. Texts are Chinese (documents are, whatever the desk's language)."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from rmdesk.reports.data import CallbackLine, CaseLine, EligibilityItem, Suitability, WarningLine
from rmdesk.reports.formatting import cn_date, percent, risk_label, yuan
from rmdesk.services.clients_tabs import assessment_expiry, eligibility
from rmdesk.services.documents_data import ACTIVE_WARNING, DOC_LANG, VISIT_CALLBACKS
from rmdesk.services.policy import Policy
from rmdesk.store.models import Callback, Client, ComplaintCase, RiskWarning, User


def suitability(session: Session, policy: Policy, client_id: int, today: date) -> Suitability:
    """适当性: the client's level against the product's, with the assessment's validity."""
    client = session.get(Client, client_id)
    assert client is not None
    required = policy.required_risk_level
    if client.risk_level is None or client.risk_assessed_on is None:
        return Suitability(
            risk_label(client.risk_level), None, None, f"C{required}", suitable=False, note="未做风险测评"
        )
    expires = assessment_expiry(client.risk_assessed_on, policy.assessment_valid_years)
    valid = today < expires
    suitable = valid and client.risk_level >= required
    if not valid:
        note = f"测评已于{cn_date(expires)}过期，须重新测评"
    elif (expires - today).days <= policy.assessment_notice_days:
        note = f"测评将于{cn_date(expires)}到期，请安排重新测评"
    elif client.risk_level < required:
        note = f"风险等级低于 C{required}，不适合融资融券业务"
    else:
        note = ""
    return Suitability(
        risk_label(client.risk_level),
        client.risk_assessed_on,
        expires,
        f"C{required}",
        suitable=suitable,
        note=note,
    )


def eligibility_items(session: Session, policy: Policy, client_id: int, today: date) -> tuple[EligibilityItem, ...]:
    """The SPEC §2 checklist of rmdesk.services.clients_tabs, in the documents' language."""
    items = eligibility(session, client_id, today, policy)
    return tuple(EligibilityItem(i.title(DOC_LANG), i.passed, i.text(DOC_LANG)) for i in items)


def open_warnings(session: Session, client_id: int) -> tuple[WarningLine, ...]:
    """The client's unresolved warnings, newest first."""
    rows = session.execute(
        select(RiskWarning)
        .where(RiskWarning.client_id == client_id, RiskWarning.status.in_(ACTIVE_WARNING))
        .order_by(RiskWarning.raised_as_of.desc(), RiskWarning.id.desc())
    ).scalars()
    return tuple(
        WarningLine(w.kind, w.status, w.raised_as_of, w.due_date or w.contact_due, warning_summary(w.kind, w.detail))
        for w in rows
    )


def open_cases(session: Session, client_id: int) -> tuple[CaseLine, ...]:
    """The client's complaint cases that are not closed, newest first."""
    rows = session.execute(
        select(ComplaintCase)
        .where(ComplaintCase.client_id == client_id, ComplaintCase.status != "closed")
        .order_by(ComplaintCase.received_at.desc(), ComplaintCase.id.desc())
    ).scalars()
    return tuple(
        CaseLine(c.case_no, c.category, c.status, c.urgency, c.received_at, c.respond_due, c.summary) for c in rows
    )


def last_callbacks(session: Session, client_id: int) -> tuple[CallbackLine, ...]:
    """The latest callbacks (planned or done, not cancelled) by due date."""
    rows = session.execute(
        select(Callback, User.display_name)
        .outerjoin(User, User.id == Callback.done_by)
        .where(Callback.client_id == client_id, Callback.status != "cancelled")
        .order_by(Callback.due_date.desc(), Callback.id.desc())
        .limit(VISIT_CALLBACKS)
    ).all()
    return tuple(
        CallbackLine(
            c.due_date,
            c.done_at,
            c.channel or "",
            who or "",
            c.outcome or ("已完成" if c.status == "done" else "待回访"),
            c.satisfaction,
            c.notes or "",
        )
        for c, who in rows
    )


def warning_summary(kind: str, detail: str) -> str:
    """One line on what triggered a warning, from the scan's stored detail (figures as they were then)."""
    try:
        values: dict[str, Any] = json.loads(detail) if detail else {}
    except ValueError:
        values = {}
    ratio = values.get("ratio")
    if kind in ("ratio_warning", "margin_call", "emergency") and ratio is not None:
        text = f"维持担保比例 {percent(Decimal(ratio))}"
        if values.get("topup_to_target") is not None:
            text += f"，追保至目标线需 {yuan(Decimal(values['topup_to_target']))}"
        return text
    if kind == "concentration" and values.get("code"):
        return f"{values['code']} 占市值 {percent(Decimal(values['share']))}"
    if kind == "contract_expiry" and values.get("earliest_due"):
        return f"最早到期日 {cn_date(date.fromisoformat(values['earliest_due']))}"
    if kind == "assessment_expiry":
        assessed = values.get("assessed_on")
        return f"测评日期 {cn_date(date.fromisoformat(assessed))}" if assessed else "未做风险测评"
    if kind == "suitability":
        level = values.get("risk_level")
        return f"风险等级 {risk_label(level) if level else '未测评'}，须 C{values.get('required', 4)} 及以上"
    if kind == "credit_limit" and values.get("credit_limit"):
        return f"已用授信 {yuan(Decimal(values['credit_used']))} / 额度 {yuan(Decimal(values['credit_limit']))}"
    return ""
