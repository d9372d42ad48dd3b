"""Translation tooling: ``python -m rmdesk.ui.i18n_tools update|compile|check``.

``update`` runs pyside6-lupdate over every rmdesk/ui/*.py (the clients engineer's pages included) into
resources/i18n/rmdesk_zh_CN.ts, keeping existing translations and dropping strings no longer in the code.
``check`` lists the strings without a finished zh_CN translation (the test suite runs the same check).
``compile`` builds the .qm into the user data directory (the app also does this at first start).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from rmdesk.ui.translations import compiled_qm, tool_command, ts_file

UI_DIR = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Untranslated:
    context: str
    source: str
    reason: str  # "unfinished" or "empty"


def ui_sources() -> list[Path]:
    return sorted(UI_DIR.glob("*.py"))


def run_lupdate(ts: Path, sources: list[Path] | None = None) -> str:
    """Merge the source strings into ``ts`` (created if missing). Returns lupdate's summary."""
    ts.parent.mkdir(parents=True, exist_ok=True)
    files = [str(p) for p in (sources or ui_sources())]
    out = subprocess.run(
        [
            *tool_command("lupdate"),
            "-no-obsolete",
            "-locations",
            "none",
            "-target-language",
            "zh_CN",
            *files,
            "-ts",
            str(ts),
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    return out.stdout + out.stderr


def untranslated(ts: Path) -> list[Untranslated]:
    """Messages of ``ts`` that are unfinished, vanished/obsolete or have an empty translation."""
    problems: list[Untranslated] = []
    root = ET.parse(ts).getroot()
    for context in root.iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            source = message.findtext("source") or ""
            translation = message.find("translation")
            kind = "" if translation is None else translation.get("type", "")
            text = "" if translation is None else "".join(translation.itertext())
            if message.get("numerus") == "yes" and translation is not None:
                text = "".join(n.text or "" for n in translation.iter("numerusform"))
            if kind in ("unfinished", "vanished", "obsolete"):
                problems.append(Untranslated(name, source, kind))
            elif not text.strip():
                problems.append(Untranslated(name, source, "empty"))
    return problems


def check_sources_against_ts(ts: Path | None = None) -> list[Untranslated]:
    """Run lupdate into a scratch copy of the .ts and report every string still lacking a translation.

    Catches both strings missing from the .ts (new in the code) and unfinished ones, without touching the file.
    """
    ts = ts or ts_file()
    with tempfile.TemporaryDirectory() as tmp:
        scratch = Path(tmp) / ts.name
        if ts.exists():
            shutil.copyfile(ts, scratch)
        run_lupdate(scratch)
        return untranslated(scratch)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m rmdesk.ui.i18n_tools", description=__doc__)
    parser.add_argument("action", choices=("update", "check", "compile"))
    args = parser.parse_args(argv)
    ts = ts_file()
    if args.action == "update":
        print(run_lupdate(ts).strip())
        todo = untranslated(ts)
        print(f"{len(todo)} string(s) to translate in {ts}")
        return 0
    if args.action == "check":
        todo = check_sources_against_ts(ts)
        for item in todo:
            print(f"{item.context}: {item.source!r} ({item.reason})")
        return 1 if todo else 0
    qm = compiled_qm(ts)
    print(qm or "compilation failed")
    return 0 if qm else 1


if __name__ == "__main__":
    sys.exit(main())
