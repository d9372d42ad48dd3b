"""The main window's sections: ``SECTIONS = [Section(key, title, factory)]``, each page built on first visit.

Titles and placeholder texts are marked with QT_TRANSLATE_NOOP (context "Sections") and translated when shown.
The 客户 and 文书 sections are pages of other modules (ClientBookPage, DocumentsPage), imported lazily; a
placeholder says so plainly while a module is not there.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import QWidget

from rmdesk.ui.context import AppContext
from rmdesk.ui.placeholder_page import PlaceholderPage

PageFactory = Callable[[AppContext], QWidget]


@dataclass(frozen=True)
class Section:
    key: str
    title: str  # English source text, context "Sections"
    factory: PageFactory

    def translated_title(self) -> str:
        return QCoreApplication.translate("Sections", self.title)


def _lazy(module: str, name: str, fallback: PageFactory | None = None) -> PageFactory:
    """Import the page's module only when the section is first opened (keeps start-up fast)."""

    def build(ctx: AppContext) -> QWidget:
        try:
            cls = getattr(import_module(module), name)
        except (ModuleNotFoundError, AttributeError) as err:
            missing = getattr(err, "name", None)
            if fallback is not None and (missing is None or missing == module):
                return fallback(ctx)
            raise
        page: QWidget = cls(ctx)
        return page

    return build


def _placeholder(title: str, features: tuple[str, ...], meanwhile: str) -> PageFactory:
    return lambda _ctx: PlaceholderPage(title, features, meanwhile)


WARNINGS_PAGE = _placeholder(
    QT_TRANSLATE_NOOP("Sections", "Risk warnings"),
    (
        QT_TRANSLATE_NOOP(
            "Sections",
            "list every open risk warning of your clients: below the warning line, margin calls with their "
            "top-up deadline, emergencies, concentration, contracts due, expiring assessments, suitability, "
            "credit line use",
        ),
        QT_TRANSLATE_NOOP(
            "Sections", "record each contact with the client (phone, SMS, visit, letter) and what was said"
        ),
        QT_TRANSLATE_NOOP("Sections", "resolve a warning with a note, or escalate it to the supervisor"),
        QT_TRANSLATE_NOOP("Sections", "print the margin-call notices for a whole list of clients at once"),
    ),
    QT_TRANSLATE_NOOP(
        "Sections",
        "Meanwhile: the Today page counts open warnings, each client's file lists them, and the command "
        "rmdesk risk shows every figure and warning.",
    ),
)

CALLBACKS_PAGE = _placeholder(
    QT_TRANSLATE_NOOP("Sections", "Callbacks"),
    (
        QT_TRANSLATE_NOOP(
            "Sections",
            "plan callbacks from the rules (new credit account, yearly 10% quota, after a margin call or a "
            "complaint, VIP and high-net-worth care) and by hand",
        ),
        QT_TRANSLATE_NOOP(
            "Sections",
            "record a callback with the standard script (identity, account changes, no trading by staff, risk "
            "disclosure understood, no discretionary mandate), satisfaction and notes",
        ),
        QT_TRANSLATE_NOOP("Sections", "show overdue callbacks first and track the yearly quota"),
    ),
    QT_TRANSLATE_NOOP("Sections", "Meanwhile: the Today page counts callbacks due today and overdue."),
)

COMPLAINTS_PAGE = _placeholder(
    QT_TRANSLATE_NOOP("Sections", "Complaints"),
    (
        QT_TRANSLATE_NOOP("Sections", "open a complaint case (TS + year + number) from any channel, incl. 12386"),
        QT_TRANSLATE_NOOP(
            "Sections",
            "follow both clocks in working days: acknowledge within 1 day, respond within 15 (urgent: same "
            "day and 5), with pauses while waiting for the client",
        ),
        QT_TRANSLATE_NOOP("Sections", "request extensions for supervisor approval; escalate overdue cases"),
        QT_TRANSLATE_NOOP("Sections", "export the yearly statistics for the regulator"),
    ),
    QT_TRANSLATE_NOOP("Sections", "Meanwhile: the Today page counts open and overdue cases."),
)

DOCUMENTS_PAGE = _placeholder(
    QT_TRANSLATE_NOOP("Sections", "Documents"),
    (
        QT_TRANSLATE_NOOP(
            "Sections",
            "print account statements, risk-disclosure letters, margin-call notices and visit briefing packs",
        ),
        QT_TRANSLATE_NOOP("Sections", "print a batch for a filtered list of clients, with preview"),
        QT_TRANSLATE_NOOP(
            "Sections", "keep the document register: who received what, when, and whether the signed copy came back"
        ),
    ),
    QT_TRANSLATE_NOOP(
        "Sections", "Meanwhile: the command rmdesk print produces each document as a PDF and registers it."
    ),
)

CLIENTS_PLACEHOLDER = _placeholder(
    QT_TRANSLATE_NOOP("Sections", "Clients"),
    (
        QT_TRANSLATE_NOOP("Sections", "search your clients by name, pinyin initials, client or account number"),
        QT_TRANSLATE_NOOP("Sections", "open a client's file with figures, positions, contracts and the ratio chart"),
    ),
    QT_TRANSLATE_NOOP("Sections", "Meanwhile: the command rmdesk risk lists every account with its figures."),
)


def _today(ctx: AppContext) -> QWidget:
    from rmdesk.ui.today_page import TodayPage

    return TodayPage(ctx)


def _import(ctx: AppContext) -> QWidget:
    from rmdesk.ui.import_page import ImportPage

    return ImportPage(ctx)


def _settings(ctx: AppContext) -> QWidget:
    from rmdesk.ui.settings_page import SettingsPage

    return SettingsPage(ctx)


SECTIONS: list[Section] = [
    Section("today", QT_TRANSLATE_NOOP("Sections", "Today"), _today),
    Section(
        "clients",
        QT_TRANSLATE_NOOP("Sections", "Clients"),
        _lazy("rmdesk.ui.client_book", "ClientBookPage", CLIENTS_PLACEHOLDER),
    ),
    Section("warnings", QT_TRANSLATE_NOOP("Sections", "Risk warnings"), WARNINGS_PAGE),
    Section("callbacks", QT_TRANSLATE_NOOP("Sections", "Callbacks"), CALLBACKS_PAGE),
    Section("complaints", QT_TRANSLATE_NOOP("Sections", "Complaints"), COMPLAINTS_PAGE),
    Section(
        "documents",
        QT_TRANSLATE_NOOP("Sections", "Documents"),
        _lazy("rmdesk.ui.documents_page", "DocumentsPage", DOCUMENTS_PAGE),
    ),
    Section("import", QT_TRANSLATE_NOOP("Sections", "Import"), _import),
    Section("settings", QT_TRANSLATE_NOOP("Sections", "Settings"), _settings),
]

SECTION_KEYS = tuple(s.key for s in SECTIONS)


def section(key: str) -> Section:
    for s in SECTIONS:
        if s.key == key:
            return s
    raise KeyError(key)
