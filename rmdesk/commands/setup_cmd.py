"""`rmdesk init` and `rmdesk user add|passwd|disable|list`."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from typing import Any

from rmdesk.commands.base import EXIT_OK, EXIT_USAGE, CommandContext, CommandError, Lang, format_table


def register(sub: Any, L: Lang) -> None:
    p = sub.add_parser(
        "init",
        help=L("创建或升级数据库（可重复运行）", "create or migrate the database (harmless to run again)"),
    )
    p.add_argument(
        "--admin",
        metavar="NAME",
        help=L(
            "创建首个管理员（密码取自 RMDESK_PASSWORD 或提示）",
            "create the first admin (password from RMDESK_PASSWORD or a prompt)",
        ),
    )
    p.set_defaults(handler=run_init)

    u = sub.add_parser("user", help=L("用户管理（管理员）", "user management (admin)"))
    us = u.add_subparsers(dest="user_command", metavar="ACTION", required=True)
    add = us.add_parser(
        "add",
        help=L(
            "新增用户；新密码取自 RMDESK_NEW_PASSWORD 或提示",
            "add a user; the new password comes from RMDESK_NEW_PASSWORD or a prompt",
        ),
    )
    add.add_argument("name")
    add.add_argument("--role", choices=("rm", "supervisor", "admin"), required=True)
    add.add_argument("--display-name", help=L("显示名（如 张经理）", "display name"))
    add.set_defaults(handler=run_user_add)
    pw = us.add_parser("passwd", help=L("修改密码", "change a password"))
    pw.add_argument("name")
    pw.set_defaults(handler=run_user_passwd)
    dis = us.add_parser("disable", help=L("停用（--enable 重新启用）", "disable (--enable to re-enable)"))
    dis.add_argument("name")
    dis.add_argument("--enable", action="store_true")
    dis.set_defaults(handler=run_user_disable)
    ls = us.add_parser("list", help=L("列出用户", "list users"))
    ls.set_defaults(handler=run_user_list)


def _new_password(ctx: CommandContext, env: str) -> str:
    value = os.environ.get(env)
    if value:
        return value
    if not sys.stdin or not sys.stdin.isatty():
        raise CommandError(
            ctx.L(f"需要新密码：环境变量 {env} 或在终端输入", f"A new password is needed: {env} or a terminal prompt"),
            EXIT_USAGE,
        )
    first = getpass.getpass(ctx.L("新密码: ", "New password: "))
    if getpass.getpass(ctx.L("再次输入: ", "Repeat: ")) != first:
        raise CommandError(ctx.L("两次输入不一致", "The passwords differ"), EXIT_USAGE)
    return first


def run_init(ctx: CommandContext, args: argparse.Namespace) -> int:
    from rmdesk.services import auth
    from rmdesk.services.audit import SYSTEM
    from rmdesk.store import migrate

    db = ctx.database(require_current=False)
    before = migrate.current_revision(db)
    copy = migrate.upgrade_keeping_copy(db)
    after = migrate.current_revision(db)
    if copy is not None:
        print(
            ctx.L(f"升级前的数据库已备份到 {copy}", f"The database before the upgrade is kept in {copy}"), file=ctx.out
        )
    if before == after:
        print(
            ctx.L(f"数据库已是最新（{after}）：{ctx.db_url}", f"Database is up to date ({after}): {ctx.db_url}"),
            file=ctx.out,
        )
    else:
        print(
            ctx.L(
                f"数据库已升级 {before or '空'} → {after}：{ctx.db_url}",
                f"Database migrated {before or 'empty'} → {after}: {ctx.db_url}",
            ),
            file=ctx.out,
        )
    with db.sessions.begin() as session:
        count = auth.user_count(session)
        if args.admin:
            if count:
                print(ctx.L("已有用户，未新建管理员。", "Users exist already; no admin created."), file=ctx.out)
            else:
                password = _new_password(ctx, "RMDESK_PASSWORD")
                try:
                    auth.add_user(session, SYSTEM, args.admin, password, "admin", bootstrap=True)
                except auth.AuthError as err:
                    raise CommandError(str(err), EXIT_USAGE) from None
                print(ctx.L(f"已创建管理员 {args.admin}", f"Admin {args.admin} created"), file=ctx.out)
        elif not count:
            print(
                ctx.L(
                    "尚无用户：运行 rmdesk init --admin 名称 或 rmdesk demo",
                    "No users yet: run rmdesk init --admin NAME or rmdesk demo",
                ),
                file=ctx.out,
            )
    return EXIT_OK


def _user_op(ctx: CommandContext, fn: Any) -> int:
    from rmdesk.services import auth

    actor = ctx.actor()
    with ctx.database().sessions.begin() as session:
        try:
            fn(session, actor)
        except auth.AuthError as err:
            raise CommandError(
                ctx.t("cli.forbidden", reason=str(err)) if err.code == "forbidden" else str(err), EXIT_USAGE
            ) from None
    return EXIT_OK


def run_user_add(ctx: CommandContext, args: argparse.Namespace) -> int:
    from rmdesk.services import auth

    password = _new_password(ctx, "RMDESK_NEW_PASSWORD")
    code = _user_op(ctx, lambda s, a: auth.add_user(s, a, args.name, password, args.role, args.display_name))
    print(ctx.L(f"已新增用户 {args.name}（{args.role}）", f"User {args.name} ({args.role}) added"), file=ctx.out)
    return code


def run_user_passwd(ctx: CommandContext, args: argparse.Namespace) -> int:
    from rmdesk.services import auth

    password = _new_password(ctx, "RMDESK_NEW_PASSWORD")
    code = _user_op(ctx, lambda s, a: auth.set_password(s, a, args.name, password))
    print(ctx.L(f"已修改 {args.name} 的密码", f"Password of {args.name} changed"), file=ctx.out)
    return code


def run_user_disable(ctx: CommandContext, args: argparse.Namespace) -> int:
    from rmdesk.services import auth

    code = _user_op(ctx, lambda s, a: auth.set_disabled(s, a, args.name, not args.enable))
    state = ctx.L("已启用", "enabled") if args.enable else ctx.L("已停用", "disabled")
    print(f"{args.name}: {state}", file=ctx.out)
    return code


def run_user_list(ctx: CommandContext, args: argparse.Namespace) -> int:
    from rmdesk.services import auth

    ctx.actor()
    with ctx.database().sessions() as session:
        users = auth.list_users(session)
    rows = [[u.username, u.display_name, u.role, ctx.L("停用", "disabled") if u.disabled else ""] for u in users]
    headers = [ctx.L("用户名", "user"), ctx.L("姓名", "name"), ctx.L("角色", "role"), ctx.L("状态", "status")]
    print(format_table(headers, rows), file=ctx.out)
    return EXIT_OK
