"""Benchmark of the daily import at the reference size (SPEC §9): 20,000 clients/accounts, 2,000 securities,
400,000 positions, 80,000 open contracts.

    .venv/bin/python bench/bench_import.py [--scale 1.0] [--reps 3] [--keep DIR]

Generates two consecutive days of core-system files (UTF-8 CSV, English headers; day 2 moves prices, cash and
some positions, repays and opens contracts), then times on a fresh SQLite file:

* day 1 into an empty book (first load: everything inserted, 20,000 clients audited as created);
* day 2 over day 1 — the daily case: validate, apply, risk refresh, commit, each timed;
* day 2 again (re-import of the same day: idempotent, nothing to write);
* the raw baseline: pandas reads day 2's files, sqlite3 executemany writes them into the same tables of a copy
  of the day-1 book (updates by key, delete + insert of positions/contracts), one commit.

Targets (issue): full-day import + risk scan ≤ 3 s on 2 cores and ≤ 2× the baseline; validate + apply ≤ 2 s.
"""

from __future__ import annotations

import argparse
import csv
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rmdesk.services.identity import id_check_char  # noqa: E402

DAY1, DAY2 = date(2026, 11, 19), date(2026, 11, 20)
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰飞红建文辉力永健世广志义兴良海山仁波宁贵福生龙元全国胜学祥才发"
)


HEADERS = {
    "securities": "code name kind close haircut marginable shortable st index_member",
    "clients": "client_no name id_type id_no phone risk_level risk_assessed_on investor_type tier rm trading_since "
    "avg_assets_20d",
    "accounts": "account_no client_no cash credit_limit financing_rate short_rate opened_on warning_line closeout_line "
    "target_line",
    "positions": "account_no code quantity",
    "contracts": "contract_no account_no type code trade_date trade_price trade_quantity trade_amount "
    "outstanding_amount "
    "outstanding_quantity due_date rate accrued_interest",
}


def _write(path: Path, rows: list[list[Any]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(HEADERS[path.stem].split())
        w.writerows(rows)


def _price(li: int) -> str:
    return f"{li // 1000}.{li % 1000:03d}"


def generate(folder: Path, scale: float, seed: int = 7) -> dict[str, int]:
    """Write day1/ and day2/ under ``folder``; returns the sizes."""
    rnd = random.Random(seed)
    n_clients, n_secs = int(20_000 * scale), max(50, int(2_000 * scale))
    per_account, contracts_per = 20, 4
    codes = [f"{600000 + i:06d}.SH" if i % 2 == 0 else f"{i:06d}.SZ" for i in range(1, n_secs + 1)]
    codes = list(dict.fromkeys(codes))
    closes = {c: rnd.randint(2_000, 300_000) for c in codes}  # li
    shortable = {c: rnd.random() < 0.6 for c in codes}
    clients = []
    for i in range(n_clients):
        area = rnd.choice(("110105", "310115", "440305", "320102", "510107"))
        born = date(1950, 1, 1) + timedelta(days=rnd.randint(0, 18_000))
        first17 = f"{area}{born:%Y%m%d}{rnd.randint(100, 999)}"
        name = rnd.choice(SURNAMES) + "".join(rnd.choice(GIVEN) for _ in range(rnd.choice((1, 2))))
        tier = rnd.choice(("普通", "高净值", "VIP"))
        phone = f"13{rnd.randint(0, 999_999_999):09d}"
        assessed = f"2025-{rnd.randint(1, 12):02d}-15"
        assets = f"{rnd.randint(500_000, 9_000_000):,}.00"
        id_no = first17 + id_check_char(first17)
        clients.append(
            [
                f"C{i:07d}",
                name,
                "身份证",
                id_no,
                phone,
                f"C{rnd.randint(3, 5)}",
                assessed,
                "普通投资者",
                tier,
                "",
                "2015-03-02",
                assets,
            ]
        )
    holdings = [rnd.sample(codes, per_account) for _ in range(n_clients)]
    quantities = [[rnd.randint(1, 100) * 100 for _ in range(per_account)] for _ in range(n_clients)]
    sizes: dict[str, int] = {}
    for day_index, name in enumerate(("day1", "day2")):
        out = folder / name
        out.mkdir(parents=True, exist_ok=True)
        if day_index == 1:  # prices move, a tenth of the positions change
            closes = {c: max(100, v + rnd.randint(-v // 20, v // 20)) for c, v in closes.items()}
            for q in quantities:
                for j in range(per_account):
                    if rnd.random() < 0.1:
                        q[j] = rnd.randint(1, 100) * 100
        securities = [
            [
                c,
                f"证券{c[:6]}",
                "stock",
                _price(closes[c]),
                "",
                "Y",
                "Y" if shortable[c] else "N",
                "N",
                "Y" if k % 10 == 0 else "N",
            ]
            for k, c in enumerate(codes)
        ]
        _write(out / "securities.csv", securities)
        _write(out / "clients.csv", clients)
        accounts, positions, contracts = [], [], []
        for i in range(n_clients):
            acc = f"8{i:09d}"
            accounts.append([acc, f"C{i:07d}", f"{rnd.randint(0, 2_000_000):,}.{rnd.randint(0, 99):02d}",
                             "5,000,000.00", "8.35%", "10.35%", "2021-03-01", "", "", ""])  # fmt: skip
            for code, qty in zip(holdings[i], quantities[i], strict=True):
                positions.append([acc, code, qty])
            for k in range(contracts_per):
                seq = i * contracts_per + k
                if day_index == 1 and seq % 50 == 0:
                    seq += 10_000_000  # day 2: one contract in fifty repaid, a new one opened
                code = holdings[i][k]
                short = k == 3 and shortable[code]
                qty = rnd.randint(1, 50) * 100
                price = closes[code]
                traded = DAY1 - timedelta(days=rnd.randint(1, 170))
                contracts.append(
                    [f"{'RQ' if short else 'RZ'}{seq:09d}", acc, "short" if short else "financing", code,
                     traded.isoformat(), _price(price), qty, "", "", "", "", "8.35%", f"{rnd.randint(0, 9999)}.{k}0"]
                )  # fmt: skip
        _write(out / "accounts.csv", accounts)
        _write(out / "positions.csv", positions)
        _write(out / "contracts.csv", contracts)
        sizes = {"securities": len(codes), "clients": n_clients, "positions": len(positions),
                 "contracts": len(contracts)}  # fmt: skip
    return sizes


def _fresh_db(path: Path) -> Any:
    from rmdesk.store import migrate
    from rmdesk.store.db import open_database

    db = open_database(f"sqlite:///{path}")
    migrate.upgrade(db)
    return db


def timed_import(db_path: Path, files: Path, as_of: date, *, refresh: bool = True) -> dict[str, float]:
    """validate / apply / refresh / commit seconds of one import (the pieces of import_day, timed apart)."""
    from rmdesk.services import risk
    from rmdesk.services.audit import SYSTEM
    from rmdesk.services.importing import validate_folder
    from rmdesk.services.importing.apply import apply
    from rmdesk.store.db import open_database

    db = open_database(f"sqlite:///{db_path}")
    out: dict[str, float] = {}
    try:
        with db.sessions() as s:
            c0 = time.process_time()
            t0 = time.perf_counter()
            report, batch = validate_folder(s, files, as_of)
            t1 = time.perf_counter()
            if batch is None:
                raise SystemExit("rejected: " + "; ".join(i.line("en") for i in report.fatal[:5]))
            applied = apply(s, batch, SYSTEM)
            counts = applied.counts
            t2 = time.perf_counter()
            if refresh:
                risk.refresh(s, as_of, applied.account_ids, SYSTEM)
            t3 = time.perf_counter()
            s.commit()
            t4 = time.perf_counter()
            c4 = time.process_time()
    finally:
        db.dispose()
    out.update(validate=t1 - t0, apply=t2 - t1, refresh=t3 - t2, commit=t4 - t3, total=t4 - t0, cpu=c4 - c0)
    out["written"] = float(sum(v for k, v in counts.items() if k.endswith(("_new", "_updated", "_removed"))))
    return out


def _scaled(text: str, places: int) -> int | None:
    if not text:
        return None
    whole, _, frac = text.replace(",", "").replace("%", "").partition(".")
    return int(whole) * 10**places + int((frac + "0" * places)[:places] or 0)


def baseline(db_path: Path, files: Path, as_of: date) -> tuple[float, float]:
    """pandas read of the same files + sqlite3 executemany into the same tables, one commit."""
    import pandas as pd

    t0 = time.perf_counter()
    c0 = time.process_time()
    f = {k: pd.read_csv(files / f"{k}.csv", dtype=str, keep_default_na=False)
         for k in ("securities", "clients", "accounts", "positions", "contracts")}  # fmt: skip
    con = sqlite3.connect(db_path, isolation_level=None)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA foreign_keys=ON")
    con.execute("PRAGMA synchronous=FULL")
    con.execute("BEGIN")
    day = as_of.isoformat()
    con.executemany(
        "UPDATE securities SET name=?, close=?, price_as_of=? WHERE code=?",
        [(r.name, _scaled(r.close, 3), day, r.code) for r in f["securities"].itertuples(index=False)],
    )
    con.executemany(
        "UPDATE clients SET name=?, phone=? WHERE client_no=?",
        [(r.name, r.phone, r.client_no) for r in f["clients"].itertuples(index=False)],
    )
    con.executemany(
        "UPDATE credit_accounts SET cash=?, state_as_of=? WHERE account_no=?",
        [(_scaled(r.cash, 3), day, r.account_no) for r in f["accounts"].itertuples(index=False)],
    )
    acct = dict(con.execute("SELECT account_no, id FROM credit_accounts"))
    secs = dict(con.execute("SELECT code, id FROM securities"))
    ids = [(acct[a],) for a in f["accounts"]["account_no"]]
    con.executemany("DELETE FROM positions WHERE account_id=?", ids)
    con.executemany("DELETE FROM contracts WHERE account_id=?", ids)
    con.executemany(
        "INSERT INTO positions (account_id, security_id, quantity) VALUES (?, ?, ?)",
        [(acct[a], secs[c], int(q)) for a, c, q in f["positions"].itertuples(index=False)],
    )
    con.executemany(
        "INSERT INTO contracts (contract_no, account_id, type, security_id, trade_date, trade_price, trade_quantity,"
        " trade_amount, outstanding_amount, outstanding_quantity, due_date, rate, accrued_interest)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (r.contract_no, acct[r.account_no], r.type, secs[r.code], r.trade_date, _scaled(r.trade_price, 3),
             int(r.trade_quantity), _scaled(r.trade_price, 3) * int(r.trade_quantity), None, None, r.trade_date,
             _scaled(r.rate, 4), _scaled(r.accrued_interest, 3))
            for r in f["contracts"].itertuples(index=False)
        ],
    )  # fmt: skip
    con.execute("COMMIT")
    con.close()
    return time.perf_counter() - t0, time.process_time() - c0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--scale", type=float, default=1.0, help="fraction of the reference book (1.0 = 20,000 clients)")
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--keep", type=Path, help="work in this folder and keep it")
    ap.add_argument("--no-refresh", action="store_true", help="time validate + apply + commit only (no risk refresh)")
    args = ap.parse_args()
    import pandas  # noqa: F401 — loaded before timing, as in the running app

    import rmdesk.services.importing
    import rmdesk.services.risk  # noqa: F401

    work = args.keep or Path(tempfile.mkdtemp(prefix="rmdesk-bench-import-"))
    work.mkdir(parents=True, exist_ok=True)
    t = time.perf_counter()
    sizes = generate(work / "files", args.scale)
    print(f"generated {sizes} in {time.perf_counter() - t:.1f} s under {work}")
    base_db = work / "day1.sqlite3"
    if base_db.exists():
        base_db.unlink()
    _fresh_db(base_db).dispose()
    refresh = not args.no_refresh
    first = timed_import(base_db, work / "files" / "day1", DAY1, refresh=refresh)
    print("day 1 into an empty book:", _fmt(first))
    daily, again, raw = [], [], []
    for _ in range(args.reps):
        copy = work / "day2.sqlite3"
        shutil.copyfile(base_db, copy)
        for suffix in ("-wal", "-shm"):
            Path(str(copy) + suffix).unlink(missing_ok=True)
        daily.append(timed_import(copy, work / "files" / "day2", DAY2, refresh=refresh))
        again.append(timed_import(copy, work / "files" / "day2", DAY2, refresh=refresh))
        shutil.copyfile(base_db, copy)
        raw.append(baseline(copy, work / "files" / "day2", DAY2))
    med = {k: statistics.median(d[k] for d in daily) for k in daily[0]}
    print("day 2 over day 1 (median):", _fmt(med))
    print("day 2 again (median):", _fmt({k: statistics.median(d[k] for d in again) for k in again[0]}))
    base = statistics.median(r[0] for r in raw)
    base_cpu = statistics.median(r[1] for r in raw)
    print(f"raw baseline (pandas + sqlite3 executemany): {base:.2f} s, cpu {base_cpu:.2f} s")
    what = "import + scan" if refresh else "import (no refresh)"
    print(
        f"{what} {med['total']:.2f} s (target ≤ 3 s), validate + apply {med['validate'] + med['apply']:.2f} s "
        f"(target ≤ 2 s), ratio to baseline {med['total'] / base:.2f}× wall, {med['cpu'] / base_cpu:.2f}× cpu "
        "(target ≤ 2×)"
    )
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)


def _fmt(d: dict[str, float]) -> str:
    return ", ".join(f"{k} {v:.2f}" if k != "written" else f"{k} {int(v):,}" for k, v in d.items())


if __name__ == "__main__":
    main()
