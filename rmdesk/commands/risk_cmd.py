"""`rmdesk risk [--as-of DATE] [--account NO] [--format table|json|csv]` (SPEC §8)."""

from __future__ import annotations

import argparse
import csv
import io
from datetime import date
from decimal import Decimal
from typing import Any

from rmdesk.commands.base import EXIT_OK, EXIT_USAGE, CommandContext, CommandError, Lang, dumps, format_table

AMOUNT_FIELDS = (
    "cash",
    "market_value",
    "total_assets",
    "financing_debt",
    "short_value",
    "interest_fees",
    "total_liabilities",
    "topup_to_target",
    "repay_to_target",
    "withdrawable",
    "credit_used",
    "credit_available",
    "available_margin",
)
FRACTION_FIELDS = ("maintenance_ratio", "drop_to_warning", "drop_to_closeout")


def register(sub: Any, L: Lang) -> None:
    p = sub.add_parser(
        "risk",
        help=L("账户指标与风险预警（截至某日最近一次导入）", "account figures and warnings as of the latest import"),
    )
    p.add_argument("--as-of", type=_date, metavar="YYYY-MM-DD",
                   help=L("截至日期（默认：最近一次导入）", "as-of date (default: the latest import)"))
    p.add_argument("--account", metavar="NO", help=L("只看一个信用账号", "one credit account only"))
    p.add_argument("--format", choices=("table", "json", "csv"), default="table")
    p.set_defaults(handler=run_risk)


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text}") from None


def collect(ctx: CommandContext, as_of: date | None, account_no: str | None) -> dict[str, Any]:
    """The SPEC §8 JSON object, from the engine's stored figures and the unresolved warnings."""
    db = ctx.database()
    from rmdesk.services import risk
    from rmdesk.services.figures import read_figures

    with db.sessions() as session:
        account_ids = None
        if account_no:
            found = risk.accounts_by_no(session, [account_no])
            if not found:
                raise CommandError(ctx.L(f"没有信用账号 {account_no}", f"No credit account {account_no}"), EXIT_USAGE)
            account_ids = list(found.values())
        figures = read_figures(session, as_of, account_ids)
        warnings = risk.unresolved_by_account(session, [f.account_id for f in figures])
    latest = max((f.as_of for f in figures), default=None)
    accounts = []
    for f in figures:
        item = f.as_json()
        item["warnings"] = [
            {"kind": w.kind, "status": w.status, "due": w.due.isoformat() if w.due else None}
            for w in warnings.get(f.account_id, [])
        ]
        accounts.append(item)
    stamp = latest or as_of
    return {"as_of": stamp.isoformat() if stamp else None, "accounts": accounts}


def run_risk(ctx: CommandContext, args: argparse.Namespace) -> int:
    payload = collect(ctx, args.as_of, args.account)
    _calendar_notice(ctx, payload)
    if args.format == "json":
        print(dumps(payload), file=ctx.out)
    elif args.format == "csv":
        print(_csv(payload), file=ctx.out, end="")
    else:
        print(_table(ctx, payload), file=ctx.out)
    return EXIT_OK


def _calendar_notice(ctx: CommandContext, payload: dict[str, Any]) -> None:
    """Deadlines in a year without holiday data are weekday estimates: say so (on stderr, JSON stays pure)."""
    from rmdesk.services.calendar import load_calendar

    years = {int(w["due"][:4]) for a in payload["accounts"] for w in a["warnings"] if w["due"]}
    if not years:
        return
    with ctx.database().sessions() as session:
        cal = load_calendar(session)
    for year in sorted(y for y in years if not cal.known(y)):
        print(ctx.t("calendar.year_missing", year=year), file=ctx.err)


def _csv(payload: dict[str, Any]) -> str:
    buf = io.StringIO()
    fields = ["as_of", "account_no", "client_no", "level", *AMOUNT_FIELDS, *FRACTION_FIELDS,
              "max_concentration_code", "max_concentration_share", "warnings"]
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(fields)
    for a in payload["accounts"]:
        conc = a.get("max_concentration") or {}
        row = [payload["as_of"], a["account_no"], a["client_no"], a["level"]]
        row += [_text(a[k]) for k in (*AMOUNT_FIELDS, *FRACTION_FIELDS)]
        row += [conc.get("code", ""), _text(conc.get("share"))]
        row.append(";".join(f"{w['kind']}:{w['status']}:{w['due'] or ''}" for w in a["warnings"]))
        writer.writerow(row)
    return buf.getvalue()


def _text(value: Decimal | None) -> str:
    return "" if value is None else format(value, "f")


def _table(ctx: CommandContext, payload: dict[str, Any]) -> str:
    from rmdesk.money import format_percent, format_yuan

    if not payload["accounts"]:
        return ctx.L("尚无导入数据。", "No import yet.")
    headers = [ctx.L("信用账号", "account"), ctx.L("客户号", "client"), ctx.L("级别", "level"),
               ctx.L("总资产", "total assets"), ctx.L("总负债", "total liabilities"),
               ctx.L("维持担保比例", "ratio"), ctx.L("追保金额", "top-up"), ctx.L("可提取", "withdrawable"),
               ctx.L("预警", "warnings")]
    rows = []
    for a in payload["accounts"]:
        rows.append([
            a["account_no"], a["client_no"], ctx.t(f"level.{a['level']}"),
            format_yuan(a["total_assets"]), format_yuan(a["total_liabilities"]),
            format_percent(a["maintenance_ratio"]), format_yuan(a["topup_to_target"]),
            format_yuan(a["withdrawable"]),
            "、".join(ctx.t(f"warning.{w['kind']}") for w in a["warnings"]) if ctx.lang == "zh_CN"
            else ", ".join(ctx.t(f"warning.{w['kind']}") for w in a["warnings"]),
        ])
    title = ctx.L(f"截至 {payload['as_of']}，共 {len(rows)} 个信用账户", f"As of {payload['as_of']}: {len(rows)} "
                  "credit accounts")
    return title + "\n" + format_table(headers, rows, right_align=(3, 4, 5, 6, 7))
