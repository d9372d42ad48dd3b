"""`rmdesk` command line (SPEC §8). No arguments opens the desktop app; a COMMAND works without a display."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from importlib import import_module

from rmdesk import __version__, i18n
from rmdesk.commands.base import EXIT_FAILURE, EXIT_USAGE, CommandContext, CommandError

# Each module registers its own sub-commands; modules missing from a checkout are skipped.
COMMAND_MODULES = (
    "setup_cmd",
    "demo_cmd",
    "import_cmd",
    "risk_cmd",
    "calendar_cmd",
    "print_cmd",
    "work_cmd",
    "backup_cmd",
)


def _lang_from_argv(argv: Sequence[str]) -> str:
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return i18n.normalize(argv[i + 1])
        if arg.startswith("--lang="):
            return i18n.normalize(arg.split("=", 1)[1])
    return i18n.detect_language()


def build_parser(lang: str) -> argparse.ArgumentParser:
    def L(zh: str, en: str) -> str:
        return zh if lang == "zh_CN" else en

    parser = argparse.ArgumentParser(
        prog="rmdesk",
        description=L(
            "rmdesk — 融资融券客户经理工作台。不带参数运行打开桌面程序；带命令时无需显示器。",
            "rmdesk — the 融资融券 relationship manager's desk. Without arguments it opens the app; "
            "commands work without a display.",
        ),
    )
    parser.add_argument("--version", action="version", version=f"rmdesk {__version__}")
    parser.add_argument(
        "--db",
        metavar="PATH_OR_URL",
        help=L(
            "数据库文件或 URL（默认：用户数据目录中的内置 SQLite 文件；环境变量 RMDESK_DB）",
            "database file or URL (default: the embedded SQLite file in the user data directory; env RMDESK_DB)",
        ),
    )
    parser.add_argument(
        "--user",
        metavar="NAME",
        help=L(
            "操作用户（环境变量 RMDESK_USER；密码取自 RMDESK_PASSWORD 或提示输入）",
            "acting user (env RMDESK_USER; password from RMDESK_PASSWORD or a prompt)",
        ),
    )
    parser.add_argument("--lang", choices=("zh_CN", "en"), help=L("界面与输出语言", "language of output and help"))
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        try:
            module = import_module(f"rmdesk.commands.{name}")
        except ModuleNotFoundError as err:
            if err.name == f"rmdesk.commands.{name}":
                continue
            raise
        module.register(sub, L)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    lang = _lang_from_argv(args_list)
    previous = i18n.current_language_override()
    i18n.set_language(lang)
    try:
        return _dispatch(args_list, lang)
    finally:
        i18n.set_language(previous)


def _dispatch(args_list: list[str], lang: str) -> int:
    parser = build_parser(lang)
    try:
        args = parser.parse_args(args_list)
    except SystemExit as exc:  # argparse: 0 for --help, 2 for bad usage
        return int(exc.code or 0)
    if args.command is None:
        from rmdesk.ui.app import run_app

        return run_app(db_url=args.db, lang=args.lang)
    from rmdesk.paths import as_db_url, default_db_url

    ctx = CommandContext(
        db_url=as_db_url(args.db) if args.db else default_db_url(),
        username=args.user or os.environ.get("RMDESK_USER"),
        lang=lang,
    )
    try:
        return int(args.handler(ctx, args))
    except CommandError as err:
        print(str(err), file=ctx.err)
        return err.code
    except KeyboardInterrupt:
        print(ctx.L("已取消", "cancelled"), file=ctx.err)
        return EXIT_FAILURE
    finally:
        ctx.close()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

__all__ = ["EXIT_USAGE", "build_parser", "main"]
