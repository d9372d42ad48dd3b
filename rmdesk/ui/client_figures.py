"""The client file's account panel: the credit account, every SPEC §3.1 figure with the account's level, and the
ratio history chart with its lines. Amounts via money.format_yuan, ratios/drops/shares via format_percent."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QGroupBox, QLabel, QVBoxLayout, QWidget

from rmdesk.money import format_percent, format_yuan
from rmdesk.services.clients_file import ClientFile
from rmdesk.services.figures import Figures
from rmdesk.ui.client_labels import level_name
from rmdesk.ui.ratio_chart import RatioChart
from rmdesk.ui.style import ERROR_RED, LEVEL_COLORS, MUTED

CONTEXT = "ClientFigures"


def _pct(value: Decimal | None) -> str:
    return format_percent(value)


def _concentration(f: Figures) -> str:
    c = f.max_concentration
    return "—" if c is None else f"{c.code} {format_percent(c.share)}"


# (label source text, value of the figures) in reading order: assets, liabilities, ratio and actions, credit.
FIGURE_ROWS: tuple[tuple[str, Callable[[Figures], str]], ...] = (
    (QT_TRANSLATE_NOOP("ClientFigures", "Cash"), lambda f: format_yuan(f.cash)),
    (QT_TRANSLATE_NOOP("ClientFigures", "Market value"), lambda f: format_yuan(f.market_value)),
    (QT_TRANSLATE_NOOP("ClientFigures", "Collateral value"), lambda f: format_yuan(f.collateral_value)),
    (QT_TRANSLATE_NOOP("ClientFigures", "Total assets"), lambda f: format_yuan(f.total_assets)),
    (QT_TRANSLATE_NOOP("ClientFigures", "Financing debt"), lambda f: format_yuan(f.financing_debt)),
    (QT_TRANSLATE_NOOP("ClientFigures", "Short value"), lambda f: format_yuan(f.short_value)),
    (QT_TRANSLATE_NOOP("ClientFigures", "Interest and fees"), lambda f: format_yuan(f.interest_fees)),
    (QT_TRANSLATE_NOOP("ClientFigures", "Total liabilities"), lambda f: format_yuan(f.total_liabilities)),
    (QT_TRANSLATE_NOOP("ClientFigures", "Net assets"), lambda f: format_yuan(f.net_assets)),
    (QT_TRANSLATE_NOOP("ClientFigures", "Maintenance ratio"), lambda f: _pct(f.maintenance_ratio)),
    (QT_TRANSLATE_NOOP("ClientFigures", "Top-up to target"), lambda f: format_yuan(f.topup_to_target)),
    (QT_TRANSLATE_NOOP("ClientFigures", "Repay to target"), lambda f: format_yuan(f.repay_to_target)),
    (QT_TRANSLATE_NOOP("ClientFigures", "Fall to warning line"), lambda f: _pct(f.drop_to_warning)),
    (QT_TRANSLATE_NOOP("ClientFigures", "Fall to close-out line"), lambda f: _pct(f.drop_to_closeout)),
    (QT_TRANSLATE_NOOP("ClientFigures", "Largest position share"), _concentration),
    (QT_TRANSLATE_NOOP("ClientFigures", "Withdrawable"), lambda f: format_yuan(f.withdrawable)),
    (QT_TRANSLATE_NOOP("ClientFigures", "Available margin"), lambda f: format_yuan(f.available_margin)),
    (QT_TRANSLATE_NOOP("ClientFigures", "Credit limit"), lambda f: format_yuan(f.credit_limit)),
    (QT_TRANSLATE_NOOP("ClientFigures", "Credit used"), lambda f: format_yuan(f.credit_used)),
    (QT_TRANSLATE_NOOP("ClientFigures", "Credit available"), lambda f: format_yuan(f.credit_available)),
)
LINE_ROWS = (
    (QT_TRANSLATE_NOOP("ClientFigures", "Warning line"), "warning"),
    (QT_TRANSLATE_NOOP("ClientFigures", "Close-out line"), "closeout"),
    (QT_TRANSLATE_NOOP("ClientFigures", "Top-up target"), "target"),
    (QT_TRANSLATE_NOOP("ClientFigures", "Emergency line"), "emergency"),
)
_COLUMNS = 3


def _t(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


class FiguresPanel(QWidget):
    """Account header, the figures grid (three columns of label/value pairs) and the ratio chart."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.account_label = QLabel()
        self.account_label.setWordWrap(True)
        self.level_label = QLabel()
        self.level_label.setObjectName("levelBadge")
        self.values: dict[str, QLabel] = {}
        self.figures_box = QGroupBox()
        grid = QGridLayout(self.figures_box)
        grid.setHorizontalSpacing(18)
        grid.setVerticalSpacing(6)
        self._titles: list[tuple[QLabel, str]] = []
        rows = [(title, title) for title, _ in FIGURE_ROWS] + [(title, f"line:{key}") for title, key in LINE_ROWS]
        per_column = -(-len(rows) // _COLUMNS)
        for i, (title, key) in enumerate(rows):
            col, row = divmod(i, per_column)
            name = QLabel()
            name.setStyleSheet(f"color: {MUTED};")
            value = QLabel("—")
            value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setObjectName(f"figure_{key}")
            grid.addWidget(name, row, col * 3)
            grid.addWidget(value, row, col * 3 + 1)
            if col < _COLUMNS - 1:
                spacer = QFrame()
                spacer.setFixedWidth(12)
                grid.addWidget(spacer, row, col * 3 + 2)
            self._titles.append((name, title))
            self.values[key] = value
        self.chart_box = QGroupBox()
        self.chart = RatioChart()
        chart_layout = QVBoxLayout(self.chart_box)
        chart_layout.addWidget(self.chart)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.account_label)
        layout.addWidget(self.level_label)
        layout.addWidget(self.figures_box)
        layout.addWidget(self.chart_box, 1)
        self.file: ClientFile | None = None
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        for name, title in self._titles:
            name.setText(_t(title))
        self.figures_box.setTitle(self.tr("Figures"))
        self.chart_box.setTitle(self.tr("Maintenance ratio history"))
        if self.file is not None:
            self.show_file(self.file)

    def show_file(self, file: ClientFile) -> None:
        self.file = file
        account = file.detail.account
        if account is None:
            self.account_label.setText(self.tr("This client has no credit account."))
        else:
            parts = [
                self.tr("Credit account %1").replace("%1", account.account_no),
                self.tr("credit limit %1").replace("%1", format_yuan(account.credit_limit)),
                self.tr("financing rate %1").replace("%1", format_percent(account.financing_rate)),
                self.tr("short-sale fee %1").replace("%1", format_percent(account.short_rate)),
                self.tr("opened %1").replace("%1", account.opened_on.isoformat() if account.opened_on else "—"),
            ]
            self.account_label.setText(" · ".join(parts))
        f = file.figures
        if f is None:
            self.level_label.setText(self.tr("No figures yet: they appear after the first import."))
            self.level_label.setStyleSheet(f"color: {MUTED};")
            for key, value in self.values.items():
                value.setText("—" if not key.startswith("line:") else self._line_text(file, key))
        else:
            color, background = LEVEL_COLORS.get(f.level, ("#000000", "#ffffff"))
            text = self.tr("As of %1: %2, maintenance ratio %3")
            text = text.replace("%1", f.as_of.isoformat()).replace("%2", level_name(f.level))
            self.level_label.setText(text.replace("%3", format_percent(f.maintenance_ratio)))
            self.level_label.setStyleSheet(
                f"QLabel#levelBadge {{ color: {color}; background: {background}; padding: 6px 10px;"
                " border-radius: 4px; font-weight: bold; }"
            )
            for title, fn in FIGURE_ROWS:
                self.values[title].setText(fn(f))
            for _, key in LINE_ROWS:
                self.values[f"line:{key}"].setText(self._line_text(file, f"line:{key}"))
            ratio_label = self.values[FIGURE_ROWS[9][0]]
            ratio_label.setStyleSheet(f"color: {color}; font-weight: bold;")
            negative = f.available_margin < 0  # a shortfall: the client may not buy on margin
            self.values[FIGURE_ROWS[16][0]].setStyleSheet(f"color: {ERROR_RED};" if negative else "")
        lines = {
            "warning": file.lines.warning,
            "closeout": file.lines.closeout,
            "target": file.lines.target,
            "emergency": file.lines.emergency,
        }
        self.chart.set_series([(d, r) for d, r, _level in file.history], lines)

    @staticmethod
    def _line_text(file: ClientFile, key: str) -> str:
        value: Decimal = getattr(file.lines, key.split(":", 1)[1])
        return format_percent(value)
