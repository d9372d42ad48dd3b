"""The demo book's credit accounts, positions and contracts, built so each account hits a chosen maintenance ratio.

Each account gets a ratio band (most ≥ 200%, some 140–160%, a few per hundred in each risk level), contracts on
securities it holds (financing) or borrowed (short), and then exactly the cash that makes
``(cash + market value) / liabilities`` equal the drawn ratio — all in integer li, so the figures engine finds
the intended level. Flags add the other warning kinds: one-stock accounts (concentration), credit used ≥ 90%,
contracts due within 14 days or overdue. Everything comes from one ``random.Random``: same seed, same book.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from rmdesk.services.calendar import TradingCalendar
from rmdesk.services.demo_securities import SecurityRow

PPM = 1_000_000
TEN_THOUSAND_YUAN = 10_000_000  # in li

RISKY = ("warning", "closeout", "emergency")


@dataclass(frozen=True)
class ContractPlan:
    """One contract in storage units (li, ppm, shares)."""

    type: str
    security: int  # index into the securities list
    trade_date: date
    trade_price_li: int
    trade_quantity: int
    trade_amount_li: int
    outstanding_amount_li: int | None
    outstanding_quantity: int | None
    due_date: date
    rate_ppm: int
    accrued_li: int


@dataclass
class AccountPlan:
    """One credit account as generated; the totals are exact li."""

    index: int
    category: str
    flags: set[str]
    size_li: int
    ratio_ppm: int | None
    opened_on: date
    tier: str
    financing_rate_ppm: int = 0
    short_rate_ppm: int = 0
    cash_li: int = 0
    credit_limit_li: int = 0
    lines: tuple[int, int, int] | None = None
    last_forced_liquidation: date | None = None
    positions: list[tuple[int, int]] = field(default_factory=list)
    contracts: list[ContractPlan] = field(default_factory=list)
    total_assets_li: int = 0
    total_liabilities_li: int = 0


def ri(rng: random.Random, a: int, b: int) -> int:
    """A random integer in [a, b]: like ``randint`` but several times faster (hundreds of thousands of calls)."""
    return a + int(rng.random() * (b - a + 1))


def add_months(d: date, months: int) -> date:
    """Same day ``months`` later, clamped to the month's end (a contract's 6-month term)."""
    y, m = divmod(d.month - 1 + months, 12)
    year, month = d.year + y, m + 1
    for day in (d.day, 30, 29, 28):
        try:
            return date(year, month, min(d.day, day))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def interest_start(as_of: date, trade_date: date) -> date:
    """Interest is settled quarterly on the 20th of Mar/Jun/Sep/Dec; it accrues from the later of that and the trade."""
    year, month = as_of.year, as_of.month
    while True:
        if month in (3, 6, 9, 12) and date(year, month, 20) <= as_of:
            break
        month -= 1
        if month == 0:
            year, month = year - 1, 12
    return max(trade_date, date(year, month, 20))


def accrued_li(base_li: int, rate_ppm: int, days: int) -> int:
    """``base × rate × days / 360`` rounded half up to the fen (10 li), in exact integers."""
    num = base_li * rate_ppm * days
    den = 360 * PPM * 10
    return (2 * num + den) // (2 * den) * 10


class _Picker:
    """Popularity-weighted choice of distinct securities (large caps are held by many accounts)."""

    def __init__(self, rng: random.Random, candidates: list[int]) -> None:
        self.rng = rng
        self.items = candidates[:]
        rng.shuffle(self.items)
        self.item_set = frozenset(self.items)
        self.cum: list[float] = []
        acc = 0.0
        for rank in range(len(self.items)):
            acc += 1.0 / (rank + 8)
            self.cum.append(acc)

    def pick(self, k: int, exclude: set[int]) -> list[int]:
        k = min(k, len(self.items) - len(exclude & self.item_set))
        out: list[int] = []
        seen = set(exclude)
        while len(out) < k:
            for i in self.rng.choices(self.items, cum_weights=self.cum, k=k - len(out)):
                if i not in seen:
                    seen.add(i)
                    out.append(i)
        return out


class BookBuilder:
    """Builds every account's positions and contracts against one securities list, calendar and as-of date."""

    def __init__(self, rng: random.Random, securities: list[SecurityRow], cal: TradingCalendar, as_of: date) -> None:
        self.rng = rng
        self.secs = securities
        self.cal = cal
        self.as_of = as_of
        everything = list(range(len(securities)))
        self.any = _Picker(rng, everything)
        self.marginable = _Picker(rng, [i for i in everything if securities[i].marginable])
        self.shortable = _Picker(rng, [i for i in everything if securities[i].shortable])
        self.cheap = sorted(everything, key=lambda i: securities[i].close_li * securities[i].lot)[:40]
        self._before: dict[int, date] = {}
        self._after: dict[int, date] = {}
        first, last = as_of - timedelta(days=800), as_of + timedelta(days=31)
        day, prev = first, cal.trading_day_on_or_before(first)
        while day <= last:
            if cal.is_trading_day(day):
                prev = day
            self._before[day.toordinal()] = prev
            day += timedelta(days=1)
        nxt = cal.trading_day_on_or_after(last)
        while day > first:
            day -= timedelta(days=1)
            if cal.is_trading_day(day):
                nxt = day
            self._after[day.toordinal()] = nxt
        self._yesterday = cal.previous_trading_day(as_of)

    # -- dates ---------------------------------------------------------------------------------------------
    def _trading_day(self, d: date) -> date:
        """The trading day on or before ``d`` (a table for the last ~2 years, the calendar before that)."""
        hit = self._before.get(d.toordinal())
        return hit if hit is not None else self.cal.trading_day_on_or_before(d)

    def _trading_on_or_after(self, d: date) -> date:
        hit = self._after.get(d.toordinal())
        return hit if hit is not None else self.cal.trading_day_on_or_after(d)

    def _trade_dates(self, plan: AccountPlan, forced: str | None) -> tuple[date, date]:
        """(trade date, due date) of one contract; ``forced`` = "overdue" / "due_soon" / None."""
        rng, as_of = self.rng, self.as_of
        earliest = plan.opened_on
        if forced == "overdue":
            trade = self._trading_day(add_months(as_of, -6) - timedelta(days=ri(rng, 3, 25)))
            return trade, add_months(trade, 6)
        if forced == "due_soon":
            trade = self._trading_day(add_months(as_of + timedelta(days=ri(rng, 1, 13)), -6))
            return trade, add_months(trade, 6)
        if (as_of - earliest).days > 200 and rng.random() < 0.05:  # rolled over: original date, 12-month term
            trade = max(
                self._trading_day(as_of - timedelta(days=ri(rng, 190, 330))), self._trading_on_or_after(earliest)
            )
            return trade, add_months(trade, 12)
        span = min(172, max(1, (as_of - earliest).days - 1))
        age = 1 + int(span * rng.random() ** 1.6)
        trade = self._trading_day(as_of - timedelta(days=age))
        if age >= (as_of - earliest).days - 7:  # near the opening day: not before the account existed
            trade = max(trade, self._trading_on_or_after(earliest))
        trade = min(trade, self._yesterday)
        return trade, add_months(trade, 6)

    # -- prices --------------------------------------------------------------------------------------------
    def _trade_price(self, sec: SecurityRow, g_ppm: int) -> int:
        """A past trade price whose ratio to today's close is ``g_ppm`` (±5%), on the security's tick."""
        tick = 10 if sec.kind == "stock" else 1
        g = g_ppm * ri(self.rng, 950, 1050) // 1000
        raw = sec.close_li * PPM // max(g, 1)
        return max(tick, (raw + tick // 2) // tick * tick)

    def _g(self, plan: AccountPlan) -> int:
        """close ÷ trade price of the account's financed stock: risky accounts bought higher than today's close."""
        rng, r = self.rng, plan.ratio_ppm or PPM
        if plan.category in RISKY:
            return r * ri(rng, 550, 850) // 1000
        g = ri(rng, 800_000, 1_150_000 if plan.category in ("watch", "low") else 1_300_000)
        return min(g, r * 9 // 10)

    # -- one account ---------------------------------------------------------------------------------------
    def build(self, plan: AccountPlan, n_pos: int, n_con: int) -> None:
        """Fill ``plan`` with positions, contracts, cash and credit limit hitting its ratio exactly."""
        rng = self.rng
        flags = plan.flags
        n_short = n_con if "short_only" in flags else (max(1, n_con // 3) if "short" in flags else 0)
        n_fin = n_con - n_short
        fin_secs = self.marginable.pick(1 if "one_stock" in flags else min(n_fin, n_pos), set()) if n_fin else []
        own_secs = self.any.pick(n_pos - len(fin_secs), set(fin_secs))
        held: dict[int, int] = {}
        liabilities = financing = proceeds = 0
        if plan.ratio_ppm is not None:
            target_l = plan.size_li * PPM // plan.ratio_ppm
            fin_share = 0 if "short_only" in flags else (ri(rng, 500_000, 850_000) if n_short else PPM)
            fin_target = target_l * fin_share // PPM
            forced = ["overdue"] if "overdue" in flags else (["due_soon"] if "due_soon" in flags else [])
            g = self._g(plan)
            weights = [ri(rng, 1, 100) for _ in range(n_fin)]
            weight_sum = sum(weights)
            for j in range(n_fin):
                s = fin_secs[j % len(fin_secs)]
                sec = self.secs[s]
                tp = self._trade_price(sec, g)
                budget = fin_target * weights[j] // weight_sum
                lots = max(1, (budget + tp * sec.lot // 2) // (tp * sec.lot))
                qty = lots * sec.lot
                amount = qty * tp
                outstanding = amount
                if rng.random() < 0.08:  # partly repaid in cash
                    outstanding = max(10, amount * ri(rng, 30, 90) // 100 // 10 * 10)
                trade, due = self._trade_dates(plan, forced.pop() if forced else None)
                acc = accrued_li(
                    outstanding, plan.financing_rate_ppm, (self.as_of - interest_start(self.as_of, trade)).days
                )
                plan.contracts.append(
                    ContractPlan(
                        "financing", s, trade, tp, qty, amount, outstanding, None, due, plan.financing_rate_ppm, acc
                    )
                )
                # Repaid partly by selling shares (卖券还款): the account keeps the still-financed quantity.
                held[s] = held.get(s, 0) + (qty if outstanding == amount else qty * outstanding // amount)
                financing += outstanding
                liabilities += outstanding + acc
            short_target = target_l - fin_target
            short_secs = self.shortable.pick(n_short, set(held) | set(own_secs))
            for j in range(n_short):
                s = short_secs[j % len(short_secs)]
                sec = self.secs[s]
                tp = self._trade_price(sec, ri(rng, 870_000, 1_150_000))
                lots = max(1, short_target // max(1, n_short) // (sec.close_li * sec.lot))
                qty = lots * sec.lot
                out_qty = qty - sec.lot * ri(rng, 0, lots - 1) if lots > 1 and rng.random() < 0.1 else qty
                trade, due = self._trade_dates(plan, forced.pop() if forced else None)
                acc = accrued_li(
                    out_qty * tp, plan.short_rate_ppm, (self.as_of - interest_start(self.as_of, trade)).days
                )
                plan.contracts.append(
                    ContractPlan("short", s, trade, tp, qty, qty * tp, None, out_qty, due, plan.short_rate_ppm, acc)
                )
                proceeds += out_qty * tp
                liabilities += out_qty * sec.close_li + acc
            total_assets = (plan.ratio_ppm * liabilities + PPM - 1) // PPM
        else:
            total_assets = plan.size_li
        financed_value = sum(q * self.secs[s].close_li for s, q in held.items())
        room = total_assets - financed_value - proceeds  # what own collateral and spare cash may use
        if room < 0:
            raise AssertionError(f"account {plan.index}: ratio band unreachable")
        cash_ppm = ri(rng, 0, 50_000) if plan.category in RISKY else ri(rng, 10_000, 250_000)
        budget = room - room * cash_ppm // PPM
        slots = own_secs or fin_secs
        weights = [ri(rng, 1, 100) for _ in slots]
        slot_weights = sum(weights)
        for slot, w in zip(slots, weights, strict=True):
            s, sec = slot, self.secs[slot]
            lot_cost = sec.close_li * sec.lot
            lots = budget * w // slot_weights // lot_cost
            if lots == 0 and s not in held:  # too dear for this slot: one lot of it, or of a cheap fund instead
                if room < lot_cost:
                    s = next((c for c in self.cheap if c not in held and c not in slots), s)
                    sec = self.secs[s]
                    lot_cost = sec.close_li * sec.lot
                lots = 1 if room >= lot_cost else 0
            if lots:
                held[s] = held.get(s, 0) + lots * sec.lot
                room -= lots * lot_cost
        plan.positions = sorted(held.items())
        market_value = sum(q * self.secs[s].close_li for s, q in plan.positions)
        plan.cash_li = total_assets - market_value
        plan.total_assets_li = total_assets
        plan.total_liabilities_li = liabilities
        plan.credit_limit_li = self._credit_limit(plan, financing + proceeds)

    def _credit_limit(self, plan: AccountPlan, used: int) -> int:
        rng = self.rng
        if used == 0:
            return max(1, plan.size_li * ri(rng, 30, 150) // 100 // TEN_THOUSAND_YUAN) * TEN_THOUSAND_YUAN
        if "credit_full" in plan.flags:  # ≥ 90% used: round the limit down
            limit = used * 1000 // ri(rng, 900, 990) // TEN_THOUSAND_YUAN * TEN_THOUSAND_YUAN
            return limit if limit > 0 else used
        usage = ri(rng, 150, 850)
        return -(-used * 1000 // usage // TEN_THOUSAND_YUAN) * TEN_THOUSAND_YUAN
