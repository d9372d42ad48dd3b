"""`rmdesk demo [--clients N] [--seed S]`: fill an initialised, client-free database with a generated book."""

from __future__ import annotations

import argparse
import time
from typing import Any, TextIO

from rmdesk.commands.base import (
    EXIT_FAILURE,
    EXIT_OK,
    EXIT_USAGE,
    CommandContext,
    CommandError,
    Lang,
    format_table,
)

ROLE_NAMES = {"admin": ("管理员", "admin"), "supervisor": ("营业部负责人", "supervisor"), "rm": ("客户经理", "RM")}
TABLE_NAMES = {
    "securities": ("证券", "securities"),
    "clients": ("客户", "clients"),
    "client_links": ("关联关系", "client links"),
    "credit_accounts": ("信用账户", "credit accounts"),
    "positions": ("持仓", "positions"),
    "contracts": ("合约", "contracts"),
    "ratio_history": ("比例历史", "ratio history rows"),
    "account_figures": ("账户指标", "account figures"),
    "warnings": ("风险预警", "warnings"),
    "warning_events": ("预警处理记录", "warning events"),
    "callbacks": ("回访", "callbacks"),
    "complaint_cases": ("投诉工单", "complaint cases"),
    "case_events": ("工单处理记录", "case events"),
}
LEVEL_NAMES = {
    "normal": ("正常", "normal"),
    "warning": ("警戒", "warning"),
    "closeout": ("平仓", "close-out"),
    "emergency": ("紧急", "emergency"),
}


def register(sub: Any, L: Lang) -> None:
    from rmdesk.services.demo import DEFAULT_CLIENTS

    p = sub.add_parser(
        "demo",
        help=L(
            f"生成演示用的营业部数据（默认 {DEFAULT_CLIENTS} 位客户）及数月历史",
            f"fill the database with a generated, realistic book (default {DEFAULT_CLIENTS} clients) and history",
        ),
    )
    p.add_argument(
        "--clients", type=int, default=DEFAULT_CLIENTS, metavar="N", help=L("客户数（20000 即参考规模）", "clients")
    )
    p.add_argument("--seed", type=int, default=7, metavar="S", help=L("随机种子：相同种子生成相同数据", "random seed"))
    p.set_defaults(handler=run_demo)


class TtyProgress:
    """A one-line progress report on a terminal: the current step and a percentage, redrawn at most 5× a second."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.n = 0
        self.done = 0
        self.text = ""
        self.drawn = 0.0

    def total(self, n: int) -> None:
        self.n = max(1, n)

    def advance(self, n: int = 1) -> None:
        self.done += n
        self._draw()

    def status(self, text: str) -> None:
        self.text = text
        self._draw(force=True)

    def cancelled(self) -> bool:
        return False

    def _draw(self, force: bool = False) -> None:
        now = time.monotonic()
        if not force and now - self.drawn < 0.2:
            return
        self.drawn = now
        pct = min(100, 100 * self.done // self.n) if self.n else 0
        self.stream.write(f"\r\x1b[K{pct:3d}%  {self.text}")
        self.stream.flush()

    def finish(self) -> None:
        self.stream.write("\r\x1b[K")
        self.stream.flush()


def run_demo(ctx: CommandContext, args: argparse.Namespace) -> int:
    from rmdesk.services.demo import MAX_CLIENTS, MIN_CLIENTS, DemoError, generate
    from rmdesk.services.progress import NullProgress

    if not MIN_CLIENTS <= args.clients <= MAX_CLIENTS:
        raise CommandError(ctx.t("demo.bad_size", low=MIN_CLIENTS, high=MAX_CLIENTS), EXIT_USAGE)
    db = ctx.database()
    tty = TtyProgress(ctx.err) if _isatty(ctx.err) else None
    start = time.perf_counter()
    try:
        with db.sessions.begin() as session:
            summary = generate(session, clients=args.clients, seed=args.seed, progress=tty or NullProgress())
    except DemoError as err:
        raise CommandError(ctx.t(err.code, **err.params), EXIT_FAILURE) from None
    finally:
        if tty is not None:
            tty.finish()
    seconds = time.perf_counter() - start
    _print_summary(ctx, summary, seconds)
    return EXIT_OK


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _print_summary(ctx: CommandContext, summary: Any, seconds: float) -> None:
    L, out = ctx.L, ctx.out
    lang = 0 if ctx.lang == "zh_CN" else 1
    print(
        L(
            f"已生成演示数据：截至 {summary.as_of}，{summary.clients} 位客户，"
            f"种子 {summary.seed}，用时 {seconds:.1f} 秒",
            f"Demo book generated as of {summary.as_of}: {summary.clients} clients, seed {summary.seed}, "
            f"in {seconds:.1f} s",
        ),
        file=out,
    )
    rows = [[TABLE_NAMES[t][lang], f"{n:,}"] for t, n in summary.counts if t in TABLE_NAMES]
    print(format_table([L("数据", "table"), L("行数", "rows")], rows, right_align=[1]), file=out)
    levels = "  ".join(f"{LEVEL_NAMES.get(k, (k, k))[lang]} {n:,}" for k, n in summary.levels)
    print(L(f"账户风险等级：{levels}", f"Accounts by level: {levels}"), file=out)
    open_kinds: dict[str, int] = {}
    for kind, status, n in summary.warnings:
        if status != "resolved":
            open_kinds[kind] = open_kinds.get(kind, 0) + n
    kinds = "  ".join(f"{ctx.t('warning.' + k)} {n:,}" for k, n in sorted(open_kinds.items()))
    print(L(f"未解除的预警：{kinds}", f"Warnings not resolved: {kinds}"), file=out)
    print(L(f"演示用户登录密码：{summary.password}", f"Demo users log in with password: {summary.password}"), file=out)
    users = [
        [
            u.username,
            u.display_name,
            ROLE_NAMES.get(u.role, (u.role, u.role))[lang],
            "" if u.created else L("已存在，密码未改", "existed already: password unchanged"),
        ]
        for u in summary.users
    ]
    if all(u.created for u in summary.users):
        users = [row[:3] for row in users]
    headers = [L("用户名", "user"), L("姓名", "name"), L("角色", "role"), ""][: len(users[0])]
    print(format_table(headers, users), file=out)


__all__ = ["register", "run_demo"]
