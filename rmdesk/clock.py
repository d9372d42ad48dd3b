"""The one clock of rmdesk: branch-local wall time (Asia/Shanghai), naive, as stored in the database."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

BRANCH_TZ = ZoneInfo("Asia/Shanghai")


def now() -> datetime:
    """Current branch-local time without tzinfo, to the second."""
    return datetime.now(BRANCH_TZ).replace(tzinfo=None, microsecond=0)


def today() -> date:
    return now().date()
