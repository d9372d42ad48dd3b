"""Translations: every user-visible string of rmdesk/ui has a finished zh_CN translation, the compiled catalogue
loads, placeholders survive translation, and no widget text bypasses tr()."""

from __future__ import annotations

import ast
import re
import xml.etree.ElementTree as ET
from pathlib import Path

from PySide6.QtCore import QCoreApplication

from rmdesk.ui.i18n_tools import UI_DIR, check_sources_against_ts
from rmdesk.ui.translations import Translations, ts_file

# Widget setters whose string argument is shown to the user.
TEXT_SETTERS = {
    "setText",
    "setWindowTitle",
    "setTitle",
    "setSubTitle",
    "setToolTip",
    "setPlaceholderText",
    "setLabelText",
    "setStatusTip",
    "showMessage",
    "addTab",
    "setTabText",
    "setHeaderLabels",
    "setButtonText",
}
WIDGETS_WITH_TEXT = {"QLabel", "QPushButton", "QCheckBox", "QRadioButton", "QGroupBox", "QAction", "QToolButton"}
# Shown as is in every language: the product name and each language's own name.
ALLOWED_LITERALS = {"rmdesk", "简体中文", "English", "—", "", " ", "…"}


def test_every_ui_string_has_a_finished_chinese_translation() -> None:
    problems = check_sources_against_ts()
    listing = "\n".join(f"{p.context}: {p.source!r} ({p.reason})" for p in problems)
    assert problems == [], f"run `python -m rmdesk.ui.i18n_tools update` and translate:\n{listing}"


def test_translations_keep_their_placeholders() -> None:
    bad = []
    for message in ET.parse(ts_file()).getroot().iter("message"):
        source = message.findtext("source") or ""
        translation = message.findtext("translation") or ""
        for pattern in (r"%\d", r"\{\w*\}"):
            if sorted(re.findall(pattern, source)) != sorted(re.findall(pattern, translation)):
                bad.append((source, translation))
    assert bad == []


def test_compiled_catalogue_loads_and_translates(qapp: QCoreApplication) -> None:
    translations = Translations(qapp)  # type: ignore[arg-type]
    try:
        assert translations.apply("zh_CN")
        assert QCoreApplication.translate("LoginDialog", "Log in") == "登录"
        assert QCoreApplication.translate("Sections", "Today") == "工作台"
        translations.apply("en")
        assert QCoreApplication.translate("LoginDialog", "Log in") == "Log in"
    finally:
        translations.uninstall()
        from rmdesk import i18n

        i18n.set_language(None)


def _literal_text(node: ast.AST) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):  # an f-string with words in it is text too
        parts = [v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str)]
        return "".join(parts)
    return None


def test_no_widget_text_bypasses_tr() -> None:
    offenders = []
    for path in sorted(Path(UI_DIR).glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
            if name not in TEXT_SETTERS and name not in WIDGETS_WITH_TEXT:
                continue
            text = _literal_text(node.args[0])
            if text is None:
                continue
            words = re.sub(r"<[^>]*>|&\w+;", "", text).strip()  # markup around a translated value is fine
            if words in ALLOWED_LITERALS:
                continue
            if re.search(r"[A-Za-z\u4e00-\u9fff]{2,}", words):
                offenders.append(f"{path.name}:{node.lineno}: {name}({text!r})")
    assert offenders == []
