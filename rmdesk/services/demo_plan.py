"""What each demo account is meant to show: its ratio band, its flags (warning kinds), its size and dates.

The plan is made before any position is drawn, so the book is guaranteed to contain every level and every
warning kind of SPEC §3.2 whatever the number of clients (each category and flag has a minimum count), and the
position and contract counts add up exactly to the SPEC §9 proportions (20 positions and 4 open contracts per
client on average).
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from datetime import date, timedelta

from rmdesk.services.demo_book import PPM, AccountPlan

# category → (share of accounts, minimum count, ratio band in ppm or None for "no liabilities")
CATEGORIES: dict[str, tuple[float, int, tuple[int, int] | None]] = {
    "none": (0.12, 2, None),
    "high": (0.48, 0, (2_400_000, 9_000_000)),
    "mid": (0.18, 2, (1_800_000, 2_399_000)),
    "low": (0.08, 2, (1_600_000, 1_799_000)),
    "watch": (0.08, 2, (1_405_000, 1_595_000)),
    "warning": (0.03, 3, (1_305_000, 1_395_000)),
    "closeout": (0.02, 3, (1_205_000, 1_295_000)),
    "emergency": (0.01, 2, (850_000, 1_195_000)),
}
OVERRIDE_LINES = (1_500_000, 1_350_000, 1_600_000)  # warning, close-out, target: only on accounts ≥ 240%
POSITIONS_PER_CLIENT = 20
CONTRACTS_PER_CLIENT = 4
MARGIN_TRADING_LAUNCH = date(2010, 3, 31)
LONG_STANDING_DAYS = 250  # accounts older than this may hold overdue and rolled-over contracts

# Rates by tier (ppm): the usual 8.35% / 10.35%, lower for bigger clients.
_FINANCING_RATES = {
    "普通": (83_500, 83_500, 83_500, 80_000),
    "高净值": (80_000, 78_000, 75_000),
    "VIP": (70_000, 65_000, 60_000),
}
_SHORT_RATES = {"普通": (103_500,), "高净值": (103_500, 93_500), "VIP": (93_500, 83_500)}


def assign_categories(rng: random.Random, n: int) -> list[str]:
    """Category per account: the shares of CATEGORIES with their minimum counts, "high" taking the rest; shuffled."""
    counts = {k: max(minimum, round(n * share)) for k, (share, minimum, _band) in CATEGORIES.items() if k != "high"}
    counts["high"] = n - sum(counts.values())
    if counts["high"] < 1:
        raise ValueError("too few clients for every category")
    out = [k for k in CATEGORIES for _ in range(counts[k])]
    rng.shuffle(out)
    return out


def draw_ratio(rng: random.Random, category: str) -> int | None:
    band = CATEGORIES[category][2]
    if band is None:
        return None
    lo, hi = band
    if category == "high":  # long tail: most between 240% and 500%
        return min(hi, lo + int(rng.expovariate(1 / 1.4) * PPM))
    return rng.randint(lo, hi)


def allocate(total: int, weights: list[int], lo: list[int], hi: list[int]) -> list[int]:
    """Integer counts summing exactly to ``total``, each within [lo, hi], roughly proportional to ``weights``."""
    counts = list(lo)
    remaining = total - sum(lo)
    if remaining < 0 or remaining > sum(h - low for h, low in zip(hi, lo, strict=True)):
        raise ValueError("cannot allocate within the bounds")
    while remaining > 0:
        active = [i for i in range(len(counts)) if counts[i] < hi[i]]
        w = [weights[i] for i in active]
        if sum(w) == 0:
            w = [1] * len(active)
        wsum = sum(w)
        given = 0
        rests: list[tuple[int, int]] = []
        for i, wi in zip(active, w, strict=True):
            share, rest = divmod(remaining * wi, wsum)
            take = min(share, hi[i] - counts[i])
            counts[i] += take
            given += take
            rests.append((-rest, i))
        remaining -= given
        for _rest, i in sorted(rests):
            if remaining == 0:
                break
            if counts[i] < hi[i]:
                counts[i] += 1
                remaining -= 1
    return counts


def _pick(
    rng: random.Random,
    plans: list[AccountPlan],
    flag: str,
    share: float,
    minimum: int,
    ok: Callable[[AccountPlan], bool],
) -> None:
    """Give ``flag`` to max(minimum, share·n) accounts among those for which ``ok(plan)`` holds."""
    eligible = [p for p in plans if ok(p)]
    count = min(len(eligible), max(minimum, round(len(plans) * share)))
    for p in rng.sample(eligible, count):
        p.flags.add(flag)


def _tier(rng: random.Random, size_li: int) -> str:
    yuan = size_li // 1000
    if yuan >= 10_000_000:
        return "VIP" if rng.random() < 0.9 else "高净值"
    if yuan >= 3_000_000:
        return "高净值" if rng.random() < 0.9 else "普通"
    return "高净值" if yuan >= 1_500_000 and rng.random() < 0.05 else "普通"


def plan_accounts(rng: random.Random, n: int, as_of: date) -> list[AccountPlan]:
    """Every account's category, ratio, size, opening date, tier, rates and flags."""
    plans: list[AccountPlan] = []
    history_days = (as_of - MARGIN_TRADING_LAUNCH).days
    for i, category in enumerate(assign_categories(rng, n)):
        size_yuan = int(min(60_000_000.0, max(200_000.0, rng.lognormvariate(math.log(1_500_000), 0.9))))
        roll = rng.random()
        if roll < 0.02:
            age, flags = rng.randint(3, 30), {"new"}
        elif roll < 0.10:
            age, flags = rng.randint(31, LONG_STANDING_DAYS), set()
        else:
            age, flags = min(history_days, LONG_STANDING_DAYS + 1 + int(rng.expovariate(1 / 900))), set()
        size_li = size_yuan * 1000
        tier = _tier(rng, size_li)
        plan = AccountPlan(i, category, flags, size_li, draw_ratio(rng, category), as_of - timedelta(days=age), tier)
        plan.financing_rate_ppm = rng.choice(_FINANCING_RATES[tier])
        plan.short_rate_ppm = rng.choice(_SHORT_RATES[tier])
        plans.append(plan)
    # New accounts must not be risky in a way their short life cannot explain: keep them in the calm bands.
    for p in plans:
        if "new" in p.flags and p.category not in ("high", "none"):
            p.flags.discard("new")
            p.opened_on = min(p.opened_on, as_of - timedelta(days=LONG_STANDING_DAYS + 30))
    new = [p for p in plans if "new" in p.flags]
    calm = [p for p in plans if p.category in ("high", "none") and "new" not in p.flags]
    for p in rng.sample(calm, max(0, 2 - len(new))):
        p.flags.add("new")
        p.opened_on = as_of - timedelta(days=rng.randint(3, 30))

    def liab(p: AccountPlan) -> bool:
        return p.category != "none"

    def old(p: AccountPlan) -> bool:
        return (as_of - p.opened_on).days > LONG_STANDING_DAYS

    _pick(rng, plans, "one_stock", 0.03, 2, lambda p: p.category in ("mid", "low", "watch", "warning") and old(p))
    _pick(rng, plans, "short", 0.10, 2, lambda p: p.category in ("high", "mid", "low") and "one_stock" not in p.flags)
    _pick(rng, plans, "short_only", 0.015, 1, lambda p: "short" in p.flags)
    _pick(rng, plans, "credit_full", 0.03, 2, lambda p: liab(p) and old(p))
    _pick(rng, plans, "due_soon", 0.01, 2, lambda p: liab(p) and old(p))
    _pick(rng, plans, "overdue", 0.005, 2, lambda p: liab(p) and old(p) and "due_soon" not in p.flags)
    _pick(rng, plans, "c3", 0.015, 2, lambda p: True)
    _pick(rng, plans, "assess_soon", 0.03, 2, lambda p: "c3" not in p.flags)
    _pick(rng, plans, "assess_expired", 0.015, 2, lambda p: "c3" not in p.flags and "assess_soon" not in p.flags)
    _pick(rng, plans, "override", 0.01, 1, lambda p: p.category == "high")
    _pick(rng, plans, "forced_liquidation", 0.005, 1, lambda p: liab(p) and old(p))
    _pick(rng, plans, "frozen", 0.005, 1, lambda p: p.category in ("high", "none") and old(p))
    _pick(rng, plans, "dormant", 0.05, 1, lambda p: p.category in ("high", "none") and old(p))
    _pick(rng, plans, "professional", 0.05, 1, lambda p: True)
    for p in plans:
        if "override" in p.flags:
            p.lines = OVERRIDE_LINES
        if "forced_liquidation" in p.flags:
            p.last_forced_liquidation = as_of - timedelta(days=rng.randint(30, 700))
    return plans


def allocate_counts(rng: random.Random, plans: list[AccountPlan], n_securities: int) -> tuple[list[int], list[int]]:
    """Positions and open contracts per account, summing exactly to 20 and 4 per client."""
    n = len(plans)
    pos_w, pos_lo, pos_hi, con_w, con_lo, con_hi = [], [], [], [], [], []
    cap = min(60, n_securities // 4)
    for p in plans:
        w = math.isqrt(p.size_li // 1000) * rng.randint(50, 150)
        one = "one_stock" in p.flags
        pos_w.append(w)
        pos_lo.append(1 if one or p.category == "none" else 2)
        pos_hi.append(1 if one else cap)
        con_w.append(0 if p.category == "none" else w)
        con_lo.append(0 if p.category == "none" else (2 if "short" in p.flags and "short_only" not in p.flags else 1))
        con_hi.append(0 if p.category == "none" else (3 if one else 12))
    positions = allocate(POSITIONS_PER_CLIENT * n, pos_w, pos_lo, pos_hi)
    contracts = allocate(CONTRACTS_PER_CLIENT * n, con_w, con_lo, con_hi)
    return positions, contracts
