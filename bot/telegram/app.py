"""The python-telegram-bot Application, built in one place, and `python -m bot.telegram`."""
from __future__ import annotations

import argparse
import asyncio
import logging
import sys

from telegram import Bot, Update
from telegram.error import InvalidToken, NetworkError, TelegramError
from telegram.ext import Application, ApplicationBuilder, CallbackQueryHandler, CommandHandler, MessageHandler, filters

from bot.config import TelegramSettings, rasa_url, role_db_url
from bot.roles.records import RoleRef
from bot.roles.repository import RoleRepository
from bot.telegram import handlers
from bot.telegram.rasa_client import RasaClient

logger = logging.getLogger(__name__)


def repository_roles(url: str | None = None) -> list[RoleRef]:
    """The curated roles, for /roles (the imported occupations are too many to page through)."""
    roles = RoleRepository(url or role_db_url()).list_roles()
    return [RoleRef(r.slug, r.title) for r in roles if r.source == "curated"]


def build_application(settings: TelegramSettings, rasa: RasaClient,
                      roles: handlers.RolesProvider = repository_roles) -> Application:
    application = (
        ApplicationBuilder()
        .token(settings.token)
        .base_url(settings.api_base_url)
        .concurrent_updates(True)  # each chat waits for its own answer, not for other chats'
        .build()
    )
    application.bot_data.update(rasa=rasa, roles=roles)
    application.add_handler(CommandHandler("start", handlers.start))
    application.add_handler(CommandHandler("help", handlers.help_command))
    application.add_handler(CommandHandler("roles", handlers.roles_command))
    application.add_handler(CommandHandler("reset", handlers.reset))
    application.add_handler(CallbackQueryHandler(handlers.button_pressed))
    application.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, handlers.text_message))
    application.add_handler(MessageHandler(filters.COMMAND, handlers.unknown_command))
    application.add_error_handler(handlers.on_error)
    return application


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.telegram", description="Run the Telegram bot.")
    parser.add_argument("--webhook", action="store_true",
                        help="receive updates by webhook at TELEGRAM_WEBHOOK_URL (default: long polling)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)  # its request lines would show the token
    settings = TelegramSettings.from_env()
    if not settings.token:
        print("error: TELEGRAM_BOT_TOKEN is not set (create a bot with BotFather, see README)", file=sys.stderr)
        return 2
    if args.webhook and not (settings.webhook_url and settings.webhook_secret):
        print("error: webhook mode needs TELEGRAM_WEBHOOK_URL and TELEGRAM_WEBHOOK_SECRET", file=sys.stderr)
        return 2
    try:
        username = asyncio.run(_check_token(settings))
    except InvalidToken:
        print("error: Telegram refused the bot token in TELEGRAM_BOT_TOKEN (check it with BotFather)",
              file=sys.stderr)
        return 2
    except TelegramError as exc:
        print(f"error: cannot reach the Telegram Bot API at {settings.api_base_url}: {exc}", file=sys.stderr)
        return 2
    logger.info("starting @%s in %s mode, asking the assistant at %s", username,
                "webhook" if args.webhook else "polling", rasa_url())
    application = build_application(settings, RasaClient(rasa_url()))
    try:
        if args.webhook:
            application.run_webhook(
                listen=settings.webhook_listen, port=settings.webhook_port, url_path="telegram",
                webhook_url=settings.webhook_url, secret_token=settings.webhook_secret,
                allowed_updates=Update.ALL_TYPES,
            )
        else:
            application.run_polling(allowed_updates=Update.ALL_TYPES)
    except (InvalidToken, NetworkError) as exc:  # the token or the network went away after the check
        print(f"error: the Telegram bot stopped: {type(exc).__name__}", file=sys.stderr)
        return 2
    return 0


async def _check_token(settings: TelegramSettings) -> str:
    """Ask Telegram who the bot is before starting, so a bad token is one line, not a logged traceback."""
    async with Bot(settings.token, base_url=settings.api_base_url) as bot:
        return bot.username
