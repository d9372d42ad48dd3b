"""Trading days and working days (SPEC §3.2 last paragraph, §5): chinesecalendar plus the branch's holiday table.

A trading day is a Monday–Friday that is not an exchange holiday; a make-up working Saturday/Sunday (调休) is a
working day but never a trading day. Working days follow ``chinese_calendar.is_workday``. For a year that neither
chinesecalendar nor the branch (``calendar_years``) knows, days fall back to plain weekdays and every result says
which years were guessed, so callers can show "节假日表缺少 2027 年数据".

Import and editing of the holiday table live in :mod:`rmdesk.services.calendar_edit`.
"""

from __future__ import annotations

import functools
from bisect import bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

import chinese_calendar
from sqlalchemy import select
from sqlalchemy.orm import Session

from rmdesk import i18n
from rmdesk.store.models import CalendarYear, HolidayDay

HOLIDAY = "holiday"
MAKEUP_WORKDAY = "makeup_workday"
KINDS = (HOLIDAY, MAKEUP_WORKDAY)
YEAR_MISSING = "calendar.year_missing"

# Years probed for chinesecalendar's coverage; it raises NotImplementedError outside the years it ships.
_PROBE_YEARS = range(1949, 2200)
_SATURDAY = 5

i18n.register(
    {
        YEAR_MISSING: (
            "节假日表缺少 {year} 年数据：该年按周一至周五推算，请导入国务院公布的 {year} 年节假日安排"
            "（rmdesk calendar import）",
            "holiday table for {year} missing: that year is counted as Monday to Friday; import the State "
            "Council's {year} holiday schedule (rmdesk calendar import)",
        ),
    }
)


@dataclass(frozen=True)
class CalendarWarning:
    """A stable code with its parameters; ``text()`` gives it in the user's language."""

    code: str
    year: int

    @property
    def params(self) -> dict[str, object]:
        return {"year": self.year}

    def text(self, lang: str | None = None) -> str:
        return i18n.t(self.code, lang, **self.params)


def _warnings(years: Iterable[int]) -> list[CalendarWarning]:
    return [CalendarWarning(YEAR_MISSING, y) for y in sorted(years)]


@dataclass(frozen=True)
class Deadline:
    """A computed due day and the years on the way that had no holiday data (weekday fallback was used)."""

    day: date
    missing_years: frozenset[int] = frozenset()

    @property
    def complete(self) -> bool:
        """True when every day counted came from real holiday data."""
        return not self.missing_years

    def warnings(self) -> list[CalendarWarning]:
        return _warnings(self.missing_years)


@functools.cache
def library_data() -> tuple[frozenset[int], frozenset[int], frozenset[int]]:
    """chinesecalendar's (known years, closed weekday ordinals, make-up weekend ordinals), read once.

    The years are found by probing ``is_workday``, which raises NotImplementedError for years without data.
    """
    years = set()
    for year in _PROBE_YEARS:
        try:
            chinese_calendar.is_workday(date(year, 7, 1))
        except NotImplementedError:
            continue
        years.add(year)
    # The exported tables, read with exactly is_workday's rule (a listed workday wins; else Mon–Fri not listed
    # as a holiday), without calling is_workday per day, which rescans the tables each time (~0.2 s for all).
    work, rest = chinese_calendar.workdays, chinese_calendar.holidays
    closed = {d.toordinal() for d in rest if d.weekday() < _SATURDAY and d not in work and d.year in years}
    makeup = {d.toordinal() for d in work if d.weekday() >= _SATURDAY and d.year in years}
    return frozenset(years), frozenset(closed), frozenset(makeup)


def library_years() -> frozenset[int]:
    """The years chinesecalendar (the installed version) has data for."""
    return library_data()[0]


def _weekdays_through(ordinal: int) -> int:
    """Number of Monday–Friday days among ordinals 1..ordinal (ordinal 1, 0001-01-01, is a Monday)."""
    return (ordinal // 7) * 5 + min(ordinal % 7, 5)


@dataclass(frozen=True, slots=True, eq=False)
class TradingCalendar:
    """An immutable, thread-safe calendar: membership is a set lookup, counting is two bisections.

    Build it with :func:`load_calendar` (from the database) or :meth:`from_entries`.
    """

    closed_weekdays: tuple[int, ...]  # sorted ordinals of Mon–Fri days the exchange is closed
    makeup_weekend_days: tuple[int, ...]  # sorted ordinals of Sat/Sun working days (调休上班)
    known_years: frozenset[int]
    _closed: frozenset[int] = field(init=False, repr=False)
    _makeup: frozenset[int] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_closed", frozenset(self.closed_weekdays))
        object.__setattr__(self, "_makeup", frozenset(self.makeup_weekend_days))

    @classmethod
    def from_entries(
        cls, entries: Iterable[tuple[date, str]] = (), complete_years: Iterable[int] = ()
    ) -> TradingCalendar:
        """chinesecalendar's data overlaid with the branch's (day, kind) entries; an entry wins over the library."""
        lib_years, lib_closed, lib_makeup = library_data()
        closed, makeup = set(lib_closed), set(lib_makeup)
        for day, kind in entries:
            o, weekend = day.toordinal(), day.weekday() >= _SATURDAY
            if kind == HOLIDAY:
                makeup.discard(o)
                if not weekend:
                    closed.add(o)
            elif kind == MAKEUP_WORKDAY:
                closed.discard(o)
                if weekend:
                    makeup.add(o)
            else:
                raise ValueError(f"unknown holiday kind {kind!r}")
        return cls(tuple(sorted(closed)), tuple(sorted(makeup)), lib_years | frozenset(complete_years))

    # -- single days ---------------------------------------------------------------------------------------
    def known(self, year: int) -> bool:
        """Whether holidays of ``year`` are known (chinesecalendar or a year the branch entered completely)."""
        return year in self.known_years

    def is_trading_day(self, d: date) -> bool:
        return d.weekday() < _SATURDAY and d.toordinal() not in self._closed

    def is_working_day(self, d: date) -> bool:
        o = d.toordinal()
        return o in self._makeup if d.weekday() >= _SATURDAY else o not in self._closed

    # -- counting ------------------------------------------------------------------------------------------
    def _count_trading(self, a: int, b: int) -> int:
        """Trading days among ordinals (a, b], a ≤ b."""
        closed = self.closed_weekdays
        return _weekdays_through(b) - _weekdays_through(a) - (bisect_right(closed, b) - bisect_right(closed, a))

    def _count_working(self, a: int, b: int) -> int:
        makeup = self.makeup_weekend_days
        return self._count_trading(a, b) + bisect_right(makeup, b) - bisect_right(makeup, a)

    @staticmethod
    def _signed(counter: Callable[[int, int], int], start: date, end: date) -> int:
        a, b = start.toordinal(), end.toordinal()
        return counter(a, b) if a <= b else -counter(b, a)

    def trading_days_between(self, start: date, end: date) -> int:
        """Trading days in (start, end]; negative (the count in (end, start]) when end is before start."""
        return self._signed(self._count_trading, start, end)

    def working_days_between(self, start: date, end: date) -> int:
        """Working days in (start, end]; negative when end is before start (e.g. working days overdue)."""
        return self._signed(self._count_working, start, end)

    # -- stepping ------------------------------------------------------------------------------------------
    @staticmethod
    def _forward(counter: Callable[[int, int], int], d: date, n: int) -> date:
        if n < 0:
            raise ValueError("n must be ≥ 0")
        # Jump `remaining` days: at most `remaining` of them count, so the jump never passes the n-th day; when
        # all of them count, the last one is the n-th. A few jumps even for large n.
        cur, remaining = d.toordinal(), n
        while remaining > 0:
            nxt = cur + remaining
            remaining -= counter(cur, nxt)
            cur = nxt
        return date.fromordinal(cur)

    @staticmethod
    def _backward(counter: Callable[[int, int], int], d: date, n: int) -> date:
        if n < 0:
            raise ValueError("n must be ≥ 0")
        cur, remaining = d.toordinal(), n
        while remaining > 0:
            nxt = cur - remaining
            remaining -= counter(nxt - 1, cur - 1)  # the days nxt .. cur-1
            cur = nxt
        return date.fromordinal(cur)

    def add_trading_days(self, d: date, n: int) -> date:
        """The n-th trading day after d (the 1st is the first trading day after d); n = 0 gives d itself."""
        return self._forward(self._count_trading, d, n)

    def add_working_days(self, d: date, n: int) -> date:
        """The n-th working day after d (the 1st is the first working day after d); n = 0 gives d itself."""
        return self._forward(self._count_working, d, n)

    def subtract_trading_days(self, d: date, n: int) -> date:
        """The n-th trading day before d (e.g. the start of "the last 20 trading days"); n = 0 gives d."""
        return self._backward(self._count_trading, d, n)

    def subtract_working_days(self, d: date, n: int) -> date:
        """The n-th working day before d; n = 0 gives d."""
        return self._backward(self._count_working, d, n)

    def next_trading_day(self, d: date) -> date:
        """The first trading day strictly after d."""
        return self.add_trading_days(d, 1)

    def previous_trading_day(self, d: date) -> date:
        """The last trading day strictly before d."""
        return self.subtract_trading_days(d, 1)

    def trading_day_on_or_before(self, d: date) -> date:
        """d when it is a trading day, else the last trading day before it (the as-of day of data dated d)."""
        return d if self.is_trading_day(d) else self.previous_trading_day(d)

    def trading_day_on_or_after(self, d: date) -> date:
        return d if self.is_trading_day(d) else self.next_trading_day(d)

    # -- deadlines and warnings ----------------------------------------------------------------------------
    def missing_years(self, dates: Iterable[date]) -> set[int]:
        """The years of ``dates`` without holiday data."""
        return {d.year for d in dates if d.year not in self.known_years}

    def missing_years_between(self, start: date, end: date) -> frozenset[int]:
        """Years without holiday data from start's year through end's year (either order)."""
        lo, hi = sorted((start.year, end.year))
        return frozenset(y for y in range(lo, hi + 1) if y not in self.known_years)

    def warnings_for(self, *dates: date) -> list[CalendarWarning]:
        """One ``calendar.year_missing`` warning per year without data from the earliest to the latest date."""
        if not dates:
            return []
        return _warnings(self.missing_years_between(min(dates), max(dates)))

    def deadline_trading(self, d: date, n: int) -> Deadline:
        """``add_trading_days(d, n)`` and the years crossed that had no data (SPEC §3.2 due dates)."""
        day = self.add_trading_days(d, n)
        return Deadline(day, self.missing_years_between(d, day))

    def deadline_working(self, d: date, n: int) -> Deadline:
        """``add_working_days(d, n)`` and the years crossed that had no data (SPEC §4, §5 deadlines)."""
        day = self.add_working_days(d, n)
        return Deadline(day, self.missing_years_between(d, day))


def load_calendar(session: Session) -> TradingCalendar:
    """The calendar as the database sees it now: chinesecalendar + ``holidays`` + ``calendar_years``."""
    entries = [(row.day, row.kind) for row in session.execute(select(HolidayDay.day, HolidayDay.kind))]
    years = session.execute(select(CalendarYear.year)).scalars().all()
    return TradingCalendar.from_entries(entries, years)


__all__ = [
    "HOLIDAY",
    "KINDS",
    "MAKEUP_WORKDAY",
    "YEAR_MISSING",
    "CalendarWarning",
    "Deadline",
    "TradingCalendar",
    "library_years",
    "load_calendar",
]
