"""Documents: 1,000 statements on 2 cores vs bare reportlab, and 100 disclosure letters vs LibreOffice.

rmdesk's side is its document batch (rmdesk.services.documents.run_batch: data from the engine, rendering in a
2-process pool, register and SHA-256) when that service is in the tree; before it lands, the same steps are
done here with rmdesk.reports' renderers (one ChartRenderer per worker) and the row says so.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from bench.context import Bench
from bench.harness import CACHE, Measured, Skip, Target, figure, timed
from rmdesk.store.db import Database, open_database

WORKERS = 2


def _documents_service() -> Any | None:
    """rmdesk.services.documents when it offers the batch (else None: the fallback path)."""
    try:
        from rmdesk.services import documents
    except ImportError:
        return None
    return documents if hasattr(documents, "run_batch") and hasattr(documents, "parse_filter") else None


def _open(bench: Bench, name: str) -> tuple[Database, Path]:
    path = bench.book.copy_to(bench.scratch(name) / "book.sqlite3")
    return open_database(f"sqlite:///{path}"), path


# ---- worker side (module level: pickled into the pool) ------------------------------------------------------------

_CHART: Any = None


def _init_worker() -> None:
    global _CHART  # noqa: PLW0603 — one chart renderer per worker process, reused across its documents
    from rmdesk.reports.charts import ChartRenderer

    _CHART = ChartRenderer()


def _render(job: tuple[str, Any, str]) -> tuple[str, int]:
    kind, data, out = job
    if kind == "statement":
        from rmdesk.reports.statement import render_statement

        pages = render_statement(data, Path(out), chart=_CHART).pages
    elif kind == "disclosure":
        from rmdesk.reports.disclosure import render_disclosure

        pages = render_disclosure(data, Path(out)).pages
    else:
        from bench.bare_reportlab import render_bare

        pages = render_bare(data, Path(out))
    return out, pages


def pool_render(kind: str, items: Sequence[Any], out: Path, *, hash_files: bool) -> tuple[int, list[str]]:
    """Render ``items`` in a 2-process pool (pool start-up included); pages and SHA-256 per file."""
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    jobs = [(kind, d, str(out / f"{i:05d}.pdf")) for i, d in enumerate(items)]
    init = None if kind == "bare" else _init_worker
    pages = 0
    digests = []
    with ProcessPoolExecutor(WORKERS, initializer=init) as pool:
        for path, n in pool.map(_render, jobs, chunksize=4):
            pages += n
            if hash_files:
                digests.append(hashlib.sha256(Path(path).read_bytes()).hexdigest())
    return pages, digests


# ---- statements -------------------------------------------------------------------------------------------------


@figure("statements", "statements batch (N on 2 cores)", "stmt/s", Target(min=20), baseline="bare reportlab", order=60)
def statements(bench: Bench) -> Measured:
    from bench import docs_data

    n = bench.sizes.statements
    db, _ = _open(bench, "statements")
    out = bench.scratch("statements") / "out"
    try:
        with db.sessions() as s:
            accounts = docs_data.pick_accounts(s, n)
        documents = _documents_service()
        samples, pages = [], 0
        for _ in range(bench.sizes.statement_reps):
            if documents is not None:
                seconds, pages = _service_batch(db, documents, "statement", accounts, out, bench)
            else:

                def run() -> int:
                    with db.sessions() as s:
                        data = docs_data.statements(s, accounts, bench.book.as_of)
                    return pool_render("statement", data, out, hash_files=True)[0]

                seconds, pages = timed(run)
            samples.append(len(accounts) / seconds)
        with db.sessions() as s:
            data = docs_data.statements(s, accounts, bench.book.as_of)
        base = []
        bare_pages = 0
        for _ in range(bench.sizes.statement_reps):
            seconds, (bare_pages, _) = timed(lambda: pool_render("bare", data, out, hash_files=False))
            base.append(len(accounts) / seconds)
    finally:
        db.dispose()
    how = (
        "rmdesk.services.documents.run_batch (data, render, register, SHA-256)"
        if documents is not None
        else "documents service not in the tree yet: engine data + rmdesk.reports.render_statement in a 2-process "
        "pool + SHA-256, no register"
    )
    note = (
        f"{len(accounts)} statements, {pages} pages ({bare_pages} bare, no chart); {how}; "
        f"{bench.sizes.statement_reps} runs"
    )

    def prepare() -> Callable[[], Any]:
        from rmdesk.reports.charts import ChartRenderer
        from rmdesk.reports.statement import render_statement

        chart = ChartRenderer()
        few = data[: min(len(data), 100)]
        target = bench.scratch("statements-profile") / "x.pdf"
        return lambda: [render_statement(d, target, chart=chart) for d in few]

    return Measured(
        samples,
        base,
        note=note,
        extra={"statements": len(accounts), "pages": pages, "bare_pages": bare_pages, "service": documents is not None},
        profile_fn=prepare,
    )


def _service_batch(
    db: Database, documents: Any, kind: str, account_ids: Sequence[int], out: Path, bench: Bench
) -> tuple[float, int]:
    """Seconds and pages of rmdesk's own batch for the clients of ``account_ids``, commit included."""
    from sqlalchemy import select

    from bench.figures_import import book_actor
    from rmdesk.services.progress import NullProgress
    from rmdesk.store.models import Client, CreditAccount

    with db.sessions() as s:
        numbers = list(
            s.execute(
                select(Client.client_no)
                .join(CreditAccount, CreditAccount.client_id == Client.id)
                .where(CreditAccount.id.in_(list(account_ids)))
            ).scalars()
        )
    actor = book_actor(db)
    selection = documents.parse_filter("clients=" + ",".join(numbers))
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)

    def run() -> Any:
        return documents.run_batch(db.sessions, kind, selection, out, False, actor, NullProgress())

    seconds, result = timed(run)
    pages = getattr(result, "pages", None)
    if pages is None:
        pages = sum(getattr(d, "pages", 0) for d in getattr(result, "documents", ()))
    return seconds, int(pages)


# ---- the peer: LibreOffice converting mail-merged .docx letters ------------------------------------------------------


def ensure_soffice(bench: Bench) -> str:
    """The soffice binary, installing libreoffice-writer-nogui (Debian) when missing; Skip when impossible."""
    found = shutil.which("soffice")
    if found:
        return found
    if not bench.install:
        raise Skip("LibreOffice (soffice) is not installed and --no-install was given")
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        raise Skip("LibreOffice (soffice) is not installed and this user cannot apt-get install it")
    bench.log("installing libreoffice-writer-nogui for the peer figure (apt-get) …")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for cmd in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", "libreoffice-writer-nogui"]):
        proc = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False, timeout=900)
        if proc.returncode != 0:
            raise Skip(f"LibreOffice could not be installed ({' '.join(cmd[:2])}: {proc.stderr.strip()[-300:]})")
    found = shutil.which("soffice")
    if not found:
        raise Skip("libreoffice-writer-nogui installed but soffice is not on PATH")
    return found


def merge_values(data: Any) -> dict[str, str]:
    """The disclosure template's merge fields for one letter, as rmdesk's renderer fills them."""
    try:
        from rmdesk.reports.disclosure import merge_values as rmdesk_values

        return dict(rmdesk_values(data))
    except ImportError:
        pass
    from rmdesk.reports.formatting import cn_date, percent

    c, b = data.client, data.branch
    return {
        "client_name": c.name,
        "client_no": c.client_no,
        "account_no": c.account_no or "",
        "id_masked": c.id_masked,
        "phone_masked": c.phone_masked,
        "branch_name": b.name,
        "branch_address": b.address,
        "branch_phone": b.phone,
        "date": cn_date(data.letter_date),
        "rm_name": c.rm_name,
        "rm_phone": c.rm_phone,
        "warning_line": percent(data.lines.warning),
        "closeout_line": percent(data.lines.closeout),
        "target_line": percent(data.lines.target),
    }


def write_letters(letters: Sequence[Any], folder: Path) -> list[Path]:
    """The mail merge: one .docx per letter from rmdesk's disclosure template."""
    from bench.docx_merge import write_docx
    from rmdesk.reports.disclosure_template import load_template, merge_text

    template = load_template()
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    paths = []
    for i, data in enumerate(letters):
        values = merge_values(data)
        blocks = [(b.kind, merge_text(b, values)) for b in template.blocks]
        paths.append(write_docx(folder / f"letter_{i:05d}.docx", blocks))
    return paths


def soffice_convert(soffice: str, docs: Sequence[Path], out: Path) -> float:
    """Seconds of one headless LibreOffice call converting every .docx to PDF."""
    profile = CACHE / "lo-profile"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    cmd = [
        soffice,
        f"-env:UserInstallation=file://{profile}",
        "--headless",
        "--convert-to",
        "pdf",
        "--outdir",
        str(out),
        *map(str, docs),
    ]
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False, timeout=600)
    seconds = time.perf_counter() - start
    made = list(out.glob("*.pdf"))
    if proc.returncode != 0 or len(made) != len(docs):
        raise RuntimeError(
            f"soffice made {len(made)} of {len(docs)} PDFs (exit {proc.returncode}): {proc.stderr[-500:]}"
        )
    return seconds


def pdf_pages(paths: Sequence[Path]) -> int:
    from pypdf import PdfReader

    return sum(len(PdfReader(p).pages) for p in paths)


@figure(
    "peer_letters",
    "N disclosure letters: rmdesk batch vs LibreOffice",
    "s",
    Target(max_ratio=0.25),
    baseline="LibreOffice .docx",
    order=70,
)
def peer_letters(bench: Bench) -> Measured:
    from bench import docs_data

    n = bench.sizes.letters
    db, _ = _open(bench, "letters")
    out = bench.scratch("letters") / "rmdesk"
    try:
        with db.sessions() as s:
            accounts = docs_data.pick_accounts(s, n)
            letters = docs_data.disclosures(s, accounts, bench.book.as_of)
        documents = _documents_service()
        samples, pages = [], 0
        for _ in range(bench.sizes.letter_reps):
            if documents is not None:
                seconds, pages = _service_batch(db, documents, "disclosure", accounts, out, bench)
            else:

                def run(accts: Sequence[int] = accounts) -> int:
                    with db.sessions() as s:
                        data = docs_data.disclosures(s, accts, bench.book.as_of)
                    return pool_render("disclosure", data, out, hash_files=True)[0]

                seconds, pages = timed(run)
            samples.append(seconds)
    finally:
        db.dispose()
    how = (
        "rmdesk.services.documents.run_batch incl. register and SHA-256"
        if documents is not None
        else "documents service not in the tree yet: rmdesk.reports.render_disclosure in a 2-process pool + SHA-256"
    )
    extra: dict[str, Any] = {"letters": len(letters), "rmdesk_pages": pages}
    base: list[float] = []
    try:
        soffice = ensure_soffice(bench)
    except Skip as skip:
        note = f"{len(letters)} letters ({pages} pages), {how}; LibreOffice not measured: {skip}"
        return Measured(samples, note=note, extra=extra)
    docx = write_letters(letters, bench.scratch("letters") / "docx")
    lo_out = bench.scratch("letters") / "lo"
    if not bench.smoke:  # warm-up: LibreOffice's user profile already exists on a branch PC
        soffice_convert(soffice, docx[:1], lo_out)
    base.append(soffice_convert(soffice, docx, lo_out))
    extra["libreoffice_pages"] = pdf_pages(sorted(lo_out.glob("*.pdf")))
    note = (
        f"{len(letters)} letters: rmdesk {pages} pages ({how}, {len(samples)} runs); LibreOffice "
        f"{extra['libreoffice_pages']} pages from mail-merged .docx in one soffice call (1 run after a warm-up; "
        f"writing the .docx not counted); ratio < 0.25 = rmdesk ≥ 4× faster"
    )
    return Measured(samples, base, note=note, extra=extra)
