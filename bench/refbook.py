"""The reference branch book (SPEC §9), built once with `rmdesk demo` and cached by seed and code version.

Building it IS the demo figure: ``rmdesk --db FILE init`` then ``rmdesk --db FILE demo --clients N --seed S``
in a subprocess, the demo call timed. The file is kept under ``bench/.cache/`` keyed by (clients, seed, hash of
the code under rmdesk/), with the time the demo took, so a second run of the bench on the same code reuses it
(and reports the demo time measured when the cache was built, saying so). Every figure works on a copy.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from bench.harness import CACHE, PYTHON, ROOT

DEMO_PASSWORD_ENV = "RMDESK_PASSWORD"


def code_version() -> str:
    """The git tree hash of rmdesk/, plus a hash of uncommitted changes under it when the tree is dirty."""

    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=True).stdout

    try:
        tree = git("rev-parse", "HEAD:rmdesk").strip()
        dirty = git("status", "--porcelain", "--untracked-files=all", "--", "rmdesk").splitlines()
    except (OSError, subprocess.CalledProcessError):
        tree, dirty = "nogit", [str(p) for p in sorted((ROOT / "rmdesk").rglob("*.py"))]
    if not dirty:
        return tree[:16]
    h = hashlib.sha256(tree.encode())
    for line in sorted(dirty):
        path = ROOT / line[3:].strip().split(" -> ")[-1]
        h.update(line.encode())
        if path.is_file() and "__pycache__" not in path.parts:
            h.update(path.read_bytes())
    return f"{tree[:12]}+{h.hexdigest()[:8]}"


@dataclass(frozen=True)
class Book:
    """A cached reference book: the SQLite file, its as-of date, and how long `rmdesk demo` took to make it."""

    path: Path
    clients: int
    seed: int
    version: str
    as_of: date
    demo_seconds: float
    init_seconds: float
    built_at: str
    fresh: bool  # built in this run (else: reused from the cache)
    size_mb: float
    counts: dict[str, int]
    demo_output: str

    @property
    def demo_profile(self) -> str:
        """The sampled profile of the `rmdesk demo` run that built this book."""
        path = self.path.with_suffix(".profile.txt")
        return path.read_text(encoding="utf-8") if path.exists() else ""

    def copy_to(self, dest: Path) -> Path:
        """A private copy of the book for a figure that writes (the cache stays pristine)."""
        dest.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("-wal", "-shm"):
            Path(f"{dest}{suffix}").unlink(missing_ok=True)
        shutil.copyfile(self.path, dest)
        return dest

    @property
    def url(self) -> str:
        return f"sqlite:///{self.path}"


def rmdesk_cmd(db: Path, *args: str) -> list[str]:
    return [PYTHON, "-m", "rmdesk", "--lang", "en", "--db", str(db), *args]


def child_env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env.update(extra)
    return env


def _run(cmd: list[str], env: dict[str, str]) -> tuple[float, str]:
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd[2:])} exited {proc.returncode}:\n{proc.stdout}\n{proc.stderr}")
    return seconds, proc.stdout + proc.stderr


TABLES = (
    "clients",
    "credit_accounts",
    "securities",
    "positions",
    "contracts",
    "ratio_history",
    "callbacks",
    "complaint_cases",
    "risk_warnings",
    "account_figures",
)


def _facts(path: Path) -> tuple[date, dict[str, int]]:
    con = sqlite3.connect(path)
    try:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        counts = {}
        for t in TABLES:
            try:
                counts[t] = con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            except sqlite3.OperationalError:
                counts[t] = -1
        row = con.execute("SELECT max(as_of) FROM account_figures").fetchone()
    finally:
        con.close()
    if row is None or row[0] is None:
        raise RuntimeError("the demo book has no figures (account_figures is empty)")
    return date.fromisoformat(str(row[0])[:10]), counts


def get_book(clients: int, seed: int, *, rebuild: bool = False, log: Any = print) -> Book:
    """The cached book for (clients, seed, code version), building it with `rmdesk demo` when missing."""
    version = code_version()
    stem = f"book-{clients}-{seed}"
    path = CACHE / f"{stem}-{version}.sqlite3"
    meta_path = path.with_suffix(".json")
    if path.exists() and meta_path.exists() and not rebuild:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        return Book(path=path, fresh=False, **_meta_fields(meta))
    CACHE.mkdir(parents=True, exist_ok=True)
    evict_stale(stem)
    tmp = path.with_suffix(f".building-{os.getpid()}")
    for p in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
        p.unlink(missing_ok=True)
    env = child_env(RMDESK_HOME=str(CACHE / "home"))
    log(f"building the reference book: rmdesk demo --clients {clients} --seed {seed} (code {version}) …")
    init_seconds, _ = _run(rmdesk_cmd(tmp, "init"), env)
    # the demo runs under the sampling profiler (~1 % overhead) so a missed target comes with its profile
    demo = rmdesk_cmd(tmp, "demo", "--clients", str(clients), "--seed", str(seed))
    demo[1:2] = ["-m", "bench.sampler", str(path.with_suffix(".profile.txt")), "-m"]
    demo_seconds, output = _run(demo, env)
    as_of, counts = _facts(tmp)
    for suffix in ("-wal", "-shm"):
        Path(f"{tmp}{suffix}").unlink(missing_ok=True)
    tmp.rename(path)
    meta = {
        "clients": clients,
        "seed": seed,
        "version": version,
        "as_of": as_of.isoformat(),
        "demo_seconds": demo_seconds,
        "init_seconds": init_seconds,
        "built_at": time.strftime("%Y-%m-%d %H:%M:%S"),
        "size_mb": round(path.stat().st_size / 2**20, 1),
        "counts": counts,
        "demo_output": output[-4000:],
    }
    meta_path.write_text(json.dumps(meta, ensure_ascii=False, indent=1), encoding="utf-8")
    log(f"  built in {demo_seconds:.1f} s ({meta['size_mb']} MB, as of {as_of})")
    return Book(path=path, fresh=True, **_meta_fields(meta))


STALE_SECONDS = 3 * 3600


def evict_stale(stem: str) -> None:
    """Drop cached books of older code versions, but not one another bench run may still be using."""
    now = time.time()
    for old in CACHE.glob(f"{stem}-*"):
        try:
            if now - old.stat().st_mtime < STALE_SECONDS:
                continue
            shutil.rmtree(old) if old.is_dir() else old.unlink()
        except FileNotFoundError:  # another run evicted it first
            pass


def _meta_fields(meta: dict[str, Any]) -> dict[str, Any]:
    out = dict(meta)
    out["as_of"] = date.fromisoformat(meta["as_of"])
    return out


def exported_files(book: Book) -> Path:
    """The book's next trading day as import files (SPEC §7; prices moved, some positions bought), exported once
    per cached book."""
    out = book.path.with_suffix(".nextday")
    if (out / ".done").exists():
        return out
    from bench.export import export_book
    from rmdesk.store.db import open_database

    tmp = out.with_name(f"{out.name}.tmp{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    db = open_database(book.url)
    try:
        with db.sessions() as session:
            counts = export_book(session, tmp, next_day=True)
    finally:
        db.dispose()
    (tmp / ".done").write_text(json.dumps(counts), encoding="utf-8")
    try:
        tmp.rename(out)
    except OSError:  # another run exported it meanwhile
        shutil.rmtree(tmp, ignore_errors=True)
    return out
