"""What every figure function receives: the run's sizes, the cached reference book, a scratch folder."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.refbook import Book, exported_files, get_book


@dataclass(frozen=True)
class Sizes:
    """How big the book is and how many times each figure is measured."""

    clients: int
    reps: int  # cheap figures (import, scan, their baselines)
    cold_reps: int  # fresh-process GUI start-ups (and their baseline)
    keystrokes: int  # search keystrokes timed per GUI process
    statements: int  # statements per batch
    statement_reps: int
    letters: int  # disclosure letters for the peer comparison
    letter_reps: int  # rmdesk's batch of letters (LibreOffice runs once: 1 rep, said in the row)

    @classmethod
    def full(cls) -> Sizes:
        return cls(
            clients=20_000,
            reps=3,
            cold_reps=5,
            keystrokes=40,
            statements=1000,
            statement_reps=2,
            letters=100,
            letter_reps=3,
        )

    @classmethod
    def smoke(cls) -> Sizes:
        return cls(
            clients=100, reps=1, cold_reps=1, keystrokes=5, statements=6, statement_reps=1, letters=3, letter_reps=1
        )

    def with_clients(self, n: int) -> Sizes:
        return dataclasses.replace(self, clients=n)

    def single(self) -> Sizes:
        """One repetition of everything (a profiling run)."""
        return dataclasses.replace(self, reps=1, cold_reps=1, statement_reps=1, letter_reps=1)

    def as_dict(self) -> dict[str, int]:
        return dataclasses.asdict(self)


@dataclass
class Bench:
    sizes: Sizes
    seed: int
    smoke: bool
    work: Path
    rebuild: bool = False
    install: bool = True
    log: Callable[[str], None] = print
    _book: Book | None = field(default=None, repr=False)
    _files: Path | None = field(default=None, repr=False)
    cache: dict[str, Any] = field(default_factory=dict, repr=False)  # shared between figures of one run

    @property
    def book(self) -> Book:
        """The reference book (built with `rmdesk demo` on first use unless cached for this code version)."""
        if self._book is None:
            self._book = get_book(self.sizes.clients, self.seed, rebuild=self.rebuild, log=self.log)
        return self._book

    @property
    def files(self) -> Path:
        """The book exported as import files (SPEC §7)."""
        if self._files is None:
            self._files = exported_files(self.book)
        return self._files

    def scratch(self, name: str) -> Path:
        path = self.work / name
        path.mkdir(parents=True, exist_ok=True)
        return path

    def single(self) -> Bench:
        """This bench with one repetition of everything, sharing the book (for a profiling run)."""
        return dataclasses.replace(self, sizes=self.sizes.single(), rebuild=False)

    def book_facts(self) -> dict[str, Any] | None:
        b = self._book
        if b is None:
            return None
        return {
            "clients": b.clients,
            "seed": b.seed,
            "code_version": b.version,
            "as_of": b.as_of.isoformat(),
            "size_mb": b.size_mb,
            "counts": b.counts,
            "built_at": b.built_at,
            "fresh": b.fresh,
        }

    def close(self) -> None:
        pass
