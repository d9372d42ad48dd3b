"""Callbacks (回访) for the demo book (SPEC §4): planned by the rules, most done with their script answers.

Sources follow the SPEC's rules: VIP clients monthly and 高净值 quarterly (tier), a 10% yearly sample (quota),
new accounts within a month, after margin calls and emergencies within 2 working days, after closed complaints
within 5, and hand-made recurring ones (manual) filling up to 2.5 callbacks per client. Callbacks due before the
as-of date are mostly done (channel, script items, outcome, satisfaction 1–5, would-recommend 0–10); some are
overdue, a few cancelled; later ones are planned.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy.orm import Session

from rmdesk.services.calendar import TradingCalendar
from rmdesk.services.demo_book import add_months
from rmdesk.services.demo_store import core_table, insert_rows
from rmdesk.services.policy import Policy
from rmdesk.store.models import Callback

CALLBACKS_PER_CLIENT_X2 = 5  # 2.5 per client (SPEC §9: 50,000 for 20,000 clients)
_CHANNELS = (("电话", 60), ("微信", 20), ("面访", 12), ("短信", 8))
_OUTCOMES = (("正常", 85), ("客户反映问题，已记录并跟进", 7), ("客户要求更新联系方式", 3), ("多次联系未果", 5))
_CANCELLED_NOTE = "客户明确拒绝回访，经主管同意取消"
_NOTES = ("客户对服务表示满意", "客户询问融资利率优惠", "提醒客户关注持仓集中度", "客户近期出差，改约下周", "")


@dataclass(frozen=True)
class CallbackClient:
    client_id: int
    rm_id: int  # the RM, or the supervisor for an unassigned client
    tier: str
    dormant: bool
    account_no: str
    opened_on: date


def _working(cal: TradingCalendar, d: date) -> date:
    return d if cal.is_working_day(d) else cal.add_working_days(d, 1)


def _weighted(rng: random.Random, options: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([o for o, _ in options], weights=[w for _, w in options])[0]


def plan_callbacks(
    rng: random.Random,
    cal: TradingCalendar,
    policy: Policy,
    as_of: date,
    clients: list[CallbackClient],
    warnings: list[tuple[int, int, date]],
    complaints: list[tuple[int, date, str]],
) -> list[tuple[CallbackClient, str, str | None, date, str | None]]:
    """(client, source, source_ref, due, recurrence) for every callback the rules and RMs planned."""
    by_id = {c.client_id: c for c in clients}
    out: list[tuple[CallbackClient, str, str | None, date, str | None]] = []
    for c in clients:
        if c.tier == "VIP":
            base = as_of - timedelta(days=rng.randint(0, 29))
            out += [(c, "tier", "VIP", _working(cal, add_months(base, -k)), "每月") for k in range(-1, 12)]
        elif c.tier == "高净值":
            base = as_of - timedelta(days=rng.randint(0, 89))
            out += [(c, "tier", "高净值", _working(cal, add_months(base, -3 * k)), "每季度") for k in range(-1, 4)]
        if (as_of - c.opened_on).days <= 400:
            due = _working(cal, add_months(c.opened_on, policy.new_account_callback_months))
            out.append((c, "new_account", c.account_no, due, None))
    eligible = [c for c in clients if not c.dormant]
    year_start = date(as_of.year, 1, 1)
    for c in rng.sample(eligible, max(1, int(len(eligible) * policy.callback_quota_share))):
        due = _working(cal, year_start + timedelta(days=rng.randint(0, 364)))
        out.append((c, "quota", str(as_of.year), due, None))
    for client_id, warning_id, raised in warnings:
        due = cal.add_working_days(raised, policy.after_warning_callback_working_days)
        out.append((by_id[client_id], "after_warning", f"warning:{warning_id}", due, None))
    for client_id, closed, case_no in complaints:
        due = cal.add_working_days(closed, policy.after_complaint_callback_working_days)
        out.append((by_id[client_id], "after_complaint", case_no, due, None))
    # created before the as-of date: drop plans dated before the client had an account
    out = [x for x in out if x[3] >= x[0].opened_on]
    target = len(clients) * CALLBACKS_PER_CLIENT_X2 // 2
    if len(out) > target:  # keep every rule-driven one but the oldest tier calls
        tier = sorted((i for i, x in enumerate(out) if x[1] == "tier"), key=lambda i: (out[i][3], i))
        drop = set(tier[: len(out) - target])
        out = [x for i, x in enumerate(out) if i not in drop]
    while len(out) < target:
        c = rng.choice(clients)
        every = rng.choice((2, 4, 8))
        first = as_of - timedelta(days=rng.randint(0, 120))
        times = rng.randint(2, 6)
        for k in range(times):
            if len(out) >= target:
                break
            due = _working(cal, first + timedelta(weeks=every * k))
            if due >= c.opened_on:
                out.append((c, "manual", None, due, f"每{every}周，共{times}次"))
    return out


def write_callbacks(
    session: Session,
    rng: random.Random,
    cal: TradingCalendar,
    as_of: date,
    plans: list[tuple[CallbackClient, str, str | None, date, str | None]],
) -> int:
    """Give each plan its state on the as-of date and insert them all; returns the count."""
    rows: list[dict[str, Any]] = []
    plans = sorted(plans, key=lambda x: (x[3], x[0].client_id, x[1]))
    for c, source, ref, due, recurrence in plans:
        state = _state(rng, as_of, due)
        created = datetime.combine(min(as_of, due - timedelta(days=rng.randint(3, 30))), time(8, 0))
        row: dict[str, Any] = {
            "client_id": c.client_id,
            "source": source,
            "source_ref": ref,
            "due_date": due,
            "status": state,
            "recurrence": recurrence,
            "created_by": c.rm_id if source == "manual" else None,
            "created_at": created,
            "version": 1,
        }
        if state == "done":
            row.update(_record(rng, cal, c, source, due, as_of))
        elif state == "cancelled":
            row["notes"] = _CANCELLED_NOTE
        rows.append(row)
    _ensure_states(rows, as_of)
    keys = [c.name for c in core_table(Callback).columns if c.name != "id"]
    insert_rows(session, Callback, [{k: r.get(k) for k in keys} for r in rows])
    return len(rows)


def _state(rng: random.Random, as_of: date, due: date) -> str:
    if due > as_of:
        return "done" if rng.random() < 0.08 else "planned"
    if due == as_of:
        return "done" if rng.random() < 0.4 else "planned"
    age = (as_of - due).days
    roll = rng.random()
    if roll < 0.02:
        return "cancelled"
    return "planned" if roll < (0.10 if age <= 30 else 0.03) else "done"


def _ensure_states(rows: list[dict[str, Any]], as_of: date) -> None:
    """Even a tiny book shows overdue, cancelled and upcoming callbacks next to done ones."""
    past = [r for r in rows if r["due_date"] < as_of and r["status"] == "done"]
    future = [r for r in rows if r["due_date"] > as_of]
    if past and not any(r["status"] == "planned" and r["due_date"] < as_of for r in rows):
        _undo(past.pop(), "planned")  # the most recent one is overdue
    if past and not any(r["status"] == "cancelled" for r in rows):
        _undo(past.pop(0), "cancelled")
    if future and not any(r["status"] == "planned" for r in future):
        _undo(future[0], "planned")


def _undo(row: dict[str, Any], status: str) -> None:
    """Turn a done callback back into ``status``: no record of a contact."""
    for key in ("done_at", "done_by", "channel", "outcome", "satisfaction", "would_recommend", "notes", *_SCRIPT):
        row.pop(key, None)
    row["status"] = status
    if status == "cancelled":
        row["notes"] = _CANCELLED_NOTE


_SCRIPT = (
    "identity_confirmed",
    "account_changes_confirmed",
    "no_staff_trading",
    "risk_disclosure_understood",
    "no_discretionary_mandate",
)


def _record(
    rng: random.Random, cal: TradingCalendar, c: CallbackClient, source: str, due: date, as_of: date
) -> dict[str, Any]:
    """What was done: when, how, the script answers, outcome and scores."""
    day = due if rng.random() < 0.5 else cal.subtract_working_days(due, rng.randint(1, 3))
    if rng.random() < 0.3 and due < as_of:
        day = min(cal.add_working_days(due, rng.randint(1, 2)), as_of)
    day = min(max(day, c.opened_on), as_of)
    channel = _weighted(rng, _CHANNELS)
    outcome = _weighted(rng, _OUTCOMES)
    reached = outcome != "多次联系未果"
    answered = reached and channel != "短信"
    low = source == "after_complaint"
    sat = rng.choices((1, 2, 3, 4, 5), weights=(4, 6, 20, 35, 35) if low else (1, 2, 10, 37, 50))[0]
    rec: dict[str, Any] = {
        "done_at": datetime.combine(day, time(rng.randint(9, 18), rng.randint(0, 59))),
        "done_by": c.rm_id,
        "channel": channel,
        "outcome": outcome,
        "satisfaction": sat if reached else None,
        "would_recommend": max(0, min(10, sat * 2 + rng.randint(-2, 1))) if reached else None,
        "notes": rng.choice(_NOTES) or None,
    }
    for key, p_yes in zip(_SCRIPT, (0.995, 0.97, 0.995, 0.96, 0.99), strict=True):
        rec[key] = (rng.random() < p_yes) if answered else None
    return rec
