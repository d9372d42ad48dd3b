"""Users, passwords (argon2id) and login with lockout (SPEC §1)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from rmdesk import clock
from rmdesk.services import audit
from rmdesk.services.audit import Actor
from rmdesk.services.policy import load_policy
from rmdesk.store.models import ROLES, User

# argon2id with the library's RFC 9106 "low memory" profile (64 MiB, 3 passes). The test suite sets
# RMDESK_ARGON2_PROFILE=test for a cheaper — still real argon2id — hash; check_needs_rehash upgrades such hashes.
if os.environ.get("RMDESK_ARGON2_PROFILE") == "test":
    _hasher = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1)
else:
    _hasher = PasswordHasher(time_cost=3, memory_cost=65536, parallelism=4)
MIN_PASSWORD_LENGTH = 8


class AuthError(Exception):
    """A login or user-management request that cannot be done; ``code`` is stable for the UI to translate."""

    def __init__(self, code: str, message: str, *, until: datetime | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.until = until


class LoginFailure(Enum):
    BAD_CREDENTIALS = "bad_credentials"
    LOCKED = "locked"
    DISABLED = "disabled"


@dataclass(frozen=True)
class UserInfo:
    id: int
    username: str
    display_name: str
    role: str
    disabled: bool
    locked_until: datetime | None

    def actor(self) -> Actor:
        return Actor(id=self.id, username=self.username, role=self.role)


def _info(user: User) -> UserInfo:
    return UserInfo(user.id, user.username, user.display_name, user.role, user.disabled, user.locked_until)


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def check_password_strength(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AuthError("weak_password", f"password must have at least {MIN_PASSWORD_LENGTH} characters")


def user_count(session: Session) -> int:
    return int(session.execute(select(func.count(User.id))).scalar_one())


def find_user(session: Session, username: str) -> UserInfo | None:
    user = session.execute(select(User).where(User.username == username)).scalar_one_or_none()
    return None if user is None else _info(user)


def list_users(session: Session) -> list[UserInfo]:
    return [_info(u) for u in session.execute(select(User).order_by(User.username)).scalars()]


def add_user(
    session: Session,
    actor: Actor,
    username: str,
    password: str,
    role: str,
    display_name: str | None = None,
    *,
    bootstrap: bool = False,
) -> UserInfo:
    """Create a user. Only an admin may, except the very first admin (``bootstrap``) on an empty database."""
    if not bootstrap and not actor.is_admin:
        raise AuthError("forbidden", "only an admin manages users")
    if bootstrap and user_count(session) > 0:
        raise AuthError("forbidden", "users exist already; log in as an admin")
    if role not in ROLES:
        raise AuthError("bad_role", f"role must be one of {', '.join(ROLES)}")
    username = username.strip()
    if not username:
        raise AuthError("bad_username", "user name is empty")
    if find_user(session, username) is not None:
        raise AuthError("exists", f"user {username} exists already")
    check_password_strength(password)
    user = User(
        username=username,
        display_name=display_name or username,
        role=role,
        password_hash=hash_password(password),
        failed_attempts=0,
        disabled=False,
        created_at=clock.now(),
    )
    session.add(user)
    session.flush()
    who = Actor(user.id, username, role) if bootstrap else actor
    audit.record(
        session,
        who,
        "user",
        user.id,
        "create",
        None,
        {"username": username, "role": role, "display_name": user.display_name},
    )
    return _info(user)


def _get(session: Session, username: str) -> User:
    user = session.execute(select(User).where(User.username == username)).scalar_one_or_none()
    if user is None:
        raise AuthError("unknown_user", f"no user {username}")
    return user


def set_password(session: Session, actor: Actor, username: str, password: str) -> None:
    """An admin sets anyone's password; a user may set their own."""
    user = _get(session, username)
    if not actor.is_admin and actor.id != user.id:
        raise AuthError("forbidden", "only an admin changes another user's password")
    check_password_strength(password)
    user.password_hash = hash_password(password)
    user.failed_attempts = 0
    user.locked_until = None
    audit.record(session, actor, "user", user.id, "password", None, {"password": "changed"})


def set_disabled(session: Session, actor: Actor, username: str, disabled: bool = True) -> None:
    if not actor.is_admin:
        raise AuthError("forbidden", "only an admin disables users")
    user = _get(session, username)
    if user.disabled == disabled:
        return
    audit.record(
        session,
        actor,
        "user",
        user.id,
        "disable" if disabled else "enable",
        {"disabled": user.disabled},
        {"disabled": disabled},
    )
    user.disabled = disabled


def authenticate(session: Session, username: str, password: str) -> UserInfo:
    """Check a password. 5 wrong ones ⚙ lock the user for 15 minutes ⚙. Raises AuthError on refusal.

    The caller commits: a failed attempt must be counted even though this raises.
    """
    policy = load_policy(session)
    now = clock.now()
    user = session.execute(select(User).where(User.username == username)).scalar_one_or_none()
    if user is None:
        _hasher.hash(password)  # same cost as a real check, so timing does not reveal user names
        raise AuthError(LoginFailure.BAD_CREDENTIALS.value, "wrong user name or password")
    if user.disabled:
        raise AuthError(LoginFailure.DISABLED.value, "this user is disabled")
    if user.locked_until is not None and user.locked_until > now:
        raise AuthError(LoginFailure.LOCKED.value, "too many wrong passwords", until=user.locked_until)
    try:
        _hasher.verify(user.password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        user.failed_attempts += 1
        if user.failed_attempts >= policy.max_failed_logins:
            user.locked_until = now + timedelta(minutes=policy.lockout_minutes)
            user.failed_attempts = 0
            audit.record(session, audit.SYSTEM, "user", user.id, "lock", None, {"locked_until": user.locked_until})
            raise AuthError(LoginFailure.LOCKED.value, "too many wrong passwords", until=user.locked_until) from None
        raise AuthError(LoginFailure.BAD_CREDENTIALS.value, "wrong user name or password") from None
    user.failed_attempts = 0
    user.locked_until = None
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return _info(user)
