"""What an import returns: its issues, the report, and the validated batch that apply writes."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pandas as pd

from rmdesk import i18n
from rmdesk.services.importing import messages as _messages  # noqa: F401 — registers the catalogue
from rmdesk.services.importing.files import FileSummary


@dataclass(frozen=True)
class ImportIssue:
    """One problem: where (file, spreadsheet row, column header as written, the cell text) and why (a code).

    ``fatal`` issues stop the import; the others are notices (an ignored file, an unknown RM, a short contract
    on a non-shortable security).
    """

    file: str
    row: int | None
    column: str | None
    value: str | None
    code: str
    params: dict[str, Any] = field(default_factory=dict)
    fatal: bool = True

    def message(self, lang: str | None = None) -> str:
        """The reason in the user's language (or ``lang``)."""
        return i18n.t(self.code, lang, **self.params)

    def location(self) -> str:
        """``file:row:column`` (parts that do not apply are left out)."""
        parts = [self.file or "-"]
        if self.row is not None:
            parts.append(str(self.row))
        if self.column:
            parts.append(self.column)
        return ":".join(parts)

    def line(self, lang: str | None = None) -> str:
        """``file:row:column: value — reason`` as the CLI prints it."""
        value = "" if self.value is None else self.value
        return f"{self.location()}: {value} — {self.message(lang)}"


@dataclass(frozen=True)
class ImportReport:
    as_of: date
    folder: str
    files: tuple[FileSummary, ...]
    issues: tuple[ImportIssue, ...]
    ok: bool  # no fatal issue
    applied: bool
    counts: dict[str, int] = field(default_factory=dict)
    account_ids: tuple[int, ...] = ()
    scan: object | None = None  # what rmdesk.services.risk.refresh returned

    @property
    def fatal(self) -> tuple[ImportIssue, ...]:
        return tuple(i for i in self.issues if i.fatal)

    @property
    def notices(self) -> tuple[ImportIssue, ...]:
        return tuple(i for i in self.issues if not i.fatal)


@dataclass(frozen=True)
class FileRows:
    """A validated file: one row per data row (index = spreadsheet row), parsed values, None where blank.

    ``present`` names the optional columns the file has: an absent column leaves stored values alone, a blank cell
    in a present column means the default (SPEC §7).
    """

    name: str
    frame: pd.DataFrame
    present: frozenset[str]


@dataclass(frozen=True)
class ValidatedBatch:
    """Everything apply needs, all of it checked; only built when no issue is fatal."""

    as_of: date
    folder: str
    files: tuple[FileSummary, ...]
    hashes: dict[str, str]  # file name → sha256
    securities: FileRows | None
    clients: FileRows | None
    accounts: FileRows | None
    positions: FileRows | None
    contracts: FileRows | None
