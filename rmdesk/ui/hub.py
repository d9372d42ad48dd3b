"""The signal hub: after a write, one place announces what changed, so each view refreshes only what it shows."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class Hub(QObject):
    """One per app. Ops emit these on the GUI thread after their transaction committed (STYLE §7).

    ``data_imported`` carries the import's report (rmdesk.services.importing.ImportReport).
    """

    clients_changed = Signal()
    warnings_changed = Signal()
    cases_changed = Signal()
    callbacks_changed = Signal()
    documents_changed = Signal()
    data_imported = Signal(object)
    policy_changed = Signal()
    language_changed = Signal()
    settings_changed = Signal()

    def announce_import(self, report: object) -> None:
        """An import changes almost everything: say so once for each kind of view."""
        self.data_imported.emit(report)
        self.clients_changed.emit()
        self.warnings_changed.emit()
        self.callbacks_changed.emit()
