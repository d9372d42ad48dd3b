"""What the shell shows about the book: the data's as-of date, holiday-table warnings and the 工作台 counts.

Plain functions of a Session returning frozen dataclasses (no Qt here), run on the op runner's worker.
An RM sees only their own clients' numbers; supervisors and admins see the branch (SPEC §1).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from rmdesk import clock, i18n
from rmdesk.services.audit import Actor
from rmdesk.store.models import (
    AccountFigures,
    Callback,
    Client,
    ComplaintCase,
    CreditAccount,
    ImportRun,
    RiskWarning,
    User,
)

i18n.register(
    {
        "desk.policy_supervisor_only": (
            "只有营业部负责人（合规）可以修改业务参数",
            "only a supervisor may change the policy settings",
        ),
        "desk.policy_conflict": (
            "另一个窗口已把“{key}”从 {expected} 改为 {current}，本次修改未保存。请刷新后重新确认。",
            "another window changed “{key}” from {expected} to {current}; nothing was saved. Refresh and review.",
        ),
    }
)


class PolicyConflict(Exception):
    """A setting changed in another window since this one loaded it: nothing is saved, nothing overwritten."""

    def __init__(self, key: str, expected: str, current: str) -> None:
        super().__init__(i18n.t("desk.policy_conflict", key=key, expected=expected, current=current))
        self.key, self.expected, self.current = key, expected, current


class NotAllowed(Exception):
    """The user's role does not allow this; ``code`` names the i18n message."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.code = f"desk.{reason}"


# Deadlines reach a few weeks ahead (15 working days for a complaint, plus an extension): warn that far.
HOLIDAY_LOOKAHEAD_DAYS = 45
OPEN_CASE_STATUSES = (
    "received",
    "acknowledged",
    "investigating",
    "waiting_client",
    "responded",
    "escalated",
    "reopened",
)
ACTIVE_WARNING_STATUSES = ("open", "notified", "escalated")


@dataclass(frozen=True)
class DeskStatus:
    """The status bar: as-of date of the data, the last import, and the years the holiday table lacks."""

    as_of: date | None
    last_import_as_of: date | None
    missing_holiday_years: tuple[int, ...]


@dataclass(frozen=True)
class TodaySummary:
    """The 工作台 counts for the user's scope."""

    as_of: date | None
    today: date
    scope_all: bool
    clients: int
    accounts: int
    levels: dict[str, int] = field(default_factory=dict)
    warnings: dict[str, int] = field(default_factory=dict)
    warnings_overdue: int = 0
    callbacks_due_today: int = 0
    callbacks_overdue: int = 0
    cases_open: int = 0
    cases_overdue: int = 0


def sees_all(actor: Actor) -> bool:
    return actor.role in ("supervisor", "admin")


def _scoped(stmt: Select[tuple[int]], actor: Actor, client_column: object) -> Select[tuple[int]]:
    if sees_all(actor):
        return stmt
    return stmt.join(Client, Client.id == client_column).where(Client.rm_id == actor.id)


def desk_status(session: Session) -> DeskStatus:
    """Cheap enough to run after every import (two MAX queries on indexed columns and the calendar)."""
    as_of = session.execute(select(func.max(AccountFigures.as_of))).scalar()
    last_import = session.execute(select(func.max(ImportRun.as_of)).where(ImportRun.status == "applied")).scalar()
    today = clock.today()
    missing: tuple[int, ...] = ()
    try:
        from rmdesk.services.calendar import load_calendar

        cal = load_calendar(session)
        missing = tuple(sorted(cal.missing_years_between(today, today + timedelta(days=HOLIDAY_LOOKAHEAD_DAYS))))
    except ImportError:  # pragma: no cover - the calendar service ships with rmdesk
        missing = ()
    return DeskStatus(as_of=as_of, last_import_as_of=last_import, missing_holiday_years=missing)


def today_summary(session: Session, actor: Actor) -> TodaySummary:
    """Counts for the 工作台: levels of the latest figures, open warnings, due callbacks and open cases."""
    today = clock.today()
    all_scope = sees_all(actor)
    clients_q = select(func.count(Client.id)).where(Client.archived.is_(False))
    if not all_scope:
        clients_q = clients_q.where(Client.rm_id == actor.id)
    clients = int(session.execute(clients_q).scalar_one())

    accounts = int(
        session.execute(_scoped(select(func.count(CreditAccount.id)), actor, CreditAccount.client_id)).scalar_one()
    )

    as_of = session.execute(select(func.max(AccountFigures.as_of))).scalar()
    # each account's latest figures through its figures_as_of pointer: one (as_of, account_id) lookup per account
    # (a LEFT JOIN keeps the accounts the outer loop; accounts without figures fall in the None group, dropped)
    level_q = (
        select(AccountFigures.level, func.count(AccountFigures.id))
        .select_from(CreditAccount)
        .outerjoin(
            AccountFigures,
            (AccountFigures.as_of == CreditAccount.figures_as_of) & (AccountFigures.account_id == CreditAccount.id),
        )
        .where(CreditAccount.figures_as_of.is_not(None))
        .group_by(AccountFigures.level)
    )
    if not all_scope:
        level_q = level_q.join(Client, Client.id == CreditAccount.client_id).where(Client.rm_id == actor.id)
    levels = {str(level): int(n) for level, n in session.execute(level_q) if level is not None}

    warn_q = select(RiskWarning.kind, func.count(RiskWarning.id)).where(RiskWarning.status.in_(ACTIVE_WARNING_STATUSES))
    if not all_scope:
        warn_q = warn_q.join(Client, Client.id == RiskWarning.client_id).where(Client.rm_id == actor.id)
    warnings = {str(kind): int(n) for kind, n in session.execute(warn_q.group_by(RiskWarning.kind))}
    overdue_q = select(func.count(RiskWarning.id)).where(
        RiskWarning.status.in_(ACTIVE_WARNING_STATUSES), RiskWarning.due_date < today
    )
    warnings_overdue = int(session.execute(_scoped(overdue_q, actor, RiskWarning.client_id)).scalar_one())

    planned = select(func.count(Callback.id)).where(Callback.status == "planned")
    due_today = int(
        session.execute(_scoped(planned.where(Callback.due_date == today), actor, Callback.client_id)).scalar_one()
    )
    overdue = int(
        session.execute(_scoped(planned.where(Callback.due_date < today), actor, Callback.client_id)).scalar_one()
    )

    open_cases = select(func.count(ComplaintCase.id)).where(ComplaintCase.status.in_(OPEN_CASE_STATUSES))
    cases_open = int(session.execute(_scoped(open_cases, actor, ComplaintCase.client_id)).scalar_one())
    late = open_cases.where(
        ((ComplaintCase.acknowledged_at.is_(None)) & (ComplaintCase.ack_due < today))
        | ((ComplaintCase.responded_at.is_(None)) & (ComplaintCase.respond_due < today))
    )
    cases_overdue = int(session.execute(_scoped(late, actor, ComplaintCase.client_id)).scalar_one())
    return TodaySummary(
        as_of=as_of,
        today=today,
        scope_all=all_scope,
        clients=clients,
        accounts=accounts,
        levels=levels,
        warnings=warnings,
        warnings_overdue=warnings_overdue,
        callbacks_due_today=due_today,
        callbacks_overdue=overdue,
        cases_open=cases_open,
        cases_overdue=cases_overdue,
    )


@dataclass(frozen=True)
class ImportRunRow:
    """A past import, for the import page's history."""

    id: int
    as_of: date
    started_at: datetime
    username: str  # display name; "" = the system (e.g. the demo generator)
    source: str
    status: str


def recent_imports(session: Session, limit: int = 200) -> list[ImportRunRow]:
    """The latest imports first (who, when, which day, applied or rejected)."""
    stmt = (
        select(
            ImportRun.id, ImportRun.as_of, ImportRun.started_at, User.display_name, ImportRun.source, ImportRun.status
        )
        .outerjoin(User, User.id == ImportRun.user_id)
        .order_by(ImportRun.started_at.desc(), ImportRun.id.desc())
        .limit(limit)
    )
    return [
        ImportRunRow(int(i), as_of, started, name or "", source, status)
        for i, as_of, started, name, source, status in session.execute(stmt)
    ]


@dataclass(frozen=True)
class PolicyRow:
    """One ⚙ setting as the settings page shows it: current and default value, and who changed it last."""

    key: str
    value: str
    default: str
    changed_at: datetime | None
    changed_by: str | None


def policy_rows(session: Session) -> list[PolicyRow]:
    """Every policy setting in declaration order, values as the exact text the service parses."""
    from dataclasses import fields

    from rmdesk.services.policy import Policy, format_value, load_policy
    from rmdesk.store.models import PolicySetting

    current, default = load_policy(session), Policy()
    changed = {
        key: (at, name)
        for key, at, name in session.execute(
            select(PolicySetting.key, PolicySetting.updated_at, User.display_name).outerjoin(
                User, User.id == PolicySetting.updated_by
            )
        )
    }
    return [
        PolicyRow(
            f.name,
            format_value(getattr(current, f.name)),
            format_value(getattr(default, f.name)),
            *changed.get(f.name, (None, None)),
        )
        for f in fields(Policy)
    ]


def save_policy(
    session: Session, actor: Actor, changes: dict[str, str], expected: dict[str, str] | None = None
) -> list[str]:
    """Apply several setting changes in one transaction, each audited by the policy service (supervisors only).

    ``expected`` holds the values the editor showed; when another window has changed one since, PolicyConflict
    is raised before anything is written (two windows never overwrite each other silently).
    """
    from rmdesk.services.policy import format_value, load_policy, set_policy_value

    if not actor.is_supervisor:
        raise NotAllowed("policy_supervisor_only")
    if expected:
        current = load_policy(session)
        for key in changes:
            if key in expected and format_value(getattr(current, key)) != expected[key]:
                raise PolicyConflict(key, expected[key], format_value(getattr(current, key)))
    for key, text in changes.items():
        set_policy_value(session, key, text, actor=actor)
    return sorted(changes)
