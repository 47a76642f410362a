"""Conversation files played against a running REST channel, checking what each reply answered.

A turn is the user's text and what the reply must answer, read from the facts every reply carries
(`bot.facts`): `aspect` (definition, responsibilities, reports_to, pay, unknown_role, ambiguous, greeting, …;
a list is "one of these") and the role: `role` (one slug, or a list meaning one of them) or `roles` (the exact
list, for a comparison); no role named means the reply is about no role. `name` checks a name as typed (for an
unknown or ambiguous one). Wording is checked only where it matters: `expect` and `reject` look at the reply's
text only (a nested list is "one of these"), `expect_buttons` at its button titles. A turn without `aspect`, or
with a key the player does not know, is an error in the test file, reported with the file and the turn.

Used by the end-to-end tests, `make evaluate` and the benchmarks.
"""
from __future__ import annotations

import json
import urllib.request
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bot.facts import facts_in

TURN_KEYS = {"user", "aspect", "role", "roles", "name", "expect", "reject", "expect_buttons",
             "longer_than_previous", "min_chars"}


class ConversationFileError(ValueError):
    """A conversation file the player cannot trust: a turn without an assertion, an unknown key."""


def send(rasa_url: str, sender: str, text: str, timeout: float = 60) -> list[dict[str, Any]]:
    request = urllib.request.Request(
        f"{rasa_url}/webhooks/rest/webhook",
        data=json.dumps({"sender": sender, "message": text}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return json.loads(response.read().decode() or "[]")


def reply_text(payload: list[dict[str, Any]]) -> str:
    """What the person reads: every text of the turn, joined (button titles not included)."""
    return "\n".join(message["text"] for message in payload if message.get("text"))


def button_titles(payload: list[dict[str, Any]]) -> list[str]:
    return [str(b.get("title", "")) for message in payload for b in message.get("buttons") or []]


def _one_of(value: Any) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


def _wording_problems(groups: list[Any], seen: str, what: str) -> list[str]:
    low = seen.lower()
    problems = []
    for group in groups:
        alternatives = _one_of(group)
        if not any(a.lower() in low for a in alternatives):
            problems.append(f"{what} lacks " + " | ".join(alternatives))
    return problems


def turn_problems(turn: dict[str, Any], payload: list[dict[str, Any]], previous: str) -> list[str]:
    """Why a reply fails its turn: the aspect or role it answered first, then the wording."""
    problems = []
    answered = facts_in(payload)
    text = reply_text(payload)
    if answered is None:
        problems.append("the reply carries no facts about what it answered")
        answered = {"aspect": None, "roles": [], "name": ""}
    if str(answered.get("aspect")) not in _one_of(turn["aspect"]):
        problems.append(f"answered {answered.get('aspect')}, not {' | '.join(_one_of(turn['aspect']))}")
    roles = list(answered.get("roles") or [])
    if "roles" in turn:
        if roles != list(turn["roles"]):
            problems.append(f"about {roles}, not {turn['roles']}")
    elif "role" in turn:
        if len(roles) != 1 or roles[0] not in _one_of(turn["role"]):
            problems.append(f"about {roles}, not {' | '.join(_one_of(turn['role']))}")
    elif roles:
        problems.append(f"about {roles}, not about no role")
    if "name" in turn and str(answered.get("name", "")).lower() != str(turn["name"]).lower():
        problems.append(f"named {answered.get('name')!r}, not {turn['name']!r}")
    problems += _wording_problems(turn.get("expect") or [], text, "text")
    problems += _wording_problems(turn.get("expect_buttons") or [], "\n".join(button_titles(payload)), "buttons")
    problems += [f"text contains {bad}" for bad in turn.get("reject") or [] if str(bad).lower() in text.lower()]
    if turn.get("longer_than_previous") and len(text) <= len(previous):
        problems.append(f"not longer than the previous reply ({len(text)} <= {len(previous)} chars)")
    if turn.get("min_chars") and len(text) < int(turn["min_chars"]):
        problems.append(f"shorter than {turn['min_chars']} chars")
    if not text.strip():
        problems.append("empty reply")
    return problems


@dataclass
class TurnResult:
    aspect: str
    problems: list[str] = field(default_factory=list)


@dataclass
class Conversation:
    file: str
    name: str
    turns: list[dict[str, Any]]

    def play_turns(self, rasa_url: str) -> list[TurnResult]:
        sender, previous, results = "test-" + uuid.uuid4().hex[:12], "", []
        for turn in self.turns:
            payload = send(rasa_url, sender, turn["user"])
            text = reply_text(payload)
            problems = [f"{turn['user']!r} -> {text[:200]!r}: {p}" for p in turn_problems(turn, payload, previous)]
            results.append(TurnResult(_one_of(turn["aspect"])[0], problems))
            previous = text
        return results

    def play(self, rasa_url: str) -> list[str]:
        """Failures as readable lines; empty when every turn passed."""
        return [p for result in self.play_turns(rasa_url) for p in result.problems]


def check_turn(turn: Any, where: str) -> None:
    if not isinstance(turn, dict) or not isinstance(turn.get("user"), str):
        raise ConversationFileError(f"{where}: a turn needs the user's text as `user`")
    unknown = set(turn) - TURN_KEYS
    if unknown:
        raise ConversationFileError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
    if "aspect" not in turn:
        raise ConversationFileError(f"{where}: no `aspect`: say what the reply must answer")
    if "role" in turn and "roles" in turn:
        raise ConversationFileError(f"{where}: give `role` (one of) or `roles` (exactly), not both")


def load_conversations(folder: Path) -> list[Conversation]:
    out = []
    for path in sorted(folder.glob("*.yml")):
        for conv in yaml.safe_load(path.read_text(encoding="utf-8"))["conversations"]:
            for number, turn in enumerate(conv["turns"], start=1):
                check_turn(turn, f"{path.name}: {conv['name']!r}, turn {number}")
            out.append(Conversation(path.name, conv["name"], conv["turns"]))
    return out


def by_aspect(results: list[TurnResult]) -> dict[str, dict[str, int]]:
    """Right and wrong turns per aspect the turn asked for, for `make evaluate`."""
    right: Counter[str] = Counter()
    wrong: Counter[str] = Counter()
    for result in results:
        (wrong if result.problems else right)[result.aspect] += 1
    return {aspect: {"right": right[aspect], "wrong": wrong[aspect]} for aspect in sorted(right | wrong)}
