"""`make run` (python -m bot.serve) as an operator meets it: a child that dies is named, and no password piles up."""
from __future__ import annotations

import os
import socket
import stat
import subprocess
import sys
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
