"""Made-up but realistic document data: for template previews, the benchmark and the documentation screenshots.

Deterministic (a seed picks everything); the figures are consistent with each other the way the engine would
compute them, so a sample statement reads like a real one. Not used to produce any document for a client.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from rmdesk.money import amount, fraction4
from rmdesk.reports.data import (
    AccountFigures,
    BranchInfo,
    CallbackLine,
    CaseLine,
    ClientInfo,
    ContractLine,
    DisclosureData,
    EligibilityItem,
    Lines,
    MarginCallData,
    PositionLine,
    RatioPoint,
    StatementData,
    Suitability,
    VisitBriefData,
    WarningLine,
)

BRANCH = BranchInfo("示例证券股份有限公司上海示范路营业部", "上海市浦东新区示范路 100 号 8 楼", "021-6888 0000")

_SECURITIES = (
    ("600519.SH", "贵州茅台"), ("600036.SH", "招商银行"), ("601318.SH", "中国平安"), ("300750.SZ", "宁德时代"),
    ("002594.SZ", "比亚迪"), ("600900.SH", "长江电力"), ("000333.SZ", "美的集团"), ("000858.SZ", "五粮液"),
    ("601012.SH", "隆基绿能"), ("600030.SH", "中信证券"), ("601899.SH", "紫金矿业"), ("600309.SH", "万华化学"),
    ("603288.SH", "海天味业"), ("600276.SH", "恒瑞医药"), ("000651.SZ", "格力电器"), ("600887.SH", "伊利股份"),
    ("000725.SZ", "京东方Ａ"), ("601888.SH", "中国中免"), ("603259.SH", "药明康德"), ("300059.SZ", "东方财富"),
    ("510300.SH", "沪深300ETF"), ("510500.SH", "中证500ETF"), ("588000.SH", "科创50ETF"), ("511010.SH", "国债ETF"),
    ("511990.SH", "华宝添益"),
)  # fmt: skip


def _security(i: int) -> tuple[str, str]:
    """A real-looking (code, name); beyond the list, numbered variants with unique codes."""
    code, name = _SECURITIES[i % len(_SECURITIES)]
    rounds = i // len(_SECURITIES)
    if rounds == 0:
        return code, name
    return f"{int(code[:6]) + rounds:06d}{code[6:]}", f"{name}{rounds}"


def sample_client(seed: int = 1) -> ClientInfo:
    rnd = random.Random(seed)
    no = f"C{310000 + seed:08d}"
    return ClientInfo(
        client_no=no,
        name=rnd.choice(("张伟", "王芳", "李娜", "刘洋", "陈静", "欧阳明远", "司马青衫")),
        id_masked=f"31011519{rnd.randint(60, 99)}0{rnd.randint(1, 9)}1{rnd.randint(0, 9)}{rnd.randint(1000, 9999)}",
        phone_masked=f"13{rnd.randint(0, 9)}{rnd.randint(10000000, 99999999)}",
        address="上海市浦东新区世纪大道 1888 号东方明珠花园 12 号楼 2301 室",
        risk_level="C4 相对积极型",
        investor_type="普通投资者",
        tier=rnd.choice(("普通", "高净值", "VIP")),
        rm_name="李经理",
        rm_phone="021-6888 0123",
        account_no=f"8{seed:011d}",
        gender=rnd.choice(("男", "女")),
        occupation="企业管理人员",
        trading_since=date(2012, 3, 15),
        avg_assets_20d=Decimal("1835200.55"),
        tags=("两融", "偏好科技"),
        notes="习惯电话沟通，工作日 18 点后方便。",
    )


def sample_positions(count: int, seed: int = 1) -> tuple[PositionLine, ...]:
    rnd = random.Random(seed)
    out = []
    for i in range(count):
        code, name = _security(i)
        close = Decimal(rnd.randint(2000, 180000)) / 1000
        qty = rnd.randint(1, 80) * 100
        haircut = Decimal(rnd.choice(("0.70", "0.65", "0.90", "0.50", "0")))
        mv = Decimal(qty) * close
        out.append(
            PositionLine(
                code=code,
                name=name,
                quantity=qty,
                close=close,
                market_value=amount(mv),
                haircut=haircut,
                collateral_value=amount(mv * haircut),
            )
        )
    return tuple(out)


def sample_contracts(
    count: int, as_of: date, seed: int = 1, total: Decimal = Decimal(600000)
) -> tuple[ContractLine, ...]:
    """``count`` contracts (every fourth a short sale) whose trade amounts add up to about ``total``."""
    rnd = random.Random(seed)
    out = []
    for i in range(count):
        short = i % 4 == 3
        price = Decimal(rnd.randint(5000, 90000)) / 1000
        share = total / count * Decimal(rnd.randint(60, 140)) / 100
        qty = max(1, int(share / price / 100)) * 100
        trade_amount = amount(price * qty)
        trade_date = as_of - timedelta(days=rnd.randint(10, 170))
        out.append(
            ContractLine(
                contract_no=f"HT{as_of:%Y}{i + 1:07d}",
                type="short" if short else "financing",
                code=_security(i)[0],
                name=_security(i)[1],
                trade_date=trade_date,
                trade_price=price,
                trade_quantity=qty,
                trade_amount=trade_amount,
                outstanding_amount=None if short else trade_amount,
                outstanding_quantity=qty if short else None,
                rate=Decimal("0.1035") if short else Decimal("0.0835"),
                accrued_interest=amount(trade_amount * Decimal("0.0835") * (as_of - trade_date).days / 360),
                due_date=trade_date + timedelta(days=182),
            )
        )
    return tuple(out)


def sample_figures(
    positions: tuple[PositionLine, ...],
    contracts: tuple[ContractLine, ...],
    as_of: date,
    cash: Decimal = Decimal("85321.40"),
) -> AccountFigures:
    """Figures consistent with the lines (sums of the already rounded sample values: close enough for a sample)."""
    mv = sum((p.market_value for p in positions), Decimal(0))
    coll = sum((p.collateral_value for p in positions), Decimal(0))
    debt = sum((c.outstanding_amount or Decimal(0) for c in contracts), Decimal(0))
    short = sum((c.trade_price * (c.outstanding_quantity or 0) for c in contracts), Decimal(0))
    interest = sum((c.accrued_interest for c in contracts), Decimal(0))
    assets, liabilities = cash + mv, debt + short + interest
    lines = Lines()
    ratio = fraction4(assets / liabilities) if liabilities else None
    level = "normal"
    if ratio is not None:
        level = (
            "emergency"
            if ratio < lines.emergency
            else "closeout"
            if ratio < lines.closeout
            else ("warning" if ratio < lines.warning else "normal")
        )

    def drop(line: Decimal) -> Decimal | None:
        if not liabilities or mv <= line * short:
            return None
        s = (line * (debt + interest) - cash) / (mv - line * short)
        return fraction4(1 - s) if 0 < s <= 1 else None

    limit = Decimal("5000000.00")
    used = debt + short
    return AccountFigures(
        account_no="80000000001",
        as_of=as_of,
        level=level,
        cash=cash,
        market_value=amount(mv),
        collateral_value=amount(coll),
        total_assets=amount(assets),
        financing_debt=amount(debt),
        short_value=amount(short),
        interest_fees=amount(interest),
        total_liabilities=amount(liabilities),
        net_assets=amount(assets - liabilities),
        maintenance_ratio=ratio,
        topup_to_target=amount(max(Decimal(0), lines.target * liabilities - assets)),
        repay_to_target=amount(max(Decimal(0), (lines.target * liabilities - assets) / (lines.target - 1))),
        drop_to_warning=drop(lines.warning),
        drop_to_closeout=drop(lines.closeout),
        withdrawable=amount(max(Decimal(0), min(cash, assets - 3 * liabilities))),
        credit_limit=limit,
        credit_used=amount(used),
        credit_available=amount(max(Decimal(0), limit - used)),
        available_margin=amount(coll + cash - debt - short - interest),
        lines=lines,
    )


def sample_history(start: date, end: date, final: Decimal | None, seed: int = 1) -> tuple[RatioPoint, ...]:
    rnd = random.Random(seed)
    days = [start + timedelta(d) for d in range((end - start).days + 1)]
    days = [d for d in days if d.weekday() < 5]
    base = final if final is not None else Decimal("1.6")
    points = []
    for i, day in enumerate(days):
        wobble = Decimal(rnd.randint(-300, 300)) / 10000 + Decimal(len(days) - i) * Decimal("0.004")
        points.append(RatioPoint(day, None if final is None else fraction4(base + wobble)))
    if points and final is not None:
        points[-1] = RatioPoint(points[-1].day, final)
    return tuple(points)


def _debt_for(positions: tuple[PositionLine, ...], ratio: str) -> Decimal:
    return sum((p.market_value for p in positions), Decimal(0)) / Decimal(ratio)


def sample_statement(positions: int = 12, contracts: int = 5, seed: int = 1) -> StatementData:
    end = date(2026, 10, 31)
    pos = sample_positions(positions, seed)
    con = sample_contracts(contracts, end, seed, _debt_for(pos, "1.75"))
    fig = sample_figures(pos, con, end)
    return StatementData(
        doc_no=f"DZD-202610-{seed:06d}",
        generated_at=datetime(2026, 11, 2, 9, 30),
        branch=BRANCH,
        client=sample_client(seed),
        period_start=date(2026, 10, 1),
        period_end=end,
        figures=fig,
        positions=pos,
        contracts=con,
        ratio_history=sample_history(date(2026, 10, 1), end, fig.maintenance_ratio, seed),
    )


def sample_disclosure(seed: int = 1) -> DisclosureData:
    return DisclosureData(
        doc_no=f"FXJS-2026-{seed:06d}",
        generated_at=datetime(2026, 11, 21, 10, 0),
        branch=BRANCH,
        client=sample_client(seed),
        letter_date=date(2026, 11, 21),
    )


def sample_margin_call(seed: int = 1) -> MarginCallData:
    as_of = date(2026, 11, 20)
    pos = sample_positions(6, seed)
    con = sample_contracts(4, as_of, seed, _debt_for(pos, "1.24"))
    fig = sample_figures(pos, con, as_of, cash=Decimal("1200.00"))
    return MarginCallData(
        doc_no=f"ZB-20261120-{seed:04d}",
        generated_at=datetime(2026, 11, 20, 17, 5),
        branch=BRANCH,
        client=sample_client(seed),
        figures=fig,
        deadline=datetime(2026, 11, 24, 15, 0),
    )


def sample_visit_brief(seed: int = 1) -> VisitBriefData:
    as_of = date(2026, 11, 20)
    pos = sample_positions(8, seed)
    con = sample_contracts(3, as_of, seed, _debt_for(pos, "2.1"))
    fig = sample_figures(pos, con, as_of)
    return VisitBriefData(
        doc_no=f"BFJB-20261121-{seed:04d}",
        generated_at=datetime(2026, 11, 21, 8, 45),
        branch=BRANCH,
        client=sample_client(seed),
        suitability=Suitability("C4 相对积极型", date(2025, 3, 2), date(2027, 3, 2), suitable=True),
        eligibility=(
            EligibilityItem("证券交易满 6 个月", True, "首次交易 2012年3月15日"),
            EligibilityItem("近 20 个交易日日均资产不低于 ¥500,000.00", True, "¥1,835,200.55"),
            EligibilityItem("风险等级不低于 C4 且测评在有效期内", True, "有效期至 2027年3月2日"),
            EligibilityItem("非本公司股东或关联人", True),
            EligibilityItem("无其他信用账户", True),
        ),
        figures=fig,
        positions=pos,
        warnings=(
            WarningLine("concentration", "notified", date(2026, 11, 18), None, "单一证券占市值 64.20%"),
            WarningLine("contract_expiry", "open", date(2026, 11, 19), date(2026, 12, 1), "合约 HT20260000002 将到期"),
        ),
        cases=(
            CaseLine(
                "TS2026000123",
                "收费与利息",
                "investigating",
                "一般",
                datetime(2026, 11, 10, 14, 20),
                date(2026, 12, 1),
                "客户对 10 月融资利息计算有疑问，要求提供逐日明细",
            ),
        ),
        callbacks=(
            CallbackLine(
                date(2026, 9, 30),
                datetime(2026, 9, 29, 16, 5),
                "电话",
                "李经理",
                "已完成",
                5,
                "客户确认已理解风险揭示内容",
            ),
            CallbackLine(date(2026, 6, 30), datetime(2026, 6, 28, 10, 40), "面访", "李经理", "已完成", 4, ""),
        ),
        ratio_history=sample_history(date(2026, 8, 21), as_of, fig.maintenance_ratio, seed),
        visit_date=date(2026, 11, 24),
        prepared_by="李经理",
    )


def write_samples(folder: Path) -> dict[str, Path]:
    """Render one sample of each document kind into ``folder`` (template previews, documentation)."""
    from rmdesk.reports.kinds import RENDERERS

    folder.mkdir(parents=True, exist_ok=True)
    makers: dict[str, Callable[[], object]] = {
        "statement": sample_statement,
        "disclosure": sample_disclosure,
        "margin_call": sample_margin_call,
        "visit_brief": sample_visit_brief,
    }
    out: dict[str, Path] = {}
    for kind, make in makers.items():
        path = folder / f"doc_{kind}.pdf"
        RENDERERS[kind](make(), path)
        out[kind] = path
    return out


if __name__ == "__main__":  # python -m rmdesk.reports.samples OUT_DIR
    import sys

    for kind, written in write_samples(Path(sys.argv[1] if len(sys.argv) > 1 else ".")).items():
        print(kind, written)
