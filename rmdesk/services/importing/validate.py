"""Validation of a whole import folder before anything is written (SPEC §7): every row of every file.

Problems are collected, never raised: a file that cannot be read or checked becomes one fatal issue naming it,
a bad cell an issue with its row, column and value. The batch is built only when nothing is fatal.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy.orm import Session

from rmdesk import i18n
from rmdesk.services.gc_pause import no_cycle_collection
from rmdesk.services.importing import snapshot, validate_book, validate_master
from rmdesk.services.importing.columns import COLUMNS, KINDS, classify, map_headers
from rmdesk.services.importing.convert import Column, convert
from rmdesk.services.importing.files import FileSummary, RawTable, ReadError, discover, read_table
from rmdesk.services.importing.report import FileRows, ImportIssue, ImportReport, ValidatedBatch
from rmdesk.services.policy import Policy, load_policy
from rmdesk.services.progress import NullProgress, Progress, check_cancel


class Issues:
    """The issues of one validation run, in the order found."""

    def __init__(self) -> None:
        self.items: list[ImportIssue] = []

    def add(
        self,
        file: str,
        row: int | None,
        column: str | None,
        value: str | None,
        code: str,
        *,
        fatal: bool = True,
        **params: Any,
    ) -> None:
        self.items.append(ImportIssue(file, row, column, value, code, dict(params), fatal))

    @property
    def fatal(self) -> bool:
        return any(i.fatal for i in self.items)


@dataclass
class FileCheck:
    """Checks of one file: converts its columns, files issues against its rows, tracks rows with fatal errors."""

    table: RawTable
    issues: Issues
    positions: dict[str, int]
    written: dict[str, str]
    bad: np.ndarray = field(init=False)
    rows: np.ndarray = field(init=False)  # spreadsheet row number of each data row

    def __post_init__(self) -> None:
        self.bad = np.zeros(len(self.table.frame), dtype=bool)
        self.rows = self.table.frame.index.to_numpy()
        self._cells: dict[str, list[str]] = {}

    @property
    def name(self) -> str:
        return self.table.name

    def has(self, field_name: str) -> bool:
        return field_name in self.positions

    def raw(self, field_name: str) -> pd.Series:
        return self.table.frame[self.positions[field_name]]

    def column(self, field_name: str, parse: Callable[[str], Any], *, required: bool = False) -> Column | None:
        """Convert a column (None when the file lacks it); bad cells and blank required cells become issues."""
        if not self.has(field_name):
            return None
        series = self.raw(field_name)
        col = convert(series, parse)
        for pos, err in col.errors:
            self.at(pos, field_name, err.code, **err.params)
        if required:
            for blank in np.flatnonzero(col.blank):
                self.at(int(blank), field_name, "value.required")
        return col

    def at(self, pos: int, field_name: str | None, code: str, *, fatal: bool = True, **params: Any) -> None:
        """An issue at data-row position ``pos`` (0-based), in the column of ``field_name``."""
        column = self.written.get(field_name) if field_name else None
        value = None
        if field_name and self.has(field_name):
            cells = self._cells.get(field_name)
            if cells is None:
                cells = self._cells[field_name] = self.raw(field_name).tolist()
            value = str(cells[pos])
        self.issues.add(self.name, int(self.rows[pos]), column, value, code, fatal=fatal, **params)
        if fatal:
            self.bad[pos] = True

    def duplicates(self, keys: list[Column], field_name: str, code: str) -> None:
        """Every repeat of a key (after its first row) is a fatal issue naming the first row; blank keys skip."""
        n = len(self.rows)
        combined, size = np.zeros(n, dtype=np.int64), 1
        valid = np.ones(n, dtype=bool)
        for key in keys:
            codes, uniques = key.factorized()
            valid &= codes >= 0
            if size * (len(uniques) + 1) >= 2**62:  # keep the packed key exact: renumber first
                packed, distinct = pd.factorize(combined)
                combined, size = packed.astype(np.int64), len(distinct)
            combined = combined * (len(uniques) + 1) + codes
            size *= len(uniques) + 1
        where = np.flatnonzero(valid)
        keyed = combined[where]
        repeat = pd.Series(keyed).duplicated(keep="first").to_numpy()
        if not repeat.any():
            return
        firsts = where[~repeat]
        first_of = firsts[pd.Index(keyed[~repeat]).get_indexer(keyed[repeat])]
        for pos, first in zip(where[repeat], first_of, strict=True):
            self.at(int(pos), field_name, code, first=int(self.rows[first]))


def validate_folder(
    session: Session,
    folder: Path,
    as_of: date,
    lang: str | None = None,
    progress: Progress | None = None,
) -> tuple[ImportReport, ValidatedBatch | None]:
    """Read and check every file of ``folder`` for the day ``as_of``; write nothing.

    Returns the report (ok = no fatal issue) and, when ok, the batch apply writes.
    """
    with no_cycle_collection():
        return _validate_folder(session, Path(folder), as_of, lang, progress or NullProgress())


def _validate_folder(
    session: Session, folder: Path, as_of: date, lang: str | None, progress: Progress
) -> tuple[ImportReport, ValidatedBatch | None]:
    issues = Issues()
    tables: dict[str, RawTable] = {}
    if not folder.is_dir():
        issues.add(str(folder), None, None, None, "import.folder_missing")
        return _report(as_of, folder, (), issues), None
    found = discover(folder)
    for path in found.ignored:
        issues.add(path.name, None, None, None, "import.unknown_file", fatal=False)
    paths = [p for kind in KINDS for p in found.files.get(kind, [])]
    progress.total(len(paths) * 2)
    for kind in KINDS:
        group = found.files.get(kind, [])
        for extra in group[1:]:
            issues.add(extra.name, None, None, None, "import.duplicate_kind", other=group[0].name)
        if not group:
            continue
        path = group[0]
        check_cancel(progress)
        progress.status(i18n.t("import.progress.reading", lang, name=path.name))
        table = _read(path, kind, as_of, issues)
        progress.advance()
        if table is not None:
            tables[kind] = table
    if not found.files:
        issues.add(folder.name or str(folder), None, None, None, "import.no_files")
    summaries = tuple(t.summary() for t in tables.values())
    checks = {kind: _header_check(t, issues) for kind, t in tables.items()}
    if issues.fatal:
        return _report(as_of, folder, summaries, issues), None
    rows = _check_rows(session, checks, as_of, issues, lang, progress)
    report = _report(as_of, folder, summaries, issues)
    if issues.fatal or rows is None:
        return report, None
    batch = ValidatedBatch(
        as_of=as_of,
        folder=str(folder),
        files=summaries,
        hashes={t.name: t.sha256 for t in tables.values()},
        **{kind: rows.get(kind) for kind in KINDS},
    )
    return report, batch


def _report(as_of: date, folder: Path, files: tuple[FileSummary, ...], issues: Issues) -> ImportReport:
    return ImportReport(
        as_of=as_of,
        folder=str(folder),
        files=files,
        issues=tuple(issues.items),
        ok=not issues.fatal,
        applied=False,
    )


def _read(path: Path, kind: str, as_of: date, issues: Issues) -> RawTable | None:
    name_date = classify(path.name).name_date
    if name_date is not None and name_date != as_of:
        issues.add(
            path.name, None, None, None, "import.name_date", fatal=False,
            name_date=name_date.isoformat(), as_of=as_of.isoformat(),
        )  # fmt: skip
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            table = read_table(path, kind)
    except ReadError as err:
        issues.add(path.name, None, None, None, "import.file_unreadable", reason=str(err))
        return None
    except Exception as err:  # anything a damaged file makes a reader raise: name the file, never crash
        issues.add(path.name, None, None, None, "import.file_unreadable", reason=f"{type(err).__name__}: {err}")
        return None
    for row in table.extra_cells:
        issues.add(path.name, row, None, None, "import.extra_cells")
    return table


def _header_check(table: RawTable, issues: Issues) -> FileCheck:
    hmap = map_headers(table.kind, table.headers)
    if not any(h.strip() for h in table.headers):
        issues.add(table.name, 1, None, None, "import.no_header")
    else:
        for missing in hmap.missing:
            issues.add(table.name, 1, missing, None, "import.missing_column", name=missing)
    for field_name, header in hmap.duplicated:
        issues.add(table.name, 1, header, None, "import.duplicate_column", field=field_name)
    return FileCheck(table, issues, hmap.positions, hmap.written)


def _check_rows(
    session: Session,
    checks: dict[str, FileCheck],
    as_of: date,
    issues: Issues,
    lang: str | None,
    progress: Progress,
) -> dict[str, FileRows] | None:
    """Row checks of every file, in reference order (securities → clients → accounts → positions/contracts)."""
    policy = load_policy(session)
    ctx = Context(session, as_of, policy, issues)
    steps: dict[str, Callable[[Context, FileCheck], pd.DataFrame]] = {
        "securities": validate_master.securities,
        "clients": validate_master.clients,
        "accounts": validate_master.accounts,
        "positions": validate_book.positions,
        "contracts": validate_book.contracts,
    }
    out: dict[str, FileRows] = {}
    for kind in KINDS:
        check = checks.get(kind)
        if check is None:
            continue
        check_cancel(progress)
        progress.status(i18n.t("import.progress.checking", lang, name=check.name))
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                frame = steps[kind](ctx, check)
        except Exception as err:  # a check that trips over odd data names the file instead of crashing
            issues.add(check.name, None, None, None, "import.file_unchecked", reason=f"{type(err).__name__}: {err}")
            return None
        progress.advance()
        optional = {s.field for s in COLUMNS[kind] if not s.required}
        out[kind] = FileRows(check.name, frame, frozenset(optional & set(check.positions)))
        ctx.done[kind] = out[kind]
    return out


@dataclass
class Context:
    """Shared state of one validation: the session, the day, the policy, and the files already checked."""

    session: Session
    as_of: date
    policy: Policy
    issues: Issues
    done: dict[str, FileRows] = field(default_factory=dict)
    _cache: dict[str, Any] = field(default_factory=dict)

    def cached(self, key: str, load: Callable[[], Any]) -> Any:
        if key not in self._cache:
            self._cache[key] = load()
        return self._cache[key]

    def stored_securities(self) -> dict[str, snapshot.StoredSecurity]:
        return self.cached("securities", lambda: snapshot.securities(self.session))  # type: ignore[no-any-return]

    def stored_accounts(self) -> dict[str, snapshot.StoredAccount]:
        return self.cached("accounts", lambda: snapshot.accounts(self.session))  # type: ignore[no-any-return]

    def stored_clients(self) -> dict[str, int]:
        return self.cached("clients", lambda: snapshot.client_ids(self.session))  # type: ignore[no-any-return]
