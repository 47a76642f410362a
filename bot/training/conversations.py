"""Conversation files played against a running REST channel: a list of turns, each with the user's text and
what the reply must and must not say (`expect`, `reject`; a nested list is "one of these").

Used by the end-to-end tests, `make evaluate` and the benchmarks.
"""
from __future__ import annotations

import json
import urllib.request
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml


def send(rasa_url: str, sender: str, text: str, timeout: float = 60) -> list[dict[str, Any]]:
    request = urllib.request.Request(
        f"{rasa_url}/webhooks/rest/webhook",
        data=json.dumps({"sender": sender, "message": text}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return json.loads(response.read().decode() or "[]")


def reply_text(payload: list[dict[str, Any]]) -> str:
    """What the person sees: every text and button title of the turn, joined."""
    parts = []
    for message in payload:
        if message.get("text"):
            parts.append(message["text"])
        parts.extend(str(b.get("title", "")) for b in message.get("buttons") or [])
    return "\n".join(parts)


def turn_problems(turn: dict[str, Any], reply: str, previous: str) -> list[str]:
    low = reply.lower()
    problems = []
    for group in turn.get("expect") or []:
        alternatives = [group] if isinstance(group, str) else list(group)
        if not any(str(a).lower() in low for a in alternatives):
            problems.append("missing " + " | ".join(map(str, alternatives)))
    problems += [f"contains {bad}" for bad in turn.get("reject") or [] if str(bad).lower() in low]
    if turn.get("longer_than_previous") and len(reply) <= len(previous):
        problems.append(f"not longer than the previous reply ({len(reply)} <= {len(previous)} chars)")
    if turn.get("min_chars") and len(reply) < int(turn["min_chars"]):
        problems.append(f"shorter than {turn['min_chars']} chars")
    if not reply.strip():
        problems.append("empty reply")
    return problems


@dataclass
class Conversation:
    file: str
    name: str
    turns: list[dict[str, Any]]

    def play(self, rasa_url: str) -> list[str]:
        """Failures as readable lines; empty when every turn passed."""
        sender, previous, failures = "test-" + uuid.uuid4().hex[:12], "", []
        for turn in self.turns:
            reply = reply_text(send(rasa_url, sender, turn["user"]))
            failures += [f"{turn['user']!r} -> {reply[:200]!r}: {p}" for p in turn_problems(turn, reply, previous)]
            previous = reply
        return failures


def load_conversations(folder: Path) -> list[Conversation]:
    out = []
    for path in sorted(folder.glob("*.yml")):
        for conv in yaml.safe_load(path.read_text(encoding="utf-8"))["conversations"]:
            out.append(Conversation(path.name, conv["name"], conv["turns"]))
    return out
