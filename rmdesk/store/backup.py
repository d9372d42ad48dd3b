"""Consistent online backup and verified restore of the embedded SQLite store (SQLite's backup API)."""

from __future__ import annotations

import hashlib
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import make_url

from rmdesk.services.progress import NullProgress, Progress, check_cancel

PAGES_PER_STEP = 256


class BackupError(Exception):
    """The backup or restore cannot be done; nothing was changed."""


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    bytes: int
    sha256: str
    revision: str | None


def sqlite_path(url: str) -> Path:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database:
        raise BackupError("backup/restore here is for the embedded SQLite file; back PostgreSQL up with pg_dump")
    return Path(parsed.database)


def _copy(src: sqlite3.Connection, dst: sqlite3.Connection, progress: Progress) -> None:
    total = src.execute("PRAGMA page_count").fetchone()[0]
    progress.total(int(total))

    def step(status: int, remaining: int, pages: int) -> None:
        progress.advance(PAGES_PER_STEP)
        check_cancel(progress)

    src.backup(dst, pages=PAGES_PER_STEP, progress=step)


def check_file(path: Path) -> str | None:
    """Integrity check of a database file; returns its Alembic revision. Raises BackupError when unusable."""
    if not path.is_file():
        raise BackupError(f"no such file: {path}")
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            result = conn.execute("PRAGMA integrity_check").fetchone()[0]
            if result != "ok":
                raise BackupError(f"integrity check failed: {result}")
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            if "alembic_version" not in tables or "audit_log" not in tables:
                raise BackupError("not an rmdesk database")
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
            return None if row is None else str(row[0])
        finally:
            conn.close()
    except sqlite3.DatabaseError as err:
        raise BackupError(f"not a readable database: {err}") from None


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def backup(url: str, out: Path, progress: Progress | None = None) -> BackupInfo:
    """Copy the live database to ``out`` while others may keep working (readers and writers are not blocked)."""
    progress = progress or NullProgress()
    src_path = sqlite_path(url)
    out = out.expanduser().resolve()
    if out == src_path.resolve():
        raise BackupError("the backup file cannot be the database itself")
    tmp = out.with_suffix(out.suffix + ".part")
    tmp.unlink(missing_ok=True)
    src = sqlite3.connect(str(src_path))
    dst = sqlite3.connect(str(tmp))
    try:
        _copy(src, dst, progress)
        dst.execute("PRAGMA journal_mode=DELETE")
    except BaseException:
        dst.close()
        tmp.unlink(missing_ok=True)
        raise
    finally:
        src.close()
    dst.close()
    revision = check_file(tmp)
    tmp.replace(out)
    return BackupInfo(out, out.stat().st_size, _sha256(out), revision)


def restore(url: str, source: Path, progress: Progress | None = None) -> BackupInfo:
    """Verify ``source`` first (integrity, rmdesk schema, audit chain), then copy it over the database."""
    from rmdesk.services.audit import verify_chain
    from rmdesk.store.db import open_database

    progress = progress or NullProgress()
    revision = check_file(source)
    probe = open_database(f"sqlite:///{source}")
    try:
        with probe.sessions() as session:
            chain = verify_chain(session)
    finally:
        probe.dispose()
    if not chain.ok:
        raise BackupError(f"the backup's audit log is broken at record {chain.broken_id}: {chain.reason}")
    target = sqlite_path(url)
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    dst = sqlite3.connect(str(target))
    try:
        _copy(src, dst, progress)
    finally:
        src.close()
        dst.close()
    return BackupInfo(target, target.stat().st_size, _sha256(source), revision)
