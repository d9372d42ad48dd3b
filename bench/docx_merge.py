"""A minimal .docx mail merge (python-docx is not a dependency): the peer's way of producing letters.

A branch without rmdesk fills a Word letter per client and converts the lot with LibreOffice. This writes such
files: a .docx is a zip of a few XML parts; the paragraphs come from rmdesk's own disclosure template (merged
with the client's values), so both sides print the same text. Bold runs (``<b>…</b>``) stay bold, headings are
bold, the signature block is a two-column table, the font is the CJK font rmdesk embeds.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from xml.sax.saxutils import escape

FONT = "WenQuanYi Micro Hei"

CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml"
 ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
<Override PartName="/word/styles.xml"
 ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>
</Types>"""

RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1"
 Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
</Relationships>"""

DOC_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1"
 Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
</Relationships>"""

STYLES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:docDefaults><w:rPrDefault><w:rPr>
<w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:eastAsia="{FONT}" w:cs="{FONT}"/>
<w:sz w:val="20"/><w:lang w:eastAsia="zh-CN"/></w:rPr></w:rPrDefault>
<w:pPrDefault><w:pPr><w:spacing w:after="60" w:line="312" w:lineRule="auto"/><w:jc w:val="both"/></w:pPr>
</w:pPrDefault></w:docDefaults>
</w:styles>"""

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
SECTION = (
    '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/>'
    '<w:pgMar w:top="1418" w:right="1021" w:bottom="1191" w:left="1021" w:header="567" w:footer="567"/></w:sectPr>'
)
_BOLD = re.compile(r"(<b>.*?</b>)", re.S)


def _runs(text: str, *, bold: bool = False, size: int | None = None) -> str:
    out = []
    for part in _BOLD.split(text):
        if not part:
            continue
        is_bold = bold or part.startswith("<b>")
        body = part[3:-4] if part.startswith("<b>") else part
        props = ("<w:b/>" if is_bold else "") + (f'<w:sz w:val="{size}"/>' if size else "")
        rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
        lines = body.split("\n")
        texts = "<w:br/>".join(f'<w:t xml:space="preserve">{escape(line)}</w:t>' for line in lines)
        out.append(f"<w:r>{rpr}{texts}</w:r>")
    return "".join(out)


def paragraph(text: str, *, kind: str = "para") -> str:
    """One block of the disclosure template as WordprocessingML."""
    if kind == "title":
        props = '<w:jc w:val="center"/><w:spacing w:after="240"/>'
        return f"<w:p><w:pPr>{props}</w:pPr>{_runs(text, bold=True, size=34)}</w:p>"
    if kind == "heading":
        return f'<w:p><w:pPr><w:keepNext/><w:spacing w:before="160"/></w:pPr>{_runs(text, bold=True, size=23)}</w:p>'
    if kind == "right":
        return f'<w:p><w:pPr><w:jc w:val="right"/></w:pPr>{_runs(text)}</w:p>'
    if kind == "salutation":
        return f"<w:p>{_runs(text)}</w:p>"
    if kind == "signature":
        return signature_table(text.split("\n"))
    return f'<w:p><w:pPr><w:ind w:firstLineChars="200" w:firstLine="420"/></w:pPr>{_runs(text)}</w:p>'


def signature_table(lines: Sequence[str]) -> str:
    """The signature block: each line "left | right" becomes a row of two cells."""
    rows = []
    for line in lines:
        left, _, right = line.partition("|")
        cells = "".join(
            f'<w:tc><w:tcPr><w:tcW w:w="4932" w:type="dxa"/></w:tcPr><w:p><w:pPr><w:spacing w:before="200"/></w:pPr>'
            f"{_runs(cell.strip())}</w:p></w:tc>"
            for cell in (left, right)
        )
        rows.append(f"<w:tr>{cells}</w:tr>")
    grid = '<w:tblGrid><w:gridCol w:w="4932"/><w:gridCol w:w="4932"/></w:tblGrid>'
    return f'<w:tbl><w:tblPr><w:tblW w:w="9864" w:type="dxa"/></w:tblPr>{grid}{"".join(rows)}</w:tbl><w:p/>'


def document_xml(blocks: Iterable[tuple[str, str]]) -> str:
    body = "".join(paragraph(text, kind=kind) for kind, text in blocks)
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{W_NS}">'
        f"<w:body>{body}{SECTION}</w:body></w:document>"
    )


def write_docx(path: Path, blocks: Iterable[tuple[str, str]]) -> Path:
    """Write one letter: ``blocks`` are (kind, merged text) pairs in order."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", RELS)
        z.writestr("word/_rels/document.xml.rels", DOC_RELS)
        z.writestr("word/styles.xml", STYLES)
        z.writestr("word/document.xml", document_xml(blocks))
    return path
