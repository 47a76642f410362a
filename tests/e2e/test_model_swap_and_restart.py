"""A new model reaches the running assistant without a restart, and a restart keeps every conversation."""
from __future__ import annotations

import io
import json
import tarfile
import urllib.request
from pathlib import Path

import yaml

from bot.config import PROJECT_ROOT
from bot.model import reload_running_assistant
from bot.net import free_port
from bot.serve import start_stack
from bot.training.conversations import reply_text, send

DOMAIN = yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text(encoding="utf-8"))
GOODBYE = DOMAIN["responses"]["utter_goodbye"][0]["text"]
NEW_GOODBYE = "Bye for now, and may the next interview be the one!"


def model_with_another_goodbye(model: Path, target: Path) -> Path:
    """The trained model with a different goodbye in its domain (the model's metadata and its domain
    provider), so a swap that really happened shows in the answers; no training needed."""
    with tarfile.open(model, "r:gz") as source, tarfile.open(target, "w:gz") as copy:
        for member in source.getmembers():
            data = source.extractfile(member).read() if member.isfile() else None  # type: ignore[union-attr]
            if data is not None and GOODBYE.encode() in data:
                data = data.replace(GOODBYE.encode(), NEW_GOODBYE.encode())
                member.size = len(data)
            copy.addfile(member, io.BytesIO(data) if data is not None else None)
    return target


def test_hot_model_swap_and_restart_keep_the_conversation(trained_model: Path, catalogue_db_url: str,
                                                          tmp_path: Path) -> None:
    tracker = f"sqlite:///{tmp_path / 'tracker.db'}"
    env = {"ROLE_DB_URL": catalogue_db_url}
    stack = start_stack(free_port(), free_port(), trained_model, token="swap", log_dir=tmp_path, env=env,
                        tracker_db=tracker)
    try:
        first = reply_text(send(stack.rasa_url, "swapper", "what is a CFO?"))
        goodbye_before = reply_text(send(stack.rasa_url, "leaver", "bye"))
        newer = model_with_another_goodbye(trained_model, tmp_path / "role-assistant-newer.tar.gz")

        assert reload_running_assistant(newer, stack.rasa_url, "swap")
        goodbye_after = reply_text(send(stack.rasa_url, "leaver-2", "bye"))
        with urllib.request.urlopen(f"{stack.rasa_url}/status?token=swap") as response:
            status = json.loads(response.read())
        after_swap = reply_text(send(stack.rasa_url, "swapper", "who do they report to?"))
    finally:
        stack.stop()

    restarted = start_stack(free_port(), free_port(), trained_model, token="swap", log_dir=tmp_path, env=env,
                            tracker_db=tracker)
    try:
        after_restart = reply_text(send(restarted.rasa_url, "swapper", "tell me more"))
    finally:
        restarted.stop()

    assert "Chief Financial Officer" in first
    assert Path(status["model_file"]).name == newer.name
    assert goodbye_before == GOODBYE and goodbye_after == NEW_GOODBYE  # the new model answers
    assert "The Chief Financial Officer reports to the Chief Executive Officer" in after_swap
    assert "Chief Financial Officer" in after_restart and len(after_restart) > len(first)


def test_reload_without_a_running_assistant_says_so(trained_model: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert reload_running_assistant(trained_model, f"http://127.0.0.1:{free_port()}", "x") is False
    assert "no running assistant" in capsys.readouterr().out


def test_conversations_survive_a_restart_on_a_postgresql_tracker_store(trained_model: Path, catalogue_db_url: str,
                                                                       postgres_server: str, tmp_path: Path) -> None:
    from bot.postgres import create_database

    tracker = create_database(postgres_server).replace("postgresql+psycopg2://", "postgresql://")
    env = {"ROLE_DB_URL": catalogue_db_url}
    replies = []
    for message in ("what is a recruiter?", "who do they report to?"):
        stack = start_stack(free_port(), free_port(), trained_model, token="pg", log_dir=tmp_path, env=env,
                            tracker_db=tracker)
        try:
            replies.append(reply_text(send(stack.rasa_url, "pg-user", message)))
        finally:
            stack.stop()

    assert "Recruiter" in replies[0]
    assert "The Recruiter reports to the HR Manager" in replies[1]
