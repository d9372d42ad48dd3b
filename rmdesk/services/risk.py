"""The risk scan (SPEC §3.2): levels → warnings, one active warning per account and kind, every step an event.

``refresh`` is what runs after every import and on demand: the engine computes and stores the day's figures,
then ``scan`` raises, updates, resolves and escalates warnings from them.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import numpy as np
from sqlalchemy import Table, func, insert, select
from sqlalchemy.orm import Session

from rmdesk import clock, i18n
from rmdesk.services import audit
from rmdesk.services.audit import SYSTEM, Actor
from rmdesk.services.calendar import load_calendar
from rmdesk.services.figures import DayColumns, Figures, day_columns, read_day, store_day
from rmdesk.services.figures_store import levels_before
from rmdesk.services.policy import Policy, load_policy
from rmdesk.services.progress import NullProgress, Progress, check_cancel
from rmdesk.services.risk_conditions import (
    LEVEL_KIND,
    SCANNED,
    Condition,
    assessment_expiry,
    client_facts,
    day_conditions,
)
from rmdesk.services.risk_rows import (
    ACTIVE,
    active_warnings,
    apply_updates,
    changed_row,
    event,
    mark_seen,
    new_warning_ids,
)
from rmdesk.store.models import AccountFigures, CreditAccount, RiskWarning, WarningEvent

__all__ = [
    "ACTIVE",
    "LEVEL_KIND",
    "LevelChange",
    "ScanChange",
    "ScanResult",
    "WarningBrief",
    "accounts_by_no",
    "assessment_expiry",
    "refresh",
    "rescan",
    "scan",
    "unresolved_by_account",
]

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
    previous = levels_before(session, as_of, account_ids)
    day = store_day(session, as_of, account_ids, policy)
    check_cancel(progress)
    progress.status(i18n.t("risk.scanning"))
    return scan(session, as_of, day, actor=actor, policy=policy, previous_levels=previous)


def rescan(session: Session, actor: Actor = SYSTEM, progress: Progress | None = None) -> ScanResult | None:
    """On-demand scan of the latest import (after a policy change, say). None when nothing was imported."""
    latest = session.execute(select(func.max(AccountFigures.as_of))).scalar()
    if latest is None:
        return None
    return refresh(session, latest, None, actor, progress)


i18n.register(
    {
        "risk.computing": ("正在计算账户指标…", "Computing account figures…"),
        "risk.scanning": ("正在扫描风险预警…", "Scanning for risk warnings…"),
    }
)


def scan(
    session: Session,
    as_of: date,
    figures: DayColumns | Sequence[Figures] | None = None,
    *,
    actor: Actor = SYSTEM,
    policy: Policy | None = None,
    previous_levels: dict[int, str] | None = None,
) -> ScanResult:
    """Raise, update, resolve and escalate warnings for the accounts in ``figures`` (default: stored ones).

    The conditions are decided for all accounts at once; only accounts with a condition or an active warning
    are looked at one by one. An active warning the scan would leave as it is (same status, due date and
    detail) is not rewritten: only its last_seen_as_of moves to ``as_of``, without a version bump.
    """
    policy = policy or load_policy(session)
    if figures is None:
        figures = read_day(session, as_of, SCANNED)
    day = figures if isinstance(figures, DayColumns) else day_columns(figures)
    ids = day.columns["account_id"]
    conds = day_conditions(day, client_facts(session, day.client_id), policy, load_calendar(session), as_of)
    active = active_warnings(session, ids)
    look = conds.any.copy()
    if active:
        row_of = {acct: row for row, acct in enumerate(ids)}
        look[[row_of[acct] for acct in active]] = True
    now = clock.now()
    changes: list[ScanChange] = []
    new_rows: list[dict[str, Any]] = []
    new_meta: list[tuple[int, Condition]] = []
    events: list[dict[str, Any]] = []
    audits: list[audit.Change] = []
    updates: list[dict[str, Any]] = []
    seen: list[int] = []

    for row in np.nonzero(look)[0].tolist():
        account_no, client_no = day.account_no[row], day.client_no[row]
        wanted = conds.conditions(row)
        have = active.get(ids[row], {})
        for kind, w in have.items():
            cond = wanted.get(kind)
            if cond is None:
                updates.append(changed_row(w, as_of, status="resolved", closed_at=now))
                events.append(
                    event(w.id, now, "resolved", w.status, "resolved", as_of, i18n.t("risk.cleared", "zh_CN"))
                )
                audits.append(audit.Change("warning", w.id, "resolve", {"status": w.status}, {"status": "resolved"}))
                changes.append(ScanChange(account_no, client_no, kind, "resolved", "resolved", w.due_date))
                continue
            due = w.due_date
            if cond.due != w.due_date and kind in ("contract_expiry", "assessment_expiry"):
                due = cond.due
                events.append(event(w.id, now, "updated", w.status, w.status, as_of, f"due {w.due_date} → {due}"))
                changes.append(ScanChange(account_no, client_no, kind, "updated", w.status, due))
            status = w.status
            if w.status in ("open", "notified") and due is not None and as_of > due:
                status = "escalated"
                note = i18n.t("risk.overdue", "zh_CN", due=due.isoformat())
                events.append(event(w.id, now, "escalated", w.status, "escalated", as_of, note))
                audits.append(audit.Change("warning", w.id, "escalate", {"status": w.status}, {"status": "escalated"}))
                changes.append(ScanChange(account_no, client_no, kind, "escalated", "escalated", due))
            detail = cond.detail
            if status == w.status and due == w.due_date and detail == w.detail and w.closed_at is None:
                if w.last_seen_as_of != as_of:
                    seen.append(w.id)
                continue
            updates.append(changed_row(w, as_of, status=status, due_date=due, detail=detail))
        for kind, cond in wanted.items():
            if kind in have:
                continue
            new_rows.append(
                {
                    "account_id": ids[row],
                    "client_id": day.client_id[row],
                    "kind": kind,
                    "status": "open",
                    "raised_as_of": as_of,
                    "last_seen_as_of": as_of,
                    "raised_at": now,
                    "due_date": cond.due,
                    "contact_due": cond.contact_due,
                    "detail": cond.detail,
                    "version": 1,
                }
            )
            new_meta.append((row, cond))

    apply_updates(session, updates)
    mark_seen(session, seen, as_of)
    if new_rows:
        session.execute(insert(_table(RiskWarning)), new_rows)
        new_ids = new_warning_ids(session, as_of, now)
        for row, cond in new_meta:
            wid = new_ids[(ids[row], cond.kind)]
            events.append(event(wid, now, "raised", None, "open", as_of, _cause(conds.ratio(row), cond)))
            audits.append(
                audit.Change(
                    "warning",
                    wid,
                    "raise",
                    None,
                    {"kind": cond.kind, "account_no": day.account_no[row], "due": cond.due},
                )
            )
            changes.append(ScanChange(day.account_no[row], day.client_no[row], cond.kind, "raised", "open", cond.due))
    if events:
        session.execute(insert(_table(WarningEvent)), events)
    audit.record_many(session, actor, audits)
    return ScanResult(as_of, len(ids), tuple(changes), _level_changes(day, previous_levels), conds.missing_years)


def _table(model: Any) -> Table:
    """The model's Core table: plain executemany inserts, without the ORM's bulk machinery."""
    table = model.__table__
    assert isinstance(table, Table)
    return table


def _level_changes(day: DayColumns, previous: dict[int, str] | None) -> tuple[LevelChange, ...]:
    """The accounts whose level differs from ``previous`` (every account on the book's first day of figures).

    Built without the frozen dataclass ``__init__`` (four ``object.__setattr__`` calls each, about half of this
    step for 20,000 accounts); the objects are ordinary ``LevelChange``s.
    """
    if previous is None:
        return ()
    get, new, set_dict = previous.get, object.__new__, object.__setattr__
    out = []
    for acct, no, client_no, level in zip(
        day.columns["account_id"], day.account_no, day.client_no, day.columns["level"], strict=True
    ):
        before = get(acct)
        if before != level:
            change = new(LevelChange)
            set_dict(change, "__dict__", {"account_no": no, "client_no": client_no, "before": before, "after": level})
            out.append(change)
    return tuple(out)


i18n.register(
    {
        "risk.cleared": ("风险扫描：条件已解除", "risk scan: the condition has cleared"),
        "risk.overdue": ("到期日 {due} 已过仍未解除，自动升级", "due date {due} passed unresolved; escalated"),
        "risk.raised": ("风险扫描：{kind}（维持担保比例 {ratio}）", "risk scan: {kind} (maintenance ratio {ratio})"),
    }
)


def _cause(ratio: Decimal | None, cond: Condition) -> str:
    shown = "—" if ratio is None else f"{ratio * 100:.2f}%"
    return i18n.t("risk.raised", "zh_CN", kind=i18n.t(f"warning.{cond.kind}", "zh_CN"), ratio=shown)


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
