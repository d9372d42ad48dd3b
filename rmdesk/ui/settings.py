"""Desk settings (window geometry, last section, language, last folders …): one typed registry over QSettings.

Business rules (lines, deadlines) are NOT here: they live in the database, audited (rmdesk.services.policy).
Every key is declared once in ``DeskSettings`` with its type and default, so a typo cannot create a new key and a
corrupt value falls back to the default instead of crashing the app.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Generic, TypeVar, overload

from PySide6.QtCore import QByteArray, QSettings

from rmdesk import i18n
from rmdesk.paths import data_dir

T = TypeVar("T")

SETTINGS_FILE = "rmdesk.ini"


class Option(Generic[T]):
    """A typed key in QSettings; a descriptor on DeskSettings (``settings.language = "en"``)."""

    def __init__(self, key: str, default: T, kind: type, *, choices: tuple[Any, ...] | None = None) -> None:
        self.key = key
        self.default = default
        self.kind = kind
        self.choices = choices

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, obj: None, owner: type) -> Option[T]: ...
    @overload
    def __get__(self, obj: DeskSettings, owner: type) -> T: ...
    def __get__(self, obj: DeskSettings | None, owner: type) -> Option[T] | T:
        if obj is None:
            return self
        return self.convert(obj.qsettings.value(self.key, None))

    def __set__(self, obj: DeskSettings, value: T) -> None:
        if self.convert(value) != value:
            raise ValueError(f"{self.key}: {value!r} is not a valid {self.kind.__name__}")
        obj.qsettings.setValue(self.key, QByteArray(value) if self.kind is bytes else value)

    def convert(self, raw: object) -> T:
        """The stored value as ``kind``; the default when missing or unreadable (e.g. hand-edited .ini)."""
        if raw is None:
            return self.default
        try:
            value: Any
            if self.kind is bool:
                value = raw if isinstance(raw, bool) else str(raw).strip().lower() in ("true", "1", "yes")
            elif self.kind is int:
                value = int(str(raw))
            elif self.kind is bytes:
                value = bytes(raw.data()) if isinstance(raw, QByteArray) else bytes(raw)  # type: ignore[arg-type]
            else:
                value = str(raw)
        except (TypeError, ValueError):
            return self.default
        if self.choices is not None and value not in self.choices:
            return self.default
        return value  # type: ignore[no-any-return]


class DeskSettings:
    """The registry. Construct with an explicit QSettings (tests pass an .ini in tmp_path)."""

    language = Option[str]("ui/language", "zh_CN", str, choices=i18n.LANGUAGES)
    last_username = Option[str]("login/last_username", "", str)
    window_geometry = Option[bytes]("window/geometry", b"", bytes)
    window_state = Option[bytes]("window/state", b"", bytes)
    last_section = Option[str]("window/last_section", "today", str)
    last_import_folder = Option[str]("import/last_folder", "", str)
    last_export_folder = Option[str]("export/last_folder", "", str)
    last_print_folder = Option[str]("print/last_folder", "", str)

    def __init__(self, qsettings: QSettings) -> None:
        self.qsettings = qsettings

    @classmethod
    def open_default(cls) -> DeskSettings:
        """The desk's own .ini in the user data directory (never the registry: the desk is portable)."""
        return cls.open_file(data_dir() / SETTINGS_FILE)

    @classmethod
    def open_file(cls, path: Path) -> DeskSettings:
        return cls(QSettings(str(path), QSettings.Format.IniFormat))

    @classmethod
    def options(cls) -> dict[str, Option[Any]]:
        """Every declared option by attribute name."""
        return {name: value for name, value in vars(cls).items() if isinstance(value, Option)}

    def header_state(self, table: str) -> bytes:
        """Saved column widths/order of a table view (``QHeaderView.saveState``), b"" when none."""
        raw = self.qsettings.value(f"tables/{table}", None)
        return Option[bytes]("", b"", bytes).convert(raw)

    def set_header_state(self, table: str, state: bytes) -> None:
        self.qsettings.setValue(f"tables/{table}", QByteArray(state))

    def reset(self, name: str) -> None:
        """Forget a stored value so its default applies again."""
        self.qsettings.remove(self.options()[name].key)

    def sync(self) -> None:
        self.qsettings.sync()
