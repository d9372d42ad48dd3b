"""What the client file shows besides the profile: the eligibility checklist (SPEC §2) and the lists behind its
tabs (warnings, callbacks, cases, documents, related clients) — one query per list, frozen rows out.
"""

from __future__ import annotations

import calendar as _calendar
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, aliased

from rmdesk import i18n
from rmdesk.money import format_yuan
from rmdesk.services.audit import Actor
from rmdesk.services.clients import load_visible_client, risk_level_name, sees_all_clients
from rmdesk.services.policy import Policy, load_policy
from rmdesk.store.models import (
    Callback,
    Client,
    ClientLink,
    ComplaintCase,
    CreditAccount,
    DocumentRecord,
    RiskWarning,
    User,
)

PROFESSIONAL = "专业投资者"

i18n.register(
    {
        "eligibility.trading_months": ("交易经验满 {months} 个月", "trading for at least {months} months"),
        "eligibility.avg_assets": (
            "近 20 个交易日日均资产不低于 {threshold}",
            "average daily assets over 20 trading days at least {threshold}",
        ),
        "eligibility.risk_level": (
            "风险等级不低于 C{required} 且测评在有效期内",
            "risk level C{required} or above with a valid assessment",
        ),
        "eligibility.not_related_party": ("非本公司股东或关联人", "not the broker's shareholder or related party"),
        "eligibility.no_other_credit_account": ("未在其他证券公司开立信用账户", "no other open credit account"),
        "eligibility.d.exempt": ("专业投资者豁免", "exempt: professional investor"),
        "eligibility.d.trading_since": (
            "{since} 起交易，满足条件之日 {ready}",
            "trading since {since}; meets it on {ready}",
        ),
        "eligibility.d.no_trading_since": ("未登记首次交易日", "date trading began not recorded"),
        "eligibility.d.avg_assets": ("日均资产 {value}", "average daily assets {value}"),
        "eligibility.d.no_avg_assets": ("未登记日均资产", "average daily assets not recorded"),
        "eligibility.d.risk": (
            "{level}，测评 {assessed}，有效期至 {expires}",
            "{level}, assessed {assessed}, valid until {expires}",
        ),
        "eligibility.d.risk_expired": (
            "{level}，测评已于 {expires} 过期",
            "{level}; the assessment expired on {expires}",
        ),
        "eligibility.d.no_risk": ("未做风险测评", "no risk assessment"),
        "eligibility.d.related_yes": ("登记为本公司股东或关联人", "recorded as a shareholder or related party"),
        "eligibility.d.related_no": ("未登记为本公司股东或关联人", "not recorded as a shareholder or related party"),
        "eligibility.d.other_yes": ("已在其他证券公司开立信用账户", "has a credit account at another broker"),
        "eligibility.d.other_no": ("未登记其他信用账户", "no other credit account recorded"),
        "clients.rel.controller": ("实际控制人", "actual controller"),
        "clients.rel.controlled": ("受其控制", "controlled by this client"),
        "clients.rel.same_controller": ("同一实际控制人", "same actual controller"),
    }
)


@dataclass(frozen=True)
class CheckItem:
    """One line of the eligibility checklist. ``title()``/``text()`` give it in the current language."""

    code: str
    passed: bool
    detail: str
    params: tuple[tuple[str, str], ...] = ()
    detail_params: tuple[tuple[str, str], ...] = ()
    exempt: bool = False

    def title(self, lang: str | None = None) -> str:
        return i18n.t(f"eligibility.{self.code}", lang, **dict(self.params))

    def text(self, lang: str | None = None) -> str:
        return i18n.t(self.detail, lang, **dict(self.detail_params))


def add_months(d: date, months: int) -> date:
    """The same day ``months`` later, clamped to the month's end (31 Aug + 6 months → 28/29 Feb)."""
    month0 = d.month - 1 + months
    year, month = d.year + month0 // 12, month0 % 12 + 1
    return date(year, month, min(d.day, _calendar.monthrange(year, month)[1]))


def assessment_expiry(assessed_on: date, years: int) -> date:
    """The same calendar date ``years`` later; 29 Feb → 28 Feb (SPEC §3.2)."""
    try:
        return assessed_on.replace(year=assessed_on.year + years)
    except ValueError:
        return assessed_on.replace(year=assessed_on.year + years, day=28)


def eligibility(
    session: Session, client_id: int, as_of: date, policy: Policy | None = None, actor: Actor | None = None
) -> list[CheckItem]:
    """The SPEC §2 checklist for opening a credit account, as of ``as_of``.

    An assessment is valid before its expiry date (on the expiry date it is expired). Professional investors
    are exempt from the trading-experience and asset tests (shown as passed, marked exempt).
    """
    client = load_visible_client(session, actor, client_id) if actor else session.get(Client, client_id)
    if client is None:
        return []
    policy = policy or load_policy(session)
    exempt = client.investor_type == PROFESSIONAL
    months = (("months", str(policy.min_trading_months)),)
    threshold = (("threshold", format_yuan(policy.min_avg_assets_20d)),)
    items: list[CheckItem] = []
    if exempt:
        items.append(CheckItem("trading_months", True, "eligibility.d.exempt", months, exempt=True))
        items.append(CheckItem("avg_assets", True, "eligibility.d.exempt", threshold, exempt=True))
    else:
        if client.trading_since is None:
            items.append(CheckItem("trading_months", False, "eligibility.d.no_trading_since", months))
        else:
            ready = add_months(client.trading_since, policy.min_trading_months)
            params = (("since", client.trading_since.isoformat()), ("ready", ready.isoformat()))
            items.append(CheckItem("trading_months", ready <= as_of, "eligibility.d.trading_since", months, params))
        avg = client.avg_assets_20d
        if avg is None:
            items.append(CheckItem("avg_assets", False, "eligibility.d.no_avg_assets", threshold))
        else:
            passed = avg >= policy.min_avg_assets_20d
            value = (("value", format_yuan(avg)),)
            items.append(CheckItem("avg_assets", passed, "eligibility.d.avg_assets", threshold, value))
    items.append(_risk_item(client, policy, as_of))
    related = client.is_related_party
    detail = "eligibility.d.related_yes" if related else "eligibility.d.related_no"
    items.append(CheckItem("not_related_party", not related, detail))
    other = client.has_other_credit_account
    items.append(
        CheckItem(
            "no_other_credit_account", not other, "eligibility.d.other_yes" if other else "eligibility.d.other_no"
        )
    )
    return items


def _risk_item(client: Client, policy: Policy, as_of: date) -> CheckItem:
    required = (("required", str(policy.required_risk_level)),)
    if client.risk_level is None or client.risk_assessed_on is None:
        return CheckItem("risk_level", False, "eligibility.d.no_risk", required)
    expires = assessment_expiry(client.risk_assessed_on, policy.assessment_valid_years)
    level = risk_level_name(client.risk_level)
    params: tuple[tuple[str, str], ...] = (("level", level), ("expires", expires.isoformat()))
    if as_of >= expires:
        return CheckItem("risk_level", False, "eligibility.d.risk_expired", required, params)
    params = (*params, ("assessed", client.risk_assessed_on.isoformat()))
    passed = client.risk_level >= policy.required_risk_level
    return CheckItem("risk_level", passed, "eligibility.d.risk", required, params)


# ------------------------------------------------------------------------------------------------ tab lists


@dataclass(frozen=True)
class WarningItem:
    id: int
    kind: str
    status: str
    account_no: str
    raised_as_of: date
    last_seen_as_of: date
    due_date: date | None
    contact_due: date | None
    closed_at: datetime | None


@dataclass(frozen=True)
class CallbackItem:
    id: int
    due_date: date
    status: str
    source: str
    done_at: datetime | None
    done_by: str
    channel: str
    outcome: str
    satisfaction: int | None
    would_recommend: int | None


@dataclass(frozen=True)
class CaseItem:
    id: int
    case_no: str
    received_at: datetime
    channel: str
    category: str
    urgency: str
    status: str
    summary: str
    ack_due: date
    respond_due: date
    closed_at: datetime | None


@dataclass(frozen=True)
class DocumentItem:
    id: int
    doc_no: str
    kind: str
    period: str
    as_of: date | None
    generated_at: datetime
    generated_by: str
    file_name: str
    pages: int
    sha256: str
    signed_returned_at: datetime | None


@dataclass(frozen=True)
class RelatedClient:
    """A related client; ``visible`` says whether the actor may open its file (an RM only their own)."""

    id: int
    client_no: str
    name: str
    relation: str
    visible: bool


def list_warnings(session: Session, actor: Actor, client_id: int) -> list[WarningItem]:
    """Every warning of the client, newest first (resolved ones too: the history is kept)."""
    load_visible_client(session, actor, client_id)
    rows = session.execute(
        select(RiskWarning, CreditAccount.account_no)
        .outerjoin(CreditAccount, CreditAccount.id == RiskWarning.account_id)
        .where(RiskWarning.client_id == client_id)
        .order_by(RiskWarning.raised_as_of.desc(), RiskWarning.id.desc())
    ).all()
    return [
        WarningItem(
            w.id, w.kind, w.status, acc or "", w.raised_as_of, w.last_seen_as_of, w.due_date, w.contact_due, w.closed_at
        )
        for w, acc in rows
    ]


def list_callbacks(session: Session, actor: Actor, client_id: int) -> list[CallbackItem]:
    """Every callback of the client, latest due date first."""
    load_visible_client(session, actor, client_id)
    rows = session.execute(
        select(Callback, User.display_name)
        .outerjoin(User, User.id == Callback.done_by)
        .where(Callback.client_id == client_id)
        .order_by(Callback.due_date.desc(), Callback.id.desc())
    ).all()
    return [
        CallbackItem(
            c.id,
            c.due_date,
            c.status,
            c.source,
            c.done_at,
            who or "",
            c.channel or "",
            c.outcome or "",
            c.satisfaction,
            c.would_recommend,
        )
        for c, who in rows
    ]


def list_cases(session: Session, actor: Actor, client_id: int) -> list[CaseItem]:
    """Every complaint case of the client, newest first."""
    load_visible_client(session, actor, client_id)
    rows = session.execute(
        select(ComplaintCase)
        .where(ComplaintCase.client_id == client_id)
        .order_by(ComplaintCase.received_at.desc(), ComplaintCase.id.desc())
    ).scalars()
    return [
        CaseItem(
            c.id,
            c.case_no,
            c.received_at,
            c.channel,
            c.category,
            c.urgency,
            c.status,
            c.summary,
            c.ack_due,
            c.respond_due,
            c.closed_at,
        )
        for c in rows
    ]


def list_documents(session: Session, actor: Actor, client_id: int) -> list[DocumentItem]:
    """The document register's entries for the client (archived entries included), newest first."""
    load_visible_client(session, actor, client_id)
    rows = session.execute(
        select(DocumentRecord, User.display_name)
        .outerjoin(User, User.id == DocumentRecord.generated_by)
        .where(DocumentRecord.client_id == client_id, DocumentRecord.kind != "merged")  # merged file: a batch
        .order_by(DocumentRecord.generated_at.desc(), DocumentRecord.id.desc())
    ).all()
    return [
        DocumentItem(
            d.id,
            d.doc_no,
            d.kind,
            d.period or "",
            d.as_of,
            d.generated_at,
            who or "",
            d.file_name,
            d.pages,
            d.sha256,
            d.signed_returned_at,
        )
        for d, who in rows
    ]


def list_related(session: Session, actor: Actor, client_id: int) -> list[RelatedClient]:
    """Linked clients (both directions), the actual controller, the clients it controls and their siblings."""
    client = load_visible_client(session, actor, client_id)
    other = aliased(Client)
    found: dict[int, tuple[Client, str]] = {}
    links = session.execute(
        select(ClientLink, other)
        .join(
            other,
            or_(
                (ClientLink.client_id == client_id) & (other.id == ClientLink.related_client_id),
                (ClientLink.related_client_id == client_id) & (other.id == ClientLink.client_id),
            ),
        )
        .where(or_(ClientLink.client_id == client_id, ClientLink.related_client_id == client_id))
    ).all()
    for link, rel in links:
        found.setdefault(rel.id, (rel, link.relation))
    group = session.execute(
        select(Client).where(
            or_(
                Client.id == client.controller_id,
                Client.controller_id == client_id,
                (Client.controller_id == client.controller_id) if client.controller_id else Client.id.is_(None),
            ),
            Client.id != client_id,
        )
    ).scalars()
    for rel in group:
        if rel.id == client.controller_id:
            relation = i18n.t("clients.rel.controller")
        elif rel.controller_id == client_id:
            relation = i18n.t("clients.rel.controlled")
        else:
            relation = i18n.t("clients.rel.same_controller")
        found.setdefault(rel.id, (rel, relation))
    all_visible = sees_all_clients(actor)
    out = [
        RelatedClient(c.id, c.client_no, c.name, relation, all_visible or (c.rm_id is not None and c.rm_id == actor.id))
        for c, relation in found.values()
    ]
    return sorted(out, key=lambda r: r.client_no)
