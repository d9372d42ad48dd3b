"""The daily import from the broker's core system (SPEC §7): validate everything, then write all or nothing.

``import_day`` is the use case (CLI and GUI): it validates the folder, and when nothing is fatal (and it is not a
dry run) applies the batch in the caller's transaction, then refreshes the figures and the risk scan for the
imported accounts. With a fatal issue or on a dry run it writes nothing at all.

Modules: ``files`` (finding and reading files, encodings), ``columns`` (file names, header maps), ``values``
(cell parsers), ``convert`` (whole columns through them), ``validate``/``validate_master``/``validate_book``
(row checks), ``apply``/``apply_master``/``apply_book`` (writing a batch: upserts, the listed accounts' state),
``diff`` (stored vs incoming rows), ``write`` (driver-level bulk reads and writes), ``snapshot`` (bulk reads of the
stored book for validation), ``messages`` (zh_CN/en texts), ``report``.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from rmdesk.services.audit import Actor
from rmdesk.services.importing.apply import Applied, apply
from rmdesk.services.importing.files import FileSummary
from rmdesk.services.importing.report import ImportIssue, ImportReport, ValidatedBatch
from rmdesk.services.importing.validate import validate_folder
from rmdesk.services.progress import NullProgress, Progress


def import_day(
    session: Session,
    folder: Path,
    as_of: date,
    actor: Actor,
    *,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportReport:
    """Import the core system's files of ``folder`` as the state of day ``as_of``.

    Never raises for bad input: every problem is an issue of the report. Writes happen in ``session``'s
    transaction (the caller commits); a failure while writing is rolled back to before the import and reported.
    """
    progress = progress or NullProgress()
    report, batch = validate_folder(session, folder, as_of, progress=progress)
    if batch is None or dry_run or not report.ok:
        return report
    savepoint = session.begin_nested()
    try:
        applied = apply(session, batch, actor, progress)
    except (SQLAlchemyError, ValueError, TypeError, KeyError, OverflowError) as err:
        savepoint.rollback()
        issue = ImportIssue(report.folder, None, None, None, "import.apply_failed", {"reason": str(err)[:500]})
        return replace(report, ok=False, issues=(*report.issues, issue))
    savepoint.commit()
    counts, account_ids = applied.counts, applied.account_ids
    scan = None
    if account_ids:
        from rmdesk.services import risk

        scan = risk.refresh(session, as_of, account_ids, actor, progress)
    return replace(report, applied=True, counts=counts, account_ids=account_ids, scan=scan)


__all__ = [
    "Applied",
    "FileSummary",
    "ImportIssue",
    "ImportReport",
    "ValidatedBatch",
    "apply",
    "import_day",
    "validate_folder",
]
