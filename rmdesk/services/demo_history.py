"""Synthetic daily ratio history for the demo book: a random walk per account ending at today's real figures.

Walking backwards from each account's exact total assets and liabilities of the as-of date, the ratio takes
daily steps of about ±1.5% (integer basis points, no binary float reaches a stored value) with a pull towards a
calmer level for accounts in trouble today, so their charts show the slide into the warning zone. Liabilities
grow slowly with interest and jump when a contract is opened or repaid. Rows are written as the engine writes
them (amounts to the fen, ratio to 4 decimals, level from the unrounded values and the account's lines) only
for days since the account was opened, as multi-row inserts in chunks.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import numpy.typing as npt
from sqlalchemy.orm import Session

from rmdesk.services.demo_store import bulk_cache, date_binder, fast_insert_matrix
from rmdesk.services.progress import Progress, check_cancel

PPM = 1_000_000
CHUNK_ACCOUNTS = 1_000
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


def write_history(
    session: Session,
    accounts: list[HistoryInput],
    days: list[date],
    *,
    seed: int,
    emergency_ppm: int,
    progress: Progress,
) -> tuple[int, list[RiskTrail]]:
    """Insert the history rows of ``days`` (oldest first, before the as-of date); return (rows, risk trails)."""
    rng = np.random.default_rng(seed)
    bind = date_binder(session)
    n_days = len(days)
    day_ord = np.array([d.toordinal() for d in days], dtype=np.int64)
    day_vals = np.array([bind(d) for d in days], dtype=object)
    written = 0
    trails: list[RiskTrail] = []
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
            ratio_obj = ratio4.astype(object)
            ratio_obj[~has_l] = None
            ids = np.array([a.account_id for a in chunk], dtype=np.int64)[:, None]
            n = int(valid.sum())
            matrix = np.empty((n, len(_COLUMNS)), dtype=object)
            matrix[:, 0] = np.broadcast_to(ids, valid.shape)[valid]
            matrix[:, 1] = np.broadcast_to(day_vals[None, :], valid.shape)[valid]
            matrix[:, 2] = ratio_obj[valid]
            matrix[:, 3] = (assets * 10)[valid]
            matrix[:, 4] = (liab * 10)[valid]
            matrix[:, 5] = LEVEL_NAMES[levels][valid]
            fast_insert_matrix(session, "ratio_history", _COLUMNS, matrix)
            written += n
            progress.advance(len(chunk))
            for i, a in enumerate(chunk):
                if a.troubled or levels[i].any():
                    trails.append(
                        RiskTrail(a.account_id, levels[i].copy(), ratio4[i].copy(), assets[i].copy(), liab[i].copy())
                    )
    return written, trails
