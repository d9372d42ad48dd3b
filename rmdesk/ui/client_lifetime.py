"""Deleting the client pages' windows and dialogs safely.

A widget subclass written in Python must keep its Python object alive until Qt has run its C++ destructor:
when the last Python reference goes first (e.g. dropped in a ``destroyed`` slot, or a local going out of scope
while a deferred delete is pending), PySide crashes inside the destructor. ``dispose_later`` deletes the widget
on the next event-loop turn and releases the Python object only after that.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer

_pending: set[QObject] = set()


def dispose_later(obj: QObject) -> None:
    """``obj.deleteLater()``, keeping its Python object until the C++ object is gone."""
    if obj in _pending:
        return
    _pending.add(obj)
    obj.destroyed.connect(lambda _o=None, o=obj: QTimer.singleShot(0, lambda: _pending.discard(o)))
    obj.deleteLater()


def pending() -> int:
    """How many objects wait for deletion (tests check nothing leaks)."""
    return len(_pending)
