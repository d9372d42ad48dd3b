"""设置: the desk's language (QSettings), and the branch's documents header and policy settings (database,
supervisors only, every change audited by the policy service)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from rmdesk.paths import data_dir
from rmdesk.services.desk import PolicyRow, policy_rows, save_policy
from rmdesk.ui.context import AppContext
from rmdesk.ui.import_source import fit_columns, make_table
from rmdesk.ui.login import LANGUAGE_CHOICES
from rmdesk.ui.policy_model import BRANCH_KEYS, PolicyModel, line_order_problem
from rmdesk.ui.style import ERROR_RED, LEVEL_COLORS, MUTED


class SettingsPage(QWidget):
    """Language applies at once (live). Branch and policy edits are saved together with one button."""

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.editable = ctx.is_supervisor
        self.rows: list[PolicyRow] = []
        self._discarding = False
        self.title = QLabel()
        self.title.setObjectName("pageTitle")

        self.language_box = QGroupBox()
        self.language_combo = QComboBox()
        self.language_combo.setObjectName("settingsLanguage")
        for code, name in LANGUAGE_CHOICES:
            self.language_combo.addItem(name, code)
        self.language_combo.setCurrentIndex(max(0, self.language_combo.findData(ctx.settings.language)))
        self.language_combo.currentIndexChanged.connect(self._language_chosen)
        self.language_label = QLabel()
        self.language_label.setBuddy(self.language_combo)
        lang_form = QFormLayout(self.language_box)
        lang_form.addRow(self.language_label, self.language_combo)

        self.branch_box = QGroupBox()
        self.branch_edits = {key: QLineEdit() for key in BRANCH_KEYS}
        self.branch_labels = {key: QLabel() for key in BRANCH_KEYS}
        branch_form = QFormLayout(self.branch_box)
        for key in BRANCH_KEYS:
            edit = self.branch_edits[key]
            edit.setObjectName(f"edit_{key}")
            edit.setReadOnly(not self.editable)
            edit.textEdited.connect(self._update_buttons)
            self.branch_labels[key].setBuddy(edit)
            branch_form.addRow(self.branch_labels[key], edit)

        self.policy_box = QGroupBox()
        self.policy_hint = QLabel()
        self.policy_hint.setWordWrap(True)
        self.policy_hint.setStyleSheet(f"color: {MUTED};")
        self.model = PolicyModel(editable=self.editable)
        self.model.rejected.connect(self._rejected)
        self.model.pending_changed.connect(self._update_buttons)
        self.table = make_table(self.model)
        self.table.setObjectName("policyTable")
        if self.editable:
            self.table.setEditTriggers(
                self.table.EditTrigger.DoubleClicked
                | self.table.EditTrigger.EditKeyPressed
                | self.table.EditTrigger.AnyKeyPressed
            )
        policy_layout = QVBoxLayout(self.policy_box)
        policy_layout.addWidget(self.policy_hint)
        policy_layout.addWidget(self.table, 1)

        self.message = QLabel()
        self.message.setObjectName("settingsMessage")
        self.message.setWordWrap(True)
        self.save_button = QPushButton()
        self.save_button.setObjectName("saveSettings")
        self.save_button.clicked.connect(self.save)
        self.discard_button = QPushButton()
        self.discard_button.clicked.connect(self.discard)
        self.rescan_button = QPushButton()
        self.rescan_button.setObjectName("rescanButton")
        self.rescan_button.clicked.connect(self.rescan)
        self.rescan_button.setVisible(self.editable)
        buttons = QHBoxLayout()
        buttons.addWidget(self.message, 1)
        buttons.addWidget(self.rescan_button)
        buttons.addWidget(self.discard_button)
        buttons.addWidget(self.save_button)
        self.save_button.setVisible(self.editable)
        self.discard_button.setVisible(self.editable)

        self.info = QLabel()
        self.info.setWordWrap(True)
        self.info.setStyleSheet(f"color: {MUTED};")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 24)
        layout.addWidget(self.title)
        top = QHBoxLayout()
        top.addWidget(self.language_box, 1)
        top.addWidget(self.branch_box, 2)
        layout.addLayout(top)
        layout.addWidget(self.policy_box, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.info)
        self.retranslate_ui()
        ctx.hub.policy_changed.connect(self.refresh)
        self.refresh()

    # ---- texts ------------------------------------------------------------------------------------------------
    def retranslate_ui(self) -> None:
        self.title.setText(self.tr("Settings"))
        self.language_box.setTitle(self.tr("This desk"))
        self.language_label.setText(self.tr("&Language"))
        self.branch_box.setTitle(self.tr("Branch (printed on every document)"))
        self.branch_labels["branch_name"].setText(self.tr("Branch &name"))
        self.branch_labels["branch_address"].setText(self.tr("&Address"))
        self.branch_labels["branch_phone"].setText(self.tr("&Phone"))
        self.policy_box.setTitle(self.tr("Policy settings"))
        self.policy_hint.setText(
            self.tr(
                "Lines, deadlines and quotas of the branch. Double-click a value to change it; every change is "
                "recorded in the audit log. Lines are fractions: 1.40 means 140%."
            )
            if self.editable
            else self.tr("Lines, deadlines and quotas of the branch. Only a supervisor can change them.")
        )
        self.save_button.setText(self.tr("&Save changes"))
        self.rescan_button.setText(self.tr("&Re-run the risk scan"))
        self.rescan_button.setToolTip(
            self.tr("Recompute the latest day's figures and warnings with the settings as they are now.")
        )
        self.discard_button.setText(self.tr("&Discard changes"))
        self.info.setText(
            self.tr("Logged in as %1 · database %2 · data folder %3")
            .replace("%1", f"{self.ctx.user.display_name} ({self.ctx.user.username})")
            .replace("%2", self.ctx.db.engine.url.render_as_string(hide_password=True))
            .replace("%3", str(data_dir()))
        )
        self.model.retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    # ---- language (this desk only) -----------------------------------------------------------------------------
    def _language_chosen(self) -> None:
        lang = str(self.language_combo.currentData())
        if lang != self.ctx.settings.language:
            self.ctx.settings.language = lang
            self.ctx.hub.language_changed.emit()

    # ---- branch and policy (database) -------------------------------------------------------------------------
    def refresh(self, *_args: object) -> None:
        """Reload from the database (F5, or after a save); edits not saved yet are kept."""
        self.ctx.runner.run(lambda s, _p: policy_rows(s), self._loaded, parent=self)

    def discard(self) -> None:
        """Forget the edits not saved yet and show the stored values again."""
        self._discarding = True
        self.refresh()

    def _loaded(self, rows: list[PolicyRow]) -> None:
        keep = not self._discarding
        self._discarding = False
        old = {r.key: r.value for r in self.rows}
        self.rows = rows
        by_key = {r.key: r for r in rows}
        for key, edit in self.branch_edits.items():
            edited = keep and key in old and edit.text().strip() != old[key]
            if not edited:
                edit.setText(by_key[key].value if key in by_key else "")
        self.model.set_rows(rows, keep_pending=keep)
        fit_columns(self.table, PolicyModel.SETTING)
        self._update_buttons()

    def changes(self) -> dict[str, str]:
        """Every pending edit: branch fields that differ from the database, and the table's pending values."""
        stored = {r.key: r.value for r in self.rows}
        out = {
            key: edit.text().strip()
            for key, edit in self.branch_edits.items()
            if key in stored and edit.text().strip() != stored[key]
        }
        out.update(self.model.pending)
        return out

    def _update_buttons(self, *_args: object) -> None:
        dirty = bool(self.changes())
        self.save_button.setEnabled(dirty)
        self.discard_button.setEnabled(dirty)

    def can_close(self) -> bool:
        """Asked when the desk closes: unsaved setting edits would be lost, so say so."""
        if not self.changes():
            return True
        answer = QMessageBox.question(
            self,
            self.tr("Unsaved settings"),
            self.tr("Some settings were changed but not saved. Quit and lose these changes?"),
        )
        return answer == QMessageBox.StandardButton.Yes

    def _rejected(self, setting: str, text: str, reason: str) -> None:
        self._say(
            self.tr("“%1” is not a valid value for %2 (%3).")
            .replace("%1", text)
            .replace("%2", setting)
            .replace("%3", reason),
            error=True,
        )

    def _say(self, text: str, *, error: bool = False) -> None:
        color = ERROR_RED if error else LEVEL_COLORS["normal"][0]
        self.message.setStyleSheet(f"color: {color};")
        self.message.setText(text)

    def save(self) -> None:
        changes = self.changes()
        if not changes:
            return
        merged = {r.key: r.value for r in self.rows} | changes
        if line_order_problem(merged):
            self._say(
                self.tr("The lines must keep emergency < close-out < warning ≤ top-up target."),
                error=True,
            )
            return
        if any(not merged[k].strip() for k in BRANCH_KEYS if k in changes):
            self._say(self.tr("The branch's name, address and phone cannot be empty."), error=True)
            return
        actor = self.ctx.actor
        shown = {r.key: r.value for r in self.rows if r.key in changes}
        self.save_button.setEnabled(False)
        self.ctx.runner.run(
            lambda s, _p: save_policy(s, actor, changes, shown),
            self._saved,
            on_failure=self._save_failed,
            label=self.tr("Saving the settings…"),
            parent=self,
            write=True,
        )

    def _saved(self, keys: list[str]) -> None:
        self._say(
            self.tr(
                "Saved %1 setting(s); each change is in the audit log. Lines and limits apply from the next import, "
                "or now with “Re-run the risk scan”."
            ).replace("%1", str(len(keys)))
        )
        self.ctx.hub.policy_changed.emit()

    def rescan(self) -> None:
        """The risk scan of the latest import again, with the current policy (supervisors, after a change)."""
        actor = self.ctx.actor

        def work(session: Any, progress: Any) -> Any:
            from rmdesk.services.risk import rescan

            return rescan(session, actor, progress)

        self.rescan_button.setEnabled(False)
        self.ctx.runner.run(
            work,
            self._rescanned,
            on_failure=self._rescan_failed,
            label=self.tr("Re-running the risk scan…"),
            progress=True,
            cancellable=True,
            parent=self,
            write=True,
        )

    def _rescanned(self, result: Any) -> None:
        self.rescan_button.setEnabled(True)
        if result is None:
            self._say(self.tr("Nothing has been imported yet: there is nothing to scan."))
            return
        raised = sum(1 for c in result.changes if c.action == "raised")
        self._say(
            self.tr("Risk scan of %1 done: %2 new warning(s), %3 level change(s).")
            .replace("%1", result.as_of.isoformat())
            .replace("%2", str(raised))
            .replace("%3", str(len(result.level_changes)))
        )
        self.ctx.hub.warnings_changed.emit()
        self.ctx.hub.clients_changed.emit()

    def _rescan_failed(self, error: BaseException) -> None:
        self.rescan_button.setEnabled(True)
        self.ctx.runner.report_failure(error, "", self)

    def _save_failed(self, error: BaseException) -> None:
        self._update_buttons()
        from rmdesk.services.desk import PolicyConflict

        if isinstance(error, PolicyConflict):
            self._say(str(error), error=True)
            return
        self.ctx.runner.report_failure(error, "", self)
