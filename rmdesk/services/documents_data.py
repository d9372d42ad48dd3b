"""Report data for the documents (SPEC §6), read from the database with the ONE figures engine.

Every figure comes from rmdesk.services.figures (``read_figures``, ``account_detail``, ``ratio_series``): nothing
is recomputed here. Personal data is masked with rmdesk.services.identity before it reaches a document; the
branch block comes from the policy's ``branch_*`` settings. A :class:`ReportBuilder` reads what many documents
share in bulk (clients, latest figures) and, for a slice of a batch at a time, the positions, contracts and
ratio series (:mod:`rmdesk.services.documents_bulk`), so a batch costs a few queries per slice, not per document.
"""

from __future__ import annotations

import calendar as _calendar
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from rmdesk import clock, i18n
from rmdesk.reports.data import (
    AccountFigures,
    BranchInfo,
    ClientInfo,
    ContractLine,
    DisclosureData,
    Lines,
    MarginCallData,
    PositionLine,
    StatementData,
    VisitBriefData,
    ratio_points,
)
from rmdesk.reports.formatting import cn_date, risk_label
from rmdesk.services import figures as engine
from rmdesk.services.identity import mask_id, mask_phone
from rmdesk.services.in_lists import chunks
from rmdesk.services.policy import Policy, load_policy
from rmdesk.store.models import AccountFigures as FiguresRow
from rmdesk.store.models import Client, CreditAccount, RiskWarning, User

KINDS = ("statement", "disclosure", "margin_call", "visit_brief")
NEEDS_ACCOUNT = frozenset({"statement", "margin_call"})
ACTIVE_WARNING = ("open", "notified", "escalated")  # not resolved (SPEC §3.2)
MARGIN_CALL_KINDS = ("margin_call", "emergency")
#: 追保期限的时点: the exchanges close at 15:00, so a top-up must be in by then on the warning's due date.
DEADLINE_TIME = time(15, 0)
VISIT_HISTORY_DAYS = 91  # the visit brief's ratio chart: about three months
VISIT_CALLBACKS = 5  # the visit brief lists this many latest callbacks
DOC_LANG = "zh_CN"  # documents are Chinese whatever the desk's language

i18n.register(
    {
        "documents.unknown_kind": ("未知文书类别：{kind}", "unknown document kind: {kind}"),
        "documents.bad_period": ("对账期间格式应为 YYYY-MM：{text}", "the period must be YYYY-MM: {text}"),
        "documents.no_account": ("客户 {client_no} 没有信用账户", "client {client_no} has no credit account"),
        "documents.no_figures": (
            "信用账户 {account_no} 在 {period} 没有账户指标（尚未导入）",
            "credit account {account_no} has no figures in {period} (nothing imported)",
        ),
        "documents.no_margin_call": (
            "信用账户 {account_no} 没有未解除的追加担保物或紧急预警",
            "credit account {account_no} has no active margin-call or emergency warning",
        ),
        "documents.client_not_found": ("没有客户号或信用账号 {number}", "no client or credit account {number}"),
    }
)


class DocumentError(Exception):
    """A document that cannot be made (no account, no figures, bad input); ``code`` is stable for callers."""

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code)
        self.code = code
        self.params = params

    def message(self, lang: str | None = None) -> str:
        return i18n.t(self.code, lang, **self.params)

    def __str__(self) -> str:
        return self.message()


@dataclass(frozen=True)
class Target:
    """One client (and its credit account, if any) a document is made for."""

    client_id: int
    client_no: str
    account_id: int | None
    account_no: str | None


@dataclass(frozen=True)
class Period:
    """A statement period: a calendar month, ended early when the latest import is inside it."""

    label: str  # "2026-10"
    start: date
    end: date


def check_kind(kind: str) -> str:
    if kind not in KINDS:
        raise DocumentError("documents.unknown_kind", kind=kind)
    return kind


def latest_as_of(session: Session) -> date | None:
    """The as-of date of the latest import (the latest stored figures of any account)."""
    latest: date | None = session.execute(select(func.max(FiguresRow.as_of))).scalar()
    return latest


def parse_period(text: str | None, latest: date | None) -> Period:
    """``YYYY-MM`` (default: the month of the latest import) → the period, ending at the latest import if sooner."""
    if text is None:
        base = latest or clock.today()
        year, month = base.year, base.month
    else:
        try:
            year_s, month_s = text.strip().split("-")
            year, month = int(year_s), int(month_s)
            if len(year_s) != 4 or not 1 <= month <= 12:
                raise ValueError(text)
        except ValueError:
            raise DocumentError("documents.bad_period", text=text) from None
    start = date(year, month, 1)
    end = date(year, month, _calendar.monthrange(year, month)[1])
    if latest is not None and start <= latest < end:
        end = latest
    return Period(f"{year:04d}-{month:02d}", start, end)


def branch_info(policy: Policy) -> BranchInfo:
    """The branch block of every header and footer (⚙ policy branch_name/address/phone)."""
    return BranchInfo(policy.branch_name, policy.branch_address, policy.branch_phone)


def client_infos(session: Session, client_ids: Iterable[int]) -> dict[int, ClientInfo]:
    """ClientInfo per client id with masked ID and phone, the RM's name and the credit account number."""
    wanted = sorted(set(client_ids))
    out: dict[int, ClientInfo] = {}
    for chunk in chunks(wanted):
        rows = session.execute(
            select(Client, CreditAccount.account_no, User.display_name)
            .outerjoin(CreditAccount, CreditAccount.client_id == Client.id)
            .outerjoin(User, User.id == Client.rm_id)
            .where(Client.id.in_(chunk))
        ).all()
        for c, account_no, rm_name in rows:
            out[c.id] = ClientInfo(
                client_no=c.client_no,
                name=c.name,
                id_type=c.id_type,
                id_masked=mask_id(c.id_no),
                phone_masked=mask_phone(c.phone),
                address=c.address or "",
                risk_level=risk_label(c.risk_level),
                investor_type=c.investor_type,
                tier=c.tier,
                status=c.status,
                rm_name=rm_name or "",
                account_no=account_no,
                gender=c.gender or "",
                occupation=c.occupation or "",
                trading_since=c.trading_since,
                avg_assets_20d=c.avg_assets_20d,
                tags=tuple(t for t in (c.tags or "").replace("，", ",").split(",") if t.strip()),
                notes=c.notes or "",
            )
    return out


def engine_lines(fig: engine.Figures | None, policy: Policy) -> Lines:
    """The account's effective lines (from its figures), or the branch's when it has none."""
    if fig is None:
        return Lines(policy.warning_line, policy.closeout_line, policy.target_line, policy.emergency_line)
    return Lines(fig.lines.warning, fig.lines.closeout, fig.lines.target, fig.lines.emergency)


class ReportBuilder:
    """Builds the report data of any kind for one session; shared reads are cached across documents."""

    def __init__(self, session: Session, generated_at: datetime, policy: Policy | None = None) -> None:
        self.session = session
        self.generated_at = generated_at
        self.policy = policy or load_policy(session)
        self.branch = branch_info(self.policy)
        self.latest = latest_as_of(session)
        self._clients: dict[int, ClientInfo] = {}
        self._latest_figures: dict[int, engine.Figures] = {}
        self._period_figures: dict[tuple[str, int], engine.Figures] = {}
        self._details: dict[int, Any] = {}  # account id → (positions, contracts) of the current slice
        self._series: dict[tuple[str, int], Any] = {}  # (period, account id) → ratio series of the current slice

    # ---- bulk reads -----------------------------------------------------------------------------------------
    def prefetch(self, targets: Sequence[Target], kind: str, period: Period | None = None) -> None:
        """Read the clients and figures of many targets in a few queries."""
        self._clients.update(client_infos(self.session, [t.client_id for t in targets]))
        accounts = [t.account_id for t in targets if t.account_id is not None]
        if accounts:
            for fig in engine.read_figures(self.session, None, accounts):
                self._latest_figures[fig.account_id] = fig
            if kind == "statement" and period is not None:
                for fig in engine.read_figures(self.session, period.end, accounts):
                    self._period_figures[(period.label, fig.account_id)] = fig

    def prefetch_detail(self, targets: Sequence[Target], kind: str, period: Period | None = None) -> None:
        """Read the positions, contracts and (statements) ratio series of ``targets`` in one query each.

        Replaces what an earlier call read: a batch prefetches one slice of its targets at a time, so memory
        stays flat however many documents it makes.
        """
        from rmdesk.services import documents_bulk as bulk

        self._details.clear()
        self._series.clear()
        if kind not in ("statement", "visit_brief"):
            return
        accounts = [t.account_id for t in targets if t.account_id is not None]
        if kind == "statement" and period is not None:
            # today's positions only print for a period that ends at the latest import (see statement())
            current = [a for a in accounts if self._is_current(a, period)]
            self._details.update(bulk.account_details(self.session, current))
            for account_id, series in bulk.ratio_series_many(self.session, accounts, period.start, period.end).items():
                self._series[(period.label, account_id)] = series
        elif kind == "visit_brief":
            self._details.update(bulk.account_details(self.session, accounts))

    def _is_current(self, account_id: int, period: Period) -> bool:
        fig = self.period_figures(account_id, period)
        latest = self.latest_figures(account_id)
        return fig is not None and latest is not None and latest.as_of == fig.as_of

    def client(self, client_id: int) -> ClientInfo:
        if client_id not in self._clients:
            self._clients.update(client_infos(self.session, [client_id]))
        return self._clients[client_id]

    def latest_figures(self, account_id: int) -> engine.Figures | None:
        if account_id not in self._latest_figures:
            found = engine.read_figures(self.session, None, [account_id])
            if not found:
                return None
            self._latest_figures[account_id] = found[0]
        return self._latest_figures[account_id]

    def period_figures(self, account_id: int, period: Period) -> engine.Figures | None:
        key = (period.label, account_id)
        if key not in self._period_figures:
            found = engine.read_figures(self.session, period.end, [account_id])
            if not found:
                return None
            self._period_figures[key] = found[0]
        fig = self._period_figures[key]
        return fig if fig.as_of >= period.start else None

    # ---- one document ---------------------------------------------------------------------------------------
    def build(self, kind: str, target: Target, doc_no: str, period: Period | None = None, prepared_by: str = "") -> Any:
        """The report data of ``kind`` for ``target``; DocumentError when the document cannot be made."""
        check_kind(kind)
        if kind in NEEDS_ACCOUNT and target.account_id is None:
            raise DocumentError("documents.no_account", client_no=target.client_no)
        if kind == "statement":
            return self.statement(target, doc_no, period or parse_period(None, self.latest))
        if kind == "margin_call":
            return self.margin_call(target, doc_no)
        if kind == "disclosure":
            return self.disclosure(target, doc_no)
        return self.visit_brief(target, doc_no, prepared_by)

    def _detail(self, account_id: int) -> tuple[tuple[PositionLine, ...], tuple[ContractLine, ...]]:
        found = self._details.get(account_id)
        positions, contracts = found if found is not None else engine.account_detail(self.session, account_id)
        return (
            tuple(PositionLine.from_engine(p) for p in positions),
            tuple(ContractLine.from_engine(c) for c in contracts if c.is_open),
        )

    def statement(self, target: Target, doc_no: str, period: Period) -> StatementData:
        assert target.account_id is not None
        fig = self.period_figures(target.account_id, period)
        if fig is None:
            raise DocumentError("documents.no_figures", account_no=target.account_no, period=period.label)
        latest = self.latest_figures(target.account_id)
        detail_note = None
        positions: tuple[PositionLine, ...] = ()
        contracts: tuple[ContractLine, ...] = ()
        if latest is not None and latest.as_of == fig.as_of:
            positions, contracts = self._detail(target.account_id)
        else:
            # the book holds only the latest import's positions and contracts; never print today's for a past period
            detail_note = (
                f"本系统仅保存最近一次清算（{cn_date(latest.as_of if latest else None)}）的持仓与合约明细，"
                f"{cn_date(fig.as_of)}的明细请以核心系统对账单为准；上表资产负债数据为该日清算结果。"
            )
        history = self._series.get((period.label, target.account_id))
        if history is None:
            history = engine.ratio_series(self.session, target.account_id, period.start, period.end)
        return StatementData(
            doc_no=doc_no,
            generated_at=self.generated_at,
            branch=self.branch,
            client=self.client(target.client_id),
            period_start=period.start,
            period_end=period.end,
            figures=AccountFigures.from_engine(fig),
            positions=positions,
            contracts=contracts,
            ratio_history=ratio_points(history),
            detail_note=detail_note,
        )

    def active_margin_call(self, account_id: int) -> RiskWarning | None:
        """The account's unresolved margin_call or emergency warning (the latest raised)."""
        found: RiskWarning | None = self.session.execute(
            select(RiskWarning)
            .where(
                RiskWarning.account_id == account_id,
                RiskWarning.kind.in_(MARGIN_CALL_KINDS),
                RiskWarning.status.in_(ACTIVE_WARNING),
            )
            .order_by(RiskWarning.raised_as_of.desc(), RiskWarning.id.desc())
            .limit(1)
        ).scalar()
        return found

    def margin_call(self, target: Target, doc_no: str) -> MarginCallData:
        assert target.account_id is not None
        warning = self.active_margin_call(target.account_id)
        fig = self.latest_figures(target.account_id)
        if warning is None or warning.due_date is None or fig is None:
            raise DocumentError("documents.no_margin_call", account_no=target.account_no)
        days = (
            self.policy.emergency_trading_days if warning.kind == "emergency" else self.policy.margin_call_trading_days
        )
        note = (
            f"追保期限为触发追保的清算日（{cn_date(warning.raised_as_of)}）后第 {days} 个交易日"
            f"（{cn_date(warning.due_date)}）的 {DEADLINE_TIME:%H:%M}，即证券交易所当日收市时间。"
        )
        return MarginCallData(
            doc_no=doc_no,
            generated_at=self.generated_at,
            branch=self.branch,
            client=self.client(target.client_id),
            figures=AccountFigures.from_engine(fig),
            deadline=datetime.combine(warning.due_date, DEADLINE_TIME),
            deadline_note=note,
        )

    def disclosure(self, target: Target, doc_no: str) -> DisclosureData:
        fig = self.latest_figures(target.account_id) if target.account_id is not None else None
        return DisclosureData(
            doc_no=doc_no,
            generated_at=self.generated_at,
            branch=self.branch,
            client=self.client(target.client_id),
            letter_date=self.generated_at.date(),
            lines=engine_lines(fig, self.policy),
        )

    def visit_brief(self, target: Target, doc_no: str, prepared_by: str = "") -> VisitBriefData:
        from rmdesk.services import documents_visit as visit

        fig = self.latest_figures(target.account_id) if target.account_id is not None else None
        positions: tuple[PositionLine, ...] = ()
        history: tuple[Any, ...] = ()
        if fig is not None and target.account_id is not None:
            positions = self._detail(target.account_id)[0]
            start = fig.as_of - timedelta(days=VISIT_HISTORY_DAYS)
            history = ratio_points(engine.ratio_series(self.session, target.account_id, start, fig.as_of))
        return VisitBriefData(
            doc_no=doc_no,
            generated_at=self.generated_at,
            branch=self.branch,
            client=self.client(target.client_id),
            suitability=visit.suitability(self.session, self.policy, target.client_id, self.generated_at.date()),
            eligibility=visit.eligibility_items(self.session, self.policy, target.client_id, self.generated_at.date()),
            figures=AccountFigures.from_engine(fig) if fig is not None else None,
            positions=positions,
            warnings=visit.open_warnings(self.session, target.client_id),
            cases=visit.open_cases(self.session, target.client_id),
            callbacks=visit.last_callbacks(self.session, target.client_id),
            ratio_history=history,
            prepared_by=prepared_by,
        )
