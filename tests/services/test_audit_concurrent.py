"""Two writers appending to the audit chain at the same time on PostgreSQL: they take turns, the chain never forks.

Without serialisation both transactions would read the same last hash and link to it; verify_chain would then
report the second of them as broken. The second writer here runs in another thread while the first still holds
its transaction open.
"""

from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import select

from rmdesk.services import audit
from rmdesk.services.audit import Actor, verify_chain
from rmdesk.store.db import Database
from rmdesk.store.models import AuditRecord

pytestmark = pytest.mark.postgres

RM1, RM2 = Actor(None, "rm01", "rm"), Actor(None, "rm02", "rm")


def test_two_open_transactions_append_in_turn(pg_db: Database) -> None:
    with pg_db.sessions.begin() as s:
        audit.record(s, RM1, "client", 1, "create", None, {"name": "赵一"})
    second_done = threading.Event()
    errors: list[BaseException] = []

    def second_writer() -> None:
        try:
            with pg_db.sessions.begin() as s2:
                audit.record_many(s2, RM2, [audit.Change("client", 2, "update", {"phone": "1"}, {"phone": "2"})])
        except BaseException as err:  # reported by the main thread
            errors.append(err)
        finally:
            second_done.set()

    with pg_db.sessions.begin() as s1:
        audit.record(s1, RM1, "client", 1, "update", {"name": "赵一"}, {"name": "赵壹"})
        worker = threading.Thread(target=second_writer)
        worker.start()
        time.sleep(0.5)
        # the first transaction is still open: the second writer is waiting for its turn, not writing
        assert not second_done.is_set()
    worker.join(30)
    assert not errors, errors
    with pg_db.sessions() as s:
        rows = s.execute(select(AuditRecord.username, AuditRecord.action).order_by(AuditRecord.id)).all()
        assert [tuple(r) for r in rows] == [("rm01", "create"), ("rm01", "update"), ("rm02", "update")]
        check = verify_chain(s)
        assert check.ok and check.checked == 3, check
