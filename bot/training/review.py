"""What went unanswered: user messages from the conversation store that the assistant handled badly.

A message counts when its intent was the fallback or out of scope, its confidence was under a threshold, or
the reply answered that the role is unknown (the action records what each reply answered with it). Messages
are grouped by their text, counted, shown with the intent the model guessed, and can be exported as training
examples for a trainer to sort.
"""
from __future__ import annotations

import json
import re
import time
from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import MetaData, Table, create_engine, select
from sqlalchemy.exc import SQLAlchemyError

from bot.roles.db import RoleDatabaseError, describe_url, first_error_line

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PHONE = re.compile(r"(?<![\w])\+?\d[\d\s().-]{6,}\d(?![\w])")
DURATION = re.compile(r"^(\d+)\s*([mhdw])$")
SECONDS = {"m": 60, "h": 3600, "d": 86400, "w": 7 * 86400}


@dataclass
class ReviewItem:
    text: str
    count: int = 0
    reasons: Counter = field(default_factory=Counter)
    guesses: Counter = field(default_factory=Counter)

    @property
    def guess(self) -> str:
        return self.guesses.most_common(1)[0][0] if self.guesses else "nlu_fallback"


def parse_since(value: str) -> float:
    """'7d', '12h', '30m', '2w' as seconds."""
    match = DURATION.match(value.strip().lower())
    if not match:
        raise ValueError(f"--since must look like 30m, 12h, 7d or 2w, not {value!r}")
    return int(match.group(1)) * SECONDS[match.group(2)]


def mask_personal_data(text: str) -> str:
    return PHONE.sub("[phone]", EMAIL.sub("[email]", text))


def _best_guess(parse_data: dict) -> str:
    for candidate in parse_data.get("intent_ranking") or []:
        name = candidate.get("name")
        if name and name != "nlu_fallback":
            return name
    return (parse_data.get("intent") or {}).get("name") or "nlu_fallback"


def collect(tracker_url: str, since_seconds: float | None, threshold: float) -> list[ReviewItem]:
    """The messages worth a trainer's look, most frequent first."""
    engine = create_engine(tracker_url, future=True)
    try:
        with engine.connect() as connection:
            events = Table("events", MetaData(), autoload_with=connection)
            query = select(events.c.sender_id, events.c.type_name, events.c.timestamp, events.c.data).where(
                events.c.type_name.in_(("user", "bot"))).order_by(events.c.sender_id, events.c.id)
            if since_seconds is not None:
                query = query.where(events.c.timestamp >= time.time() - since_seconds)
            rows = connection.execute(query).all()
    except SQLAlchemyError as exc:
        raise RoleDatabaseError(f"cannot read the conversation store {describe_url(tracker_url)}: "
                                f"{first_error_line(exc)}") from None
    finally:
        engine.dispose()

    items: dict[str, ReviewItem] = {}
    pending: tuple[str, ReviewItem, bool] | None = None  # the last user message, until its reply is seen
    for sender, kind, _timestamp, data in rows:
        event = json.loads(data or "{}")
        if kind == "user":
            text = (event.get("text") or "").strip()
            if not text or text.startswith("/"):
                pending = None
                continue
            parse = event.get("parse_data") or {}
            intent = parse.get("intent") or {}
            reasons = []
            if intent.get("name") == "nlu_fallback":
                reasons.append("fallback")
            elif intent.get("name") == "out_of_scope":
                reasons.append("out of scope")
            elif (intent.get("confidence") or 0) < threshold:
                reasons.append(f"confidence {intent.get('confidence') or 0:.2f}")
            key = " ".join(text.lower().split())
            item = items.setdefault(key, ReviewItem(text))
            pending = (sender, item, bool(reasons))
            item.guesses[_best_guess(parse)] += 1
            for reason in reasons:
                item.reasons[reason] += 1
        elif kind == "bot" and pending and pending[0] == sender:
            answered = (event.get("metadata") or {}).get("answered") or {}
            if answered.get("aspect") == "unknown_role":  # recorded by the action with its reply
                pending[1].reasons["unknown role"] += 1
            pending = None
    flagged = [item for item in items.values() if item.reasons]
    for item in flagged:
        item.count = sum(item.guesses.values())
    return sorted(flagged, key=lambda i: (-i.count, i.text.lower()))


def render_table(items: list[ReviewItem]) -> str:
    if not items:
        return "nothing to review: every message in that period got an answer"
    lines = [f"{'count':>5}  {'model guessed':22} {'why':28} message"]
    for item in items:
        why = ", ".join(sorted(item.reasons))
        lines.append(f"{item.count:>5}  {item.guess:22} {why[:28]:28} {mask_personal_data(item.text)}")
    return "\n".join(lines)


def render_training_yaml(items: list[ReviewItem]) -> str:
    """A block in Rasa's training-data format, grouped under the model's guesses, for a trainer to sort."""
    lines = [
        "# Messages the assistant did not answer well (python -m bot review). Before moving them into data/:",
        "# check each one's intent (the model's guess may be wrong), annotate role names as [COO](role),",
        "# then run make check-data and make train.",
        'version: "3.1"',
        "nlu:",
    ]
    by_intent: dict[str, list[str]] = {}
    for item in items:
        by_intent.setdefault(item.guess, []).append(mask_personal_data(item.text))
    for intent in sorted(by_intent):
        lines += [f"- intent: {intent}", "  examples: |"]
        lines += [f"    - {' '.join(text.split())}" for text in by_intent[intent]]
    return "\n".join(lines) + "\n"
