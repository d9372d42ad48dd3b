"""Reading a rendered PDF back: text (pdftotext / pypdf), fonts (pdffonts), word boxes and pixels (poppler)."""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

from pypdf import PdfReader


def text(pdf: Path, *, layout: bool = False, page: int | None = None) -> str:
    """``pdftotext`` output (``-layout`` keeps each typeset line on its own text line)."""
    args = ["pdftotext", "-enc", "UTF-8"]
    if layout:
        args.append("-layout")
    if page is not None:
        args += ["-f", str(page), "-l", str(page)]
    return subprocess.run([*args, str(pdf), "-"], capture_output=True, check=True).stdout.decode()


def compact(value: str) -> str:
    """Text with every whitespace removed (justified CJK lines may come back with spaces between glyphs)."""
    return re.sub(r"\s+", "", value)


def page_texts(pdf: Path) -> list[str]:
    return [text(pdf, page=n) for n in range(1, page_count(pdf) + 1)]


def page_count(pdf: Path) -> int:
    return len(PdfReader(str(pdf)).pages)


@dataclass(frozen=True)
class FontRow:
    name: str
    type: str
    embedded: bool
    subset: bool


def fonts(pdf: Path) -> list[FontRow]:
    """The rows of ``pdffonts``."""
    out = subprocess.run(["pdffonts", str(pdf)], capture_output=True, check=True, text=True).stdout
    rows = []
    for line in out.splitlines()[2:]:
        # name, type (may hold spaces: "CID TrueType"), encoding, emb, sub, uni, object, ID
        match = re.match(r"^(\S+)\s+(.+?)\s{2,}(\S+)\s+(yes|no)\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+\s*$", line)
        assert match, f"unparsed pdffonts line: {line!r}"
        rows.append(FontRow(match.group(1), match.group(2), match.group(4) == "yes", match.group(5) == "yes"))
    return rows


@dataclass(frozen=True)
class Word:
    page: int
    text: str
    x_min: float
    y_min: float
    x_max: float
    y_max: float


def words(pdf: Path) -> tuple[list[Word], tuple[float, float]]:
    """Every word with its box (points, origin top-left) and the page size, from ``pdftotext -bbox``."""
    html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, check=True).stdout.decode()
    html = re.sub(r"<!DOCTYPE[^>]*>", "", html)
    html = html.replace('xmlns="http://www.w3.org/1999/xhtml"', "")
    root = ElementTree.fromstring(html)
    out: list[Word] = []
    size = (0.0, 0.0)
    for n, page in enumerate(root.iter("page"), start=1):
        size = (float(page.get("width", 0)), float(page.get("height", 0)))
        for w in page.iter("word"):
            out.append(Word(n, w.text or "", *(float(w.get(k, 0)) for k in ("xMin", "yMin", "xMax", "yMax"))))
    return out, size


def image_count(pdf: Path, page: int) -> int:
    """Image XObjects drawn on ``page`` (1-based)."""
    resources = PdfReader(str(pdf)).pages[page - 1].get("/Resources") or {}
    xobjects = resources.get("/XObject") or {}
    return sum(1 for ref in xobjects.values() if ref.get_object().get("/Subtype") == "/Image")


def render_png(pdf: Path, out_prefix: Path, page: int = 1, dpi: int = 80) -> Path:
    """One page rasterised with pdftoppm; returns the PNG path."""
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            str(dpi),
            "-f",
            str(page),
            "-l",
            str(page),
            "-singlefile",
            str(pdf),
            str(out_prefix),
        ],
        check=True,
    )
    return out_prefix.with_suffix(".png")
