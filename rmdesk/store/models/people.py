"""Users and clients (SPEC §1–§2)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from rmdesk.store.models.base import Base
from rmdesk.store.types import Money

ROLES = ("rm", "supervisor", "admin")
ID_TYPES = ("身份证", "护照", "港澳通行证", "其他")
INVESTOR_TYPES = ("普通投资者", "专业投资者")
TIERS = ("普通", "高净值", "VIP")
CLIENT_STATUSES = ("正常", "冻结", "销户")


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(64))
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str] = mapped_column(String(255))
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime)
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime)


class Client(Base):
    """客户档案. Archived, never deleted; ``version`` guards against two windows overwriting each other."""

    __tablename__ = "clients"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_no: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(64))
    name_initials: Mapped[str] = mapped_column(String(32), index=True, default="")
    id_type: Mapped[str] = mapped_column(String(16), default="身份证")
    id_no: Mapped[str | None] = mapped_column(String(32))
    gender: Mapped[str | None] = mapped_column(String(2))
    birth_date: Mapped[date | None] = mapped_column(Date)
    phone: Mapped[str | None] = mapped_column(String(20))
    email: Mapped[str | None] = mapped_column(String(128))
    address: Mapped[str | None] = mapped_column(String(256))
    occupation: Mapped[str | None] = mapped_column(String(64))
    investor_type: Mapped[str] = mapped_column(String(16), default="普通投资者")
    risk_level: Mapped[int | None] = mapped_column(Integer)  # 1..5 for C1..C5
    risk_assessed_on: Mapped[date | None] = mapped_column(Date)
    trading_since: Mapped[date | None] = mapped_column(Date)
    avg_assets_20d: Mapped[Decimal | None] = mapped_column(Money)
    tier: Mapped[str] = mapped_column(String(8), default="普通")
    rm_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    status: Mapped[str] = mapped_column(String(8), default="正常")
    controller_id: Mapped[int | None] = mapped_column(ForeignKey("clients.id"))
    is_related_party: Mapped[bool] = mapped_column(Boolean, default=False)
    has_other_credit_account: Mapped[bool] = mapped_column(Boolean, default=False)
    dormant: Mapped[bool] = mapped_column(Boolean, default=False)
    notes: Mapped[str | None] = mapped_column(Text)
    tags: Mapped[str] = mapped_column(String(256), default="")
    archived: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}


class ClientLink(Base):
    """关联客户: accounts under one actual controller, or otherwise related."""

    __tablename__ = "client_links"
    __table_args__ = (UniqueConstraint("client_id", "related_client_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"), index=True)
    related_client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"))
    relation: Mapped[str] = mapped_column(String(32), default="同一实际控制人")
