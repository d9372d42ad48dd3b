"""What every page and dialog needs: the database, the logged-in user, the hub, the op runner and desk settings."""

from __future__ import annotations

from dataclasses import dataclass

from rmdesk.services.audit import Actor
from rmdesk.services.auth import UserInfo
from rmdesk.store.db import Database
from rmdesk.ui.hub import Hub
from rmdesk.ui.ops import OpRunner
from rmdesk.ui.settings import DeskSettings


@dataclass
class AppContext:
    """Built once after login and passed to every page (no globals, so tests build windows freely)."""

    db: Database
    user: UserInfo
    hub: Hub
    runner: OpRunner
    settings: DeskSettings

    @property
    def actor(self) -> Actor:
        """The acting user as services see it (for audit records and permission checks)."""
        return self.user.actor()

    @property
    def is_supervisor(self) -> bool:
        """Supervisors see every client, reassign work and edit the policy settings (SPEC §1)."""
        return self.user.role == "supervisor"
