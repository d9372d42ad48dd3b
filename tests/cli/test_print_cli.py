# ruff: noqa: F811 — the book fixtures are imported from tests.services.test_documents
"""`rmdesk print …` as typed (SPEC §8): one document, a batch, verify; exit codes 0 ok, 1 failure, 2 bad input.
Book: tests/services/test_documents (CA1 rm1 margin call, CA2 rm1, CA3 rm2, CNOACC rm1 without an account)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from rmdesk import i18n
from rmdesk.cli import main
from rmdesk.store.db import Database
from rmdesk.store.models import DocumentRecord
from tests.conftest import TEST_PASSWORD
from tests.reports.pdftools import compact, page_count, text
from tests.services.test_documents import Book, book, fixed_now, out  # noqa: F401 — fixtures


@pytest.fixture(autouse=True)
def _language_and_password(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("RMDESK_PASSWORD", TEST_PASSWORD)
    yield
    i18n.set_language(None)


def _run(db_path: Path, args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(["--db", str(db_path), "--lang", "en", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_print_a_margin_call_notice_then_verify_it(
    db: Database, db_path: Path, book: Book, out: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = out / "notice.pdf"
    code, stdout, err = _run(db_path, ["--user", "rm1", "print", "margin-call", "--account", "A1", "--out",
                                       str(target)], capsys)  # fmt: skip
    assert (code, err) == (0, "")
    assert "ZBTZ-20261121-00001" in stdout and str(target) in stdout
    assert "2026年11月24日15:00" in compact(text(target))
    code, stdout, err = _run(db_path, ["print", "verify", str(target)], capsys)  # verifying needs no user
    assert code == 0 and "issued by the branch and unchanged" in stdout and "ZBTZ-20261121-00001" in stdout
    data = bytearray(target.read_bytes())
    data[len(data) // 3] ^= 0x20
    changed = out / "changed.pdf"
    changed.write_bytes(bytes(data))
    code, stdout, err = _run(db_path, ["print", "verify", str(changed)], capsys)
    assert code == 1 and "modified" in err
    code, _, err = _run(db_path, ["print", "verify", str(out / "nothing.pdf")], capsys)
    assert code == 1 and "cannot read" in err


def test_statement_into_a_folder_for_a_period(
    db: Database, db_path: Path, book: Book, out: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = _run(db_path, ["--user", "rm1", "print", "statement", "--client", "CA2", "--period",
                                       "2026-11", "--out", str(out)], capsys)  # fmt: skip
    assert (code, err) == (0, "")
    (made,) = out.iterdir()
    assert made.name == "DZD-20261121-00001_CA2.pdf"
    # CA2: cash 50,000 + 1,000 × 10.000 = 60,000.00 assets; 60,000 / 5,000 = 12.0000 → 1200.00%
    body = compact(text(made))
    assert "¥60,000.00" in body and "1200.00%" in body


def test_bad_input_exits_2_and_failures_exit_1(
    db: Database, db_path: Path, book: Book, out: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cases = [
        (["print", "statement", "--client", "CA1", "--out", str(out)], 2, "needs a user"),
        (["--user", "rm1", "print", "statement", "--client", "NOPE", "--out", str(out)], 2, "NOPE"),
        (["--user", "rm1", "print", "statement", "--client", "CA1", "--period", "11/2026", "--out", str(out)], 2,
         "YYYY-MM"),
        (["--user", "rm1", "print", "brief", "--client", "CA1", "--period", "2026-11", "--out", str(out)], 2,
         "statements only"),
        (["--user", "rm1", "print", "statement", "--client", "CA1", "--account", "A1", "--out", str(out)], 2, ""),
        (["--user", "rm1", "print", "statement", "--client", "CA3", "--out", str(out)], 1, "Not allowed"),
        (["--user", "rm1", "print", "margin-call", "--client", "CA2", "--out", str(out)], 1, "no active margin-call"),
        (["--user", "rm1", "print", "statement", "--client", "CNOACC", "--out", str(out)], 1, "no credit account"),
        (["--user", "rm1", "print", "batch", "statement", "--filter", "level=red", "--out", str(out)], 2,
         "bad filter"),
        (["--user", "rm1", "print", "batch", "brief", "--filter", "clients=CA3", "--out", str(out)], 1,
         "Not allowed"),
    ]  # fmt: skip
    for args, expected, message in cases:
        code, _, err = _run(db_path, args, capsys)
        assert code == expected, (args, err)
        assert message in err, (args, err)
    assert list(out.iterdir()) == []
    with db.sessions() as s:
        assert s.execute(select(DocumentRecord)).first() is None


def test_batch_merged_for_the_printer(
    db: Database, db_path: Path, book: Book, out: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = out / "calls.pdf"
    code, stdout, err = _run(db_path, ["--user", "super", "print", "batch", "margin-call", "--filter",
                                       "level=closeout & rm=rm1", "--out", str(target)], capsys)  # fmt: skip
    assert code == 0, err
    assert "1 margin-call notices" in stdout and "PL-20261121-00001" in stdout and "CA1" in stdout
    assert page_count(target) == 1
    code, stdout, _ = _run(db_path, ["print", "verify", str(target)], capsys)
    assert code == 0 and "PL-20261121-00001" in stdout


def test_batch_skips_are_reported_on_stderr(
    db: Database, db_path: Path, book: Book, out: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, stdout, err = _run(db_path, ["--user", "rm1", "print", "batch", "statement", "--filter", "all", "--out",
                                       str(out / "dir")], capsys)  # fmt: skip
    assert code == 0
    assert "2 statements" in stdout
    assert "CNOACC" in err and "no credit account" in err
    assert len(list((out / "dir").iterdir())) == 2
