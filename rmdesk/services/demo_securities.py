"""Generated securities for the demo book (SPEC §3): every kind, on SH, SZ and BJ, with plausible prices and haircuts.

Codes follow each board's numbering (600/601/603/605/688 on SH, 000–003/300/301 on SZ, 43/83/87/920 on BJ, 510/512/
515/588/159 ETFs, …); names are invented from neutral syllables and an industry word. Prices are exact integers of
li (0.01-yuan ticks for stocks, 0.001 for funds and bonds); haircuts integers of ppm following the SPEC defaults,
with the core system's exceptions (ST and P/E-excluded stocks at 0, some brokers' lower haircuts).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace

_BRAND = "华远东信鼎盛恒泰汇川嘉禾瑞丰安达天宇长青宏图中科新元金辉海纳博远永安凯利同创万联星河明德广源润和启航"
_INDUSTRY = (
    "科技",
    "电子",
    "医药",
    "股份",
    "能源",
    "银行",
    "证券",
    "地产",
    "食品",
    "汽车",
    "化工",
    "材料",
    "环保",
    "传媒",
    "电气",
    "装备",
    "光电",
    "生物",
    "重工",
    "农业",
    "物流",
    "航运",
    "通信",
    "软件",
    "半导体",
    "新能",
    "智能",
    "精工",
)
_INDEXES = ("沪深300", "中证500", "中证1000", "上证50", "创业板", "科创50", "红利", "医药", "芯片", "新能源", "券商")
_THEMES = ("成长", "价值", "消费", "稳健", "优选", "蓝筹", "创新", "均衡")

# kind → (share of the list, lot size in shares, tick in li)
KIND_SHAPE = {
    "stock": (0.84, 100, 10),
    "etf": (0.07, 100, 1),
    "fund": (0.02, 100, 1),
    "bond": (0.04, 10, 1),
    "gov_bond": (0.015, 10, 1),
    "money_fund": (0.015, 100, 1),
}
# Stock boards: (exchange, prefixes, share of stocks); ETF and other families follow.
_STOCK_BOARDS: tuple[tuple[str, tuple[str, ...], float], ...] = (
    ("SH", ("600", "601", "603", "605"), 0.34),
    ("SH", ("688",), 0.10),
    ("SZ", ("000", "001", "002", "003"), 0.28),
    ("SZ", ("300", "301"), 0.18),
    ("BJ", ("430", "830", "831", "832", "833", "835", "836", "837", "838", "839", "870", "871", "872", "920"), 0.10),
)
_FAMILY_PREFIXES = {
    "etf": (("SH", ("510", "512", "515", "588")), ("SZ", ("159",))),
    "fund": (("SH", ("501",)), ("SZ", ("160", "161", "162", "163"))),
    "bond": (("SH", ("113", "110")), ("SZ", ("123", "127", "128"))),
    "gov_bond": (("SH", ("019",)), ("SZ", ("101",))),
    "money_fund": (("SH", ("511",)), ("SZ", ("159",))),
}
HAIRCUT_PPM = {"index_stock": 700_000, "stock": 650_000, "etf": 900_000, "gov_bond": 950_000, "money_fund": 950_000}


@dataclass(frozen=True)
class SecurityRow:
    """One security in storage units: close in li, haircut in ppm, lot in shares."""

    code: str
    name: str
    kind: str
    close_li: int
    haircut_ppm: int
    marginable: bool
    shortable: bool
    st: bool
    index_member: bool
    lot: int


def _unique_code(rng: random.Random, families: tuple[tuple[str, tuple[str, ...]], ...], used: set[str]) -> str:
    while True:
        exchange, prefixes = rng.choice(families)
        code = f"{rng.choice(prefixes)}{rng.randrange(1000):03d}.{exchange}"
        if code not in used:
            used.add(code)
            return code


def _stock(rng: random.Random, used: set[str], used_names: set[str]) -> SecurityRow:
    r = rng.random()
    acc = 0.0
    board = _STOCK_BOARDS[-1]
    for b in _STOCK_BOARDS:
        acc += b[2]
        if r < acc:
            board = b
            break
    code = _unique_code(rng, ((board[0], board[1]),), used)
    while True:
        base = rng.choice(_BRAND) + rng.choice(_BRAND) + rng.choice(_INDUSTRY)
        if base not in used_names:
            used_names.add(base)
            break
    st = rng.random() < 0.025
    index_member = not st and board[0] != "BJ" and rng.random() < 0.16
    if st:
        name = ("*ST" if rng.random() < 0.5 else "ST") + base[:2] + base[-2:]
        close = rng.randint(100, 600) * 10
    else:
        name = base
        yuan = min(1800.0, max(2.0, rng.lognormvariate(2.8, 0.8)))
        close = int(yuan * 100) * 10
    if st:
        haircut = 0
    elif rng.random() < 0.04:
        haircut = 0  # P/E ≥ 300 or negative: the exchange sets 0 and the core system's column carries it
    elif index_member:
        haircut = HAIRCUT_PPM["index_stock"]
    else:
        haircut = rng.choice((650_000,) * 6 + (600_000, 550_000, 500_000))
    marginable = haircut > 0 and rng.random() < 0.85
    shortable = marginable and rng.random() < 0.6
    return SecurityRow(code, name, "stock", close, haircut, marginable, shortable, st, index_member, 100)


def _other(rng: random.Random, kind: str, used: set[str], seq: int) -> SecurityRow:
    code = _unique_code(rng, _FAMILY_PREFIXES[kind], used)
    brand = rng.choice(_BRAND) + rng.choice(_BRAND)
    lot = KIND_SHAPE[kind][1]
    if kind == "etf":
        name = f"{brand}{rng.choice(_INDEXES)}ETF"
        close, haircut = rng.randint(500, 6000), rng.choice((900_000, 900_000, 900_000, 800_000))
        marginable = rng.random() < 0.8
        shortable = marginable and rng.random() < 0.5
    elif kind == "fund":
        name = f"{brand}{rng.choice(_THEMES)}LOF"
        close, haircut, marginable, shortable = rng.randint(800, 3000), 800_000, rng.random() < 0.3, False
    elif kind == "bond":
        name = f"{brand}转债"
        close, haircut, marginable, shortable = rng.randint(95_000, 180_000), 800_000, False, False
    elif kind == "gov_bond":
        name = f"{rng.randint(20, 26)}国债{seq % 30 + 1:02d}"
        close, haircut, marginable, shortable = rng.randint(98_000, 105_000), HAIRCUT_PPM["gov_bond"], False, False
    else:
        name = f"{brand}货币ETF"
        close, haircut, marginable, shortable = rng.randint(99_990, 100_010), HAIRCUT_PPM["money_fund"], False, False
    return SecurityRow(code, name, kind, close, haircut, marginable, shortable, False, False, lot)


def make_securities(rng: random.Random, n: int) -> list[SecurityRow]:
    """``n`` securities with unique codes and names, at least two of every kind; sorted by code."""
    used: set[str] = set()
    used_names: set[str] = set()
    counts = {k: max(2, round(n * share)) for k, (share, _lot, _tick) in KIND_SHAPE.items() if k != "stock"}
    counts["stock"] = n - sum(counts.values())
    rows: list[SecurityRow] = [_stock(rng, used, used_names) for _ in range(counts["stock"])]
    for kind in ("etf", "fund", "bond", "gov_bond", "money_fund"):
        rows.extend(_other(rng, kind, used, i) for i in range(counts[kind]))
    names: dict[str, int] = {}
    out = []
    for row in rows:  # fund and bond names may repeat by chance: number the repeats
        k = names.get(row.name, 0)
        names[row.name] = k + 1
        out.append(row if k == 0 else replace(row, name=f"{row.name}{k + 1}"))
    return sorted(out, key=lambda s: s.code)
