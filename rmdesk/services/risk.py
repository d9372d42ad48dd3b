"""The risk scan (SPEC §3.2): levels → warnings, one active warning per account and kind, every step an event.

``refresh`` is what runs after every import and on demand: the engine computes and stores the day's figures,
then ``scan`` raises, updates, resolves and escalates warnings from them.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Table, bindparam, func, insert, select, update
from sqlalchemy.orm import Session

from rmdesk import clock, i18n
from rmdesk.services import audit
from rmdesk.services.audit import SYSTEM, Actor
from rmdesk.services.calendar import TradingCalendar, load_calendar
from rmdesk.services.figures import Figures, compute_and_store, read_figures
from rmdesk.services.policy import Policy, load_policy
from rmdesk.services.progress import NullProgress, Progress, check_cancel
from rmdesk.store.models import AccountFigures, Client, CreditAccount, RiskWarning, WarningEvent

ACTIVE = ("open", "notified", "escalated")  # not resolved: at most one per account and kind
LEVEL_KIND = {"warning": "ratio_warning", "closeout": "margin_call", "emergency": "emergency"}

i18n.register(
    {
        "warning.ratio_warning": ("低于警戒线", "below the warning line"),
        "warning.margin_call": ("追加担保物", "margin call"),
        "warning.emergency": ("低于紧急线", "below the emergency line"),
        "warning.concentration": ("持仓集中度超限", "concentration above the limit"),
        "warning.contract_expiry": ("合约即将到期", "contract due soon"),
        "warning.assessment_expiry": ("风险测评即将过期", "risk assessment expiring"),
        "warning.suitability": ("适当性不匹配", "suitability mismatch"),
        "warning.credit_limit": ("授信额度使用率过高", "credit line nearly used up"),
        "status.open": ("待处理", "open"),
        "status.notified": ("已通知", "notified"),
        "status.resolved": ("已解除", "resolved"),
        "status.escalated": ("已升级", "escalated"),
        "level.normal": ("正常", "normal"),
        "level.warning": ("警戒", "warning"),
        "level.closeout": ("平仓", "close-out"),
        "level.emergency": ("紧急", "emergency"),
    }
)


@dataclass(frozen=True)
class Condition:
    """A warning the figures call for: its kind, due date and what triggered it."""

    kind: str
    due: date | None
    contact_due: date | None
    detail: dict[str, Any]


@dataclass(frozen=True)
class ScanChange:
    account_no: str
    client_no: str
    kind: str
    action: str  # raised / updated / resolved / escalated
    status: str
    due: date | None


@dataclass(frozen=True)
class LevelChange:
    account_no: str
    client_no: str
    before: str | None
    after: str


@dataclass(frozen=True)
class ScanResult:
    as_of: date
    accounts: int
    changes: tuple[ScanChange, ...]
    level_changes: tuple[LevelChange, ...]
    missing_calendar_years: frozenset[int]

    def count(self, action: str) -> int:
        return sum(1 for c in self.changes if c.action == action)


def assessment_expiry(assessed_on: date, years: int) -> date:
    """The same calendar date ``years`` later; 29 Feb → 28 Feb (SPEC §3.2)."""
    try:
        return assessed_on.replace(year=assessed_on.year + years)
    except ValueError:
        return assessed_on.replace(year=assessed_on.year + years, day=28)


def conditions_for(
    f: Figures, client: ClientFacts, policy: Policy, cal: TradingCalendar, as_of: date, missing: set[int]
) -> list[Condition]:
    """Every warning kind the account's figures and client facts call for on ``as_of``."""
    out: list[Condition] = []
    ratio = None if f.maintenance_ratio is None else str(f.maintenance_ratio)
    base = {"ratio": ratio, "level": f.level}
    kind = LEVEL_KIND.get(f.level)
    if kind == "ratio_warning":
        contact = cal.deadline_trading(as_of, policy.warning_contact_trading_days)
        missing |= contact.missing_years
        out.append(Condition(kind, None, contact.day, base))
    elif kind == "margin_call":
        due = cal.deadline_trading(as_of, policy.margin_call_trading_days)
        missing |= due.missing_years
        out.append(
            Condition(
                kind,
                due.day,
                None,
                {**base, "topup_to_target": str(f.topup_to_target), "repay_to_target": str(f.repay_to_target)},
            )
        )
    elif kind == "emergency":
        due = cal.deadline_trading(as_of, policy.emergency_trading_days)
        missing |= due.missing_years
        out.append(Condition(kind, due.day, None, {**base, "topup_to_target": str(f.topup_to_target)}))
    if f.concentration_breach and f.max_concentration is not None:
        out.append(
            Condition(
                "concentration",
                None,
                None,
                {**base, "code": f.max_concentration.code, "share": str(f.max_concentration.share)},
            )
        )
    if f.earliest_due is not None and (f.earliest_due - as_of).days <= policy.contract_expiry_notice_days:
        out.append(Condition("contract_expiry", f.earliest_due, None, {"earliest_due": f.earliest_due.isoformat()}))
    if client.risk_assessed_on is None:
        out.append(Condition("assessment_expiry", None, None, {"assessed_on": None}))
    else:
        expiry = assessment_expiry(client.risk_assessed_on, policy.assessment_valid_years)
        if (expiry - as_of).days <= policy.assessment_notice_days:
            out.append(
                Condition("assessment_expiry", expiry, None, {"assessed_on": client.risk_assessed_on.isoformat()})
            )
    if client.risk_level is None or client.risk_level < policy.required_risk_level:
        out.append(
            Condition(
                "suitability", None, None, {"risk_level": client.risk_level, "required": policy.required_risk_level}
            )
        )
    if f.credit_usage_breach:
        out.append(
            Condition(
                "credit_limit", None, None, {"credit_used": str(f.credit_used), "credit_limit": str(f.credit_limit)}
            )
        )
    return out


@dataclass(frozen=True)
class ClientFacts:
    risk_level: int | None
    risk_assessed_on: date | None


def refresh(
    session: Session,
    as_of: date,
    account_ids: Collection[int] | None = None,
    actor: Actor = SYSTEM,
    progress: Progress | None = None,
) -> ScanResult:
    """Compute and store the day's figures with the engine, then scan. Runs in the caller's transaction."""
    progress = progress or NullProgress()
    progress.status(i18n.t("risk.computing"))
    policy = load_policy(session)
    previous = _previous_levels(session, as_of, account_ids)
    figures = compute_and_store(session, as_of, account_ids, policy)
    check_cancel(progress)
    progress.status(i18n.t("risk.scanning"))
    return scan(session, as_of, figures, actor=actor, policy=policy, previous_levels=previous)


def rescan(session: Session, actor: Actor = SYSTEM, progress: Progress | None = None) -> ScanResult | None:
    """On-demand scan of the latest import (after a policy change, say). None when nothing was imported."""
    latest = session.execute(select(func.max(AccountFigures.as_of))).scalar()
    if latest is None:
        return None
    return refresh(session, latest, None, actor, progress)


def _previous_levels(session: Session, as_of: date, account_ids: Collection[int] | None) -> dict[int, str]:
    """Each account's level on its latest figures before ``as_of`` (for "what changed" after an import)."""
    sub = (
        select(AccountFigures.account_id, func.max(AccountFigures.as_of).label("d"))
        .where(AccountFigures.as_of < as_of)
        .group_by(AccountFigures.account_id)
        .subquery()
    )
    q = select(AccountFigures.account_id, AccountFigures.level).join(
        sub, (AccountFigures.account_id == sub.c.account_id) & (AccountFigures.as_of == sub.c.d)
    )
    rows = session.execute(q).all()
    wanted = None if account_ids is None else set(account_ids)
    return {a: lvl for a, lvl in rows if wanted is None or a in wanted}


i18n.register(
    {
        "risk.computing": ("正在计算账户指标…", "Computing account figures…"),
        "risk.scanning": ("正在扫描风险预警…", "Scanning for risk warnings…"),
    }
)


def scan(
    session: Session,
    as_of: date,
    figures: Sequence[Figures] | None = None,
    *,
    actor: Actor = SYSTEM,
    policy: Policy | None = None,
    previous_levels: dict[int, str] | None = None,
) -> ScanResult:
    """Raise, update, resolve and escalate warnings for the accounts in ``figures`` (default: stored ones)."""
    policy = policy or load_policy(session)
    if figures is None:
        figures = read_figures(session, as_of)
    cal = load_calendar(session)
    now = clock.now()
    ids = [f.account_id for f in figures]
    clients = _client_facts(session, [f.client_id for f in figures])
    active = _active_warnings(session, ids)
    missing: set[int] = set()
    changes: list[ScanChange] = []
    new_rows: list[dict[str, Any]] = []
    new_meta: list[tuple[Figures, Condition]] = []
    events: list[dict[str, Any]] = []
    audits: list[audit.Change] = []

    updates: list[dict[str, Any]] = []
    for f in figures:
        wanted = {c.kind: c for c in conditions_for(f, clients[f.client_id], policy, cal, as_of, missing)}
        have = active.get(f.account_id, {})
        for kind, w in have.items():
            cond = wanted.get(kind)
            if cond is None:
                updates.append(_row(w, as_of, status="resolved", closed_at=now))
                events.append(
                    _event(w.id, now, "resolved", w.status, "resolved", as_of, i18n.t("risk.cleared", "zh_CN"))
                )
                audits.append(audit.Change("warning", w.id, "resolve", {"status": w.status}, {"status": "resolved"}))
                changes.append(ScanChange(f.account_no, f.client_no, kind, "resolved", "resolved", w.due_date))
                continue
            due = w.due_date
            if cond.due != w.due_date and kind in ("contract_expiry", "assessment_expiry"):
                due = cond.due
                events.append(_event(w.id, now, "updated", w.status, w.status, as_of, f"due {w.due_date} → {due}"))
                changes.append(ScanChange(f.account_no, f.client_no, kind, "updated", w.status, due))
            status = w.status
            if w.status in ("open", "notified") and due is not None and as_of > due:
                status = "escalated"
                note = i18n.t("risk.overdue", "zh_CN", due=due.isoformat())
                events.append(_event(w.id, now, "escalated", w.status, "escalated", as_of, note))
                audits.append(audit.Change("warning", w.id, "escalate", {"status": w.status}, {"status": "escalated"}))
                changes.append(ScanChange(f.account_no, f.client_no, kind, "escalated", "escalated", due))
            updates.append(
                _row(w, as_of, status=status, due_date=due, detail=json.dumps(cond.detail, ensure_ascii=False))
            )
        for kind, cond in wanted.items():
            if kind in have:
                continue
            new_rows.append(
                {
                    "account_id": f.account_id,
                    "client_id": f.client_id,
                    "kind": kind,
                    "status": "open",
                    "raised_as_of": as_of,
                    "last_seen_as_of": as_of,
                    "raised_at": now,
                    "due_date": cond.due,
                    "contact_due": cond.contact_due,
                    "detail": json.dumps(cond.detail, ensure_ascii=False),
                    "version": 1,
                }
            )
            new_meta.append((f, cond))

    _apply_updates(session, updates)
    if new_rows:
        session.execute(insert(RiskWarning), new_rows)
        new_ids = _new_warning_ids(session, as_of, now)
        for f, cond in new_meta:
            wid = new_ids[(f.account_id, cond.kind)]
            events.append(_event(wid, now, "raised", None, "open", as_of, _cause(f, cond)))
            audits.append(
                audit.Change(
                    "warning", wid, "raise", None, {"kind": cond.kind, "account_no": f.account_no, "due": cond.due}
                )
            )
            changes.append(ScanChange(f.account_no, f.client_no, cond.kind, "raised", "open", cond.due))
    if events:
        session.execute(insert(WarningEvent), events)
    audit.record_many(session, actor, audits)
    level_changes = tuple(
        LevelChange(f.account_no, f.client_no, (previous_levels or {}).get(f.account_id), f.level)
        for f in figures
        if previous_levels is not None and previous_levels.get(f.account_id) != f.level
    )
    return ScanResult(as_of, len(figures), tuple(changes), level_changes, frozenset(missing))


i18n.register(
    {
        "risk.cleared": ("风险扫描：条件已解除", "risk scan: the condition has cleared"),
        "risk.overdue": ("到期日 {due} 已过仍未解除，自动升级", "due date {due} passed unresolved; escalated"),
        "risk.raised": ("风险扫描：{kind}（维持担保比例 {ratio}）", "risk scan: {kind} (maintenance ratio {ratio})"),
    }
)


def _cause(f: Figures, cond: Condition) -> str:
    ratio = "—" if f.maintenance_ratio is None else f"{f.maintenance_ratio * 100:.2f}%"
    return i18n.t("risk.raised", "zh_CN", kind=i18n.t(f"warning.{cond.kind}", "zh_CN"), ratio=ratio)


def _event(
    warning_id: int, at: Any, action: str, before: str | None, after: str, as_of: date, note: str
) -> dict[str, Any]:
    return {
        "warning_id": warning_id,
        "at": at,
        "user_id": None,
        "action": action,
        "from_status": before,
        "to_status": after,
        "channel": None,
        "note": note,
        "as_of": as_of,
    }


@dataclass(frozen=True)
class _Active:
    """An active warning as the scan needs it (plain values, not an ORM object)."""

    id: int
    account_id: int
    kind: str
    status: str
    due_date: date | None
    detail: str
    version: int


def _row(w: _Active, as_of: date, **values: Any) -> dict[str, Any]:
    row = {
        "wid": w.id,
        "last_seen_as_of": as_of,
        "status": w.status,
        "due_date": w.due_date,
        "detail": w.detail,
        "closed_at": None,
        "version": w.version + 1,
    }
    row.update(values)
    return row


def _apply_updates(session: Session, updates: list[dict[str, Any]]) -> None:
    """One executemany for every touched warning; the version moves on so an open editor sees the change."""
    if not updates:
        return
    table = RiskWarning.__table__
    assert isinstance(table, Table)
    stmt = (
        update(table)
        .where(table.c.id == bindparam("wid"))
        .values(
            last_seen_as_of=bindparam("last_seen_as_of"),
            status=bindparam("status"),
            due_date=bindparam("due_date"),
            detail=bindparam("detail"),
            closed_at=bindparam("closed_at"),
            version=bindparam("version"),
        )
    )
    session.execute(stmt, updates)


def _new_warning_ids(session: Session, as_of: date, now: Any) -> dict[tuple[int, str], int]:
    """Ids of the warnings just inserted: at most one active per (account, kind), so the pair names it."""
    rows = session.execute(
        select(RiskWarning.account_id, RiskWarning.kind, RiskWarning.id).where(
            RiskWarning.status == "open", RiskWarning.raised_as_of == as_of, RiskWarning.raised_at == now
        )
    ).all()
    return {(acct, kind): wid for acct, kind, wid in rows}


def _client_facts(session: Session, client_ids: list[int]) -> dict[int, ClientFacts]:
    out: dict[int, ClientFacts] = {}
    rows = session.execute(select(Client.id, Client.risk_level, Client.risk_assessed_on)).all()
    wanted = set(client_ids)
    for cid, level, assessed in rows:
        if cid in wanted:
            out[cid] = ClientFacts(level, assessed)
    return out


def _active_warnings(session: Session, account_ids: list[int]) -> dict[int, dict[str, _Active]]:
    wanted = set(account_ids)
    out: dict[int, dict[str, _Active]] = {}
    t = RiskWarning
    q = select(t.id, t.account_id, t.kind, t.status, t.due_date, t.detail, t.version).where(t.status.in_(ACTIVE))
    for row in session.execute(q):
        if row.account_id in wanted:
            out.setdefault(row.account_id, {})[row.kind] = _Active(*row)
    return out


@dataclass(frozen=True)
class WarningBrief:
    kind: str
    status: str
    due: date | None


def unresolved_by_account(
    session: Session, account_ids: Collection[int] | None = None
) -> dict[int, list[WarningBrief]]:
    """The warnings that are not resolved, per account, in kind order (for `risk` and the screens)."""
    q = (
        select(RiskWarning.account_id, RiskWarning.kind, RiskWarning.status, RiskWarning.due_date)
        .where(RiskWarning.status != "resolved")
        .order_by(RiskWarning.account_id, RiskWarning.id)
    )
    out: dict[int, list[WarningBrief]] = {}
    wanted = None if account_ids is None else set(account_ids)
    for acct, kind, status, due in session.execute(q):
        if acct is None or (wanted is not None and acct not in wanted):
            continue
        out.setdefault(acct, []).append(WarningBrief(kind, status, due))
    return out


def accounts_by_no(session: Session, numbers: Collection[str]) -> dict[str, int]:
    rows = session.execute(
        select(CreditAccount.account_no, CreditAccount.id).where(CreditAccount.account_no.in_(list(numbers)))
    ).all()
    return dict(rows)  # type: ignore[arg-type]
