"""`rmdesk print …` (SPEC §6, §8): one document, a batch, or verifying a file against the register.

    print statement|disclosure|margin-call|brief (--client NO | --account NO) [--period YYYY-MM] --out PATH
    print batch KIND --filter EXPR [--period YYYY-MM] --out DIR|FILE.pdf
    print verify FILE.pdf

Generating needs a user (RMs only for their own clients); verifying does not. Exit 0 ok, 1 failure (the
document cannot be made, not allowed, a file that is not issued or was modified), 2 bad usage or input.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from rmdesk.commands.base import EXIT_FAILURE, EXIT_OK, EXIT_USAGE, CommandContext, CommandError, Lang, format_table

#: command-line names → register kinds
CLI_KINDS = {"statement": "statement", "disclosure": "disclosure", "margin-call": "margin_call", "brief": "visit_brief"}
KIND_NAMES = {
    "statement": ("对账单", "statement"),
    "disclosure": ("风险揭示书", "risk disclosure"),
    "margin_call": ("追加担保物通知书", "margin-call notice"),
    "visit_brief": ("客户拜访简报", "visit brief"),
    "merged": ("合并文件", "merged file"),
}
# DocumentError codes that mean the request itself was wrong (exit 2); any other code is a failure (exit 1)
USAGE_CODES = frozenset(
    {
        "documents.bad_period",
        "documents.client_not_found",
        "documents.bad_filter",
        "documents.unknown_clients",
        "documents.unknown_rm",
        "documents.out_exists",
        "documents.unknown_kind",
    }
)


def register(sub: Any, L: Lang) -> None:
    from rmdesk.services.documents_batch import FILTER_HELP

    p = sub.add_parser(
        "print",
        help=L("生成文书 PDF 并登记，或核验文件", "make document PDFs and register them, or verify a file"),
    )
    docs = p.add_subparsers(dest="print_command", metavar="DOCUMENT", required=True)
    helps = {
        "statement": L(
            "对账单（默认：最近一次导入所在月份）", "account statement (default: month of the latest import)"
        ),
        "disclosure": L("融资融券交易风险揭示书", "risk-disclosure letter"),
        "margin-call": L(
            "追加担保物通知书（账户须有未解除的追保预警）", "margin-call notice (needs an active margin call)"
        ),
        "brief": L("客户拜访简报", "visit briefing pack"),
    }
    for name, text in helps.items():
        q = docs.add_parser(name, help=text)
        who = q.add_mutually_exclusive_group(required=True)
        who.add_argument("--client", metavar="NO", help=L("客户号", "client number"))
        who.add_argument("--account", metavar="NO", help=L("信用账号", "credit account number"))
        q.add_argument(
            "--period", metavar="YYYY-MM", help=L("对账期间（仅对账单）", "statement period (statements only)")
        )
        q.add_argument(
            "--out", required=True, metavar="PATH", help=L("PDF 文件或已有文件夹", "PDF file or an existing folder")
        )
        q.set_defaults(handler=run_one, kind=CLI_KINDS[name])
    b = docs.add_parser(
        "batch",
        help=L("为筛选出的客户批量生成文书", "make one kind of document for a filtered list of clients"),
        description=L(*FILTER_HELP),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    b.add_argument("kind", choices=tuple(CLI_KINDS), metavar="KIND", help="|".join(CLI_KINDS))
    b.add_argument(
        "--filter", required=True, metavar="EXPR", help=L("筛选表达式（语法见上）", "filter expression (see above)")
    )
    b.add_argument("--period", metavar="YYYY-MM", help=L("对账期间（仅对账单）", "statement period (statements only)"))
    b.add_argument(
        "--out",
        required=True,
        metavar="DIR|FILE.pdf",
        help=L("文件夹（每位客户一个 PDF）或 .pdf 文件（合并为一个供打印）", "a folder (one PDF per client) or a .pdf "
               "file (one merged PDF for the printer)"),
    )  # fmt: skip
    b.set_defaults(handler=run_batch)
    v = docs.add_parser(
        "verify", help=L("核验文件是否为本营业部出具且未被修改", "is the file issued by the branch, unchanged?")
    )
    v.add_argument("file", metavar="FILE.pdf")
    v.set_defaults(handler=run_verify)


def _kind_name(ctx: CommandContext, kind: str) -> str:
    zh, en = KIND_NAMES.get(kind, (kind, kind))
    return ctx.L(zh, en)


def _fail(ctx: CommandContext, err: Exception) -> CommandError:
    """A service error as a CommandError with the right exit code."""
    from rmdesk.services.clients import ClientError
    from rmdesk.services.documents import DocumentError

    if isinstance(err, DocumentError):
        return CommandError(err.message(ctx.lang), EXIT_USAGE if err.code in USAGE_CODES else EXIT_FAILURE)
    if isinstance(err, ClientError):
        if err.code == "clients.forbidden":
            return CommandError(ctx.t("cli.forbidden", reason=err.message(ctx.lang)), EXIT_FAILURE)
        return CommandError(err.message(ctx.lang), EXIT_USAGE)
    raise err


def run_one(ctx: CommandContext, args: argparse.Namespace) -> int:
    from rmdesk.services import documents
    from rmdesk.services.clients import ClientError

    if args.period and args.kind != "statement":
        raise CommandError(ctx.L("--period 只适用于对账单", "--period applies to statements only"), EXIT_USAGE)
    actor = ctx.actor()
    db = ctx.database()
    out = Path(args.out)
    issued = None
    try:
        with db.sessions() as session:
            target = documents.find_target(session, actor, args.client or args.account)
            issued = documents.issue_document(session, actor, args.kind, target.client_id, out, period=args.period)
            session.commit()
    except (documents.DocumentError, ClientError) as err:
        raise _fail(ctx, err) from None
    except BaseException:
        if issued is not None and issued.path is not None:  # written but not registered: take it back
            issued.path.unlink(missing_ok=True)
        raise
    print(
        ctx.L(
            f"已生成{_kind_name(ctx, issued.kind)} {issued.doc_no}（{issued.pages} 页）：{issued.path}",
            f"{_kind_name(ctx, issued.kind)} {issued.doc_no} ({issued.pages} pages): {issued.path}",
        ),
        file=ctx.out,
    )
    print(f"SHA-256 {issued.sha256}", file=ctx.out)
    return EXIT_OK


def run_batch(ctx: CommandContext, args: argparse.Namespace) -> int:
    from rmdesk.commands.import_cmd import TextProgress
    from rmdesk.services import documents
    from rmdesk.services.clients import ClientError
    from rmdesk.services.progress import NullProgress

    kind = CLI_KINDS[args.kind]
    if args.period and kind != "statement":
        raise CommandError(ctx.L("--period 只适用于对账单", "--period applies to statements only"), EXIT_USAGE)
    try:
        selection = documents.parse_filter(args.filter)
    except documents.DocumentError as err:
        raise _fail(ctx, err) from None
    actor = ctx.actor()
    db = ctx.database()
    out = Path(args.out)
    merged = out.suffix.lower() == ".pdf"
    tty = ctx.err is sys.stderr and sys.stderr.isatty()
    progress: Any = TextProgress(ctx.err) if tty else NullProgress()
    try:
        result = documents.run_batch(db.sessions, kind, selection, out, merged, actor, progress, period=args.period)
    except (documents.DocumentError, ClientError) as err:
        raise _fail(ctx, err) from None
    finally:
        if isinstance(progress, TextProgress):
            progress.finish()
    _print_batch(ctx, result)
    return EXIT_OK


def _print_batch(ctx: CommandContext, result: Any) -> None:
    name = _kind_name(ctx, result.kind)
    count, pages = len(result.documents), result.pages
    rate = count / result.seconds if result.seconds > 0 else 0.0
    if result.merged is not None:
        where = ctx.L(f"合并为 {result.merged.path}（{result.merged.doc_no}）", f"merged into {result.merged.path} "
                      f"({result.merged.doc_no})")  # fmt: skip
    else:
        where = ctx.L(f"保存在 {result.out}", f"in {result.out}")
    print(
        ctx.L(
            f"批次 {result.batch_id}：{name} {count} 份，共 {pages} 页，{where}；"
            f"用时 {result.seconds:.1f} 秒（{rate:.1f} 份/秒）",
            f"Batch {result.batch_id}: {count} {name}s, {pages} pages, {where}; {result.seconds:.1f} s "
            f"({rate:.1f} per second)",
        ),
        file=ctx.out,
    )
    if result.documents:
        headers = [
            ctx.L("文书编号", "document"),
            ctx.L("客户号", "client"),
            ctx.L("页数", "pages"),
            ctx.L("文件", "file"),
        ]
        rows = [[d.doc_no, d.client_no, str(d.pages), d.file_name] for d in result.documents]
        print(format_table(headers, rows, right_align=(2,)), file=ctx.out)
    if result.skipped:
        print(ctx.L(f"跳过 {len(result.skipped)} 位客户：", f"{len(result.skipped)} clients skipped:"), file=ctx.err)
        for s in result.skipped:
            print(f"  {s.client_no}: {s.message}", file=ctx.err)


def run_verify(ctx: CommandContext, args: argparse.Namespace) -> int:
    from rmdesk.services.documents import verify_file

    db = ctx.database()
    with db.sessions() as session:
        result = verify_file(session, Path(args.file))
    print(result.message(ctx.lang), file=ctx.out if result.issued else ctx.err)
    record = result.record
    if record is not None:
        print(
            ctx.L(
                f"文书编号 {record.doc_no}　{_kind_name(ctx, record.kind)}　客户号 {record.client_no}　"
                f"生成于 {record.generated_at:%Y-%m-%d %H:%M}（{record.generated_by or '—'}）　{record.pages} 页",
                f"document {record.doc_no}  {_kind_name(ctx, record.kind)}  client {record.client_no}  "
                f"generated {record.generated_at:%Y-%m-%d %H:%M} by {record.generated_by or '—'}  {record.pages} pages",
            ),
            file=ctx.out,
        )
    return EXIT_OK if result.issued else EXIT_FAILURE
