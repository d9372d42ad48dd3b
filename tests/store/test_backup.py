"""Backups are consistent copies; restore refuses a damaged or tampered file and changes nothing then."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from rmdesk.cli import main
from rmdesk.services.audit import Actor
from rmdesk.store.backup import BackupError, backup, check_file, restore
from rmdesk.store.db import Database
from rmdesk.store.models import User


def test_backup_while_in_use_then_restore(db: Database, db_path: Path, users: dict[str, Actor],
                                          tmp_path: Path) -> None:
    out = tmp_path / "b.sqlite3"
    with db.sessions() as reading:  # an open reader does not block the backup
        reading.execute(select(User)).all()
        info = backup(db.url, out)
    assert info.revision is not None and len(info.sha256) == 64
    assert check_file(out) == info.revision
    with db.sessions.begin() as s:
        s.execute(User.__table__.update().values(display_name="改过"))
    db.dispose()
    restore(db.url, out)
    with db.sessions() as s:
        assert "改过" not in {u.display_name for u in s.execute(select(User)).scalars()}


def test_restore_refuses_garbage_and_a_tampered_audit_log(db: Database, users: dict[str, Actor],
                                                          tmp_path: Path) -> None:
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"this is not a database" * 100)
    with pytest.raises(BackupError):
        restore(db.url, junk)
    out = tmp_path / "b.sqlite3"
    backup(db.url, out)
    import sqlite3

    conn = sqlite3.connect(out)
    conn.execute("UPDATE audit_log SET new = '{}' WHERE id = 2")
    conn.commit()
    conn.close()
    with pytest.raises(BackupError, match="audit log is broken"):
        restore(db.url, out)


def test_cli_backup_restore_and_audit_verify(db: Database, db_path: Path, users: dict[str, Actor],
                                            tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("RMDESK_PASSWORD", "demo-pass-123")
    out = tmp_path / "cli.sqlite3"
    assert main(["--db", str(db_path), "--user", "rm1", "backup", str(out)]) == 2  # RMs may not
    assert main(["--db", str(db_path), "--user", "admin", "backup", str(out)]) == 0
    assert main(["--db", str(db_path), "--user", "admin", "restore", str(out)]) == 0
    assert main(["--db", str(db_path), "--lang", "en", "audit", "verify"]) == 0
    assert "Audit log intact" in capsys.readouterr().out
    db.dispose()
    import sqlite3

    conn = sqlite3.connect(db_path)
    conn.execute("UPDATE audit_log SET action = 'x' WHERE id = 3")
    conn.commit()
    conn.close()
    assert main(["--db", str(db_path), "--lang", "en", "audit", "verify"]) == 1
    assert "broken at record 3" in capsys.readouterr().err
