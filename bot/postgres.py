"""A throw-away PostgreSQL cluster on a free loopback port: for the tests that need the real server, and for
`make run-cluster` when no PostgreSQL URL is given."""
from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg2

from bot.net import free_port


def _pg_bin(name: str) -> str:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    path = found[-1] if found else shutil.which(name)
    if not path:
        raise RuntimeError(f"PostgreSQL's {name} was not found: install Debian's 'postgresql' package "
                           "(make test does: scripts/doctor)")
    return path


class PostgresCluster:
    """A throw-away cluster in its own directory, on a free loopback port: started, stopped and started again
    (the tests take it down to see the assistant through an outage), removed at the end."""

    def __init__(self) -> None:
        self._as_user: list[str] = []
        owner = None
        if os.geteuid() == 0:  # initdb refuses to run as root
            owner = pwd.getpwnam("postgres")
            self._as_user = ["runuser", "-u", "postgres", "--"]
        self.root = tempfile.mkdtemp(prefix="roles-pg-")
        self.data = os.path.join(self.root, "data")
        if owner:
            os.chown(self.root, owner.pw_uid, owner.pw_gid)
        self.port = free_port()
        self._run(_pg_bin("initdb"), "-D", self.data, "-U", "roles", "--auth=trust", "-E", "UTF8", "--no-sync")
        self.url = f"postgresql+psycopg2://roles@127.0.0.1:{self.port}"

    def _run(self, *command: str) -> None:
        subprocess.run([*self._as_user, *command], check=True, capture_output=True, text=True)

    def start(self) -> None:
        self._run(_pg_bin("pg_ctl"), "-D", self.data, "-w", "-t", "60", "-l", os.path.join(self.root, "log"),
                  "-o", f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.root} -c fsync=off "
                  "-c max_connections=200", "start")

    def stop(self) -> None:
        subprocess.run([*self._as_user, _pg_bin("pg_ctl"), "-D", self.data, "-m", "immediate", "stop"],
                       capture_output=True)

    def remove(self) -> None:
        self.stop()
        shutil.rmtree(self.root, ignore_errors=True)


@contextmanager
def postgres_cluster() -> Iterator[str]:
    """Yield a server URL (no database part); the cluster is stopped and removed afterwards."""
    with running_postgres() as cluster:
        yield cluster.url


@contextmanager
def running_postgres() -> Iterator[PostgresCluster]:
    cluster = PostgresCluster()
    try:
        cluster.start()
        yield cluster
    finally:
        cluster.remove()


def create_database(server_url: str) -> str:
    """A new empty database on the cluster; returns its URL."""
    name = "t_" + uuid.uuid4().hex[:12]
    host_port = server_url.split("@", 1)[1]
    host, port = host_port.split(":")
    deadline = time.monotonic() + 30
    while True:
        try:
            conn = psycopg2.connect(host=host, port=int(port), user="roles", dbname="postgres")
            break
        except psycopg2.OperationalError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute(f'CREATE DATABASE "{name}"')
    conn.close()
    return f"{server_url}/{name}"
