"""PySide6 6.12.0 on CPython 3.11 aborts ("Fatal Python error: none_dealloc") after a few thousand Qt calls that
return None, e.g. a model's data() for a role it does not serve. pyproject pins PySide6 below 6.12; this test
makes 20,000 such calls so an upgrade that brings the bug back fails here instead of on a user's desk."""

from __future__ import annotations

import PySide6
from PySide6.QtCore import QModelIndex, Qt

from rmdesk.services.importing import ImportIssue
from rmdesk.ui.import_models import IssuesModel

CALLS = 20_000


def test_twenty_thousand_none_returning_qt_calls() -> None:
    model = IssuesModel([ImportIssue("positions.csv", 2, "quantity", "-5", "import.negative", {}, True)])
    index = model.index(0, 0)
    unset = Qt.ItemDataRole.UserRole + 99  # a role the model does not serve: data() returns None
    nones = 0
    for _ in range(CALLS):
        nones += index.data(unset) is None  # through Qt (QModelIndex.data → the Python override → None)
        nones += index.data(Qt.ItemDataRole.DecorationRole) is None
        nones += QModelIndex().data() is None  # an invalid index: Qt itself returns None
    assert nones == 3 * CALLS


def test_the_pin_holds() -> None:
    major, minor = (int(x) for x in PySide6.__version__.split(".")[:2])
    assert (major, minor) < (6, 12), "PySide6 6.12 aborts after a few thousand None returns (see module doc)"
