"""Everything one client's file shows, read in one go (one op, one session): profile, eligibility, the engine's
figures with the positions and contracts behind them, the ratio history, and the tab lists.

The figures are the engine's stored ones (rmdesk.services.figures), so the file shows exactly what the CLI and
the documents show.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy.orm import Session

from rmdesk import clock
from rmdesk.services.audit import Actor
from rmdesk.services.clients import ClientDetail, get_client
from rmdesk.services.clients_tabs import (
    CallbackItem,
    CaseItem,
    CheckItem,
    DocumentItem,
    RelatedClient,
    WarningItem,
    assessment_expiry,
    eligibility,
    list_callbacks,
    list_cases,
    list_documents,
    list_related,
    list_warnings,
)
from rmdesk.services.figures import ContractLine, Figures, PositionLine, account_detail, ratio_series, read_figures
from rmdesk.services.policy import load_policy

HISTORY_DAYS = 365  # calendar days of ratio history on the chart (about 250 trading days)


@dataclass(frozen=True)
class RatioLines:
    """The lines drawn on the ratio chart (the account's effective lines, else the branch's)."""

    warning: Decimal
    closeout: Decimal
    target: Decimal
    emergency: Decimal


@dataclass(frozen=True)
class ClientFile:
    detail: ClientDetail
    today: date
    assessment_expires: date | None  # per the branch's validity period (SPEC §2: 2 years ⚙)
    eligibility: tuple[CheckItem, ...]
    figures: Figures | None
    positions: tuple[PositionLine, ...]
    contracts: tuple[ContractLine, ...]
    history: tuple[tuple[date, Decimal | None, str], ...]
    lines: RatioLines
    warnings: tuple[WarningItem, ...]
    callbacks: tuple[CallbackItem, ...]
    cases: tuple[CaseItem, ...]
    documents: tuple[DocumentItem, ...]
    related: tuple[RelatedClient, ...]


def load_client_file(
    session: Session, actor: Actor, client_id: int, *, reveal: bool = False, history_days: int = HISTORY_DAYS
) -> ClientFile:
    """The whole file. ``reveal`` needs a supervisor and a write session (it is audited)."""
    detail = get_client(session, actor, client_id, reveal=reveal)
    today = clock.today()
    policy = load_policy(session)
    figures: Figures | None = None
    positions: tuple[PositionLine, ...] = ()
    contracts: tuple[ContractLine, ...] = ()
    history: tuple[tuple[date, Decimal | None, str], ...] = ()
    lines = RatioLines(policy.warning_line, policy.closeout_line, policy.target_line, policy.emergency_line)
    if detail.account is not None:
        account_id = detail.account.id
        found = read_figures(session, account_ids=[account_id])
        figures = found[0] if found else None
        pos, con = account_detail(session, account_id)
        positions, contracts = tuple(pos), tuple(con)
        end = figures.as_of if figures else today
        history = tuple(ratio_series(session, account_id, end - timedelta(days=history_days), end))
        if figures is not None:
            fl = figures.lines
            lines = RatioLines(fl.warning, fl.closeout, fl.target, fl.emergency)
    return ClientFile(
        detail=detail,
        today=today,
        assessment_expires=(
            assessment_expiry(detail.risk_assessed_on, policy.assessment_valid_years)
            if detail.risk_assessed_on
            else None
        ),
        eligibility=tuple(eligibility(session, client_id, today, policy)),
        figures=figures,
        positions=positions,
        contracts=contracts,
        history=history,
        lines=lines,
        warnings=tuple(list_warnings(session, actor, client_id)),
        callbacks=tuple(list_callbacks(session, actor, client_id)),
        cases=tuple(list_cases(session, actor, client_id)),
        documents=tuple(list_documents(session, actor, client_id)),
        related=tuple(list_related(session, actor, client_id)),
    )
