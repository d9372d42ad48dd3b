"""Language of messages produced below the UI (services, CLI). Qt widgets use tr() and .qm files instead.

Services return stable codes with parameters; this catalogue turns them into text in the user's language, so
the CLI and the GUI show the same words for the same problem.
"""

from __future__ import annotations

import locale
import os

LANGUAGES = ("zh_CN", "en")
_current: str | None = None
_catalogue: dict[str, dict[str, str]] = {}


def detect_language() -> str:
    """RMDESK_LANG, else the system locale; Simplified Chinese unless the locale is clearly English."""
    env = os.environ.get("RMDESK_LANG")
    if env:
        return normalize(env)
    loc = os.environ.get("LC_ALL") or os.environ.get("LC_MESSAGES") or os.environ.get("LANG") or ""
    if not loc:
        loc = (locale.getlocale()[0] or "") if hasattr(locale, "getlocale") else ""
    return "en" if loc.lower().startswith("en") else "zh_CN"


def normalize(lang: str) -> str:
    low = lang.lower().replace("-", "_")
    return "en" if low.startswith("en") else "zh_CN"


def current_language() -> str:
    return _current or detect_language()


def current_language_override() -> str | None:
    """The language set with set_language, or None when it follows the environment."""
    return _current


def set_language(lang: str | None) -> None:
    global _current  # noqa: PLW0603 — one process-wide language, chosen at start-up or in settings
    _current = normalize(lang) if lang else None


def register(messages: dict[str, tuple[str, str]]) -> None:
    """Add messages: code → (zh_CN text, English text), with ``{name}`` placeholders."""
    for code, (zh, en) in messages.items():
        _catalogue[code] = {"zh_CN": zh, "en": en}


def t(code: str, lang: str | None = None, /, **params: object) -> str:
    """The message for ``code`` in ``lang`` (default: current), formatted with ``params``."""
    entry = _catalogue.get(code)
    if entry is None:
        return code if not params else f"{code} {params}"
    text = entry[lang or current_language()]
    try:
        return text.format(**params)
    except (KeyError, IndexError):
        return text


def has(code: str) -> bool:
    return code in _catalogue
