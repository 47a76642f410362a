"""Small handlers, one per kind of update; each forwards to the assistant and sends its replies."""
from __future__ import annotations

import logging
from collections.abc import Callable

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.constants import ChatAction, ChatType, MessageEntityType
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot.answers import Reply, ask_payload
from bot.roles.records import RoleRef
from bot.small_talk import greeting, help_reply
from bot.telegram.formatting import LongPayloads, keyboard, payload_from_callback, split_message
from bot.telegram.rasa_client import AssistantUnavailable, BotMessage, RasaClient, sender_for_chat

logger = logging.getLogger(__name__)

UNAVAILABLE = "The assistant is unavailable, please try again shortly."
# Telegram's own commands, told after the assistant's help (bot.small_talk).
COMMANDS_HELP = "/roles lists the roles I know, /reset starts our conversation over."
UNKNOWN_COMMAND = (
    "I don't know that command. Ask me in words, for example \"What is a COO?\"; /help says what I can do."
)
EXPIRED_BUTTON = "That button is too old to remember its question. Please ask it again in words."
ROLES_PER_PAGE = 10

RolesProvider = Callable[[], list[RoleRef]]


def _rasa(context: ContextTypes.DEFAULT_TYPE) -> RasaClient:
    return context.bot_data["rasa"]


def _long_payloads(context: ContextTypes.DEFAULT_TYPE) -> LongPayloads:
    return context.bot_data.setdefault("long_payloads", LongPayloads())


async def send_replies(message: Message, replies: list[BotMessage], context: ContextTypes.DEFAULT_TYPE) -> None:
    """Each reply as one or more messages; its buttons go under the last piece."""
    for reply in replies:
        pieces = split_message(reply.text) or ["…"]
        for i, piece in enumerate(pieces):
            markup = keyboard(reply.buttons, _long_payloads(context)) if i == len(pieces) - 1 else None
            await message.reply_text(piece, reply_markup=markup, do_quote=False)


async def ask_assistant(message: Message, text: str, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Show "typing…", forward the text, send the replies, or say the assistant is unavailable."""
    try:
        await message.chat.send_action(ChatAction.TYPING)
    except TelegramError:
        pass  # "typing…" is a courtesy; the answer matters
    try:
        replies = await _rasa(context).send(sender_for_chat(message.chat_id), text)
    except AssistantUnavailable as exc:
        logger.warning("assistant unavailable for chat %s: %s", message.chat_id, exc)
        await message.reply_text(UNAVAILABLE, do_quote=False)
        return
    await send_replies(message, replies, context)


def _markup(reply: Reply, context: ContextTypes.DEFAULT_TYPE) -> InlineKeyboardMarkup | None:
    return keyboard(tuple((b.title, b.payload) for b in reply.buttons), _long_payloads(context))


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    hello = greeting()
    await update.effective_message.reply_text(hello.text, reply_markup=_markup(hello, context))


async def help_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    helping = help_reply()
    await update.effective_message.reply_text(f"{helping.text}\n\n{COMMANDS_HELP}",
                                              reply_markup=_markup(helping, context))


async def reset(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    try:
        await _rasa(context).send(sender_for_chat(update.effective_chat.id), "/restart")
    except AssistantUnavailable:
        await update.effective_message.reply_text(UNAVAILABLE)
        return
    await update.effective_message.reply_text("Done: our conversation starts over. Ask me about any role.")


def roles_page(roles: list[RoleRef], page: int) -> tuple[str, InlineKeyboardMarkup]:
    pages = max(1, -(-len(roles) // ROLES_PER_PAGE))
    page = min(max(page, 0), pages - 1)
    shown = roles[page * ROLES_PER_PAGE:(page + 1) * ROLES_PER_PAGE]
    rows = [[InlineKeyboardButton(r.title, callback_data=ask_payload("ask_definition", r.slug))] for r in shown]
    nav = []
    if page > 0:
        nav.append(InlineKeyboardButton("◀ Previous", callback_data=f"roles:{page - 1}"))
    if page < pages - 1:
        nav.append(InlineKeyboardButton("Next ▶", callback_data=f"roles:{page + 1}"))
    if nav:
        rows.append(nav)
    text = f"I know {len(roles)} roles (page {page + 1} of {pages}). Tap one to ask about it:"
    return text, InlineKeyboardMarkup(rows)


async def roles_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The curated roles as pages of buttons, read from the role database (ROLE_DB_URL); when this process cannot
    read it, the assistant's own list of roles instead."""
    provider: RolesProvider = context.bot_data["roles"]
    try:
        roles = provider()
    except Exception as exc:  # noqa: BLE001 - any database fault: the assistant still knows its roles
        logger.warning("/roles: the role database could not be read (%s); asking the assistant", exc)
        await ask_assistant(update.effective_message, "/list_roles", context)
        return
    text, markup = roles_page(roles, 0)
    await update.effective_message.reply_text(text, reply_markup=markup)


def _addressed_to_bot(message: Message, username: str) -> bool:
    """In groups, only messages that mention the bot or reply to it are for it."""
    if message.chat.type == ChatType.PRIVATE:
        return True
    if message.reply_to_message and message.reply_to_message.from_user and \
            message.reply_to_message.from_user.username == username:
        return True
    mentions = message.parse_entities([MessageEntityType.MENTION])
    return any(text.lstrip("@").lower() == username.lower() for text in mentions.values())


def _without_mention(text: str, username: str) -> str:
    return " ".join(word for word in text.split() if word.lstrip("@").lower() != username.lower()).strip()


async def text_message(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    username = context.bot.username
    if message is None or not message.text or not _addressed_to_bot(message, username):
        return
    text = _without_mention(message.text, username)
    if not text:
        hello = greeting()
        await message.reply_text(hello.text, reply_markup=_markup(hello, context), do_quote=False)
        return
    await ask_assistant(message, text, context)


async def unknown_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A command the bot does not have ("/ask_definition{...}", "/foo"): say so, rather than stay silent. In
    groups, only commands addressed to this bot ("/foo@this_bot") are answered."""
    message = update.effective_message
    if message is None or not message.text:
        return
    command = message.text.split(maxsplit=1)[0].lower()
    if message.chat.type != ChatType.PRIVATE and not command.endswith("@" + context.bot.username.lower()):
        return
    await message.reply_text(UNKNOWN_COMMAND, do_quote=False)


async def button_pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Acknowledge the press, take the keyboard off the old message, then ask its question."""
    query = update.callback_query
    await query.answer()
    data = query.data or ""
    if data.startswith("roles:"):
        provider: RolesProvider = context.bot_data["roles"]
        text, markup = roles_page(provider(), int(data.split(":", 1)[1]))
        await query.edit_message_text(text, reply_markup=markup)
        return
    try:
        await query.edit_message_reply_markup(reply_markup=None)
    except TelegramError:
        pass  # already edited (a double tap): the question still goes once per press Telegram delivers
    payload = payload_from_callback(data, _long_payloads(context))
    if query.message is None:
        return
    if not payload:
        await query.message.reply_text(EXPIRED_BUTTON, do_quote=False)
        return
    await ask_assistant(query.message, payload, context)


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    logger.error("while handling an update: %s", context.error, exc_info=context.error)
