"""Which warnings a day's figures call for (SPEC §3.2), decided for every account at once over raw columns.

The kinds are masks over the day's rows (numpy): the level kinds, concentration, contract expiry, assessment
expiry, suitability and credit usage. Each trading-day deadline is computed once per scan. The per-account
:class:`Condition` (with the detail the warning keeps) is built only for the rows the scan has to look at.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from json.encoder import encode_basestring as _text  # how json.dumps(…, ensure_ascii=False) writes a str
from typing import Any, NamedTuple

import numpy as np
from sqlalchemy import BigInteger, Date, column, func, table
from sqlalchemy.orm import Session

from rmdesk.services.calendar import Deadline, TradingCalendar
from rmdesk.services.figures import DayColumns
from rmdesk.services.figures_book import NULL, IntArray, index_of
from rmdesk.services.figures_load import NO_DATE, fetch_columns
from rmdesk.services.figures_model import li_to_reported, ppm_to_reported
from rmdesk.services.in_lists import IN_LIST
from rmdesk.services.policy import Policy

LEVEL_KIND = {"warning": "ratio_warning", "closeout": "margin_call", "emergency": "emergency"}
KINDS = (
    "ratio_warning",
    "margin_call",
    "emergency",
    "concentration",
    "contract_expiry",
    "assessment_expiry",
    "suitability",
    "credit_limit",
)  # the order an account's conditions are listed (and new warnings raised) in
_NONE = NO_DATE  # a blank risk level or assessment date
_clients = table(
    "clients", column("id", BigInteger), column("risk_level", BigInteger), column("risk_assessed_on", Date)
)


class Condition(NamedTuple):
    """A warning the figures call for: its kind, due date and what triggered it (a tuple: thousands per scan)."""

    kind: str
    due: date | None
    contact_due: date | None
    detail: str  # the JSON text the warning keeps


def assessment_expiry(assessed_on: date, years: int) -> date:
    """The same calendar date ``years`` later; 29 Feb → 28 Feb (SPEC §3.2)."""
    try:
        return assessed_on.replace(year=assessed_on.year + years)
    except ValueError:
        return assessed_on.replace(year=assessed_on.year + years, day=28)


def last_assessment_due(limit: date, years: int) -> date:
    """The latest assessment date whose expiry is on or before ``limit``.

    ``assessment_expiry`` never decreases as the assessment date grows (29 Feb expires with 28 Feb), so an
    assessment expires on or before ``limit`` exactly when it was made on or before this day. The same date
    ``years`` earlier expires on ``limit`` (or, for a 29 Feb limit, on 28 Feb); only a 28 Feb limit can also
    take the 29 Feb before it.
    """
    try:
        day = limit.replace(year=limit.year - years)
    except ValueError:  # limit is 29 Feb, that year is not a leap year
        day = limit.replace(year=limit.year - years, day=28)
    following = day + timedelta(days=1)
    return following if assessment_expiry(following, years) <= limit else day


@dataclass(frozen=True, eq=False)
class ClientFacts:
    """The clients' risk level and assessment date, row-aligned with the scanned accounts (:data:`_NONE`: blank)."""

    risk_level: IntArray
    assessed_on: IntArray  # date ordinals


def client_facts(session: Session, client_ids: Sequence[int]) -> ClientFacts:
    """The facts of these clients, one query: by id when few, else every client (it is most of them)."""
    unique = sorted(set(client_ids))
    c = _clients.c
    ids, level, assessed = fetch_columns(
        session,
        (c.id, func.coalesce(c.risk_level, NULL), c.risk_assessed_on),
        "iin",
        c.id.in_(unique) if len(unique) <= IN_LIST else None,  # more clients: read every client once
    )
    at = index_of(ids, np.array(client_ids, dtype=np.int64), "client")
    return ClientFacts(np.where(level == NULL, _NONE, level)[at], assessed[at])


def amount_text(li: int) -> str:
    """``str`` of the reported amount (yuan to the fen) of ``li``, formatted from the integer directly."""
    if li % 10:
        return str(li_to_reported(li))
    fen = li // 10
    whole, cents = divmod(-fen if fen < 0 else fen, 100)
    return f"{'-' if fen < 0 else ''}{whole}.{cents:02d}"


def fraction_text(ppm: int) -> str:
    """``str`` of the reported fraction (4 places) of ``ppm``, formatted from the integer directly."""
    if ppm % 100:
        return str(ppm_to_reported(ppm))
    points = ppm // 100
    whole, rest = divmod(-points if points < 0 else points, 10_000)
    return f"{'-' if points < 0 else ''}{whole}.{rest:04d}"


class DayConditions:
    """The warning kinds each row of a day's figures calls for, and how to spell out one row's conditions.

    A row's conditions carry their detail as the JSON text the warning keeps (what ``json.dumps(detail,
    ensure_ascii=False)`` gives for the detail dict, key order included), built from the raw integers.
    """

    def __init__(
        self,
        day: DayColumns,
        facts: ClientFacts,
        policy: Policy,
        masks: dict[str, Any],
        deadlines: dict[str, Deadline],
        missing_years: frozenset[int],
    ) -> None:
        self.masks = masks  # kind → bool array over the rows
        self.deadlines = {kind: d.day for kind, d in deadlines.items()}  # level kind → due (or contact) day
        self.missing_years = missing_years
        self.policy = policy
        bits = np.zeros(len(day.account_no), dtype=np.int64)
        for i, kind in enumerate(KINDS):
            bits |= masks[kind].astype(np.int64) << i
        self.any = bits != 0  # rows with at least one condition
        self._bits = bits
        self._cols = day.columns
        self._risk, self._assessed = facts.risk_level, facts.assessed_on

    def ratio(self, row: int) -> Any:
        """The row's reported maintenance ratio (a Decimal, or None without liabilities)."""
        return ppm_to_reported(self._cols["maintenance_ratio"][row])

    def conditions(self, row: int) -> dict[str, Condition]:
        """The row's conditions by kind, in :data:`KINDS` order."""
        bits, cols = int(self._bits[row]), self._cols
        out: dict[str, Condition] = {}
        if not bits:
            return out
        if bits & _LEVEL_BITS or bits & _CONCENTRATION:
            ratio = cols["maintenance_ratio"][row]
            base = (
                f'{{"ratio": {"null" if ratio is None else _text(fraction_text(ratio))}, '
                f'"level": {_text(cols["level"][row])}'
            )
            if bits & 1:
                kind = "ratio_warning"
                out[kind] = Condition(kind, None, self.deadlines[kind], base + "}")
            elif bits & 2:
                kind = "margin_call"
                topup, repay = amount_text(cols["topup_to_target"][row]), amount_text(cols["repay_to_target"][row])
                detail = f'{base}, "topup_to_target": "{topup}", "repay_to_target": "{repay}"}}'
                out[kind] = Condition(kind, self.deadlines[kind], None, detail)
            elif bits & 4:
                kind = "emergency"
                detail = f'{base}, "topup_to_target": "{amount_text(cols["topup_to_target"][row])}"}}'
                out[kind] = Condition(kind, self.deadlines[kind], None, detail)
            if bits & _CONCENTRATION:
                code, share = cols["max_concentration_code"][row], cols["max_concentration_share"][row]
                detail = f'{base}, "code": {_text(code)}, "share": "{fraction_text(share)}"}}'
                out["concentration"] = Condition("concentration", None, None, detail)
        if bits & 16:
            due: date = cols["earliest_due"][row]
            detail = f'{{"earliest_due": "{due.isoformat()}"}}'
            out["contract_expiry"] = Condition("contract_expiry", due, None, detail)
        if bits & 32:
            ordinal = int(self._assessed[row])
            if ordinal == _NONE:
                out["assessment_expiry"] = Condition("assessment_expiry", None, None, '{"assessed_on": null}')
            else:
                assessed = date.fromordinal(ordinal)
                expiry = assessment_expiry(assessed, self.policy.assessment_valid_years)
                detail = f'{{"assessed_on": "{assessed.isoformat()}"}}'
                out["assessment_expiry"] = Condition("assessment_expiry", expiry, None, detail)
        if bits & 64:
            risk = int(self._risk[row])
            detail = (
                f'{{"risk_level": {"null" if risk == _NONE else risk}, "required": {self.policy.required_risk_level}}}'
            )
            out["suitability"] = Condition("suitability", None, None, detail)
        if bits & 128:
            used, limit = amount_text(cols["credit_used"][row]), amount_text(cols["credit_limit"][row])
            detail = f'{{"credit_used": "{used}", "credit_limit": "{limit}"}}'
            out["credit_limit"] = Condition("credit_limit", None, None, detail)
        return out


#: the figure columns the conditions read (a scan of stored figures fetches only these)
SCANNED = (
    "level",
    "maintenance_ratio",
    "topup_to_target",
    "repay_to_target",
    "max_concentration_code",
    "max_concentration_share",
    "concentration_breach",
    "earliest_due",
    "credit_usage_breach",
    "credit_used",
    "credit_limit",
)
_LEVEL_BITS, _CONCENTRATION = 1 | 2 | 4, 8  # bits of KINDS: ratio_warning, margin_call, emergency; concentration


def day_conditions(
    day: DayColumns, facts: ClientFacts, policy: Policy, cal: TradingCalendar, as_of: date
) -> DayConditions:
    """Every row's warning kinds on ``as_of`` as masks; the deadlines of the level kinds that occur, once each."""
    cols, n = day.columns, len(day.account_no)
    levels = np.array(cols["level"], dtype=object) if n else np.zeros(0, dtype=object)
    masks: dict[str, Any] = {kind: levels == level for level, kind in LEVEL_KIND.items()}
    deadlines: dict[str, Deadline] = {}
    days = {
        "ratio_warning": policy.warning_contact_trading_days,
        "margin_call": policy.margin_call_trading_days,
        "emergency": policy.emergency_trading_days,
    }
    for kind, count in days.items():
        if masks[kind].any():
            deadlines[kind] = cal.deadline_trading(as_of, count)

    conc = np.array(cols["concentration_breach"], dtype=np.bool_).reshape(n)
    for row in np.nonzero(conc)[0].tolist():  # the reported concentration must exist (it always does on a breach)
        conc[row] = cols["max_concentration_code"][row] is not None and cols["max_concentration_share"][row] is not None
    masks["concentration"] = conc

    ordinals = {d: d.toordinal() for d in set(cols["earliest_due"]) if d is not None}
    ordinals[None] = np.iinfo(np.int64).max
    due = np.fromiter(map(ordinals.__getitem__, cols["earliest_due"]), dtype=np.int64, count=n)
    masks["contract_expiry"] = due <= as_of.toordinal() + policy.contract_expiry_notice_days

    limit = as_of + timedelta(days=policy.assessment_notice_days)
    cutoff = last_assessment_due(limit, policy.assessment_valid_years).toordinal()
    assessed = facts.assessed_on
    masks["assessment_expiry"] = (assessed == _NONE) | (assessed <= cutoff)
    risk = facts.risk_level
    masks["suitability"] = (risk == _NONE) | (risk < policy.required_risk_level)
    masks["credit_limit"] = np.array(cols["credit_usage_breach"], dtype=np.bool_).reshape(n)
    missing = frozenset().union(*(d.missing_years for d in deadlines.values()))
    return DayConditions(day, facts, policy, {k: masks[k] for k in KINDS}, deadlines, missing)
