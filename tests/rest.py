"""Raw calls to the REST channel, for tests that need the status code and the body as sent back."""
from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any

from bot.serve import Stack


def post(stack: Stack, body: bytes, timeout: float = 30) -> tuple[int, Any]:
    request = urllib.request.Request(f"{stack.rasa_url}/webhooks/rest/webhook", data=body,
                                     headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        text = error.read().decode()
        try:
            return error.code, json.loads(text)
        except ValueError:
            return error.code, text


def texts(payload: list[dict[str, Any]]) -> str:
    return "\n".join(m["text"] for m in payload if m.get("text"))
