"""The demo's warning history: what the daily risk scans and the RMs would have done before the as-of date.

The real risk scan (rmdesk.services.risk.refresh) raises today's warnings. This module then makes them look like
a desk in use: a ratio warning whose account has been below the line for some days was raised on the first of
those days (with the scan's deadline from then, escalated when it passed, as the scan would have done); RMs have
notified some clients (phone/SMS/visit/letter, with what was said); warnings whose due date has passed are
escalated; and earlier episodes in the ratio history that recovered are kept as resolved warnings, each step an
event. It writes with Core and returns the margin calls and emergencies for the after-warning callbacks.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from rmdesk import i18n
from rmdesk.services import risk  # noqa: F401  (registers the risk.* messages used in event notes)
from rmdesk.services.calendar import TradingCalendar
from rmdesk.services.demo_history import RiskTrail
from rmdesk.services.demo_store import core_table, insert_rows
from rmdesk.services.policy import Policy
from rmdesk.store.models import RiskWarning, WarningEvent

RATIO_KINDS = {"ratio_warning": 1, "margin_call": 2, "emergency": 3}
KIND_OF_LEVEL = {v: k for k, v in RATIO_KINDS.items()}
LEVEL_NAME = {1: "warning", 2: "closeout", 3: "emergency"}
PPM = 1_000_000
HISTORY_WINDOW = 120  # trading days of past episodes kept as resolved warnings
MAX_PAST_EPISODES = 3
# kind → (share the RM has notified, channels to choose from)
NOTIFY = {
    "ratio_warning": (0.5, ("phone", "SMS")),
    "margin_call": (0.75, ("phone", "phone", "SMS", "letter")),
    "emergency": (0.85, ("phone", "visit")),
    "concentration": (0.3, ("phone", "visit")),
    "contract_expiry": (0.5, ("SMS", "phone")),
    "assessment_expiry": (0.4, ("SMS", "phone")),
    "suitability": (0.3, ("visit", "letter", "phone")),
    "credit_limit": (0.3, ("phone",)),
}
_SAID = {
    "ratio_warning": "已提醒客户维持担保比例低于警戒线，建议关注持仓风险",
    "margin_call": "已通知客户追加担保物或偿还负债，告知追保期限及逾期将强制平仓",
    "emergency": "已紧急联系客户，说明比例低于紧急线，次一交易日前须补足",
    "concentration": "已提示单一证券持仓集中度过高，建议分散持仓",
    "contract_expiry": "已提醒合约即将到期，请按期了结或申请展期",
    "assessment_expiry": "已提醒客户风险测评即将过期，请尽快重新测评",
    "suitability": "已告知客户风险等级与融资融券业务不匹配，请重新测评",
    "credit_limit": "已告知客户授信额度使用率较高，如需可申请调整额度",
}
_ESCALATE_NOTE = "客户未能按期处理，已上报营业部负责人"


Step = tuple[datetime, int | None, str, str | None, str, date, dict[str, Any]]  # at, user, action, from, to, day, kw


@dataclass(frozen=True)
class WarningContext:
    """What the warning history needs to know about the book."""

    rng: random.Random
    as_of: date
    cal: TradingCalendar
    policy: Policy
    days: list[date]  # the ratio-history days, oldest first (all before as_of)
    rm_of_account: dict[int, int | None]
    client_of_account: dict[int, int]
    target_of_account: dict[int, int]  # ppm
    supervisor_id: int


@dataclass(frozen=True)
class FollowUp:
    """A margin call or emergency that calls for an after-warning callback (SPEC §4)."""

    client_id: int
    warning_id: int
    raised_on: date


def _at(d: date, rng: random.Random, start_hour: int = 9, end_hour: int = 17) -> datetime:
    return datetime.combine(d, time(rng.randint(start_hour, end_hour - 1), rng.randint(0, 59), rng.randint(0, 59)))


def _event(
    wid: int, at: datetime, user: int | None, action: str, before: str | None, after: str, d: date, **kw: Any
) -> dict[str, Any]:
    return {
        "warning_id": wid,
        "at": at,
        "user_id": user,
        "action": action,
        "from_status": before,
        "to_status": after,
        "channel": kw.get("channel"),
        "note": kw.get("note", ""),
        "as_of": d,
    }


def _due(ctx: WarningContext, kind: str, raised: date) -> tuple[date | None, date | None]:
    """(due date, contact due) the scan gives a ratio-kind warning raised on ``raised``."""
    p = ctx.policy
    if kind == "ratio_warning":
        return None, ctx.cal.add_trading_days(raised, p.warning_contact_trading_days)
    days = p.margin_call_trading_days if kind == "margin_call" else p.emergency_trading_days
    return ctx.cal.add_trading_days(raised, days), None


def _trailing_start(levels: Any, level: int) -> int | None:
    """Index of the first day of the run of ``level`` that lasts until the last history day, if any."""
    i = len(levels)
    while i > 0 and levels[i - 1] == level:
        i -= 1
    return None if i == len(levels) else i


def _raise_time(d: date, rng: random.Random) -> datetime:
    """The scan runs after the day's import, 16:00–16:29; RMs call afterwards (17–19) or the next morning."""
    return datetime.combine(d, time(16, rng.randint(0, 29), rng.randint(0, 59)))


def _notify_time(raised: date, told: date, rng: random.Random) -> datetime:
    return _at(told, rng, 17, 20) if told == raised else _at(told, rng, 9, 12)


def shape_current(session: Session, ctx: WarningContext, trails: dict[int, RiskTrail]) -> list[FollowUp]:
    """Date today's warnings at the as-of day's scan, backdate ratio warnings to the start of their episode
    (escalating those whose deadline has passed, as the daily scans would have), and record RM notifications."""
    rng, as_of = ctx.rng, ctx.as_of
    rows = session.execute(
        select(
            RiskWarning.id,
            RiskWarning.account_id,
            RiskWarning.client_id,
            RiskWarning.kind,
            RiskWarning.due_date,
            RiskWarning.contact_due,
        )
        .where(RiskWarning.status == "open")
        .order_by(RiskWarning.id)
    ).all()
    events: list[dict[str, Any]] = []
    changes: list[dict[str, Any]] = []
    follow: list[FollowUp] = []
    for wid, account_id, client_id, kind, scan_due, scan_contact in rows:
        raised, due, contact = as_of, scan_due, scan_contact
        trail = trails.get(account_id)
        if kind in RATIO_KINDS and trail is not None:
            start = _trailing_start(trail.levels, RATIO_KINDS[kind])
            if start is not None:
                raised = ctx.days[start]
                due, contact = _due(ctx, kind, raised)
        raised_at = _raise_time(raised, rng)
        if kind in ("margin_call", "emergency"):
            follow.append(FollowUp(client_id, wid, raised))
        rm = ctx.rm_of_account.get(account_id) or ctx.supervisor_id
        status = "open"
        share, channels = NOTIFY[kind]
        if raised < as_of:  # days old: most RMs have made the call by now
            share = max(share, 0.85)
        if rng.random() < share:
            told = raised if raised == as_of or rng.random() < 0.7 else ctx.cal.next_trading_day(raised)
            note = _SAID[kind]
            at = _notify_time(raised, told, rng)
            events.append(
                _event(wid, at, rm, "notified", "open", "notified", told, channel=rng.choice(channels), note=note)
            )
            status = "notified"
        if raised < as_of and due is not None and as_of > due:  # the scans since would have escalated it
            on = ctx.cal.next_trading_day(due)
            note = i18n.t("risk.overdue", "zh_CN", due=due.isoformat())
            events.append(_event(wid, _raise_time(on, rng), None, "escalated", status, "escalated", on, note=note))
            status = "escalated"
        elif status == "notified" and kind in ("suitability", "concentration", "margin_call") and rng.random() < 0.15:
            at = _at(as_of, rng, 20, 21)
            events.append(_event(wid, at, rm, "escalated", status, "escalated", as_of, note=_ESCALATE_NOTE))
            status = "escalated"
        changes.append(
            {"b_id": wid, "b_raised": raised, "b_at": raised_at, "b_due": due, "b_contact": contact, "b_status": status}
        )
    if not changes:
        return follow
    _ensure_every_status(ctx, changes, events)
    t, e = core_table(RiskWarning), core_table(WarningEvent)
    session.execute(
        t.update()
        .where(t.c.id == bindparam("b_id"))
        .values(
            raised_as_of=bindparam("b_raised"),
            raised_at=bindparam("b_at"),
            due_date=bindparam("b_due"),
            contact_due=bindparam("b_contact"),
            status=bindparam("b_status"),
            version=t.c.version + 1,
        ),
        changes,
    )
    session.execute(
        e.update()
        .where(e.c.warning_id == bindparam("b_id"), e.c.action == "raised")
        .values(at=bindparam("b_at"), as_of=bindparam("b_raised")),
        [{"b_id": c["b_id"], "b_at": c["b_at"], "b_raised": c["b_raised"]} for c in changes],
    )
    events.sort(key=lambda ev: (ev["at"], ev["warning_id"]))
    insert_rows(session, WarningEvent, events)
    return follow


def _ensure_every_status(ctx: WarningContext, changes: list[dict[str, Any]], events: list[dict[str, Any]]) -> None:
    """However small the book, the desk shows open, notified and escalated warnings (resolved come from history)."""
    have = {c["b_status"] for c in changes}
    for wanted, source in (("notified", "open"), ("escalated", "notified"), ("open", None)):
        if wanted in have or len(changes) < 3:
            continue
        pool = [c for c in changes if c["b_status"] == source] if source else []
        if not pool:
            continue
        c = pool[0]
        at = _at(ctx.as_of, ctx.rng, 21 if wanted == "escalated" else 20, 22 if wanted == "escalated" else 21)
        note = _ESCALATE_NOTE if wanted == "escalated" else "已电话通知客户"
        channel = None if wanted == "escalated" else "phone"
        events.append(
            _event(c["b_id"], at, ctx.supervisor_id, wanted, source, wanted, ctx.as_of, channel=channel, note=note)
        )
        c["b_status"] = wanted
        have.add(wanted)


def _episodes(trail: RiskTrail, today_level: int) -> list[tuple[int, int, int]]:
    """Completed runs (level, first day, last day) of the account's history, most recent first."""
    lv = trail.levels
    n = len(lv)
    runs: list[tuple[int, int, int]] = []
    i = n - 1
    while i >= 0 and len(runs) < MAX_PAST_EPISODES and i >= n - HISTORY_WINDOW:
        level = int(lv[i])
        j = i
        while j > 0 and lv[j - 1] == level:
            j -= 1
        ongoing = i == n - 1 and level == today_level
        if level > 0 and not ongoing and j > 0:
            runs.append((level, j, i))
        i = j - 1
    return runs


def past_episodes(
    session: Session, ctx: WarningContext, trails: dict[int, RiskTrail], today_levels: dict[int, int]
) -> list[FollowUp]:
    """Resolved warnings for the ratio episodes of the history that recovered, with their events."""
    rng = ctx.rng
    rows: list[dict[str, Any]] = []
    steps: list[list[Step]] = []
    meta: list[tuple[int, str, date]] = []
    for account_id in sorted(trails):
        trail = trails[account_id]
        for level, first, last in _episodes(trail, today_levels.get(account_id, 0)):
            kind = KIND_OF_LEVEL[level]
            raised = ctx.days[first]
            cleared = ctx.days[last + 1] if last + 1 < len(ctx.days) else ctx.as_of
            due, contact = _due(ctx, kind, raised)
            rm = ctx.rm_of_account.get(account_id) or ctx.supervisor_id
            raised_at, closed_at = _raise_time(raised, rng), _raise_time(cleared, rng)
            detail: dict[str, Any] = {"ratio": _ratio_text(trail, first), "level": LEVEL_NAME[level]}
            if kind != "ratio_warning":
                detail["topup_to_target"] = _topup_text(trail, first, ctx.target_of_account[account_id])
            rows.append(
                {
                    "account_id": account_id,
                    "client_id": ctx.client_of_account[account_id],
                    "kind": kind,
                    "status": "resolved",
                    "raised_as_of": raised,
                    "last_seen_as_of": ctx.days[last],
                    "raised_at": raised_at,
                    "due_date": due,
                    "contact_due": contact,
                    "detail": json.dumps(detail, ensure_ascii=False),
                    "closed_at": closed_at,
                    "version": 1,
                }
            )
            cause = i18n.t("risk.raised", "zh_CN", kind=i18n.t(f"warning.{kind}", "zh_CN"), ratio=_pct(trail, first))
            seq: list[Step] = [(raised_at, None, "raised", None, "open", raised, {"note": cause})]
            status = "open"
            share, channels = NOTIFY[kind]
            if rng.random() < share + 0.1:
                told = ctx.days[min(last, first + (0 if rng.random() < 0.7 else 1))]
                seq.append(
                    (
                        _notify_time(raised, told, rng),
                        rm,
                        "notified",
                        status,
                        "notified",
                        told,
                        {"channel": rng.choice(channels), "note": _SAID[kind]},
                    )
                )
                status = "notified"
            if due is not None and ctx.days[last] > due:
                on = ctx.cal.next_trading_day(due)
                note = i18n.t("risk.overdue", "zh_CN", due=due.isoformat())
                seq.append((_raise_time(on, rng), None, "escalated", status, "escalated", on, {"note": note}))
                status = "escalated"
            if status == "escalated" and rng.random() < 0.5:
                seq.append(
                    (
                        closed_at,
                        ctx.supervisor_id,
                        "resolved",
                        status,
                        "resolved",
                        cleared,
                        {"note": "客户已追加担保物，比例恢复至警戒线以上，主管确认解除"},
                    )
                )
            else:
                seq.append(
                    (
                        closed_at,
                        None,
                        "resolved",
                        status,
                        "resolved",
                        cleared,
                        {"note": i18n.t("risk.cleared", "zh_CN")},
                    )
                )
            steps.append(seq)
            if kind != "ratio_warning":
                meta.append((len(rows) - 1, kind, raised))
    if not rows:
        return []
    insert_rows(session, RiskWarning, rows)
    # Read the new ids back by (account, kind, raise day), unique among resolved warnings: no RETURNING needed.
    found = session.execute(
        select(RiskWarning.account_id, RiskWarning.kind, RiskWarning.raised_as_of, RiskWarning.id).where(
            RiskWarning.status == "resolved"
        )
    ).all()
    by_key = {(a, k, d): i for a, k, d, i in found}
    ids = [by_key[(r["account_id"], r["kind"], r["raised_as_of"])] for r in rows]
    events = [
        _event(wid, at, user, action, before, after, d, **kw)
        for wid, seq in zip(ids, steps, strict=True)
        for at, user, action, before, after, d, kw in seq
    ]
    insert_rows(session, WarningEvent, events)
    return [FollowUp(rows[i]["client_id"], ids[i], raised) for i, _kind, raised in meta]


def _ratio_text(trail: RiskTrail, day: int) -> str:
    """The stored 4-decimal ratio (ppm, a multiple of 100) as exact text: 1287500 → 1.2875."""
    ppm = int(trail.ratio_ppm[day])
    return f"{ppm // PPM}.{ppm % PPM // 100:04d}"


def _pct(trail: RiskTrail, day: int) -> str:
    ppm = int(trail.ratio_ppm[day])
    return f"{ppm // 10_000}.{ppm % 10_000 // 100:02d}%"


def _topup_text(trail: RiskTrail, day: int, target_ppm: int) -> str:
    """max(0, target × liabilities − assets) in yuan, half up to the fen, from that day's stored values (fen)."""
    need = int(trail.liabilities_fen[day]) * target_ppm - int(trail.assets_fen[day]) * PPM
    fen = max(0, (need + PPM // 2) // PPM)
    return f"{fen // 100}.{fen % 100:02d}"
