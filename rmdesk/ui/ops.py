"""The one bridge from the GUI to the database and to long jobs (STYLE §4–§6), like Anki's QueryOp/CollectionOp.

``OpRunner.run(fn, on_success)`` runs ``fn(session, progress)`` on ONE serial worker thread (SQLite has one writer,
and a Session never crosses threads: it is opened and closed on the worker), then delivers the result to
``on_success`` on the GUI thread through a queued signal. ``run_cpu`` uses a wider pool for work without a
session (PDF, pandas). Progress is a thread-safe object of the services' Progress protocol; the optional dialog's
Cancel button sets its ``cancelled()`` flag, and services stop between chunks by raising ``Cancelled``.
No processEvents() anywhere: the GUI thread only ever reacts to signals.
"""

from __future__ import annotations

import itertools
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import shiboken6
from PySide6.QtCore import QEventLoop, QObject, QRunnable, Qt, QThreadPool, QTimer, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget
from sqlalchemy.orm import Session

from rmdesk.services.progress import Cancelled, NullProgress, Progress
from rmdesk.store.db import Database

T = TypeVar("T")

_PROGRESS_INTERVAL_S = 0.05  # at most 20 progress updates a second reach the GUI thread
_DIALOG_DELAY_MS = 300  # quick ops finish before a progress dialog would flash


class JobProgress:
    """The Progress handed to ``fn``: safe to call from the worker; updates reach the GUI throttled."""

    def __init__(self, runner: OpRunner, job_id: int) -> None:
        self._runner = runner
        self._job_id = job_id
        self._lock = threading.Lock()
        self._cancel = threading.Event()
        self._total = 0
        self._done = 0
        self._text = ""
        self._last_emit = 0.0

    def total(self, n: int) -> None:
        with self._lock:
            self._total, self._done = max(0, int(n)), 0
        self._emit(force=True)

    def advance(self, n: int = 1) -> None:
        with self._lock:
            self._done += int(n)
        self._emit(force=False)

    def status(self, text: str) -> None:
        with self._lock:
            self._text = text
        self._emit(force=True)

    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def request_cancel(self) -> None:
        self._cancel.set()

    def snapshot(self) -> tuple[int, int, str]:
        with self._lock:
            return self._total, min(self._done, self._total) if self._total else self._done, self._text

    def _emit(self, *, force: bool) -> None:
        now = time.monotonic()
        if not force and now - self._last_emit < _PROGRESS_INTERVAL_S:
            return
        self._last_emit = now
        self._runner._progressed.emit(self._job_id, self.snapshot())


class OpHandle(QObject):
    """A running op: ``cancel()`` it, or listen to ``succeeded`` / ``failed`` / ``cancelled`` (GUI thread)."""

    succeeded = Signal(object)
    failed = Signal(object)
    cancelled = Signal()

    def __init__(self, job_id: int, label: str | None, progress: JobProgress) -> None:
        super().__init__()
        self.job_id = job_id
        self.label = label
        self.progress = progress
        self.done = False
        self.result: object = None
        self.error: BaseException | None = None

    def cancel(self) -> None:
        """Ask the job to stop; a service that checks ``progress.cancelled()`` raises Cancelled and rolls back."""
        self.progress.request_cancel()


@dataclass
class _Job:
    handle: OpHandle
    fn: Callable[..., Any]
    on_success: Callable[[Any], None]
    on_failure: Callable[[BaseException], None] | None
    parent: QWidget | None
    has_parent: bool
    important: bool = False  # a write or a job with a progress dialog: quitting must ask first
    dialog: QProgressDialog | None = None


class _Task(QRunnable):
    """Runs on a pool thread; reports back only through the runner's queued signal."""

    def __init__(self, runner: OpRunner, job_id: int, work: Callable[[], Any]) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self._runner = runner
        self._job_id = job_id
        self._work = work

    def run(self) -> None:
        try:
            result, error, details = self._work(), None, ""
        except BaseException as exc:  # delivered to the GUI thread; nothing may escape a pool thread
            result, error, details = None, exc, traceback.format_exc()
        self._runner._finished.emit(self._job_id, (result, error, details))


class OpRunner(QObject):
    """Runs database and long jobs off the GUI thread; one per app (see module docstring)."""

    _finished = Signal(int, object)
    _progressed = Signal(int, object)
    busy_changed = Signal(bool)
    idle = Signal()
    # a failure the runner showed (or would show) to the user: (exception, traceback text)
    failure_reported = Signal(object, str)

    def __init__(self, db: Database, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self._db_pool = QThreadPool(self)
        self._db_pool.setMaxThreadCount(1)
        self._cpu_pool = QThreadPool(self)
        self._cpu_pool.setMaxThreadCount(max(2, QThreadPool.globalInstance().maxThreadCount()))
        self._ids = itertools.count(1)
        self._jobs: dict[int, _Job] = {}
        self._tasks: dict[int, _Task] = {}
        self.default_parent: QWidget | None = None
        self.error_presenter: Callable[[QWidget | None, BaseException, str], None] | None = None
        self._finished.connect(self._on_finished)
        self._progressed.connect(self._on_progress)

    # ---- public API -------------------------------------------------------------------------------------------
    def run(
        self,
        fn: Callable[[Session, Progress], T],
        on_success: Callable[[T], None],
        *,
        on_failure: Callable[[BaseException], None] | None = None,
        label: str | None = None,
        progress: bool = False,
        cancellable: bool = False,
        parent: QWidget | None = None,
        write: bool = False,
    ) -> OpHandle:
        """Run ``fn(session, progress)`` on the database worker; ``on_success(result)`` on the GUI thread.

        ``write=True``: fn runs inside ``db.sessions.begin()`` (commit on success, rollback on any exception).
        ``write=False``: a plain session, closed afterwards; fn may commit itself (e.g. counting failed logins).
        A Cancelled exception is silent (the handle emits ``cancelled``); any other failure goes to
        ``on_failure`` or, without one, to an error dialog with the message and copyable details.
        """
        db = self.db

        def work(prog: Progress) -> T:
            if write:
                with db.sessions.begin() as session:
                    return fn(session, prog)
            with db.sessions() as session:
                return fn(session, prog)

        return self._start(
            self._db_pool,
            work,
            on_success,
            on_failure,
            label,
            progress,
            cancellable,
            parent,
            important=write or progress,
        )

    def run_cpu(
        self,
        fn: Callable[[Progress], T],
        on_success: Callable[[T], None],
        *,
        on_failure: Callable[[BaseException], None] | None = None,
        label: str | None = None,
        progress: bool = False,
        cancellable: bool = False,
        parent: QWidget | None = None,
    ) -> OpHandle:
        """Like ``run`` for work that needs no database (rendering PDFs, reading spreadsheets): a wider pool."""
        return self._start(
            self._cpu_pool, fn, on_success, on_failure, label, progress, cancellable, parent, important=progress
        )

    @property
    def busy(self) -> bool:
        return bool(self._jobs)

    @property
    def doing_user_work(self) -> bool:
        """A write or a long job the user started is running (not just a view reloading)."""
        return any(job.important for job in self._jobs.values())

    def wait_idle(self, timeout_ms: int = 10_000) -> bool:
        """Wait (running the event loop, not processEvents) until every op has delivered its result. For tests."""
        if not self._jobs:
            return True
        loop = QEventLoop()
        self.idle.connect(loop.quit)
        timer = QTimer()
        timer.setSingleShot(True)
        timer.timeout.connect(loop.quit)
        timer.start(timeout_ms)
        loop.exec()
        timer.stop()
        self.idle.disconnect(loop.quit)
        return not self._jobs

    def cancel_all(self) -> None:
        for job in self._jobs.values():
            job.handle.cancel()

    def shutdown(self, timeout_ms: int = 10_000) -> bool:
        """Cancel what runs and wait for the worker threads (app exit, test teardown)."""
        self.cancel_all()
        ok = self._db_pool.waitForDone(timeout_ms) and self._cpu_pool.waitForDone(timeout_ms)
        for job in self._jobs.values():
            self._close_dialog(job)
        self._jobs.clear()
        self._tasks.clear()
        return ok

    # ---- internals --------------------------------------------------------------------------------------------
    def _start(
        self,
        pool: QThreadPool,
        fn: Callable[[Progress], Any],
        on_success: Callable[[Any], None],
        on_failure: Callable[[BaseException], None] | None,
        label: str | None,
        progress: bool,
        cancellable: bool,
        parent: QWidget | None,
        *,
        important: bool,
    ) -> OpHandle:
        job_id = next(self._ids)
        prog = JobProgress(self, job_id)
        handle = OpHandle(job_id, label, prog)
        job = _Job(handle, fn, on_success, on_failure, parent, parent is not None, important)
        if progress:
            job.dialog = self._make_dialog(job, cancellable)
        was_busy = self.busy
        self._jobs[job_id] = job
        task = _Task(self, job_id, lambda: fn(prog if (progress or cancellable) else _Quiet(prog)))
        self._tasks[job_id] = task
        pool.start(task)
        if not was_busy:
            self.busy_changed.emit(True)
        return handle

    def _make_dialog(self, job: _Job, cancellable: bool) -> QProgressDialog:
        parent = job.parent or self.default_parent
        text = job.handle.label or self.tr("Working…")
        dialog = QProgressDialog(text, self.tr("Cancel") if cancellable else "", 0, 0, parent)
        if not cancellable:
            dialog.setCancelButton(None)
        dialog.setWindowTitle(self.tr("Please wait"))
        dialog.setMinimumWidth(420)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.setMinimumDuration(_DIALOG_DELAY_MS)  # Qt shows it by itself once the delay has passed
        if parent is not None:
            dialog.setWindowModality(Qt.WindowModality.WindowModal)
        handle = job.handle
        dialog.canceled.connect(handle.cancel)
        dialog.canceled.connect(lambda: dialog.setLabelText(self.tr("Cancelling…")))
        return dialog

    @Slot(int, object)
    def _on_progress(self, job_id: int, snap: tuple[int, int, str]) -> None:
        job = self._jobs.get(job_id)
        if job is None or job.dialog is None or not shiboken6.isValid(job.dialog):
            return
        total, done, text = snap
        dialog = job.dialog
        if total > 0:
            # QProgressDialog takes an int; big totals are scaled so they never overflow 32 bits
            dialog.setMaximum(1000)
            dialog.setValue(min(1000, done * 1000 // total))
        if text and not job.handle.progress.cancelled():
            dialog.setLabelText(text)

    @Slot(int, object)
    def _on_finished(self, job_id: int, outcome: tuple[Any, BaseException | None, str]) -> None:
        job = self._jobs.pop(job_id, None)
        self._tasks.pop(job_id, None)
        if job is None:
            return
        self._close_dialog(job)
        result, error, details = outcome
        handle = job.handle
        handle.done, handle.result, handle.error = True, result, error
        try:
            if job.has_parent and (job.parent is None or not shiboken6.isValid(job.parent)):
                return  # the view that asked is gone: nobody wants the answer
            if error is None:
                job.on_success(result)
                handle.succeeded.emit(result)
            elif isinstance(error, Cancelled):
                handle.cancelled.emit()
            else:
                handle.failed.emit(error)
                if job.on_failure is not None:
                    job.on_failure(error)
                else:
                    self.report_failure(error, details, job.parent)
        finally:
            if not self._jobs:
                self.busy_changed.emit(False)
                self.idle.emit()

    def _close_dialog(self, job: _Job) -> None:
        if job.dialog is not None and shiboken6.isValid(job.dialog):
            job.dialog.hide()
            job.dialog.deleteLater()
        job.dialog = None

    def report_failure(self, error: BaseException, details: str = "", parent: QWidget | None = None) -> None:
        """Show a failure to the user: a readable message and copyable details (rmdesk.ui.errors)."""
        self.failure_reported.emit(error, details)
        presenter = self.error_presenter
        if presenter is None:
            from rmdesk.ui.errors import show_error

            presenter = show_error
        presenter(parent or self.default_parent, error, details)


class _Quiet:
    """Progress for ops without a dialog: still cancellable through the handle, no GUI traffic."""

    def __init__(self, inner: JobProgress) -> None:
        self._inner = inner

    def total(self, n: int) -> None:
        pass

    def advance(self, n: int = 1) -> None:
        pass

    def status(self, text: str) -> None:
        pass

    def cancelled(self) -> bool:
        return self._inner.cancelled()


__all__ = ["Cancelled", "JobProgress", "NullProgress", "OpHandle", "OpRunner"]
