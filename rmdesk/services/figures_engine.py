"""The vectorised figures engine (SPEC §3.1): exact integer arithmetic, every figure rounded once at the end.

Per-row work (positions, contracts) is int64 with checked products and wide li·ppm sums (figures_exact).
Per-account formulas run on int64 while every account is within ``ACCOUNT_LIMIT`` li, otherwise on Python
ints (object arrays): slower, equally exact. Levels, bands and thresholds compare unrounded wide values.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np

from rmdesk.money import to_ppm
from rmdesk.services.figures_book import NULL, Book, IntArray
from rmdesk.services.figures_exact import (
    ROW_LIMIT,
    EngineRangeError,
    U,
    as_int,
    basis_points,
    mul_rows,
    optional,
    rdiv,
    seg_sum,
    seg_sum_ppm,
    wadd,
    wcents,
    wli,
    wlt,
    wmin,
    wmul,
    wpos,
    wrows,
    wsub,
)
from rmdesk.services.figures_model import (
    LEVEL_CLOSEOUT,
    LEVEL_EMERGENCY,
    LEVEL_NORMAL,
    LEVEL_WARNING,
    Figures,
    Lines,
    basis_to_decimals,
    build_figures,
    cents_to_decimals,
    lines_from_ppm,
    make_concentrations,
)
from rmdesk.services.figures_store import STORED, StoreColumns
from rmdesk.services.policy import Policy

ACCOUNT_LIMIT = 10**14  # li (¥100 bn): per-account sums at or below it keep every account formula inside int64
LEVEL_NAMES = (LEVEL_NORMAL, LEVEL_WARNING, LEVEL_CLOSEOUT, LEVEL_EMERGENCY)
_NO_DUE = np.iinfo(np.int64).max

__all__ = ["ACCOUNT_LIMIT", "EngineRangeError", "compute", "compute_columns", "compute_with_columns"]


def _financed_quantity(book: Book, rows: IntArray) -> IntArray:
    """Imported outstanding quantity, or trade qty × outstanding principal / trade amount rounded down."""
    imported = book.con_outstanding_quantity[rows]
    tq, owed, traded = book.con_trade_quantity[rows], book.con_outstanding_amount[rows], book.con_trade_amount[rows]
    safe = np.abs(tq.astype(np.float64) * owed) < ROW_LIMIT
    derived = np.where(traded > 0, np.where(safe, tq, 0) * owed // np.maximum(traded, 1), 0)
    for i in np.nonzero(~safe & (traded > 0))[0].tolist():  # a product beyond int64: that row in Python ints
        derived[i] = int(tq[i]) * int(owed[i]) // int(traded[i])
    return np.where(imported != NULL, imported, derived)


def _row_sums(book: Book, policy: Policy) -> dict[str, Any]:
    """Every per-account sum the formulas need, from the positions and the open contracts."""
    n, m = book.n_accounts, len(book.security_id)
    pa, ps, pq = book.pos_account, book.pos_security, book.pos_quantity
    close, haircut = book.close, book.haircut
    pv = mul_rows(pq, close[ps], "position value")
    s: dict[str, Any] = {"M": seg_sum(pv, pa, n, "market value")}
    s["CV"] = seg_sum_ppm(pv, haircut[ps], pa, n, s["M"], "collateral value")

    # largest position value per account; ties go to the smallest code
    pvmax = np.zeros(n, dtype=np.int64)
    np.maximum.at(pvmax, pa, pv)
    by_code = np.argsort(np.array(book.security_code, dtype=object), kind="stable")
    code_rank = np.empty(m, dtype=np.int64)
    code_rank[by_code] = np.arange(m)
    best = np.full(n, m, dtype=np.int64)
    top = (pv == pvmax[pa]) & (pv > 0)
    np.minimum.at(best, pa[top], code_rank[ps[top]])
    s["pvmax"], s["top_rank"], s["code_by_rank"] = pvmax, best, [book.security_code[i] for i in by_code.tolist()]

    ca, cs, short = book.con_account, book.con_security, book.con_short
    fin = np.nonzero(~short & (book.con_outstanding_amount > 0))[0]
    sho = np.nonzero(short & (book.con_outstanding_quantity > 0))[0]

    # financing: principal, financed value bracket (a loss counts in full), principal by margin-ratio class
    fa, fs, owed = ca[fin], cs[fin], book.con_outstanding_amount[fin]
    fq = _financed_quantity(book, fin)
    bracket = mul_rows(fq, close[fs], "financed value") - owed
    a, b = wmul(bracket, np.where(bracket >= 0, haircut[fs], U))
    s["FB"] = (seg_sum(a, fa, n, "financing bracket"), seg_sum(b, fa, n, "financing bracket"))
    s["FD"] = seg_sum(owed, fa, n, "financing debt")
    td = book.con_trade_date[fin]
    reduced = (td >= policy.financing_reduced_from.toordinal()) & (td <= policy.financing_reduced_to.toordinal())
    s["P_red"] = seg_sum(np.where(reduced, owed, 0), fa, n, "financing debt")
    s["P_norm"] = s["FD"] - s["P_red"]

    # short: value at close, proceeds at trade price, bracket
    sa, ss, oq = ca[sho], cs[sho], book.con_outstanding_quantity[sho]
    sv = mul_rows(oq, close[ss], "short value")
    sp = mul_rows(oq, book.con_trade_price[sho], "short proceeds")
    a, b = wmul(sp - sv, np.where(sp >= sv, haircut[ss], U))
    s["SB"] = (seg_sum(a, sa, n, "short bracket"), seg_sum(b, sa, n, "short bracket"))
    s["SV"] = seg_sum(sv, sa, n, "short value")
    s["SP"] = seg_sum(sp, sa, n, "short proceeds")

    opened = np.concatenate([fin, sho])
    s["I"] = seg_sum(book.con_accrued_interest[opened], ca[opened], n, "interest and fees")
    s["open_contracts"] = np.bincount(ca[opened], minlength=n)
    due = np.full(n, _NO_DUE, dtype=np.int64)
    np.minimum.at(due, ca[opened], book.con_due_date[opened])
    s["due"] = due

    # collateral-only quantity: position minus the financed quantity of open financing contracts in it
    fin_in_pos = np.zeros(len(pq), dtype=np.int64)
    if len(fin) and len(pq):
        keys, inverse = np.unique(fa * m + fs, return_inverse=True)
        fq_by_key = np.zeros(len(keys), dtype=np.int64)
        np.add.at(fq_by_key, inverse, fq)
        pos_keys = pa * m + ps
        if bool((pos_keys[1:] > pos_keys[:-1]).all()):  # positions in key order (as stored): look the keys up there
            at = np.minimum(np.searchsorted(pos_keys, keys), len(pos_keys) - 1)
            hit = pos_keys[at] == keys
            fin_in_pos[at[hit]] = fq_by_key[hit]
        else:
            at = np.minimum(np.searchsorted(keys, pos_keys), len(keys) - 1)
            fin_in_pos = np.where(keys[at] == pos_keys, fq_by_key[at], 0)
    co_value = np.maximum(pq - fin_in_pos, 0) * close[ps]  # ≤ pv, which fitted
    s["COL"] = seg_sum_ppm(co_value, haircut[ps], pa, n, s["M"], "collateral value")
    return s


def _effective(override: IntArray, default: Any) -> IntArray:
    return np.where(override != NULL, override, to_ppm(default))


def _lines(book: Book, policy: Policy, W: IntArray, CO: IntArray, T: IntArray) -> list[Lines]:
    """One shared Lines for the accounts on branch lines, one per distinct override otherwise."""
    E, WD = to_ppm(policy.emergency_line), to_ppm(policy.withdrawal_line)
    branch = (to_ppm(policy.warning_line), to_ppm(policy.closeout_line), to_ppm(policy.target_line))
    cache = {branch: lines_from_ppm(*branch, E, WD)}
    out = [cache[branch]] * book.n_accounts
    overridden = (book.warning_line != NULL) | (book.closeout_line != NULL) | (book.target_line != NULL)
    for i in np.nonzero(overridden)[0].tolist():
        key = (int(W[i]), int(CO[i]), int(T[i]))
        if key not in cache:
            cache[key] = lines_from_ppm(*key, E, WD)
        out[i] = cache[key]
    return out


def compute(book: Book, policy: Policy, as_of: date) -> list[Figures]:
    """Every figure of SPEC §3.1 for every account of ``book``, in the book's account order. Pure: no database."""
    return _figures(book, policy, _compute(book, policy, as_of))


def compute_columns(book: Book, policy: Policy, as_of: date) -> StoreColumns:
    """The same figures as raw account_figures columns (li, ppm, dates, flags), without building any Figures.

    Equal to ``figures_to_columns(compute(book, policy, as_of))``: what the store and the risk scan work on.
    """
    return _raw_columns(book, _compute(book, policy, as_of))


def compute_with_columns(book: Book, policy: Policy, as_of: date) -> tuple[list[Figures], StoreColumns]:
    """The figures and, for storing them, the same values as raw account_figures columns (li, ppm)."""
    parts = _compute(book, policy, as_of)
    return _figures(book, policy, parts), _raw_columns(book, parts)


@dataclass(frozen=True, eq=False)
class _Parts:
    """One computation in the units both outputs are made from: whole fen and whole 0.0001s, per account."""

    as_of: date
    level: list[str]
    cents: dict[str, Any]  # int64 or object arrays of whole fen
    basis: dict[str, tuple[Any, Any]]  # whole 0.0001s (array) and where each is defined (bool array)
    conc_code: list[str | None]
    conc_bp: tuple[Any, Any]
    lines: tuple[IntArray, IntArray, IntArray, int]  # effective warning, close-out, target lines; emergency (ppm)
    flags: dict[str, list[Any]]


def _compute(book: Book, policy: Policy, as_of: date) -> _Parts | None:
    book.check()
    n = book.n_accounts
    if n == 0:
        return None
    s = _row_sums(book, policy)
    W = _effective(book.warning_line, policy.warning_line)
    CO = _effective(book.closeout_line, policy.closeout_line)
    T = _effective(book.target_line, policy.target_line)
    E, WD = to_ppm(policy.emergency_line), to_ppm(policy.withdrawal_line)
    mr_red, mr_norm = to_ppm(policy.financing_margin_ratio_reduced), to_ppm(policy.financing_margin_ratio)
    smr, cul = to_ppm(policy.short_margin_ratio), to_ppm(policy.credit_usage_limit)
    for ppm in (E, WD, mr_red, mr_norm, smr, cul):
        if not 0 <= ppm <= 10 * U:
            raise ValueError("a policy line or ratio is outside 0–10")

    v: dict[str, Any] = {k: s[k] for k in ("M", "FD", "SV", "SP", "I", "P_red", "P_norm", "pvmax")}
    v["C"], v["CL"] = book.cash, book.credit_limit
    for k in ("CV", "FB", "SB", "COL"):
        v[k + "a"], v[k + "b"] = s[k]
    if max(int(np.max(np.abs(x))) for x in v.values()) > ACCOUNT_LIMIT:
        v = {k: x.astype(object) for k, x in v.items()}  # beyond int64 headroom: the same formulas on Python ints
    C, M, FD, SV, SP, I, CL = (v[k] for k in ("C", "M", "FD", "SV", "SP", "I", "CL"))  # noqa: E741

    TA, L, CU = C + M, FD + SV + I, FD + SP
    liab = L > 0
    ratio_bp = rdiv(TA * 10_000, np.where(liab, L, 1))
    ta_w = wli(TA)

    def below(line: Any) -> Any:
        return liab & wlt(ta_w, wmul(L, line))

    level = np.where(below(E), 3, np.where(below(CO), 2, np.where(below(W), 1, 0)))

    gap = wsub(wmul(L, T), ta_w)  # target × liabilities − assets
    short_of_target = wpos(gap)
    topup = np.where(short_of_target, wcents(gap), 0)
    repay: Any = np.zeros(n, dtype=np.int64)
    rows = np.nonzero(short_of_target & (T > U))[0]
    if len(rows):  # (T·L − TA) / (T − 1): li·ppm / ppm = li, / 10 = fen
        part = rdiv(as_int(wrows(gap, rows)), (T[rows] - U) * 10)
        repay = repay.astype(part.dtype)
        repay[rows] = part

    drops = []
    for line in (W, CO):
        s_num = wsub(wmul(FD + I, line), wli(C))  # X·D − C
        s_den = wsub(wli(M), wmul(SV, line))  # M − X·S
        defined = liab & wpos(s_den) & wpos(s_num) & ~wlt(s_den, s_num)  # 0 < s ≤ 1 and M > X·S
        drop: Any = np.zeros(n, dtype=np.int64)
        rows = np.nonzero(defined)[0]
        if len(rows):
            den = wrows(s_den, rows)
            part = basis_points(wsub(den, wrows(s_num, rows)), den)  # 1 − s
            drop = drop.astype(part.dtype)
            drop[rows] = part
        drops.append((drop, defined))

    am = wsub(
        wadd(wli(C - SP - I), (v["COLa"], v["COLb"]), (v["FBa"], v["FBb"]), (v["SBa"], v["SBb"])),
        wadd(wmul(v["P_red"], mr_red), wmul(v["P_norm"], mr_norm), wmul(SV, smr)),
    )
    cap = wmin(wmin(wli(C - SP), am), wsub(ta_w, wmul(L, WD)))
    withdrawable = np.where(liab, np.where(wpos(cap), wcents(cap), 0), rdiv(np.maximum(C, 0), 10))

    pvmax, has_mv = v["pvmax"], M > 0
    share_bp = rdiv(pvmax * 10_000, np.where(has_mv, M, 1))
    b1, b2 = wmul(L, to_ppm(policy.concentration_band_1)), wmul(L, to_ppm(policy.concentration_band_2))
    low, mid = to_ppm(policy.concentration_limit_low), to_ppm(policy.concentration_limit_mid)
    limit = np.where(wlt(ta_w, b1), low, np.where(wlt(ta_w, b2), mid, 0))
    banded = liab & wlt(ta_w, b2)  # a limit applies below the upper band
    conc_breach = has_mv & banded & wlt(wmul(M, limit), wli(pvmax))
    credit_breach = (CL > 0) & ~wlt(wli(CU), wmul(CL, cul))

    cents: dict[str, Any] = {
        "cash": rdiv(C, 10),
        "market_value": rdiv(M, 10),
        "collateral_value": wcents((v["CVa"], v["CVb"])),
        "total_assets": rdiv(TA, 10),
        "financing_debt": rdiv(FD, 10),
        "short_value": rdiv(SV, 10),
        "interest_fees": rdiv(I, 10),
        "total_liabilities": rdiv(L, 10),
        "net_assets": rdiv(TA - L, 10),
        "topup_to_target": topup,
        "repay_to_target": repay,
        "withdrawable": withdrawable,
        "credit_limit": rdiv(CL, 10),
        "credit_used": rdiv(CU, 10),
        "credit_available": rdiv(np.maximum(CL - CU, 0), 10),
        "available_margin": wcents(am),
    }
    basis = {"maintenance_ratio": (ratio_bp, liab), "drop_to_warning": drops[0], "drop_to_closeout": drops[1]}
    codes = s["code_by_rank"]
    due_list = s["due"].tolist()
    due_dates = {d: date.fromordinal(d) for d in set(due_list) if d != _NO_DUE}
    return _Parts(
        as_of=as_of,
        level=[LEVEL_NAMES[x] for x in level.tolist()],
        cents=cents,
        basis=basis,
        conc_code=list(map([*codes, None].__getitem__, s["top_rank"].tolist())),  # rank m: no position
        conc_bp=(share_bp, has_mv),
        lines=(W, CO, T, E),
        flags={
            "earliest_due": list(map(due_dates.get, due_list)),
            "concentration_breach": conc_breach.tolist(),
            "credit_usage_breach": credit_breach.tolist(),
            "open_contracts": s["open_contracts"].tolist(),
        },
    )


def _figures(book: Book, policy: Policy, parts: _Parts | None) -> list[Figures]:
    if parts is None:
        return []
    W, CO, T, _ = parts.lines
    columns: dict[str, Any] = {
        "account_id": book.account_id.tolist(),
        "account_no": book.account_no,
        "client_id": book.client_id.tolist(),
        "client_no": book.client_no,
        "as_of": [parts.as_of] * book.n_accounts,
        "level": parts.level,
        "max_concentration": make_concentrations(parts.conc_code, basis_to_decimals(optional(*parts.conc_bp))),
        "lines": _lines(book, policy, W, CO, T),
        **parts.flags,
    }
    for name, fen in parts.cents.items():
        columns[name] = cents_to_decimals(fen.tolist())
    for name, (points, defined) in parts.basis.items():
        columns[name] = basis_to_decimals(optional(points, defined))
    return build_figures(columns)


def _raw_columns(book: Book, parts: _Parts | None) -> StoreColumns:
    if parts is None:
        return {name: [] for name in STORED}
    n = book.n_accounts
    W, CO, T, E = parts.lines
    raw: StoreColumns = {
        "account_id": book.account_id.tolist(),
        "as_of": [parts.as_of] * n,
        "level": parts.level,
        "max_concentration_code": parts.conc_code,
        "max_concentration_share": optional(*parts.conc_bp, scale=100),
        "warning_line": W.tolist(),
        "closeout_line": CO.tolist(),
        "target_line": T.tolist(),
        "emergency_line": [E] * n,
        **parts.flags,
    }
    for name, fen in parts.cents.items():
        raw[name] = (fen * 10).tolist()
    for name, (points, defined) in parts.basis.items():
        raw[name] = optional(points, defined, scale=100)
    return raw
