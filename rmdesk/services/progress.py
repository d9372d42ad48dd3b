"""The small progress protocol long services accept (STYLE §6). Services never see a Qt dialog."""

from __future__ import annotations

from typing import Protocol


class Cancelled(Exception):
    """The user cancelled a long job; the service has rolled back or stopped between chunks."""


class Progress(Protocol):
    def total(self, n: int) -> None: ...

    def advance(self, n: int = 1) -> None: ...

    def status(self, text: str) -> None: ...

    def cancelled(self) -> bool: ...


class NullProgress:
    """Progress that goes nowhere and is never cancelled."""

    def total(self, n: int) -> None:
        pass

    def advance(self, n: int = 1) -> None:
        pass

    def status(self, text: str) -> None:
        pass

    def cancelled(self) -> bool:
        return False


def check_cancel(progress: Progress) -> None:
    """Raise Cancelled when the user asked to stop; call between chunks."""
    if progress.cancelled():
        raise Cancelled()
