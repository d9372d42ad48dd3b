"""Qt translations at run time: the .ts in resources/i18n is compiled once to .qm in the user data directory.

Source strings are English; the UI is Simplified Chinese by default. Switching language installs or removes the
translators; Qt then sends every widget a LanguageChange event and each one retranslates itself (live switch).
"""

from __future__ import annotations

import hashlib
import logging
import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from rmdesk import i18n
from rmdesk.paths import data_dir, resource_path

log = logging.getLogger(__name__)

TS_NAME = "rmdesk_zh_CN.ts"


def ts_file() -> Path:
    return resource_path("i18n", TS_NAME)


def tool_command(tool: str) -> list[str]:
    """The Qt tool (lupdate, lrelease) shipped with PySide6, runnable without a shell or PATH."""
    import PySide6

    exe = Path(PySide6.__file__).with_name(tool + (".exe" if sys.platform == "win32" else ""))
    if exe.exists():
        return [str(exe)]
    wrapper = Path(sys.executable).with_name(f"pyside6-{tool}")
    return [str(wrapper)]


def compile_ts(ts: Path, qm: Path) -> None:
    """Compile one .ts to .qm with lrelease (raises CalledProcessError with its output on failure)."""
    qm.parent.mkdir(parents=True, exist_ok=True)
    tmp = qm.with_suffix(f".{os.getpid()}.tmp")
    subprocess.run(
        [*tool_command("lrelease"), "-silent", str(ts), "-qm", str(tmp)],
        check=True,
        capture_output=True,
        text=True,
    )
    tmp.replace(qm)  # atomic: a second desk starting at the same time never loads half a file


def compiled_qm(ts: Path | None = None) -> Path | None:
    """The .qm for the current .ts, compiled on first use (named by the .ts's hash, so an update recompiles)."""
    ts = ts or ts_file()
    if not ts.exists():
        return None
    digest = hashlib.sha256(ts.read_bytes()).hexdigest()[:12]
    qm = data_dir() / "i18n" / f"{ts.stem}-{digest}.qm"
    if not qm.exists():
        try:
            compile_ts(ts, qm)
        except (OSError, subprocess.CalledProcessError) as err:
            log.warning("could not compile %s: %s", ts, err)
            return None
    return qm


class Translations:
    """Owns the installed translators; ``apply(lang)`` switches the whole app (Qt's and the services')."""

    def __init__(self, app: QCoreApplication) -> None:
        self._app = app
        self._installed: list[QTranslator] = []
        self.language = "en"

    def uninstall(self) -> None:
        """Remove the installed translators (the source strings, English, show again)."""
        for translator in self._installed:
            self._app.removeTranslator(translator)
        self._installed.clear()

    def apply(self, lang: str) -> bool:
        """Switch to ``lang`` ("zh_CN" or "en"); False when the Chinese catalogue could not be loaded."""
        lang = i18n.normalize(lang)
        self.uninstall()
        ok = True
        if lang == "zh_CN":
            ok = self._load_ours()
            self._load_qt_base()
            QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
        else:
            QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
        i18n.set_language(lang)
        self.language = lang
        return ok

    def _load_ours(self) -> bool:
        qm = compiled_qm()
        translator = QTranslator(self._app)
        if qm is None or not translator.load(str(qm)):
            log.warning("Chinese translations not loaded (%s)", qm)
            return False
        self._app.installTranslator(translator)
        self._installed.append(translator)
        return True

    def _load_qt_base(self) -> None:
        """Qt's own strings (standard buttons, context menus of line edits) in Chinese too."""
        translator = QTranslator(self._app)
        folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if translator.load("qtbase_zh_CN", folder):
            self._app.installTranslator(translator)
            self._installed.append(translator)
