"""工作台: what needs attention today, as simple counts for the user's scope (their clients, or the branch)."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QVBoxLayout, QWidget

from rmdesk.services.desk import TodaySummary, today_summary
from rmdesk.ui.context import AppContext
from rmdesk.ui.style import LEVEL_COLORS, MUTED

LEVEL_TITLES = {
    "normal": QT_TRANSLATE_NOOP("TodayPage", "Normal (≥ warning line)"),
    "warning": QT_TRANSLATE_NOOP("TodayPage", "Below the warning line"),
    "closeout": QT_TRANSLATE_NOOP("TodayPage", "Below the close-out line"),
    "emergency": QT_TRANSLATE_NOOP("TodayPage", "Below the emergency line"),
}
# The risk service's names for the kinds (rmdesk.services.risk registers the same words for the CLI); marked here
# for Qt so the 工作台 does not import the risk engine (and numpy) at start-up.
WARNING_KIND_NAMES = {
    "ratio_warning": QT_TRANSLATE_NOOP("TodayPage", "Below the warning line"),
    "margin_call": QT_TRANSLATE_NOOP("TodayPage", "Margin call"),
    "emergency": QT_TRANSLATE_NOOP("TodayPage", "Below the emergency line"),
    "concentration": QT_TRANSLATE_NOOP("TodayPage", "Concentration above the limit"),
    "contract_expiry": QT_TRANSLATE_NOOP("TodayPage", "Contract due soon"),
    "assessment_expiry": QT_TRANSLATE_NOOP("TodayPage", "Risk assessment expiring"),
    "suitability": QT_TRANSLATE_NOOP("TodayPage", "Suitability mismatch"),
    "credit_limit": QT_TRANSLATE_NOOP("TodayPage", "Credit line nearly used up"),
}
WARNING_KINDS = tuple(WARNING_KIND_NAMES)


class Tile(QFrame):
    """A titled number."""

    def __init__(self, color: str | None = None, background: str | None = None, *, alert: bool = False) -> None:
        super().__init__()
        self.setObjectName("tile")
        if background:
            self.setStyleSheet(f"QFrame#tile {{ background: {background}; }}")
        self.value = QLabel("—")
        self.value.setObjectName("tileValue")
        self._color, self._alert = color, alert
        if color and not alert:
            self.value.setStyleSheet(f"color: {color};")
        self.title = QLabel()
        self.title.setObjectName("tileTitle")
        self.title.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        layout.addWidget(self.value)
        layout.addWidget(self.title)
        self.setMinimumWidth(170)

    def set(self, value: int | str) -> None:
        self.value.setText(f"{value:,}" if isinstance(value, int) else value)
        if self._alert:  # an overdue count is red only when there is something overdue
            self.value.setStyleSheet(f"color: {self._color};" if value else "")


class TodayPage(QWidget):
    """Counts refresh off the GUI thread on F5 and whenever an op announces a change through the hub."""

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.summary: TodaySummary | None = None
        self._loading = False
        self.title = QLabel()
        self.title.setObjectName("pageTitle")
        self.subtitle = QLabel()
        self.subtitle.setStyleSheet(f"color: {MUTED};")
        self.empty_hint = QLabel()
        self.empty_hint.setWordWrap(True)
        self.empty_hint.hide()

        self.clients_tile, self.accounts_tile = Tile(), Tile()
        self.level_tiles = {level: Tile(*LEVEL_COLORS[level]) for level in LEVEL_TITLES}
        red = LEVEL_COLORS["emergency"][0]
        self.warnings_tile, self.warnings_overdue_tile = Tile(), Tile(red, alert=True)
        self.callbacks_today_tile, self.callbacks_overdue_tile = Tile(), Tile(red, alert=True)
        self.cases_open_tile, self.cases_overdue_tile = Tile(), Tile(red, alert=True)
        self.breakdown_tile = QFrame()
        self.breakdown_tile.setObjectName("tile")
        self.breakdown_title = QLabel()
        self.breakdown_title.setObjectName("tileTitle")
        self.kind_labels = {kind: (QLabel(), QLabel()) for kind in WARNING_KINDS}
        breakdown = QGridLayout(self.breakdown_tile)
        breakdown.setContentsMargins(14, 10, 14, 10)
        breakdown.setHorizontalSpacing(10)
        breakdown.setVerticalSpacing(2)
        breakdown.addWidget(self.breakdown_title, 0, 0, 1, 5)
        for i, (name, count) in enumerate(self.kind_labels.values()):
            row, col = 1 + i % 4, (i // 4) * 3
            count.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            breakdown.addWidget(name, row, col)
            breakdown.addWidget(count, row, col + 1)
        breakdown.setColumnMinimumWidth(2, 28)  # a gap between the two columns of kinds
        breakdown.setColumnStretch(5, 1)

        self.book_heading, self.levels_heading, self.work_heading = QLabel(), QLabel(), QLabel()
        for heading in (self.book_heading, self.levels_heading, self.work_heading):
            heading.setStyleSheet("font-weight: bold; margin-top: 8px;")

        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(8)
        grid.addWidget(self.book_heading, 0, 0, 1, 4)
        grid.addWidget(self.clients_tile, 1, 0)
        grid.addWidget(self.accounts_tile, 1, 1)
        grid.addWidget(self.levels_heading, 2, 0, 1, 4)
        for col, tile in enumerate(self.level_tiles.values()):
            grid.addWidget(tile, 3, col)
        grid.addWidget(self.work_heading, 4, 0, 1, 4)
        grid.addWidget(self.warnings_tile, 5, 0)
        grid.addWidget(self.warnings_overdue_tile, 5, 1)
        grid.addWidget(self.callbacks_today_tile, 5, 2)
        grid.addWidget(self.callbacks_overdue_tile, 5, 3)
        grid.addWidget(self.cases_open_tile, 6, 0)
        grid.addWidget(self.cases_overdue_tile, 6, 1)
        grid.addWidget(self.breakdown_tile, 6, 2, 1, 2)
        for col in range(4):
            grid.setColumnStretch(col, 1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 24)
        layout.addWidget(self.title)
        layout.addWidget(self.subtitle)
        layout.addWidget(self.empty_hint)
        layout.addLayout(grid)
        layout.addStretch(1)
        self.retranslate_ui()
        hub = ctx.hub
        for signal in (hub.data_imported, hub.warnings_changed, hub.clients_changed, hub.callbacks_changed):
            signal.connect(self.refresh)
        hub.cases_changed.connect(self.refresh)
        self.refresh()

    # ---- behaviour --------------------------------------------------------------------------------------------
    def refresh(self, *_args: object) -> None:
        """Reload the counts on the database worker (F5, or a hub signal)."""
        if self._loading:
            return
        self._loading = True
        actor = self.ctx.actor
        self.ctx.runner.run(lambda s, _p: today_summary(s, actor), self._loaded, parent=self, label="today")

    def _loaded(self, summary: TodaySummary) -> None:
        self._loading = False
        self.summary = summary
        self._show()

    def _show(self) -> None:
        s = self.summary
        if s is None:
            return
        self.subtitle.setText(
            (self.tr("Data as of %1 · today %2") if s.as_of else self.tr("No data imported yet · today %2"))
            .replace("%1", s.as_of.isoformat() if s.as_of else "")
            .replace("%2", s.today.isoformat())
        )
        self.empty_hint.setVisible(s.as_of is None)
        self.clients_tile.set(s.clients)
        self.accounts_tile.set(s.accounts)
        for level, tile in self.level_tiles.items():
            tile.set(s.levels.get(level, 0))
        self.warnings_tile.set(sum(s.warnings.values()))
        self.warnings_overdue_tile.set(s.warnings_overdue)
        self.callbacks_today_tile.set(s.callbacks_due_today)
        self.callbacks_overdue_tile.set(s.callbacks_overdue)
        self.cases_open_tile.set(s.cases_open)
        self.cases_overdue_tile.set(s.cases_overdue)
        for kind, (name, count) in self.kind_labels.items():
            name.setText(QCoreApplication.translate("TodayPage", WARNING_KIND_NAMES[kind]))
            count.setText(f"{s.warnings.get(kind, 0):,}")

    def retranslate_ui(self) -> None:
        self.title.setText(self.tr("Today"))
        scope_all = self.ctx.user.role in ("supervisor", "admin")
        self.book_heading.setText(self.tr("The branch's book") if scope_all else self.tr("My book"))
        self.levels_heading.setText(self.tr("Credit accounts by maintenance ratio"))
        self.work_heading.setText(self.tr("Work waiting"))
        self.empty_hint.setText(
            self.tr("Nothing has been imported yet. Open Import to load the day's files from the core system.")
        )
        self.clients_tile.title.setText(self.tr("Clients"))
        self.accounts_tile.title.setText(self.tr("Credit accounts"))
        for level, tile in self.level_tiles.items():
            tile.title.setText(QCoreApplication.translate("TodayPage", LEVEL_TITLES[level]))
        self.warnings_tile.title.setText(self.tr("Open risk warnings"))
        self.warnings_overdue_tile.title.setText(self.tr("Warnings past their deadline"))
        self.callbacks_today_tile.title.setText(self.tr("Callbacks due today"))
        self.callbacks_overdue_tile.title.setText(self.tr("Callbacks overdue"))
        self.cases_open_tile.title.setText(self.tr("Open complaint cases"))
        self.cases_overdue_tile.title.setText(self.tr("Cases past a deadline"))
        self.breakdown_title.setText(self.tr("Open warnings by kind"))
        self._show()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)


__all__ = ["TodayPage"]
