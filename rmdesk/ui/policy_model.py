"""The policy settings table (SPEC ⚙ numbers): label, value (editable by supervisors), default, last change.

Edits stay pending in the model until the page saves them in one transaction (each change audited by the
policy service). A value the service would refuse is refused here already (same parser), with the reason.
"""

from __future__ import annotations

from typing import Any, ClassVar

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QFont

from rmdesk.services.desk import PolicyRow
from rmdesk.services.policy import parse_value
from rmdesk.ui.style import MUTED
from rmdesk.ui.table_model import RowTableModel

Index = QModelIndex | QPersistentModelIndex

BRANCH_KEYS = ("branch_name", "branch_address", "branch_phone")

# key → (group, label). Unknown keys (added later to Policy) show their key, untranslated but usable.
LABELS: dict[str, tuple[str, str]] = {
    "warning_line": (QT_TRANSLATE_NOOP("Policy", "Lines"), QT_TRANSLATE_NOOP("Policy", "Warning line (1.40 = 140%)")),
    "closeout_line": (QT_TRANSLATE_NOOP("Policy", "Lines"), QT_TRANSLATE_NOOP("Policy", "Close-out line")),
    "target_line": (QT_TRANSLATE_NOOP("Policy", "Lines"), QT_TRANSLATE_NOOP("Policy", "Top-up target line")),
    "emergency_line": (QT_TRANSLATE_NOOP("Policy", "Lines"), QT_TRANSLATE_NOOP("Policy", "Emergency line")),
    "withdrawal_line": (QT_TRANSLATE_NOOP("Policy", "Lines"), QT_TRANSLATE_NOOP("Policy", "Withdrawal line")),
    "rollover_min_ratio": (
        QT_TRANSLATE_NOOP("Policy", "Lines"),
        QT_TRANSLATE_NOOP("Policy", "Minimum ratio for a rollover"),
    ),
    "warning_contact_trading_days": (
        QT_TRANSLATE_NOOP("Policy", "Deadlines"),
        QT_TRANSLATE_NOOP("Policy", "Contact after a warning (trading days)"),
    ),
    "margin_call_trading_days": (
        QT_TRANSLATE_NOOP("Policy", "Deadlines"),
        QT_TRANSLATE_NOOP("Policy", "Top-up deadline of a margin call (trading days)"),
    ),
    "emergency_trading_days": (
        QT_TRANSLATE_NOOP("Policy", "Deadlines"),
        QT_TRANSLATE_NOOP("Policy", "Deadline below the emergency line (trading days)"),
    ),
    "contract_expiry_notice_days": (
        QT_TRANSLATE_NOOP("Policy", "Deadlines"),
        QT_TRANSLATE_NOOP("Policy", "Warn of contracts due within (calendar days)"),
    ),
    "contract_term_months": (
        QT_TRANSLATE_NOOP("Policy", "Deadlines"),
        QT_TRANSLATE_NOOP("Policy", "Contract term (months)"),
    ),
    "assessment_valid_years": (
        QT_TRANSLATE_NOOP("Policy", "Suitability"),
        QT_TRANSLATE_NOOP("Policy", "Risk assessment valid for (years)"),
    ),
    "assessment_notice_days": (
        QT_TRANSLATE_NOOP("Policy", "Suitability"),
        QT_TRANSLATE_NOOP("Policy", "Warn before the assessment expires (days)"),
    ),
    "required_risk_level": (
        QT_TRANSLATE_NOOP("Policy", "Suitability"),
        QT_TRANSLATE_NOOP("Policy", "Risk level required for margin trading (4 = C4)"),
    ),
    "min_trading_months": (
        QT_TRANSLATE_NOOP("Policy", "Suitability"),
        QT_TRANSLATE_NOOP("Policy", "Trading experience required (months)"),
    ),
    "min_avg_assets_20d": (
        QT_TRANSLATE_NOOP("Policy", "Suitability"),
        QT_TRANSLATE_NOOP("Policy", "Average daily assets required over 20 trading days (yuan)"),
    ),
    "concentration_limit_low": (
        QT_TRANSLATE_NOOP("Policy", "Concentration and credit"),
        QT_TRANSLATE_NOOP("Policy", "Concentration limit below the first band"),
    ),
    "concentration_band_1": (
        QT_TRANSLATE_NOOP("Policy", "Concentration and credit"),
        QT_TRANSLATE_NOOP("Policy", "First ratio band"),
    ),
    "concentration_limit_mid": (
        QT_TRANSLATE_NOOP("Policy", "Concentration and credit"),
        QT_TRANSLATE_NOOP("Policy", "Concentration limit between the bands"),
    ),
    "concentration_band_2": (
        QT_TRANSLATE_NOOP("Policy", "Concentration and credit"),
        QT_TRANSLATE_NOOP("Policy", "Second ratio band (no limit above)"),
    ),
    "credit_usage_limit": (
        QT_TRANSLATE_NOOP("Policy", "Concentration and credit"),
        QT_TRANSLATE_NOOP("Policy", "Credit line use that raises a warning"),
    ),
    "financing_margin_ratio": (
        QT_TRANSLATE_NOOP("Policy", "Margin ratios"),
        QT_TRANSLATE_NOOP("Policy", "Financing margin ratio"),
    ),
    "financing_margin_ratio_reduced": (
        QT_TRANSLATE_NOOP("Policy", "Margin ratios"),
        QT_TRANSLATE_NOOP("Policy", "Reduced financing margin ratio"),
    ),
    "financing_reduced_from": (
        QT_TRANSLATE_NOOP("Policy", "Margin ratios"),
        QT_TRANSLATE_NOOP("Policy", "Reduced ratio for trades from"),
    ),
    "financing_reduced_to": (
        QT_TRANSLATE_NOOP("Policy", "Margin ratios"),
        QT_TRANSLATE_NOOP("Policy", "Reduced ratio for trades until"),
    ),
    "short_margin_ratio": (
        QT_TRANSLATE_NOOP("Policy", "Margin ratios"),
        QT_TRANSLATE_NOOP("Policy", "Short-selling margin ratio"),
    ),
    "haircut_index_stock": (
        QT_TRANSLATE_NOOP("Policy", "Default haircuts"),
        QT_TRANSLATE_NOOP("Policy", "Index constituent stocks"),
    ),
    "haircut_stock": (QT_TRANSLATE_NOOP("Policy", "Default haircuts"), QT_TRANSLATE_NOOP("Policy", "Other stocks")),
    "haircut_etf": (QT_TRANSLATE_NOOP("Policy", "Default haircuts"), QT_TRANSLATE_NOOP("Policy", "ETFs")),
    "haircut_gov_bond": (
        QT_TRANSLATE_NOOP("Policy", "Default haircuts"),
        QT_TRANSLATE_NOOP("Policy", "Government bonds"),
    ),
    "haircut_money_fund": (
        QT_TRANSLATE_NOOP("Policy", "Default haircuts"),
        QT_TRANSLATE_NOOP("Policy", "Money-market funds"),
    ),
    "haircut_fund": (QT_TRANSLATE_NOOP("Policy", "Default haircuts"), QT_TRANSLATE_NOOP("Policy", "Other funds")),
    "haircut_bond": (QT_TRANSLATE_NOOP("Policy", "Default haircuts"), QT_TRANSLATE_NOOP("Policy", "Other bonds")),
    "new_account_callback_months": (
        QT_TRANSLATE_NOOP("Policy", "Callbacks"),
        QT_TRANSLATE_NOOP("Policy", "Callback after a new credit account (months)"),
    ),
    "callback_quota_share": (
        QT_TRANSLATE_NOOP("Policy", "Callbacks"),
        QT_TRANSLATE_NOOP("Policy", "Yearly callback quota (share of clients)"),
    ),
    "after_warning_callback_working_days": (
        QT_TRANSLATE_NOOP("Policy", "Callbacks"),
        QT_TRANSLATE_NOOP("Policy", "Callback after a margin call (working days)"),
    ),
    "after_complaint_callback_working_days": (
        QT_TRANSLATE_NOOP("Policy", "Callbacks"),
        QT_TRANSLATE_NOOP("Policy", "Callback after a closed complaint (working days)"),
    ),
    "callback_retention_years": (
        QT_TRANSLATE_NOOP("Policy", "Callbacks"),
        QT_TRANSLATE_NOOP("Policy", "Keep callback records for (years)"),
    ),
    "case_ack_working_days": (
        QT_TRANSLATE_NOOP("Policy", "Complaints"),
        QT_TRANSLATE_NOOP("Policy", "Acknowledge within (working days)"),
    ),
    "case_respond_working_days": (
        QT_TRANSLATE_NOOP("Policy", "Complaints"),
        QT_TRANSLATE_NOOP("Policy", "Respond within (working days)"),
    ),
    "case_urgent_ack_working_days": (
        QT_TRANSLATE_NOOP("Policy", "Complaints"),
        QT_TRANSLATE_NOOP("Policy", "Urgent: acknowledge within (working days, 0 = same day)"),
    ),
    "case_urgent_respond_working_days": (
        QT_TRANSLATE_NOOP("Policy", "Complaints"),
        QT_TRANSLATE_NOOP("Policy", "Urgent: respond within (working days)"),
    ),
    "case_max_extension_days": (
        QT_TRANSLATE_NOOP("Policy", "Complaints"),
        QT_TRANSLATE_NOOP("Policy", "Longest extension (days)"),
    ),
    "case_approaching_days": (
        QT_TRANSLATE_NOOP("Policy", "Complaints"),
        QT_TRANSLATE_NOOP("Policy", "Highlight cases due within (days)"),
    ),
    "max_failed_logins": (
        QT_TRANSLATE_NOOP("Policy", "Security"),
        QT_TRANSLATE_NOOP("Policy", "Wrong passwords before a lockout"),
    ),
    "lockout_minutes": (QT_TRANSLATE_NOOP("Policy", "Security"), QT_TRANSLATE_NOOP("Policy", "Lockout (minutes)")),
    "idle_lock_minutes": (
        QT_TRANSLATE_NOOP("Policy", "Security"),
        QT_TRANSLATE_NOOP("Policy", "Lock the desk after idle (minutes)"),
    ),
}


def label(key: str) -> str:
    entry = LABELS.get(key)
    return QCoreApplication.translate("Policy", entry[1]) if entry else key


def group(key: str) -> str:
    entry = LABELS.get(key)
    return QCoreApplication.translate("Policy", entry[0]) if entry else ""


class PolicyModel(RowTableModel[PolicyRow]):
    """Policy rows except the branch's address block (edited in its own form)."""

    CONTEXT = "PolicyModel"
    GROUP, SETTING, VALUE, DEFAULT, CHANGED = range(5)
    COLUMNS: ClassVar[tuple[str, ...]] = (
        QT_TRANSLATE_NOOP("PolicyModel", "Group"),
        QT_TRANSLATE_NOOP("PolicyModel", "Setting"),
        QT_TRANSLATE_NOOP("PolicyModel", "Value"),
        QT_TRANSLATE_NOOP("PolicyModel", "Default"),
        QT_TRANSLATE_NOOP("PolicyModel", "Last changed"),
    )
    # a pending edit was refused: (setting label, text, reason)
    rejected = Signal(str, str, str)
    pending_changed = Signal()

    def __init__(self, editable: bool = False) -> None:
        super().__init__()
        self.editable = editable
        self.pending: dict[str, str] = {}

    def set_rows(self, rows: Any, *, keep_pending: bool = False) -> None:
        """Rows grouped as in LABELS (declaration order within a group); unknown keys last.

        ``keep_pending``: edits not saved yet survive a reload (F5) unless the database now holds that value.
        """
        kept_edits = dict(self.pending) if keep_pending else {}
        self.pending.clear()
        order = {key: i for i, key in enumerate(LABELS)}
        groups = list(dict.fromkeys(g for g, _l in LABELS.values()))
        kept = [r for r in rows if r.key not in BRANCH_KEYS]
        kept.sort(key=lambda r: (groups.index(LABELS[r.key][0]), order[r.key]) if r.key in LABELS else (99, 0))
        super().set_rows(kept)
        stored = {r.key: r.value for r in kept}
        self.pending.update({k: v for k, v in kept_edits.items() if k in stored and stored[k] != v})
        self.pending_changed.emit()

    def value_of(self, row: PolicyRow) -> str:
        return self.pending.get(row.key, row.value)

    def display(self, row: PolicyRow, column: int) -> str:
        if column == self.GROUP:
            return group(row.key)
        if column == self.SETTING:
            return label(row.key)
        if column == self.VALUE:
            return self.value_of(row)
        if column == self.DEFAULT:
            return row.default
        if row.changed_at is None:
            return ""
        return f"{row.changed_at:%Y-%m-%d %H:%M} {row.changed_by or ''}".strip()

    def tooltip(self, row: PolicyRow, column: int) -> Any:
        return row.key if column == self.SETTING else None

    def foreground(self, row: PolicyRow, column: int) -> Any:
        if column in (self.DEFAULT, self.GROUP):
            return QColor(MUTED)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.EditRole and index.isValid() and index.column() == self.VALUE:
            return self.value_of(self.rows[index.row()])
        if role == Qt.ItemDataRole.FontRole and index.isValid() and index.column() == self.VALUE:
            row = self.rows[index.row()]
            if row.key in self.pending or row.value != row.default:
                font = QFont()
                font.setBold(True)
                return font
            return None
        return super().data(index, role)

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if self.editable and index.isValid() and index.column() == self.VALUE:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not (
            self.editable and index.isValid() and index.column() == self.VALUE and role == Qt.ItemDataRole.EditRole
        ):
            return False
        row = self.rows[index.row()]
        text = str(value).strip()
        try:
            parse_value(row.key, text)
        except (ValueError, ArithmeticError) as err:
            self.rejected.emit(label(row.key), text, str(err))
            return False
        if text == row.value:
            self.pending.pop(row.key, None)
        else:
            self.pending[row.key] = text
        self.dataChanged.emit(index, index)
        self.pending_changed.emit()
        return True


LINE_ORDER = ("emergency_line", "closeout_line", "warning_line", "target_line")


def line_order_problem(values: dict[str, str]) -> bool:
    """True when the lines would not keep emergency < close-out < warning ≤ target (levels would overlap)."""
    from decimal import Decimal

    try:
        e, c, w, t = (Decimal(values[k]) for k in LINE_ORDER)
    except (KeyError, ArithmeticError, ValueError):
        return False
    return not (e < c < w <= t)
