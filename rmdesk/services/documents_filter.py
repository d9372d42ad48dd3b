"""The filter of a document batch: ``parse_filter(expr)`` → :class:`Selection`, and the clients it selects.

The grammar (FILTER_HELP, shown by ``rmdesk print batch --help``): terms joined by spaces or ``&``, all of which
must hold — ``all``, ``margin_call``, ``level=LEVEL``, ``rm=USERNAME``, ``clients=NO[,NO...]``. The selection is
always limited to the clients the acting user may see (an RM: their own).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from rmdesk import i18n
from rmdesk.services.audit import Actor
from rmdesk.services.clients import ClientError, sees_all_clients, visible_clause
from rmdesk.services.documents_data import ACTIVE_WARNING, DocumentError, Target
from rmdesk.store.models import AccountFigures, Client, CreditAccount, RiskWarning, User

LEVELS = ("normal", "warning", "closeout", "emergency")

FILTER_HELP = (
    """筛选表达式 EXPR：一个或多个条件，以空格或 & 连接，须同时满足（含空格时请给整个表达式加引号）：
  all                 全部客户（您可见的、未归档的）
  margin_call         有未解除的追加担保物预警的账户
  level=LEVEL         最新指标的风险级别：normal | warning | closeout | emergency
  rm=USERNAME         该客户经理名下的客户
  clients=NO[,NO...]  客户号或信用账号，逗号分隔
例：--filter margin_call    --filter "level=closeout & rm=rm01"    --filter clients=C001,C002""",
    """Filter expression EXPR: one or more terms joined by spaces or '&', all of which must hold (quote the
expression when it has spaces):
  all                 every client (that you may see, not archived)
  margin_call         accounts with an active margin-call warning
  level=LEVEL         level of the latest figures: normal | warning | closeout | emergency
  rm=USERNAME         the clients of that RM
  clients=NO[,NO...]  client or credit-account numbers, comma-separated
E.g. --filter margin_call    --filter "level=closeout & rm=rm01"    --filter clients=C001,C002""",
)

i18n.register(
    {
        "documents.bad_filter": ("筛选表达式有误：{detail}", "bad filter expression: {detail}"),
        "documents.unknown_clients": ("没有这些客户号或信用账号：{numbers}", "no such client or account: {numbers}"),
        "documents.unknown_rm": ("没有用户 {username}", "no user {username}"),
    }
)


@dataclass(frozen=True)
class Term:
    key: str  # all / margin_call / level / rm / clients
    values: tuple[str, ...] = ()


@dataclass(frozen=True)
class Selection:
    """A parsed filter expression (picklable, comparable): the AND of its terms."""

    terms: tuple[Term, ...]
    text: str


def parse_filter(expr: str) -> Selection:
    """Parse the filter grammar of FILTER_HELP; DocumentError("documents.bad_filter") when it is not valid."""
    raw = [t for t in expr.replace("&", " ").split() if t]
    if not raw:
        raise DocumentError("documents.bad_filter", detail="empty")
    terms: list[Term] = []
    for token in raw:
        key, eq, value = token.partition("=")
        key = key.strip().lower()
        if key in ("all", "margin_call") and not eq:
            terms.append(Term(key))
        elif (key == "level" and value in LEVELS) or (key == "rm" and value):
            terms.append(Term(key, (value,)))
        elif key == "clients" and value:
            numbers = tuple(n.strip() for n in value.split(",") if n.strip())
            if not numbers:
                raise DocumentError("documents.bad_filter", detail=token)
            terms.append(Term(key, numbers))
        else:
            raise DocumentError("documents.bad_filter", detail=token)
    return Selection(tuple(terms), expr.strip())


def select_targets(session: Session, actor: Actor, selection: Selection) -> list[Target]:
    """The clients the selection names that the actor may see, by client number (archived clients excluded).

    Naming a client by number that the actor may not see is an error (ClientError forbidden), not a silent skip.
    """
    q = (
        select(Client.id, Client.client_no, CreditAccount.id, CreditAccount.account_no)
        .outerjoin(CreditAccount, CreditAccount.client_id == Client.id)
        .where(Client.archived.is_(False), visible_clause(actor))
        .order_by(Client.client_no)
    )
    for term in selection.terms:
        if term.key == "margin_call":
            active = select(RiskWarning.account_id).where(
                RiskWarning.kind == "margin_call", RiskWarning.status.in_(ACTIVE_WARNING)
            )
            q = q.where(CreditAccount.id.in_(active))
        elif term.key == "level":
            # the level of each account's latest figures: its figures_as_of row, looked up per account
            level = (
                select(AccountFigures.level)
                .where(
                    AccountFigures.as_of == CreditAccount.figures_as_of,
                    AccountFigures.account_id == CreditAccount.id,
                )
                .correlate(CreditAccount)
                .scalar_subquery()
            )
            q = q.where(level == term.values[0])
        elif term.key == "rm":
            rm_id = session.execute(select(User.id).where(User.username == term.values[0])).scalar()
            if rm_id is None:
                raise DocumentError("documents.unknown_rm", username=term.values[0])
            q = q.where(Client.rm_id == rm_id)
        elif term.key == "clients":
            _check_numbers(session, actor, term.values)
            q = q.where(or_(Client.client_no.in_(term.values), CreditAccount.account_no.in_(term.values)))
    return [Target(cid, cno, aid, ano) for cid, cno, aid, ano in session.execute(q)]


def _check_numbers(session: Session, actor: Actor, numbers: Sequence[str]) -> None:
    rows = session.execute(
        select(Client.client_no, CreditAccount.account_no, Client.rm_id)
        .outerjoin(CreditAccount, CreditAccount.client_id == Client.id)
        .where(or_(Client.client_no.in_(numbers), CreditAccount.account_no.in_(numbers)))
    ).all()
    known = {r[0] for r in rows} | {r[1] for r in rows if r[1]}
    unknown = [n for n in numbers if n not in known]
    if unknown:
        raise DocumentError("documents.unknown_clients", numbers=", ".join(unknown))
    if not sees_all_clients(actor) and any(r[2] != actor.id or actor.role != "rm" for r in rows):
        raise ClientError("clients.forbidden")
