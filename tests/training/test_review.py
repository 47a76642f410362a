"""`python -m bot review` against the real conversation store, filled by real conversations."""
from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path

import yaml

from bot.config import PROJECT_ROOT
from bot.serve import Stack
from bot.training.conversations import send
from bot.training.review import mask_personal_data, parse_since


def review(stack: Stack, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TRACKER_DB_URL": stack.tracker_db}
    return subprocess.run([sys.executable, "-m", "bot", "review", *args], cwd=PROJECT_ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


def test_unanswered_messages_are_listed_counted_and_exported(assistant: Stack, tmp_path: Path) -> None:
    marker = uuid.uuid4().hex[:6]
    unknown = f"what is a chief {marker} officer?"
    for sender in ("review-a", "review-b"):
        send(assistant.rasa_url, f"{sender}-{marker}", unknown)
    send(assistant.rasa_url, f"review-c-{marker}", f"tell me a joke about {marker} cats")
    send(assistant.rasa_url, f"review-d-{marker}", f"my email is jo.{marker}@example.com, call +44 20 7946 0958")
    send(assistant.rasa_url, f"review-e-{marker}", "what is a COO?")
    export = tmp_path / "unanswered.yml"

    result = review(assistant, "--since", "1h", "--export", str(export))

    assert result.returncode == 0, result.stderr
    lines = [line for line in result.stdout.splitlines() if marker in line]
    assert any(line.strip().startswith("2") and "unknown role" in line and unknown in line for line in lines)
    assert any("out of scope" in line and f"{marker} cats" in line for line in lines)
    assert "what is a COO?" not in result.stdout
    exported = yaml.safe_load(export.read_text(encoding="utf-8"))
    examples = "\n".join(block["examples"] for block in exported["nlu"])
    assert unknown in examples and f"{marker}@example.com" not in examples and "[email]" in examples
    assert "[phone]" in examples and "7946" not in examples
    assert {block["intent"] for block in exported["nlu"] if unknown in block["examples"]} <= {
        "ask_definition", "ask_same_about", "nlu_fallback"}


def test_bad_since_and_missing_store_are_one_line_errors(tmp_path: Path) -> None:
    env = {**os.environ, "TRACKER_DB_URL": f"sqlite:///{tmp_path / 'none.db'}"}
    bad_since = subprocess.run([sys.executable, "-m", "bot", "review", "--since", "yesterday"], cwd=PROJECT_ROOT,
                               env=env, capture_output=True, text=True, timeout=120)
    no_store = subprocess.run([sys.executable, "-m", "bot", "review"], cwd=PROJECT_ROOT, env=env,
                              capture_output=True, text=True, timeout=120)

    assert bad_since.returncode == 2 and bad_since.stderr.startswith("error: --since must look like")
    assert no_store.returncode == 2 and no_store.stderr.count("\n") == 1 and "Traceback" not in no_store.stderr


def test_helpers() -> None:
    assert parse_since("7d") == 7 * 86400 and parse_since("30m") == 1800
    assert mask_personal_data("mail a.b@c.org or 555-123-4567 about the COO") == "mail [email] or [phone] about the COO"


def test_an_unknown_role_is_read_from_what_the_reply_answered_not_its_wording(tmp_path: Path) -> None:
    import json
    import sqlite3
    import time

    from bot.training.review import collect

    db = tmp_path / "tracker.db"
    with sqlite3.connect(db) as connection:
        connection.execute("CREATE TABLE events (id INTEGER PRIMARY KEY, sender_id TEXT, type_name TEXT, "
                           "timestamp REAL, intent_name TEXT, action_name TEXT, data TEXT)")
        rows = [("a", "user", {"text": "what is a falconer?", "parse_data": {"intent": {
                    "name": "ask_definition", "confidence": 0.9}}}),
                ("a", "bot", {"text": "Falconer? That one is new to me.",
                              "metadata": {"answered": {"aspect": "unknown_role", "roles": [], "name": "falconer"}}}),
                ("b", "user", {"text": "what is a COO?", "parse_data": {"intent": {
                    "name": "ask_definition", "confidence": 0.9}}}),
                ("b", "bot", {"text": "I don't know the role... just kidding, a COO runs operations.",
                              "metadata": {"answered": {"aspect": "definition", "roles": ["coo"], "name": ""}}})]
        connection.executemany("INSERT INTO events (sender_id, type_name, timestamp, data) VALUES (?, ?, ?, ?)",
                               [(s, kind, time.time(), json.dumps(data)) for s, kind, data in rows])

    items = collect(f"sqlite:///{db}", None, 0.5)

    assert [(item.text, dict(item.reasons)) for item in items] == [("what is a falconer?", {"unknown role": 1})]
