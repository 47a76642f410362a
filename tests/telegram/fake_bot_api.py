"""A local fake of the Telegram Bot API for tests: the methods the bot uses, with every call recorded.

The real python-telegram-bot talks HTTP to it (`TELEGRAM_API_BASE_URL=http://127.0.0.1:PORT/bot`).
Updates are queued with `push_message` / `push_callback` and served by getUpdates, or posted to the bot's
webhook once setWebhook has named one.
"""
from __future__ import annotations

import asyncio
import itertools
import json
import time
from dataclasses import dataclass, field
from typing import Any

import aiohttp
from aiohttp import web

BOT_USER = {"id": 4242, "is_bot": True, "first_name": "Roles", "username": "role_test_bot",
            "can_join_groups": True, "can_read_all_group_messages": False, "supports_inline_queries": False}


# What the real Bot API refuses (core.telegram.org/bots/api): text of 1-4096 characters (UTF-16 code units),
# callback data of 1-64 bytes.
MAX_TEXT = 4096
MAX_CALLBACK_DATA = 64


class Refused(Exception):
    """A call the real Bot API answers with 400 and this description."""


def check_text(text: Any) -> None:
    if not isinstance(text, str) or not text.strip():
        raise Refused("Bad Request: message text is empty")
    if len(text.encode("utf-16-le")) // 2 > MAX_TEXT:
        raise Refused("Bad Request: message is too long")


def check_markup(markup: Any) -> None:
    for row in (markup or {}).get("inline_keyboard", []):
        for button in row:
            data = button.get("callback_data")
            if data is not None and not 1 <= len(str(data).encode()) <= MAX_CALLBACK_DATA:
                raise Refused("Bad Request: BUTTON_DATA_INVALID")


@dataclass
class Call:
    method: str
    params: dict[str, Any]


@dataclass
class FakeBotApi:
    token: str
    calls: list[Call] = field(default_factory=list)
    refused: list[tuple[Call, str]] = field(default_factory=list)
    webhook: dict[str, Any] = field(default_factory=dict)
    _updates: list[dict[str, Any]] = field(default_factory=list)
    _update_ids: itertools.count = field(default_factory=lambda: itertools.count(1))
    _message_ids: itertools.count = field(default_factory=lambda: itertools.count(1000))
    _new_update: asyncio.Event = field(default_factory=asyncio.Event)
    url: str = ""
    _runner: web.AppRunner | None = None

    async def start(self, port: int) -> None:
        app = web.Application()
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", port).start()
        self.url = f"http://127.0.0.1:{port}/bot"

    async def stop(self) -> None:
        if self._runner:
            await self._runner.cleanup()

    # --- what a test does -------------------------------------------------------------------------------
    def push_message(self, chat_id: int, text: str, chat_type: str = "private", entities: list | None = None,
                     reply_to: dict | None = None) -> dict[str, Any]:
        message = {
            "message_id": next(self._message_ids), "date": int(time.time()), "text": text,
            "chat": {"id": chat_id, "type": chat_type, **({"title": "Group"} if chat_type != "private" else {})},
            "from": {"id": chat_id if chat_type == "private" else 7, "is_bot": False, "first_name": "Job seeker"},
        }
        if text.startswith("/"):
            entities = (entities or []) + [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
        if entities:
            message["entities"] = entities
        if reply_to:
            message["reply_to_message"] = reply_to
        return self._push({"message": message})

    def push_callback(self, chat_id: int, data: str, message: dict[str, Any]) -> dict[str, Any]:
        query = {"id": str(next(self._update_ids) * 7), "chat_instance": "ci", "data": data, "message": message,
                 "from": {"id": chat_id, "is_bot": False, "first_name": "Job seeker"}}
        return self._push({"callback_query": query})

    def sent(self, method: str = "sendMessage", chat_id: int | None = None) -> list[dict[str, Any]]:
        return [c.params for c in self.calls if c.method == method
                and (chat_id is None or str(c.params.get("chat_id")) == str(chat_id))]

    async def wait_for(self, method: str, chat_id: int | None = None, count: int = 1,
                       timeout: float = 60) -> list[dict[str, Any]]:
        deadline = time.monotonic() + timeout
        while len(self.sent(method, chat_id)) < count:
            if time.monotonic() > deadline:
                raise AssertionError(f"no {count} {method} calls for chat {chat_id} within {timeout} s; "
                                     f"calls: {[c.method for c in self.calls]}")
            await asyncio.sleep(0.05)
        return self.sent(method, chat_id)

    # --- the API ------------------------------------------------------------------------------------------
    def _push(self, body: dict[str, Any]) -> dict[str, Any]:
        update = {"update_id": next(self._update_ids), **body}
        if self.webhook.get("url"):
            asyncio.get_running_loop().create_task(self._deliver(update))
        else:
            self._updates.append(update)
            self._new_update.set()
        return update

    async def _deliver(self, update: dict[str, Any]) -> None:
        headers = {"X-Telegram-Bot-Api-Secret-Token": self.webhook.get("secret_token", "")}
        async with aiohttp.ClientSession() as session:
            await session.post(self.webhook["url"], json=update, headers=headers)

    async def _handle(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return web.json_response({"ok": False, "error_code": 401, "description": "Unauthorized"}, status=401)
        method = request.match_info["method"]
        params = {k: _decode(v) for k, v in (await request.post()).items()}
        if request.content_type == "application/json":
            params.update(await request.json())
        call = Call(method, params)
        handler = getattr(self, "_" + method, None)
        if handler is None:
            self.calls.append(call)
            return web.json_response({"ok": False, "error_code": 404, "description": "Not Found"}, status=404)
        try:
            result = await handler(params)
        except Refused as refusal:
            self.refused.append((call, str(refusal)))
            return web.json_response({"ok": False, "error_code": 400, "description": str(refusal)}, status=400)
        self.calls.append(call)
        return web.json_response({"ok": True, "result": result})

    async def _getMe(self, params: dict[str, Any]) -> dict[str, Any]:  # noqa: N802 - the API's names
        return BOT_USER

    async def _getUpdates(self, params: dict[str, Any]) -> list[dict[str, Any]]:  # noqa: N802
        offset = int(params.get("offset") or 0)
        self._updates = [u for u in self._updates if u["update_id"] >= offset]
        if not self._updates:
            self._new_update.clear()
            try:
                await asyncio.wait_for(self._new_update.wait(), timeout=min(float(params.get("timeout") or 0), 1))
            except asyncio.TimeoutError:
                pass
        return list(self._updates)

    async def _sendMessage(self, params: dict[str, Any]) -> dict[str, Any]:  # noqa: N802
        check_text(params.get("text"))
        check_markup(params.get("reply_markup"))
        message = {"message_id": next(self._message_ids), "date": int(time.time()), "text": params["text"],
                   "chat": {"id": int(params["chat_id"]), "type": "private"}, "from": BOT_USER}
        if params.get("reply_markup"):
            message["reply_markup"] = params["reply_markup"]
        return message

    async def _editMessageReplyMarkup(self, params: dict[str, Any]) -> bool:  # noqa: N802
        check_markup(params.get("reply_markup"))
        return True

    async def _editMessageText(self, params: dict[str, Any]) -> bool:  # noqa: N802
        check_text(params.get("text"))
        check_markup(params.get("reply_markup"))
        return True

    async def _answerCallbackQuery(self, params: dict[str, Any]) -> bool:  # noqa: N802
        return True

    async def _sendChatAction(self, params: dict[str, Any]) -> bool:  # noqa: N802
        return True

    async def _setWebhook(self, params: dict[str, Any]) -> bool:  # noqa: N802
        self.webhook = {"url": params["url"], "secret_token": params.get("secret_token", "")}
        return True

    async def _deleteWebhook(self, params: dict[str, Any]) -> bool:  # noqa: N802
        self.webhook = {}
        return True


def _decode(value: Any) -> Any:
    if isinstance(value, str) and value[:1] in "{[":
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value
