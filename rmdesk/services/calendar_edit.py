"""Extending the holiday table: the documented CSV import and single-day edits (SPEC §3.2, §8 ``calendar``).

Only a supervisor or an admin may change it, because every deadline of the branch depends on it. Each change is
audited. A file's years are taken as complete: they replace the branch's earlier entries for those years and are
recorded in ``calendar_years`` so the weekday fallback (and its warning) stops for them.
"""

from __future__ import annotations

import csv
import hashlib
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from rmdesk import clock, i18n
from rmdesk.services import audit
from rmdesk.services.audit import Actor
from rmdesk.services.calendar import HOLIDAY, MAKEUP_WORKDAY
from rmdesk.store.models import CalendarYear, HolidayDay

MIN_YEAR, MAX_YEAR = 1990, 2100  # outside this a "year" is a typo, not a holiday schedule
NAME_MAX = 64  # holidays.name is VARCHAR(64)
SOURCE_MAX = 128  # calendar_years.source is VARCHAR(128)
EDITOR_ROLES = ("supervisor", "admin")

KIND_ALIASES = {
    "holiday": HOLIDAY,
    "休市": HOLIDAY,
    "放假": HOLIDAY,
    "makeup_workday": MAKEUP_WORKDAY,
    "调休": MAKEUP_WORKDAY,
    "补班": MAKEUP_WORKDAY,
    "上班": MAKEUP_WORKDAY,
}
COLUMN_ALIASES = {
    "date": "date",
    "日期": "date",
    "kind": "kind",
    "类型": "kind",
    "类别": "kind",
    "name": "name",
    "名称": "name",
    "节日": "name",
}
REQUIRED_COLUMNS = ("date", "kind")
_SATURDAY = 5
_DATE_FORMS = (
    re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"),
    re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)

i18n.register(
    {
        "calendar.forbidden": (
            "只有营业部负责人或管理员可以修改节假日表",
            "only a supervisor or an admin may change the holiday table",
        ),
        "calendar.bad_kind": (
            "未知类型“{value}”（应为 holiday/休市 或 makeup_workday/调休）",
            "unknown kind '{value}' (expected holiday/休市 or makeup_workday/调休)",
        ),
        "calendar.makeup_on_weekday": (
            "{value} 是周一至周五，不能登记为调休上班日",
            "{value} is a Monday to Friday; only a Saturday or Sunday can be a make-up working day",
        ),
        "calendar.name_too_long": ("名称超过 {max} 个字符", "name longer than {max} characters"),
        "calendar.bad_year": ("年份须在 {min}–{max} 之间", "the year must be between {min} and {max}"),
        "calendar.csv.unreadable": ("无法读取文件：{reason}", "cannot read the file: {reason}"),
        "calendar.csv.encoding": ("文件编码不是 UTF-8 或 GBK", "the file is neither UTF-8 nor GBK"),
        "calendar.csv.missing_column": ("缺少必需的列 {column}", "required column {column} is missing"),
        "calendar.csv.empty": ("文件中没有任何日期", "the file contains no dates"),
        "calendar.csv.bad_date": (
            "日期无法识别（应为 YYYY-MM-DD、YYYY/MM/DD 或 YYYYMMDD）",
            "not a date (expected YYYY-MM-DD, YYYY/MM/DD or YYYYMMDD)",
        ),
        "calendar.csv.duplicate": ("日期重复（第 {first_row} 行已有）", "duplicate date (already on row {first_row})"),
        "calendar.csv.issue": (
            "第 {row} 行，列 {column}，值“{value}”：{reason}",
            "row {row}, column {column}, value '{value}': {reason}",
        ),
        "calendar.csv.file_issue": ("{reason}", "{reason}"),
        "calendar.csv.rejected": ("文件有 {count} 处错误，未导入任何数据", "{count} problems; nothing imported"),
    }
)


class CalendarError(Exception):
    """A holiday-table change that cannot be done; ``code``/``params`` are stable for the UI to translate."""

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(i18n.t(code, "en", **params))
        self.code = code
        self.params = params

    def text(self, lang: str | None = None) -> str:
        return i18n.t(self.code, lang, **self.params)


@dataclass(frozen=True)
class ImportIssue:
    """One problem of a holiday file: its line in the file (0 = the file as a whole), column and value."""

    row: int
    column: str
    value: str
    code: str
    params: tuple[tuple[str, object], ...] = ()

    def text(self, lang: str | None = None) -> str:
        reason = i18n.t(self.code, lang, value=self.value, **dict(self.params))
        if self.row == 0:
            return i18n.t("calendar.csv.file_issue", lang, reason=reason)
        return i18n.t("calendar.csv.issue", lang, row=self.row, column=self.column, value=self.value, reason=reason)


class CalendarImportError(CalendarError):
    """The file was rejected; nothing was written. ``issues`` lists every problem found."""

    def __init__(self, issues: list[ImportIssue]) -> None:
        self.issues = tuple(issues)
        super().__init__("calendar.csv.rejected", count=len(self.issues))

    def text(self, lang: str | None = None) -> str:
        return "\n".join(issue.text(lang) for issue in self.issues)


@dataclass(frozen=True)
class HolidayEntry:
    day: date
    kind: str
    name: str
    row: int = 0


@dataclass(frozen=True)
class ImportedYears:
    """What an import did: the years now complete and what they hold."""

    years: tuple[int, ...]
    holidays: int  # rows of kind holiday (weekend days inside a holiday period included)
    makeup_workdays: int
    replaced: int  # earlier entries of those years that the file replaced
    source: str
    sha256: str


def parse_day(text: str) -> date | None:
    """YYYY-MM-DD, YYYY/MM/DD or YYYYMMDD (the forms of SPEC §7), else None."""
    value = text.strip()
    for form in _DATE_FORMS:
        m = form.match(value)
        if m:
            try:
                return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                return None
    return None


def normalize_kind(text: str) -> str | None:
    return KIND_ALIASES.get(text.strip().lower())


def _entry_problems(day: date, kind: str, name: str) -> list[tuple[str, str, dict[str, object]]]:
    """(column, code, params) problems shared by the CSV import and add_holiday."""
    out: list[tuple[str, str, dict[str, object]]] = []
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        out.append(("date", "calendar.bad_year", {"min": MIN_YEAR, "max": MAX_YEAR}))
    if kind == MAKEUP_WORKDAY and day.weekday() < _SATURDAY:
        out.append(("date", "calendar.makeup_on_weekday", {}))
    if len(name) > NAME_MAX:
        out.append(("name", "calendar.name_too_long", {"max": NAME_MAX}))
    return out


def _decode(raw: bytes) -> str | None:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def _read(path: str | Path) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as err:
        issue = ImportIssue(0, "", "", "calendar.csv.unreadable", (("reason", err.strerror or str(err)),))
        raise CalendarImportError([issue]) from None


def _cell(cells: list[str], columns: dict[str, int], name: str) -> str:
    i = columns.get(name)
    return cells[i].strip() if i is not None and i < len(cells) else ""


def read_holidays_csv(path: str | Path) -> list[HolidayEntry]:
    """Parse and validate a holiday file without writing anything (a dry run); see :func:`parse_holidays`."""
    return parse_holidays(_read(path))


def parse_holidays(raw: bytes) -> list[HolidayEntry]:
    """Parse and validate a holiday file's bytes; raise CalendarImportError listing every problem.

    Format: a header row with ``date,kind,name`` (or 日期,类型,名称; extra columns ignored), one row per day;
    lines starting with ``#`` are comments; UTF-8 (with or without BOM) or GBK/GB18030. ``kind`` is
    holiday/休市/放假 or makeup_workday/调休/补班/上班.
    """
    text = _decode(raw)
    if text is None:
        raise CalendarImportError([ImportIssue(0, "", "", "calendar.csv.encoding")])
    # Comments become blank lines so the reader's line numbers stay those an editor shows.
    lines = ["" if line.lstrip().startswith("#") else line for line in text.splitlines()]
    reader = csv.reader(lines)
    columns: dict[str, int] | None = None
    issues: list[ImportIssue] = []
    entries: list[HolidayEntry] = []
    first_row: dict[date, int] = {}
    for cells in reader:
        if not any(c.strip() for c in cells):
            continue
        row = reader.line_num
        if columns is None:
            columns = {}
            for i, head in enumerate(cells):
                key = COLUMN_ALIASES.get(head.strip().lstrip("\ufeff").lower())
                if key and key not in columns:
                    columns[key] = i
            missing = [c for c in REQUIRED_COLUMNS if c not in columns]
            if missing:
                raise CalendarImportError(
                    [ImportIssue(row, c, "", "calendar.csv.missing_column", (("column", c),)) for c in missing]
                )
            continue
        date_text, kind_text, name = (_cell(cells, columns, c) for c in ("date", "kind", "name"))
        day, kind = parse_day(date_text), normalize_kind(kind_text)
        if day is None:
            issues.append(ImportIssue(row, "date", date_text, "calendar.csv.bad_date"))
        if kind is None:
            issues.append(ImportIssue(row, "kind", kind_text, "calendar.bad_kind"))
        if day is None or kind is None:
            continue
        if day in first_row:
            issues.append(
                ImportIssue(row, "date", date_text, "calendar.csv.duplicate", (("first_row", first_row[day]),))
            )
            continue
        first_row[day] = row
        problems = _entry_problems(day, kind, name)
        for column, code, params in problems:
            value = name if column == "name" else date_text
            issues.append(ImportIssue(row, column, value, code, tuple(params.items())))
        if not problems:
            entries.append(HolidayEntry(day, kind, name, row))
    if not issues and not entries:
        issues.append(ImportIssue(0, "", "", "calendar.csv.empty"))
    if issues:
        raise CalendarImportError(issues)
    return entries


def _require_editor(actor: Actor) -> None:
    if getattr(actor, "role", None) not in EDITOR_ROLES:
        raise CalendarError("calendar.forbidden")


def _mark_complete(session: Session, year: int, source: str) -> None:
    row = session.get(CalendarYear, year)
    if row is None:
        session.add(CalendarYear(year=year, source=source[:SOURCE_MAX], added_at=clock.now()))
    else:
        row.source, row.added_at = source[:SOURCE_MAX], clock.now()


def import_holidays_csv(session: Session, path: str | Path, actor: Actor) -> ImportedYears:
    """Validate the whole file, then replace the branch's entries for its years and mark them complete.

    Writes nothing when any row is wrong (CalendarImportError). Runs in the caller's transaction; one audit
    record describes the import.
    """
    _require_editor(actor)
    raw = _read(path)
    entries = parse_holidays(raw)
    p = Path(path)
    digest = hashlib.sha256(raw).hexdigest()
    years = tuple(sorted({e.day.year for e in entries}))
    replaced = 0
    for year in years:
        in_years = HolidayDay.day.between(date(year, 1, 1), date(year, 12, 31))
        replaced += int(session.execute(select(func.count()).where(in_years)).scalar_one())
        session.execute(delete(HolidayDay).where(in_years))
    now = clock.now()
    session.add_all(HolidayDay(day=e.day, kind=e.kind, name=e.name, added_at=now, added_by=actor.id) for e in entries)
    for year in years:
        _mark_complete(session, year, p.name)
    holidays = sum(1 for e in entries if e.kind == HOLIDAY)
    result = ImportedYears(years, holidays, len(entries) - holidays, replaced, p.name, digest)
    audit.record(
        session,
        actor,
        "calendar",
        ",".join(str(y) for y in years),
        "import",
        {"entries": replaced} if replaced else None,
        {
            "years": list(years),
            "holidays": holidays,
            "makeup_workdays": result.makeup_workdays,
            "source": p.name,
            "sha256": digest,
        },
    )
    session.flush()
    return result


def add_holiday(session: Session, actor: Actor, day: date, kind: str, name: str = "") -> HolidayEntry:
    """Add or change one day of the holiday table (settings page); audited. ``kind`` accepts the CSV aliases."""
    _require_editor(actor)
    norm = normalize_kind(kind)
    if norm is None:
        raise CalendarError("calendar.bad_kind", value=kind)
    name = name.strip()
    for _column, code, params in _entry_problems(day, norm, name):
        raise CalendarError(code, value=day.isoformat(), **params)
    row = session.get(HolidayDay, day)
    new = {"kind": norm, "name": name}
    if row is None:
        session.add(HolidayDay(day=day, kind=norm, name=name, added_at=clock.now(), added_by=actor.id))
        audit.record(session, actor, "holiday", day.isoformat(), "add", None, new)
    else:
        old, changed = audit.diff({"kind": row.kind, "name": row.name}, new)
        row.kind, row.name, row.added_at, row.added_by = norm, name, clock.now(), actor.id
        if changed:
            audit.record(session, actor, "holiday", day.isoformat(), "update", old, changed)
    session.flush()
    return HolidayEntry(day, norm, name)


def remove_holiday(session: Session, actor: Actor, day: date) -> bool:
    """Delete the branch's entry for ``day`` (chinesecalendar's own data is untouched); audited."""
    _require_editor(actor)
    row = session.get(HolidayDay, day)
    if row is None:
        return False
    audit.record(session, actor, "holiday", day.isoformat(), "remove", {"kind": row.kind, "name": row.name}, None)
    session.delete(row)
    session.flush()
    return True


def mark_year_complete(session: Session, actor: Actor, year: int, source: str = "manual") -> None:
    """Declare that every holiday of ``year`` has been entered by hand, so the weekday fallback stops."""
    _require_editor(actor)
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise CalendarError("calendar.bad_year", min=MIN_YEAR, max=MAX_YEAR)
    existed = session.get(CalendarYear, year) is not None
    _mark_complete(session, year, source)
    audit.record(session, actor, "calendar", str(year), "complete", None, {"source": source, "again": existed})
    session.flush()
