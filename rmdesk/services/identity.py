"""Personal-data rules: ID-card checksum (GB 11643), mobile numbers, and masking (SPEC §2)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"
_ID_RE = re.compile(r"^\d{17}[\dX]$")
_MOBILE_RE = re.compile(r"^1\d{10}$")


def id_check_char(first17: str) -> str:
    """The GB 11643 check character for the first 17 digits."""
    total = sum(int(c) * w for c, w in zip(first17, _WEIGHTS, strict=True))
    return _CHECK[total % 11]


@dataclass(frozen=True)
class IdCardInfo:
    birth_date: date
    gender: str  # 男 / 女


def parse_id_card(number: str) -> IdCardInfo:
    """Validate an 18-character mainland ID number; raise ValueError with a stable code as its message.

    Codes: id.format, id.checksum, id.birth_date.
    """
    number = number.strip().upper()
    if not _ID_RE.match(number):
        raise ValueError("id.format")
    if id_check_char(number[:17]) != number[17]:
        raise ValueError("id.checksum")
    try:
        birth = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise ValueError("id.birth_date") from None
    if birth.year < 1900:
        raise ValueError("id.birth_date")
    gender = "男" if int(number[16]) % 2 == 1 else "女"
    return IdCardInfo(birth, gender)


def is_mobile(phone: str) -> bool:
    return bool(_MOBILE_RE.match(phone.strip()))


def mask_id(number: str | None) -> str:
    """110105********1234: first 6 and last 4 kept."""
    if not number:
        return ""
    n = number.strip()
    if len(n) <= 10:
        return n[:2] + "*" * max(0, len(n) - 4) + n[-2:] if len(n) > 4 else "*" * len(n)
    return n[:6] + "*" * (len(n) - 10) + n[-4:]


def mask_phone(phone: str | None) -> str:
    """138****5678."""
    if not phone:
        return ""
    p = phone.strip()
    if len(p) < 7:
        return "*" * len(p)
    return p[:3] + "*" * (len(p) - 7) + p[-4:]
