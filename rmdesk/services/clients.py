"""Clients, read side (SPEC §1–§2): who may see which client, the client book rows and one client's profile.

The book is read in one query set (no per-row queries) into frozen ``ClientRow``s that carry a precomputed search
key, so the GUI filters 20,000 rows as the user types without touching the database (see clients_search).
Writing (create/update/archive) lives in :mod:`rmdesk.services.clients_edit`, validation in clients_validate; the tabs
and the eligibility checklist in :mod:`rmdesk.services.clients_tabs`; the Excel export in clients_export.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import BigInteger, ColumnElement, Select, func, select, true, type_coerce
from sqlalchemy.orm import Session, aliased

from rmdesk import i18n
from rmdesk.money import from_ppm
from rmdesk.services import audit
from rmdesk.services.audit import Actor
from rmdesk.services.identity import mask_id, mask_phone
from rmdesk.store.models import (
    AccountFigures,
    Callback,
    Client,
    ComplaintCase,
    CreditAccount,
    RiskWarning,
    User,
)

# Warning statuses that still need someone's attention (SPEC §3.2: open → notified → resolved | escalated).
OPEN_WARNING_STATUSES = ("open", "notified", "escalated")
CLOSED_CASE_STATUS = "closed"
PLANNED_CALLBACK = "planned"
RISK_LEVEL_NAMES = {1: "C1", 2: "C2", 3: "C3", 4: "C4", 5: "C5"}

i18n.register(
    {
        "clients.not_found": ("客户不存在：{client_id}", "no such client: {client_id}"),
        "clients.forbidden": ("无权查看或修改此客户", "you may not see or change this client"),
        "clients.reveal_forbidden": (
            "只有营业部负责人可以查看完整的个人信息",
            "only a supervisor may reveal personal data",
        ),
        "clients.edit_forbidden": ("您的角色不能修改客户档案", "your role may not change client records"),
        "clients.invalid": ("客户信息有误，请按提示修改", "the client record has errors; see the fields"),
        "clients.level.normal": ("正常", "normal"),
        "clients.level.warning": ("警戒", "warning"),
        "clients.level.closeout": ("平仓", "close-out"),
        "clients.level.emergency": ("紧急", "emergency"),
        "clients.concurrent_edit": (
            "此客户已被其他窗口或用户修改（版本 {expected} → {current}），请查看两个版本后重新加载",
            "someone else changed this client since you opened it (version {expected} → {current}); compare "
            "both versions and reload",
        ),
    }
)


class ClientError(Exception):
    """A request about a client that cannot be done; ``code`` is stable, ``message()`` is for the user."""

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code)
        self.code = code
        self.params = params

    def message(self, lang: str | None = None) -> str:
        return i18n.t(self.code, lang, **self.params)


def risk_level_name(level: int | None) -> str:
    """1..5 → C1..C5 ("" when unknown)."""
    return RISK_LEVEL_NAMES.get(level or 0, "")


# ---------------------------------------------------------------------------------------------------- access


def sees_all_clients(actor: Actor) -> bool:
    """Supervisors see the whole branch; admins no more than a supervisor (SPEC §1), RMs only their own."""
    return actor.role in ("supervisor", "admin")


def may_edit(actor: Actor, rm_id: int | None) -> bool:
    """RMs edit their own clients, supervisors every client; admins and the system never through the GUI."""
    if actor.role == "supervisor":
        return True
    return actor.role == "rm" and actor.id is not None and rm_id == actor.id


def visible_clause(actor: Actor) -> ColumnElement[bool]:
    """WHERE clause limiting ``clients`` to what the actor may see."""
    if sees_all_clients(actor):
        return true()
    if actor.role == "rm" and actor.id is not None:
        return Client.rm_id == actor.id
    return Client.id.is_(None)  # any other role sees nothing


def load_visible_client(session: Session, actor: Actor, client_id: int) -> Client:
    """The ORM row, or ClientError not_found / forbidden. For services only; never handed to the GUI."""
    client = session.get(Client, client_id)
    if client is None:
        raise ClientError("clients.not_found", client_id=client_id)
    if not sees_all_clients(actor) and not (actor.role == "rm" and client.rm_id == actor.id):
        raise ClientError("clients.forbidden")
    return client


# ---------------------------------------------------------------------------------------------------- the book


@dataclass(frozen=True, slots=True)
class ClientRow:
    """One line of the client book. ``search_key`` is lower case: name, initials, client no, account no, last 4."""

    id: int
    client_no: str
    name: str
    initials: str
    tier: str
    risk_level: int | None
    rm_id: int | None
    rm_name: str
    account_no: str
    phone_last4: str
    phone_masked: str
    maintenance_ratio: Decimal | None
    level: str | None  # None: no credit account or no figures yet
    as_of: date | None
    open_warnings: int
    next_callback: date | None
    open_cases: int
    status: str
    archived: bool
    search_key: str


def search_key(name: str, initials: str, client_no: str, account_no: str, phone_last4: str) -> str:
    """Fields joined by a separator no query contains, so a match never spans two fields."""
    return "\x1f".join((name.lower(), initials.lower(), client_no.lower(), account_no.lower(), phone_last4))


def _book_query(actor: Actor) -> Select[Any]:
    """One row per visible client with its account and the account's latest figures.

    The latest figures are the account's ``figures_as_of`` row: one lookup on the (as_of, account_id) unique index
    per account, however many days account_figures holds; portable to PostgreSQL.
    """
    fig = aliased(AccountFigures)
    return (
        select(
            Client.id,
            Client.client_no,
            Client.name,
            Client.name_initials,
            Client.tier,
            Client.risk_level,
            Client.rm_id,
            User.display_name,
            CreditAccount.account_no,
            Client.phone,
            type_coerce(fig.maintenance_ratio, BigInteger),
            fig.level,
            fig.as_of,
            Client.status,
            Client.archived,
        )
        .select_from(Client)
        .outerjoin(User, User.id == Client.rm_id)
        .outerjoin(CreditAccount, CreditAccount.client_id == Client.id)
        .outerjoin(fig, (fig.as_of == CreditAccount.figures_as_of) & (fig.account_id == CreditAccount.id))
        .where(visible_clause(actor))
    )


def _counts(session: Session, actor: Actor) -> tuple[dict[int, int], dict[int, date], dict[int, int]]:
    """Open warnings, next planned callback and open cases per visible client: three grouped queries."""
    visible = select(Client.id).where(visible_clause(actor))
    warnings = session.execute(
        select(RiskWarning.client_id, func.count())
        .where(RiskWarning.status.in_(OPEN_WARNING_STATUSES), RiskWarning.client_id.in_(visible))
        .group_by(RiskWarning.client_id)
    ).all()
    callbacks = session.execute(
        select(Callback.client_id, func.min(Callback.due_date))
        .where(Callback.status == PLANNED_CALLBACK, Callback.client_id.in_(visible))
        .group_by(Callback.client_id)
    ).all()
    cases = session.execute(
        select(ComplaintCase.client_id, func.count())
        .where(ComplaintCase.status != CLOSED_CASE_STATUS, ComplaintCase.client_id.in_(visible))
        .group_by(ComplaintCase.client_id)
    ).all()
    return (
        {cid: int(n) for cid, n in warnings},
        {cid: due for cid, due in callbacks},
        {cid: int(n) for cid, n in cases},
    )


def _masked_phone(phone: str) -> str:
    return phone[:3] + "****" + phone[-4:] if len(phone) == 11 else mask_phone(phone)


def list_client_rows(session: Session, actor: Actor) -> list[ClientRow]:
    """Every client the actor may see (archived included; the book hides them unless asked), by client no.

    20,000 rows load in a few tenths of a second: one Core query for the rows and three grouped counts; ratios
    repeat (4 decimals), so each distinct one becomes a Decimal once.
    """
    open_warnings, next_callback, open_cases = _counts(session, actor)
    ratios: dict[int, Decimal] = {}
    rows: list[ClientRow] = []
    result = session.connection().execute(_book_query(actor).order_by(Client.client_no))
    for (
        cid,
        client_no,
        name,
        stored_initials,
        tier,
        risk_level,
        rm_id,
        rm_name,
        account_no,
        stored_phone,
        ratio_ppm,
        level,
        as_of,
        status,
        archived,
    ) in result:
        phone = (stored_phone or "").strip()
        last4 = phone[-4:]
        account = account_no or ""
        initials = (stored_initials or "").lower()
        ratio = None
        if ratio_ppm is not None:
            ratio = ratios.get(ratio_ppm)
            if ratio is None:
                ratio = ratios[ratio_ppm] = from_ppm(int(ratio_ppm))
        rows.append(
            ClientRow(
                id=cid,
                client_no=client_no,
                name=name,
                initials=initials,
                tier=tier,
                risk_level=risk_level,
                rm_id=rm_id,
                rm_name=rm_name or "",
                account_no=account,
                phone_last4=last4,
                phone_masked=_masked_phone(phone) if phone else "",
                maintenance_ratio=ratio,
                level=level,
                as_of=as_of,
                open_warnings=open_warnings.get(cid, 0),
                next_callback=next_callback.get(cid),
                open_cases=open_cases.get(cid, 0),
                status=status,
                archived=bool(archived),
                search_key=f"{name.lower()}\x1f{initials}\x1f{client_no.lower()}\x1f{account.lower()}\x1f{last4}",
            )
        )
    return rows


# ---------------------------------------------------------------------------------------------------- one client


@dataclass(frozen=True)
class AccountInfo:
    """The client's credit account as imported (figures come from the engine, see clients_tabs)."""

    id: int
    account_no: str
    credit_limit: Decimal
    financing_rate: Decimal | None
    short_rate: Decimal | None
    cash: Decimal
    opened_on: date | None
    status: str
    warning_line: Decimal | None
    closeout_line: Decimal | None
    target_line: Decimal | None
    state_as_of: date | None


@dataclass(frozen=True)
class ClientDetail:
    """One client's profile. ``id_no`` and ``phone`` are masked unless ``revealed`` (a supervisor, audited)."""

    id: int
    client_no: str
    name: str
    name_initials: str
    id_type: str
    id_no: str
    gender: str
    birth_date: date | None
    phone: str
    email: str
    address: str
    occupation: str
    investor_type: str
    risk_level: int | None
    risk_assessed_on: date | None
    trading_since: date | None
    avg_assets_20d: Decimal | None
    tier: str
    rm_id: int | None
    rm_name: str
    status: str
    controller_id: int | None
    controller_no: str
    controller_name: str
    is_related_party: bool
    has_other_credit_account: bool
    dormant: bool
    notes: str
    tags: str
    archived: bool
    created_at: datetime
    updated_at: datetime
    version: int
    revealed: bool
    editable: bool
    account: AccountInfo | None

    @property
    def risk_level_name(self) -> str:
        return risk_level_name(self.risk_level)


def _account_info(account: CreditAccount | None) -> AccountInfo | None:
    if account is None:
        return None
    return AccountInfo(
        id=account.id,
        account_no=account.account_no,
        credit_limit=account.credit_limit,
        financing_rate=account.financing_rate,
        short_rate=account.short_rate,
        cash=account.cash,
        opened_on=account.opened_on,
        status=account.status,
        warning_line=account.warning_line,
        closeout_line=account.closeout_line,
        target_line=account.target_line,
        state_as_of=account.state_as_of,
    )


def detail_of(session: Session, actor: Actor, client: Client, *, revealed: bool = False) -> ClientDetail:
    """Freeze an ORM client into a ClientDetail (masking unless ``revealed``)."""
    rm_name = session.execute(select(User.display_name).where(User.id == client.rm_id)).scalar() or ""
    controller = session.get(Client, client.controller_id) if client.controller_id else None
    account = session.execute(select(CreditAccount).where(CreditAccount.client_id == client.id)).scalar()
    return ClientDetail(
        id=client.id,
        client_no=client.client_no,
        name=client.name,
        name_initials=client.name_initials,
        id_type=client.id_type,
        id_no=(client.id_no or "") if revealed else mask_id(client.id_no),
        gender=client.gender or "",
        birth_date=client.birth_date,
        phone=(client.phone or "") if revealed else mask_phone(client.phone),
        email=client.email or "",
        address=client.address or "",
        occupation=client.occupation or "",
        investor_type=client.investor_type,
        risk_level=client.risk_level,
        risk_assessed_on=client.risk_assessed_on,
        trading_since=client.trading_since,
        avg_assets_20d=client.avg_assets_20d,
        tier=client.tier,
        rm_id=client.rm_id,
        rm_name=rm_name,
        status=client.status,
        controller_id=client.controller_id,
        controller_no=controller.client_no if controller else "",
        controller_name=controller.name if controller else "",
        is_related_party=client.is_related_party,
        has_other_credit_account=client.has_other_credit_account,
        dormant=client.dormant,
        notes=client.notes or "",
        tags=client.tags or "",
        archived=client.archived,
        created_at=client.created_at,
        updated_at=client.updated_at,
        version=client.version,
        revealed=revealed,
        editable=may_edit(actor, client.rm_id),
        account=_account_info(account),
    )


def get_client(session: Session, actor: Actor, client_id: int, reveal: bool = False) -> ClientDetail:
    """One client's profile. ``reveal=True`` is a supervisor right and writes an audit record "reveal"."""
    client = load_visible_client(session, actor, client_id)
    if reveal:
        if not actor.is_supervisor:
            raise ClientError("clients.reveal_forbidden")
        audit.record(session, actor, "client", client.id, "reveal", None, {"fields": ["id_no", "phone"]})
    return detail_of(session, actor, client, revealed=reveal)


def rm_choices(session: Session) -> list[tuple[int, str]]:
    """(user id, display name) of the users a client can be assigned to: active RMs and supervisors."""
    rows = session.execute(
        select(User.id, User.display_name)
        .where(User.role.in_(("rm", "supervisor")), User.disabled.is_(False))
        .order_by(User.display_name)
    ).all()
    return [(uid, name) for uid, name in rows]
