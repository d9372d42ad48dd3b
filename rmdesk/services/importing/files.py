"""Finding the import files in a folder and reading them as text tables (SPEC §7).

CSV: UTF-8 with or without BOM, else GB18030 (a superset of GBK), detected by strict decoding; comma-separated
(tab when the header has tabs and no commas). XLSX: the first sheet, cells converted to the text a CSV would
hold. Every cell comes out as ``str`` — numbers are parsed later with Decimal, never as floats. Row numbers are
the spreadsheet's: the header is row 1, the first data row is row 2; fully blank rows are skipped but counted.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from rmdesk.services.importing.columns import classify
from rmdesk.services.importing.values import excel_text


@dataclass(frozen=True)
class FileSummary:
    name: str
    kind: str
    rows: int
    encoding: str  # utf-8, utf-8-sig, gb18030 or xlsx


class ReadError(Exception):
    """The file cannot be read as a table; the message is the reason shown to the user."""


@dataclass
class RawTable:
    """One file as text: its header cells, its data cells (index = spreadsheet row number), its fingerprint."""

    path: Path
    kind: str
    encoding: str
    headers: list[str]
    frame: pd.DataFrame  # columns 0..n-1, every cell a str; index = row number
    sha256: str
    extra_cells: list[int]  # rows with non-blank cells beyond the header

    @property
    def name(self) -> str:
        return self.path.name

    def summary(self) -> FileSummary:
        return FileSummary(self.name, self.kind, len(self.frame), self.encoding)


@dataclass(frozen=True)
class Found:
    """The import files of a folder by kind, files of the same kind twice, and files that are not import files."""

    files: dict[str, list[Path]]
    ignored: tuple[Path, ...]


def discover(folder: Path) -> Found:
    files: dict[str, list[Path]] = {}
    ignored: list[Path] = []
    for path in sorted(folder.iterdir(), key=lambda p: p.name):
        if not path.is_file():
            continue
        kind = classify(path.name).kind
        if kind is None:
            if not path.name.startswith((".", "~$")):
                ignored.append(path)
            continue
        files.setdefault(kind, []).append(path)
    return Found(files, tuple(ignored))


def decode(data: bytes) -> tuple[str, str]:
    """The text of a CSV and the encoding it was in: UTF-8 (BOM or not), else GB18030."""
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as err:
            raise ReadError(f"UTF-8 BOM but invalid UTF-8 at byte {err.start + 3}") from None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ReadError("UTF-16 is not supported; save the file as UTF-8 or GBK CSV")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError as err:
        raise ReadError(f"neither UTF-8 nor GBK/GB18030 (byte {err.start})") from None


def read_table(path: Path, kind: str) -> RawTable:
    """Read one CSV/XLSX file; raises ReadError with the reason when it is not a readable table."""
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if path.name.lower().endswith(".xlsx"):
        rows, encoding = _xlsx_rows(data), "xlsx"
        headers, frame, extra = _table_from_rows(rows)
    else:
        text: str | None = None
        utf8: bytes | None = data
        if data.isascii():  # ASCII is UTF-8 as it is: no need to hold the file as a str too
            encoding = "utf-8"
        else:
            text, encoding = decode(data)
            utf8 = data[3:] if encoding == "utf-8-sig" else data if encoding == "utf-8" else None
        if b"\x00" in data:  # no multi-byte character of UTF-8 or GB18030 holds a NUL byte
            raise ReadError("the file contains NUL bytes (binary data?)")
        headers, frame, extra = _csv_table(text, utf8)
    return RawTable(path, kind, encoding, headers, frame, digest, extra)


def _separator(text: str) -> str:
    end = text.find("\n")
    first = text if end < 0 else text[:end]
    return "\t" if "\t" in first and "," not in first else ","


def _csv_table(text: str | None, utf8: bytes | None = None) -> tuple[list[str], pd.DataFrame, list[int]]:
    """``text`` as a table; ``utf8`` (the same text as UTF-8 bytes, when the file was UTF-8) spares re-encoding it.

    ``text`` may be None when ``utf8`` is given: it is decoded only if the csv module has to read the file.
    """
    if text is None:
        assert utf8 is not None, "the text or its UTF-8 bytes"
        end = utf8.find(b"\n")
        sep = _separator((utf8 if end < 0 else utf8[:end]).decode("utf-8"))
    else:
        sep = _separator(text)
    try:
        frame = pd.read_csv(
            io.StringIO(text) if utf8 is None else io.BytesIO(utf8),
            encoding="utf-8",
            sep=sep,
            header=None,
            dtype=object,
            keep_default_na=False,
            na_filter=False,
            skip_blank_lines=False,
            engine="c",
            low_memory=False,  # one pass: no chunks to concatenate
        )
    except pd.errors.EmptyDataError:
        raise ReadError("the file is empty") from None
    except (pd.errors.ParserError, ValueError, csv.Error):
        # Ragged rows (a trailing comma, a stray quote): the csv module reads them; extra cells are reported.
        if text is None:
            text = utf8.decode("utf-8") if utf8 is not None else ""
        try:
            rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=sep))
        except csv.Error as err:
            raise ReadError(str(err)) from None
        return _table_from_rows(rows)
    if frame.empty:
        raise ReadError("the file is empty")
    # na_filter=False leaves no NaN except the missing cells of short rows, which are always the last ones (the C
    # parser marks a missing cell NaN, never None: NaN is the one value unequal to itself)
    last = frame.iloc[:, -1].to_numpy()
    if np.not_equal(last, last).any():
        frame = frame.fillna("").astype(object)
    headers = [str(h) for h in frame.iloc[0].tolist()]
    body = frame.iloc[1:]
    body.index = pd.RangeIndex(2, len(frame) + 1)
    body.columns = pd.RangeIndex(len(headers))
    return headers, _drop_blank_rows(body), []


def _table_from_rows(rows: list[list[str]]) -> tuple[list[str], pd.DataFrame, list[int]]:
    """Rows of text cells (csv module or xlsx) → headers, frame and the rows with cells beyond the header."""
    if not rows:
        raise ReadError("the file is empty")
    headers = [str(h) for h in rows[0]]
    while headers and not headers[-1].strip():
        headers.pop()
    width = max(len(headers), 1)
    extra: list[int] = []
    cells: list[list[str]] = []
    for number, row in enumerate(rows[1:], start=2):
        if len(row) > width and any(c.strip() for c in row[width:]):
            extra.append(number)
        cells.append((list(row[:width]) + [""] * (width - len(row)))[:width])
    body = pd.DataFrame(cells, columns=pd.RangeIndex(width), dtype=object)
    body.index = pd.RangeIndex(2, len(rows) + 1)
    return headers, _drop_blank_rows(body), extra


def _drop_blank_rows(body: pd.DataFrame) -> pd.DataFrame:
    if body.empty:
        return body
    blank = body.apply(lambda col: col.str.strip() == "").all(axis=1) if _may_have_blank_rows(body) else None
    return body if blank is None or not blank.any() else body[~blank]


_BLANK_CELL_RE = re.compile(r"\n[^\S\n]*\n")  # starts with a literal: fast over a whole column


def _may_have_blank_rows(body: pd.DataFrame) -> bool:
    """Cheap pre-check over the joined first column: a fully blank row has a blank first cell."""
    wrapped = "\n" + "\n".join(body.iloc[:, 0].tolist()) + "\n"
    return _BLANK_CELL_RE.search(wrapped) is not None


def _xlsx_rows(data: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as err:  # openpyxl raises many kinds for a damaged or non-xlsx file
        raise ReadError(f"not a readable .xlsx workbook ({type(err).__name__}: {err})") from None
    try:
        if not book.worksheets:
            raise ReadError("the workbook has no sheet")
        sheet = book.worksheets[0]
        return [[excel_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        book.close()
