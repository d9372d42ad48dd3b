"""The import wizard: a bad file is reported cell by cell and nothing is written; fixed, it imports and shows
what changed."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QWizard
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from rmdesk.store.models import Client, CreditAccount, RiskWarning
from rmdesk.ui.context import AppContext
from rmdesk.ui.import_models import ChangesModel, IssuesModel
from rmdesk.ui.import_wizard import ImportWizard

AS_OF = date(2026, 11, 20)

# One client of rm1 with one account: 13,500 shares at 10.000 = 135,000.00 of assets and no cash, against a
# financing debt of 100,000.00 → ratio 135,000 / 100,000 = 1.35: below the 1.40 warning line, above the 1.30
# close-out line → level "warning", a ratio_warning. One stock is 100% of the market value > the 60% limit that
# applies below a 1.80 ratio → a concentration warning. C4 assessed 2026-01-10 (valid to 2028-01-10), the
# contract is due 2027-04-01 (> 14 days away), 100,000 of a 1,000,000 line used (10%): no other warning.
FILES = {
    "securities.csv": "code,name,kind,close,haircut,marginable,shortable,st,index_member\n"
    "600000.SH,测试银行,stock,10.000,0.70,Y,Y,N,Y\n",
    "clients.csv": "client_no,name,risk_level,risk_assessed_on,rm\nC9001,测试客户,C4,2026-01-10,rm1\n",
    "accounts.csv": 'account_no,client_no,cash,credit_limit\n990001,C9001,0.00,"1,000,000.00"\n',
    "positions.csv": "account_no,code,quantity\n990001,600000.SH,{quantity}\n",
    "contracts.csv": "contract_no,account_no,type,code,trade_date,trade_price,trade_quantity,outstanding_amount,"
    "due_date,accrued_interest\nRZ1,990001,financing,600000.SH,2026-10-01,10.000,10000,100000.00,2027-04-01,0\n",
}


def write_day(folder: Path, quantity: str) -> None:
    folder.mkdir(exist_ok=True)
    for name, text in FILES.items():
        (folder / name).write_text(text.format(quantity=quantity), encoding="utf-8")


def test_bad_file_then_good_file(app_ctx: AppContext, qtbot: QtBot, tmp_path: Path) -> None:
    folder = tmp_path / "day"
    write_day(folder, "-5")
    wizard = ImportWizard(app_ctx)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.source.folder_edit.setText(str(folder))
    wizard.source.date_edit.setDate(QDate(AS_OF.year, AS_OF.month, AS_OF.day))
    assert "positions.csv" in wizard.source.files_label.text()

    qtbot.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)
    check = wizard.check
    qtbot.waitUntil(lambda: check.report is not None, timeout=20_000)
    issues = check.model
    fatal = [
        [issues.index(r, c).data() for c in (IssuesModel.FILE, IssuesModel.ROW, IssuesModel.COLUMN, IssuesModel.VALUE)]
        for r in range(issues.rowCount())
        if issues.rows[r].fatal
    ]
    assert ["positions.csv", "2", "quantity", "-5"] in fatal  # header is row 1, the first data row is row 2
    assert not check.isComplete()
    assert not wizard.button(QWizard.WizardButton.CommitButton).isEnabled()
    with app_ctx.db.sessions() as s:
        assert s.execute(select(func.count(Client.id))).scalar_one() == 0  # a dry run writes nothing

    write_day(folder, "13500")
    qtbot.mouseClick(check.recheck_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: check.report is not None and check.isComplete(), timeout=20_000)
    assert not any(i.fatal for i in check.report.issues)

    with qtbot.waitSignal(app_ctx.hub.data_imported, timeout=20_000):
        qtbot.mouseClick(wizard.button(QWizard.WizardButton.CommitButton), Qt.MouseButton.LeftButton)
    result = wizard.result
    assert result.isComplete()
    changes = result.changes_model
    shown = {
        (changes.index(r, ChangesModel.ACCOUNT).data(), changes.rows[r].action, changes.rows[r].code)
        for r in range(changes.rowCount())
    }
    assert ("990001", "raised", "ratio_warning") in shown
    assert ("990001", "raised", "concentration") in shown
    assert ("990001", "level", "warning") in shown
    assert "2026-11-20" in result.summary.text()
    with app_ctx.db.sessions() as s:
        account = s.execute(select(CreditAccount).where(CreditAccount.account_no == "990001")).scalar_one()
        kinds = set(s.execute(select(RiskWarning.kind).where(RiskWarning.account_id == account.id)).scalars())
    assert kinds == {"ratio_warning", "concentration"}
    assert app_ctx.settings.last_import_folder == str(folder)


@pytest.mark.parametrize("missing", ["nowhere"])
def test_a_missing_folder_cannot_be_checked(app_ctx: AppContext, qtbot: QtBot, tmp_path: Path, missing: str) -> None:
    wizard = ImportWizard(app_ctx)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.source.folder_edit.setText(str(tmp_path / missing))
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    assert wizard.source.files_label.text()  # says the folder does not exist
