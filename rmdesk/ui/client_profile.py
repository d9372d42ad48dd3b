"""The client file's profile tab: personal data (masked unless revealed), suitability with the assessment's
expiry, the SPEC §2 eligibility checklist, and the related clients."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from rmdesk.money import format_yuan
from rmdesk.services.clients_file import ClientFile
from rmdesk.ui import client_labels as L
from rmdesk.ui.client_tables import RELATED_COLUMNS, RecordTableModel, make_table_view
from rmdesk.ui.style import ERROR_RED, MUTED

CONTEXT = "ClientProfile"
PASS_COLOR = "#1b5e20"

PROFILE_FIELDS = (
    ("client_no", QT_TRANSLATE_NOOP("ClientProfile", "Client no")),
    ("name", QT_TRANSLATE_NOOP("ClientProfile", "Name")),
    ("id", QT_TRANSLATE_NOOP("ClientProfile", "ID")),
    ("gender", QT_TRANSLATE_NOOP("ClientProfile", "Gender")),
    ("birth_date", QT_TRANSLATE_NOOP("ClientProfile", "Birth date")),
    ("phone", QT_TRANSLATE_NOOP("ClientProfile", "Mobile")),
    ("email", QT_TRANSLATE_NOOP("ClientProfile", "E-mail")),
    ("address", QT_TRANSLATE_NOOP("ClientProfile", "Address")),
    ("occupation", QT_TRANSLATE_NOOP("ClientProfile", "Occupation")),
    ("tier", QT_TRANSLATE_NOOP("ClientProfile", "Tier")),
    ("rm", QT_TRANSLATE_NOOP("ClientProfile", "RM")),
    ("status", QT_TRANSLATE_NOOP("ClientProfile", "Status")),
    ("controller", QT_TRANSLATE_NOOP("ClientProfile", "Actual controller")),
    ("tags", QT_TRANSLATE_NOOP("ClientProfile", "Tags")),
    ("notes", QT_TRANSLATE_NOOP("ClientProfile", "Notes")),
)
SUITABILITY_FIELDS = (
    ("investor_type", QT_TRANSLATE_NOOP("ClientProfile", "Investor type")),
    ("risk_level", QT_TRANSLATE_NOOP("ClientProfile", "Risk level")),
    ("assessed", QT_TRANSLATE_NOOP("ClientProfile", "Assessed on")),
    ("expires", QT_TRANSLATE_NOOP("ClientProfile", "Assessment valid until")),
    ("trading_since", QT_TRANSLATE_NOOP("ClientProfile", "Trading since")),
    ("avg_assets", QT_TRANSLATE_NOOP("ClientProfile", "Avg daily assets (20 days)")),
)


def _t(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def _form(fields: tuple[tuple[str, str], ...]) -> tuple[QFormLayout, dict[str, QLabel], list[tuple[QLabel, str]]]:
    form = QFormLayout()
    form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
    form.setHorizontalSpacing(14)
    values: dict[str, QLabel] = {}
    titles: list[tuple[QLabel, str]] = []
    for key, title in fields:
        name = QLabel()
        name.setStyleSheet(f"color: {MUTED};")
        value = QLabel()
        value.setObjectName(f"profile_{key}")
        value.setWordWrap(True)
        value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow(name, value)
        values[key] = value
        titles.append((name, title))
    return form, values, titles


class ProfilePanel(QWidget):
    """Left: personal data. Right: suitability, eligibility checklist, related clients (double click opens)."""

    related_opened = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.profile_box = QGroupBox()
        form, self.values, titles = _form(PROFILE_FIELDS)
        self.profile_box.setLayout(form)
        self.suitability_box = QGroupBox()
        sform, self.suitability, stitles = _form(SUITABILITY_FIELDS)
        self.suitability_box.setLayout(sform)
        self._titles = titles + stitles
        self.eligibility_box = QGroupBox()
        self.eligibility_layout = QVBoxLayout(self.eligibility_box)
        self.eligibility_summary = QLabel()
        self.eligibility_layout.addWidget(self.eligibility_summary)
        self.check_labels: list[QLabel] = []
        self.related_box = QGroupBox()
        self.related_model = RecordTableModel(RELATED_COLUMNS, self)
        self.related_table = make_table_view(self.related_model)
        self.related_table.setMaximumHeight(150)
        self.related_table.doubleClicked.connect(self._related_clicked)
        related_layout = QVBoxLayout(self.related_box)
        related_layout.addWidget(self.related_table)
        right = QVBoxLayout()
        right.addWidget(self.suitability_box)
        right.addWidget(self.eligibility_box)
        right.addWidget(self.related_box)
        right.addStretch(1)
        left = QVBoxLayout()
        left.addWidget(self.profile_box)
        left.addStretch(1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(left, 1)
        layout.addLayout(right, 1)
        self.file: ClientFile | None = None
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        for label, title in self._titles:
            label.setText(_t(title))
        self.profile_box.setTitle(self.tr("Profile"))
        self.suitability_box.setTitle(self.tr("Suitability"))
        self.eligibility_box.setTitle(self.tr("Eligibility for a credit account"))
        self.related_box.setTitle(self.tr("Related clients"))
        self.related_model.retranslate()
        if self.file is not None:
            self.show_file(self.file)

    def show_file(self, file: ClientFile) -> None:
        self.file = file
        d = file.detail
        masked_note = "" if d.revealed else self.tr(" (masked)")
        controller = f"{d.controller_no} {d.controller_name}".strip()
        texts = {
            "client_no": d.client_no,
            "name": d.name,
            "id": f"{L.label(L.ID_TYPES, d.id_type)} {d.id_no}{masked_note if d.id_no else ''}".strip(),
            "gender": L.label(L.GENDERS, d.gender),
            "birth_date": d.birth_date.isoformat() if d.birth_date else "",
            "phone": f"{d.phone}{masked_note if d.phone else ''}",
            "email": d.email,
            "address": d.address,
            "occupation": d.occupation,
            "tier": L.label(L.TIERS, d.tier),
            "rm": d.rm_name or self.tr("(unassigned)"),
            "status": L.label(L.CLIENT_STATUSES, d.status) + (self.tr(", archived") if d.archived else ""),
            "controller": controller,
            "tags": d.tags,
            "notes": d.notes,
        }
        for key, text in texts.items():
            self.values[key].setText(text or "—")
        expires = file.assessment_expires
        suit = {
            "investor_type": L.label(L.INVESTOR_TYPES, d.investor_type),
            "risk_level": L.label(L.RISK_LEVELS, d.risk_level),
            "assessed": d.risk_assessed_on.isoformat() if d.risk_assessed_on else "",
            "expires": expires.isoformat() if expires else "",
            "trading_since": d.trading_since.isoformat() if d.trading_since else "",
            "avg_assets": format_yuan(d.avg_assets_20d) if d.avg_assets_20d is not None else "",
        }
        for key, text in suit.items():
            self.suitability[key].setText(text or "—")
        expired = expires is not None and expires <= file.today
        self.suitability["expires"].setStyleSheet(f"color: {ERROR_RED};" if expired else "")
        self._show_checklist(file)
        self.related_model.set_records(file.related)
        self.related_box.setVisible(bool(file.related))

    def _show_checklist(self, file: ClientFile) -> None:
        for label in self.check_labels:
            self.eligibility_layout.removeWidget(label)
            label.deleteLater()
        self.check_labels = []
        passed = all(item.passed for item in file.eligibility)
        summary = self.tr("Meets every condition") if passed else self.tr("Does not meet every condition")
        self.eligibility_summary.setText(f"<b>{summary}</b>")
        self.eligibility_summary.setStyleSheet(f"color: {PASS_COLOR if passed else ERROR_RED};")
        for item in file.eligibility:
            mark = "✔" if item.passed else "✘"
            color = PASS_COLOR if item.passed else ERROR_RED
            label = QLabel(
                f"<span style='color:{color}; font-weight:bold'>{mark}</span> {item.title()}"
                f"<br><span style='color:{MUTED}'>&nbsp;&nbsp;&nbsp;&nbsp;{item.text()}</span>"
            )
            label.setObjectName(f"check_{item.code}")
            label.setProperty("passed", item.passed)
            label.setWordWrap(True)
            self.eligibility_layout.addWidget(label)
            self.check_labels.append(label)

    def _related_clicked(self, index: object) -> None:
        row = getattr(index, "row", lambda: -1)()
        rec = self.related_model.record(row)
        if rec is not None and rec.visible:
            self.related_opened.emit(rec.id)
