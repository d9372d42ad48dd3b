"""Every table model of the shell passes Qt's model tester, and shows what it holds."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from PySide6.QtCore import Qt

from rmdesk.services.desk import ImportRunRow, PolicyRow
from rmdesk.services.importing import ImportIssue
from rmdesk.ui.import_models import ChangesModel, ImportRunsModel, IssuesModel, change_rows
from rmdesk.ui.policy_model import PolicyModel
from rmdesk.ui.table_model import ROW_ROLE, SORT_ROLE


class _Scan:
    """The shape of rmdesk.services.risk.ScanResult the wizard reads."""

    def __init__(self, changes: list[Any], level_changes: list[Any]) -> None:
        self.changes = changes
        self.level_changes = level_changes


class _Change:
    def __init__(self, account_no: str, kind: str, action: str, due: date | None = None) -> None:
        self.account_no, self.client_no, self.kind, self.action, self.status, self.due = (
            account_no,
            "C1",
            kind,
            action,
            "open",
            due,
        )


class _Level:
    def __init__(self, account_no: str, before: str | None, after: str) -> None:
        self.account_no, self.client_no, self.before, self.after = account_no, "C1", before, after


ISSUES = [
    ImportIssue("positions.csv", 2, "quantity", "-5", "import.negative", {}, True),
    ImportIssue("contracts.csv", 7, "code", "600000.SH", "import.not_shortable", {}, False),
    ImportIssue("notes.txt", None, None, None, "import.unknown_file", {}, False),
]


def test_issues_model(qtmodeltester: Any) -> None:
    model = IssuesModel(ISSUES)
    qtmodeltester.check(model)
    assert [model.index(0, c).data() for c in range(4)] == ["positions.csv", "2", "quantity", "-5"]
    assert model.index(0, IssuesModel.SEVERITY).data() == "Error"
    assert model.index(1, IssuesModel.SEVERITY).data() == "Notice"
    assert model.index(2, IssuesModel.ROW).data() == ""  # a whole-file notice has no row
    assert model.index(2, IssuesModel.ROW).data(SORT_ROLE) == -1
    assert model.index(0, 0).data(ROW_ROLE) is ISSUES[0]
    assert model.headerData(IssuesModel.REASON, Qt.Orientation.Horizontal) == "Reason"
    model.set_rows([])
    qtmodeltester.check(model)
    assert model.rowCount() == 0


def test_changes_model_orders_new_warnings_first_and_most_serious_first(qtmodeltester: Any) -> None:
    scan = _Scan(
        [
            _Change("A1", "concentration", "raised"),
            _Change("A2", "margin_call", "raised", date(2026, 11, 24)),
            _Change("A3", "ratio_warning", "resolved"),
            _Change("A4", "ratio_warning", "updated"),  # an unchanged open warning is not news
        ],
        [_Level("A2", "warning", "closeout"), _Level("A5", None, "normal"), _Level("A6", None, "warning")],
    )
    model = ChangesModel(change_rows(scan))
    qtmodeltester.check(model)
    assert [(r.account_no, r.action) for r in model.rows] == [
        ("A2", "raised"),  # a margin call before a concentration warning
        ("A1", "raised"),
        ("A2", "level"),
        ("A6", "level"),  # a new account below a line is news; A5, new and normal, is not
        ("A3", "resolved"),
    ]
    assert model.index(0, ChangesModel.DUE).data() == "2026-11-24"
    assert model.index(0, ChangesModel.CHANGE).data() == "New warning"


def test_import_runs_model(qtmodeltester: Any) -> None:
    rows = [
        ImportRunRow(2, date(2026, 11, 20), datetime(2026, 11, 20, 18, 5), "李经理", "/data/1120", "applied"),
        ImportRunRow(1, date(2026, 11, 20), datetime(2026, 11, 20, 17, 59), "李经理", "/data/1120", "rejected"),
    ]
    model = ImportRunsModel(rows)
    qtmodeltester.check(model)
    assert model.index(0, ImportRunsModel.STATUS).data() == "Imported"
    assert model.index(1, ImportRunsModel.STATUS).data() == "Rejected (nothing written)"
    assert model.index(0, ImportRunsModel.STARTED).data() == "2026-11-20 18:05"


def test_policy_model(qtmodeltester: Any) -> None:
    rows = [
        PolicyRow("idle_lock_minutes", "15", "15", None, None),
        PolicyRow("warning_line", "1.45", "1.40", datetime(2026, 11, 1, 9, 0), "王主管"),
        PolicyRow("branch_name", "X", "Y", None, None),  # edited in the branch form, not in the table
    ]
    model = PolicyModel(editable=True)
    model.set_rows(rows)
    qtmodeltester.check(model)
    assert [r.key for r in model.rows] == ["warning_line", "idle_lock_minutes"]  # lines first, security last
    assert model.index(0, PolicyModel.CHANGED).data() == "2026-11-01 09:00 王主管"
    assert model.setData(model.index(1, PolicyModel.VALUE), "10")
    assert model.pending == {"idle_lock_minutes": "10"}
    assert not model.setData(model.index(1, PolicyModel.VALUE), "-3")  # the policy service would refuse it
    assert model.setData(model.index(1, PolicyModel.VALUE), "15")  # back to the stored value: nothing pending
    assert model.pending == {}
    qtmodeltester.check(model)
