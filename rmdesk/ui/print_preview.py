"""Print preview and printing of a document PDF.

PySide6-Essentials has no QtPdf, so pages are rasterised by poppler's ``pdftoppm`` (installed with the desk)
into PNG files of a temporary folder, off the GUI thread; a QPrintPreviewDialog paints them one at a time onto
its QPrinter (preview and the real printer alike), so memory stays small however many pages. Without pdftoppm
the PDF opens in the system's viewer instead.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

import shiboken6
from PySide6.QtCore import QCoreApplication, QMarginsF, QRectF, QUrl
from PySide6.QtGui import QDesktopServices, QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QMessageBox, QWidget

from rmdesk.services.progress import Progress
from rmdesk.ui.context import AppContext
from rmdesk.ui.ops import OpHandle

PREVIEW_DPI = 150  # sharp enough on paper for 8 pt table text, ~250 KB of PNG per page
MAX_PREVIEW_PAGES = 300  # a bigger merged batch file opens in the system viewer
_OPEN: set[QPrintPreviewDialog] = set()


class PreviewUnavailableError(RuntimeError):
    """pdftoppm is not installed: the caller falls back to the system's PDF viewer."""


def pdftoppm() -> str | None:
    return shutil.which("pdftoppm")


def page_count(pdf: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(str(pdf)).pages)


def rasterize(pdf: Path, folder: Path, dpi: int = PREVIEW_DPI, progress: Progress | None = None) -> list[Path]:
    """Every page of ``pdf`` as a PNG in ``folder`` (page order). Runs pdftoppm; no Qt involved."""
    tool = pdftoppm()
    if tool is None:
        raise PreviewUnavailableError("pdftoppm not found")
    if progress is not None:
        progress.status(QCoreApplication.translate("PrintPreview", "Preparing the preview…"))
    subprocess.run([tool, "-png", "-r", str(dpi), str(pdf), str(folder / "page")], check=True, capture_output=True)
    return sorted(folder.glob("page-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))


def paint_pages(printer: QPrinter, pages: Sequence[Path]) -> int:
    """Paint the page images onto ``printer``, one paper page each, scaled to fit; returns the pages painted."""
    printer.setFullPage(True)
    painter = QPainter()
    if not painter.begin(printer):
        return 0
    try:
        for number, page in enumerate(pages):
            if number:
                printer.newPage()
            image = QImage(str(page))
            if image.isNull():
                continue
            area = QRectF(painter.viewport())
            scale = min(area.width() / image.width(), area.height() / image.height())
            width, height = image.width() * scale, image.height() * scale
            target = QRectF(
                area.x() + (area.width() - width) / 2, area.y() + (area.height() - height) / 2, width, height
            )
            painter.drawImage(target, image)
    finally:
        painter.end()
    return len(pages)


def a4_printer(name: str) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageLayout(
        QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0))
    )
    printer.setFullPage(True)
    printer.setDocName(name)
    return printer


class PdfPreviewDialog(QPrintPreviewDialog):
    """The preview of one PDF with Qt's zoom, page navigation, page setup and Print buttons."""

    def __init__(self, pdf: Path, pages: Sequence[Path], folder: tempfile.TemporaryDirectory[str] | None,
                 parent: QWidget | None = None) -> None:  # fmt: skip
        self.printer = a4_printer(pdf.name)
        super().__init__(self.printer, parent)
        self.pdf = pdf
        self.pages = list(pages)
        self._folder = folder  # the PNGs live as long as the dialog
        self.setWindowTitle(self.tr("Print preview — %1").replace("%1", pdf.name))
        self.resize(900, 1000)
        self.paintRequested.connect(self._paint)
        self.finished.connect(self._clean_up)

    def _paint(self, printer: QPrinter) -> None:
        paint_pages(printer, self.pages)

    def _clean_up(self, *_args: object) -> None:
        if self._folder is not None:
            self._folder.cleanup()
            self._folder = None


def open_with_system(pdf: Path) -> bool:
    """Open the PDF in the system's default viewer."""
    return bool(QDesktopServices.openUrl(QUrl.fromLocalFile(str(pdf))))


def preview_pdf(ctx: AppContext, pdf: Path, parent: QWidget | None = None) -> OpHandle | None:
    """Rasterise off the GUI thread, then open the preview (window-modal, not blocking); the handle's
    ``succeeded`` carries the page images. Without pdftoppm, or for a huge file, the system viewer opens it."""
    if pdftoppm() is None or page_count(pdf) > MAX_PREVIEW_PAGES:
        if not open_with_system(pdf):
            title = QCoreApplication.translate("PrintPreview", "Print preview")
            text = QCoreApplication.translate("PrintPreview", "The document was saved to %1.")
            QMessageBox.information(parent, title, text.replace("%1", str(pdf)))
        return None
    folder = tempfile.TemporaryDirectory(prefix="rmdesk-preview-")

    def work(progress: Progress) -> list[Path]:
        return rasterize(pdf, Path(folder.name), PREVIEW_DPI, progress)

    def show(pages: list[Path]) -> None:
        if parent is not None and not shiboken6.isValid(parent):
            folder.cleanup()
            return
        dialog = PdfPreviewDialog(pdf, pages, folder, parent)
        _OPEN.add(dialog)  # a dialog without a parent needs a reference while it is open
        dialog.finished.connect(lambda *_: _OPEN.discard(dialog))
        dialog.open()

    def failed(error: BaseException) -> None:
        folder.cleanup()
        ctx.runner.report_failure(error, "", parent)

    return ctx.runner.run_cpu(
        work,
        show,
        on_failure=failed,
        label=QCoreApplication.translate("PrintPreview", "Preparing the preview…"),
        parent=parent,
    )
