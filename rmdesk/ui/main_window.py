"""The main window: section navigation, status bar (data as-of, user and role, holiday-table warning), keyboard
shortcuts, remembered geometry and section, the idle lock and the live language switch.

Pages are plain QWidgets built by the SECTIONS registry on first visit. A page may offer any of these methods,
which the window's shortcuts call: ``refresh()`` (F5), ``focus_search()`` (Ctrl+F), ``new_client()`` (Ctrl+N),
``print_current()`` (Ctrl+P), ``can_close() -> bool`` (unsaved work), ``retranslate_ui()`` (else the page is
rebuilt after a language switch). Pages must not bind these keys themselves (Qt would find them ambiguous).
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QByteArray, QCoreApplication, QEvent, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from rmdesk import i18n
from rmdesk.services.desk import DeskStatus, desk_status
from rmdesk.services.policy import load_policy
from rmdesk.ui.context import AppContext
from rmdesk.ui.idle_lock import IdleLock, LockScreen
from rmdesk.ui.sections import SECTION_KEYS, SECTIONS, section
from rmdesk.ui.translations import Translations

ROLE_NAMES = {
    "rm": QT_TRANSLATE_NOOP("MainWindow", "Relationship manager"),
    "supervisor": QT_TRANSLATE_NOOP("MainWindow", "Supervisor"),
    "admin": QT_TRANSLATE_NOOP("MainWindow", "Administrator"),
}
MS_PER_MINUTE = 60_000


class MainWindow(QMainWindow):
    """One per logged-in session; ``ctx.runner.default_parent`` is this window (error dialogs centre on it)."""

    def __init__(self, ctx: AppContext, translations: Translations | None = None) -> None:
        super().__init__()
        self.ctx = ctx
        self.translations = translations
        self.status: DeskStatus | None = None
        self._branch_name = ""
        self._shown_once = False
        self.started = False  # the first page, the status bar and the policy have been asked for
        self.pages: dict[str, QWidget] = {}
        self.idle_minutes = 0
        self.setObjectName("mainWindow")
        ctx.runner.default_parent = self

        self.nav = QListWidget()
        self.nav.setObjectName("sectionNav")
        self.nav.setFixedWidth(168)
        self.nav.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        for s in SECTIONS:
            item = QListWidgetItem()
            item.setData(Qt.ItemDataRole.UserRole, s.key)
            self.nav.addItem(item)
        self.brand = QLabel("rmdesk")
        self.brand.setObjectName("navBrand")
        self.branch = QLabel()
        self.branch.setObjectName("navBranch")
        self.branch.setWordWrap(True)
        side = QWidget()
        side.setObjectName("navPanel")
        side.setStyleSheet("QWidget#navPanel { background: #1f2d3d; }")
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.setSpacing(0)
        side_layout.addWidget(self.brand)
        side_layout.addWidget(self.branch)
        side_layout.addWidget(self.nav, 1)

        self.stack = QStackedWidget()
        central = QWidget()
        row = QHBoxLayout(central)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(side)
        row.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self.as_of_label = QLabel()
        self.as_of_label.setObjectName("asOfLabel")
        self.holiday_label = QLabel()
        self.holiday_label.setObjectName("holidayWarning")
        self.holiday_label.hide()
        self.user_label = QLabel()
        self.user_label.setObjectName("userLabel")
        for label in (self.as_of_label, self.holiday_label, self.user_label):
            label.setContentsMargins(8, 0, 8, 0)
        bar = self.statusBar()
        bar.addPermanentWidget(self.holiday_label)
        bar.addPermanentWidget(self.as_of_label)
        bar.addPermanentWidget(self.user_label)

        self._build_actions()
        self.nav.currentRowChanged.connect(self._row_changed)

        self.idle = IdleLock(0, self)
        self.lock_screen = LockScreen(ctx.runner, ctx.user, self.idle, self)

        ctx.hub.data_imported.connect(self.refresh_status)
        ctx.hub.policy_changed.connect(self._load_policy)
        ctx.hub.policy_changed.connect(self.refresh_status)
        ctx.hub.language_changed.connect(self._language_setting_changed)
        self.retranslate_ui()
        self._restore()

    # ---- construction -----------------------------------------------------------------------------------------
    def _build_actions(self) -> None:
        def action(shortcut: QKeySequence | str, slot: object, name: str) -> QAction:
            act = QAction(self)
            act.setObjectName(name)
            act.setShortcut(QKeySequence(shortcut))
            act.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            act.triggered.connect(slot)
            self.addAction(act)
            return act

        self.find_action = action(QKeySequence.StandardKey.Find, self.focus_search, "actionFind")
        self.new_action = action("Ctrl+N", self.new_client, "actionNewClient")
        self.print_action = action(QKeySequence.StandardKey.Print, self.print_current, "actionPrint")
        self.refresh_action = action(QKeySequence.StandardKey.Refresh, self.refresh_current, "actionRefresh")
        self.import_action = action("Ctrl+I", lambda: self.show_section("import"), "actionImport")
        self.lock_action = action("Ctrl+L", self._lock_now, "actionLock")
        self.quit_action = action(QKeySequence.StandardKey.Quit, self.close, "actionQuit")
        self.section_actions = [
            action(f"Ctrl+{i + 1}", lambda _c=False, k=s.key: self.show_section(k), f"actionSection_{s.key}")
            for i, s in enumerate(SECTIONS)
        ]
        menu = self.menuBar()
        self.file_menu = menu.addMenu("")
        self.file_menu.addActions([self.import_action, self.print_action])
        self.backup_action = QAction(self)
        self.backup_action.setObjectName("actionBackup")
        self.backup_action.triggered.connect(self._back_up)
        self.backup_action.setVisible(self.ctx.user.role == "admin")
        self.file_menu.addAction(self.backup_action)
        self.file_menu.addSeparator()
        self.file_menu.addActions([self.lock_action, self.quit_action])
        self.edit_menu = menu.addMenu("")
        self.edit_menu.addActions([self.find_action, self.new_action, self.refresh_action])
        self.go_menu = menu.addMenu("")
        self.go_menu.addActions(self.section_actions)
        self.help_menu = menu.addMenu("")
        self.about_action = QAction(self)
        self.about_action.triggered.connect(self._about)
        self.help_menu.addAction(self.about_action)

    def _back_up(self) -> None:
        from rmdesk.ui.backup_action import start_backup

        start_backup(self.ctx, self)

    def _lock_now(self) -> None:
        self.idle.lock()

    def retranslate_ui(self) -> None:
        user = self.ctx.user
        self.setWindowTitle(self.tr("rmdesk — margin-client desk"))
        for row, s in enumerate(SECTIONS):
            self.nav.item(row).setText(s.translated_title())
        for act, s in zip(self.section_actions, SECTIONS, strict=True):
            act.setText(s.translated_title())
        self.file_menu.setTitle(self.tr("&File"))
        self.edit_menu.setTitle(self.tr("&Edit"))
        self.go_menu.setTitle(self.tr("&Go"))
        self.help_menu.setTitle(self.tr("&Help"))
        self.find_action.setText(self.tr("Find client"))
        self.new_action.setText(self.tr("New client…"))
        self.print_action.setText(self.tr("Print…"))
        self.refresh_action.setText(self.tr("Refresh"))
        self.import_action.setText(self.tr("Import the day's files…"))
        self.lock_action.setText(self.tr("Lock the desk"))
        self.backup_action.setText(self.tr("Back up database…"))
        self.quit_action.setText(self.tr("Quit"))
        self.about_action.setText(self.tr("About rmdesk"))
        role = QCoreApplication.translate("MainWindow", ROLE_NAMES.get(user.role, user.role))
        self.user_label.setText(self.tr("%1 (%2)").replace("%1", user.display_name).replace("%2", role))
        self._show_status()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    # ---- sections ---------------------------------------------------------------------------------------------
    @property
    def current_key(self) -> str:
        item = self.nav.currentItem()
        return str(item.data(Qt.ItemDataRole.UserRole)) if item else SECTIONS[0].key

    def show_section(self, key: str) -> QWidget:
        """Select a section (building its page on first visit) and return the page."""
        row = SECTION_KEYS.index(key)
        if self.nav.currentRow() != row:
            self.nav.setCurrentRow(row)
        page = self.page(key)
        self.stack.setCurrentWidget(page)
        return page

    def page(self, key: str) -> QWidget:
        page = self.pages.get(key)
        if page is None:
            try:
                page = section(key).factory(self.ctx)
            except Exception as err:  # a broken page must not take the desk down: say so, keep the rest usable
                page = self._broken_page(err)
            page.setObjectName(f"page_{key}")
            self.pages[key] = page
            self.stack.addWidget(page)
        return page

    def _broken_page(self, error: BaseException) -> QWidget:
        import traceback

        from rmdesk.ui.errors import describe_error

        details = "".join(traceback.format_exception(error))
        label = QLabel(self.tr("This page could not be opened: %1").replace("%1", describe_error(error)))
        label.setWordWrap(True)
        label.setContentsMargins(28, 24, 28, 24)
        label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.ctx.runner.report_failure(error, details, self)
        return label

    def _row_changed(self, row: int) -> None:
        if row < 0:
            return
        key = SECTIONS[row].key
        self.stack.setCurrentWidget(self.page(key))
        self.ctx.settings.last_section = key

    def current_page(self) -> QWidget:
        return self.page(self.current_key)

    # ---- shortcuts --------------------------------------------------------------------------------------------
    def _call(self, method: str, *, fallback_section: str | None = None) -> bool:
        page = self.current_page()
        if not hasattr(page, method) and fallback_section is not None:
            page = self.show_section(fallback_section)
        fn = getattr(page, method, None)
        if fn is None:
            return False
        fn()
        return True

    def focus_search(self) -> None:
        """Ctrl+F: the current page's search box, else the client book's."""
        self._call("focus_search", fallback_section="clients")

    def new_client(self) -> None:
        """Ctrl+N: a new client, from wherever the user is."""
        if not self._call("new_client", fallback_section="clients"):
            self.statusBar().showMessage(self.tr("New clients are created in the client book."), 5000)

    def print_current(self) -> None:
        if not self._call("print_current"):
            self.statusBar().showMessage(self.tr("There is nothing to print on this page."), 5000)

    def refresh_current(self) -> None:
        self._call("refresh")
        self.refresh_status()

    # ---- status bar -------------------------------------------------------------------------------------------
    def refresh_status(self, *_args: object) -> None:
        self.ctx.runner.run(lambda s, _p: desk_status(s), self._status_loaded, parent=self)

    def _status_loaded(self, status: DeskStatus) -> None:
        self.status = status
        self._show_status()

    def _show_status(self) -> None:
        branch = self._branch_name
        self.branch.setText(branch)
        self.branch.setVisible(bool(branch))
        status = self.status
        if status is None:
            self.as_of_label.setText("")
            return
        self.as_of_label.setText(
            self.tr("Data as of %1").replace("%1", status.as_of.isoformat())
            if status.as_of
            else self.tr("No data imported yet")
        )
        years = status.missing_holiday_years
        self.holiday_label.setVisible(bool(years))
        if years:
            joined = self.tr(", ").join(str(y) for y in years)
            self.holiday_label.setText(self.tr("Holiday table lacks %1").replace("%1", joined))
            self.holiday_label.setToolTip("\n".join(i18n.t("calendar.year_missing", year=y) for y in years))

    # ---- policy, idle lock, language --------------------------------------------------------------------------
    def _load_policy(self, *_args: object) -> None:
        self.ctx.runner.run(lambda s, _p: load_policy(s), self._policy_loaded, parent=self)

    def _policy_loaded(self, policy: object) -> None:
        self._branch_name = str(getattr(policy, "branch_name", ""))
        minutes = int(getattr(policy, "idle_lock_minutes", 15))  # a branch rule (⚙), not a desk preference
        self.idle_minutes = minutes
        self.idle.set_timeout_ms(minutes * MS_PER_MINUTE)
        self._show_status()

    def start_idle_lock(self) -> None:
        self.idle.start()

    def _language_setting_changed(self) -> None:
        """Settings changed the language: switch translators, then rebuild pages that cannot retranslate."""
        if self.translations is not None:
            self.translations.apply(self.ctx.settings.language)
        for key, page in list(self.pages.items()):
            if hasattr(page, "retranslate_ui"):
                continue
            if hasattr(page, "can_close") and not page.can_close():
                continue
            current = key == self.current_key
            self.stack.removeWidget(page)
            page.deleteLater()
            del self.pages[key]
            if current:
                self.stack.setCurrentWidget(self.page(key))

    # ---- geometry and closing ---------------------------------------------------------------------------------
    def _restore(self) -> None:
        settings = self.ctx.settings
        if settings.window_geometry:
            self.restoreGeometry(QByteArray(settings.window_geometry))
        else:
            self.resize(1280, 800)
        if settings.window_state:
            self.restoreState(QByteArray(settings.window_state))
        last = settings.last_section if settings.last_section in SECTION_KEYS else SECTIONS[0].key
        # Select the section now, build its page once the window is on screen: whatever the user (or a caller)
        # opens first gets the database worker first, and the window appears without waiting for a page.
        self.nav.blockSignals(True)
        self.nav.setCurrentRow(SECTION_KEYS.index(last))
        self.nav.blockSignals(False)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._shown_once:
            self._shown_once = True
            QTimer.singleShot(0, self._build_current)

    def _build_current(self) -> None:
        """The restored section's page (unless another section was opened before the event loop got here), then
        the status bar and the policy: the page's data gets the database worker first."""
        if self.current_key not in self.pages:
            self._row_changed(self.nav.currentRow())
        self.refresh_status()
        self._load_policy()
        self.started = True

    def save_state(self) -> None:
        settings = self.ctx.settings
        settings.window_geometry = bytes(self.saveGeometry().data())
        settings.window_state = bytes(self.saveState().data())
        settings.last_section = self.current_key
        settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        for page in self.pages.values():
            can_close = getattr(page, "can_close", None)
            if can_close is not None and not can_close():
                event.ignore()
                return
        if self.ctx.runner.doing_user_work:
            answer = QMessageBox.question(
                self,
                self.tr("Work in progress"),
                self.tr("A job is still running. Stop it and quit?"),
            )
            if answer != QMessageBox.StandardButton.Yes:
                event.ignore()
                return
        self.save_state()
        self.idle.stop()
        self.ctx.runner.cancel_all()
        event.accept()

    def _about(self) -> None:
        from rmdesk import __version__

        QMessageBox.about(
            self,
            self.tr("About rmdesk"),
            self.tr("rmdesk %1 — the desk of relationship managers serving margin-financing clients.").replace(
                "%1", __version__
            ),
        )
