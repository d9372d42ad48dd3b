"""The shell's own queries (status bar, 工作台 counts, import history, policy table) on a real PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest

from rmdesk.services import auth
from rmdesk.services.audit import Actor
from rmdesk.services.desk import desk_status, policy_rows, recent_imports, save_policy, today_summary
from rmdesk.services.importing import import_day
from rmdesk.store.db import Database
from rmdesk.ui.app import schema_is_current
from tests.conftest import TEST_PASSWORD
from tests.ui.test_import_wizard import AS_OF, write_day

pytestmark = pytest.mark.postgres


def test_shell_queries_on_postgres(pg_db: Database, tmp_path: Path) -> None:
    with pg_db.sessions.begin() as s:
        admin = auth.add_user(s, Actor(None, "setup", "admin"), "admin", TEST_PASSWORD, "admin", bootstrap=True)
        rm1 = auth.add_user(s, admin.actor(), "rm1", TEST_PASSWORD, "rm", "李经理").actor()
        sup = auth.add_user(s, admin.actor(), "super", TEST_PASSWORD, "supervisor", "王主管").actor()
    write_day(tmp_path / "day", "13500")  # one client of rm1 at ratio 1.35 (see test_import_wizard)
    with pg_db.sessions.begin() as s:
        assert import_day(s, tmp_path / "day", AS_OF, rm1).applied
    assert schema_is_current(pg_db)
    with pg_db.sessions() as s:
        assert desk_status(s).as_of == AS_OF
        mine = today_summary(s, rm1)
        assert (mine.clients, mine.accounts, mine.levels) == (1, 1, {"warning": 1})
        assert mine.warnings == {"ratio_warning": 1, "concentration": 1}
        assert [r.status for r in recent_imports(s)] == ["applied"]
    with pg_db.sessions.begin() as s:
        save_policy(s, sup, {"warning_line": "1.45"})
    with pg_db.sessions() as s:
        row = next(r for r in policy_rows(s) if r.key == "warning_line")
    assert (row.value, row.default, row.changed_by) == ("1.45", "1.40", "王主管")
