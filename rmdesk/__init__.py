"""rmdesk — the desk of a relationship manager (客户经理) serving 融资融券 clients."""

from __future__ import annotations

__version__ = "0.1.0"
