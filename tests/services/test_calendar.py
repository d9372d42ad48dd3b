"""Trading and working days, hand-checked against the State Council's 2026 holiday notice (国办发明电〔2025〕7号).

2026 as published: 元旦 1/1–1/3 off, Sun 1/4 works; 春节 2/15 (Sun)–2/23 (Mon) off, Sat 2/14 and Sat 2/28 work;
清明 4/4–4/6; 劳动节 5/1–5/5, Sat 5/9 works; 端午 6/19–6/21; 中秋 9/25–9/27; 国庆 10/1–10/7, Sun 9/20 and
Sat 10/10 work. Make-up weekend days are working days but the exchanges stay closed.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import chinese_calendar
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from rmdesk import clock
from rmdesk.services.audit import Actor, verify_chain
from rmdesk.services.calendar import Deadline, TradingCalendar, load_calendar
from rmdesk.services.calendar_edit import (
    CalendarError,
    CalendarImportError,
    add_holiday,
    import_holidays_csv,
    mark_year_complete,
    remove_holiday,
)
from rmdesk.store.db import Database
from rmdesk.store.models import AuditRecord, CalendarYear, HolidayDay, User

EXAMPLE_2027 = Path(__file__).resolve().parents[2] / "resources" / "samples" / "holidays_example_2027.csv"


@pytest.fixture
def staff(db: Database) -> dict[str, Actor]:
    """Real user rows of each role. Their password hash is unusable: login is not under test here, and skipping
    argon2 keeps this file fast (the shared ``users`` fixture hashes four passwords per test)."""
    out: dict[str, Actor] = {}
    with db.sessions.begin() as s:
        for name, role in (("admin", "admin"), ("super", "supervisor"), ("rm1", "rm")):
            user = User(username=name, display_name=name, role=role, password_hash="!", created_at=clock.now())
            s.add(user)
            s.flush()
            out[name] = Actor(user.id, name, role)
    return out


def _calendar(db: Database) -> TradingCalendar:
    with db.sessions() as s:
        return load_calendar(s)


def _import(db: Database, path: Path, actor: Actor) -> None:
    with db.sessions.begin() as s:
        import_holidays_csv(s, path, actor)


def _count(db: Database, model: type) -> int:
    with db.sessions() as s:
        return int(s.execute(select(func.count()).select_from(model)).scalar_one())


# -- 2026, from chinesecalendar ----------------------------------------------------------------------------
def test_margin_call_deadline_across_national_day_2026(db: Database) -> None:
    cal = _calendar(db)
    # As of Wed 9/30: 10/1–10/7 closed, so the 1st trading day after is Thu 10/8 and the 2nd Fri 10/9.
    due = cal.deadline_trading(date(2026, 9, 30), 2)
    assert due.day == date(2026, 10, 9)
    assert due.complete and due.warnings() == []
    # As of Fri 10/9: Sat 10/10 is a 调休 working day but the exchange is shut; Sun 10/11 too; Mon 10/12 is the
    # 1st, Tue 10/13 the 2nd.
    assert cal.add_trading_days(date(2026, 10, 9), 2) == date(2026, 10, 13)
    assert cal.is_working_day(date(2026, 10, 10)) is True
    assert cal.is_trading_day(date(2026, 10, 10)) is False
    assert cal.next_trading_day(date(2026, 9, 30)) == date(2026, 10, 8)
    # Strictly before: Thu 10/8's predecessor is Wed 9/30 (a whole holiday week between).
    assert cal.previous_trading_day(date(2026, 10, 8)) == date(2026, 9, 30)
    assert cal.trading_day_on_or_before(date(2026, 10, 4)) == date(2026, 9, 30)
    assert cal.trading_day_on_or_before(date(2026, 10, 9)) == date(2026, 10, 9)


def test_spring_festival_2026_working_and_trading_days(db: Database) -> None:
    cal = _calendar(db)
    eve = date(2026, 2, 13)  # Friday before the break
    # Sat 2/14 is a make-up working day: the 1st working day after Fri 2/13; 2/15–2/23 off, so the 2nd is Tue 2/24.
    assert cal.add_working_days(eve, 1) == date(2026, 2, 14)
    assert cal.add_working_days(eve, 2) == date(2026, 2, 24)
    # The exchange stays shut on 2/14, so the first trading day after 2/13 is Tue 2/24.
    assert cal.add_trading_days(eve, 1) == date(2026, 2, 24)
    # (2/13, 2/28]: working 2/14, 2/24, 2/25, 2/26, 2/27, Sat 2/28 (make-up) = 6; trading 2/24–2/27 = 4.
    assert cal.working_days_between(eve, date(2026, 2, 28)) == 6
    assert cal.trading_days_between(eve, date(2026, 2, 28)) == 4
    # Counting backwards gives the negative: "6 working days overdue".
    assert cal.working_days_between(date(2026, 2, 28), eve) == -6


def test_make_up_sundays_count_as_working_days(db: Database) -> None:
    cal = _calendar(db)
    # Fri 1/2 is a New Year holiday, Sat 1/3 too; Sun 1/4 is the make-up working day.
    assert cal.add_working_days(date(2026, 1, 2), 1) == date(2026, 1, 4)
    assert cal.add_trading_days(date(2026, 1, 2), 1) == date(2026, 1, 5)
    # A complaint received Fri 9/18 must be answered within 15 working days:
    # Sun 9/20 (1), 9/21–9/24 (2–5), 9/25–9/27 中秋 off, 9/28–9/30 (6–8), 10/1–10/7 off, 10/8–10/9 (9–10),
    # Sat 10/10 make-up (11), 10/12–10/15 (12–15) → Thu 10/15.
    assert cal.deadline_working(date(2026, 9, 18), 15).day == date(2026, 10, 15)
    # The same 15 as trading days: 9/21–9/24 (4), 9/28–9/30 (7), 10/8–10/9 (9), 10/12–10/16 (14), 10/19 (15).
    assert cal.add_trading_days(date(2026, 9, 18), 15) == date(2026, 10, 19)
    assert cal.subtract_trading_days(date(2026, 10, 19), 15) == date(2026, 9, 18)


def test_zero_days_is_the_day_itself_and_negative_is_refused(db: Database) -> None:
    cal = _calendar(db)
    sunday = date(2026, 10, 4)
    assert cal.add_trading_days(sunday, 0) == sunday
    assert cal.deadline_working(sunday, 0).day == sunday  # an urgent complaint: acknowledge the same day
    with pytest.raises(ValueError, match="≥ 0"):
        cal.add_trading_days(sunday, -1)


def test_matches_chinese_calendar_on_every_day_it_knows(db: Database) -> None:
    cal = _calendar(db)
    day = date(2004, 1, 1)
    while day.year <= 2026:
        workday = chinese_calendar.is_workday(day)
        assert cal.is_working_day(day) is workday, day
        assert cal.is_trading_day(day) is (workday and day.weekday() < 5), day
        day += timedelta(days=1)


# -- a year without data -----------------------------------------------------------------------------------
def test_2027_falls_back_to_weekdays_with_a_warning_until_imported(db: Database, staff: dict[str, Actor]) -> None:
    cal = _calendar(db)
    assert cal.known(2026) and cal.known(2004)
    assert not cal.known(2027) and not cal.known(2003)
    # Thu 2027-02-04 + 1 trading day: no data, so simply the next weekday, Fri 2/5 — flagged.
    due = cal.deadline_trading(date(2027, 2, 4), 1)
    assert due.day == date(2027, 2, 5)
    assert due.missing_years == frozenset({2027})
    (warning,) = due.warnings()
    assert warning.text("zh_CN").startswith("节假日表缺少 2027 年数据")
    assert warning.text("en").startswith("holiday table for 2027 missing")
    # A 2026 as-of date whose deadline runs into 2027 says so too: Thu 12/31 (1), Fri 2027-01-01 (2, a guess).
    crossing = cal.deadline_trading(date(2026, 12, 30), 2)
    assert (crossing.day, crossing.missing_years) == (date(2027, 1, 1), frozenset({2027}))
    assert [w.year for w in cal.warnings_for(date(2026, 12, 30), date(2028, 3, 1))] == [2027, 2028]
    assert cal.missing_years([date(2026, 5, 1), date(2027, 5, 1), date(2003, 1, 1)]) == {2003, 2027}

    _import(db, EXAMPLE_2027, staff["super"])
    cal = _calendar(db)
    assert cal.known(2027)
    # The example closes Fri 2/5–Sat 2/13 for 春节: the 1st trading day after Thu 2/4 is Mon 2/15.
    due = cal.deadline_trading(date(2027, 2, 4), 1)
    assert (due.day, due.missing_years, due.warnings()) == (date(2027, 2, 15), frozenset(), [])
    # 元旦 1/1 closed: Thu 2026-12-31 (1), Mon 2027-01-04 (2).
    assert cal.deadline_trading(date(2026, 12, 30), 2) == Deadline(date(2027, 1, 4), frozenset())
    assert cal.warnings_for(date(2026, 12, 30), date(2027, 12, 31)) == []
    sat = date(2027, 2, 20)  # the example's make-up Saturday
    assert cal.is_working_day(sat) and not cal.is_trading_day(sat)
    assert not cal.is_working_day(date(2027, 10, 1))


def test_import_marks_the_year_and_writes_one_audit_record(db: Database, staff: dict[str, Actor]) -> None:
    before = _count(db, AuditRecord)
    with db.sessions.begin() as s:
        result = import_holidays_csv(s, EXAMPLE_2027, staff["super"])
    # The example lists 33 days: 4 make-up days (2/20, 5/8, 9/26, 10/9) and 29 days off.
    assert (result.years, result.holidays, result.makeup_workdays, result.replaced) == ((2027,), 29, 4, 0)
    assert _count(db, HolidayDay) == 33
    with db.sessions() as s:
        year = s.get(CalendarYear, 2027)
        assert year is not None and year.source == "holidays_example_2027.csv"
        rows = s.execute(select(AuditRecord).order_by(AuditRecord.id)).scalars().all()
        assert len(rows) == before + 1
        assert (rows[-1].entity, rows[-1].entity_id, rows[-1].action, rows[-1].username) == (
            "calendar",
            "2027",
            "import",
            "super",
        )
        assert result.sha256 in rows[-1].new
        assert verify_chain(s).ok


def test_reimport_replaces_the_year(db: Database, staff: dict[str, Actor], tmp_path: Path) -> None:
    first = tmp_path / "a.csv"
    first.write_text("date,kind,name\n2027-03-01,holiday,临时休市\n2027-03-02,holiday,临时休市\n", encoding="utf-8")
    second = tmp_path / "b.csv"
    second.write_text("date,kind,name\n2027-03-02,holiday,临时休市\n", encoding="utf-8")
    _import(db, first, staff["super"])
    assert not _calendar(db).is_trading_day(date(2027, 3, 1))
    with db.sessions.begin() as s:
        result = import_holidays_csv(s, second, staff["admin"])
    assert result.replaced == 2  # both rows of the first file were the 2027 entries
    cal = _calendar(db)
    assert cal.is_trading_day(date(2027, 3, 1)) and not cal.is_trading_day(date(2027, 3, 2))


def test_gbk_file_with_chinese_headers_and_kinds(db: Database, staff: dict[str, Actor], tmp_path: Path) -> None:
    path = tmp_path / "gbk.csv"
    path.write_bytes("日期,类型,名称,备注\n2028/01/03,休市,元旦,\n20280108,调休,元旦调休上班,周六\n".encode("gbk"))
    _import(db, path, staff["super"])
    cal = _calendar(db)
    assert cal.known(2028)
    assert not cal.is_trading_day(date(2028, 1, 3))  # Monday, closed
    assert cal.is_working_day(date(2028, 1, 8)) and not cal.is_trading_day(date(2028, 1, 8))  # Saturday


# -- rejected files ----------------------------------------------------------------------------------------
def test_bad_rows_are_all_reported_and_nothing_is_written(
    db: Database, staff: dict[str, Actor], tmp_path: Path
) -> None:
    with db.sessions.begin() as s:  # an entry that a failed import must leave alone
        add_holiday(s, staff["super"], date(2027, 6, 1), "holiday", "临时休市")
    audit_before = _count(db, AuditRecord)
    path = tmp_path / "bad.csv"
    path.write_text(
        "# comment lines keep the line numbers honest\n"
        "date,kind,name\n"  # line 2
        "2027-01-01,holiday,元旦\n"  # 3 fine
        "2027-02-30,holiday,春节\n"  # 4 no such day
        "2027-04-05,节日,清明\n"  # 5 unknown kind
        "2027-01-01,holiday,元旦\n"  # 6 duplicate of line 3
        "2027-03-01,makeup_workday,补班\n"  # 7 a Monday cannot be a make-up day
        f"2027-05-01,holiday,{'劳' * 65}\n",  # 8 name too long
        encoding="utf-8",
    )
    with db.sessions.begin() as s, pytest.raises(CalendarImportError) as caught:
        import_holidays_csv(s, path, staff["super"])
    got = [(i.row, i.column, i.value) for i in caught.value.issues]
    assert got == [
        (4, "date", "2027-02-30"),
        (5, "kind", "节日"),
        (6, "date", "2027-01-01"),
        (7, "date", "2027-03-01"),
        (8, "name", "劳" * 65),
    ]
    text = caught.value.text("zh_CN")
    assert "第 4 行，列 date，值“2027-02-30”" in text and "第 3 行已有" in text
    assert "row 5, column kind, value '节日'" in caught.value.text("en")
    assert _count(db, AuditRecord) == audit_before
    assert _count(db, CalendarYear) == 0
    with db.sessions() as s:
        assert s.execute(select(HolidayDay.day)).scalars().all() == [date(2027, 6, 1)]
    assert not _calendar(db).known(2027)


def test_missing_column_empty_file_and_unreadable_file(db: Database, staff: dict[str, Actor], tmp_path: Path) -> None:
    no_kind = tmp_path / "no_kind.csv"
    no_kind.write_text("date,name\n2027-01-01,元旦\n", encoding="utf-8")
    empty = tmp_path / "empty.csv"
    empty.write_text("# nothing yet\ndate,kind,name\n", encoding="utf-8")
    cases = [(no_kind, "calendar.csv.missing_column"), (empty, "calendar.csv.empty")]
    cases.append((tmp_path / "absent.csv", "calendar.csv.unreadable"))
    for path, code in cases:
        with db.sessions.begin() as s, pytest.raises(CalendarImportError) as caught:
            import_holidays_csv(s, path, staff["super"])
        assert [i.code for i in caught.value.issues] == [code], path
    assert _count(db, HolidayDay) == 0


def test_an_rm_may_not_change_the_holiday_table(db: Database, staff: dict[str, Actor]) -> None:
    with db.sessions.begin() as s, pytest.raises(CalendarError) as caught:
        import_holidays_csv(s, EXAMPLE_2027, staff["rm1"])
    assert caught.value.code == "calendar.forbidden"
    with db.sessions.begin() as s, pytest.raises(CalendarError):
        add_holiday(s, staff["rm1"], date(2026, 11, 23), "holiday", "x")
    assert _count(db, HolidayDay) == 0


# -- single-day edits (settings page) ----------------------------------------------------------------------
def test_add_and_remove_a_special_closure(db: Database, staff: dict[str, Actor]) -> None:
    monday = date(2026, 11, 23)
    with db.sessions.begin() as s:
        add_holiday(s, staff["super"], monday, "休市", "临时休市")
    cal = _calendar(db)
    # Fri 11/20 + 1 trading day skips the closed Monday → Tue 11/24; it is no working day either.
    assert cal.add_trading_days(date(2026, 11, 20), 1) == date(2026, 11, 24)
    assert not cal.is_working_day(monday)
    with db.sessions.begin() as s:
        assert remove_holiday(s, staff["super"], monday) is True
    assert _calendar(db).add_trading_days(date(2026, 11, 20), 1) == monday
    with db.sessions() as s:
        actions = s.execute(select(AuditRecord.action).where(AuditRecord.entity == "holiday")).scalars().all()
    assert actions == ["add", "remove"]


def test_make_up_day_must_be_a_weekend_and_kind_must_be_known(db: Database, staff: dict[str, Actor]) -> None:
    with db.sessions.begin() as s:
        with pytest.raises(CalendarError) as caught:
            add_holiday(s, staff["super"], date(2026, 11, 23), "makeup_workday")
        assert caught.value.code == "calendar.makeup_on_weekday"
        with pytest.raises(CalendarError) as caught:
            add_holiday(s, staff["super"], date(2026, 11, 28), "festival")
        assert caught.value.code == "calendar.bad_kind"


def test_year_entered_by_hand_can_be_marked_complete(db: Database, staff: dict[str, Actor]) -> None:
    with db.sessions.begin() as s:
        add_holiday(s, staff["super"], date(2028, 1, 3), "holiday", "元旦")
    assert _calendar(db).deadline_trading(date(2027, 12, 31), 1).missing_years == frozenset({2027, 2028})
    with db.sessions.begin() as s:
        mark_year_complete(s, staff["super"], 2028)
    # 2027 still has no data; 2028 does, and its 1/3 closure counts: Fri 12/31 + 1 → Tue 2028-01-04.
    due = _calendar(db).deadline_trading(date(2027, 12, 31), 1)
    assert (due.day, due.missing_years) == (date(2028, 1, 4), frozenset({2027}))


# -- properties --------------------------------------------------------------------------------------------
@pytest.fixture
def calendar_2027(db: Database, staff: dict[str, Actor]) -> TradingCalendar:
    _import(db, EXAMPLE_2027, staff["super"])
    return _calendar(db)


DAYS = st.dates(min_value=date(2003, 6, 1), max_value=date(2029, 6, 30))  # 2003 and 2028+ are fallback years
PROPS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@PROPS
@given(d=DAYS, n=st.integers(min_value=0, max_value=400))
def test_trading_day_arithmetic_properties(calendar_2027: TradingCalendar, d: date, n: int) -> None:
    cal = calendar_2027  # immutable, so sharing it between examples is safe
    end = cal.add_trading_days(d, n)
    assert cal.trading_days_between(d, end) == n
    assert cal.add_trading_days(d, n + 1) > end
    if n >= 1:
        assert cal.is_trading_day(end)
        assert cal.subtract_trading_days(end, n) == cal.trading_day_on_or_before(d)


@PROPS
@given(d=DAYS, n=st.integers(min_value=0, max_value=40))
def test_stepping_agrees_with_walking_day_by_day(calendar_2027: TradingCalendar, d: date, n: int) -> None:
    cal = calendar_2027
    for is_member, add in ((cal.is_trading_day, cal.add_trading_days), (cal.is_working_day, cal.add_working_days)):
        day, left = d, n
        while left:
            day += timedelta(days=1)
            left -= is_member(day)
        assert add(d, n) == day
    assert cal.working_days_between(d, cal.add_working_days(d, n)) == n
