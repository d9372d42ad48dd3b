"""Report data for the document figures, read from the book with the engine's read functions.

Used for the baseline (the bare-reportlab pages need the same StatementData) and, while the documents service
(rmdesk.services.documents) is not in the tree, for rmdesk's own batch too. Figures are never recomputed here:
they come from rmdesk.services.figures (read_figures, account_detail, ratio_series).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from rmdesk.store.models import Client, CreditAccount, User


def pick_accounts(session: Session, n: int) -> list[int]:
    """``n`` account ids spread evenly over the book (every k-th by account number), deterministic."""
    ids = list(session.execute(select(CreditAccount.id).order_by(CreditAccount.account_no)).scalars())
    if n >= len(ids):
        return ids
    step = len(ids) / n
    return [ids[int(i * step)] for i in range(n)]


def _branch(session: Session) -> Any:
    from rmdesk.reports.data import BranchInfo
    from rmdesk.services.policy import load_policy

    p = load_policy(session)
    return BranchInfo(p.branch_name, p.branch_address, p.branch_phone)


def client_infos(session: Session, account_ids: Sequence[int]) -> dict[int, Any]:
    """ClientInfo (masked) per account id."""
    from rmdesk.reports.data import ClientInfo
    from rmdesk.reports.formatting import risk_label

    wanted = set(account_ids)
    out: dict[int, Any] = {}
    q = (
        select(CreditAccount.id, CreditAccount.account_no, Client, User.display_name)
        .join(Client, Client.id == CreditAccount.client_id)
        .outerjoin(User, User.id == Client.rm_id)
    )
    for acct_id, acct_no, c, rm in session.execute(q):
        if acct_id not in wanted:
            continue
        out[acct_id] = ClientInfo(
            client_no=c.client_no,
            name=c.name,
            id_type=c.id_type,
            id_masked=c.id_no or "",
            phone_masked=c.phone or "",
            address=c.address or "",
            risk_level=risk_label(c.risk_level),
            investor_type=c.investor_type,
            tier=c.tier,
            status=c.status,
            rm_name=rm or "",
            account_no=acct_no,
        )
    return out


def statements(session: Session, account_ids: Sequence[int], as_of: date) -> list[Any]:
    """StatementData for the month of ``as_of`` (figures at ``as_of``, ratio history of the month)."""
    from rmdesk.reports.data import AccountFigures, ContractLine, PositionLine, StatementData, ratio_points
    from rmdesk.services import figures as engine

    branch = _branch(session)
    clients = client_infos(session, account_ids)
    figs = {f.account_id: f for f in engine.read_figures(session, as_of, list(account_ids))}
    start = as_of.replace(day=1)
    now = datetime.combine(as_of, datetime.min.time()).replace(hour=18)
    out = []
    for n, acct in enumerate(account_ids, 1):
        positions, contracts = engine.account_detail(session, acct)
        out.append(
            StatementData(
                doc_no=f"BENCH-{as_of:%Y%m%d}-{n:05d}",
                generated_at=now,
                branch=branch,
                client=clients[acct],
                period_start=start,
                period_end=as_of,
                figures=AccountFigures.from_engine(figs[acct]),
                positions=tuple(PositionLine.from_engine(p) for p in positions),
                contracts=tuple(ContractLine.from_engine(c) for c in contracts if c.is_open),
                ratio_history=ratio_points(engine.ratio_series(session, acct, start, as_of)),
            )
        )
    return out


def disclosures(session: Session, account_ids: Sequence[int], letter_date: date) -> list[Any]:
    """DisclosureData for the clients of ``account_ids`` (their lines from the engine's figures)."""
    from rmdesk.reports.data import DisclosureData, Lines
    from rmdesk.services import figures as engine

    branch = _branch(session)
    clients = client_infos(session, account_ids)
    figs = {f.account_id: f for f in engine.read_figures(session, None, list(account_ids))}
    now = datetime.combine(letter_date, datetime.min.time()).replace(hour=18)
    out = []
    for n, acct in enumerate(account_ids, 1):
        lines = figs[acct].lines
        out.append(
            DisclosureData(
                doc_no=f"BENCH-FXJS-{n:05d}",
                generated_at=now,
                branch=branch,
                client=clients[acct],
                letter_date=letter_date,
                lines=Lines(lines.warning, lines.closeout, lines.target, lines.emergency),
            )
        )
    return out
