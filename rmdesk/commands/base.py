"""What every command shares: the context (database, acting user, language), errors, and table output."""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, TextIO

from rmdesk import i18n
from rmdesk.services.audit import Actor
from rmdesk.store.db import Database

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_USAGE = 2

Handler = Callable[["CommandContext", argparse.Namespace], int]
Lang = Callable[[str, str], str]  # L(zh, en) → the text in the CLI's language

i18n.register(
    {
        "cli.db_not_initialised": (
            "数据库尚未初始化或版本过旧：{url}\n请先运行 rmdesk init",
            "The database is not initialised or is out of date: {url}\nRun rmdesk init first",
        ),
        "cli.user_required": (
            "此命令会修改数据，需要用户：--user 或环境变量 RMDESK_USER",
            "This command changes data and needs a user: --user or RMDESK_USER",
        ),
        "cli.password_required": (
            "需要密码：环境变量 RMDESK_PASSWORD 或在终端输入",
            "A password is needed: RMDESK_PASSWORD or a terminal prompt",
        ),
        "cli.login_failed": ("登录失败：{reason}", "Login failed: {reason}"),
        "auth.bad_credentials": ("用户名或密码错误", "wrong user name or password"),
        "auth.locked": ("密码错误次数过多，账户锁定至 {until}", "too many wrong passwords; locked until {until}"),
        "auth.disabled": ("该用户已停用", "this user is disabled"),
        "cli.forbidden": ("无权执行：{reason}", "Not allowed: {reason}"),
    }
)


class CommandError(Exception):
    """A failure to report on stderr with an exit code (1 failure, 2 bad usage or input)."""

    def __init__(self, message: str, code: int = EXIT_FAILURE) -> None:
        super().__init__(message)
        self.code = code


@dataclass
class CommandContext:
    """Built once per invocation from the global options; opens the database only when asked."""

    db_url: str
    username: str | None
    lang: str
    out: TextIO = field(default_factory=lambda: sys.stdout)
    err: TextIO = field(default_factory=lambda: sys.stderr)
    _db: Database | None = None

    def t(self, code: str, **params: object) -> str:
        return i18n.t(code, self.lang, **params)

    def L(self, zh: str, en: str) -> str:
        return zh if self.lang == "zh_CN" else en

    def database(self, *, require_current: bool = True) -> Database:
        if self._db is None:
            from rmdesk.store.db import open_database

            self._db = open_database(self.db_url)
        if require_current:
            from rmdesk.store import migrate

            try:
                current = migrate.is_current(self._db)
            except Exception:
                current = False
            if not current:
                raise CommandError(self.t("cli.db_not_initialised", url=_safe_url(self.db_url)))
        return self._db

    def actor(self) -> Actor:
        """Authenticate --user / RMDESK_USER with RMDESK_PASSWORD or a prompt."""
        from rmdesk.services import auth

        if not self.username:
            raise CommandError(self.t("cli.user_required"), EXIT_USAGE)
        password = os.environ.get("RMDESK_PASSWORD")
        if password is None:
            if not sys.stdin or not sys.stdin.isatty():
                raise CommandError(self.t("cli.password_required"), EXIT_USAGE)
            password = getpass.getpass(self.L("密码: ", "Password: "))
        db = self.database()
        with db.sessions() as session:
            try:
                info = auth.authenticate(session, self.username, password)
            except auth.AuthError as err:
                session.commit()  # count the failed attempt
                reason = self.t(f"auth.{err.code}", until=err.until.strftime("%H:%M") if err.until else "")
                raise CommandError(self.t("cli.login_failed", reason=reason)) from None
            session.commit()
        return info.actor()

    def close(self) -> None:
        if self._db is not None:
            self._db.dispose()


def _safe_url(url: str) -> str:
    """Hide a password in a server URL."""
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        creds, host = rest.rsplit("@", 1)
        user = creds.split(":", 1)[0]
        return f"{scheme}://{user}:***@{host}"
    return url


def display_width(text: str) -> int:
    """Terminal columns: CJK and full-width characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def pad(text: str, width: int, *, right: bool = False) -> str:
    gap = " " * max(0, width - display_width(text))
    return gap + text if right else text + gap


def format_table(headers: Sequence[str], rows: Sequence[Sequence[str]], right_align: Sequence[int] = ()) -> str:
    """A plain table whose columns line up with Chinese text (east-asian widths)."""
    widths = [display_width(h) for h in headers]
    for row in rows:
        for i, cell in enumerate(row):
            widths[i] = max(widths[i], display_width(cell))
    right = set(right_align)
    lines = ["  ".join(pad(h, widths[i], right=i in right) for i, h in enumerate(headers)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    for row in rows:
        lines.append("  ".join(pad(c, widths[i], right=i in right) for i, c in enumerate(row)).rstrip())
    return "\n".join(lines)


def dumps(payload: Any) -> str:
    """JSON with Decimals written exactly as their decimal text (never through binary float)."""
    return _encode(payload)


def _encode(value: Any) -> str:
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, dict):
        return (
            "{" + ", ".join(f"{json.dumps(str(k), ensure_ascii=False)}: {_encode(v)}" for k, v in value.items()) + "}"
        )
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_encode(v) for v in value) + "]"
    if hasattr(value, "isoformat"):
        return json.dumps(value.isoformat())
    return json.dumps(value, ensure_ascii=False)
