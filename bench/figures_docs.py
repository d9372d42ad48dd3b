"""Documents: 1,000 statements on 2 cores vs bare reportlab, and 100 disclosure letters vs LibreOffice.

rmdesk's side is its own batch, rmdesk.services.documents.run_batch (report data from the engine, rendering in
a 2-process pool, document numbers, register rows and SHA-256, commit), on a copy of the book. The statements'
baseline renders the same StatementData with bare reportlab and no chart in the same 2-process pool; the
letters' peer is LibreOffice converting the same letters, mail-merged as .docx, in one headless call.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from bench.context import Bench
from bench.harness import CACHE, Measured, Skip, Target, figure, measure, timed
from rmdesk.store.db import Database, open_database

WORKERS = 2


def _open(bench: Bench, name: str) -> tuple[Database, Path]:
    path = bench.book.copy_to(bench.scratch(name) / "book.sqlite3")
    return open_database(f"sqlite:///{path}"), path


# ---- the baseline's worker side (module level: pickled into the pool) --------------------------------------------


def _render_bare(job: tuple[Any, str]) -> int:
    from bench.bare_reportlab import render_bare

    data, out = job
    return render_bare(data, Path(out))


def pool_render_bare(items: Sequence[Any], out: Path) -> int:
    """Render ``items`` with bare reportlab in a 2-process pool (pool start-up included); the pages."""
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    jobs = [(d, str(out / f"{i:05d}.pdf")) for i, d in enumerate(items)]
    with ProcessPoolExecutor(WORKERS) as pool:
        return sum(pool.map(_render_bare, jobs, chunksize=4))


# ---- statements -------------------------------------------------------------------------------------------------


@figure("statements", "statements batch (N on 2 cores)", "stmt/s", Target(min=20), baseline="bare reportlab", order=60)
def statements(bench: Bench) -> Measured:
    from bench import docs_data

    db, _ = _open(bench, "statements")
    out = bench.scratch("statements") / "out"
    try:
        with db.sessions() as s:
            accounts = docs_data.pick_accounts(s, bench.sizes.statements)
        batches: list[Any] = []
        _, profile = measure(
            lambda: batches.append(service_batch(db, "statement", accounts, out)), bench.sizes.statement_reps
        )
        with db.sessions() as s:
            data = docs_data.statements(s, accounts, bench.book.as_of)
        base, bare_pages = [], 0
        for _ in range(bench.sizes.statement_reps):
            seconds, bare_pages = timed(lambda: pool_render_bare(data, out))
            base.append(len(data) / seconds)
    finally:
        db.dispose()
    samples = [len(accounts) / b.seconds for b in batches]
    pages = batches[0].pages
    split = _split(batches)
    note = (
        f"{len(accounts)} statements, {pages} pages (bare: {bare_pages}, no chart), rmdesk.services.documents"
        f".run_batch incl. register and SHA-256, {len(samples)} runs; main process (mean s): "
        + ", ".join(f"{k} {v}" for k, v in split.items())
    )

    def prepare() -> Callable[[], Any]:
        from rmdesk.reports.charts import ChartRenderer
        from rmdesk.reports.statement import render_statement

        chart = ChartRenderer()
        few = data[:50]
        target = bench.scratch("statements-profile") / "x.pdf"
        return lambda: [render_statement(d, target, chart=chart) for d in few]

    extra = {"statements": len(accounts), "pages": pages, "bare_pages": bare_pages, "main_process": split}
    return Measured(samples, base, note=note, extra=extra, profile=_with_render_note(profile), profile_fn=prepare)


def _split(batches: Sequence[Any]) -> dict[str, float]:
    """Where the batch's main process spent its time (the service's own timings), mean over the runs."""
    keys = sorted({k for b in batches for k in b.timings})
    return {k: round(sum(b.timings.get(k, 0.0) for b in batches) / len(batches), 2) for k in keys}


def _with_render_note(sampled: str) -> str:
    return (
        "Main process of the batch, sampled (rendering runs in the 2 worker processes: see the cProfile of "
        "in-process rendering below)\n" + sampled
    )


def service_batch(db: Database, kind: str, account_ids: Sequence[int], out: Path) -> Any:
    """rmdesk's own batch (BatchResult) for the clients of ``account_ids``, one PDF per client, committed."""
    from sqlalchemy import select

    from bench.figures_import import book_actor
    from rmdesk.services import documents
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
    selection = documents.parse_filter("clients=" + ",".join(numbers))
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    result = documents.run_batch(db.sessions, kind, selection, out, False, book_actor(db), NullProgress())
    if len(result.documents) != len(account_ids):
        raise RuntimeError(f"the batch made {len(result.documents)} of {len(account_ids)} documents: {result.skipped}")
    return result


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

    db, _ = _open(bench, "letters")
    out = bench.scratch("letters") / "rmdesk"
    try:
        with db.sessions() as s:
            accounts = docs_data.pick_accounts(s, bench.sizes.letters)
            letters = docs_data.disclosures(s, accounts, bench.book.as_of)
        batches: list[Any] = []
        _, profile = measure(
            lambda: batches.append(service_batch(db, "disclosure", accounts, out)), bench.sizes.letter_reps
        )
    finally:
        db.dispose()
    samples = [b.seconds for b in batches]
    pages = batches[0].pages
    how = f"rmdesk.services.documents.run_batch incl. register and SHA-256, {len(samples)} runs"
    extra: dict[str, Any] = {"letters": len(letters), "rmdesk_pages": pages, "main_process": _split(batches)}

    def prepare() -> Callable[[], Any]:
        from rmdesk.reports.disclosure import render_disclosure

        target = bench.scratch("letters-profile") / "x.pdf"
        return lambda: [render_disclosure(d, target) for d in letters[:20]]

    try:
        soffice = ensure_soffice(bench)
    except Skip as skip:
        note = f"{len(letters)} letters ({pages} pages), {how}; LibreOffice not measured: {skip}"
        return Measured(samples, note=note, extra=extra, profile=_with_render_note(profile), profile_fn=prepare)
    docx = write_letters(letters, bench.scratch("letters") / "docx")
    lo_out = bench.scratch("letters") / "lo"
    if not bench.smoke:  # warm-up: LibreOffice's user profile already exists on a branch PC
        soffice_convert(soffice, docx[:1], lo_out)
    base = [soffice_convert(soffice, docx, lo_out)]
    extra["libreoffice_pages"] = pdf_pages(sorted(lo_out.glob("*.pdf")))
    speedup = base[0] / sorted(samples)[len(samples) // 2]
    note = (
        f"{len(letters)} letters: rmdesk {pages} pages ({how}) is {speedup:.1f}× faster than LibreOffice "
        f"({extra['libreoffice_pages']} pages from mail-merged .docx in one soffice call, 1 run after a warm-up; "
        f"writing the .docx not counted); target ratio ≤ 0.25 = rmdesk ≥ 4× faster"
    )
    return Measured(samples, base, note=note, extra=extra, profile=_with_render_note(profile), profile_fn=prepare)
