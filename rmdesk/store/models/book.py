"""The margin book: securities, credit accounts, positions, contracts, daily figures, imports (SPEC §3, §7)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import BigInteger, Boolean, Date, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from rmdesk.store.models.base import Base
from rmdesk.store.types import Fraction6, Money

SECURITY_KINDS = ("stock", "etf", "fund", "bond", "gov_bond", "money_fund")
CONTRACT_TYPES = ("financing", "short")
LEVELS = ("normal", "warning", "closeout", "emergency")


class Security(Base):
    __tablename__ = "securities"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)  # 600519.SH
    name: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(16), default="stock")
    close: Mapped[Decimal] = mapped_column(Money)  # exact as imported, up to 3 decimals
    haircut: Mapped[Decimal] = mapped_column(Fraction6)
    marginable: Mapped[bool] = mapped_column(Boolean, default=False)
    shortable: Mapped[bool] = mapped_column(Boolean, default=False)
    st: Mapped[bool] = mapped_column(Boolean, default=False)
    index_member: Mapped[bool] = mapped_column(Boolean, default=False)
    price_as_of: Mapped[date | None] = mapped_column(Date)


class CreditAccount(Base):
    """信用账户: at most one per client. Line columns are per-account overrides (null = branch default)."""

    __tablename__ = "credit_accounts"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_no: Mapped[str] = mapped_column(String(32), unique=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"), unique=True)
    credit_limit: Mapped[Decimal] = mapped_column(Money, default=Decimal(0))
    financing_rate: Mapped[Decimal | None] = mapped_column(Fraction6)
    short_rate: Mapped[Decimal | None] = mapped_column(Fraction6)
    cash: Mapped[Decimal] = mapped_column(Money, default=Decimal(0))
    opened_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16), default="正常")
    warning_line: Mapped[Decimal | None] = mapped_column(Fraction6)
    closeout_line: Mapped[Decimal | None] = mapped_column(Fraction6)
    target_line: Mapped[Decimal | None] = mapped_column(Fraction6)
    last_forced_liquidation: Mapped[date | None] = mapped_column(Date)
    state_as_of: Mapped[date | None] = mapped_column(Date)  # date of the positions/contracts held now
    # Derived data, not part of the account's record: the latest as_of with stored figures (account_figures and
    # ratio_history) for this account, kept by figures_store.write_columns (never moves back). It is a pointer
    # that makes "latest figures per account" a point lookup on (as_of, account_id); not audited, not edited.
    figures_as_of: Mapped[date | None] = mapped_column(Date)


class Position(Base):
    __tablename__ = "positions"
    __table_args__ = (UniqueConstraint("account_id", "security_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("credit_accounts.id"), index=True)
    security_id: Mapped[int] = mapped_column(ForeignKey("securities.id"))
    quantity: Mapped[int] = mapped_column(BigInteger)


class Contract(Base):
    """合约. ``outstanding_quantity`` null for financing = derive financed quantity (SPEC §3.1)."""

    __tablename__ = "contracts"

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_no: Mapped[str] = mapped_column(String(32), unique=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("credit_accounts.id"), index=True)
    type: Mapped[str] = mapped_column(String(16))
    security_id: Mapped[int] = mapped_column(ForeignKey("securities.id"))
    trade_date: Mapped[date] = mapped_column(Date)
    trade_price: Mapped[Decimal] = mapped_column(Money)
    trade_quantity: Mapped[int] = mapped_column(BigInteger)
    trade_amount: Mapped[Decimal] = mapped_column(Money)
    outstanding_amount: Mapped[Decimal | None] = mapped_column(Money)
    outstanding_quantity: Mapped[int | None] = mapped_column(BigInteger)
    due_date: Mapped[date] = mapped_column(Date)
    rate: Mapped[Decimal | None] = mapped_column(Fraction6)
    accrued_interest: Mapped[Decimal] = mapped_column(Money, default=Decimal(0))


class AccountFigures(Base):
    """The engine's figures for one account on one as-of date (SPEC §3.1), rounded as reported.

    Every screen, command and document reads these rows, so they all show the same numbers. Keyed day-major,
    (as_of, account_id): a day's rows for every account go into one place of the index (cheap to write), and the
    latest row per account is found through ``CreditAccount.figures_as_of`` (see rmdesk.services.figures_store).
    """

    __tablename__ = "account_figures"
    __table_args__ = (UniqueConstraint("as_of", "account_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("credit_accounts.id"))
    as_of: Mapped[date] = mapped_column(Date)
    level: Mapped[str] = mapped_column(String(16))
    cash: Mapped[Decimal] = mapped_column(Money)
    market_value: Mapped[Decimal] = mapped_column(Money)
    collateral_value: Mapped[Decimal] = mapped_column(Money)
    total_assets: Mapped[Decimal] = mapped_column(Money)
    financing_debt: Mapped[Decimal] = mapped_column(Money)
    short_value: Mapped[Decimal] = mapped_column(Money)
    interest_fees: Mapped[Decimal] = mapped_column(Money)
    total_liabilities: Mapped[Decimal] = mapped_column(Money)
    net_assets: Mapped[Decimal] = mapped_column(Money)
    maintenance_ratio: Mapped[Decimal | None] = mapped_column(Fraction6)
    topup_to_target: Mapped[Decimal] = mapped_column(Money)
    repay_to_target: Mapped[Decimal] = mapped_column(Money)
    drop_to_warning: Mapped[Decimal | None] = mapped_column(Fraction6)
    drop_to_closeout: Mapped[Decimal | None] = mapped_column(Fraction6)
    withdrawable: Mapped[Decimal] = mapped_column(Money)
    credit_limit: Mapped[Decimal] = mapped_column(Money)
    credit_used: Mapped[Decimal] = mapped_column(Money)
    credit_available: Mapped[Decimal] = mapped_column(Money)
    available_margin: Mapped[Decimal] = mapped_column(Money)
    max_concentration_code: Mapped[str | None] = mapped_column(String(16))
    max_concentration_share: Mapped[Decimal | None] = mapped_column(Fraction6)
    warning_line: Mapped[Decimal] = mapped_column(Fraction6)
    closeout_line: Mapped[Decimal] = mapped_column(Fraction6)
    target_line: Mapped[Decimal] = mapped_column(Fraction6)
    emergency_line: Mapped[Decimal] = mapped_column(Fraction6)
    earliest_due: Mapped[date | None] = mapped_column(Date)
    concentration_breach: Mapped[bool] = mapped_column(Boolean, default=False)
    credit_usage_breach: Mapped[bool] = mapped_column(Boolean, default=False)
    open_contracts: Mapped[int] = mapped_column(Integer, default=0)


class RatioHistory(Base):
    """The narrow daily series behind the ratio charts (kept for every as-of date, 250+ days per account).

    Keyed day-major, (as_of, account_id), like account_figures: an account's series is read day by day.
    """

    __tablename__ = "ratio_history"
    __table_args__ = (UniqueConstraint("as_of", "account_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("credit_accounts.id"))
    as_of: Mapped[date] = mapped_column(Date)
    maintenance_ratio: Mapped[Decimal | None] = mapped_column(Fraction6)
    total_assets: Mapped[Decimal] = mapped_column(Money)
    total_liabilities: Mapped[Decimal] = mapped_column(Money)
    level: Mapped[str] = mapped_column(String(16))


class ImportRun(Base):
    """One import of the core system's files: who, when, what, and its outcome."""

    __tablename__ = "import_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    as_of: Mapped[date] = mapped_column(Date, index=True)
    started_at: Mapped[datetime] = mapped_column(DateTime)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    source: Mapped[str] = mapped_column(String(512))
    files: Mapped[str] = mapped_column(Text, default="")  # JSON: name → sha256, rows
    status: Mapped[str] = mapped_column(String(16))  # applied / rejected / dry_run
    summary: Mapped[str] = mapped_column(Text, default="")  # JSON counts
