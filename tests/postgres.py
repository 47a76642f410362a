"""A throw-away PostgreSQL cluster on a free loopback port, for tests that need the real server."""
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


@contextmanager
def postgres_cluster() -> Iterator[str]:
    """Yield a server URL (no database part); the cluster is stopped and removed afterwards."""
    as_user: list[str] = []
    owner = None
    if os.geteuid() == 0:  # initdb refuses to run as root
        owner = pwd.getpwnam("postgres")
        as_user = ["runuser", "-u", "postgres", "--"]
    root = tempfile.mkdtemp(prefix="roles-pg-")
    data = os.path.join(root, "data")
    if owner:
        os.chown(root, owner.pw_uid, owner.pw_gid)
    port = free_port()
    run = lambda *cmd: subprocess.run([*as_user, *cmd], check=True, capture_output=True, text=True)  # noqa: E731
    try:
        run(_pg_bin("initdb"), "-D", data, "-U", "roles", "--auth=trust", "-E", "UTF8", "--no-sync")
        run(
            _pg_bin("pg_ctl"), "-D", data, "-w", "-t", "60", "-l", os.path.join(root, "log"),
            "-o", f"-c listen_addresses=127.0.0.1 -p {port} -k {root} -c fsync=off", "start",
        )
        yield f"postgresql+psycopg2://roles@127.0.0.1:{port}"
    finally:
        subprocess.run([*as_user, _pg_bin("pg_ctl"), "-D", data, "-m", "immediate", "stop"], capture_output=True)
        shutil.rmtree(root, ignore_errors=True)


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
