"""Display names of the stored codes the client pages show (levels, tiers, warning kinds, statuses …).

The database keeps stable codes (``margin_call``) or the core system's Chinese values (``高净值``); the GUI shows
them in the user's language through Qt's translator (context "ClientLabels"), so the .ts file holds them all.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

CONTEXT = "ClientLabels"

LEVELS = {
    "normal": QT_TRANSLATE_NOOP("ClientLabels", "Normal"),
    "warning": QT_TRANSLATE_NOOP("ClientLabels", "Warning"),
    "closeout": QT_TRANSLATE_NOOP("ClientLabels", "Close-out"),
    "emergency": QT_TRANSLATE_NOOP("ClientLabels", "Emergency"),
}
TIERS = {
    "普通": QT_TRANSLATE_NOOP("ClientLabels", "Standard"),
    "高净值": QT_TRANSLATE_NOOP("ClientLabels", "High net worth"),
    "VIP": QT_TRANSLATE_NOOP("ClientLabels", "VIP"),
}
RISK_LEVELS = {
    1: QT_TRANSLATE_NOOP("ClientLabels", "C1 conservative"),
    2: QT_TRANSLATE_NOOP("ClientLabels", "C2 moderately conservative"),
    3: QT_TRANSLATE_NOOP("ClientLabels", "C3 balanced"),
    4: QT_TRANSLATE_NOOP("ClientLabels", "C4 moderately aggressive"),
    5: QT_TRANSLATE_NOOP("ClientLabels", "C5 aggressive"),
}
CLIENT_STATUSES = {
    "正常": QT_TRANSLATE_NOOP("ClientLabels", "Active"),
    "冻结": QT_TRANSLATE_NOOP("ClientLabels", "Frozen"),
    "销户": QT_TRANSLATE_NOOP("ClientLabels", "Closed"),
}
ID_TYPES = {
    "身份证": QT_TRANSLATE_NOOP("ClientLabels", "Mainland ID card"),
    "护照": QT_TRANSLATE_NOOP("ClientLabels", "Passport"),
    "港澳通行证": QT_TRANSLATE_NOOP("ClientLabels", "HK/Macao travel permit"),
    "其他": QT_TRANSLATE_NOOP("ClientLabels", "Other"),
}
INVESTOR_TYPES = {
    "普通投资者": QT_TRANSLATE_NOOP("ClientLabels", "Ordinary investor"),
    "专业投资者": QT_TRANSLATE_NOOP("ClientLabels", "Professional investor"),
}
GENDERS = {
    "男": QT_TRANSLATE_NOOP("ClientLabels", "Male"),
    "女": QT_TRANSLATE_NOOP("ClientLabels", "Female"),
}
WARNING_KINDS = {
    "ratio_warning": QT_TRANSLATE_NOOP("ClientLabels", "Below warning line"),
    "margin_call": QT_TRANSLATE_NOOP("ClientLabels", "Margin call"),
    "emergency": QT_TRANSLATE_NOOP("ClientLabels", "Below emergency line"),
    "concentration": QT_TRANSLATE_NOOP("ClientLabels", "Concentration"),
    "contract_expiry": QT_TRANSLATE_NOOP("ClientLabels", "Contract due"),
    "assessment_expiry": QT_TRANSLATE_NOOP("ClientLabels", "Assessment expiring"),
    "suitability": QT_TRANSLATE_NOOP("ClientLabels", "Suitability"),
    "credit_limit": QT_TRANSLATE_NOOP("ClientLabels", "Credit line use"),
}
WARNING_STATUSES = {
    "open": QT_TRANSLATE_NOOP("ClientLabels", "Open"),
    "notified": QT_TRANSLATE_NOOP("ClientLabels", "Notified"),
    "resolved": QT_TRANSLATE_NOOP("ClientLabels", "Resolved"),
    "escalated": QT_TRANSLATE_NOOP("ClientLabels", "Escalated"),
}
CALLBACK_STATUSES = {
    "planned": QT_TRANSLATE_NOOP("ClientLabels", "Planned"),
    "done": QT_TRANSLATE_NOOP("ClientLabels", "Done"),
    "cancelled": QT_TRANSLATE_NOOP("ClientLabels", "Cancelled"),
}
CALLBACK_SOURCES = {
    "new_account": QT_TRANSLATE_NOOP("ClientLabels", "New account"),
    "quota": QT_TRANSLATE_NOOP("ClientLabels", "Yearly quota"),
    "after_warning": QT_TRANSLATE_NOOP("ClientLabels", "After a warning"),
    "after_complaint": QT_TRANSLATE_NOOP("ClientLabels", "After a complaint"),
    "tier": QT_TRANSLATE_NOOP("ClientLabels", "Tier care"),
    "manual": QT_TRANSLATE_NOOP("ClientLabels", "By hand"),
}
CASE_STATUSES = {
    "received": QT_TRANSLATE_NOOP("ClientLabels", "Received"),
    "acknowledged": QT_TRANSLATE_NOOP("ClientLabels", "Acknowledged"),
    "investigating": QT_TRANSLATE_NOOP("ClientLabels", "Investigating"),
    "waiting_client": QT_TRANSLATE_NOOP("ClientLabels", "Waiting for client"),
    "responded": QT_TRANSLATE_NOOP("ClientLabels", "Responded"),
    "closed": QT_TRANSLATE_NOOP("ClientLabels", "Closed"),
    "escalated": QT_TRANSLATE_NOOP("ClientLabels", "Escalated"),
    "reopened": QT_TRANSLATE_NOOP("ClientLabels", "Reopened"),
}
DOCUMENT_KINDS = {
    "statement": QT_TRANSLATE_NOOP("ClientLabels", "Account statement"),
    "disclosure": QT_TRANSLATE_NOOP("ClientLabels", "Risk disclosure"),
    "margin_call": QT_TRANSLATE_NOOP("ClientLabels", "Margin-call notice"),
    "visit_brief": QT_TRANSLATE_NOOP("ClientLabels", "Visit briefing pack"),
}
CONTRACT_TYPES = {
    "financing": QT_TRANSLATE_NOOP("ClientLabels", "Financing"),
    "short": QT_TRANSLATE_NOOP("ClientLabels", "Short sale"),
}
SECURITY_KINDS = {
    "stock": QT_TRANSLATE_NOOP("ClientLabels", "Stock"),
    "etf": QT_TRANSLATE_NOOP("ClientLabels", "ETF"),
    "fund": QT_TRANSLATE_NOOP("ClientLabels", "Fund"),
    "bond": QT_TRANSLATE_NOOP("ClientLabels", "Bond"),
    "gov_bond": QT_TRANSLATE_NOOP("ClientLabels", "Government bond"),
    "money_fund": QT_TRANSLATE_NOOP("ClientLabels", "Money-market fund"),
}


def label(table: dict[object, str], value: object, default: str = "") -> str:
    """The translated display name of ``value`` in ``table`` (the value itself when unknown)."""
    if value is None or value == "":
        return default
    source = table.get(value)
    if source is None:
        return str(value)
    return QCoreApplication.translate(CONTEXT, source)


def level_name(level: str | None) -> str:
    return label(LEVELS, level)  # type: ignore[arg-type]


def short_risk_level(level: int | None) -> str:
    """C1..C5 (no translation needed: the regulator's own notation)."""
    return f"C{level}" if level else ""
