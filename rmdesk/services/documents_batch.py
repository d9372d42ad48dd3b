"""Document batches (SPEC §6): one kind of document for a filtered list of clients, one PDF each or one merged PDF.

The report data is built in this process (one database session), rendered in a 2-process pool (``spawn``: safe
under the GUI's threads; each worker reuses one ChartRenderer), then hashed, written and registered here. The
pool starts before the data is read, so the workers' start-up overlaps the first queries; the data is read in
slices of PREFETCH_SLICE documents (one query per kind of row per slice, documents_bulk) and each document goes
to the pool as soon as it is built, so data building overlaps the rendering; at most a few documents wait in
the pool at any time, so memory stays flat.

A batch is all or nothing: when it is cancelled (Progress.cancelled, checked between documents) or fails,
nothing is registered and every file it wrote is removed again; the output folder is left as it was. Clients the
kind does not apply to (no credit account for a statement, no active margin call for a notice) are skipped and
listed in the result. Numbers are allocated when the batch starts and registered when it ends; a concurrent
job that took one of them makes the registration fail cleanly (``documents.number_taken``), never a duplicate.
"""

from __future__ import annotations

import io
import multiprocessing
import secrets
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from rmdesk import clock, i18n
from rmdesk.services.audit import Actor
from rmdesk.services.documents_data import (
    DocumentError,
    Period,
    ReportBuilder,
    Target,
    check_kind,
    parse_period,
)
from rmdesk.services.documents_filter import FILTER_HELP, Selection, Term, parse_filter, select_targets
from rmdesk.services.documents_register import (
    MERGED,
    IssuedDocument,
    NewRecord,
    add_records,
    issued_from,
    next_numbers,
    sha256_of,
)
from rmdesk.services.documents_render import init_worker, render_bytes, render_job
from rmdesk.services.progress import Cancelled, NullProgress, Progress
from rmdesk.store.models import User

WORKERS = 2
IN_PROCESS_BELOW = 6  # smaller batches render here: starting two worker processes would cost more
WINDOW_PER_WORKER = 4  # documents in flight per worker
PREFETCH_SLICE = 100  # documents whose detail rows are read together (the first slice is ready in ~0.1 s)

i18n.register(
    {
        "documents.out_exists": ("文件已存在，不会覆盖：{path}", "file exists, not overwritten: {path}"),
        "documents.progress": ("正在生成 {done}/{total}", "generating {done}/{total}"),
        "documents.progress_merge": ("正在合并为一个 PDF", "merging into one PDF"),
        "documents.progress_register": ("正在登记", "registering"),
    }
)


@dataclass(frozen=True)
class Skipped:
    client_no: str
    code: str  # a DocumentError code
    message: str


@dataclass(frozen=True)
class BatchResult:
    batch_id: str
    kind: str
    out: Path
    documents: tuple[IssuedDocument, ...]
    merged: IssuedDocument | None
    skipped: tuple[Skipped, ...]
    pages: int
    seconds: float
    timings: dict[str, float] = field(default_factory=dict)  # data / render_wait / write / merge / register


def display_name(session: Session, actor: Actor) -> str:
    if actor.id is None:
        return actor.username
    name = session.execute(select(User.display_name).where(User.id == actor.id)).scalar()
    return name or actor.username


def file_name(doc_no: str, client_no: str) -> str:
    """One client's PDF in a batch folder (no personal names in file names: they end up on shared printers)."""
    return f"{doc_no}_{client_no}.pdf"


def run_batch(
    session_factory: Callable[[], AbstractContextManager[Session]] | Any,
    kind: str,
    selection: Selection,
    out: Path,
    merged: bool,
    actor: Actor,
    progress: Progress | None = None,
    *,
    period: str | None = None,
    workers: int = WORKERS,
) -> BatchResult:
    """Make ``kind`` for every client of ``selection``: PDFs in the folder ``out``, or one merged PDF ``out``."""
    check_kind(kind)
    progress = progress or NullProgress()
    run = _Batch(kind, Path(out), merged, actor, progress, workers)
    try:
        return run.execute(session_factory, selection, period)
    except BaseException:
        run.clean_up()
        raise


class _Batch:
    """The state of one batch run (what it wrote, so a cancel or failure can take it back)."""

    def __init__(self, kind: str, out: Path, merged: bool, actor: Actor, progress: Progress, workers: int) -> None:
        self.kind, self.out, self.merged, self.actor, self.progress = kind, out, merged, actor, progress
        self.workers = max(1, workers)
        self.total = 0
        self.now: datetime = clock.now()
        self.batch_id = f"{self.now:%Y%m%d-%H%M%S}-{secrets.token_hex(3)}"
        self.written: list[Path] = []
        self.docs: list[tuple[Target, str, Any]] = []  # (target, doc_no, data) in order
        self.results: list[tuple[bytes, int, str | None] | None] = []
        self.issued: list[IssuedDocument] = []
        self.timings = {"data": 0.0, "render_wait": 0.0, "write": 0.0, "merge": 0.0, "register": 0.0}
        self._writer: Any = None
        self._period: Period | None = None

    def clean_up(self) -> None:
        for path in self.written:
            path.unlink(missing_ok=True)

    def execute(self, session_factory: Any, selection: Selection, period_text: str | None) -> BatchResult:
        start = time.perf_counter()
        self._check_out()
        skipped: list[Skipped] = []
        merged_no: str | None = None
        with session_factory() as session:
            targets = select_targets(session, self.actor, selection)
            self.total = len(targets)
            self.progress.total(self.total)
            pool = self._pool(len(targets))  # the workers start (imports, fonts) while the data is read
            try:
                t0 = time.perf_counter()
                builder = ReportBuilder(session, self.now)
                if self.kind == "statement":
                    self._period = parse_period(period_text, builder.latest)
                builder.prefetch(targets, self.kind, self._period)
                numbers = next_numbers(session, self.kind, self.now.date(), len(targets))
                if self.merged:
                    merged_no = next_numbers(session, MERGED, self.now.date())[0]
                prepared_by = display_name(session, self.actor)
                self.timings["data"] += time.perf_counter() - t0
                pending: deque[Future[Any]] = deque()
                for i, target in enumerate(targets):
                    if self.progress.cancelled():
                        raise Cancelled()
                    t0 = time.perf_counter()
                    if i % PREFETCH_SLICE == 0:  # positions, contracts, ratio series: one query each per slice
                        builder.prefetch_detail(targets[i : i + PREFETCH_SLICE], self.kind, self._period)
                    doc_no = numbers[len(self.docs)]  # a skipped client does not use up a number
                    try:
                        data = builder.build(self.kind, target, doc_no, self._period, prepared_by)
                    except DocumentError as err:
                        skipped.append(Skipped(target.client_no, err.code, err.message()))
                        self.progress.advance()
                        continue
                    finally:
                        self.timings["data"] += time.perf_counter() - t0
                    index = len(self.docs)
                    self.docs.append((target, doc_no, data))
                    self.results.append(None)
                    if pool is None:
                        self._accept(index, *render_bytes(self.kind, data, self._chart()))
                        continue
                    pending.append(pool.submit(render_job, (index, self.kind, data)))
                    while len(pending) >= self.workers * WINDOW_PER_WORKER:
                        self._collect(pending.popleft())
                while pending:
                    self._collect(pending.popleft())
            finally:
                if pool is not None:
                    pool.shutdown(wait=True, cancel_futures=True)
        merged_doc = self._finish_merged(merged_no) if self.merged and self.docs else None
        self._register(session_factory, merged_doc)
        return BatchResult(
            self.batch_id,
            self.kind,
            self.out,
            tuple(self.issued),
            merged_doc,
            tuple(skipped),
            sum(d.pages for d in self.issued),
            time.perf_counter() - start,
            self.timings,
        )

    # ---- steps ------------------------------------------------------------------------------------------------
    def _check_out(self) -> None:
        if self.merged:
            if self.out.exists():
                raise DocumentError("documents.out_exists", path=str(self.out))
            self.out.parent.mkdir(parents=True, exist_ok=True)
        else:
            self.out.mkdir(parents=True, exist_ok=True)

    def _pool(self, count: int) -> ProcessPoolExecutor | None:
        if self.workers < 2 or count < IN_PROCESS_BELOW:
            return None
        context = multiprocessing.get_context("spawn")  # never fork a process that may run Qt threads
        pool = ProcessPoolExecutor(self.workers, mp_context=context, initializer=init_worker)
        for _ in range(self.workers):  # a spawn pool starts its workers on demand: start them all now
            pool.submit(int)
        return pool

    _chart_renderer: Any = None

    def _chart(self) -> Any:
        if self._chart_renderer is None:
            from rmdesk.reports.charts import ChartRenderer

            self._chart_renderer = ChartRenderer()
        return self._chart_renderer

    def _collect(self, future: Future[Any]) -> None:
        t0 = time.perf_counter()
        while True:
            try:
                index, pdf, pages, version = future.result(timeout=0.2)
                break
            except TimeoutError:
                if self.progress.cancelled():
                    raise Cancelled() from None
        self.timings["render_wait"] += time.perf_counter() - t0
        self._accept(index, pdf, pages, version)

    def _accept(self, index: int, pdf: bytes, pages: int, version: str | None) -> None:
        """A rendered document: hash it, write it (or add it to the merged file), note it for the register."""
        target, doc_no, data = self.docs[index]
        t0 = time.perf_counter()
        digest = sha256_of(pdf)
        path: Path | None = None
        if self.merged:
            name = self.out.name
        else:
            name = file_name(doc_no, target.client_no)
            path = self.out / name
            with path.open("xb") as fh:  # never overwrite: numbers are unique, so an existing file is a mistake
                self.written.append(path)
                fh.write(pdf)
        self.timings["write"] += time.perf_counter() - t0
        if self.merged:
            self._merge_add(pdf)
        self.issued.append(
            issued_from(self.kind, target, doc_no, data, path, name, digest, pages, version, self.batch_id)
        )
        self.progress.advance()
        self.progress.status(i18n.t("documents.progress", done=len(self.issued), total=self.total))

    def _merge_add(self, pdf: bytes) -> None:
        t0 = time.perf_counter()
        if self._writer is None:
            from pypdf import PdfWriter

            self._writer = PdfWriter()
        self._writer.append(io.BytesIO(pdf))
        self.timings["merge"] += time.perf_counter() - t0

    def _finish_merged(self, doc_no: str | None) -> IssuedDocument:
        assert doc_no is not None and self._writer is not None
        self.progress.status(i18n.t("documents.progress_merge"))
        t0 = time.perf_counter()
        first = self.docs[0][2]
        self._writer.add_metadata(
            {
                "/Title": f"{first.branch.name} 批量文书",
                "/Subject": doc_no,
                "/Author": first.branch.name,
                "/Creator": "rmdesk",
            }
        )
        buffer = io.BytesIO()
        self._writer.write(buffer)
        pdf = buffer.getvalue()
        with self.out.open("xb") as fh:
            self.written.append(self.out)
            fh.write(pdf)
        self.timings["merge"] += time.perf_counter() - t0
        target = self.docs[0][0]
        pages = sum(d.pages for d in self.issued)
        period = self._period.label if self._period is not None else None
        return IssuedDocument(
            doc_no, MERGED, target.client_id, target.client_no, None, self.out, sha256_of(pdf), pages,
            None, period, None, self.batch_id,
        )  # fmt: skip

    def _register(self, session_factory: Any, merged_doc: IssuedDocument | None) -> None:
        if self.progress.cancelled():
            raise Cancelled()
        self.progress.status(i18n.t("documents.progress_register"))
        t0 = time.perf_counter()
        records = [d.record() for d in self.issued]
        if merged_doc is not None:
            records.append(merged_doc.record())
        try:
            with session_factory.begin() as session:
                add_records(session, self.actor, records, self.now)
        except IntegrityError as err:
            raise DocumentError("documents.number_taken") from err
        self.timings["register"] += time.perf_counter() - t0


__all__ = [
    "FILTER_HELP",
    "BatchResult",
    "NewRecord",
    "Selection",
    "Skipped",
    "Term",
    "parse_filter",
    "run_batch",
    "select_targets",
]
