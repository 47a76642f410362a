"""`make run` (python -m bot.serve) as an operator meets it: a child that dies is named, and no password piles up."""
from __future__ import annotations

import os
import socket
import stat
import subprocess
import sys
import time
from pathlib import Path

from bot.config import PROJECT_ROOT, VAR_DIR
from bot.net import free_port
from bot.serve import forget_endpoints, start_rasa_server


def test_a_child_that_exits_is_named_and_the_run_fails(trained_model: Path, catalogue_db_url: str,
                                                        tmp_path: Path) -> None:
    rasa_port, actions_port = free_port(), free_port()
    with socket.socket() as busy:  # the demo site's port is taken
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        web_port = busy.getsockname()[1]
        env = {**os.environ, "ROLE_DB_URL": catalogue_db_url, "TRACKER_DB_URL": f"sqlite:///{tmp_path / 't.db'}",
               "RASA_TOKEN": "t", "TELEGRAM_BOT_TOKEN": ""}
        run = subprocess.run(
            [sys.executable, "-m", "bot.serve", "--rasa-port", str(rasa_port), "--actions-port", str(actions_port),
             "--web-port", str(web_port)],
            cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=400,
        )

    assert run.returncode != 0, run.stdout
    assert "error: the demo site exited with status 1" in run.stderr
    assert not list(VAR_DIR.glob(f"endpoints-{rasa_port}-*")), "the endpoints file was left behind"


def test_the_endpoints_file_is_private_and_goes_away(tmp_path: Path) -> None:
    process = start_rasa_server(tmp_path / "no-model.tar.gz", free_port(), "http://127.0.0.1:1", "t",
                                log=tmp_path / "rasa.log", tracker_db="postgresql://u:secret@127.0.0.1:1/db")
    try:
        endpoints = process.endpoints  # type: ignore[attr-defined]
        assert "secret" in endpoints.read_text()
        assert stat.S_IMODE(endpoints.stat().st_mode) == 0o600
    finally:
        process.kill()
        process.wait()
        forget_endpoints(process)
    assert not endpoints.exists()


def test_make_shell_answers_in_the_terminal_with_its_action_server_on_loopback_only(
        trained_model: Path, catalogue_db_url: str) -> None:
    """`make shell` (python -m bot.serve --shell) in a real terminal (a pseudo-terminal): it answers, and its
    action server takes no connection from any address but 127.0.0.1 (127.0.0.2 is this machine too)."""
    import pty
    import re
    import select
    import signal

    env = {**os.environ, "ROLE_DB_URL": catalogue_db_url, "TERM": "dumb", "COLUMNS": "200"}
    pid, terminal = pty.fork()
    if pid == 0:  # the child: the command a person runs
        os.chdir(PROJECT_ROOT)
        os.execve(sys.executable, [sys.executable, "-m", "bot.serve", "--shell"], env)
    seen = b""

    def read_until(pattern: bytes, timeout: float) -> bool:
        """Read what the terminal shows until `pattern` appears, or the command ends, or time is up."""
        nonlocal seen
        deadline = time.monotonic() + timeout
        while pattern not in seen and time.monotonic() < deadline:
            ready, _, _ = select.select([terminal], [], [], 1)
            if ready:
                try:
                    seen += os.read(terminal, 65536)
                except OSError:  # the command has ended
                    break
        return pattern in seen

    try:
        read_until(b"Your input", 300)
        port = int(re.search(rb"action server on 127\.0\.0\.1:(\d+)", seen).group(1))  # type: ignore[union-attr]
        with socket.create_connection(("127.0.0.1", port), timeout=5):
            pass
        try:
            with socket.create_connection(("127.0.0.2", port), timeout=5):
                reachable_elsewhere = True
        except OSError:
            reachable_elsewhere = False
        os.write(terminal, b"what is a COO?\r")
        read_until(b"day-to-day operations", 120)
    finally:
        os.write(terminal, b"\x03")  # Ctrl-C, as a person stops it: the whole foreground group
        read_until(b"\x00never", 30)  # keep reading, so that nothing blocks on a full terminal, until it ends
        if os.waitpid(pid, os.WNOHANG) == (0, 0):
            os.killpg(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        os.close(terminal)

    assert not reachable_elsewhere, "the terminal chat's action server listens beyond loopback"
    assert b"day-to-day operations" in seen, seen[-2000:]
