"""Complaint cases for the demo book (SPEC §5): every status, each transition a timestamped, attributed event.

Each case is simulated from its receipt: acknowledgement, investigation, pauses waiting for the client,
sometimes a supervisor-approved extension, the response, closing, and now and then a reopening; a case whose
response deadline passes is escalated automatically. The simulation stops at the as-of date, so old cases are
closed and recent ones are in every open state. Deadlines are in working days; ``respond_due`` is the effective
due date: the base deadline plus the approved extension plus the working days already spent waiting for the
client. Case numbers are ``TS`` + year of receipt + a sequence per year, in order of receipt.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy.orm import Session

from rmdesk.services.calendar import TradingCalendar
from rmdesk.services.demo_store import ids_by_key, insert_rows
from rmdesk.services.policy import Policy
from rmdesk.store.models import CASE_STATUSES, CaseEvent, ComplaintCase

_CHANNELS = (("电话", 35), ("12386热线", 15), ("现场", 15), ("信函", 5), ("邮件", 10), ("网上", 20))
_CATEGORIES = (
    ("交易执行", 15, ("委托未能及时成交", "撤单失败导致重复成交")),
    ("收费与利息", 18, ("融资利息计算有异议", "佣金费率与约定不符")),
    ("强制平仓", 12, ("对强制平仓的时点和价格有异议", "未收到追保通知即被平仓")),
    ("适当性", 6, ("认为风险等级评定不准确", "对适当性匹配结果有异议")),
    ("服务态度", 20, ("客户经理回复不及时", "营业部柜台服务态度差")),
    ("系统故障", 12, ("交易软件登录异常", "行情延迟导致下单失误")),
    ("信息披露", 7, ("对账单内容不清楚", "折算率调整未提前告知")),
    ("其他", 10, ("咨询转户手续", "对营业部营业时间有意见")),
)
_OUTCOMES = (("已解决", 60), ("部分解决", 15), ("解释说明", 20), ("不成立", 5))
_EXTENSION_REASONS = (
    "需调取交易所及总部系统日志核实",
    "涉及多笔历史交易，需总部清算部门协助核对",
    "客户补充材料尚未齐全",
)


@dataclass(frozen=True)
class CaseClient:
    client_id: int
    handler_id: int  # the client's RM, or the supervisor for an unassigned client


@dataclass
class _Case:
    row: dict[str, Any]
    events: list[dict[str, Any]] = field(default_factory=list)


def _weighted(rng: random.Random, options: tuple[tuple[Any, ...], ...]) -> tuple[Any, ...]:
    return rng.choices(options, weights=[o[1] for o in options])[0]


class CaseSimulator:
    """Simulates one case's life up to the as-of date."""

    def __init__(self, rng: random.Random, cal: TradingCalendar, policy: Policy, as_of: date, supervisor: int):
        self.rng, self.cal, self.policy, self.as_of, self.supervisor = rng, cal, policy, as_of, supervisor

    def _day(self, start: date, working_days: int) -> date:
        if working_days == 0:
            return start if self.cal.is_working_day(start) else self.cal.add_working_days(start, 1)
        return self.cal.add_working_days(start, working_days)

    def plan(
        self, received: datetime, urgent: bool, force: str | None
    ) -> list[tuple[str, str | None, str, date, int | None]]:
        """The case's full life as (action, from, to, day, user); user None = the system, -1 = the handler."""
        rng, p = self.rng, self.policy
        d0 = received.date()
        steps: list[tuple[str, str | None, str, date, int | None]] = [("receive", None, "received", d0, -1)]
        ack_days = p.case_urgent_ack_working_days if urgent else p.case_ack_working_days
        late_ack = rng.random() < 0.08
        ack = self._day(d0, rng.randint(0, ack_days) + (rng.randint(1, 3) if late_ack else 0))
        steps.append(("acknowledge", "received", "acknowledged", ack, -1))
        inv = self._day(ack, rng.randint(0, 1))
        steps.append(("investigate", "acknowledged", "investigating", inv, -1))
        cur = inv
        calm = force == "escalated"  # the forced overdue case: no pause or extension moving its deadline
        if (rng.random() < 0.3 and not calm) or force == "waiting_client":
            cur = self._day(cur, rng.randint(1, 4))
            steps.append(("wait_client", "investigating", "waiting_client", cur, -1))
            cur = self._day(cur, rng.randint(1, 6))
            steps.append(("resume", "waiting_client", "investigating", cur, -1))
        if rng.random() < 0.08 and not calm:
            cur = self._day(cur, rng.randint(1, 3))
            steps.append(("extend", "investigating", "investigating", cur, self.supervisor))
        window = p.case_urgent_respond_working_days if urgent else p.case_respond_working_days
        late = rng.random() < 0.12
        respond = self._day(cur, rng.randint(1, max(1, window - 3)) + (window + rng.randint(2, 8) if late else 0))
        steps.append(("respond", "investigating", "responded", respond, -1))
        close = self._day(respond, rng.randint(1, 10))
        steps.append(("close", "responded", "closed", close, -1))
        if (rng.random() < 0.05 and not calm) or force == "reopened":
            again = self._day(close, rng.randint(3, 15))
            steps.append(("reopen", "closed", "reopened", again, -1))
            inv2 = self._day(again, 1)
            steps.append(("investigate", "reopened", "investigating", inv2, -1))
            resp2 = self._day(inv2, rng.randint(2, 8))
            steps.append(("respond", "investigating", "responded", resp2, -1))
            steps.append(("close", "responded", "closed", self._day(resp2, rng.randint(1, 5)), -1))
        return steps


def _cut(steps: list[tuple[str, str | None, str, date, int | None]], force: str) -> int:
    """How many steps to keep so the case ends in status ``force``."""
    for i, step in enumerate(steps):
        if step[2] == force and (force != "investigating" or step[0] == "investigate"):
            return i + 1
    return len(steps)


def make_cases(
    session: Session,
    rng: random.Random,
    cal: TradingCalendar,
    policy: Policy,
    as_of: date,
    clients: list[CaseClient],
    count: int,
    supervisor: int,
) -> list[tuple[int, date, str]]:
    """Insert ``count`` cases with their events; return (client id, closed day, case no) of the closed ones."""
    sim = CaseSimulator(rng, cal, policy, as_of, supervisor)
    forced = list(CASE_STATUSES) if count >= len(CASE_STATUSES) else []
    cases: list[_Case] = []
    for i in range(count):
        force = forced[i] if i < len(forced) else None
        client = rng.choice(clients)
        urgent = rng.random() < 0.08
        age = rng.randint(0, 364) if force is None else rng.randint(0, 3)
        received = datetime.combine(as_of - timedelta(days=age), time(rng.randint(8, 19), rng.randint(0, 59)))
        if force == "escalated":  # overdue: received long enough ago, the response never came
            received = datetime.combine(cal.subtract_working_days(as_of, 30), time(rng.randint(9, 17), 0))
            urgent = False
        steps = sim.plan(received, urgent, force)
        if force == "escalated":
            steps = steps[: [s[0] for s in steps].index("respond")]
        elif force is not None:
            steps = steps[: _cut(steps, force)]
            if steps[-1][3] > as_of:  # move the whole case back so its last step is on or before the as-of date
                shift = timedelta(days=(steps[-1][3] - as_of).days + 1)
                received -= shift
                steps = [
                    (a, f, t, _working_on_or_before(cal, d - shift) if a != "receive" else d - shift, u)
                    for a, f, t, d, u in steps
                ]
        cases.append(_build(rng, sim, client, urgent, received, steps, supervisor))
    cases.sort(key=lambda c: (c.row["received_at"], c.row["client_id"]))
    seq: dict[int, int] = {}
    for c in cases:
        year = c.row["received_at"].year
        seq[year] = seq.get(year, 0) + 1
        c.row["case_no"] = f"TS{year}{seq[year]:06d}"
    insert_rows(session, ComplaintCase, [c.row for c in cases])
    by_no = ids_by_key(session, ComplaintCase, "case_no")
    insert_rows(session, CaseEvent, [{**e, "case_id": by_no[c.row["case_no"]]} for c in cases for e in c.events])
    return [
        (c.row["client_id"], c.row["closed_at"].date(), c.row["case_no"]) for c in cases if c.row["status"] == "closed"
    ]


def _build(
    rng: random.Random,
    sim: CaseSimulator,
    client: CaseClient,
    urgent: bool,
    received: datetime,
    steps: list[tuple[str, str | None, str, date, int | None]],
    supervisor: int,
) -> _Case:
    """Run the plan up to the as-of date (escalating on a missed deadline) and fill the case row."""
    p, cal, as_of = sim.policy, sim.cal, sim.as_of
    d0 = received.date()
    category, _w, summaries = _weighted(rng, _CATEGORIES)
    handler = client.handler_id
    assignee = supervisor if rng.random() < 0.1 else handler
    ack_due = sim._day(d0, p.case_urgent_ack_working_days if urgent else p.case_ack_working_days)
    window = p.case_urgent_respond_working_days if urgent else p.case_respond_working_days
    ext = rng.randint(5, p.case_max_extension_days) if any(s[0] == "extend" for s in steps) else 0
    case = _Case(row={})
    status, paused, last_at, waited_from = "received", 0, received, None
    stamps: dict[str, datetime] = {}
    escalated = False
    for action, planned_from, planned_to, day, user in steps:
        before, after = planned_from, planned_to
        if day > as_of:
            break
        respond_due = cal.add_working_days(d0, window + ext + paused)
        if not escalated and status in ("acknowledged", "investigating", "waiting_client") and day > respond_due:
            on = cal.add_working_days(respond_due, 1)
            at = max(datetime.combine(on, time(8, 30)), last_at + timedelta(minutes=1))
            case.events.append(
                _ev(at, None, "escalate", status, "escalated", "回复期限已过，系统自动升级至营业部负责人")
            )
            status, last_at, escalated = "escalated", at, True
        at = received if action == "receive" else _after(rng, day, last_at)
        if status == "escalated" and action != "respond":
            before, after = status, status  # under the supervisor now: steps are noted, the status stays
        elif action == "respond":
            before = status
        note = _note(rng, action, summaries, ext)
        case.events.append(_ev(at, handler if user == -1 else user, action, before, after, note))
        if action == "wait_client":
            waited_from = day
        elif action == "resume" and waited_from is not None:
            paused += cal.working_days_between(waited_from, day)
        stamps[after] = at
        status, last_at = after, at
    respond_due = cal.add_working_days(d0, window + ext + paused)
    if not escalated and status in ("acknowledged", "investigating") and as_of > respond_due:
        on = cal.add_working_days(respond_due, 1)
        at = max(datetime.combine(on, time(8, 30)), last_at + timedelta(minutes=1))
        case.events.append(_ev(at, None, "escalate", status, "escalated", "回复期限已过，系统自动升级至营业部负责人"))
        status, escalated = "escalated", True
    if not escalated and status in ("acknowledged", "investigating", "received") and rng.random() < 0.03:
        at = _after(rng, max(last_at.date(), as_of - timedelta(days=1)), last_at)
        if at.date() <= as_of:  # a group or sensitive complaint the RM hands up
            case.events.append(_ev(at, handler, "escalate", status, "escalated", "涉及多名客户，上报营业部负责人"))
            status = "escalated"
    done = status in ("responded", "closed")
    outcome = _weighted(rng, _OUTCOMES)[0] if done else None
    case.row = {
        "client_id": client.client_id,
        "channel": _weighted(rng, _CHANNELS)[0],
        "category": category,
        "group_complaint": rng.random() < 0.01,
        "urgency": "紧急" if urgent else "一般",
        "summary": rng.choice(summaries),
        "details": f"客户反映：{rng.choice(summaries)}。要求营业部核实并给予答复。",
        "received_at": received,
        "first_handler_id": handler,
        "assignee_id": supervisor if status == "escalated" else assignee,
        "status": status,
        "acknowledged_at": stamps.get("acknowledged"),
        "responded_at": stamps.get("responded"),
        "closed_at": stamps.get("closed"),
        "ack_due": ack_due,
        "respond_due": cal.add_working_days(d0, window + ext + paused),
        "extension_days": ext if any(e["action"] == "extend" for e in case.events) else 0,
        "extension_reason": rng.choice(_EXTENSION_REASONS) if ext else None,
        "extension_approved_by": supervisor if ext else None,
        "paused_working_days": paused,
        "resolution": f"经核实，{outcome}：已向客户说明处理结果。" if outcome else None,
        "outcome": outcome,
        "satisfaction": rng.choices((1, 2, 3, 4, 5), weights=(4, 6, 15, 35, 40))[0] if status == "closed" else None,
        "version": 1,
    }
    if not case.row["extension_days"]:
        case.row.update(extension_reason=None, extension_approved_by=None)
    return case


def _working_on_or_before(cal: TradingCalendar, d: date) -> date:
    return d if cal.is_working_day(d) else cal.subtract_working_days(d, 1)


def _after(rng: random.Random, day: date, last: datetime) -> datetime:
    at = datetime.combine(day, time(rng.randint(9, 17), rng.randint(0, 59)))
    return at if at > last else last + timedelta(minutes=rng.randint(5, 90))


def _ev(at: datetime, user: int | None, action: str, before: str | None, after: str, note: str) -> dict[str, Any]:
    return {"at": at, "user_id": user, "action": action, "from_status": before, "to_status": after, "note": note}


def _note(rng: random.Random, action: str, summaries: tuple[str, ...], ext: int) -> str:
    return {
        "receive": f"受理投诉：{rng.choice(summaries)}",
        "acknowledge": "已联系客户确认收到投诉，告知处理时限",
        "investigate": "开始调查，调取交易记录与通话录音",
        "wait_client": "等待客户补充材料",
        "resume": "客户已补充材料，继续调查",
        "extend": f"经营业部负责人批准延期 {ext} 个工作日",
        "respond": "已向客户书面答复处理结果",
        "close": "客户确认处理结果，结案",
        "reopen": "客户对处理结果有异议，重新处理",
    }.get(action, "")
