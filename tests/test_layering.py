"""The house layers hold: no Qt below rmdesk/ui, and start-up does not drag in the heavy libraries."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "rmdesk"


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_nothing_below_ui_imports_qt() -> None:
    offenders = [
        str(p.relative_to(PACKAGE.parent))
        for p in PACKAGE.rglob("*.py")
        if "ui" not in p.relative_to(PACKAGE).parts[:1] and {"PySide6", "shiboken6"} & _imports(p)
    ]
    assert offenders == []


def test_services_do_not_import_the_ui() -> None:
    offenders = []
    for p in PACKAGE.rglob("*.py"):
        if p.relative_to(PACKAGE).parts[0] in ("services", "store", "reports"):
            tree = ast.parse(p.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("rmdesk.ui"):
                    offenders.append(str(p))
    assert offenders == []


def test_cli_start_does_not_import_heavy_libraries() -> None:
    code = (
        "import sys, rmdesk.cli; rmdesk.cli.build_parser('zh_CN');"
        "print(','.join(m for m in ('pandas', 'matplotlib', 'reportlab', 'PySide6') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
