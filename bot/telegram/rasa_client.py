"""Talking to the Rasa assistant over its REST channel, one sender id per Telegram chat.

The REST channel rather than a custom Rasa input channel: the bot runs as its own process with its own
event loop, restarts without Rasa, and speaks to Rasa exactly as the widget and the tests do.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import httpx


class AssistantUnavailable(Exception):
    """Rasa could not be reached or answered with an error."""


@dataclass(frozen=True)
class BotMessage:
    text: str
    buttons: tuple[tuple[str, str], ...] = field(default=())  # (title, payload)


class RasaClient:
    def __init__(self, base_url: str, timeout: float = 30.0):
        self._url = base_url.rstrip("/") + "/webhooks/rest/webhook"
        self._client = httpx.AsyncClient(timeout=timeout)

    async def send(self, sender: str, text: str) -> list[BotMessage]:
        try:
            response = await self._client.post(self._url, json={"sender": sender, "message": text})
            response.raise_for_status()
            payload = response.json()
        except (httpx.HTTPError, ValueError) as exc:
            raise AssistantUnavailable(str(exc) or type(exc).__name__) from exc
        messages = []
        for item in payload if isinstance(payload, list) else []:
            buttons = tuple((str(b.get("title", "")), str(b.get("payload", ""))) for b in item.get("buttons") or [])
            if item.get("text") or buttons:
                messages.append(BotMessage(str(item.get("text") or ""), buttons))
        return messages

    async def close(self) -> None:
        await self._client.aclose()


def sender_for_chat(chat_id: int) -> str:
    """Every Telegram chat is its own conversation."""
    return f"telegram-{chat_id}"
