"""The Telegram bot and the fake Bot API on an event loop of their own, for synchronous tests (Hypothesis,
the soak test) that need a bot running across many steps."""
from __future__ import annotations

import asyncio
import threading
from contextlib import AsyncExitStack
from typing import Any

from bot.net import free_port
from tests.telegram.conftest import TOKEN, running_bot
from tests.telegram.fake_bot_api import FakeBotApi

CHAT = 9100


class BotInThread:
    """The bot and the fake Bot API on an event loop of their own, so a synchronous Hypothesis test drives them."""

    def __init__(self, rasa_url: str, roles: Any):
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.api = FakeBotApi(token=TOKEN)
        self.stack = AsyncExitStack()
        self.rasa_url, self.roles = rasa_url, roles

    def run(self, coroutine: Any, timeout: float = 120) -> Any:
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(timeout)

    def __enter__(self) -> BotInThread:
        self.thread.start()

        async def up() -> None:
            await self.api.start(free_port())
            await self.stack.enter_async_context(running_bot(self.api, self.rasa_url, self.roles))

        self.run(up())
        return self

    def __exit__(self, *exc: object) -> None:
        async def down() -> None:
            await self.stack.aclose()
            await self.api.stop()
            pending = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
            for task in pending:
                task.cancel()
            await asyncio.gather(*pending, return_exceptions=True)

        self.run(down())
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)

    def say(self, text: str) -> list[dict[str, Any]]:
        """Send a message to the bot's chat and return what the bot sent for it."""
        async def exchange() -> list[dict[str, Any]]:
            before = len(self.api.sent("sendMessage", chat_id=CHAT))
            self.api.push_message(CHAT, text)
            await self.api.wait_for("sendMessage", chat_id=CHAT, count=before + 1, timeout=30)
            await asyncio.sleep(0.05)  # the rest of a reply split in several messages
            return self.api.sent("sendMessage", chat_id=CHAT)[before:]

        return self.run(exchange())
