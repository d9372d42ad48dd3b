"""The client book: who sees which clients, what each row says, search by pinyin/number/phone, filters, sorting,
and the masked profile with the supervisor's audited reveal."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from rmdesk.services.audit import Actor
from rmdesk.services.clients import ClientError, ClientRow, get_client, list_client_rows, search_key
from rmdesk.services.clients_search import (
    NO_FIGURES,
    UNASSIGNED,
    BookFilter,
    BookView,
    filter_rows,
    normalize_query,
    sort_indices,
)
from rmdesk.services.names import initials
from rmdesk.store.db import Database
from rmdesk.store.models import AuditRecord, Callback, ComplaintCase, RiskWarning
from tests.services.clients_support import T0, add_account, add_client, add_figures, make_id, open_shared_db


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Database, dict[str, Actor], dict[str, int]]]:
    """One database for the whole module (these tests only read, except one audited reveal)."""
    database, actors = open_shared_db(tmp_path_factory.mktemp("clients") / "book.sqlite3")
    yield database, actors, _fill(database, actors)
    database.dispose()


@pytest.fixture
def db(shared: tuple[Database, dict[str, Actor], dict[str, int]]) -> Database:
    return shared[0]


@pytest.fixture
def users(shared: tuple[Database, dict[str, Actor], dict[str, int]]) -> dict[str, Actor]:
    return shared[1]


@pytest.fixture
def book(shared: tuple[Database, dict[str, Actor], dict[str, int]]) -> dict[str, int]:
    return shared[2]


def _fill(db: Database, users: dict[str, Actor]) -> dict[str, int]:
    """Four clients: two of rm1 (one with two days of figures), one of rm2, one unassigned."""
    rm1, rm2 = users["rm1"].id, users["rm2"].id
    with db.sessions.begin() as s:
        zhang = add_client(
            s,
            "C0001",
            "张伟",
            rm1,
            initials=initials("张伟"),
            phone="13812345678",
            id_no=make_id("110105", date(1980, 3, 7), 123),
            tier="VIP",
            risk_level=4,
        )
        shan = add_client(s, "C0002", "单田芳", rm1, initials=initials("单田芳"), phone="13900001111", tier="普通")
        li = add_client(s, "C0003", "李娜", rm2, initials=initials("李娜"), phone="13700002222", risk_level=5)
        free = add_client(s, "C0004", "曾国藩", None, initials=initials("曾国藩"))
        acc1 = add_account(s, zhang, "880001")
        acc3 = add_account(s, li, "880003")
        add_figures(s, acc1, date(2026, 11, 19), "1.6000", "normal")
        add_figures(s, acc1, date(2026, 11, 20), "1.3512", "warning")  # the latest wins
        add_figures(s, acc3, date(2026, 11, 20), None, "normal")  # no liabilities: ratio undefined
        for status in ("open", "notified", "resolved"):
            s.add(
                RiskWarning(
                    account_id=acc1.id,
                    client_id=zhang.id,
                    kind="ratio_warning",
                    status=status,
                    raised_as_of=date(2026, 11, 20),
                    last_seen_as_of=date(2026, 11, 20),
                    raised_at=T0,
                )
            )
        for due, status in (
            (date(2026, 12, 1), "planned"),
            (date(2026, 11, 25), "planned"),
            (date(2026, 11, 1), "done"),
        ):
            s.add(Callback(client_id=zhang.id, source="manual", due_date=due, status=status, created_at=T0))
        for i, status in enumerate(("investigating", "closed")):
            s.add(
                ComplaintCase(
                    case_no=f"TS2026{i:06d}",
                    client_id=zhang.id,
                    channel="电话",
                    category="其他",
                    summary="test",
                    received_at=T0,
                    status=status,
                    ack_due=date(2026, 1, 6),
                    respond_due=date(2026, 1, 26),
                )
            )
        return {"zhang": zhang.id, "shan": shan.id, "li": li.id, "free": free.id}


def _numbers(rows: list[ClientRow]) -> list[str]:
    return [r.client_no for r in rows]


def test_rm_sees_only_own_clients_supervisor_and_admin_see_all(db: Database, users: dict[str, Actor], book) -> None:
    with db.sessions() as s:
        assert _numbers(list_client_rows(s, users["rm1"])) == ["C0001", "C0002"]
        assert _numbers(list_client_rows(s, users["rm2"])) == ["C0003"]
        # the unassigned client is seen by supervisors until assigned (SPEC §7)
        assert _numbers(list_client_rows(s, users["super"])) == ["C0001", "C0002", "C0003", "C0004"]
        assert _numbers(list_client_rows(s, users["admin"])) == ["C0001", "C0002", "C0003", "C0004"]


def test_book_row_shows_latest_figures_and_open_work(db: Database, users: dict[str, Actor], book) -> None:
    with db.sessions() as s:
        rows = {r.client_no: r for r in list_client_rows(s, users["super"])}
    zhang = rows["C0001"]
    assert zhang.maintenance_ratio == Decimal("1.3512")  # 2026-11-20, not 1.6000 of the day before
    assert zhang.level == "warning"
    assert zhang.as_of == date(2026, 11, 20)
    assert zhang.open_warnings == 2  # open + notified; the resolved one does not count
    assert zhang.next_callback == date(2026, 11, 25)  # earliest planned; the done one is history
    assert zhang.open_cases == 1  # investigating; closed does not count
    assert zhang.rm_name == "李经理"
    assert zhang.account_no == "880001"
    assert zhang.phone_masked == "138****5678"
    assert zhang.phone_last4 == "5678"
    assert "13812345678" not in zhang.search_key  # only the last 4 digits are searchable
    assert rows["C0003"].maintenance_ratio is None and rows["C0003"].level == "normal"
    assert rows["C0002"].level is None and rows["C0002"].account_no == ""


def _search(rows: list[ClientRow], text: str) -> list[str]:
    return [rows[i].client_no for i in filter_rows(rows, BookFilter(text=text))]


def test_search_by_name_pinyin_initials_numbers_and_phone_last4(db: Database, users: dict[str, Actor], book) -> None:
    with db.sessions() as s:
        rows = list_client_rows(s, users["super"])
    assert _search(rows, "张") == ["C0001"]
    assert _search(rows, "zw") == ["C0001"]  # 张伟 → z(hang) w(ei)
    assert _search(rows, "ZW") == ["C0001"]  # case does not matter
    assert _search(rows, "ｚｗ") == ["C0001"]  # nor full-width letters from a Chinese input method
    assert _search(rows, "stf") == ["C0002"]  # 单 as a surname reads shàn, not dān
    assert _search(rows, "zgf") == ["C0004"]  # 曾 as a surname reads zēng, not céng
    assert _search(rows, "c0003") == ["C0003"]
    assert _search(rows, "880001") == ["C0001"]
    assert _search(rows, "5678") == ["C0001"]
    assert _search(rows, "1234") == []  # middle digits of the phone are not searchable
    assert _search(rows, "") == ["C0001", "C0002", "C0003", "C0004"]


def test_filters_combine(db: Database, users: dict[str, Actor], book) -> None:
    with db.sessions() as s:
        rows = list_client_rows(s, users["super"])

    def pick(**kw: object) -> list[str]:
        return [rows[i].client_no for i in filter_rows(rows, BookFilter(**kw))]  # type: ignore[arg-type]

    assert pick(level="warning") == ["C0001"]
    assert pick(level=NO_FIGURES) == ["C0002", "C0004"]
    assert pick(tier="VIP") == ["C0001"]
    assert pick(risk_level=5) == ["C0003"]
    assert pick(rm_id=users["rm2"].id) == ["C0003"]
    assert pick(rm_id=UNASSIGNED) == ["C0004"]
    assert pick(has_open_warning=True) == ["C0001"]
    assert pick(text="c000", tier="普通") == ["C0002", "C0003", "C0004"]


def test_sort_by_ratio_keeps_clients_without_ratio_last(db: Database, users: dict[str, Actor], book) -> None:
    with db.sessions() as s:
        rows = list_client_rows(s, users["super"])
    idx = list(range(len(rows)))
    assert next(rows[i].client_no for i in sort_indices(rows, idx, "maintenance_ratio")) == "C0001"
    down = [rows[i].client_no for i in sort_indices(rows, idx, "maintenance_ratio", descending=True)]
    assert down[0] == "C0001" and set(down[1:]) == {"C0002", "C0003", "C0004"}
    by_level = [rows[i].client_no for i in sort_indices(rows, idx, "level", descending=True)]
    assert by_level[0] == "C0001"  # warning is worse than normal
    by_callback = [rows[i].client_no for i in sort_indices(rows, idx, "next_callback")]
    assert by_callback[0] == "C0001"


def _row(i: int, name: str, number: str, account: str, last4: str) -> ClientRow:
    ini = initials(name)
    return ClientRow(
        i,
        number,
        name,
        ini,
        "普通",
        None,
        None,
        "",
        account,
        last4,
        "",
        None,
        None,
        None,
        0,
        None,
        0,
        "正常",
        False,
        search_key(name, ini, number, account, last4),
    )


@settings(max_examples=60, deadline=None)
@given(
    data=st.lists(
        st.tuples(
            st.text(alphabet="张王李赵单曾伟娜军", min_size=1, max_size=3),
            st.from_regex(r"C[0-9]{3}", fullmatch=True),
            st.from_regex(r"88[0-9]{3}", fullmatch=True),
            st.from_regex(r"[0-9]{4}", fullmatch=True),
        ),
        max_size=25,
    ),
    query=st.text(alphabet="张王伟zwlC08 1", max_size=3),
)
def test_search_matches_any_field_and_nothing_else(data: list[tuple[str, str, str, str]], query: str) -> None:
    rows = [_row(i, *t) for i, t in enumerate(data)]
    q = query.replace(" ", "").lower()
    expected = [
        i
        for i, (name, number, account, last4) in enumerate(data)
        if any(q in field.lower() for field in (name, initials(name), number, account, last4))
    ]
    assert filter_rows(rows, BookFilter(text=query)) == expected


def test_normalize_query_removes_spaces_and_widths() -> None:
    assert normalize_query(" Ｚ W ") == "zw"


def test_profile_is_masked_and_supervisor_reveal_is_audited(db: Database, users: dict[str, Actor], book) -> None:
    id_no = make_id("110105", date(1980, 3, 7), 123)
    with db.sessions() as s:
        masked = get_client(s, users["rm1"], book["zhang"])
    assert masked.id_no == id_no[:6] + "********" + id_no[-4:]
    assert masked.phone == "138****5678"
    assert not masked.revealed
    with db.sessions.begin() as s, pytest.raises(ClientError) as err:
        get_client(s, users["rm1"], book["zhang"], reveal=True)
    assert err.value.code == "clients.reveal_forbidden"
    with db.sessions.begin() as s:
        shown = get_client(s, users["super"], book["zhang"], reveal=True)
    assert shown.id_no == id_no and shown.phone == "13812345678"
    with db.sessions() as s:
        reveals = s.execute(select(AuditRecord).where(AuditRecord.action == "reveal")).scalars().all()
    assert [(r.username, r.entity, r.entity_id) for r in reveals] == [("super", "client", str(book["zhang"]))]


def test_rm_cannot_open_another_rms_client(db: Database, users: dict[str, Actor], book) -> None:
    with db.sessions() as s, pytest.raises(ClientError) as err:
        get_client(s, users["rm1"], book["li"])
    assert err.value.code == "clients.forbidden"
    assert "无权" in err.value.message("zh_CN")
    with db.sessions() as s, pytest.raises(ClientError) as err:
        get_client(s, users["rm1"], 9999)
    assert err.value.code == "clients.not_found"


def test_profile_carries_account_and_version(db: Database, users: dict[str, Actor], book) -> None:
    with db.sessions() as s:
        d = get_client(s, users["super"], book["zhang"])
    assert d.account is not None and d.account.account_no == "880001"
    assert d.version == 1
    assert d.risk_level_name == "C4"
    assert d.rm_name == "李经理"
    assert d.editable
    assert d.created_at == datetime(2026, 1, 5, 9, 0)


@settings(max_examples=40, deadline=None)
@given(
    names=st.lists(st.text(alphabet="张王李赵单曾伟娜军", min_size=1, max_size=3), min_size=1, max_size=30),
    typed=st.lists(st.text(alphabet="zwlj张王1", max_size=3), max_size=8),
)
def test_incremental_view_shows_what_a_full_scan_shows(names: list[str], typed: list[str]) -> None:
    """Typing, erasing and retyping through BookView's caches never shows other rows than a fresh filter."""
    rows = [_row(i, name, f"C{i:03d}", f"88{i:03d}", f"{i:04d}") for i, name in enumerate(names)]
    view = BookView()
    view.set_rows(rows)
    view.set_sort("name", descending=True)
    for text in typed:
        for prefix in [text[: i + 1] for i in range(len(text))] + [text[:i] for i in range(len(text) - 1, -1, -1)]:
            view.set_filter(BookFilter(text=prefix))
            ordered = view.ordered
            assert view.visible == [ordered[i] for i in filter_rows(ordered, BookFilter(text=prefix))]
    view.set_filter(BookFilter(text="", tier="VIP"))
    assert view.visible == []  # every generated row is 普通
