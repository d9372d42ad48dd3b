"""`rmdesk demo`: a realistic, deterministic generated branch book (SPEC §8 demo, §9 reference book).

``generate`` fills an initialised, client-free database in the caller's transaction: demo users, securities,
clients with credit accounts, positions and contracts (each account built to a chosen maintenance ratio), a
synthetic ratio history, then the real risk refresh (figures engine + scan), and on top of it the desk's past:
warning notifications and escalations, resolved episodes, complaint cases in every status and callbacks due,
overdue and done. One ``random.Random(seed)`` (and a numpy Generator with the same seed) drives everything, so
the same seed and as-of date give the same book. Bulk rows go in with Core inserts of raw integer li/ppm.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy import table as table_clause
from sqlalchemy.orm import Session

from rmdesk import clock, i18n
from rmdesk.money import to_ppm
from rmdesk.services import audit, auth, risk
from rmdesk.services.audit import SYSTEM, Actor
from rmdesk.services.calendar import load_calendar
from rmdesk.services.demo_book import RISKY, AccountPlan, BookBuilder
from rmdesk.services.demo_callbacks import CallbackClient, plan_callbacks, write_callbacks
from rmdesk.services.demo_cases import CaseClient, make_cases
from rmdesk.services.demo_history import HistoryInput, write_history
from rmdesk.services.demo_people import RM_NAMES, ClientProfile, make_people, make_profile
from rmdesk.services.demo_plan import allocate_counts, plan_accounts
from rmdesk.services.demo_securities import make_securities
from rmdesk.services.demo_warnings import WarningContext, past_episodes, shape_current
from rmdesk.services.demo_write import account_no, write_book
from rmdesk.services.policy import Policy, load_policy
from rmdesk.services.progress import NullProgress, Progress, check_cancel
from rmdesk.store.models import AccountFigures, Client, RiskWarning

DEMO_PASSWORD = "rmdesk-demo"
DEFAULT_CLIENTS = 300
MIN_CLIENTS = 30  # below this not every level and warning kind fits
MAX_CLIENTS = 200_000
HISTORY_DAYS = 250
N_RMS = 5
LEVEL_CODE = {"normal": 0, "warning": 1, "closeout": 2, "emergency": 3}
COUNTED_TABLES = (
    "users",
    "securities",
    "clients",
    "client_links",
    "credit_accounts",
    "positions",
    "contracts",
    "ratio_history",
    "account_figures",
    "warnings",
    "warning_events",
    "callbacks",
    "complaint_cases",
    "case_events",
)

i18n.register(
    {
        "demo.not_empty": (
            "数据库中已有 {count} 位客户：演示数据只能生成到没有客户的数据库中"
            "（请另建一个数据库文件，如 --db demo.sqlite3）",
            "the database already holds {count} clients: the demo book only goes into a database without clients "
            "(use another file, e.g. --db demo.sqlite3)",
        ),
        "demo.bad_size": (
            "客户数须在 {low} 到 {high} 之间",
            "the number of clients must be between {low} and {high}",
        ),
        "demo.step.users": ("正在创建演示用户…", "Creating the demo users…"),
        "demo.step.book": ("正在生成客户、持仓和合约…", "Generating clients, positions and contracts…"),
        "demo.step.write": ("正在写入客户、持仓和合约…", "Writing clients, positions and contracts…"),
        "demo.step.history": ("正在生成维持担保比例历史…", "Generating the ratio history…"),
        "demo.step.work": (
            "正在生成预警处理、投诉和回访记录…",
            "Generating warning follow-ups, complaints and callbacks…",
        ),
    }
)


class DemoError(Exception):
    """The demo cannot be generated here; ``code`` and ``params`` give the message via rmdesk.i18n."""

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(i18n.t(code, **params))
        self.code = code
        self.params = params


@dataclass(frozen=True)
class DemoUser:
    username: str
    display_name: str
    role: str
    created: bool  # False: the user existed already and keeps its own password


@dataclass(frozen=True)
class DemoSummary:
    """What was generated: rows per table, accounts per level, warnings per kind and status, the log-ins."""

    as_of: date
    seed: int
    clients: int
    counts: tuple[tuple[str, int], ...]
    levels: tuple[tuple[str, int], ...]
    warnings: tuple[tuple[str, str, int], ...]  # (kind, status, count)
    users: tuple[DemoUser, ...]
    password: str

    def count(self, table: str) -> int:
        return dict(self.counts).get(table, 0)


def generate(
    session: Session,
    *,
    clients: int = DEFAULT_CLIENTS,
    seed: int = 7,
    as_of: date | None = None,
    progress: Progress | None = None,
) -> DemoSummary:
    """Fill the database with a generated book of ``clients`` clients as of ``as_of`` (default: the last trading
    day up to today). Runs in the caller's transaction; raises DemoError when the database has clients."""
    progress = progress or NullProgress()
    if not MIN_CLIENTS <= clients <= MAX_CLIENTS:
        raise DemoError("demo.bad_size", low=MIN_CLIENTS, high=MAX_CLIENTS)
    existing = session.execute(select(func.count(Client.id))).scalar_one()
    if existing:
        raise DemoError("demo.not_empty", count=existing)
    cal = load_calendar(session)
    as_of = cal.trading_day_on_or_before(as_of or clock.today())
    policy = load_policy(session)
    rng = random.Random(seed)
    progress.total(2 * clients + 10)

    progress.status(i18n.t("demo.step.users"))
    users, rm_ids, supervisor_id = _users(session)
    progress.advance(1)

    progress.status(i18n.t("demo.step.book"))
    securities = make_securities(rng, max(300, clients // 10))
    plans = plan_accounts(rng, clients, as_of)
    n_pos, n_con = allocate_counts(rng, plans, len(securities))
    people = make_people(rng, clients, as_of)
    profiles = [
        make_profile(
            rng,
            p.index,
            people[p.index],
            p.flags,
            tier=p.tier,
            size_li=p.size_li,
            opened_on=p.opened_on,
            as_of=as_of,
            n_rms=N_RMS,
        )
        for p in plans
    ]
    builder = BookBuilder(rng, securities, cal, as_of)
    for p in plans:
        builder.build(p, n_pos[p.index], n_con[p.index])
        if p.index % 1000 == 999:
            check_cancel(progress)
            progress.advance(1000)
    progress.advance(clients % 1000)

    progress.status(i18n.t("demo.step.write"))
    account_ids, client_ids = write_book(session, rng, as_of, securities, plans, profiles, rm_ids)
    progress.advance(2)

    progress.status(i18n.t("demo.step.history"))
    days = [as_of]
    for _ in range(HISTORY_DAYS):
        days.append(cal.previous_trading_day(days[-1]))
    days = days[:0:-1]  # oldest first, as_of excluded (the refresh writes that day)
    inputs = [_history_input(p, account_ids[p.index], policy) for p in plans]
    _rows, trails = write_history(
        session, inputs, days, seed=seed, emergency_ppm=to_ppm(policy.emergency_line), progress=progress
    )

    risk.refresh(session, as_of, None, SYSTEM, progress)
    check_cancel(progress)
    progress.advance(3)

    progress.status(i18n.t("demo.step.work"))
    rm_of_account = {account_ids[p.index]: _rm_user(profiles[p.index], rm_ids) for p in plans}
    ctx = WarningContext(
        rng=rng,
        as_of=as_of,
        cal=cal,
        policy=policy,
        days=days,
        rm_of_account=rm_of_account,
        client_of_account={account_ids[p.index]: client_ids[p.index] for p in plans},
        target_of_account={account_ids[p.index]: _lines(p, policy)[2] for p in plans},
        supervisor_id=supervisor_id,
    )
    by_trail = {t.account_id: t for t in trails}
    today = {
        a: lvl
        for a, lvl in session.execute(
            select(AccountFigures.account_id, AccountFigures.level).where(AccountFigures.as_of == as_of)
        )
    }
    follow = shape_current(session, ctx, by_trail)
    follow += past_episodes(session, ctx, by_trail, {a: LEVEL_CODE[lvl] for a, lvl in today.items()})
    handler = {client_ids[p.index]: _rm_user(profiles[p.index], rm_ids) or supervisor_id for p in plans}
    case_clients = [CaseClient(client_ids[p.index], handler[client_ids[p.index]]) for p in plans]
    closed = make_cases(session, rng, cal, policy, as_of, case_clients, max(8, clients // 4), supervisor_id)
    cb_clients = [
        CallbackClient(
            client_ids[p.index],
            handler[client_ids[p.index]],
            p.tier,
            profiles[p.index].dormant,
            account_no(p.index),
            p.opened_on,
        )
        for p in plans
    ]
    plans_cb = plan_callbacks(
        rng, cal, policy, as_of, cb_clients, [(f.client_id, f.warning_id, f.raised_on) for f in follow], closed
    )
    write_callbacks(session, rng, cal, as_of, plans_cb)
    progress.advance(4)

    counts = tuple((t, _count(session, t)) for t in COUNTED_TABLES)
    audit.record(session, SYSTEM, "demo", seed, "generate", None, {"as_of": as_of, "clients": clients, **dict(counts)})
    return _summary(session, as_of, seed, clients, counts, users)


def _rm_user(profile: ClientProfile, rm_ids: list[int]) -> int | None:
    return None if profile.rm is None else rm_ids[profile.rm]


def _lines(plan: AccountPlan, policy: Policy) -> tuple[int, int, int]:
    if plan.lines is not None:
        return plan.lines
    return to_ppm(policy.warning_line), to_ppm(policy.closeout_line), to_ppm(policy.target_line)


def _history_input(plan: AccountPlan, account_id: int, policy: Policy) -> HistoryInput:
    warning, closeout, _target = _lines(plan, policy)
    return HistoryInput(
        account_id=account_id,
        opened_on=plan.opened_on,
        assets_li=plan.total_assets_li,
        liabilities_li=plan.total_liabilities_li,
        warning_ppm=warning,
        closeout_ppm=closeout,
        troubled=plan.category in (*RISKY, "watch"),
    )


def _users(session: Session) -> tuple[list[DemoUser], list[int], int]:
    """admin, the supervisor zhuguan and RMs rm01…rm05, all with DEMO_PASSWORD; existing ones are kept."""
    specs = [("admin", "系统管理员", "admin"), ("zhuguan", "王主管", "supervisor")]
    specs += [(f"rm{i + 1:02d}", RM_NAMES[i], "rm") for i in range(N_RMS)]
    out: list[DemoUser] = []
    ids: dict[str, int] = {}
    actor: Actor | None = None
    for info in auth.list_users(session):
        ids[info.username] = info.id
        if actor is None and info.role == "admin" and not info.disabled:
            actor = info.actor()
    for username, display, role in specs:
        if username in ids:
            out.append(DemoUser(username, display, role, created=False))
            continue
        bootstrap = actor is None and auth.user_count(session) == 0
        info = auth.add_user(
            session, actor or Actor(None, "demo", "admin"), username, DEMO_PASSWORD, role, display, bootstrap=bootstrap
        )
        ids[username] = info.id
        if actor is None and role == "admin":
            actor = info.actor()
        out.append(DemoUser(username, display, role, created=True))
    return out, [ids[f"rm{i + 1:02d}"] for i in range(N_RMS)], ids["zhuguan"]


def _count(session: Session, table: str) -> int:
    return int(session.execute(select(func.count()).select_from(table_clause(table))).scalar_one())


def _summary(
    session: Session, as_of: date, seed: int, clients: int, counts: tuple[tuple[str, int], ...], users: list[DemoUser]
) -> DemoSummary:
    levels = session.execute(
        select(AccountFigures.level, func.count()).where(AccountFigures.as_of == as_of).group_by(AccountFigures.level)
    ).all()
    order = {name: i for i, name in enumerate(LEVEL_CODE)}
    warnings = session.execute(
        select(RiskWarning.kind, RiskWarning.status, func.count()).group_by(RiskWarning.kind, RiskWarning.status)
    ).all()
    return DemoSummary(
        as_of=as_of,
        seed=seed,
        clients=clients,
        counts=counts,
        levels=tuple(sorted(((lvl, int(n)) for lvl, n in levels), key=lambda x: order.get(x[0], 9))),
        warnings=tuple(sorted((k, s, int(n)) for k, s, n in warnings)),
        users=tuple(users),
        password=DEMO_PASSWORD,
    )


__all__ = ["DEMO_PASSWORD", "DemoError", "DemoSummary", "DemoUser", "generate"]
