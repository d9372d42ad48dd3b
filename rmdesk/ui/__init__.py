"""The desktop app (PySide6). Nothing outside this package imports Qt.

The Qt-free layers the desk needs at start-up are imported here, before any PySide6 module: once PySide6 is
loaded it inspects the source of every module imported after it (for its ``__feature__`` switch), which added
~80 ms to a cold start for SQLAlchemy and rmdesk's own models and services.
"""

from __future__ import annotations

import sqlalchemy.orm  # noqa: F401

import rmdesk.services.audit
import rmdesk.services.auth
import rmdesk.services.policy
import rmdesk.store.db
import rmdesk.store.models  # noqa: F401
