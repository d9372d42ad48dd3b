"""Create or edit a client: each field shows its problem right under it (red), Save stays disabled while the form
is invalid, and a save that meets someone else's newer version shows both versions instead of overwriting.

Local checks (format, checksum, dates) run on every keystroke without the database; the service re-validates on
save and adds what needs the database (client number taken, RM and controller exist).
"""

from __future__ import annotations

from dataclasses import fields, replace
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from rmdesk.services.clients import ClientDetail, ClientError, rm_choices
from rmdesk.services.clients_edit import (
    ClientForm,
    ClientValidationError,
    ConcurrentEditError,
    create_client,
    error_text,
    update_client,
    validate_client,
)
from rmdesk.services.identity import parse_id_card
from rmdesk.services.progress import Progress
from rmdesk.store.models import CLIENT_STATUSES, ID_TYPES, INVESTOR_TYPES, TIERS
from rmdesk.ui import client_labels as L
from rmdesk.ui.client_conflict import ConflictDialog, ConflictRow
from rmdesk.ui.client_lifetime import dispose_later
from rmdesk.ui.context import AppContext
from rmdesk.ui.style import ERROR_RED

CONTEXT = "ClientForm"
# (field, label source text); the order is the tab order.
LEFT_FIELDS = (
    ("client_no", QT_TRANSLATE_NOOP("ClientForm", "Client no")),
    ("name", QT_TRANSLATE_NOOP("ClientForm", "Name")),
    ("id_type", QT_TRANSLATE_NOOP("ClientForm", "ID type")),
    ("id_no", QT_TRANSLATE_NOOP("ClientForm", "ID number")),
    ("gender", QT_TRANSLATE_NOOP("ClientForm", "Gender")),
    ("birth_date", QT_TRANSLATE_NOOP("ClientForm", "Birth date")),
    ("phone", QT_TRANSLATE_NOOP("ClientForm", "Mobile")),
    ("email", QT_TRANSLATE_NOOP("ClientForm", "E-mail")),
    ("address", QT_TRANSLATE_NOOP("ClientForm", "Address")),
    ("occupation", QT_TRANSLATE_NOOP("ClientForm", "Occupation")),
    ("tags", QT_TRANSLATE_NOOP("ClientForm", "Tags")),
)
RIGHT_FIELDS = (
    ("investor_type", QT_TRANSLATE_NOOP("ClientForm", "Investor type")),
    ("risk_level", QT_TRANSLATE_NOOP("ClientForm", "Risk level")),
    ("risk_assessed_on", QT_TRANSLATE_NOOP("ClientForm", "Assessed on")),
    ("trading_since", QT_TRANSLATE_NOOP("ClientForm", "Trading since")),
    ("avg_assets_20d", QT_TRANSLATE_NOOP("ClientForm", "Avg daily assets (20 days)")),
    ("tier", QT_TRANSLATE_NOOP("ClientForm", "Tier")),
    ("rm_id", QT_TRANSLATE_NOOP("ClientForm", "RM")),
    ("status", QT_TRANSLATE_NOOP("ClientForm", "Status")),
    ("controller_no", QT_TRANSLATE_NOOP("ClientForm", "Controller's client no")),
    ("is_related_party", QT_TRANSLATE_NOOP("ClientForm", "Broker's shareholder or related party")),
    ("has_other_credit_account", QT_TRANSLATE_NOOP("ClientForm", "Credit account at another broker")),
    ("dormant", QT_TRANSLATE_NOOP("ClientForm", "Dormant")),
    ("notes", QT_TRANSLATE_NOOP("ClientForm", "Notes")),
)
DATE_FIELDS = ("birth_date", "risk_assessed_on", "trading_since")
FIELD_TITLES = dict(LEFT_FIELDS + RIGHT_FIELDS)


def _t(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


class ClientFormDialog(QDialog):
    """``detail`` None: a new client. ``saved(ClientDetail)`` after a successful save (the hub is told too)."""

    saved = Signal(object)

    def __init__(self, ctx: AppContext, detail: ClientDetail | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("clientForm")
        self.ctx = ctx
        self.detail = detail
        self.expected_version = detail.version if detail else 0
        self.original = ClientForm.from_detail(detail) if detail else ClientForm()
        self.touched: set[str] = set()
        self.server_errors: dict[str, str] = {}
        self.saving = False
        self.widgets: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}
        self.labels: list[tuple[QLabel, str]] = []
        self._build()
        self.set_form(self.original)
        self._load_rms()
        self.retranslate_ui()
        self.revalidate()

    # ---- construction -----------------------------------------------------------------------------------------
    def _build(self) -> None:
        columns = QHBoxLayout()
        for spec in (LEFT_FIELDS, RIGHT_FIELDS):
            form = QFormLayout()
            form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
            form.setVerticalSpacing(2)
            for name, title in spec:
                widget = self._make_widget(name)
                widget.setObjectName(f"field_{name}")
                self.widgets[name] = widget
                error = QLabel()
                error.setObjectName(f"error_{name}")
                error.setStyleSheet(f"color: {ERROR_RED}; font-size: 9pt;")
                error.setWordWrap(True)
                error.hide()
                self.errors[name] = error
                cell = QVBoxLayout()
                cell.setSpacing(1)
                cell.addWidget(widget)
                cell.addWidget(error)
                caption = QLabel()
                self.labels.append((caption, title))
                form.addRow(caption, cell)
            columns.addLayout(form, 1)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setDefault(True)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.banner = QLabel()
        self.banner.setObjectName("formBanner")
        self.banner.setStyleSheet(f"color: {ERROR_RED};")
        self.banner.setWordWrap(True)
        self.banner.hide()
        layout = QVBoxLayout(self)
        layout.addLayout(columns)
        layout.addWidget(self.banner)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(860)

    def _make_widget(self, name: str) -> QWidget:
        combos: dict[str, list[tuple[str, object]]] = {
            "id_type": [(L.label(L.ID_TYPES, v), v) for v in ID_TYPES],
            "gender": [("", ""), *((L.label(L.GENDERS, v), v) for v in ("男", "女"))],
            "investor_type": [(L.label(L.INVESTOR_TYPES, v), v) for v in INVESTOR_TYPES],
            "risk_level": [("", None), *((L.label(L.RISK_LEVELS, v), v) for v in range(1, 6))],
            "tier": [(L.label(L.TIERS, v), v) for v in TIERS],
            "status": [(L.label(L.CLIENT_STATUSES, v), v) for v in CLIENT_STATUSES],
            "rm_id": [("", None)],
        }
        if name in combos:
            combo = QComboBox()
            for text, value in combos[name]:
                combo.addItem(text, value)
            combo.currentIndexChanged.connect(lambda _i, n=name: self._changed(n))
            return combo
        if name in ("is_related_party", "has_other_credit_account", "dormant"):
            check = QCheckBox()
            check.toggled.connect(lambda _v, n=name: self._changed(n))
            return check
        if name == "notes":
            notes = QPlainTextEdit()
            notes.setTabChangesFocus(True)
            notes.setFixedHeight(64)
            notes.textChanged.connect(lambda n=name: self._changed(n))
            return notes
        edit = QLineEdit()
        edit.textChanged.connect(lambda _t, n=name: self._changed(n))
        if name == "id_no":
            edit.editingFinished.connect(self._fill_from_id)
        return edit

    def retranslate_ui(self) -> None:
        new = self.detail is None
        title = self.tr("New client") if new else self.tr("Edit client %1").replace("%1", self.original.client_no)
        self.setWindowTitle(title)
        for caption, source in self.labels:
            caption.setText(_t(source))
        for name in DATE_FIELDS:
            self._line(name).setPlaceholderText(self.tr("YYYY-MM-DD"))
        self._line("avg_assets_20d").setPlaceholderText(self.tr("yuan, e.g. 520000.00"))
        self._line("phone").setPlaceholderText(self.tr("11 digits"))
        self._line("tags").setPlaceholderText(self.tr("comma separated"))
        rm_combo = self._combo("rm_id")
        rm_combo.setItemText(0, self.tr("(unassigned)"))
        self.save_button.setText(self.tr("Save"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        if self.detail is not None and not self.detail.revealed:
            self._line("id_no").setToolTip(self.tr("Masked: leave as shown to keep it, or type the full number"))
            self._line("phone").setToolTip(self.tr("Masked: leave as shown to keep it, or type the full number"))

    # ---- values -----------------------------------------------------------------------------------------------
    def _line(self, name: str) -> QLineEdit:
        widget = self.widgets[name]
        assert isinstance(widget, QLineEdit)
        return widget

    def _combo(self, name: str) -> QComboBox:
        widget = self.widgets[name]
        assert isinstance(widget, QComboBox)
        return widget

    def set_form(self, form: ClientForm) -> None:
        """Show ``form`` in the widgets (without marking fields as touched)."""
        touched = set(self.touched)
        for f in fields(ClientForm):
            widget, value = self.widgets[f.name], getattr(form, f.name)
            widget.blockSignals(True)
            if isinstance(widget, QComboBox):
                index = widget.findData(value)
                if index < 0 and f.name == "rm_id" and value is not None:
                    widget.addItem(self.detail.rm_name if self.detail else str(value), value)
                    index = widget.count() - 1
                widget.setCurrentIndex(max(0, index))
            elif isinstance(widget, QCheckBox):
                widget.setChecked(bool(value))
            elif isinstance(widget, QPlainTextEdit):
                widget.setPlainText(str(value or ""))
            elif isinstance(widget, QLineEdit):
                widget.setText(str(value or ""))
            widget.blockSignals(False)
        self.touched = touched

    def form_value(self) -> ClientForm:
        values: dict[str, Any] = {}
        for f in fields(ClientForm):
            widget = self.widgets[f.name]
            if isinstance(widget, QComboBox):
                values[f.name] = widget.currentData()
            elif isinstance(widget, QCheckBox):
                values[f.name] = widget.isChecked()
            elif isinstance(widget, QPlainTextEdit):
                values[f.name] = widget.toPlainText()
            elif isinstance(widget, QLineEdit):
                values[f.name] = widget.text()
        return ClientForm(**values)

    def _local_form(self, form: ClientForm) -> ClientForm:
        """Masked values left unchanged cannot be checked here (the service checks the stored ones on save)."""
        if self.detail is None:
            return form
        if form.id_no.strip() == self.original.id_no and "*" in form.id_no:
            form = replace(form, id_no="")
        if form.phone.strip() == self.original.phone and "*" in form.phone:
            form = replace(form, phone="")
        return form

    # ---- validation -------------------------------------------------------------------------------------------
    def _changed(self, name: str) -> None:
        self.touched.add(name)
        self.server_errors.pop(name, None)
        self.revalidate()

    def local_errors(self) -> dict[str, str]:
        return validate_client(self._local_form(self.form_value()))

    def revalidate(self, *, show_all: bool = False) -> dict[str, str]:
        """Show each touched field's problem under it; Save is enabled only when nothing is wrong."""
        form = self.form_value()
        errors = {**self.local_errors(), **self.server_errors}
        for name, label in self.errors.items():
            code = errors.get(name)
            visible = code is not None and (show_all or name in self.touched or name in self.server_errors)
            label.setText(error_text(code, form) if code and visible else "")
            label.setVisible(bool(visible))
        self.save_button.setEnabled(not errors and not self.saving)
        return errors

    def _fill_from_id(self) -> None:
        """A valid mainland ID fills an empty birth date and gender."""
        if self._combo("id_type").currentData() != "身份证":
            return
        try:
            info = parse_id_card(self._line("id_no").text())
        except ValueError:
            return
        if not self._line("birth_date").text().strip():
            self._line("birth_date").setText(info.birth_date.isoformat())
        gender = self._combo("gender")
        if not gender.currentData():
            gender.setCurrentIndex(gender.findData(info.gender))

    def _load_rms(self) -> None:
        combo = self._combo("rm_id")
        if not self.ctx.is_supervisor:
            combo.setEnabled(False)  # only a supervisor assigns clients (SPEC §1)
            if self.detail is None:
                combo.addItem(self.ctx.user.display_name, self.ctx.user.id)
                combo.setCurrentIndex(combo.count() - 1)
                self.original = replace(self.original, rm_id=self.ctx.user.id)  # an RM's new client is theirs
            return
        self.ctx.runner.run(lambda s, _p: rm_choices(s), self._rms_loaded, parent=self)

    def _rms_loaded(self, choices: list[tuple[int, str]]) -> None:
        combo = self._combo("rm_id")
        current = combo.currentData()
        combo.blockSignals(True)
        while combo.count() > 1:
            combo.removeItem(1)
        for uid, name in choices:
            combo.addItem(name, uid)
        combo.setCurrentIndex(max(0, combo.findData(current)))
        combo.blockSignals(False)

    # ---- saving -----------------------------------------------------------------------------------------------
    def save(self) -> None:
        if self.revalidate(show_all=True) or self.saving:
            return
        form, actor = self.form_value(), self.ctx.actor
        detail, version = self.detail, self.expected_version

        def work(session: Session, _progress: Progress) -> ClientDetail:
            if detail is None:
                return create_client(session, actor, form)
            return update_client(session, actor, detail.id, version, form)

        self.saving = True
        self.save_button.setEnabled(False)
        self.banner.hide()
        self.ctx.runner.run(work, self._saved, on_failure=self._save_failed, parent=self, write=True)

    def _saved(self, detail: ClientDetail) -> None:
        self.saving = False
        self.detail = detail
        self.ctx.hub.clients_changed.emit()
        self.saved.emit(detail)
        self.accept()

    def _save_failed(self, error: BaseException) -> None:
        self.saving = False
        if isinstance(error, ClientValidationError):
            self.server_errors = dict(error.errors)
            self.revalidate(show_all=True)
            self._show_banner(error.message())
        elif isinstance(error, ConcurrentEditError):
            self.revalidate()
            self._show_conflict(error)
        elif isinstance(error, ClientError):
            self.revalidate()
            self._show_banner(error.message())
        else:
            self.revalidate()
            self.ctx.runner.report_failure(error, parent=self)

    def _show_banner(self, text: str, *, error: bool = True) -> None:
        self.banner.setText(text)
        self.banner.setStyleSheet(f"color: {ERROR_RED};" if error else "")
        self.banner.show()

    def _describe(self, name: str, value: object, current: ClientDetail | None = None) -> str:
        """A field's value as the form shows it (combo texts, yes/no)."""
        widget = self.widgets[name]
        if name == "rm_id" and current is not None and value == current.rm_id:
            return current.rm_name or self.tr("(unassigned)")
        if isinstance(widget, QComboBox):
            index = widget.findData(value)
            return widget.itemText(index) if index >= 0 else str(value or "")
        if isinstance(widget, QCheckBox):
            return self.tr("Yes") if value else self.tr("No")
        return str(value or "")

    def conflict_rows(self, current: ClientDetail) -> list[ConflictRow]:
        mine, theirs, original = self.form_value(), ClientForm.from_detail(current), self.original
        rows = []
        for name, title in FIELD_TITLES.items():
            a, b, o = getattr(theirs, name), getattr(mine, name), getattr(original, name)
            rows.append(
                ConflictRow(
                    _t(title), self._describe(name, a, current), self._describe(name, b, current), a != o, b != o
                )
            )
        return rows

    def _show_conflict(self, error: ConcurrentEditError) -> None:
        current = error.current
        saved_at = current.updated_at.strftime("%Y-%m-%d %H:%M:%S")
        dialog = ConflictDialog(self.conflict_rows(current), saved_at, current.version, parent=self)
        dialog.load_theirs.connect(lambda: self._take_current(error.current, keep_mine=False))
        dialog.apply_mine.connect(lambda: self._take_current(error.current, keep_mine=True))
        self.conflict = dialog
        dialog.finished.connect(lambda _r, d=dialog: dispose_later(d))
        dialog.open()

    def _take_current(self, current: ClientDetail, *, keep_mine: bool) -> None:
        """Continue from the stored version: either as stored, or with this window's changes applied on top."""
        mine = self.form_value()
        base = ClientForm.from_detail(current)
        if keep_mine:
            changed = {f.name: getattr(mine, f.name) for f in fields(ClientForm)}
            changed = {k: v for k, v in changed.items() if v != getattr(self.original, k)}
            base = replace(base, **changed)
        self.detail = current
        self.original = ClientForm.from_detail(current)
        self.expected_version = current.version
        self.server_errors = {}
        self.set_form(base)
        self._show_banner(
            self.tr("Your changes are applied to the stored version: check them and save again.")
            if keep_mine
            else self.tr("The stored version is loaded."),
            error=False,
        )
        self.revalidate()

    def reject(self) -> None:
        """Escape / Cancel: ask before discarding typed changes."""
        if self.form_value() != self.original and not self.saving:
            answer = QMessageBox.question(
                self, self.tr("Discard changes"), self.tr("Close the form and discard your changes?")
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        super().reject()
