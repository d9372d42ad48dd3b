"""Shared look: level colours, the application font (CJK-capable) and a light stylesheet for the shell."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QColor, QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from rmdesk.paths import resource_path

# Risk levels (SPEC §3.2): text colour and a light background for table cells and tiles.
LEVEL_COLORS: dict[str, tuple[str, str]] = {
    "normal": ("#1b5e20", "#e8f5e9"),
    "warning": ("#8a5300", "#fff4d6"),
    "closeout": ("#b23c00", "#ffe3d1"),
    "emergency": ("#b3261e", "#fde0de"),
}
ERROR_RED = "#b3261e"
WARNING_AMBER = "#8a5300"
MUTED = "#5f6b7a"

SYSTEM_CJK_FONT = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")

SHELL_STYLESHEET = """
QListWidget#sectionNav { background: #1f2d3d; color: #dfe6ee; border: none; font-size: 11pt; outline: 0; }
QListWidget#sectionNav::item { padding: 9px 14px; border-left: 3px solid transparent; }
QListWidget#sectionNav::item:selected { background: #2e4257; color: white; border-left: 3px solid #4da3ff; }
QListWidget#sectionNav::item:hover:!selected { background: #273848; }
QLabel#navBrand { background: #1f2d3d; color: white; font-size: 13pt; font-weight: bold; padding: 14px 14px 4px 14px; }
QLabel#navBranch { background: #1f2d3d; color: #9fb0c2; padding: 0 14px 12px 14px; }
QFrame#tile { background: white; border: 1px solid #d9dee5; border-radius: 6px; }
QLabel#tileValue { font-size: 20pt; font-weight: bold; }
QLabel#tileTitle { color: #5f6b7a; }
QLabel#pageTitle { font-size: 15pt; font-weight: bold; }
QLabel#holidayWarning { color: #8a5300; font-weight: bold; }
"""


def level_color(level: str | None) -> QColor | None:
    pair = LEVEL_COLORS.get(level or "")
    return QColor(pair[0]) if pair else None


def level_background(level: str | None) -> QColor | None:
    pair = LEVEL_COLORS.get(level or "")
    return QColor(pair[1]) if pair else None


def install_cjk_font(app: QApplication) -> str | None:
    """Load the shipped WenQuanYi Micro Hei (or the system copy) and make it the app font: no tofu anywhere."""
    for path in (resource_path("fonts", "wqy-microhei.ttc"), SYSTEM_CJK_FONT):
        if path.exists():
            font_id = QFontDatabase.addApplicationFont(str(path))
            families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
            if families:
                font = QFont(families[0])
                font.setPointSizeF(max(app.font().pointSizeF(), 10.0))
                app.setFont(font)
                return families[0]
    return None
