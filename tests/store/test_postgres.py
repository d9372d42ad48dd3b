"""The same migrations and money rules on a real PostgreSQL server (SPEC §9: a branch may point --db at it)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from rmdesk import clock
from rmdesk.services import auth
from rmdesk.services.audit import Actor, verify_chain
from rmdesk.store import migrate
from rmdesk.store.db import Database
from rmdesk.store.models import Base, Client, CreditAccount

pytestmark = pytest.mark.postgres


def test_migrations_match_models_on_postgres(pg_db: Database) -> None:
    assert pg_db.engine.dialect.name == "postgresql"
    with pg_db.engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata) == []
    migrate.downgrade(pg_db, "base")
    migrate.upgrade(pg_db)
    assert migrate.is_current(pg_db)


def test_money_round_trips_exactly_on_postgres(pg_db: Database) -> None:
    with pg_db.sessions.begin() as s:
        now = clock.now()
        c = Client(client_no="P1", name="测试", created_at=now, updated_at=now)
        s.add(c)
        s.flush()
        s.add(CreditAccount(account_no="PA1", client_id=c.id, cash=Decimal("9876543210.123"),
                            financing_rate=Decimal("0.0835")))
    with pg_db.sessions() as s:
        acct = s.query(CreditAccount).one()
        assert acct.cash == Decimal("9876543210.123")
        assert acct.financing_rate == Decimal("0.0835")


def test_users_and_audit_chain_on_postgres(pg_db: Database) -> None:
    with pg_db.sessions.begin() as s:
        admin = auth.add_user(s, Actor(None, "setup", "admin"), "admin", "pg-pass-123", "admin", bootstrap=True)
        auth.add_user(s, admin.actor(), "rm1", "pg-pass-123", "rm")
    with pg_db.sessions.begin() as s:
        assert auth.authenticate(s, "rm1", "pg-pass-123").role == "rm"
        assert verify_chain(s).ok
