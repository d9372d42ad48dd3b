"""Row checks of the master files: securities, clients and credit accounts (SPEC §2, §3, §7).

Each check returns one row per data row (index = spreadsheet row) with the parsed values of the key, the required
columns and the optional columns the file has (None where blank); issues go to the FileCheck.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from rmdesk.money import from_ppm
from rmdesk.services import identity
from rmdesk.services.importing import snapshot
from rmdesk.services.importing.convert import Column, convert
from rmdesk.services.importing.snapshot import StoredAccount
from rmdesk.services.importing.values import (
    parse_amount,
    parse_amount_nonneg,
    parse_bool,
    parse_code,
    parse_date,
    parse_haircut,
    parse_id_no,
    parse_id_type,
    parse_investor_type,
    parse_kind,
    parse_line,
    parse_phone,
    parse_price,
    parse_rate,
    parse_risk_level,
    parse_tier,
    ppm,
    text_parser,
)

if TYPE_CHECKING:
    from rmdesk.services.importing.validate import Context, FileCheck

FLAGS = ("marginable", "shortable", "st", "index_member")
LINES = ("warning_line", "closeout_line", "target_line")
text16, text32, text64 = text_parser(16), text_parser(32), text_parser(64)


def _frame(chk: FileCheck, columns: dict[str, Any]) -> pd.DataFrame:
    data = {name: (col.values if hasattr(col, "values") else col) for name, col in columns.items() if col is not None}
    # dtype=object: pandas would otherwise turn a text column's None (blank) into NaN; copy=False: the columns are
    # this check's own object arrays, taken as they are (no copy into one block)
    return pd.DataFrame(data, index=chk.rows, dtype=object, copy=False)


def securities(ctx: Context, chk: FileCheck) -> pd.DataFrame:
    code = chk.column("code", parse_code, required=True)
    name = chk.column("name", text64, required=True)
    close = chk.column("close", parse_price, required=True)
    assert code is not None and name is not None and close is not None  # required columns were checked
    optional = {
        "kind": chk.column("kind", parse_kind),
        "haircut": chk.column("haircut", parse_haircut),
        **{flag: chk.column(flag, parse_bool) for flag in FLAGS},
    }
    chk.duplicates([code], "code", "dup.security")
    stored = ctx.stored_securities()
    for pos, c in enumerate(code.values):
        known = stored.get(c) if c is not None else None
        if known is not None and known.price_as_of is not None and known.price_as_of > ctx.as_of:
            chk.at(pos, "code", "security.newer_price", stored=known.price_as_of.isoformat())
    return _frame(chk, {"code": code, "name": name, "close": close, **optional})


def clients(ctx: Context, chk: FileCheck) -> pd.DataFrame:
    client_no = chk.column("client_no", text32, required=True)
    name = chk.column("name", text64, required=True)
    assert client_no is not None and name is not None
    optional = {
        "id_type": chk.column("id_type", parse_id_type),
        "id_no": chk.column("id_no", parse_id_no),
        "phone": chk.column("phone", parse_phone),
        "risk_level": chk.column("risk_level", parse_risk_level),
        "risk_assessed_on": chk.column("risk_assessed_on", parse_date),
        "investor_type": chk.column("investor_type", parse_investor_type),
        "tier": chk.column("tier", parse_tier),
        "trading_since": chk.column("trading_since", parse_date),
        "avg_assets_20d": chk.column("avg_assets_20d", parse_amount_nonneg),
    }
    chk.duplicates([client_no], "client_no", "dup.client")
    columns: dict[str, Any] = {"client_no": client_no, "name": name, **optional}
    id_no = optional["id_no"]
    if id_no is not None:
        columns.update(_id_cards(ctx, chk, client_no.values, optional["id_type"], id_no.values))
    if chk.has("rm"):
        columns["rm_id"] = _rms(ctx, chk)
    return _frame(chk, columns)


def _id_cards(
    ctx: Context, chk: FileCheck, numbers: np.ndarray, id_type: Any, id_nos: np.ndarray
) -> dict[str, np.ndarray]:
    """身份证 numbers: GB 11643 checksum; birth date and gender follow from the number."""
    if id_type is not None:
        types = np.where(pd.isna(id_type.values), "身份证", id_type.values)
    else:  # no id_type column: the stored type, 身份证 for a new client
        stored = snapshot.client_id_types(ctx.session, [n for n in numbers if n is not None])
        types = np.array([stored.get(n, "身份证") for n in numbers], dtype=object)
    birth = np.full(len(id_nos), None, dtype=object)
    gender = np.full(len(id_nos), None, dtype=object)
    # A number already stored (checked when it was stored) keeps its birth date and gender: no recomputation.
    cache: dict[str, tuple[date | None, str] | str] = dict(snapshot.id_cards(ctx.session))
    for pos in np.flatnonzero((types == "身份证") & pd.notna(id_nos)):
        number = id_nos[pos]
        info = cache.get(number)
        if info is None:
            try:
                card = identity.parse_id_card(number)
                info = (card.birth_date, card.gender)
            except ValueError as err:
                info = "value." + str(err).replace("id.", "id_")
            cache[number] = info
        if isinstance(info, str):
            chk.at(int(pos), "id_no", info)
        else:
            birth[pos], gender[pos] = info
    return {"birth_date": birth, "gender": gender}


def _rms(ctx: Context, chk: FileCheck) -> np.ndarray:
    """The rm column → user ids of RMs (by user name or display name); unknown → unassigned, with a notice."""
    users = snapshot.rm_users(ctx.session)
    col = convert(chk.raw("rm"), text64)
    for pos, err in col.errors:
        chk.at(pos, "rm", err.code, **err.params)
    codes, uniques = col.factorized()
    ids = [users.get(text.lower(), None) for text in uniques]
    unknown = np.array([uid is None or uid == snapshot.AMBIGUOUS for uid in ids] + [False], dtype=bool)
    for row in np.flatnonzero(unknown[codes]):
        chk.at(int(row), "rm", "client.rm_unknown", fatal=False, rm=uniques[codes[row]])
    by_code = np.array([None if bad else uid for uid, bad in zip(ids, unknown, strict=False)] + [None], dtype=object)
    out: np.ndarray = by_code[codes]
    return out


def accounts(ctx: Context, chk: FileCheck) -> pd.DataFrame:
    account_no = chk.column("account_no", text32, required=True)
    client_no = chk.column("client_no", text32, required=True)
    cash = chk.column("cash", parse_amount, required=True)
    assert account_no is not None and client_no is not None and cash is not None
    optional = {
        "credit_limit": chk.column("credit_limit", parse_amount_nonneg),
        "financing_rate": chk.column("financing_rate", parse_rate),
        "short_rate": chk.column("short_rate", parse_rate),
        "opened_on": chk.column("opened_on", parse_date),
        **{line: chk.column(line, parse_line) for line in LINES},
    }
    chk.duplicates([account_no], "account_no", "dup.account")
    stored = ctx.stored_accounts()
    known = [stored.get(no) for no in account_no.values.tolist()]  # None: a new (or blank) account number
    _account_owners(ctx, chk, account_no.values, client_no, known)
    for pos, acc in enumerate(known):
        if acc is not None and acc.state_as_of is not None and acc.state_as_of > ctx.as_of:
            chk.at(pos, "account_no", "account.newer_state", stored=acc.state_as_of.isoformat())
    _line_order(ctx, chk, known, optional)
    return _frame(chk, {"account_no": account_no, "client_no": client_no, "cash": cash, **optional})


def _account_owners(
    ctx: Context, chk: FileCheck, account_nos: np.ndarray, client_col: Column, known: list[StoredAccount | None]
) -> None:
    """The client exists (batch or store), owns at most one account, and an account never changes owner.

    Each row gets at most one of these issues, found per distinct client and reported in row order.
    """
    batch_clients = ctx.done.get("clients")
    in_batch = set(batch_clients.frame["client_no"].dropna()) if batch_clients is not None else set()
    stored_clients = ctx.stored_clients()
    codes, uniques = client_col.factorized()
    rows = np.flatnonzero((codes >= 0) & pd.notna(account_nos))
    exists = np.array([u in in_batch or u in stored_clients for u in uniques], dtype=bool)
    found: list[tuple[int, str, dict[str, Any]]] = [(int(p), "ref.client", {}) for p in rows[~exists[codes[rows]]]]
    rows = rows[exists[codes[rows]]]
    # A client's first row names the account it owns in this file; a later row with another account is a second.
    first = np.full(len(uniques), -1, dtype=np.int64)
    firsts = ~pd.Series(codes[rows]).duplicated().to_numpy()
    first[codes[rows[firsts]]] = rows[firsts]
    owned = account_nos[first[codes[rows]]]
    second = owned != account_nos[rows]
    found += [(int(p), "dup.account_client", {"other": o}) for p, o in zip(rows[second], owned[second], strict=True)]
    rows = rows[~second]
    stored_accounts = ctx.stored_accounts()
    no_of_client = {cid: no for no, cid in stored_clients.items()}
    account_of_client = {acc.client_id: no for no, acc in stored_accounts.items()}
    cids = [stored_clients.get(u) for u in uniques]
    for pos in rows.tolist():
        cid, acc = cids[codes[pos]], known[pos]
        if acc is not None and acc.client_id != cid:
            stored = no_of_client.get(acc.client_id, "?")
            found.append((pos, "ref.account_client_changed", {"stored": stored}))
        elif acc is None and cid is not None and cid in account_of_client:
            found.append((pos, "dup.account_client", {"other": account_of_client[cid]}))
    for pos, code, params in sorted(found, key=lambda f: f[0]):
        chk.at(pos, "client_no", code, **params)


def _line_order(ctx: Context, chk: FileCheck, known: list[StoredAccount | None], lines: dict[str, Any]) -> None:
    """Effective lines (override, else branch default): close-out below warning and target."""
    policy = ctx.policy
    n = len(known)
    checked = np.ones(n, dtype=bool)  # a row whose line cell is itself wrong was reported already
    eff: dict[str, np.ndarray] = {}
    for line in LINES:
        col = lines[line]
        if col is not None:
            values = col.values
            checked[[p for p, _ in col.errors]] = False
        else:
            values = np.array([getattr(acc, line) if acc is not None else None for acc in known], dtype=object)
        eff[line] = np.where(pd.isna(values), ppm(getattr(policy, line)), values).astype(np.int64)
    wrong = checked & ~(eff["closeout_line"] < np.minimum(eff["warning_line"], eff["target_line"]))
    field_name = next((line for line in ("closeout_line", *LINES) if lines[line] is not None), None)
    for pos in np.flatnonzero(wrong):
        shown = {k: f"{from_ppm(int(v[pos])) * 100:.2f}%" for k, v in eff.items()}
        chk.at(
            int(pos),
            field_name,
            "account.line_order",
            warning=shown["warning_line"],
            closeout=shown["closeout_line"],
            target=shown["target_line"],
        )
