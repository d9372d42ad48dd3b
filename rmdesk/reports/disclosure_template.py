"""The versioned text of the risk-disclosure letter: ``resources/templates/disclosure/v<N>.txt``.

A template is editable text with merge fields ({client_name} …) and paragraphs marked ``locked``: legal text
that the merge may not change. Locked paragraphs may not contain merge fields, and their SHA-256 is recorded in
the file header, so editing one in place fails to load: a changed legal text must become a new version, and
the document register's version id keeps meaning one exact text. The file format is described at its top.
"""

from __future__ import annotations

import hashlib
import re
import string
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from rmdesk.reports.fonts import resource_file

KINDS = frozenset({"title", "salutation", "heading", "para", "right", "signature"})
MERGE_FIELDS = frozenset(
    {
        "client_name",
        "client_no",
        "account_no",
        "id_masked",
        "phone_masked",
        "branch_name",
        "branch_address",
        "branch_phone",
        "date",
        "rm_name",
        "rm_phone",
        "warning_line",
        "closeout_line",
        "target_line",
    }
)
_VERSION_FILE = re.compile(r"^v(\d+)\.txt$")
_BLOCK = re.compile(r"^==\s*(\w+)(\s+locked)?\s*$")
_HEADER = re.compile(r"^@([\w-]+):\s*(.*?)\s*$")


class TemplateError(ValueError):
    """A template file that may not be used (bad format, unknown field, edited locked text)."""


@dataclass(frozen=True)
class TemplateBlock:
    """One paragraph of the template."""

    kind: str
    text: str
    locked: bool


@dataclass(frozen=True)
class DisclosureTemplate:
    version: str
    effective: date | None
    blocks: tuple[TemplateBlock, ...]

    @property
    def title(self) -> str:
        return next((b.text for b in self.blocks if b.kind == "title"), "融资融券交易风险揭示书")


def template_dir() -> Path:
    return resource_file("templates", "disclosure")


def available_versions(directory: Path | None = None) -> list[str]:
    """Versions shipped, oldest first: ``["v1", "v2", …]``."""
    folder = directory or template_dir()
    found = []
    for path in folder.glob("v*.txt"):
        match = _VERSION_FILE.match(path.name)
        if match:
            found.append((int(match.group(1)), path.stem))
    return [name for _, name in sorted(found)]


def locked_digest(blocks: tuple[TemplateBlock, ...] | list[TemplateBlock]) -> str:
    """SHA-256 over the locked paragraphs (kind and text), in order."""
    digest = hashlib.sha256()
    for block in blocks:
        if block.locked:
            digest.update(f"{block.kind}\x1f{block.text}\x1e".encode())
    return digest.hexdigest()


def field_names(text: str) -> set[str]:
    """The merge fields a text uses (``{{`` and ``}}`` are literal braces)."""
    try:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    except ValueError as exc:
        raise TemplateError(f"unbalanced braces in: {text[:40]}…") from exc


def parse_template(text: str, expected_version: str | None = None, *, check_digest: bool = True) -> DisclosureTemplate:
    """Parse and validate a template file's text."""
    header: dict[str, str] = {}
    blocks: list[TemplateBlock] = []
    current: tuple[str, bool] | None = None
    lines: list[str] = []

    def flush() -> None:
        if current is not None:
            body = "".join(line.strip() for line in lines).replace("\\n", "\n")
            if current[0] == "signature":
                body = "\n".join(line.strip() for line in lines if line.strip())
            if body:
                blocks.append(TemplateBlock(current[0], body, current[1]))

    for raw in text.splitlines():
        line = raw.rstrip()
        if line.startswith("#"):
            continue
        if current is None and (match := _HEADER.match(line)):
            header[match.group(1)] = match.group(2)
            continue
        if match := _BLOCK.match(line):
            flush()
            kind = match.group(1)
            if kind not in KINDS:
                raise TemplateError(f"unknown block kind: {kind}")
            current, lines = (kind, bool(match.group(2))), []
            continue
        if current is None:
            if line.strip():
                raise TemplateError(f"text outside a block: {line[:40]}")
            continue
        lines.append(line)
    flush()

    version = header.get("version", "")
    if not version:
        raise TemplateError("missing @version")
    if expected_version is not None and version != expected_version:
        raise TemplateError(f"file is version {version}, expected {expected_version}")
    for block in blocks:
        used = field_names(block.text)
        if block.locked and used:
            raise TemplateError(f"locked paragraph uses merge fields {sorted(used)}")
        unknown = used - MERGE_FIELDS
        if unknown:
            raise TemplateError(f"unknown merge fields {sorted(unknown)}")
    if check_digest and header.get("locked-sha256") != locked_digest(blocks):
        raise TemplateError(f"locked paragraphs of {version} differ from their recorded SHA-256: save as a new version")
    effective = date.fromisoformat(header["effective"]) if header.get("effective") else None
    return DisclosureTemplate(version, effective, tuple(blocks))


def load_template(version: str | None = None, directory: Path | None = None) -> DisclosureTemplate:
    """The template ``version`` (default: the latest)."""
    folder = directory or template_dir()
    versions = available_versions(folder)
    if not versions:
        raise TemplateError(f"no disclosure template in {folder}")
    chosen = version or versions[-1]
    if chosen not in versions:
        raise TemplateError(f"unknown disclosure template version {chosen}; have {', '.join(versions)}")
    return parse_template((folder / f"{chosen}.txt").read_text(encoding="utf-8"), chosen)


def load_disclosure_template(version: str | None = None) -> tuple[str, tuple[TemplateBlock, ...]]:
    """``(version, paragraphs)`` of the template ``version`` (default: the latest shipped)."""
    template = load_template(version)
    return template.version, template.blocks


def merge_text(block: TemplateBlock, values: Mapping[str, str]) -> str:
    """The block's text with the merge fields filled; a locked block comes back unchanged."""
    if block.locked:
        return block.text
    return block.text.format_map(dict(values))
