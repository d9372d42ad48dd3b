"""The vectorised figures engine (SPEC §3.1): exact integer arithmetic, every figure rounded once at the end.

Inputs are integers (li, ppm, shares). A product of li and ppm (unit: 1e-9 yuan) can pass 2**63, so it is kept
as a *wide* pair ``(a, b)`` meaning ``a·10**6 + b`` with ``0 ≤ b < 10**6`` — both parts stay well inside int64
and sums, comparisons and rounding work on the pair exactly. Per-row work is int64; per-account formulas are
written once over numpy arrays and run on int64 when every account is within ``ACCOUNT_LIMIT`` li, otherwise on
Python ints (object arrays): slower, equally exact. Divisions that need more than 64 bits (drops, repay) always
run on Python ints, for the rows where they are defined.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import numpy as np

from rmdesk.money import PPM, to_ppm
from rmdesk.services.figures_book import NULL, Book, IntArray
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
from rmdesk.services.figures_store import Row, rows_from_columns
from rmdesk.services.policy import Policy

U = PPM  # one li in li·ppm
ROW_LIMIT = 2**62  # a single row value (li) or any column's total of absolute values must stay below this
ACCOUNT_LIMIT = 10**14  # li (¥100 bn): per-account sums at or below it keep every account formula inside int64

LEVEL_NAMES = (LEVEL_NORMAL, LEVEL_WARNING, LEVEL_CLOSEOUT, LEVEL_EMERGENCY)

Arr = Any  # an int64 or object ndarray: account formulas are written once for both
Wide = tuple[Arr, Arr]


class EngineRangeError(OverflowError):
    """An input so large that no branch book can hold it (a single value beyond 2**62 li)."""


# --- exact helpers ---------------------------------------------------------------------------------------------------


def _mul(x: IntArray, y: IntArray, what: str) -> IntArray:
    """Row-wise int64 product, refused (never wrapped) when it could leave int64."""
    if len(x) and float(np.max(np.abs(x.astype(np.float64) * y))) >= ROW_LIMIT:
        raise EngineRangeError(f"{what} beyond the engine's range")
    return x * y


def _seg_sum(values: IntArray, index: IntArray, n: int, what: str) -> IntArray:
    """Per-account sums of a row column; the column's absolute total bounds every partial sum."""
    if len(values) and float(np.abs(values).sum(dtype=np.float64)) >= ROW_LIMIT:
        raise EngineRangeError(f"{what} beyond the engine's range")
    out = np.zeros(n, dtype=np.int64)
    np.add.at(out, index, values)
    return out


def _norm(a: Arr, b: Arr) -> Wide:
    carry = b // U
    return a + carry, b - carry * U


def _wmul(v: Arr, f: Any) -> Wide:
    """Exact v·f as a wide pair (v in li, f in ppm, 0 ≤ f ≤ 10**7)."""
    hi = v // U
    return _norm(hi * f, (v - hi * U) * f)


def _wli(v: Arr) -> Wide:
    return v, v * 0


def _wadd(*terms: Wide) -> Wide:
    return _norm(sum(t[0] for t in terms), sum(t[1] for t in terms))


def _wsub(x: Wide, y: Wide) -> Wide:
    return _norm(x[0] - y[0], x[1] - y[1])


def _wlt(x: Wide, y: Wide) -> Any:
    return (x[0] < y[0]) | ((x[0] == y[0]) & (x[1] < y[1]))


def _wpos(x: Wide) -> Any:
    return (x[0] > 0) | ((x[0] == 0) & (x[1] > 0))


def _wmin(x: Wide, y: Wide) -> Wide:
    take_x = _wlt(x, y)
    return np.where(take_x, x[0], y[0]), np.where(take_x, x[1], y[1])


def _wobj(x: Wide) -> Arr:
    """The wide value as Python ints."""
    return x[0].astype(object) * U + x[1].astype(object)


def _rdiv(num: Arr, den: Any) -> Arr:
    """num / den (den > 0) rounded to an integer, half away from zero; exact for int64 and Python ints."""
    q = num // den
    twice_r = 2 * (num - q * den)
    up = (twice_r > den) | ((twice_r == den) & (num >= 0))
    return q + up.astype(q.dtype)


def _wcents(x: Wide) -> Arr:
    """A wide li·ppm value in whole fen (10**7 li·ppm), rounded half away from zero."""
    q = x[0] // 10
    rem2 = 2 * ((x[0] - q * 10) * U + x[1])
    up = (rem2 > 10 * U) | ((rem2 == 10 * U) & (x[0] >= 0))
    return q + up.astype(q.dtype)


def _optional(values: Arr, defined: Any) -> list[int | None]:
    return [x if d else None for x, d in zip(values.tolist(), defined.tolist(), strict=True)]


# --- per-row stages ---------------------------------------------------------------------------------------------------


def _financed_quantity(book: Book, rows: IntArray) -> IntArray:
    """Imported outstanding quantity, or trade qty × outstanding principal / trade amount rounded down."""
    imported = book.con_outstanding_quantity[rows]
    tq, owed, traded = book.con_trade_quantity[rows], book.con_outstanding_amount[rows], book.con_trade_amount[rows]
    safe = np.abs(tq.astype(np.float64) * owed) < ROW_LIMIT
    derived = np.where(traded > 0, np.where(safe, tq, 0) * owed // np.maximum(traded, 1), 0)
    for i in np.nonzero(~safe & (traded > 0))[0].tolist():  # a product beyond int64: do that row in Python ints
        derived[i] = int(tq[i]) * int(owed[i]) // int(traded[i])
    return np.where(imported != NULL, imported, derived)


def _row_sums(book: Book, policy: Policy) -> dict[str, Any]:
    """Every per-account sum the formulas need, from the positions and the open contracts."""
    n, m = book.n_accounts, len(book.security_id)
    pa, ps, pq = book.pos_account, book.pos_security, book.pos_quantity
    close, haircut = book.close, book.haircut
    pv = _mul(pq, close[ps], "position value")
    s: dict[str, Any] = {"M": _seg_sum(pv, pa, n, "market value")}
    a, b = _wmul(pv, haircut[ps])
    s["CV"] = (_seg_sum(a, pa, n, "collateral value"), _seg_sum(b, pa, n, "collateral value"))

    # largest position value per account; ties go to the smallest code
    pvmax = np.zeros(n, dtype=np.int64)
    np.maximum.at(pvmax, pa, pv)
    code_rank = np.empty(m, dtype=np.int64)
    code_rank[sorted(range(m), key=book.security_code.__getitem__)] = np.arange(m)
    best = np.full(n, m, dtype=np.int64)
    top = (pv == pvmax[pa]) & (pv > 0)
    np.minimum.at(best, pa[top], code_rank[ps[top]])
    s["pvmax"], s["top_rank"], s["code_by_rank"] = pvmax, best, sorted(book.security_code)

    ca, cs, short = book.con_account, book.con_security, book.con_short
    fin = np.nonzero(~short & (book.con_outstanding_amount > 0))[0]
    sho = np.nonzero(short & (book.con_outstanding_quantity > 0))[0]

    # financing: principal, financed value bracket, principal by margin-ratio class
    fa, fs, owed = ca[fin], cs[fin], book.con_outstanding_amount[fin]
    fq = _financed_quantity(book, fin)
    bracket = _mul(fq, close[fs], "financed value") - owed
    a, b = _wmul(bracket, np.where(bracket >= 0, haircut[fs], U))
    s["FB"] = (_seg_sum(a, fa, n, "financing bracket"), _seg_sum(b, fa, n, "financing bracket"))
    s["FD"] = _seg_sum(owed, fa, n, "financing debt")
    reduced_from, reduced_to = policy.financing_reduced_from.toordinal(), policy.financing_reduced_to.toordinal()
    td = book.con_trade_date[fin]
    reduced = (td >= reduced_from) & (td <= reduced_to)
    s["P_red"] = _seg_sum(np.where(reduced, owed, 0), fa, n, "financing debt")
    s["P_norm"] = s["FD"] - s["P_red"]

    # short: value at close, proceeds at trade price, bracket
    sa, ss, oq = ca[sho], cs[sho], book.con_outstanding_quantity[sho]
    sv = _mul(oq, close[ss], "short value")
    sp = _mul(oq, book.con_trade_price[sho], "short proceeds")
    a, b = _wmul(sp - sv, np.where(sp >= sv, haircut[ss], U))
    s["SB"] = (_seg_sum(a, sa, n, "short bracket"), _seg_sum(b, sa, n, "short bracket"))
    s["SV"] = _seg_sum(sv, sa, n, "short value")
    s["SP"] = _seg_sum(sp, sa, n, "short proceeds")

    opened = np.concatenate([fin, sho])
    s["I"] = _seg_sum(book.con_accrued_interest[opened], ca[opened], n, "interest and fees")
    s["open_contracts"] = np.bincount(ca[opened], minlength=n)
    due = np.full(n, np.iinfo(np.int64).max, dtype=np.int64)
    np.minimum.at(due, ca[opened], book.con_due_date[opened])
    s["due"] = due

    # collateral-only quantity: position minus the financed quantity of open financing contracts in it
    fin_in_pos = np.zeros(len(pq), dtype=np.int64)
    if len(fin):
        keys, inverse = np.unique(fa * m + fs, return_inverse=True)
        fq_by_key = np.zeros(len(keys), dtype=np.int64)
        np.add.at(fq_by_key, inverse, fq)
        pos_keys = pa * m + ps
        at = np.minimum(np.searchsorted(keys, pos_keys), len(keys) - 1)
        fin_in_pos = np.where(keys[at] == pos_keys, fq_by_key[at], 0)
    collateral_only = np.maximum(pq - fin_in_pos, 0)
    a, b = _wmul(_mul(collateral_only, close[ps], "collateral value"), haircut[ps])
    s["COL"] = (_seg_sum(a, pa, n, "collateral value"), _seg_sum(b, pa, n, "collateral value"))
    return s


# --- per-account formulas ---------------------------------------------------------------------------------------------


def _effective(override: IntArray, default: Any) -> IntArray:
    return np.where(override != NULL, override, to_ppm(default))


def compute(book: Book, policy: Policy, as_of: date) -> list[Figures]:
    """Every figure of SPEC §3.1 for every account of ``book``, in the book's account order. Pure: no database."""
    return compute_with_rows(book, policy, as_of)[0]


def compute_with_rows(book: Book, policy: Policy, as_of: date) -> tuple[list[Figures], list[Row]]:
    """The figures and, for storing them, the same values as raw account_figures rows (li, ppm)."""
    book.check()
    n = book.n_accounts
    if n == 0:
        return [], []
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

    names = ("M", "FD", "SV", "SP", "I", "P_red", "P_norm", "pvmax")
    v: dict[str, Any] = {k: s[k] for k in names}
    v["C"], v["CL"] = book.cash, book.credit_limit
    for k in ("CV", "FB", "SB", "COL"):
        v[k + "a"], v[k + "b"] = s[k]
    if max(int(np.max(np.abs(x))) for x in v.values()) > ACCOUNT_LIMIT:
        v = {k: x.astype(object) for k, x in v.items()}  # beyond int64 headroom: same formulas on Python ints
    C, M, FD, SV, SP, I, CL = (v[k] for k in ("C", "M", "FD", "SV", "SP", "I", "CL"))  # noqa: E741

    TA, L = C + M, FD + SV + I
    CU = FD + SP
    liab = L > 0
    L1 = np.where(liab, L, 1)
    ratio_bp = _rdiv(TA * 10_000, L1)
    ta_w = _wli(TA)

    def below(line: Any) -> Any:
        return liab & _wlt(ta_w, _wmul(L, line))

    level = np.where(below(E), 3, np.where(below(CO), 2, np.where(below(W), 1, 0)))

    gap = _wsub(_wmul(L, T), ta_w)  # target × liabilities − assets
    short_of_target = _wpos(gap)
    topup = np.where(short_of_target, _wcents(gap), 0)
    repay = np.zeros(n, dtype=object)
    rows = np.nonzero(short_of_target & (T > U))[0]
    if len(rows):
        gap_rows = _wobj((gap[0][rows], gap[1][rows]))
        repay[rows] = _rdiv(gap_rows, (T[rows].astype(object) - U) * 10)  # li·ppm / ppm = li; / 10 = fen

    drops = []
    for line in (W, CO):
        s_num = _wsub(_wmul(FD + I, line), _wli(C))  # X·D − C
        s_den = _wsub(_wli(M), _wmul(SV, line))  # M − X·S
        defined = liab & _wpos(s_den) & _wpos(s_num) & ~_wlt(s_den, s_num)
        bp = np.zeros(n, dtype=object)
        rows = np.nonzero(defined)[0]
        if len(rows):
            num, den = _wobj((s_num[0][rows], s_num[1][rows])), _wobj((s_den[0][rows], s_den[1][rows]))
            bp[rows] = _rdiv((den - num) * 10_000, den)
        drops.append(_optional(bp, defined))

    am = _wsub(
        _wadd(_wli(C - SP - I), (v["COLa"], v["COLb"]), (v["FBa"], v["FBb"]), (v["SBa"], v["SBb"])),
        _wadd(_wmul(v["P_red"], mr_red), _wmul(v["P_norm"], mr_norm), _wmul(SV, smr)),
    )
    cap = _wmin(_wmin(_wli(C - SP), am), _wsub(ta_w, _wmul(L, WD)))
    withdrawable = np.where(liab, np.where(_wpos(cap), _wcents(cap), 0), _rdiv(np.maximum(C, 0), 10))

    pvmax = v["pvmax"]
    has_mv = M > 0
    share_bp = _rdiv(pvmax * 10_000, np.where(has_mv, M, 1))
    b1, b2 = _wmul(L, to_ppm(policy.concentration_band_1)), _wmul(L, to_ppm(policy.concentration_band_2))
    low, mid = to_ppm(policy.concentration_limit_low), to_ppm(policy.concentration_limit_mid)
    limit = np.where(_wlt(ta_w, b1), low, np.where(_wlt(ta_w, b2), mid, 0))
    banded = liab & _wlt(ta_w, b2)  # a limit applies below the upper band
    conc_breach = has_mv & banded & _wlt(_wmul(M, limit), _wli(pvmax))
    credit_breach = (CL > 0) & ~_wlt(_wli(CU), _wmul(CL, cul))

    cents = {
        "cash": _rdiv(C, 10),
        "market_value": _rdiv(M, 10),
        "collateral_value": _wcents((v["CVa"], v["CVb"])),
        "total_assets": _rdiv(TA, 10),
        "financing_debt": _rdiv(FD, 10),
        "short_value": _rdiv(SV, 10),
        "interest_fees": _rdiv(I, 10),
        "total_liabilities": _rdiv(L, 10),
        "net_assets": _rdiv(TA - L, 10),
        "topup_to_target": topup,
        "repay_to_target": repay,
        "withdrawable": withdrawable,
        "credit_limit": _rdiv(CL, 10),
        "credit_used": _rdiv(CU, 10),
        "credit_available": _rdiv(np.maximum(CL - CU, 0), 10),
        "available_margin": _wcents(am),
    }
    basis = {
        "maintenance_ratio": _optional(ratio_bp, liab),
        "drop_to_warning": drops[0],
        "drop_to_closeout": drops[1],
    }
    codes = s["code_by_rank"]
    conc_code = [codes[r] if r < len(codes) else None for r in s["top_rank"].tolist()]
    conc_bp = _optional(share_bp, has_mv)
    no_due = np.iinfo(np.int64).max
    due_dates = {d: date.fromordinal(d) for d in set(s["due"].tolist()) if d != no_due}
    earliest_due = [due_dates.get(d) for d in s["due"].tolist()]
    level_names = [LEVEL_NAMES[x] for x in level.tolist()]
    W_list, CO_list, T_list = W.tolist(), CO.tolist(), T.tolist()
    lines_cache: dict[tuple[int, int, int], Lines] = {}
    lines = []
    for key in zip(W_list, CO_list, T_list, strict=True):
        if key not in lines_cache:
            lines_cache[key] = lines_from_ppm(*key, E, WD)
        lines.append(lines_cache[key])
    flags = {
        "earliest_due": earliest_due,
        "concentration_breach": conc_breach.tolist(),
        "credit_usage_breach": credit_breach.tolist(),
        "open_contracts": s["open_contracts"].tolist(),
    }

    columns: dict[str, Any] = {
        "account_id": book.account_id.tolist(),
        "account_no": book.account_no,
        "client_id": book.client_id.tolist(),
        "client_no": book.client_no,
        "as_of": [as_of] * n,
        "level": level_names,
        "max_concentration": make_concentrations(conc_code, basis_to_decimals(conc_bp)),
        "lines": lines,
        **flags,
    }
    raw: dict[str, Any] = {
        "account_id": columns["account_id"],
        "as_of": columns["as_of"],
        "level": level_names,
        "max_concentration_code": conc_code,
        "max_concentration_share": [None if b is None else b * 100 for b in conc_bp],
        "warning_line": W_list,
        "closeout_line": CO_list,
        "target_line": T_list,
        "emergency_line": [E] * n,
        **flags,
    }
    for name, fen in cents.items():
        fen_list = fen.tolist()
        columns[name] = cents_to_decimals(fen_list)
        raw[name] = (fen * 10).tolist()
    for name, points in basis.items():
        columns[name] = basis_to_decimals(points)
        raw[name] = [None if b is None else b * 100 for b in points]
    return build_figures(columns), rows_from_columns(raw)
