"""`make run`: start the action server and the Rasa server on loopback, say where to talk, stop both on Ctrl-C."""
from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from sqlalchemy.engine import make_url

from bot.config import (
    PROJECT_ROOT,
    VAR_DIR,
    TelegramSettings,
    cors_origins,
    rasa_process_env,
    rasa_token,
    tracker_db_url,
)
from bot.model import ensure_model


@dataclass
class Stack:
    """The running servers; `stop()` ends them all."""

    rasa_url: str
    actions_url: str
    token: str
    tracker_db: str = ""
    processes: list[subprocess.Popen] = field(default_factory=list)
    log_dir: Path | None = None  # where the servers write rasa.log and actions.log, when given
    names: dict[int, str] = field(default_factory=dict)  # process id -> what it is, for messages

    def add(self, name: str, process: subprocess.Popen) -> subprocess.Popen:
        self.processes.append(process)
        self.names[process.pid] = name
        return process

    def exited(self) -> tuple[str, int] | None:
        """The first process that has ended on its own, by name, with its exit status."""
        for process in self.processes:
            if process.poll() is not None:
                return self.names.get(process.pid, " ".join(map(str, process.args))), process.returncode
        return None

    def stop(self) -> None:
        for process in reversed(self.processes):
            if process.poll() is None:
                process.send_signal(signal.SIGINT)
        for process in reversed(self.processes):
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            forget_endpoints(process)


class RasaProcess(subprocess.Popen):
    """The Rasa server, with the endpoints file it was started with (it may hold the tracker's password)."""

    endpoints: Path


def forget_endpoints(process: subprocess.Popen) -> None:
    """Delete a Rasa server's endpoints file once it has read it (it is up) or has ended."""
    if isinstance(process, RasaProcess):
        process.endpoints.unlink(missing_ok=True)


def wait_until_up(url: str, process: subprocess.Popen, name: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the {name} exited with status {process.returncode} while starting")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"the {name} did not answer at {url} within {timeout:.0f} s")


def start_action_server(port: int, host: str = "127.0.0.1", log: Path | None = None,
                        env: dict[str, str] | None = None) -> subprocess.Popen:
    out = open(log, "ab") if log else None  # noqa: SIM115 - the child process owns it
    # rasa_sdk listens on every interface unless told; the action reads the catalogue as soon as it starts.
    env = {**(env or os.environ), "SANIC_HOST": host, "ROLE_ASSISTANT_WARM_UP": "1"}
    return subprocess.Popen(
        [sys.executable, "-m", "rasa_sdk", "--actions", "actions", "--port", str(port)],
        cwd=PROJECT_ROOT, env=env, stdout=out, stderr=subprocess.STDOUT if out else None,
    )


def endpoints_yaml(actions_url: str, tracker_url: str, lock_store: dict | None = None) -> str:
    """Rasa's endpoints: the action server, and the SQL tracker store that keeps conversations across restarts.

    Selective domain: the action needs no domain, so Rasa does not serialise it into every call.
    """
    endpoints: dict = {"action_endpoint": {"url": f"{actions_url}/webhook", "enable_selective_domain": True}}
    if tracker_url != "memory":  # "memory": Rasa's in-memory store, for measurements only
        url = make_url(tracker_url)
        store = {"type": "SQL", "dialect": url.drivername.split("+")[0], "db": url.database}
        # Rasa passes the endpoint's `url` on as the database host.
        store.update({k: v for k, v in {"url": url.host, "port": url.port, "username": url.username,
                                        "password": url.password}.items() if v})
        endpoints["tracker_store"] = store
    if lock_store:  # several instances: Rasa's Redis lock store (bot/cluster.py)
        endpoints["lock_store"] = lock_store
    return yaml.safe_dump(endpoints, sort_keys=False)


def write_endpoints(port: int, actions_url: str, tracker_url: str, lock_store: dict | None = None) -> Path:
    """One endpoints file per start (it may hold the tracker's password): readable by its owner only, and
    deleted once the server has read it (`forget_endpoints`)."""
    VAR_DIR.mkdir(exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f"endpoints-{port}-", suffix=".yml", dir=VAR_DIR)
    with os.fdopen(fd, "w", encoding="utf-8") as file:
        file.write(endpoints_yaml(actions_url, tracker_url, lock_store))
    return Path(name)


def start_rasa_server(model: Path, port: int, actions_url: str, token: str, host: str = "127.0.0.1",
                      log: Path | None = None, env: dict[str, str] | None = None,
                      cors: list[str] | None = None, tracker_db: str | None = None,
                      lock_store: dict | None = None) -> subprocess.Popen:
    endpoints = write_endpoints(port, actions_url, tracker_db or tracker_db_url(), lock_store)
    command = [
        sys.executable, "-m", "bot.rasa_server", "run", "--model", str(model), "--interface", host,
        "--port", str(port), "--enable-api", "--auth-token", token, "--credentials", "credentials.yml",
        "--endpoints", str(endpoints), "--cors", *(cors if cors is not None else cors_origins()),
    ]
    out = open(log, "ab") if log else None  # noqa: SIM115 - the child process owns it
    try:
        process = RasaProcess(command, cwd=PROJECT_ROOT, env=env, stdout=out, stderr=subprocess.STDOUT if out else None)
    except BaseException:
        endpoints.unlink(missing_ok=True)
        raise
    process.endpoints = endpoints
    return process


def start_stack(rasa_port: int, actions_port: int, model: Path, token: str, log_dir: Path | None = None,
                env: dict[str, str] | None = None, timeout: float = 240, cors: list[str] | None = None,
                tracker_db: str | None = None) -> Stack:
    """Start both servers and wait until each answers; stops what started if either fails."""
    child_env = rasa_process_env(env)
    actions_url = f"http://127.0.0.1:{actions_port}"
    tracker_db = tracker_db or tracker_db_url()
    stack = Stack(f"http://127.0.0.1:{rasa_port}", actions_url, token, tracker_db, log_dir=log_dir)
    try:
        actions = stack.add("action server", start_action_server(
            actions_port, log=log_dir / "actions.log" if log_dir else None, env=child_env))
        rasa = stack.add("Rasa server", start_rasa_server(
            model, rasa_port, actions_url, token, log=log_dir / "rasa.log" if log_dir else None, env=child_env,
            cors=cors, tracker_db=tracker_db))
        wait_until_up(f"{actions_url}/health", actions, "action server", timeout)
        wait_until_up(f"{stack.rasa_url}/status?token={token}", rasa, "Rasa server", timeout)
        forget_endpoints(rasa)
    except BaseException:
        stack.stop()
        raise
    return stack


@contextmanager
def scratch_stack(model: Path, workdir: Path, *, token: str = "scratch", role_db: str | None = None,
                  tracker_db: str | None = None, env: dict[str, str] | None = None, cors: list[str] | None = None,
                  ports: tuple[int, int] | None = None) -> Iterator[Stack]:
    """A throw-away assistant for tests, benchmarks and `make evaluate`: both servers on free loopback ports, the
    whole catalogue in a fresh SQLite file (unless `role_db` is given), conversations in `workdir`; stopped on exit.
    """
    from bot.net import free_port
    from bot.roles.occupations import load_default_catalogue

    if role_db is None:
        role_db = f"sqlite:///{workdir / 'roles.db'}"
        load_default_catalogue(role_db)
    rasa_port, actions_port = ports or (free_port(), free_port())
    stack = start_stack(rasa_port, actions_port, model, token=token, log_dir=workdir,
                        env={**(env or {}), "ROLE_DB_URL": role_db}, cors=cors,
                        tracker_db=tracker_db or f"sqlite:///{workdir / 'tracker.db'}")
    try:
        yield stack
    finally:
        stack.stop()


def start_demo_site(port: int, assistant_url: str, log: Path | None = None) -> subprocess.Popen:
    out = open(log, "ab") if log else None  # noqa: SIM115 - the child process owns it
    return subprocess.Popen(
        [sys.executable, "-m", "bot.web.server", "--port", str(port), "--assistant-url", assistant_url],
        cwd=PROJECT_ROOT, stdout=out, stderr=subprocess.STDOUT if out else None,
    )


def run_shell() -> int:
    """`make shell`: chat with the assistant in this terminal. Its own action server and Rasa's shell server
    listen on free loopback ports (so it also runs beside `make run`); conversations are kept in memory."""
    from bot.net import free_port

    model = ensure_model()
    env = rasa_process_env()
    actions_port, rasa_port = free_port(), free_port()
    actions = start_action_server(actions_port, log=VAR_DIR / "actions-shell.log", env=env)
    endpoints = write_endpoints(rasa_port, f"http://127.0.0.1:{actions_port}", "memory")
    try:
        wait_until_up(f"http://127.0.0.1:{actions_port}/health", actions, "action server", 240)
        print(f"action server on 127.0.0.1:{actions_port} (log: {VAR_DIR / 'actions-shell.log'}); loading the "
              "model... Type /stop to end.", flush=True)
        return subprocess.call([sys.executable, "-m", "bot.rasa_server", "shell", "--model", str(model),
                                "--endpoints", str(endpoints), "--interface", "127.0.0.1", "--port", str(rasa_port)],
                               cwd=PROJECT_ROOT, env=env)
    except RuntimeError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    finally:
        endpoints.unlink(missing_ok=True)
        actions.send_signal(signal.SIGINT)
        try:
            actions.wait(timeout=20)
        except subprocess.TimeoutExpired:
            actions.kill()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.serve", description=__doc__)
    parser.add_argument("--rasa-port", type=int, default=5005)
    parser.add_argument("--actions-port", type=int, default=5055)
    parser.add_argument("--web-port", type=int, default=8080)
    parser.add_argument("--shell", action="store_true", help="chat in this terminal instead (make shell)")
    args = parser.parse_args(argv)
    if args.shell:
        return run_shell()
    model = ensure_model()
    token = rasa_token()
    print("starting the action server and the Rasa server (about a minute)...", flush=True)
    try:
        stack = start_stack(args.rasa_port, args.actions_port, model, token)
    except (RuntimeError, KeyboardInterrupt) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    stack.add("demo site", start_demo_site(args.web_port, f"http://localhost:{args.rasa_port}"))
    if TelegramSettings.from_env().token:
        stack.add("Telegram bot", subprocess.Popen([sys.executable, "-m", "bot.telegram"], cwd=PROJECT_ROOT,
                                                   env={**os.environ, "RASA_URL": stack.rasa_url}))
        print("TELEGRAM_BOT_TOKEN is set: the Telegram bot is starting (long polling).", flush=True)
    print(
        f"\nThe assistant is running.\n"
        f"  demo site: http://localhost:{args.web_port}/  (the widget; a job posting: /jobs/coo.html)\n"
        f"  REST:      POST {stack.rasa_url}/webhooks/rest/webhook\n"
        f"             {{\"sender\": \"me\", \"message\": \"what is a COO?\"}}\n"
        f"  socket.io: {stack.rasa_url}/socket.io\n"
        f"  terminal:  make shell\n"
        f"  HTTP API token: {'$RASA_TOKEN' if os.environ.get('RASA_TOKEN') else VAR_DIR / 'rasa_token'}\n"
        f"Press Ctrl-C to stop.",
        flush=True,
    )
    stopping = []
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
    try:
        while not stopping and all(p.poll() is None for p in stack.processes):
            time.sleep(0.5)
    except KeyboardInterrupt:  # Ctrl-C reaches the children too: their ending is no error
        stopping.append(True)
    exited = None if stopping else stack.exited()
    if exited is not None:
        name, status = exited
        print(f"error: the {name} exited with status {status}; stopping everything (its messages are above)",
              file=sys.stderr, flush=True)
    print("\nstopping...", flush=True)
    stack.stop()
    return 1 if exited is not None else 0


if __name__ == "__main__":
    sys.exit(main())
