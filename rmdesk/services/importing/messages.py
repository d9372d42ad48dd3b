"""Every message the import can report, in Simplified Chinese and English (SPEC §7).

Issues carry a stable code and parameters; :func:`rmdesk.i18n.t` turns them into text, so the CLI and the GUI say
the same thing for the same problem.
"""

from __future__ import annotations

from rmdesk import i18n

MESSAGES: dict[str, tuple[str, str]] = {
    # folder and files
    "import.folder_missing": ("导入文件夹不存在或不是文件夹", "the import folder does not exist or is not a folder"),
    "import.no_files": (
        "文件夹中没有可识别的导入文件（securities/clients/accounts/positions/contracts"
        " 或 证券/客户/信用账户/持仓/合约，.csv 或 .xlsx）",
        "no import file found in the folder (securities/clients/accounts/positions/contracts or "
        "证券/客户/信用账户/持仓/合约, .csv or .xlsx)",
    ),
    "import.unknown_file": ("未识别的文件，已忽略", "unknown file, ignored"),
    "import.duplicate_kind": (
        "同一类数据有两个文件：{other}（只能保留一个）",
        "two files of the same kind: {other} (keep only one)",
    ),
    "import.file_unreadable": ("文件无法读取：{reason}", "the file cannot be read: {reason}"),
    "import.file_unchecked": ("文件无法校验：{reason}", "the file could not be checked: {reason}"),
    "import.no_header": ("文件没有表头行", "the file has no header row"),
    "import.name_date": (
        "文件名中的日期 {name_date} 与导入日期 {as_of} 不一致",
        "the date in the file name ({name_date}) differs from the import date ({as_of})",
    ),
    "import.missing_column": ("缺少必需列 {name}", "required column {name} is missing"),
    "import.duplicate_column": ("列 {field} 出现了两次", "column {field} appears twice"),
    "import.extra_cells": ("该行的单元格多于表头", "the row has more cells than the header"),
    "import.needs_accounts": (
        "持仓和合约必须与信用账户文件一同导入（它们是该文件所列账户的完整状态）",
        "positions and contracts need the accounts file of the same import (they are the complete state of "
        "the accounts it lists)",
    ),
    "import.apply_failed": ("写入数据库失败，已全部撤销：{reason}", "writing failed and was undone: {reason}"),
    # values
    "value.required": ("必填项为空", "required value is blank"),
    "value.number": ("不是有效的数字", "not a valid number"),
    "value.decimals": ("小数位数超过 {places} 位（不会自动舍入）", "more than {places} decimals (never rounded)"),
    "value.whole": ("必须是整数", "must be a whole number"),
    "value.negative": ("不能为负数", "must not be negative"),
    "value.not_positive": ("必须大于 0", "must be greater than 0"),
    "value.too_large": ("数值过大", "the number is too large"),
    "value.date": (
        "不是有效的日期（YYYY-MM-DD、YYYY/MM/DD 或 YYYYMMDD）",
        "not a valid date (YYYY-MM-DD, YYYY/MM/DD or YYYYMMDD)",
    ),
    "value.date_range": ("日期超出合理范围（1900–2199 年）", "the date is out of range (years 1900–2199)"),
    "value.bool": ("应为 Y/N、是/否、1/0 或 true/false", "expected Y/N, 是/否, 1/0 or true/false"),
    "value.choice": ("不是允许的取值：{choices}", "not one of the allowed values: {choices}"),
    "value.code": (
        "证券代码格式应为 6 位数字加 .SH/.SZ/.BJ（如 600519.SH）",
        "a security code is 6 digits and .SH/.SZ/.BJ (e.g. 600519.SH)",
    ),
    "value.rate_range": ("利率应在 0 到 100% 之间", "a rate must be between 0 and 100%"),
    "value.line_range": ("线应在 100% 到 1000% 之间", "a line must be between 100% and 1000%"),
    "value.haircut_range": ("折算率应在 0 到 1 之间", "a haircut must be between 0 and 1"),
    "value.too_long": ("文字过长（最多 {max} 个字符）", "text too long (at most {max} characters)"),
    "value.control": ("含有不可见的控制字符", "contains invisible control characters"),
    "value.risk_level": ("风险等级应为 C1–C5 或 1–5", "a risk level is C1–C5 or 1–5"),
    "value.id_format": (
        "身份证号码应为 18 位（最后一位可为 X）",
        "an ID-card number has 18 characters (last may be X)",
    ),
    "value.id_checksum": ("身份证号码校验位错误", "the ID-card number's check character is wrong"),
    "value.id_birth_date": ("身份证号码中的出生日期无效", "the birth date in the ID-card number is invalid"),
    "value.phone": ("手机号码应为以 1 开头的 11 位数字", "a mobile number has 11 digits and starts with 1"),
    # duplicates and references
    "dup.security": ("证券代码重复（首次出现在第 {first} 行）", "duplicate security code (first on row {first})"),
    "dup.client": ("客户号重复（首次出现在第 {first} 行）", "duplicate client number (first on row {first})"),
    "dup.account": ("信用账号重复（首次出现在第 {first} 行）", "duplicate account number (first on row {first})"),
    "dup.account_client": (
        "该客户已有信用账户 {other}（每位客户最多一个）",
        "this client already has credit account {other} (at most one per client)",
    ),
    "dup.position": (
        "同一账户同一证券的持仓重复（首次出现在第 {first} 行）",
        "duplicate position for this account and security (first on row {first})",
    ),
    "dup.contract": ("合约编号重复（首次出现在第 {first} 行）", "duplicate contract number (first on row {first})"),
    "ref.security": (
        "未知证券：既不在本次证券文件中，也不在数据库中",
        "unknown security: not in this import nor stored",
    ),
    "ref.client": ("未知客户：既不在本次客户文件中，也不在数据库中", "unknown client: not in this import nor stored"),
    "ref.account": ("未知信用账户", "unknown credit account"),
    "ref.account_not_listed": (
        "该账户不在本次信用账户文件中（持仓和合约只能属于本次导入的账户）",
        "the account is not in this import's accounts file (positions and contracts must belong to it)",
    ),
    "ref.account_client_changed": (
        "该账户在数据库中属于客户 {stored}，不能改为其他客户",
        "the account belongs to client {stored} in the database and cannot move to another client",
    ),
    "ref.contract_elsewhere": (
        "该合约编号在数据库中属于账户 {other}，而该账户不在本次导入中",
        "the contract number belongs to account {other} in the database, which this import does not list",
    ),
    # consistency
    "account.newer_state": (
        "数据库中已有该账户更新的日期（{stored}）的数据",
        "the database already holds a newer day for this account ({stored})",
    ),
    "security.newer_price": (
        "数据库中已有该证券更新的日期（{stored}）的收盘价",
        "the database already holds a newer close for this security ({stored})",
    ),
    "security.stale_price": (
        "本次未导入该证券，指标将使用其 {stored} 的收盘价（仅提示）",
        "this security is not in the import: figures use its close of {stored}",
    ),
    "account.line_order": (
        "平仓线（{closeout}）必须低于警戒线（{warning}）和追保目标线（{target}）",
        "the close-out line ({closeout}) must be below the warning line ({warning}) and the target ({target})",
    ),
    "contract.due_before_trade": ("到期日早于成交日期 {trade_date}", "due date before the trade date {trade_date}"),
    "contract.trade_after_as_of": (
        "成交日期晚于导入日期 {as_of}",
        "trade date after the import date {as_of}",
    ),
    "contract.amount_overflow": ("成交金额（价格 × 数量）过大", "trade amount (price × quantity) too large"),
    "contract.short_not_shortable": (
        "融券合约的证券不是融券标的（仅提示）",
        "short contract on a non-shortable security",
    ),
    "contract.financing_not_marginable": (
        "融资合约的证券不是融资标的（仅提示）",
        "financing contract on a security that is not marginable",
    ),
    "client.rm_unknown": (
        "找不到客户经理 {rm}（按用户名或姓名，角色须为客户经理）：该客户暂未分配",
        "no relationship manager {rm} (by user name or display name, role rm): the client is unassigned",
    ),
    # progress
    "import.progress.reading": ("读取 {name}", "reading {name}"),
    "import.progress.checking": ("校验 {name}", "checking {name}"),
    "import.progress.writing": ("写入 {what}", "writing {what}"),
}

i18n.register(MESSAGES)
