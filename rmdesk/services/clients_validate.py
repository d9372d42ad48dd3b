"""Client form validation (SPEC §2): every field rule as a per-field message code, shown next to the field.

The form travels as text (dates ``YYYY-MM-DD``, amounts as typed) so every mistake comes back as a code the GUI
shows under the field. Masked personal data left untouched in the form (``110105********1234``) means "keep
what is stored", so an RM can edit a client without ever seeing the full ID number (see ``resolve_masked``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields, replace
from datetime import date
from decimal import Decimal, InvalidOperation

from sqlalchemy import select
from sqlalchemy.orm import Session

from rmdesk import clock, i18n
from rmdesk.money import UnitError, to_li
from rmdesk.services.clients import ClientDetail, ClientError
from rmdesk.services.identity import is_mobile, mask_id, mask_phone, parse_id_card
from rmdesk.store.models import CLIENT_STATUSES, ID_TYPES, INVESTOR_TYPES, TIERS, Client, User

MAINLAND_ID = "身份证"
_CLIENT_NO_RE = re.compile(r"^[A-Za-z0-9_-]{1,32}$")
_OTHER_ID_RE = re.compile(r"^[A-Za-z0-9()（）-]{4,32}$")
_EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

i18n.register(
    {
        "clients.v.required": ("必填", "required"),
        "clients.v.too_long": ("内容过长", "too long"),
        "clients.v.client_no_format": ("客户号只能包含字母、数字、- 和 _", "use letters, digits, - and _ only"),
        "clients.v.client_no_taken": ("客户号已被其他客户使用", "another client has this client number"),
        "clients.v.choice": ("请选择列表中的值", "choose a value from the list"),
        "clients.v.id_format": (
            "身份证号应为 18 位（最后一位可为 X）",
            "an ID number has 18 characters (last may be X)",
        ),
        "clients.v.id_checksum": ("身份证号校验位不正确", "the ID number's check digit is wrong"),
        "clients.v.id_birth_date": ("身份证号中的出生日期无效", "the birth date inside the ID number is invalid"),
        "clients.v.other_id_format": ("证件号码格式不正确（4–32 位字母或数字）", "4–32 letters or digits"),
        "clients.v.birth_mismatch": (
            "与身份证号中的出生日期 {expected} 不一致",
            "does not agree with the ID number's birth date {expected}",
        ),
        "clients.v.gender_mismatch": ("与身份证号中的性别（{expected}）不一致", "the ID number says {expected}"),
        "clients.v.gender": ("性别应为 男 或 女", "gender is 男 or 女"),
        "clients.v.mobile": ("手机号应为 1 开头的 11 位数字", "a mobile number is 11 digits starting with 1"),
        "clients.v.email": ("邮箱格式不正确", "not an e-mail address"),
        "clients.v.date_format": ("日期无效，格式应为 YYYY-MM-DD", "not a valid date (YYYY-MM-DD)"),
        "clients.v.date_future": ("日期不能晚于今天", "the date cannot be after today"),
        "clients.v.before_birth": ("日期不能早于出生日期", "the date cannot be before the birth date"),
        "clients.v.assessment_required": ("有风险等级时须填写测评日期", "a risk level needs its assessment date"),
        "clients.v.risk_level": ("风险等级应为 C1–C5", "the risk level is C1–C5"),
        "clients.v.amount_format": ("请输入金额，如 520000.00", "enter an amount such as 520000.00"),
        "clients.v.amount_negative": ("金额不能为负数", "the amount cannot be negative"),
        "clients.v.rm_unknown": ("客户经理不存在或已停用", "no such active relationship manager"),
        "clients.v.controller_unknown": ("实际控制人客户号不存在", "no client has this number"),
        "clients.v.controller_self": ("实际控制人不能是客户本人", "a client cannot control itself"),
        "clients.reassign_forbidden": (
            "只有营业部负责人可以把客户分配给其他客户经理",
            "only a supervisor may assign a client to another relationship manager",
        ),
    }
)


@dataclass(frozen=True)
class ClientForm:
    """What the client form holds, as typed. Dates are ``YYYY-MM-DD`` text, the amount is text."""

    client_no: str = ""
    name: str = ""
    id_type: str = MAINLAND_ID
    id_no: str = ""
    gender: str = ""
    birth_date: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""
    occupation: str = ""
    investor_type: str = INVESTOR_TYPES[0]
    risk_level: int | None = None
    risk_assessed_on: str = ""
    trading_since: str = ""
    avg_assets_20d: str = ""
    tier: str = TIERS[0]
    rm_id: int | None = None
    status: str = CLIENT_STATUSES[0]
    controller_no: str = ""
    is_related_party: bool = False
    has_other_credit_account: bool = False
    dormant: bool = False
    notes: str = ""
    tags: str = ""

    @classmethod
    def from_detail(cls, d: ClientDetail) -> ClientForm:
        """The form pre-filled from a stored client (masked ID/phone stay masked: unchanged means kept)."""
        return cls(
            client_no=d.client_no,
            name=d.name,
            id_type=d.id_type,
            id_no=d.id_no,
            gender=d.gender,
            birth_date=_iso(d.birth_date),
            phone=d.phone,
            email=d.email,
            address=d.address,
            occupation=d.occupation,
            investor_type=d.investor_type,
            risk_level=d.risk_level,
            risk_assessed_on=_iso(d.risk_assessed_on),
            trading_since=_iso(d.trading_since),
            avg_assets_20d="" if d.avg_assets_20d is None else f"{d.avg_assets_20d:.2f}",
            tier=d.tier,
            rm_id=d.rm_id,
            status=d.status,
            controller_no=d.controller_no,
            is_related_party=d.is_related_party,
            has_other_credit_account=d.has_other_credit_account,
            dormant=d.dormant,
            notes=d.notes,
            tags=d.tags,
        )


FORM_FIELDS = tuple(f.name for f in fields(ClientForm))
_MAX_LEN = {"name": 64, "email": 128, "address": 256, "occupation": 64, "tags": 256, "notes": 4000}


class ClientValidationError(ClientError):
    """The form has errors: ``errors`` maps a ClientForm field to a message code (see validate_client)."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("clients.invalid")
        self.errors = errors


def _iso(d: date | None) -> str:
    return "" if d is None else d.isoformat()


def parse_date(text: str) -> date | None:
    """``YYYY-MM-DD`` or ``YYYY/MM/DD`` → date; blank → None; anything else raises ValueError."""
    t = text.strip().replace("/", "-")
    if not t:
        return None
    if not re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", t):
        raise ValueError(t)
    y, m, d = (int(p) for p in t.split("-"))
    return date(y, m, d)


def parse_amount(text: str) -> Decimal | None:
    """``520,000.00`` → Decimal; blank → None; not a number, or more than 3 decimals, raises ValueError."""
    t = text.strip().replace(",", "").replace("，", "")
    if not t:
        return None
    try:
        value = Decimal(t)
        to_li(value)
    except (InvalidOperation, UnitError):
        raise ValueError(t) from None
    if not value.is_finite():
        raise ValueError(t)
    return value


def resolve_masked(form: ClientForm, stored: Client | None) -> ClientForm:
    """Masked ID/phone left as shown mean "unchanged": substitute the stored values."""
    if stored is None:
        return form
    if stored.id_no and form.id_no.strip() == mask_id(stored.id_no):
        form = replace(form, id_no=stored.id_no)
    if stored.phone and form.phone.strip() == mask_phone(stored.phone):
        form = replace(form, phone=stored.phone)
    return form


def _date_field(errors: dict[str, str], name: str, text: str, today: date) -> date | None:
    try:
        value = parse_date(text)
    except ValueError:
        errors[name] = "clients.v.date_format"
        return None
    if value is not None and value > today:
        errors[name] = "clients.v.date_future"
    return value


def _validate_identity(errors: dict[str, str], form: ClientForm, birth: date | None) -> None:
    id_no = form.id_no.strip().upper()
    if form.id_type not in ID_TYPES:
        errors["id_type"] = "clients.v.choice"
    if form.gender.strip() not in ("", "男", "女"):
        errors["gender"] = "clients.v.gender"
    if not id_no:
        return
    if form.id_type != MAINLAND_ID:
        if not _OTHER_ID_RE.match(id_no):
            errors["id_no"] = "clients.v.other_id_format"
        return
    try:
        info = parse_id_card(id_no)
    except ValueError as err:
        errors["id_no"] = {"id.format": "clients.v.id_format", "id.checksum": "clients.v.id_checksum"}.get(
            str(err), "clients.v.id_birth_date"
        )
        return
    if birth is not None and birth != info.birth_date and "birth_date" not in errors:
        errors["birth_date"] = "clients.v.birth_mismatch"
    gender = form.gender.strip()
    if gender and gender != info.gender and "gender" not in errors:
        errors["gender"] = "clients.v.gender_mismatch"


def validate_client(form: ClientForm, session: Session | None = None, client_id: int | None = None) -> dict[str, str]:
    """Field → message code for every problem (empty when the form is valid).

    With a session: the client number must be unused by another client, the RM and the controller must exist;
    for an existing client (``client_id``) masked ID/phone are resolved to the stored values first.
    """
    stored = session.get(Client, client_id) if session is not None and client_id is not None else None
    form = resolve_masked(form, stored)
    errors: dict[str, str] = {}
    today = clock.today()
    client_no = form.client_no.strip()
    if not client_no:
        errors["client_no"] = "clients.v.required"
    elif not _CLIENT_NO_RE.match(client_no):
        errors["client_no"] = "clients.v.client_no_format"
    if not form.name.strip():
        errors["name"] = "clients.v.required"
    for name, limit in _MAX_LEN.items():
        if len(str(getattr(form, name)).strip()) > limit and name not in errors:
            errors[name] = "clients.v.too_long"
    birth = _date_field(errors, "birth_date", form.birth_date, today)
    _validate_identity(errors, form, birth)
    if form.phone.strip() and not is_mobile(form.phone):
        errors["phone"] = "clients.v.mobile"
    if form.email.strip() and not _EMAIL_RE.match(form.email.strip()):
        errors["email"] = "clients.v.email"
    if form.risk_level is not None and not 1 <= form.risk_level <= 5:
        errors["risk_level"] = "clients.v.risk_level"
    assessed = _date_field(errors, "risk_assessed_on", form.risk_assessed_on, today)
    if form.risk_level is not None and assessed is None and "risk_assessed_on" not in errors:
        errors["risk_assessed_on"] = "clients.v.assessment_required"
    since = _date_field(errors, "trading_since", form.trading_since, today)
    effective_birth = birth or _id_birth(form)
    for name, value in (("risk_assessed_on", assessed), ("trading_since", since)):
        if value is not None and effective_birth is not None and value < effective_birth and name not in errors:
            errors[name] = "clients.v.before_birth"
    try:
        avg = parse_amount(form.avg_assets_20d)
        if avg is not None and avg < 0:
            errors["avg_assets_20d"] = "clients.v.amount_negative"
    except ValueError:
        errors["avg_assets_20d"] = "clients.v.amount_format"
    for name, allowed in (("tier", TIERS), ("investor_type", INVESTOR_TYPES), ("status", CLIENT_STATUSES)):
        if getattr(form, name) not in allowed:
            errors[name] = "clients.v.choice"
    if session is not None:
        _validate_references(session, form, client_id, errors)
    return errors


def _id_birth(form: ClientForm) -> date | None:
    if form.id_type != MAINLAND_ID or not form.id_no.strip():
        return None
    try:
        return parse_id_card(form.id_no).birth_date
    except ValueError:
        return None


def _validate_references(session: Session, form: ClientForm, client_id: int | None, errors: dict[str, str]) -> None:
    client_no = form.client_no.strip()
    if client_no and "client_no" not in errors:
        other = session.execute(select(Client.id).where(Client.client_no == client_no)).scalar()
        if other is not None and other != client_id:
            errors["client_no"] = "clients.v.client_no_taken"
    if form.rm_id is not None:
        rm = session.get(User, form.rm_id)
        if rm is None or rm.disabled or rm.role not in ("rm", "supervisor"):
            errors["rm_id"] = "clients.v.rm_unknown"
    controller_no = form.controller_no.strip()
    if controller_no:
        controller = session.execute(select(Client.id).where(Client.client_no == controller_no)).scalar()
        if controller is None:
            errors["controller_no"] = "clients.v.controller_unknown"
        elif controller == client_id or controller_no == client_no:
            errors["controller_no"] = "clients.v.controller_self"


def error_text(code: str, form: ClientForm, lang: str | None = None) -> str:
    """The message for a field code in the user's language (with the ID's birth date/gender where it helps)."""
    params: dict[str, object] = {}
    if code in ("clients.v.birth_mismatch", "clients.v.gender_mismatch"):
        try:
            info = parse_id_card(form.id_no)
            params["expected"] = info.birth_date.isoformat() if code.endswith("birth_mismatch") else info.gender
        except ValueError:
            params["expected"] = "?"
    return i18n.t(code, lang, **params)
