"""A real, throw-away PostgreSQL server for the tests marked `postgres` (started once per test session)."""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path


def _bin(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return candidates[-1] if candidates else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class PostgresServer:
    """initdb + pg_ctl in a temporary directory, trust auth on 127.0.0.1 only; stopped by ``stop``."""

    def __init__(self) -> None:
        initdb, pg_ctl = _bin("initdb"), _bin("pg_ctl")
        if not initdb or not pg_ctl:
            raise RuntimeError("PostgreSQL server binaries (initdb, pg_ctl) not found; install Debian 'postgresql'")
        self.pg_ctl = pg_ctl
        self.port = _free_port()
        self.root = Path(tempfile.mkdtemp(prefix="rmdesk-pg-"))
        self.data = self.root / "data"
        self.run_as: list[str] = []
        if os.geteuid() == 0:  # initdb refuses to run as root
            user = "postgres"
            try:
                info = pwd.getpwnam(user)
            except KeyError:
                raise RuntimeError("running as root and no 'postgres' user to run the server") from None
            os.chown(self.root, info.pw_uid, info.pw_gid)
            self.run_as = ["runuser", "-u", user, "--"]
        self._run([initdb, "-D", str(self.data), "-A", "trust", "-U", "rmdesk", "-E", "UTF8", "--no-locale"])
        opts = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off"
        self._run([pg_ctl, "-D", str(self.data), "-o", opts, "-l", str(self.root / "log"), "-w", "start"])
        self._counter = 0

    def _run(self, cmd: list[str]) -> None:
        subprocess.run([*self.run_as, *cmd], check=True, capture_output=True, timeout=120)

    def new_database(self) -> str:
        """A fresh, empty database; returns its SQLAlchemy URL."""
        import psycopg2

        self._counter += 1
        name = f"t{os.getpid()}_{self._counter}_{int(time.time() * 1000) % 100000}"
        conn = psycopg2.connect(host="127.0.0.1", port=self.port, user="rmdesk", dbname="postgres")
        conn.autocommit = True
        with conn.cursor() as cur:
            cur.execute(f'CREATE DATABASE "{name}"')
        conn.close()
        return f"postgresql+psycopg2://rmdesk@127.0.0.1:{self.port}/{name}"

    def stop(self) -> None:
        subprocess.run([*self.run_as, self.pg_ctl, "-D", str(self.data), "-m", "immediate", "stop"],
                       capture_output=True, timeout=60, check=False)
        shutil.rmtree(self.root, ignore_errors=True)
