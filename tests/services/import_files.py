"""Import folders for the import tests: a small valid day, written as CSV (any encoding, either header language)
or XLSX, plus helpers to read the stored book back as plain rows."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from copy import deepcopy
from pathlib import Path
from typing import Any

from sqlalchemy import text

from rmdesk.services.identity import id_check_char
from rmdesk.store.db import Database

Table = list[list[str]]  # header row first


def id_card(first17: str) -> str:
    return first17 + id_check_char(first17)


ID_ZHANG = id_card("11010519800101123")  # born 1980-01-01, 17th digit 3 → male
ID_LI = id_card("31011519850512234")  # born 1985-05-12, 17th digit 4 → female


def valid_day() -> dict[str, Table]:
    """A consistent small day (as of 2026-11-20): 3 securities, 2 clients, 2 accounts, 3 positions, 2 contracts."""
    return deepcopy(
        {
            "securities": [
                ["code", "name", "kind", "close", "haircut", "marginable", "shortable", "st", "index_member"],
                ["600519.SH", "贵州茅台", "stock", "1450.000", "", "Y", "Y", "N", "Y"],
                ["000001.SZ", "平安银行", "stock", "11.280", "0.70", "Y", "Y", "N", "Y"],
                ["510300.SH", "沪深300ETF", "etf", "4.012", "", "Y", "N", "N", "N"],
            ],
            "clients": [
                [
                    "client_no",
                    "name",
                    "id_type",
                    "id_no",
                    "phone",
                    "risk_level",
                    "risk_assessed_on",
                    "investor_type",
                    "tier",
                    "rm",
                    "trading_since",
                    "avg_assets_20d",
                ],
                [
                    "C001",
                    "张伟",
                    "身份证",
                    ID_ZHANG,
                    "13800138001",
                    "C4",
                    "2025-03-10",
                    "普通投资者",
                    "VIP",
                    "rm1",
                    "2015-06-01",
                    "2,350,000.00",
                ],
                [
                    "C002",
                    "李娜",
                    "身份证",
                    ID_LI,
                    "13900139002",
                    "5",
                    "2025-11-30",
                    "专业投资者",
                    "高净值",
                    "",
                    "2012-02-15",
                    "820000",
                ],
            ],
            "accounts": [
                [
                    "account_no",
                    "client_no",
                    "cash",
                    "credit_limit",
                    "financing_rate",
                    "short_rate",
                    "opened_on",
                    "warning_line",
                    "closeout_line",
                    "target_line",
                ],
                ["A001", "C001", "50,000.00", "3,000,000", "8.35%", "10.35", "2021-04-12", "", "", ""],
                ["A002", "C002", "5000", "500000", "0.0835", "0.1035", "2022-07-01", "135%", "1.25", "150"],
            ],
            "positions": [
                ["account_no", "code", "quantity"],
                ["A001", "600519.SH", "200"],
                ["A002", "000001.SZ", "20,000"],
                ["A002", "510300.SH", "1000"],
            ],
            "contracts": [
                [
                    "contract_no",
                    "account_no",
                    "type",
                    "code",
                    "trade_date",
                    "trade_price",
                    "trade_quantity",
                    "trade_amount",
                    "outstanding_amount",
                    "outstanding_quantity",
                    "due_date",
                    "rate",
                    "accrued_interest",
                ],
                [
                    "RZ001",
                    "A001",
                    "financing",
                    "600519.SH",
                    "2026-06-10",
                    "1500.000",
                    "100",
                    "",
                    "",
                    "",
                    "",
                    "8.35%",
                    "1,043.75",
                ],
                [
                    "RQ002",
                    "A002",
                    "short",
                    "000001.SZ",
                    "2026/11/02",
                    "10.000",
                    "10,000",
                    "",
                    "",
                    "",
                    "20270502",
                    "10.35%",
                    "",
                ],
            ],
        }
    )


ZH_HEADERS = {
    "securities": ["证券代码", "证券名称", "类别", "收盘价", "折算率", "融资标的", "融券标的", "ST", "指数成分"],
    "clients": ["客户号", "姓名", "证件类型", "证件号码", "手机", "风险等级", "测评日期", "投资者类型", "客户级别",
                "客户经理", "首次交易日", "近20日日均资产"],
    "accounts": ["信用账号", "客户号", "现金余额", "授信额度", "融资利率", "融券费率", "开户日期", "警戒线", "平仓线",
                 "追保目标线"],
    "positions": ["信用账号", "证券代码", "持仓数量"],
    "contracts": ["合约编号", "信用账号", "合约类型", "证券代码", "成交日期", "成交价格", "成交数量", "成交金额",
                  "未还金额", "未还数量", "到期日", "利率", "应计利息"],
}  # fmt: skip
ZH_NAMES = {"securities": "证券", "clients": "客户", "accounts": "信用账户", "positions": "持仓", "contracts": "合约"}


def chinese(day: dict[str, Table]) -> dict[str, Table]:
    """The same day with Chinese headers (the columns of valid_day are in the SPEC's order)."""
    return {kind: [ZH_HEADERS[kind], *rows[1:]] for kind, rows in day.items()}


def csv_bytes(rows: Table, encoding: str = "utf-8") -> bytes:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(rows)
    return buf.getvalue().encode(encoding)


def write_day(
    folder: Path,
    day: dict[str, Table],
    *,
    encoding: str = "utf-8",
    names: dict[str, str] | None = None,
    xlsx: Iterable[str] = (),
) -> Path:
    """Write each table as ``<name>.csv`` (or ``.xlsx`` for the kinds in ``xlsx``); returns the folder."""
    folder.mkdir(parents=True, exist_ok=True)
    as_xlsx = set(xlsx)
    for kind, rows in day.items():
        name = (names or {}).get(kind, kind)
        if kind in as_xlsx:
            write_xlsx(folder / f"{name}.xlsx", rows)
        else:
            (folder / f"{name}.csv").write_bytes(csv_bytes(rows, encoding))
    return folder


def write_xlsx(path: Path, rows: list[list[Any]]) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    book.save(path)


TABLES = ("securities", "clients", "credit_accounts", "positions", "contracts")


def book_rows(db: Database, tables: Iterable[str] = TABLES, *, skip: Iterable[str] = ()) -> dict[str, list[Any]]:
    """Every row of the book's tables as stored (raw li/ppm integers), ordered by id, minus ``skip`` columns."""
    out: dict[str, list[Any]] = {}
    with db.engine.connect() as conn:
        for table in tables:
            result = conn.execute(text(f"SELECT * FROM {table} ORDER BY id"))
            keys = [k for k in result.keys() if k not in set(skip)]  # noqa: SIM118 — a Result, not a dict
            out[table] = [tuple(row._mapping[k] for k in keys) for row in result]
    return out
