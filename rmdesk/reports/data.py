"""The inputs of the document renderers: plain frozen dataclasses, no ORM, no engine import.

Amounts are Decimal yuan already rounded by the figures engine (SPEC §3.1); fractions (ratios, lines, haircuts,
rates) are Decimal fractions (1.5327 = 153.27%). Personal data is masked here, whatever the caller passes: a
document sent to a client shows ``110105********1234`` and ``138****5678`` (SPEC §2).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from rmdesk.reports.formatting import mask_id_no, mask_phone


def _freeze(obj: object) -> None:
    """Turn list fields into tuples so a frozen dataclass is immutable all the way down."""
    for f in fields(obj):  # type: ignore[arg-type]
        value = getattr(obj, f.name)
        if isinstance(value, list):
            object.__setattr__(obj, f.name, tuple(value))


@dataclass(frozen=True)
class BranchInfo:
    """营业部: printed in every header and footer (SPEC §6, ⚙ policy branch_name/address/phone)."""

    name: str
    address: str
    phone: str


@dataclass(frozen=True)
class ClientInfo:
    """The client as a document shows them; ID and phone are masked on construction."""

    client_no: str
    name: str
    id_type: str = "身份证"
    id_masked: str = ""
    phone_masked: str = ""
    address: str = ""
    risk_level: str = ""  # label, e.g. "C4 相对积极型" (formatting.risk_label)
    investor_type: str = "普通投资者"
    tier: str = "普通"
    status: str = "正常"
    rm_name: str = ""
    rm_phone: str = ""
    account_no: str | None = None
    gender: str = ""
    occupation: str = ""
    trading_since: date | None = None
    avg_assets_20d: Decimal | None = None
    tags: tuple[str, ...] = ()
    notes: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "id_masked", mask_id_no(self.id_masked) if self.id_masked else "")
        object.__setattr__(self, "phone_masked", mask_phone(self.phone_masked) if self.phone_masked else "")
        _freeze(self)


@dataclass(frozen=True)
class Lines:
    """The account's effective lines (fractions): 警戒线, 平仓线, 追保目标线, 紧急线."""

    warning: Decimal = Decimal("1.40")
    closeout: Decimal = Decimal("1.30")
    target: Decimal = Decimal("1.50")
    emergency: Decimal = Decimal("1.20")


@dataclass(frozen=True)
class AccountFigures:
    """One account's figures as of a date, with the engine's names (SPEC §3.1); all already rounded."""

    account_no: str
    as_of: date
    level: str  # normal / warning / closeout / emergency
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
    lines: Lines = field(default_factory=Lines)
    max_concentration_code: str | None = None
    max_concentration_share: Decimal | None = None

    @classmethod
    def from_engine(cls, fig: Any) -> AccountFigures:
        """Copy the engine's ``Figures`` (rmdesk.services.figures) by attribute name."""
        names = [
            f.name for f in fields(cls) if f.name not in ("lines", "max_concentration_code", "max_concentration_share")
        ]
        values = {name: getattr(fig, name) for name in names}
        lines = fig.lines
        conc = getattr(fig, "max_concentration", None)
        return cls(
            **values,
            lines=Lines(lines.warning, lines.closeout, lines.target, lines.emergency),
            max_concentration_code=conc.code if conc is not None else None,
            max_concentration_share=conc.share if conc is not None else None,
        )


@dataclass(frozen=True)
class PositionLine:
    """持仓: one security of the account, valued at the as-of close."""

    code: str
    name: str
    quantity: int
    close: Decimal
    market_value: Decimal
    haircut: Decimal
    collateral_value: Decimal

    @classmethod
    def from_engine(cls, line: Any) -> PositionLine:
        return cls(*(getattr(line, f.name) for f in fields(cls)))


@dataclass(frozen=True)
class ContractLine:
    """合约: financing (outstanding amount, yuan) or short (outstanding quantity, shares)."""

    contract_no: str
    type: str  # financing / short
    code: str
    name: str
    trade_date: date
    trade_price: Decimal
    trade_quantity: int
    trade_amount: Decimal
    outstanding_amount: Decimal | None
    outstanding_quantity: int | None
    rate: Decimal | None
    accrued_interest: Decimal
    due_date: date | None

    @classmethod
    def from_engine(cls, line: Any) -> ContractLine:
        return cls(*(getattr(line, f.name) for f in fields(cls)))


@dataclass(frozen=True)
class RatioPoint:
    """One day of ratio history; ``ratio`` is None when the account had no liabilities that day."""

    day: date
    ratio: Decimal | None


def ratio_points(series: Iterable[tuple[Any, ...]]) -> tuple[RatioPoint, ...]:
    """From ``ratio_series()`` rows ``(date, ratio, level)`` (extra items ignored)."""
    return tuple(RatioPoint(row[0], row[1]) for row in series)


@dataclass(frozen=True)
class WarningLine:
    """An unresolved warning (SPEC §3.2)."""

    kind: str
    status: str
    raised_on: date
    due_date: date | None = None
    summary: str = ""


@dataclass(frozen=True)
class CaseLine:
    """An open complaint case (SPEC §5)."""

    case_no: str
    category: str
    status: str
    urgency: str
    received_at: datetime
    respond_due: date | None
    summary: str


@dataclass(frozen=True)
class CallbackLine:
    """A callback record (SPEC §4); ``done_at`` None means still planned."""

    due_date: date
    done_at: datetime | None
    channel: str
    done_by: str
    outcome: str
    satisfaction: int | None = None
    notes: str = ""


@dataclass(frozen=True)
class EligibilityItem:
    """One line of the credit-account eligibility checklist (SPEC §2); ``passed`` None = not applicable."""

    label: str
    passed: bool | None
    detail: str = ""


@dataclass(frozen=True)
class Suitability:
    """适当性: the client's risk level against the product's (融资融券 is R4, needs C4 ⚙)."""

    risk_level: str
    assessed_on: date | None
    valid_until: date | None
    required_level: str = "C4"
    product_level: str = "R4"
    suitable: bool | None = None
    note: str = ""


@dataclass(frozen=True)
class _Document:
    doc_no: str
    generated_at: datetime
    branch: BranchInfo
    client: ClientInfo


@dataclass(frozen=True)
class StatementData(_Document):
    """对账单 for a period; figures as of the period end."""

    period_start: date
    period_end: date
    figures: AccountFigures
    positions: tuple[PositionLine, ...] = ()
    contracts: tuple[ContractLine, ...] = ()
    ratio_history: tuple[RatioPoint, ...] = ()
    risk_note: str | None = None  # None: the standard plain-language note built from the figures
    # Set when the period-end positions and contracts are not available (the book keeps only the latest
    # import's state): printed in place of the two tables, so a past period never shows today's holdings.
    detail_note: str | None = None

    def __post_init__(self) -> None:
        _freeze(self)


@dataclass(frozen=True)
class DisclosureData(_Document):
    """融资融券交易风险揭示书; ``template_version`` None = the latest shipped version."""

    letter_date: date
    lines: Lines = field(default_factory=Lines)
    template_version: str | None = None


@dataclass(frozen=True)
class MarginCallData(_Document):
    """追加担保物通知书: as-of figures, the deadline, and what happens if it passes."""

    figures: AccountFigures
    deadline: datetime
    consequences: tuple[str, ...] = ()  # empty: the standard paragraphs
    deadline_note: str = ""  # how the deadline was set (e.g. "T+2 个交易日 15:00"), printed with it

    def __post_init__(self) -> None:
        _freeze(self)


@dataclass(frozen=True)
class VisitBriefData(_Document):
    """客户拜访简报: everything an RM needs offline before a visit."""

    suitability: Suitability
    eligibility: tuple[EligibilityItem, ...] = ()
    figures: AccountFigures | None = None  # None: no credit account
    positions: tuple[PositionLine, ...] = ()
    warnings: tuple[WarningLine, ...] = ()
    cases: tuple[CaseLine, ...] = ()
    callbacks: tuple[CallbackLine, ...] = ()
    ratio_history: tuple[RatioPoint, ...] = ()
    visit_date: date | None = None
    prepared_by: str = ""

    def __post_init__(self) -> None:
        _freeze(self)


@dataclass(frozen=True)
class RenderResult:
    """What a renderer reports back: the page count (for the register) and the template version used."""

    pages: int
    template_version: str | None = None
