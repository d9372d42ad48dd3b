"""CI smoke of the benchmark suite: the harness on a 100-client book produces every figure row with a number.

The full suite (bench/run, 20,000 clients, minutes) is not run by CI; this keeps its harness from rotting: the
demo subprocess, the export to import files and the import, the risk scan, the GUI start-up in a fresh
process, the statement and letter batches and the table/JSON output all run for real, only small.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest

from bench.docx_merge import write_docx
from bench.export import li_text, ppm_text
from bench.harness import FigureSpec, Measured, Target, evaluate

pytestmark = pytest.mark.bench

ROOT = Path(__file__).resolve().parents[2]
FIGURES = {
    "demo",
    "import_scan",
    "risk_scan",
    "risk_refresh",
    "risk_rescan",
    "cold_start",
    "search",
    "memory",
    "statements",
    "peer_letters",
}
WITH_BASELINE = {"import_scan", "cold_start", "statements"}


#: the product code each figure measures; until all of it is in the tree the smoke run has nothing to time
PRODUCT = (
    "rmdesk.services.demo",
    "rmdesk.commands.demo_cmd",
    "rmdesk.services.importing",
    "rmdesk.services.risk",
    "rmdesk.ui.main_window",
    "rmdesk.ui.client_book",
    "rmdesk.reports.statement",
    "rmdesk.reports.disclosure",
)


def _missing_product() -> list[str]:
    return [name for name in PRODUCT if importlib.util.find_spec(name) is None]


@pytest.mark.skipif(bool(_missing_product()), reason=f"product code not in the tree yet: {_missing_product()}")
def test_smoke_run_measures_every_figure(tmp_path: Path) -> None:
    out = tmp_path / "smoke.json"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.run(
        [sys.executable, "-m", "bench", "--smoke", "--no-install", "--quiet", "--out", str(out)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    report = json.loads(out.read_text(encoding="utf-8"))
    rows = {r["key"]: r for r in report["figures"]}
    assert set(rows) == FIGURES
    for key, row in rows.items():
        # every figure was measured on this book: a positive number, never a placeholder or an error row
        assert row["status"] == "smoke", (key, row["status"], row["note"])
        assert isinstance(row["median"], float) and row["median"] > 0, key
        assert row["min"] <= row["median"] <= row["max"], key
    for key in WITH_BASELINE:
        assert rows[key]["baseline_median"] > 0, key
        assert rows[key]["ratio"] == pytest.approx(rows[key]["median"] / rows[key]["baseline_median"])
    assert report["book"]["clients"] == 100
    assert rows["search"]["extra"]["rows"] == report["book"]["counts"]["clients"]
    # the printed table names every figure
    for row in rows.values():
        assert row["figure"] in proc.stdout


def test_exported_amounts_are_exact_decimal_text() -> None:
    # 12345 li = 12.345 yuan; 12340 li = 12.34 (trailing zero dropped); 5 li = 0.005; -1500 li = -1.5
    assert li_text(12345) == "12.345"
    assert li_text(12340) == "12.34"
    assert li_text(5) == "0.005"
    assert li_text(-1500) == "-1.5"
    assert li_text(7_000_000) == "7000"
    assert li_text(None) == ""
    # 650000 ppm = 0.65 (a haircut); 1400000 ppm = 1.4 (a 140% line); 83500 ppm = 0.0835 (a rate)
    assert ppm_text(650_000) == "0.65"
    assert ppm_text(1_400_000) == "1.4"
    assert ppm_text(83_500) == "0.0835"
    assert ppm_text(0) == "0"
    # round trip through Decimal for a spread of values: li → text → yuan × 1000 is the same integer
    for li in (1, 999, 1000, 123456789, 10**15 + 7):
        assert Decimal(li_text(li)) * 1000 == li


def _spec(target: Target) -> FigureSpec:
    return FigureSpec("k", "title", "s", target, "base", lambda _b: Measured([]), 0)


def test_targets_pass_and_miss_on_median_and_ratio() -> None:
    # median of 1, 2, 9 is 2 s; baseline median of 1, 1, 3 is 1 s → ratio 2.0
    m = Measured([1.0, 9.0, 2.0], [1.0, 3.0, 1.0])
    row = evaluate(_spec(Target(max=3, max_ratio=2)), m, smoke=False)
    assert (row.median, row.min, row.max, row.baseline_median, row.ratio) == (2.0, 1.0, 9.0, 1.0, 2.0)
    assert row.status == "pass"
    assert evaluate(_spec(Target(max=1.5)), m, smoke=False).status == "MISSED"  # 2 s > 1.5 s
    assert evaluate(_spec(Target(max_ratio=1.9)), m, smoke=False).status == "MISSED"  # 2.0× > 1.9×
    assert evaluate(_spec(Target(min=20)), Measured([25.0, 19.0, 21.0]), smoke=False).status == "pass"  # 21 ≥ 20
    assert evaluate(_spec(Target(min=20)), Measured([18.0, 19.0, 21.0]), smoke=False).status == "MISSED"  # 19 < 20
    # a ratio target without a baseline (LibreOffice not installable) is not called a pass
    assert evaluate(_spec(Target(max_ratio=0.25)), Measured([1.0]), smoke=False).status == "no baseline"
    assert evaluate(_spec(Target(max=1)), m, smoke=True).status == "smoke"


def test_mail_merge_docx_carries_the_letter_text(tmp_path: Path) -> None:
    path = write_docx(
        tmp_path / "a.docx", [("title", "融资融券交易风险揭示书"), ("para", "尊敬的张伟：<b>强制平仓</b> & 风险")]
    )
    with zipfile.ZipFile(path) as z:
        assert {"[Content_Types].xml", "word/document.xml", "word/styles.xml"} <= set(z.namelist())
        body = z.read("word/document.xml").decode("utf-8")
    assert "融资融券交易风险揭示书" in body
    assert "<w:b/>" in body and "强制平仓" in body  # the bold run stays bold
    assert "&amp; 风险" in body  # XML-escaped, so Word and LibreOffice can open it


def test_next_day_prices_move_by_whole_fen() -> None:
    from bench.export import moved_close

    # 12.345 yuan (12345 li) up 5 %: 12.96225 yuan → 12.96 (whole fen, half up)
    assert moved_close(12_345, 50) == 12_960
    # 10.00 yuan down 5 %: exactly 9.50
    assert moved_close(10_000, -50) == 9_500
    # 0.01 yuan down 5 % stays one fen: a close is never zero
    assert moved_close(10, -50) == 10
    # 3.335 yuan unchanged rounds half up to 3.34
    assert moved_close(3_335, 0) == 3_340
