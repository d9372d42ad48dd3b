"""Writing a validated batch in the caller's transaction (SPEC §7): upserts, the accounts' complete state, the run.

Securities, clients and accounts are upserts (apply_master); positions and contracts replace the listed accounts'
state (apply_book). Client and account changes are audited field by field; the run writes one ImportRun row and
one audit record. The ids the upserts read and wrote are handed on, so the book files resolve to them and the
listed accounts come back to the caller without another read.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from rmdesk import clock, i18n
from rmdesk.services import audit
from rmdesk.services.audit import Actor
from rmdesk.services.gc_pause import no_cycle_collection
from rmdesk.services.importing import apply_book, apply_master
from rmdesk.services.importing.report import FileRows, ValidatedBatch
from rmdesk.services.importing.write import Writer
from rmdesk.services.policy import load_policy
from rmdesk.services.progress import NullProgress, Progress, check_cancel
from rmdesk.store.models import ImportRun


@dataclass(frozen=True)
class Applied:
    counts: dict[str, int]  # what changed, by kind
    account_ids: tuple[int, ...]  # the accounts the accounts file lists (sorted ids)


def apply(session: Session, batch: ValidatedBatch, actor: Actor, progress: Progress | None = None) -> Applied:
    """Write ``batch`` in the session's transaction (the caller commits): what changed and the listed accounts."""
    progress = progress or NullProgress()
    w = Writer(session.connection())
    policy = load_policy(session)
    now = clock.now()
    counts: dict[str, int] = {}
    ids: dict[str, dict[str, int]] = {}

    def keep(kind: str, result: tuple[dict[str, int], dict[str, int]]) -> dict[str, int]:
        ids[kind] = result[1]
        return result[0]

    steps: list[tuple[FileRows | None, Callable[[FileRows], dict[str, int]]]] = [
        (batch.securities, lambda f: keep("securities", apply_master.securities(w, f, batch.as_of, policy))),
        (batch.clients, lambda f: apply_master.clients(session, w, f, actor, now)),
        (batch.accounts, lambda f: keep("accounts", apply_master.accounts(session, w, f, batch.as_of, actor))),
        (batch.positions, lambda f: apply_book.positions(w, f, book())),
        (batch.contracts, lambda f: apply_book.contracts(w, f, book())),
    ]
    books: list[apply_book.BookIds] = []

    def book() -> apply_book.BookIds:
        """Once, after securities, clients and accounts are written (ids not in hand are read)."""
        if not books:
            books.append(apply_book.BookIds.read(w, batch.accounts, ids.get("accounts"), ids.get("securities")))
        return books[0]

    progress.total(sum(1 for rows, _ in steps if rows is not None) + 1)
    with no_cycle_collection():
        for rows, step in steps:
            if rows is None:
                continue
            check_cancel(progress)
            progress.status(i18n.t("import.progress.writing", None, what=rows.name))
            counts.update(step(rows))
            progress.advance()
    _record_run(session, batch, actor, now, counts)
    progress.advance()
    return Applied(counts, () if batch.accounts is None else tuple(book().listed))


def _record_run(session: Session, batch: ValidatedBatch, actor: Actor, now: Any, counts: dict[str, int]) -> None:
    files = {f.name: {"sha256": batch.hashes.get(f.name, ""), "rows": f.rows, "encoding": f.encoding}
             for f in batch.files}  # fmt: skip
    run = ImportRun(
        as_of=batch.as_of,
        started_at=now,
        user_id=actor.id,
        source=batch.folder[:512],
        files=json.dumps(files, ensure_ascii=False, sort_keys=True),
        status="applied",
        summary=json.dumps(counts, sort_keys=True),
    )
    session.add(run)
    session.flush()
    audit.record(session, actor, "import", run.id, "apply", None,
                 {"as_of": batch.as_of, "folder": batch.folder, "files": sorted(files), **counts})  # fmt: skip


__all__ = ["Applied", "apply"]
