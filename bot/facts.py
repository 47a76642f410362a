"""What a reply answered, as machine-readable facts sent with it: the aspect (or kind of reply), the role slugs
and a name as typed that no role or several roles have.

The REST channel carries them as a `custom` item, `{"answered": {...}}`, after the reply's text; the widget and
Telegram show only items with text or buttons, the socket.io channel drops them, and the conversation tests
and `bot review` read them. Replies written in domain.yml carry theirs in the response itself.
"""
from __future__ import annotations

from typing import Any

FACTS_KEY = "answered"


def facts(aspect: str, roles: tuple[str, ...] | list[str] = (), name: str = "") -> dict[str, Any]:
    return {"aspect": aspect, "roles": list(roles), "name": name}


def facts_in(payload: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The facts of a reply as the REST channel returned it, or None when it carries none."""
    for item in payload:
        custom = item.get("custom")
        if isinstance(custom, dict) and isinstance(custom.get(FACTS_KEY), dict):
            return custom[FACTS_KEY]
    return None
