"""Passwords are argon2id, five wrong ones lock for fifteen minutes, disabled users cannot log in."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from rmdesk import clock
from rmdesk.services import auth
from rmdesk.services.audit import Actor, verify_chain
from rmdesk.store.db import Database
from rmdesk.store.models import AuditRecord, User
from tests.conftest import TEST_PASSWORD


def test_hash_is_argon2id_and_not_the_password(db: Database, users: dict[str, Actor]) -> None:
    with db.sessions() as s:
        user = s.execute(select(User).where(User.username == "rm1")).scalar_one()
        assert user.password_hash.startswith("$argon2id$")
        assert TEST_PASSWORD not in user.password_hash


def test_good_password_logs_in(db: Database, users: dict[str, Actor]) -> None:
    with db.sessions.begin() as s:
        info = auth.authenticate(s, "rm1", TEST_PASSWORD)
    assert info.role == "rm"
    assert info.display_name == "李经理"


def _try(db: Database, username: str, password: str) -> str | None:
    with db.sessions() as s:
        try:
            auth.authenticate(s, username, password)
        except auth.AuthError as err:
            s.commit()
            return err.code
        s.commit()
        return None


def test_five_wrong_passwords_lock_for_fifteen_minutes(
    db: Database, users: dict[str, Actor], monkeypatch: pytest.MonkeyPatch
) -> None:
    codes = [_try(db, "rm1", "wrong-password") for _ in range(5)]
    assert codes == ["bad_credentials"] * 4 + ["locked"]
    assert _try(db, "rm1", TEST_PASSWORD) == "locked"  # even the right password
    later = clock.now() + timedelta(minutes=15, seconds=1)
    monkeypatch.setattr(clock, "now", lambda: later)
    assert _try(db, "rm1", TEST_PASSWORD) is None
    with db.sessions() as s:
        assert s.execute(select(AuditRecord).where(AuditRecord.action == "lock")).scalar_one()


def test_disabled_user_is_refused(db: Database, users: dict[str, Actor]) -> None:
    with db.sessions.begin() as s:
        auth.set_disabled(s, users["admin"], "rm2")
    assert _try(db, "rm2", TEST_PASSWORD) == "disabled"


def test_unknown_user_says_the_same_as_a_wrong_password(db: Database, users: dict[str, Actor]) -> None:
    assert _try(db, "nobody", TEST_PASSWORD) == "bad_credentials"


def test_only_admin_manages_users(db: Database, users: dict[str, Actor]) -> None:
    with db.sessions() as s, pytest.raises(auth.AuthError) as info:
        auth.add_user(s, users["super"], "rm3", TEST_PASSWORD, "rm")
    assert info.value.code == "forbidden"


def test_weak_password_refused(db: Database, users: dict[str, Actor]) -> None:
    with db.sessions() as s, pytest.raises(auth.AuthError) as info:
        auth.add_user(s, users["admin"], "rm3", "short", "rm")
    assert info.value.code == "weak_password"


def test_user_changes_are_audited_and_chained(db: Database, users: dict[str, Actor]) -> None:
    with db.sessions.begin() as s:
        auth.set_password(s, users["admin"], "rm1", "another-pass-1")
    with db.sessions() as s:
        actions = [r.action for r in s.execute(select(AuditRecord).order_by(AuditRecord.id)).scalars()]
        assert actions.count("create") == 4
        assert actions[-1] == "password"
        check = verify_chain(s)
        assert check.ok and check.checked == 5


def test_tampering_breaks_the_chain(db: Database, users: dict[str, Actor]) -> None:
    with db.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE audit_log SET new = replace(new, 'rm', 'supervisor') WHERE id = 3")
    with db.sessions() as s:
        check = verify_chain(s)
    assert not check.ok and check.broken_id == 3


def test_only_a_supervisor_changes_policy_settings(db: Database, users: dict[str, Actor]) -> None:
    from rmdesk.services.policy import load_policy, set_policy_value

    for who in ("rm1", "admin"):
        with db.sessions() as s, pytest.raises(PermissionError):
            set_policy_value(s, "warning_line", "1.45", actor=users[who])
    with db.sessions.begin() as s:
        set_policy_value(s, "warning_line", "1.45", actor=users["super"])
    with db.sessions() as s:
        assert str(load_policy(s).warning_line) == "1.45"
        assert s.execute(select(AuditRecord).where(AuditRecord.entity == "policy")).scalar_one().old == (
            '{"warning_line": "1.40"}'
        )
