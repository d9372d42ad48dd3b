"""Synthetic daily ratio history for the demo book: a random walk per account ending at today's real figures.

Walking backwards from each account's exact total assets and liabilities of the as-of date, the ratio takes
daily steps of about ±1.5% (integer basis points, no binary float reaches a stored value) with a pull towards a
calmer level for accounts in trouble today, so their charts show the slide into the warning zone. Liabilities
grow slowly with interest and jump when a contract is opened or repaid. Rows are written as the engine writes
them (amounts to the fen, ratio to 4 decimals, level from the unrounded values and the account's lines) only
for days since the account was opened, as multi-row inserts, day by day for a group of accounts at a time
(ratio_history is keyed (as_of, account_id): day-major rows go to the end of its index).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
import numpy.typing as npt
from sqlalchemy.orm import Session

from rmdesk.services.demo_store import bulk_cache, date_binder, fast_insert_matrix
from rmdesk.services.progress import Progress, check_cancel

PPM = 1_000_000
CHUNK_ACCOUNTS = 1_000
GROUP_ACCOUNTS = 20_000  # accounts whose history is held in memory and written day-major at once (≈ 170 MB)
LEVEL_NAMES = np.array(["normal", "warning", "closeout", "emergency"], dtype=object)
_COLUMNS = ("account_id", "as_of", "maintenance_ratio", "total_assets", "total_liabilities", "level")

IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True)
class HistoryInput:
    """One account's state today (exact li) and what shapes its past."""

    account_id: int
    opened_on: date
    assets_li: int
    liabilities_li: int
    warning_ppm: int
    closeout_ppm: int
    troubled: bool  # below the warning line or close to it today: its ratio was higher some weeks ago


@dataclass(frozen=True)
class RiskTrail:
    """The history of an account that was below a line on some day: for the past warnings (see demo_work)."""

    account_id: int
    levels: npt.NDArray[np.int8]  # 0 normal … 3 emergency per history day, oldest first; 0 before opening
    ratio_ppm: IntArray  # rounded to 4 decimals, as stored
    assets_fen: IntArray
    liabilities_fen: IntArray


def _walk(rng: np.random.Generator, chunk: list[HistoryInput], n_days: int) -> tuple[IntArray, IntArray]:
    """(total assets, total liabilities) in fen on each of ``n_days`` days before today, oldest first."""
    k = len(chunk)
    liab = np.array([(a.liabilities_li + 5) // 10 for a in chunk], dtype=np.int64)
    assets = np.array([(a.assets_li + 5) // 10 for a in chunk], dtype=np.int64)
    has_l = liab > 0
    ratio = np.where(has_l, assets * PPM // np.maximum(liab, 1), 0)
    calm = rng.integers(1_600_000, 2_400_000, k)
    anchor = np.where([a.troubled for a in chunk], np.maximum(calm, ratio), ratio)
    out_a = np.empty((k, n_days), dtype=np.int64)
    out_l = np.empty((k, n_days), dtype=np.int64)
    for t in range(n_days - 1, -1, -1):
        z = rng.integers(-180, 181, k) + rng.integers(-180, 181, k)  # basis points, triangular
        jump = rng.integers(0, 100, k) < 2
        ratio = np.maximum(ratio + (anchor - ratio) * 3 // 100 - ratio * z // 10_000, 600_000)
        liab = np.where(jump, liab * rng.integers(70, 131, k) // 100, liab - liab * 23 // 100_000)
        liab = np.where(has_l, np.maximum(liab, 1_000), 0)
        assets = np.where(has_l, liab * ratio // PPM, assets - assets * z // 10_000)
        out_a[:, t], out_l[:, t] = assets, liab
    return out_a, out_l


@dataclass(frozen=True)
class _Walked:
    """One chunk of accounts' generated history, kept until its group is written day by day."""

    ids: IntArray
    valid: npt.NDArray[np.bool_]  # day on or after the account was opened
    ratio4: IntArray
    has_l: npt.NDArray[np.bool_]  # has liabilities (a ratio)
    assets: IntArray  # fen
    liab: IntArray  # fen
    levels: npt.NDArray[np.int8]


def _write_day_major(session: Session, walked: list[_Walked], day_vals: npt.NDArray[Any], progress: Progress) -> int:
    """Insert a group's history one day at a time, accounts ascending within the day.

    ratio_history is keyed UNIQUE (as_of, account_id): rows in that order go to the end of the index and the
    table (written front to back) instead of one random leaf page per row. Progress advances with the days.
    """
    ids = np.concatenate([w.ids for w in walked])
    valid = np.concatenate([w.valid for w in walked])
    ratio4 = np.concatenate([w.ratio4 for w in walked])
    has_l = np.concatenate([w.has_l for w in walked])
    assets = np.concatenate([w.assets for w in walked])
    liab = np.concatenate([w.liab for w in walked])
    levels = np.concatenate([w.levels for w in walked])
    order = np.argsort(ids, kind="stable")
    n_days, written, advanced = len(day_vals), 0, 0
    for t in range(n_days):
        check_cancel(progress)
        rows = order[valid[order, t]]
        matrix = np.empty((len(rows), len(_COLUMNS)), dtype=object)
        matrix[:, 0] = ids[rows]
        matrix[:, 1] = day_vals[t]
        ratio = ratio4[rows, t].astype(object)
        ratio[~has_l[rows, t]] = None
        matrix[:, 2] = ratio
        matrix[:, 3] = assets[rows, t] * 10
        matrix[:, 4] = liab[rows, t] * 10
        matrix[:, 5] = LEVEL_NAMES[levels[rows, t]]
        fast_insert_matrix(session, "ratio_history", _COLUMNS, matrix)
        written += len(rows)
        step = len(ids) * (t + 1) // n_days - advanced
        progress.advance(step)
        advanced += step
    return written


def write_history(
    session: Session,
    accounts: list[HistoryInput],
    days: list[date],
    *,
    seed: int,
    emergency_ppm: int,
    progress: Progress,
) -> tuple[int, list[RiskTrail]]:
    """Insert the history rows of ``days`` (oldest first, before the as-of date); return (rows, risk trails).

    The walks are generated chunk by chunk (the same random draws in the same order as ever) and written a
    group of ``GROUP_ACCOUNTS`` accounts at a time, day-major (see _write_day_major).
    """
    rng = np.random.default_rng(seed)
    bind = date_binder(session)
    n_days = len(days)
    day_ord = np.array([d.toordinal() for d in days], dtype=np.int64)
    day_vals = np.array([bind(d) for d in days], dtype=object)
    written = 0
    trails: list[RiskTrail] = []
    pending: list[_Walked] = []
    with bulk_cache(session):
        for start in range(0, len(accounts), CHUNK_ACCOUNTS):
            check_cancel(progress)
            chunk = accounts[start : start + CHUNK_ACCOUNTS]
            assets, liab = _walk(rng, chunk, n_days)
            has_l = liab > 0
            safe_l = np.maximum(liab, 1)
            ratio4 = (assets * 20_000 + safe_l) // (2 * safe_l) * 100  # half up to 4 decimals, in ppm
            warn = np.array([a.warning_ppm for a in chunk], dtype=np.int64)[:, None]
            close = np.array([a.closeout_ppm for a in chunk], dtype=np.int64)[:, None]
            scaled = assets * PPM
            levels = (
                (scaled < warn * liab).astype(np.int8)
                + (scaled < close * liab).astype(np.int8)
                + (scaled < emergency_ppm * liab).astype(np.int8)
            ) * has_l
            valid = day_ord[None, :] >= np.array([a.opened_on.toordinal() for a in chunk], dtype=np.int64)[:, None]
            levels = np.where(valid, levels, 0).astype(np.int8)
            ids = np.array([a.account_id for a in chunk], dtype=np.int64)
            pending.append(_Walked(ids, valid, ratio4, has_l, assets, liab, levels))
            for i, a in enumerate(chunk):
                if a.troubled or levels[i].any():
                    trails.append(
                        RiskTrail(a.account_id, levels[i].copy(), ratio4[i].copy(), assets[i].copy(), liab[i].copy())
                    )
            if sum(len(w.ids) for w in pending) >= GROUP_ACCOUNTS:
                written += _write_day_major(session, pending, day_vals, progress)
                pending = []
        if pending:
            written += _write_day_major(session, pending, day_vals, progress)
    return written, trails
