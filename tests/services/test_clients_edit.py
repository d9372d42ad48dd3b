"""Creating and editing clients: every field rule of SPEC §2, RM ownership, the audit trail, and optimistic
concurrency (a second window never silently overwrites the first one's save)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal

import pytest
from sqlalchemy import select

from rmdesk import clock
from rmdesk.services.audit import Actor, verify_chain
from rmdesk.services.clients import ClientError, get_client, list_client_rows
from rmdesk.services.clients_edit import (
    ClientForm,
    ClientValidationError,
    ConcurrentEditError,
    archive_client,
    create_client,
    error_text,
    update_client,
    validate_client,
)
from rmdesk.store.db import Database
from rmdesk.store.models import AuditRecord, Client
from tests.services.clients_support import make_id, open_shared_db

TODAY = date(2026, 11, 21)
ID_1980 = make_id("110105", date(1980, 3, 7), 123)  # sequence 123: 3 is odd → 男


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clock, "now", lambda: datetime(2026, 11, 21, 10, 0, 0))


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Database, dict[str, Actor]]]:
    """One database per module; every test uses its own client numbers."""
    database, actors = open_shared_db(tmp_path_factory.mktemp("edit") / "edit.sqlite3")
    yield database, actors
    database.dispose()


@pytest.fixture
def db(shared: tuple[Database, dict[str, Actor]]) -> Database:
    return shared[0]


@pytest.fixture
def users(shared: tuple[Database, dict[str, Actor]]) -> dict[str, Actor]:
    return shared[1]


def good_form(number: str, **changes: object) -> ClientForm:
    form = ClientForm(
        client_no=number,
        name="张伟",
        id_no=ID_1980,
        gender="男",
        birth_date="1980-03-07",
        phone="13812345678",
        email="zhang.wei@example.com",
        risk_level=4,
        risk_assessed_on="2025-06-30",
        trading_since="2015-01-05",
        avg_assets_20d="520,000.00",
        tier="高净值",
    )
    return replace(form, **changes)  # type: ignore[arg-type]


def test_a_complete_valid_form_has_no_errors(db: Database) -> None:
    with db.sessions() as s:
        assert validate_client(good_form("V0001"), s) == {}


@pytest.mark.parametrize(
    ("changes", "field", "code"),
    [
        ({"name": "  "}, "name", "clients.v.required"),
        ({"client_no": ""}, "client_no", "clients.v.required"),
        ({"client_no": "C 01"}, "client_no", "clients.v.client_no_format"),
        # last character changed: the GB 11643 check digit no longer matches
        ({"id_no": ID_1980[:17] + ("0" if ID_1980[17] != "0" else "1")}, "id_no", "clients.v.id_checksum"),
        ({"id_no": "11010519800307123"}, "id_no", "clients.v.id_format"),  # 17 characters
        ({"birth_date": "1980-03-08"}, "birth_date", "clients.v.birth_mismatch"),
        ({"gender": "女"}, "gender", "clients.v.gender_mismatch"),
        ({"phone": "1381234567"}, "phone", "clients.v.mobile"),  # 10 digits
        ({"phone": "23812345678"}, "phone", "clients.v.mobile"),  # does not start with 1
        ({"email": "zhang.example.com"}, "email", "clients.v.email"),
        ({"birth_date": "1980-13-07"}, "birth_date", "clients.v.date_format"),
        ({"risk_assessed_on": "2026-11-22"}, "risk_assessed_on", "clients.v.date_future"),  # tomorrow
        ({"risk_assessed_on": ""}, "risk_assessed_on", "clients.v.assessment_required"),
        ({"trading_since": "1979-12-31"}, "trading_since", "clients.v.before_birth"),
        ({"avg_assets_20d": "-0.01"}, "avg_assets_20d", "clients.v.amount_negative"),
        ({"avg_assets_20d": "五十万"}, "avg_assets_20d", "clients.v.amount_format"),
        ({"avg_assets_20d": "1.0001"}, "avg_assets_20d", "clients.v.amount_format"),  # below the li
        ({"risk_level": 6}, "risk_level", "clients.v.risk_level"),
        ({"tier": "金卡"}, "tier", "clients.v.choice"),
        ({"controller_no": "NOPE"}, "controller_no", "clients.v.controller_unknown"),
    ],
)
def test_each_bad_field_is_reported_next_to_that_field(
    db: Database, changes: dict[str, object], field: str, code: str
) -> None:
    with db.sessions() as s:
        errors = validate_client(good_form("V0002", **changes), s)
    assert errors == {field: code}
    assert error_text(code, good_form("V0002", **changes), "zh_CN") != code  # a message exists in Chinese
    assert error_text(code, good_form("V0002", **changes), "en") != code


def test_mismatch_message_names_what_the_id_says() -> None:
    form = good_form("V0003", birth_date="1980-03-08")
    assert "1980-03-07" in error_text("clients.v.birth_mismatch", form, "zh_CN")
    assert "男" in error_text("clients.v.gender_mismatch", good_form("V0003", gender="女"), "en")


def test_passport_numbers_skip_the_mainland_checksum(db: Database) -> None:
    form = good_form("V0004", id_type="护照", id_no="E12345678", birth_date="1980-03-08", gender="女")
    with db.sessions() as s:
        assert validate_client(form, s) == {}


def test_rm_creates_own_client_with_derived_fields_and_masked_audit(db: Database, users: dict[str, Actor]) -> None:
    form = good_form("N0001", birth_date="", gender="", name="单田芳")
    with db.sessions.begin() as s:
        created = create_client(s, users["rm1"], form)
    assert created.rm_id == users["rm1"].id
    assert created.birth_date == date(1980, 3, 7)  # taken from the ID number
    assert created.gender == "男"
    assert created.name_initials == "stf"  # 单 read as the surname shàn
    assert created.avg_assets_20d == Decimal("520000.00")
    assert created.phone == "138****5678" and created.id_no == ID_1980[:6] + "********" + ID_1980[-4:]
    with db.sessions() as s:
        row = s.execute(select(AuditRecord).where(AuditRecord.action == "create")).scalars().all()[-1]
        stored = s.get(Client, created.id)
        assert stored is not None and stored.id_no == ID_1980  # stored in full, shown masked
    new = json.loads(row.new)
    assert new["client_no"] == "N0001"
    assert new["id_no"] == ID_1980[:6] + "********" + ID_1980[-4:]  # no full ID in the audit log
    assert ID_1980 not in row.new and "13812345678" not in row.new


def test_create_refuses_an_invalid_form_and_a_taken_number(db: Database, users: dict[str, Actor]) -> None:
    with db.sessions.begin() as s:
        create_client(s, users["rm1"], good_form("N0002"))
    with db.sessions.begin() as s, pytest.raises(ClientValidationError) as err:
        create_client(s, users["rm1"], good_form("N0002", phone="12"))
    assert err.value.errors == {"client_no": "clients.v.client_no_taken", "phone": "clients.v.mobile"}


def test_rm_cannot_assign_a_client_to_someone_else(db: Database, users: dict[str, Actor]) -> None:
    with db.sessions.begin() as s, pytest.raises(ClientError) as err:
        create_client(s, users["rm1"], good_form("N0003", rm_id=users["rm2"].id))
    assert err.value.code == "clients.reassign_forbidden"
    with db.sessions.begin() as s:  # a supervisor may
        d = create_client(s, users["super"], good_form("N0003", rm_id=users["rm2"].id))
    assert d.rm_name == "赵经理"
    with db.sessions.begin() as s, pytest.raises(ClientError) as err:
        create_client(s, users["admin"], good_form("N0004"))
    assert err.value.code == "clients.edit_forbidden"  # admins manage users, not clients


def test_update_keeps_masked_values_audits_changes_and_bumps_version(db: Database, users: dict[str, Actor]) -> None:
    with db.sessions.begin() as s:
        d = create_client(s, users["rm1"], good_form("U0001"))
    form = replace(ClientForm.from_detail(d), email="new@example.com", tier="VIP")
    assert form.id_no != ID_1980 and "*" in form.phone  # the RM only ever saw masked values
    with db.sessions.begin() as s:
        saved = update_client(s, users["rm1"], d.id, d.version, form)
    assert saved.version == d.version + 1
    assert (saved.email, saved.tier) == ("new@example.com", "VIP")
    with db.sessions() as s:
        stored = s.get(Client, d.id)
        assert stored is not None and (stored.id_no, stored.phone) == (ID_1980, "13812345678")
        rec = s.execute(select(AuditRecord).where(AuditRecord.action == "update")).scalars().all()[-1]
        assert verify_chain(s).ok
    assert json.loads(rec.old) == {"email": "zhang.wei@example.com", "tier": "高净值"}
    assert json.loads(rec.new) == {"email": "new@example.com", "tier": "VIP"}


def test_changed_phone_is_audited_masked(db: Database, users: dict[str, Actor]) -> None:
    with db.sessions.begin() as s:
        d = create_client(s, users["rm1"], good_form("U0002"))
    with db.sessions.begin() as s:
        update_client(s, users["rm1"], d.id, d.version, replace(ClientForm.from_detail(d), phone="13900009999"))
    with db.sessions() as s:
        rec = s.execute(select(AuditRecord).where(AuditRecord.action == "update")).scalars().all()[-1]
    assert json.loads(rec.old) == {"phone": "138****5678"}
    assert json.loads(rec.new) == {"phone": "139****9999"}


def test_second_window_gets_a_conflict_with_the_stored_version(db: Database, users: dict[str, Actor]) -> None:
    with db.sessions.begin() as s:
        d = create_client(s, users["rm1"], good_form("U0003"))
    window_a = replace(ClientForm.from_detail(d), address="上海市浦东新区 1 号")
    window_b = replace(ClientForm.from_detail(d), address="北京市朝阳区 2 号")
    with db.sessions.begin() as s:
        update_client(s, users["rm1"], d.id, d.version, window_a)
    with db.sessions.begin() as s, pytest.raises(ConcurrentEditError) as err:
        update_client(s, users["super"], d.id, d.version, window_b)
    assert err.value.current.address == "上海市浦东新区 1 号"
    assert err.value.current.version == d.version + 1
    assert "版本" in err.value.message("zh_CN")
    with db.sessions() as s:
        assert get_client(s, users["rm1"], d.id).address == "上海市浦东新区 1 号"  # B did not overwrite A


def test_rm_cannot_edit_another_rms_client(db: Database, users: dict[str, Actor]) -> None:
    with db.sessions.begin() as s:
        d = create_client(s, users["rm2"], good_form("U0004"))
    with db.sessions.begin() as s, pytest.raises(ClientError) as err:
        update_client(s, users["rm1"], d.id, d.version, ClientForm.from_detail(d))
    assert err.value.code == "clients.forbidden"


def test_archive_hides_from_the_book_but_keeps_the_record(db: Database, users: dict[str, Actor]) -> None:
    with db.sessions.begin() as s:
        d = create_client(s, users["rm1"], good_form("A0001"))
    with db.sessions.begin() as s:
        archived = archive_client(s, users["rm1"], d.id, d.version)
    assert archived.archived and archived.version == d.version + 1
    with db.sessions() as s:
        rows = {r.client_no: r for r in list_client_rows(s, users["rm1"])}
        of_client = (AuditRecord.entity == "client") & (AuditRecord.entity_id == str(d.id))  # not a user of that id
        actions = [r.action for r in s.execute(select(AuditRecord).where(of_client)).scalars()]
    assert rows["A0001"].archived  # still listed (the book hides it unless "show archived")
    assert actions == ["create", "archive"]
