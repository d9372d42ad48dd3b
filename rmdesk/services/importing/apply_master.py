"""Upserts of the master files (SPEC §7): securities, clients and accounts.

A new key is inserted, a stored one updated where a value changed (an optional column the file lacks leaves the
stored value alone; a blank cell means the default). Client and account changes are audited field by field.

The stored rows are read straight from the driver and lined up with the incoming ones in the driver's
representation (the incoming Date columns converted once, column by column; see diff.diff_rows), so only the rows
that differ are looked at one by one, and only they go back to Python values for their audit record. A row whose
only change is the day of its state (price_as_of, state_as_of) is written by one set-based UPDATE per chunk.
Each upsert also returns the ids of every stored key (the book files resolve to them).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

import pandas as pd
from sqlalchemy import Date
from sqlalchemy.orm import Session

from rmdesk.money import from_li, from_ppm
from rmdesk.services import audit
from rmdesk.services.audit import Actor
from rmdesk.services.identity import mask_id, mask_phone
from rmdesk.services.importing.diff import diff_rows
from rmdesk.services.importing.report import FileRows
from rmdesk.services.importing.write import Writer
from rmdesk.services.names import initials
from rmdesk.services.policy import Policy
from rmdesk.store.models import Client, CreditAccount

Counts = dict[str, int]
Ids = dict[str, int]  # key (code, account number) → id

FLAGS = ("marginable", "shortable", "st", "index_member")
_SECURITY = ("name", "kind", "close", "haircut", *FLAGS)


def _dates(model: Any) -> frozenset[str]:
    return frozenset(c.name for c in model.__table__.columns if isinstance(c.type, Date))


_CLIENT_DATES = _dates(Client)
_ACCOUNT_DATES = _dates(CreditAccount)


def _column(frame: pd.DataFrame, field: str, default: Any) -> list[Any]:
    """A present column's values, blank cells (None) replaced by the field's default."""
    values: list[Any] = frame[field].tolist()
    if default is None:
        return values
    return [default if v is None else v for v in values]


def _value(row: Any, field: str, present: frozenset[str], stored: Any, default: Any) -> Any:
    """The value a row gives ``field``: the file's (a blank cell → default), else the stored one, else default."""
    if field in present:
        value = getattr(row, field)
        return default if value is None or pd.isna(value) else value
    return stored if stored is not None else default


def _cells(values: Any, day: Callable[[date | None], Any]) -> tuple[Any, ...]:
    return tuple(day(v) if isinstance(v, date) else v for v in values)


def _cast(w: Writer, fields: Sequence[str], dates: frozenset[str], columns: list[list[Any]]) -> list[list[Any]]:
    """Columns in the driver's representation (Date columns converted once per distinct day)."""
    return [w.days(col) if f in dates else col for f, col in zip(fields, columns, strict=True)]


def _py(w: Writer, fields: Sequence[str], dates: frozenset[str], values: Sequence[Any]) -> dict[str, Any]:
    """One row in the driver's representation as the ORM gives it (dates as dates): for an audit record."""
    return {f: w.from_day(v) if f in dates else v for f, v in zip(fields, values, strict=True)}


def securities(w: Writer, rows: FileRows, as_of: date, policy: Policy) -> tuple[Counts, Ids]:
    stored = {r[0]: r[1:] for r in w.fetch(f"SELECT code, id, {', '.join(_SECURITY)}, price_as_of FROM securities")}
    day = w.day()(as_of)
    inserts: list[tuple[Any, ...]] = []
    updates: list[tuple[Any, ...]] = []
    dated: list[int] = []  # only the price day moves
    for row in rows.frame.itertuples(index=False):
        known = stored.get(row.code)
        old = dict(zip(_SECURITY, known[1:], strict=False)) if known is not None else {}
        kind = _value(row, "kind", rows.present, old.get("kind"), "stock")
        flags = {f: bool(_value(row, f, rows.present, old.get(f), False)) for f in FLAGS}
        default_haircut = int(policy.haircut_default(kind, index_member=flags["index_member"], st=flags["st"]) * 10**6)
        haircut = _value(row, "haircut", rows.present, old.get("haircut"), default_haircut)
        values = (row.name, kind, int(row.close), int(haircut), *(flags[f] for f in FLAGS))
        if known is None:
            inserts.append((row.code, *values, day))
        elif known[1:-1] != values:  # 0/1 from the driver equals False/True
            updates.append((*values, day, known[0]))
        elif known[-1] != day:
            dated.append(known[0])
    columns = ("name", "kind", "close", "haircut", *FLAGS, "price_as_of")
    w.insert("securities", ("code", *columns), inserts)
    w.update("securities", columns, updates)
    w.update_ids("securities", {"price_as_of": day}, dated)
    ids = {code: known[0] for code, known in stored.items()}
    if inserts:
        ids.update(w.ids_of("securities", "code", [r[0] for r in inserts]))
    return {"securities_new": len(inserts), "securities_updated": len(updates) + len(dated)}, ids


CLIENT_DEFAULTS: dict[str, Any] = {
    "id_type": "身份证",
    "id_no": None,
    "phone": None,
    "risk_level": None,
    "risk_assessed_on": None,
    "investor_type": "普通投资者",
    "tier": "普通",
    "rm_id": None,
    "trading_since": None,
    "avg_assets_20d": None,
}
_CLIENT_FIXED = {
    "status": "正常",
    "is_related_party": False,
    "has_other_credit_account": False,
    "dormant": False,
    "tags": "",
    "archived": False,
    "version": 1,
}


def clients(session: Session, w: Writer, rows: FileRows, actor: Actor, now: Any) -> Counts:
    """Upsert clients; every change is audited with only the changed fields (personal data masked)."""
    present = set(rows.present - {"rm"}) | ({"rm_id"} if "rm" in rows.present else set())
    fields = ["name", *(f for f in CLIENT_DEFAULTS if f in present)]
    derived = "id_no" in present  # birth date and gender follow a 身份证 number
    stored_fields = [*fields, "birth_date", "gender"] if derived else fields
    stored = w.fetch(f"SELECT client_no, {', '.join(stored_fields)} FROM clients")
    day, stamp = w.day(), w.stamp(now)
    frame = rows.frame
    numbers = frame["client_no"].tolist()
    columns = [_column(frame, f, CLIENT_DEFAULTS.get(f)) for f in fields]
    if derived:  # no 身份证 data on the row: keep the stored birth date and gender
        births, genders = frame["birth_date"].tolist(), frame["gender"].tolist()
        by_no = {r[0]: r for r in stored}
        for i in [i for i, birth in enumerate(births) if birth is None]:
            if numbers[i] in by_no:
                births[i], genders[i] = by_no[numbers[i]][-2:]
        columns += [births, genders]
    d = diff_rows(stored, list(zip(numbers, *_cast(w, stored_fields, _CLIENT_DATES, columns), strict=True)))
    ids = w.ids_of("clients", "client_no", [new[0] for _, new in d.changed])
    updates: list[tuple[Any, ...]] = []
    changes: list[audit.Change] = []
    for before, after in d.changed:  # the field diff only for changed clients
        cid = ids[after[0]]
        old, new = audit.diff(
            _py(w, stored_fields, _CLIENT_DATES, before[1:]), _py(w, stored_fields, _CLIENT_DATES, after[1:])
        )
        updates.append((*after[1:], initials(after[1]), stamp, cid))
        changes.append(audit.Change("client", cid, "import_update", _shown(old), _shown(new)))
    w.update("clients", [*stored_fields, "name_initials", "updated_at"], updates, extra="version = version + 1")
    if d.added:
        inserts = [{"client_no": r[0], **_py(w, stored_fields, _CLIENT_DATES, r[1:])} for r in d.added]
        names = ["client_no", "name", *CLIENT_DEFAULTS, "birth_date", "gender"]
        out = [
            (
                *_cells((v[k] if v.get(k) is not None else CLIENT_DEFAULTS.get(k) for k in names), day),
                initials(v["name"]),
                *_CLIENT_FIXED.values(),
                stamp,
                stamp,
            )
            for v in inserts
        ]
        w.insert("clients", [*names, "name_initials", *_CLIENT_FIXED, "created_at", "updated_at"], out)
        ids = w.ids_of("clients", "client_no", [v["client_no"] for v in inserts])
        changes += [audit.Change("client", ids[v["client_no"]], "import_create", None, _shown(v)) for v in inserts]
    audit.record_many(session, actor, changes)
    return {"clients_new": len(d.added), "clients_updated": len(updates)}


def _shown(values: dict[str, Any] | None) -> dict[str, Any] | None:
    """Audit values: personal data masked (as everywhere else), amounts in yuan, fractions as fractions."""
    if values is None:
        return None
    out = dict(values)
    if out.get("id_no"):
        out["id_no"] = mask_id(out["id_no"])
    if out.get("phone"):
        out["phone"] = mask_phone(out["phone"])
    for key in ("avg_assets_20d", "credit_limit", "cash"):
        if out.get(key) is not None:
            out[key] = from_li(out[key])
    for key in _PPM_FIELDS:
        if out.get(key) is not None:
            out[key] = from_ppm(out[key])
    return out


ACCOUNT_FIELDS = ("credit_limit", "financing_rate", "short_rate", "opened_on", "warning_line", "closeout_line",
                  "target_line")  # fmt: skip
_PPM_FIELDS = ("financing_rate", "short_rate", "warning_line", "closeout_line", "target_line")


def accounts(session: Session, w: Writer, rows: FileRows, as_of: date, actor: Actor) -> tuple[Counts, Ids]:
    """Upsert accounts: cash and the state date every day; terms (limit, rates, lines) audited when they change."""
    fields = [f for f in ACCOUNT_FIELDS if f in rows.present]
    head = w.fetch("SELECT account_no, id, state_as_of FROM credit_accounts")
    ids: Ids = {r[0]: r[1] for r in head}
    states = {r[0]: r[2] for r in head}
    stored = w.fetch(f"SELECT {', '.join(('account_no', 'cash', *fields))} FROM credit_accounts")
    day = w.day()
    today = day(as_of)
    frame = rows.frame
    columns = [_column(frame, f, 0 if f == "credit_limit" else None) for f in fields]
    numbers, owners, cash = frame["account_no"].tolist(), frame["client_no"].tolist(), frame["cash"].tolist()
    d = diff_rows(stored, list(zip(numbers, cash, *_cast(w, fields, _ACCOUNT_DATES, columns), strict=True)))
    updates: list[tuple[Any, ...]] = []  # cash or terms changed: the whole row, with the state's day
    changes: list[audit.Change] = []
    for before, after in d.changed:
        aid = ids[after[0]]
        if before[2:] != after[2:]:  # the terms changed: audited, field by field
            old, new = audit.diff(_py(w, fields, _ACCOUNT_DATES, before[2:]), _py(w, fields, _ACCOUNT_DATES, after[2:]))
            changes.append(audit.Change("credit_account", aid, "import_update", _shown(old), _shown(new)))
        updates.append((int(after[1]), today, *after[2:], aid))
    whole = {after[0] for _, after in d.changed}
    dated = [ids[no] for no in numbers if states.get(no, today) != today and no not in whole]  # only the day moves
    if d.added:  # the terms dict puts credit_limit first
        owner = dict(zip(numbers, owners, strict=True))
        client_ids = w.ids_of("clients", "client_no", sorted({owner[r[0]] for r in d.added}))
        terms = {r[0]: {"credit_limit": 0, **_py(w, fields, _ACCOUNT_DATES, r[2:])} for r in d.added}
        inserts = [(r[0], client_ids[owner[r[0]]], int(r[1]), today, "正常", *_cells(terms[r[0]].values(), day))
                   for r in d.added]  # fmt: skip
        insert_fields = ["credit_limit", *(f for f in fields if f != "credit_limit")]
        w.insert(
            "credit_accounts", ["account_no", "client_id", "cash", "state_as_of", "status", *insert_fields], inserts
        )
        ids.update(w.ids_of("credit_accounts", "account_no", list(terms)))
        changes += [audit.Change("credit_account", ids[no], "import_create", None, _shown({"account_no": no, **t}))
                    for no, t in terms.items()]  # fmt: skip
    w.update("credit_accounts", ["cash", "state_as_of", *fields], updates)
    w.update_ids("credit_accounts", {"state_as_of": today}, dated)
    audit.record_many(session, actor, changes)
    return {"accounts_new": len(d.added), "accounts_updated": len(updates) + len(dated)}, ids
