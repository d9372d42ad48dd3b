"""The figures engine's result types (SPEC §3.1) and the fast builder shared by compute and read.

Every screen, command and document reads these frozen dataclasses, so they show the same numbers. Amounts are
yuan rounded to the fen, fractions are rounded to 4 decimals; both were rounded once, from exact values.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, localcontext
from typing import Any

from rmdesk.money import BASIS, CENT, EXACT, from_li, from_ppm

LEVEL_NORMAL = "normal"
LEVEL_WARNING = "warning"
LEVEL_CLOSEOUT = "closeout"
LEVEL_EMERGENCY = "emergency"

# The 16 amounts and fractions of SPEC §8 in their documented order (max_concentration follows them).
JSON_FIGURES = (
    "cash",
    "market_value",
    "total_assets",
    "financing_debt",
    "short_value",
    "interest_fees",
    "total_liabilities",
    "maintenance_ratio",
    "topup_to_target",
    "repay_to_target",
    "drop_to_warning",
    "drop_to_closeout",
    "withdrawable",
    "credit_used",
    "credit_available",
    "available_margin",
)


@dataclass(frozen=True)
class Lines:
    """The effective lines of one account (account override > policy), as fractions (1.40 = 140%)."""

    warning: Decimal
    closeout: Decimal
    target: Decimal
    emergency: Decimal
    withdrawal: Decimal


@dataclass(frozen=True)
class Concentration:
    """The security with the largest share of an account's market value; ``share`` rounded to 4 decimals."""

    code: str
    share: Decimal


@dataclass(frozen=True)
class Figures:
    """Every figure of SPEC §3.1 for one account on one as-of date, each rounded once for reporting.

    The flags (``concentration_breach``, ``credit_usage_breach``) and ``level`` were decided on unrounded values.
    """

    account_id: int
    account_no: str
    client_id: int
    client_no: str
    as_of: date
    level: str
    cash: Decimal
    market_value: Decimal
    collateral_value: Decimal
    total_assets: Decimal
    financing_debt: Decimal
    short_value: Decimal
    interest_fees: Decimal
    total_liabilities: Decimal
    net_assets: Decimal
    maintenance_ratio: Decimal | None
    topup_to_target: Decimal
    repay_to_target: Decimal
    drop_to_warning: Decimal | None
    drop_to_closeout: Decimal | None
    withdrawable: Decimal
    credit_limit: Decimal
    credit_used: Decimal
    credit_available: Decimal
    available_margin: Decimal
    max_concentration: Concentration | None
    lines: Lines
    earliest_due: date | None
    concentration_breach: bool
    credit_usage_breach: bool
    open_contracts: int

    def as_json(self) -> dict[str, Any]:
        """The per-account object of ``risk --format json`` (SPEC §8) without ``warnings``; Decimals unserialised."""
        out: dict[str, Any] = {"account_no": self.account_no, "client_no": self.client_no, "level": self.level}
        for name in JSON_FIGURES:
            out[name] = getattr(self, name)
        conc = self.max_concentration
        out["max_concentration"] = None if conc is None else {"code": conc.code, "share": conc.share}
        return out


@dataclass(frozen=True)
class PositionLine:
    """One position with its values at the current close (statements, client file)."""

    security_id: int
    code: str
    name: str
    kind: str
    quantity: int
    close: Decimal
    market_value: Decimal
    haircut: Decimal
    collateral_value: Decimal


@dataclass(frozen=True)
class ContractLine:
    """One contract as imported, with its financed quantity and current market value (outstanding qty × close)."""

    contract_no: str
    type: str
    code: str
    name: str
    trade_date: date
    trade_price: Decimal
    trade_quantity: int
    trade_amount: Decimal
    outstanding_amount: Decimal | None
    outstanding_quantity: int | None
    financed_quantity: int | None
    due_date: date
    rate: Decimal | None
    accrued_interest: Decimal
    is_open: bool
    market_value: Decimal


# --- building many Figures quickly -------------------------------------------------------------------------------

FIGURE_FIELDS = tuple(Figures.__dataclass_fields__)
_ZERO_CENT = CENT * 0
_ZERO_BASIS = BASIS * 0


def cents_to_decimals(cents: Sequence[int]) -> list[Decimal]:
    """Whole fen → yuan Decimals with 2 places, exactly (a column of mostly zeros shares one zero object)."""
    mul = CENT.__mul__
    with localcontext(EXACT):
        if list(cents).count(0) * 4 > len(cents):
            return [_ZERO_CENT if c == 0 else mul(c) for c in cents]
        return list(map(mul, cents))


def basis_to_decimals(points: Sequence[int | None]) -> list[Decimal | None]:
    """Whole 0.0001s (None kept) → Decimals with 4 places."""
    mul = BASIS.__mul__
    with localcontext(EXACT):
        return [None if p is None else (_ZERO_BASIS if p == 0 else mul(p)) for p in points]


def li_to_reported(li: int) -> Decimal:
    """A stored amount (li, normally a whole fen) back to the reported Decimal; exact even if not whole fen."""
    if li % 10 == 0:
        with localcontext(EXACT):
            return CENT * (li // 10)
    return from_li(li)


def ppm_to_reported(ppm: int | None) -> Decimal | None:
    """A stored 4-decimal fraction (ppm, normally a multiple of 100) back to the reported Decimal."""
    if ppm is None:
        return None
    if ppm % 100 == 0:
        with localcontext(EXACT):
            return BASIS * (ppm // 100)
    return from_ppm(ppm)


def line_from_ppm(ppm: int) -> Decimal:
    """A line in millionths as a Decimal with 4 places (6 when it has more), the same whether computed or read."""
    value = ppm_to_reported(ppm)
    assert value is not None
    return value


def lines_from_ppm(warning: int, closeout: int, target: int, emergency: int, withdrawal: int) -> Lines:
    """Lines from millionths, so computed and stored lines compare and print the same."""
    return Lines(*(line_from_ppm(p) for p in (warning, closeout, target, emergency, withdrawal)))


def make_concentrations(codes: Sequence[str | None], shares: Sequence[Decimal | None]) -> list[Concentration | None]:
    """Concentration objects (None where there is no code or share), built without per-field setattr calls."""
    new = object.__new__
    set_dict = object.__setattr__
    out: list[Concentration | None] = []
    append = out.append
    for code, share in zip(codes, shares, strict=True):
        if code is None or share is None:
            append(None)
            continue
        conc = new(Concentration)
        set_dict(conc, "__dict__", {"code": code, "share": share})
        append(conc)
    return out


def build_figures(columns: dict[str, Sequence[Any]]) -> list[Figures]:
    """Figures from aligned columns keyed by field name (every field of :class:`Figures` must be present).

    Building tens of thousands of frozen dataclasses through ``__init__`` (one ``object.__setattr__`` call per
    field) costs more than the whole engine; each instance dict is built as one literal and set in one step
    instead. The result is an ordinary ``Figures`` (equality, hashing, repr, ``dataclasses.replace`` all work).
    """
    missing = set(FIGURE_FIELDS) - columns.keys()
    if missing:
        raise ValueError(f"figures columns missing: {sorted(missing)}")
    new = object.__new__
    set_dict = object.__setattr__
    out: list[Figures] = []
    append = out.append
    for (
        account_id,
        account_no,
        client_id,
        client_no,
        as_of,
        level,
        cash,
        market_value,
        collateral_value,
        total_assets,
        financing_debt,
        short_value,
        interest_fees,
        total_liabilities,
        net_assets,
        maintenance_ratio,
        topup_to_target,
        repay_to_target,
        drop_to_warning,
        drop_to_closeout,
        withdrawable,
        credit_limit,
        credit_used,
        credit_available,
        available_margin,
        max_concentration,
        lines,
        earliest_due,
        concentration_breach,
        credit_usage_breach,
        open_contracts,
    ) in zip(*(columns[name] for name in FIGURE_FIELDS), strict=True):
        fig = new(Figures)
        set_dict(
            fig,
            "__dict__",
            {
                "account_id": account_id,
                "account_no": account_no,
                "client_id": client_id,
                "client_no": client_no,
                "as_of": as_of,
                "level": level,
                "cash": cash,
                "market_value": market_value,
                "collateral_value": collateral_value,
                "total_assets": total_assets,
                "financing_debt": financing_debt,
                "short_value": short_value,
                "interest_fees": interest_fees,
                "total_liabilities": total_liabilities,
                "net_assets": net_assets,
                "maintenance_ratio": maintenance_ratio,
                "topup_to_target": topup_to_target,
                "repay_to_target": repay_to_target,
                "drop_to_warning": drop_to_warning,
                "drop_to_closeout": drop_to_closeout,
                "withdrawable": withdrawable,
                "credit_limit": credit_limit,
                "credit_used": credit_used,
                "credit_available": credit_available,
                "available_margin": available_margin,
                "max_concentration": max_concentration,
                "lines": lines,
                "earliest_due": earliest_due,
                "concentration_breach": concentration_breach,
                "credit_usage_breach": credit_usage_breach,
                "open_contracts": open_contracts,
            },
        )
        append(fig)
    return out
