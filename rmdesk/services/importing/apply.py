"""Writing a validated batch in the caller's transaction (SPEC §7): upserts, the accounts' complete state, the run.

Securities, clients and accounts are upserts: a new key is inserted, a stored one updated where a value changed
(an optional column the file lacks leaves the stored value alone; a blank cell means the default). Positions and
contracts replace the listed accounts' state (apply_book). Client and account changes are audited field by field;
the run writes one ImportRun row and one audit record.

The stored rows are read straight from the driver and compared in its representation (the incoming Date columns
converted once, column by column); only changed rows go back to Python values, for their audit record. A row whose
only change is the day of its state (price_as_of, state_as_of) is written by one set-based UPDATE per chunk.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd
from sqlalchemy import Date
from sqlalchemy.orm import Session

from rmdesk import clock, i18n
from rmdesk.money import from_li, from_ppm
from rmdesk.services import audit
from rmdesk.services.audit import Actor
from rmdesk.services.identity import mask_id, mask_phone
from rmdesk.services.importing import apply_book
from rmdesk.services.importing.report import FileRows, ValidatedBatch
from rmdesk.services.importing.snapshot import chunks
from rmdesk.services.importing.write import Writer
from rmdesk.services.names import initials
from rmdesk.services.policy import Policy, load_policy
from rmdesk.services.progress import NullProgress, Progress, check_cancel
from rmdesk.store.models import Client, CreditAccount, ImportRun

FLAGS = ("marginable", "shortable", "st", "index_member")


@dataclass(frozen=True)
class Applied:
    counts: dict[str, int]  # what changed, by kind
    account_ids: tuple[int, ...]  # the accounts the accounts file lists (sorted ids)


def apply_batch(
    session: Session, batch: ValidatedBatch, actor: Actor, progress: Progress | None = None
) -> dict[str, int]:
    """Write ``batch`` in the session's transaction (the caller commits) and return what changed, by kind."""
    return apply(session, batch, actor, progress).counts


def apply(session: Session, batch: ValidatedBatch, actor: Actor, progress: Progress | None = None) -> Applied:
    """Write ``batch`` in the session's transaction (the caller commits): what changed and the listed accounts."""
    progress = progress or NullProgress()
    w = Writer(session.connection())
    policy = load_policy(session)
    now = clock.now()
    counts: dict[str, int] = {}
    steps: list[tuple[str, FileRows | None, Callable[[FileRows], dict[str, int]]]] = [
        ("securities", batch.securities, lambda f: _securities(w, f, batch.as_of, policy)),
        ("clients", batch.clients, lambda f: _clients(session, w, f, actor, now)),
        ("accounts", batch.accounts, lambda f: _accounts(session, w, f, batch.as_of, actor)),
        ("positions", batch.positions, lambda f: apply_book.positions(w, f, book())),
        ("contracts", batch.contracts, lambda f: apply_book.contracts(w, f, book())),
    ]
    ids: list[apply_book.BookIds] = []

    def book() -> apply_book.BookIds:
        """Read once, after securities, clients and accounts are written."""
        if not ids:
            ids.append(apply_book.BookIds.read(w, batch.accounts))
        return ids[0]

    progress.total(sum(1 for _, rows, _ in steps if rows is not None) + 1)
    for _what, rows, step in steps:
        if rows is None:
            continue
        check_cancel(progress)
        progress.status(i18n.t("import.progress.writing", None, what=rows.name))
        counts.update(step(rows))
        progress.advance()
    _record_run(session, batch, actor, now, counts)
    progress.advance()
    listed = () if batch.accounts is None else tuple(book().listed)
    return Applied(counts, listed)


def listed_account_ids(session: Session, batch: ValidatedBatch) -> tuple[int, ...]:
    """Ids of the accounts the batch's accounts file lists (after apply: all of them exist)."""
    if batch.accounts is None:
        return ()
    return tuple(apply_book.BookIds.read(Writer(session.connection()), batch.accounts).listed)


def _stored(w: Writer, table: str, key: str, columns: Sequence[str]) -> dict[Any, tuple[Any, ...]]:
    """Every stored row of ``table`` by ``key``: (id, *columns) in the driver's representation."""
    return {r[0]: r[1:] for r in w.fetch(f"SELECT {', '.join((key, 'id', *columns))} FROM {table}")}


def _new_ids(w: Writer, table: str, key: str, keys: Sequence[str]) -> dict[str, int]:
    """Ids of the rows just inserted, by key."""
    out: dict[str, int] = {}
    for part in chunks(list(keys)):
        out.update(w.fetch(f"SELECT {key}, id FROM {table} WHERE {key} IN ({w.marks(len(part))})", part))  # type: ignore[arg-type]
    return out


def _dates(model: Any) -> frozenset[str]:
    return frozenset(c.name for c in model.__table__.columns if isinstance(c.type, Date))


def _cast(w: Writer, fields: Sequence[str], dates: frozenset[str], columns: list[list[Any]]) -> list[list[Any]]:
    """Columns in the driver's representation (Date columns converted once per distinct day)."""
    return [w.days(col) if f in dates else col for f, col in zip(fields, columns, strict=True)]


def _py(w: Writer, fields: Sequence[str], dates: frozenset[str], values: Sequence[Any]) -> dict[str, Any]:
    """One row read or cast for the driver, as the ORM gives it (dates as dates): for an audit record."""
    return {f: w.from_day(v) if f in dates else v for f, v in zip(fields, values, strict=True)}


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


_SECURITY = ("name", "kind", "close", "haircut", *FLAGS)


def _securities(w: Writer, rows: FileRows, as_of: date, policy: Policy) -> dict[str, int]:
    stored = _stored(w, "securities", "code", (*_SECURITY, "price_as_of"))
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
    return {"securities_new": len(inserts), "securities_updated": len(updates) + len(dated)}


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


def _cells(values: Any, day: Callable[[date | None], Any]) -> tuple[Any, ...]:
    return tuple(day(v) if isinstance(v, date) else v for v in values)


_CLIENT_DATES = _dates(Client)


def _clients(session: Session, w: Writer, rows: FileRows, actor: Actor, now: Any) -> dict[str, int]:
    """Upsert clients; every change is audited with only the changed fields (personal data masked)."""
    present = set(rows.present - {"rm"}) | ({"rm_id"} if "rm" in rows.present else set())
    fields = ["name", *(f for f in CLIENT_DEFAULTS if f in present)]
    derived = "id_no" in present  # birth date and gender follow a 身份证 number
    stored_fields = [*fields, "birth_date", "gender"] if derived else fields
    stored = _stored(w, "clients", "client_no", stored_fields)
    day, stamp = w.day(), w.stamp(now)
    inserts: list[dict[str, Any]] = []
    updates: list[tuple[Any, ...]] = []
    changes: list[audit.Change] = []
    frame = rows.frame
    numbers = frame["client_no"].tolist()
    columns = [_column(frame, f, CLIENT_DEFAULTS.get(f)) for f in fields]
    if derived:  # no 身份证 data on the row: keep the stored birth date and gender (as read: known rows only)
        births, genders = frame["birth_date"].tolist(), frame["gender"].tolist()
        for i, no in enumerate(numbers):
            if births[i] is None and no in stored:
                births[i], genders[i] = stored[no][-2:]
        columns += [births, genders]
    cells = _cast(w, stored_fields, _CLIENT_DATES, columns)
    for no, values, cast in zip(numbers, zip(*columns, strict=True), zip(*cells, strict=True), strict=True):
        known = stored.get(no)
        if known is None:
            inserts.append({"client_no": no, **dict(zip(stored_fields, values, strict=True))})
        elif known[1:] != cast:  # one tuple comparison per client; the field diff only for changed ones
            old, new = audit.diff(
                _py(w, stored_fields, _CLIENT_DATES, known[1:]), _py(w, stored_fields, _CLIENT_DATES, cast)
            )
            updates.append((*cast, initials(values[0]), stamp, known[0]))
            changes.append(audit.Change("client", known[0], "import_update", _shown(old), _shown(new)))
    w.update("clients", [*stored_fields, "name_initials", "updated_at"], updates, extra="version = version + 1")
    if inserts:
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
        ids = _new_ids(w, "clients", "client_no", [v["client_no"] for v in inserts])
        changes += [audit.Change("client", ids[v["client_no"]], "import_create", None, _shown(v)) for v in inserts]
    audit.record_many(session, actor, changes)
    return {"clients_new": len(inserts), "clients_updated": len(updates)}


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


_ACCOUNT_DATES = _dates(CreditAccount)


def _accounts(session: Session, w: Writer, rows: FileRows, as_of: date, actor: Actor) -> dict[str, int]:
    """Upsert accounts: cash and the state date every day; terms (limit, rates, lines) audited when they change."""
    fields = [f for f in ACCOUNT_FIELDS if f in rows.present]
    stored = _stored(w, "credit_accounts", "account_no", ("cash", "state_as_of", *fields))
    day = w.day()
    today = day(as_of)
    inserts: list[tuple[Any, ...]] = []
    updates: list[tuple[Any, ...]] = []
    dated: list[int] = []  # only the state's day moves
    changes: list[audit.Change] = []
    new_terms: dict[str, dict[str, Any]] = {}
    frame = rows.frame
    columns = [_column(frame, f, 0 if f == "credit_limit" else None) for f in fields]
    cells = _cast(w, fields, _ACCOUNT_DATES, columns)
    numbers, owners, cash = frame["account_no"].tolist(), frame["client_no"].tolist(), frame["cash"].tolist()
    rows_in = zip(numbers, owners, cash, zip(*columns, strict=True), zip(*cells, strict=True), strict=True)
    for no, owner, money, values, cast in rows_in:
        known = stored.get(no)
        if known is None:
            terms = {"credit_limit": 0, **dict(zip(fields, values, strict=True))}
            new_terms[no] = terms
            inserts.append((no, owner, int(money), today, "正常", *_cells(terms.values(), day)))
            continue
        terms_changed = known[3:] != cast
        if terms_changed:  # audited, field by field
            old, new = audit.diff(_py(w, fields, _ACCOUNT_DATES, known[3:]), _py(w, fields, _ACCOUNT_DATES, cast))
            changes.append(audit.Change("credit_account", known[0], "import_update", _shown(old), _shown(new)))
        if terms_changed or known[1] != money:
            updates.append((int(money), today, *cast, known[0]))
        elif known[2] != today:
            dated.append(known[0])
    insert_fields = ["credit_limit", *(f for f in fields if f != "credit_limit")]
    if inserts:  # the terms dict puts credit_limit first
        clients = _new_ids(w, "clients", "client_no", sorted({r[1] for r in inserts}))
        inserts = [(r[0], clients[r[1]], *r[2:]) for r in inserts]
        w.insert(
            "credit_accounts", ["account_no", "client_id", "cash", "state_as_of", "status", *insert_fields], inserts
        )
        ids = _new_ids(w, "credit_accounts", "account_no", list(new_terms))
        changes += [audit.Change("credit_account", ids[no], "import_create", None, _shown({"account_no": no, **t}))
                    for no, t in new_terms.items()]  # fmt: skip
    w.update("credit_accounts", ["cash", "state_as_of", *fields], updates)
    w.update_ids("credit_accounts", {"state_as_of": today}, dated)
    audit.record_many(session, actor, changes)
    return {"accounts_new": len(inserts), "accounts_updated": len(updates) + len(dated)}


def _record_run(session: Session, batch: ValidatedBatch, actor: Actor, now: Any, counts: dict[str, int]) -> None:
    files = {f.name: {"sha256": batch.hashes.get(f.name, ""), "rows": f.rows, "encoding": f.encoding}
             for f in batch.files}  # fmt: skip
    run = ImportRun(
        as_of=batch.as_of,
        started_at=now,
        user_id=actor.id,
        source=batch.folder[:512],
        files=json.dumps(files, ensure_ascii=False, sort_keys=True),
        status="applied",
        summary=json.dumps(counts, sort_keys=True),
    )
    session.add(run)
    session.flush()
    audit.record(session, actor, "import", run.id, "apply", None,
                 {"as_of": batch.as_of, "folder": batch.folder, "files": sorted(files), **counts})  # fmt: skip


__all__ = ["Applied", "apply", "apply_batch", "listed_account_ids"]
