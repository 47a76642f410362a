"""`make run-cluster`: the same assistant as several instances behind a load balancer, on Rasa's own pieces.

INSTANCES Rasa servers (default 2), each with its own action server, on free loopback ports; HAProxy in front
where `make run`'s Rasa listens (127.0.0.1:5005), configured from bot/deploy/haproxy.cfg; Redis as Rasa's lock
store, so two instances never handle one conversation at once; PostgreSQL as tracker store and role database,
so every instance sees the whole conversation. Redis and PostgreSQL are throw-away servers under var/cluster
unless REDIS_URL, TRACKER_DB_URL and ROLE_DB_URL name running ones (PostgreSQL URLs). `make train` hands a new
model to each instance in turn, taking it out of the balancer while it loads (`roll_out`).
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from string import Template
from urllib.parse import urlsplit

from bot.config import PROJECT_ROOT, VAR_DIR, rasa_process_env, rasa_token
from bot.net import free_port
from bot.postgres import PostgresCluster
from bot.serve import (
    Stack,
    forget_endpoints,
    start_action_server,
    start_demo_site,
    start_rasa_server,
    wait_until_up,
)

HAPROXY_TEMPLATE = PROJECT_ROOT / "bot" / "deploy" / "haproxy.cfg"
STATE_FILE = VAR_DIR / "cluster.json"
DEFAULT_INSTANCES = 2


class ClusterConfigError(ValueError):
    """A setting the cluster cannot start with; the message is one line naming the variable."""


@dataclass(frozen=True)
class Instance:
    name: str
    rasa_url: str
    actions_url: str


@dataclass
class Cluster:
    """The running cluster: the balancer's URL, the instances behind it, and every process, stopped together."""

    balancer_url: str
    instances: list[Instance]
    token: str
    admin_socket: Path
    redis_url: str
    tracker_db: str
    role_db: str
    stack: Stack
    redis: subprocess.Popen | None = None
    # The throw-away PostgreSQL server, when the cluster started one (tests take it down and up again).
    postgres: PostgresCluster | None = None
    workdir: Path | None = None

    def stop(self) -> None:
        self.stack.stop()

    def set_state(self, instance: Instance, state: str) -> str:
        """Put an instance in or out of rotation: "drain" (no new requests) or "ready"."""
        return haproxy_command(self.admin_socket, f"set server rasa/{instance.name} state {state}")

    def state(self) -> dict[str, object]:
        return {"balancer_url": self.balancer_url, "token": self.token, "admin_socket": str(self.admin_socket),
                "instances": [vars(i) for i in self.instances]}


def check_settings(instances: str, redis_url: str, tracker_db: str, role_db: str) -> int:
    """The number of instances, once every setting is usable; else ClusterConfigError naming the variable."""
    try:
        count = int(instances)
    except ValueError:
        raise ClusterConfigError(f"INSTANCES: not a number: {instances!r}") from None
    if not 1 <= count <= 16:
        raise ClusterConfigError(f"INSTANCES: {count} is out of range (1 to 16 instances)")
    if redis_url:
        parts = urlsplit(redis_url)
        if parts.scheme != "redis" or not parts.hostname:
            raise ClusterConfigError(f"REDIS_URL: expected redis://HOST:PORT/DB, got {redis_url!r}")
        try:
            parts.port  # noqa: B018 - raises on a port that is no number
        except ValueError:
            raise ClusterConfigError(f"REDIS_URL: the port is not a number in {redis_url!r}") from None
        if parts.path.strip("/") and not parts.path.strip("/").isdigit():
            raise ClusterConfigError(f"REDIS_URL: the database must be a number, not {parts.path.strip('/')!r}")
    for name, url in (("TRACKER_DB_URL", tracker_db), ("ROLE_DB_URL", role_db)):
        if url and not url.startswith(("postgresql://", "postgresql+psycopg2://")):
            raise ClusterConfigError(f"{name}: the instances share it, so it must be a PostgreSQL URL "
                                     f"(postgresql://USER@HOST:PORT/DB), not {url.split(':', 1)[0]}")
    return count


def lock_store_endpoint(redis_url: str) -> dict[str, object]:
    """Rasa's endpoint for the Redis lock store (its `url` is the host), with atomic tickets (bot/lock_store.py)."""
    parts = urlsplit(redis_url)
    endpoint: dict[str, object] = {"type": "bot.lock_store.AtomicRedisLockStore", "url": parts.hostname,
                                   "port": parts.port or 6379, "db": int(parts.path.strip("/") or 0),
                                   "key_prefix": "roles"}
    if parts.password:
        endpoint["password"] = parts.password
    return endpoint


COMPOSE_HAPROXY = PROJECT_ROOT / "bot" / "deploy" / "haproxy.compose.cfg"


def compose_haproxy_config() -> str:
    """The balancer of docker-compose.yml: the same template, with the compose file's two Rasa services."""
    return ("# Made from bot/deploy/haproxy.cfg by `python -m bot.cluster --compose-haproxy`; a test keeps them "
            "equal.\n" + haproxy_config("*:5005", [("rasa1", "rasa1:5005"), ("rasa2", "rasa2:5005")],
                                        Path("/tmp/haproxy-admin.sock")))


def haproxy_config(bind: str, servers: list[tuple[str, str]], admin_socket: Path) -> str:
    lines = "\n".join(f"    server {name} {address} check inter 2s fall 3 rise 2" for name, address in servers)
    return Template(HAPROXY_TEMPLATE.read_text(encoding="utf-8")).substitute(
        bind=bind, rasa_servers=lines, admin_socket=str(admin_socket))


def haproxy_command(admin_socket: Path, command: str) -> str:
    """One command on HAProxy's runtime API (its admin socket); returns its answer."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
        conn.settimeout(5)
        conn.connect(str(admin_socket))
        conn.sendall(command.encode() + b"\n")
        chunks = []
        while chunk := conn.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks).decode()


def start_redis(workdir: Path, log: Path | None = None, port: int | None = None) -> tuple[subprocess.Popen, str]:
    """A throw-away Redis on a free loopback port (or the one given): nothing saved to disk."""
    binary = shutil.which("redis-server")
    if binary is None:
        raise RuntimeError("redis-server was not found: install Debian's 'redis-server' package "
                           "(make test and make run-cluster do: scripts/doctor --install)")
    port = port or free_port()
    out = open(log, "ab") if log else subprocess.DEVNULL  # noqa: SIM115 - the child process owns it
    process = subprocess.Popen([binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly",
                                "no", "--dir", str(workdir)], stdout=out, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"redis-server exited with status {process.returncode} while starting")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as conn:
                conn.sendall(b"PING\r\n")
                if conn.recv(16).startswith(b"+PONG"):
                    return process, f"redis://127.0.0.1:{port}/0"
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError(f"redis-server did not answer on 127.0.0.1:{port}")


def start_haproxy(config: Path, log: Path | None = None) -> subprocess.Popen:
    binary = shutil.which("haproxy") or ("/usr/sbin/haproxy" if Path("/usr/sbin/haproxy").exists() else None)
    if binary is None:
        raise RuntimeError("haproxy was not found: install Debian's 'haproxy' package "
                           "(make test and make run-cluster do: scripts/doctor --install)")
    subprocess.run([binary, "-c", "-q", "-f", str(config)], check=True)
    out = open(log, "ab") if log else subprocess.DEVNULL  # noqa: SIM115 - the child process owns it
    return subprocess.Popen([binary, "-db", "-f", str(config)], stdout=out, stderr=subprocess.STDOUT)


@contextmanager
def running_cluster(model: Path, workdir: Path, *, instances: int = DEFAULT_INSTANCES, token: str = "cluster",
                    balancer: str = "127.0.0.1:5005", tracker_db: str = "", role_db: str = "", redis_url: str = "",
                    timeout: float = 300) -> Iterator[Cluster]:
    """Start everything, wait until the balancer answers, and stop everything on exit (or on a failed start).

    Without `tracker_db` and `role_db`, a throw-away PostgreSQL cluster in `workdir` holds both (the catalogue
    is loaded into it); without `redis_url`, a throw-away Redis.
    """
    from bot.postgres import create_database, running_postgres
    from bot.roles.occupations import load_default_catalogue

    with ExitStack() as services:
        server = None
        if not (tracker_db and role_db):
            server = services.enter_context(running_postgres())
            tracker_db = tracker_db or create_database(server.url)
            role_db = role_db or create_database(server.url)
        load_default_catalogue(role_db)
        stack = Stack(f"http://{balancer}", "", token, tracker_db, log_dir=workdir)
        services.callback(stack.stop)
        redis = None
        if not redis_url:
            redis, redis_url = start_redis(workdir, workdir / "redis.log")
            stack.add("Redis", redis)
        env = rasa_process_env({"ROLE_DB_URL": role_db})
        members: list[Instance] = []
        for number in range(1, instances + 1):
            name, rasa_port, actions_port = f"rasa{number}", free_port(), free_port()
            member = Instance(name, f"http://127.0.0.1:{rasa_port}", f"http://127.0.0.1:{actions_port}")
            stack.add(f"action server {number}", start_action_server(
                actions_port, log=workdir / f"actions{number}.log", env=env))
            stack.add(f"Rasa server {number}", start_rasa_server(
                model, rasa_port, member.actions_url, token, log=workdir / f"rasa{number}.log", env=env,
                tracker_db=tracker_db, lock_store=lock_store_endpoint(redis_url)))
            members.append(member)
        processes = dict(zip(stack.names.values(), stack.processes, strict=True))
        for number, member in enumerate(members, start=1):
            wait_until_up(f"{member.actions_url}/health", processes[f"action server {number}"],
                          f"action server {number}", timeout)
            wait_until_up(f"{member.rasa_url}/status?token={token}", processes[f"Rasa server {number}"],
                          f"Rasa server {number}", timeout)
            forget_endpoints(processes[f"Rasa server {number}"])
        admin_socket = workdir / "haproxy.sock"
        config = workdir / "haproxy.cfg"
        config.write_text(haproxy_config(balancer, [(m.name, m.rasa_url.removeprefix("http://")) for m in members],
                                         admin_socket), encoding="utf-8")
        haproxy = stack.add("HAProxy", start_haproxy(config, workdir / "haproxy.log"))
        wait_until_up(f"http://{balancer}/", haproxy, "load balancer", 30)
        cluster = Cluster(f"http://{balancer}", members, token, admin_socket, redis_url, tracker_db, role_db,
                          stack, redis=redis, postgres=server, workdir=workdir)
        yield cluster


def roll_out(model: Path, state: dict[str, object], log: list[str] | None = None) -> None:
    """Hand a new model to every instance, one at a time: out of the balancer, load, back in. Requests keep
    going to the other instances meanwhile, so none fails."""
    from bot.model import put_model

    admin_socket = Path(str(state["admin_socket"]))
    for member in state["instances"]:  # type: ignore[attr-defined]
        name, url = member["name"], member["rasa_url"]
        haproxy_command(admin_socket, f"set server rasa/{name} state drain")
        haproxy_command(admin_socket, f"set server socketio/{name} state drain")
        try:
            time.sleep(1.0)  # requests already on their way there finish
            put_model(model, url, str(state["token"]))
        finally:
            haproxy_command(admin_socket, f"set server rasa/{name} state ready")
            haproxy_command(admin_socket, f"set server socketio/{name} state ready")
        if log is not None:
            log.append(name)


def running_state() -> dict[str, object] | None:
    """The cluster `make run-cluster` is running, as it wrote it down, if its balancer still answers."""
    if not STATE_FILE.exists():
        return None
    state = json.loads(STATE_FILE.read_text(encoding="utf-8"))
    try:
        with urllib.request.urlopen(f"{state['balancer_url']}/", timeout=2):
            return state
    except OSError:
        return None


def main(argv: list[str] | None = None) -> int:
    from bot.model import ensure_model

    parser = argparse.ArgumentParser(prog="python -m bot.cluster", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, default=5005, help="where the balancer listens (default 5005)")
    parser.add_argument("--web-port", type=int, default=8080)
    parser.add_argument("--compose-haproxy", action="store_true",
                        help=f"write {COMPOSE_HAPROXY.relative_to(PROJECT_ROOT)} from the template and stop")
    args = parser.parse_args(argv)
    if args.compose_haproxy:
        COMPOSE_HAPROXY.write_text(compose_haproxy_config(), encoding="utf-8")
        print(f"wrote {COMPOSE_HAPROXY.relative_to(PROJECT_ROOT)}")
        return 0
    try:
        instances = check_settings(os.environ.get("INSTANCES", str(DEFAULT_INSTANCES)),
                                   os.environ.get("REDIS_URL", "").strip(),
                                   os.environ.get("TRACKER_DB_URL", "").strip(),
                                   os.environ.get("ROLE_DB_URL", "").strip())
    except ClusterConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    model = ensure_model()
    VAR_DIR.mkdir(exist_ok=True)
    workdir = Path(tempfile.mkdtemp(prefix="cluster-", dir=VAR_DIR))
    started = time.monotonic()
    print(f"starting {instances} instances, Redis, PostgreSQL and HAProxy (logs: {workdir})...", flush=True)
    stopping: list[bool] = []
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
    try:
        with running_cluster(model, workdir, instances=instances, token=rasa_token(),
                             balancer=f"127.0.0.1:{args.port}", tracker_db=os.environ.get("TRACKER_DB_URL", ""),
                             role_db=os.environ.get("ROLE_DB_URL", ""),
                             redis_url=os.environ.get("REDIS_URL", "")) as cluster:
            STATE_FILE.write_text(json.dumps(cluster.state(), indent=1), encoding="utf-8")
            cluster.stack.add("demo site", start_demo_site(args.web_port, f"http://localhost:{args.port}"))
            print(f"\nThe assistant is running as {instances} instances behind HAProxy "
                  f"(started in {time.monotonic() - started:.0f} s).\n"
                  f"  demo site: http://localhost:{args.web_port}/\n"
                  f"  REST:      POST {cluster.balancer_url}/webhooks/rest/webhook\n"
                  f"  socket.io: {cluster.balancer_url}/socket.io\n"
                  f"  instances: {', '.join(m.rasa_url for m in cluster.instances)}\n"
                  f"  make train hands a new model to each instance in turn.\n"
                  f"Press Ctrl-C to stop.", flush=True)
            while not stopping and cluster.stack.exited() is None:
                time.sleep(0.5)
            exited = None if stopping else cluster.stack.exited()
            if exited is not None:
                print(f"error: the {exited[0]} exited with status {exited[1]}; stopping everything",
                      file=sys.stderr, flush=True)
            print("\nstopping...", flush=True)
            return 1 if exited else 0
    except KeyboardInterrupt:
        print("\nstopping...", flush=True)
        return 0
    except (RuntimeError, subprocess.CalledProcessError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    finally:
        STATE_FILE.unlink(missing_ok=True)
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
