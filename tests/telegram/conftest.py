"""The real python-telegram-bot Application against the fake Bot API, with the real assistant behind."""
from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import pytest
from telegram.ext import Application

from bot.config import TelegramSettings
from bot.net import free_port
from bot.telegram.app import build_application, repository_roles
from bot.telegram.rasa_client import RasaClient
from tests.telegram.fake_bot_api import FakeBotApi

TOKEN = "123456:TEST-token-never-logged"


@pytest.fixture
async def fake_api() -> AsyncIterator[FakeBotApi]:
    api = FakeBotApi(token=TOKEN)
    await api.start(free_port())
    try:
        yield api
    finally:
        await api.stop()


@pytest.fixture
def roles_provider(catalogue_db_url: str):  # type: ignore[no-untyped-def]
    return lambda: repository_roles(catalogue_db_url)


@asynccontextmanager
async def running_bot(api: FakeBotApi, rasa_url: str, roles, webhook: tuple[int, str] | None = None  # type: ignore[no-untyped-def]
                      ) -> AsyncIterator[Application]:
    """Start the bot in polling mode, or in webhook mode on (port, secret)."""
    settings = TelegramSettings(token=TOKEN, api_base_url=api.url, webhook_url="", webhook_secret="",
                                webhook_listen="127.0.0.1", webhook_port=0)
    rasa = RasaClient(rasa_url, timeout=30)
    application = build_application(settings, rasa, roles)
    async with application:
        await application.start()
        if webhook:
            port, secret = webhook
            await application.updater.start_webhook(
                listen="127.0.0.1", port=port, url_path="telegram", webhook_url=f"http://127.0.0.1:{port}/telegram",
                secret_token=secret,
            )
        else:
            await application.updater.start_polling(poll_interval=0.0, timeout=1)
        try:
            yield application
        finally:
            await application.updater.stop()
            await application.stop()
    await rasa.close()
