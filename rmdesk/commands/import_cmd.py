"""`rmdesk import DIR --as-of YYYY-MM-DD [--dry-run]` (SPEC §7, §8).

Prints the files read, the counts and the new warnings on stdout; every issue on stderr, one per line as
``file:row:column: value — reason``, followed by a table of issues by file and reason. Exit 0 when imported (or a
clean dry run), 2 when any issue is fatal (nothing written), 1 for any other failure.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any, TextIO

from rmdesk.commands.base import EXIT_FAILURE, EXIT_OK, EXIT_USAGE, CommandContext, CommandError, Lang, format_table

BAR_WIDTH = 30


def register(sub: Any, L: Lang) -> None:
    p = sub.add_parser(
        "import",
        help=L(
            "导入核心系统的当日文件（先全部校验，全部成功才写入）",
            "import the core system's files of a day (all validated first, all or nothing)",
        ),
    )
    p.add_argument("dir", metavar="DIR", help=L("存放导入文件的文件夹", "folder holding the import files"))
    p.add_argument(
        "--as-of", type=_date, required=True, metavar="YYYY-MM-DD", help=L("数据日期", "the day the files describe")
    )
    p.add_argument(
        "--dry-run",
        action="store_true",
        help=L("只校验并报告，不写入（无需用户）", "validate and report only, write nothing (no user needed)"),
    )
    p.set_defaults(handler=run_import)


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text}") from None


class TextProgress:
    """A one-line progress bar on a terminal (stderr), redrawn in place."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.n = 0
        self.done = 0
        self.text = ""

    def total(self, n: int) -> None:
        self.n, self.done = max(n, 0), 0
        self._draw()

    def advance(self, n: int = 1) -> None:
        self.done += n
        self._draw()

    def status(self, text: str) -> None:
        self.text = text
        self._draw()

    def cancelled(self) -> bool:
        return False

    def _draw(self) -> None:
        share = min(self.done / self.n, 1.0) if self.n else 0.0
        filled = int(share * BAR_WIDTH)
        self.stream.write(f"\r[{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {share:4.0%} {self.text[:40]:<40}")
        self.stream.flush()

    def finish(self) -> None:
        self.stream.write("\r" + " " * (BAR_WIDTH + 48) + "\r")
        self.stream.flush()


def run_import(ctx: CommandContext, args: argparse.Namespace) -> int:
    from rmdesk.services.audit import SYSTEM
    from rmdesk.services.importing import import_day
    from rmdesk.services.progress import Cancelled, NullProgress

    actor = ctx.actor() if not args.dry_run or ctx.username else SYSTEM
    db = ctx.database()
    tty = ctx.err is sys.stderr and sys.stderr.isatty()
    progress: Any = TextProgress(ctx.err) if tty else NullProgress()
    try:
        with db.sessions() as session:
            report = import_day(session, Path(args.dir), args.as_of, actor, dry_run=args.dry_run, progress=progress)
            if report.applied:
                session.commit()
            else:
                session.rollback()
    except Cancelled:
        raise CommandError(ctx.L("已取消，未写入任何数据", "cancelled, nothing written"), EXIT_FAILURE) from None
    except CommandError:
        raise
    except Exception as err:  # a failure that is not the files' fault (database, disk): exit 1 with the reason
        raise CommandError(ctx.L(f"导入失败：{err}", f"import failed: {err}"), EXIT_FAILURE) from err
    finally:
        if isinstance(progress, TextProgress):
            progress.finish()
    _print_summary(ctx, report, args.dry_run)
    _print_issues(ctx, report)
    return EXIT_OK if report.ok else EXIT_USAGE


def _print_summary(ctx: CommandContext, report: Any, dry_run: bool) -> None:
    out = ctx.out
    if report.files:
        headers = [ctx.L("文件", "file"), ctx.L("类别", "kind"), ctx.L("行数", "rows"), ctx.L("编码", "encoding")]
        rows = [[f.name, f.kind, f"{f.rows:,}", f.encoding] for f in report.files]
        print(format_table(headers, rows, right_align=(2,)), file=out)
    fatal = len(report.fatal)
    notices = len(report.notices)
    if not report.ok:
        print(
            ctx.L(
                f"导入被拒绝：{fatal} 个错误，{notices} 条提示；未写入任何数据。",
                f"Import rejected: {fatal} errors, {notices} notices; nothing was written.",
            ),
            file=out,
        )
        return
    if dry_run:
        print(
            ctx.L(
                f"校验通过（试运行，未写入）：{notices} 条提示。",
                f"Validated (dry run, nothing written): {notices} notices.",
            ),
            file=out,
        )
        return
    print(
        ctx.L(f"已导入 {report.as_of}（{notices} 条提示）。", f"Imported {report.as_of} ({notices} notices)."), file=out
    )
    if report.counts:
        print(_counts_table(ctx, report.counts, {f.kind: f.rows for f in report.files}), file=out)
    scan = report.scan
    if scan is not None:
        raised = [c for c in scan.changes if c.action == "raised"]
        print(ctx.L(f"新预警 {len(raised)} 条", f"{len(raised)} new warnings"), file=out)
        if raised:
            headers = [
                ctx.L("信用账号", "account"),
                ctx.L("客户号", "client"),
                ctx.L("预警", "warning"),
                ctx.L("期限", "due"),
            ]
            rows = [[c.account_no, c.client_no, ctx.t(f"warning.{c.kind}"), str(c.due or "—")] for c in raised]
            print(format_table(headers, rows), file=out)


KIND_NAMES = {
    "securities": ("证券", "securities"),
    "clients": ("客户", "clients"),
    "accounts": ("信用账户", "accounts"),
    "positions": ("持仓", "positions"),
    "contracts": ("合约", "contracts"),
}


def _counts_table(ctx: CommandContext, counts: dict[str, int], file_rows: dict[str, int] | None = None) -> str:
    """One line per kind: rows in the file (book files), new, updated, removed."""
    headers = [ctx.L("数据", "data"), ctx.L("行数", "rows"), ctx.L("新增", "new"), ctx.L("更新", "updated"),
               ctx.L("删除", "removed")]  # fmt: skip
    rows = []
    for kind, (zh, en) in KIND_NAMES.items():
        if f"{kind}_new" not in counts:
            continue
        cells = [
            counts.get(kind, (file_rows or {}).get(kind)),
            counts.get(f"{kind}_new"),
            counts.get(f"{kind}_updated"),
            counts.get(f"{kind}_removed"),
        ]
        rows.append([ctx.L(zh, en), *("" if c is None else f"{c:,}" for c in cells)])
    return format_table(headers, rows, right_align=(1, 2, 3, 4))


def _print_issues(ctx: CommandContext, report: Any) -> None:
    if not report.issues:
        return
    ordered = [*report.fatal, *report.notices]
    for issue in ordered:
        print(issue.line(ctx.lang), file=ctx.err)
    groups = Counter((i.file, i.message(ctx.lang), i.fatal) for i in ordered)
    headers = [ctx.L("文件", "file"), ctx.L("问题", "issue"), ctx.L("级别", "severity"), ctx.L("次数", "count")]
    rows = [
        [file, reason, ctx.L("错误", "error") if fatal else ctx.L("提示", "notice"), str(n)]
        for (file, reason, fatal), n in groups.items()
    ]
    print(format_table(headers, rows, right_align=(3,)), file=ctx.err)
