"""`rmdesk backup OUT`, `rmdesk restore IN` (admin) and `rmdesk audit verify`."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from rmdesk.commands.base import EXIT_FAILURE, EXIT_OK, EXIT_USAGE, CommandContext, CommandError, Lang


def register(sub: Any, L: Lang) -> None:
    b = sub.add_parser("backup", help=L("在线一致性备份（管理员）", "consistent online backup (admin)"))
    b.add_argument("out", type=Path)
    b.set_defaults(handler=run_backup)
    r = sub.add_parser("restore", help=L("校验后恢复备份（管理员）", "restore a backup after verifying it (admin)"))
    r.add_argument("source", type=Path, metavar="IN")
    r.set_defaults(handler=run_restore)
    a = sub.add_parser("audit", help=L("审计日志", "audit log"))
    a_sub = a.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    v = a_sub.add_parser("verify", help=L("校验审计日志哈希链", "check the audit log's hash chain"))
    v.set_defaults(handler=run_audit_verify)


def _admin(ctx: CommandContext) -> None:
    actor = ctx.actor()
    if not actor.is_admin:
        raise CommandError(
            ctx.t("cli.forbidden", reason=ctx.L("仅管理员可备份与恢复", "only an admin backs up and restores")),
            EXIT_USAGE,
        )


def run_backup(ctx: CommandContext, args: argparse.Namespace) -> int:
    from rmdesk.services import audit
    from rmdesk.store.backup import BackupError, backup

    _admin(ctx)
    try:
        info = backup(ctx.db_url, args.out)
    except BackupError as err:
        raise CommandError(str(err)) from None
    with ctx.database().sessions.begin() as session:
        audit.record(
            session,
            ctx.actor(),
            "backup",
            info.path.name,
            "backup",
            None,
            {"path": str(info.path), "sha256": info.sha256, "bytes": info.bytes},
        )
    print(
        ctx.L(
            f"已备份到 {info.path}（{info.bytes:,} 字节，SHA-256 {info.sha256}）",
            f"Backed up to {info.path} ({info.bytes:,} bytes, SHA-256 {info.sha256})",
        ),
        file=ctx.out,
    )
    return EXIT_OK


def run_restore(ctx: CommandContext, args: argparse.Namespace) -> int:
    from rmdesk.services import audit
    from rmdesk.store.backup import BackupError, restore

    _admin(ctx)
    actor = ctx.actor()
    ctx.close()
    ctx._db = None
    try:
        info = restore(ctx.db_url, args.source)
    except BackupError as err:
        raise CommandError(ctx.L(f"未恢复：{err}", f"Not restored: {err}")) from None
    with ctx.database(require_current=False).sessions.begin() as session:
        audit.record(session, actor, "backup", args.source.name, "restore", None, {"sha256": info.sha256})
    print(
        ctx.L(
            f"已从 {args.source} 恢复（版本 {info.revision}）",
            f"Restored from {args.source} (revision {info.revision})",
        ),
        file=ctx.out,
    )
    return EXIT_OK


def run_audit_verify(ctx: CommandContext, args: argparse.Namespace) -> int:
    from rmdesk.services.audit import verify_chain

    with ctx.database().sessions() as session:
        check = verify_chain(session)
    if check.ok:
        print(
            ctx.L(f"审计日志完整：{check.checked} 条记录", f"Audit log intact: {check.checked} records"), file=ctx.out
        )
        return EXIT_OK
    print(
        ctx.L(
            f"审计日志在第 {check.broken_id} 条记录处断开：{check.reason}",
            f"Audit log broken at record {check.broken_id}: {check.reason}",
        ),
        file=ctx.err,
    )
    return EXIT_FAILURE
