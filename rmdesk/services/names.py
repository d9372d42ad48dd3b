"""Pinyin initials of Chinese names for search (张伟 → zw), with the surnames pypinyin reads wrongly."""

from __future__ import annotations

from functools import lru_cache

# Polyphonic characters read differently as surnames (单 shàn, 曾 zēng, 解 xiè, 仇 qiú, 区 ōu, …).
SURNAME_INITIALS = {
    "单": "s",
    "曾": "z",
    "解": "x",
    "仇": "q",
    "区": "o",
    "查": "z",
    "朴": "p",
    "盖": "g",
    "尉": "y",
    "乐": "y",
    "缪": "m",
    "覃": "q",
    "翟": "z",
    "种": "c",
    "黑": "h",
    "员": "y",
    "华": "h",
    "任": "r",
    "那": "n",
    "繁": "p",
    "秘": "b",
    "长孙": "zs",
    "尉迟": "yc",
    "万俟": "mq",
    "单于": "cy",
}


@lru_cache(maxsize=65536)
def initials(name: str) -> str:
    """Lower-case pinyin initials; non-Chinese letters and digits kept, other characters dropped."""
    from pypinyin import Style, lazy_pinyin

    name = name.strip()
    prefix = ""
    for surname in sorted(SURNAME_INITIALS, key=len, reverse=True):
        if name.startswith(surname):
            prefix = SURNAME_INITIALS[surname]
            name = name[len(surname) :]
            break
    letters = lazy_pinyin(name, style=Style.FIRST_LETTER, errors="default")  # non-Chinese kept as is
    rest = "".join(ch for part in letters for ch in part.lower() if ch.isalnum())
    return prefix + rest
