"""`rmdesk calendar import FILE` and `rmdesk calendar add DATE N --trading|--working` (SPEC §8)."""

from __future__ import annotations

import argparse
from typing import Any

from rmdesk.commands.base import EXIT_OK, EXIT_USAGE, CommandContext, CommandError, Lang
from rmdesk.services.calendar import load_calendar
from rmdesk.services.calendar_edit import CalendarError, CalendarImportError, import_holidays_csv, parse_day


def register(subparsers: Any, L: Lang) -> None:
    """Add ``calendar import`` and ``calendar add`` to the ``rmdesk`` parser."""
    cal = subparsers.add_parser(
        "calendar",
        help=L("节假日表与交易日/工作日推算", "the holiday table; trading/working day arithmetic"),
        description=L("节假日表与交易日/工作日推算", "The holiday table and trading/working day arithmetic."),
    )
    sub = cal.add_subparsers(dest="calendar_command", metavar="{import,add}", required=True)

    imp = sub.add_parser(
        "import",
        help=L("导入节假日 CSV（需要营业部负责人或管理员）", "import a holiday CSV (supervisor or admin)"),
        description=L(
            "导入节假日 CSV：列 date,kind,name（kind 为 holiday/休市 或 makeup_workday/调休）。"
            "文件中的年份视为完整，替换该年以前的录入。示例见 resources/samples/holidays_example_2027.csv。",
            "Import a holiday CSV with columns date,kind,name (kind holiday/休市 or makeup_workday/调休). "
            "Each year in the file is taken as complete and replaces that year's earlier entries. "
            "Example: resources/samples/holidays_example_2027.csv.",
        ),
    )
    imp.add_argument("file", metavar="FILE", help=L("CSV 文件（UTF-8 或 GBK）", "CSV file (UTF-8 or GBK)"))
    imp.set_defaults(handler=run_import)

    add = sub.add_parser(
        "add",
        help=L("输出 DATE 之后第 N 个交易日/工作日", "print the date N trading/working days after DATE"),
        description=L(
            "输出 DATE 之后第 N 个交易日或工作日（第 1 个是 DATE 之后的第一个；N=0 即 DATE 本身）。",
            "Print the date N trading or working days after DATE (the 1st is the first one after DATE; "
            "N=0 is DATE itself).",
        ),
    )
    add.add_argument("date", metavar="DATE", help="YYYY-MM-DD")
    add.add_argument("n", metavar="N", help=L("天数（≥ 0 的整数）", "number of days (an integer ≥ 0)"))
    mode = add.add_mutually_exclusive_group(required=True)
    mode.add_argument("--trading", action="store_true", help=L("按交易日", "count trading days"))
    mode.add_argument("--working", action="store_true", help=L("按工作日", "count working days"))
    add.set_defaults(handler=run_add)


def run_import(ctx: CommandContext, args: argparse.Namespace) -> int:
    """Import the file in one transaction; every problem on stderr and exit 2 when it is rejected."""
    actor = ctx.actor()
    db = ctx.database()
    try:
        with db.sessions.begin() as session:
            result = import_holidays_csv(session, args.file, actor)
    except CalendarImportError as err:
        print(err.text(ctx.lang), file=ctx.err)
        print(ctx.t("calendar.csv.rejected", count=len(err.issues)), file=ctx.err)
        return EXIT_USAGE
    except CalendarError as err:
        raise CommandError(ctx.t("cli.forbidden", reason=err.text(ctx.lang)), EXIT_USAGE) from None
    years = "、".join(str(y) for y in result.years) if ctx.lang == "zh_CN" else ", ".join(map(str, result.years))
    print(
        ctx.L(
            f"已导入 {years} 年节假日：休市 {result.holidays} 天，调休上班 {result.makeup_workdays} 天"
            f"（替换原有 {result.replaced} 条；来源 {result.source}）",
            f"Imported the holidays of {years}: {result.holidays} days off, {result.makeup_workdays} make-up "
            f"working days ({result.replaced} earlier entries replaced; from {result.source})",
        ),
        file=ctx.out,
    )
    return EXIT_OK


def run_add(ctx: CommandContext, args: argparse.Namespace) -> int:
    """Print DATE + N trading/working days as YYYY-MM-DD; the missing-year warnings go to stderr."""
    start = parse_day(args.date)
    if start is None:
        raise CommandError(ctx.L(f"日期无法识别：{args.date}", f"not a date: {args.date}"), EXIT_USAGE)
    try:
        n = int(args.n)
    except ValueError:
        n = -1
    if n < 0:
        raise CommandError(ctx.L(f"N 须为 ≥ 0 的整数：{args.n}", f"N must be an integer ≥ 0: {args.n}"), EXIT_USAGE)
    db = ctx.database()
    with db.sessions() as session:
        calendar = load_calendar(session)
    deadline = calendar.deadline_trading(start, n) if args.trading else calendar.deadline_working(start, n)
    print(deadline.day.isoformat(), file=ctx.out)
    for warning in deadline.warnings():
        print(warning.text(ctx.lang), file=ctx.err)
    return EXIT_OK
