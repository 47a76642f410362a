"""The Telegram bot end to end: python-telegram-bot, the fake Bot API, and the real Rasa assistant."""
from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from types import SimpleNamespace

import aiohttp
from aiohttp import web
from telegram import Message

from bot.config import PROJECT_ROOT
from bot.net import free_port
from bot.roles.db import RoleDatabaseError
from bot.serve import Stack
from bot.telegram.formatting import callback_data, payload_from_callback, split_message
from bot.telegram.handlers import UNAVAILABLE, _long_payloads, send_replies
from bot.telegram.rasa_client import BotMessage
from tests.telegram.conftest import TOKEN, running_bot
from tests.telegram.fake_bot_api import FakeBotApi


def buttons_of(params: dict) -> list[dict]:
    markup = params.get("reply_markup") or {}
    return [row[0] | {} for row in markup.get("inline_keyboard", [])]


async def test_a_question_gets_the_short_answer_with_an_inline_keyboard(
        fake_api: FakeBotApi, assistant: Stack, roles_provider) -> None:  # type: ignore[no-untyped-def]
    async with running_bot(fake_api, assistant.rasa_url, roles_provider):
        fake_api.push_message(101, "what is a COO?")
        [reply] = await fake_api.wait_for("sendMessage", chat_id=101)

    assert "Chief Operating Officer" in reply["text"]
    assert "Tell me more" in [b["text"] for b in buttons_of(reply)]
    assert "parse_mode" not in reply  # plain text: nothing in a role or a question can break the message
    assert fake_api.sent("sendChatAction", chat_id=101)[0]["action"] == "typing"


async def test_tell_me_more_button_gives_the_details_and_retires_the_old_keyboard(
        fake_api: FakeBotApi, assistant: Stack, roles_provider) -> None:  # type: ignore[no-untyped-def]
    async with running_bot(fake_api, assistant.rasa_url, roles_provider):
        first = fake_api.push_message(102, "what is a COO?")
        [answer] = await fake_api.wait_for("sendMessage", chat_id=102)
        more = next(b for b in buttons_of(answer) if b["text"] == "Tell me more")
        shown = {"message_id": 5000, "date": 0, "chat": first["message"]["chat"], "text": answer["text"],
                 "from": {"id": 4242, "is_bot": True, "first_name": "Roles", "username": "role_test_bot"}}
        fake_api.push_callback(102, more["callback_data"], shown)
        replies = await fake_api.wait_for("sendMessage", chat_id=102, count=2)

    assert "turns the company's strategy into daily work" in replies[1]["text"]
    assert len(replies[1]["text"]) > len(answer["text"])
    assert fake_api.sent("answerCallbackQuery")
    assert fake_api.sent("editMessageReplyMarkup")[0]["message_id"] in (5000, "5000")


async def test_two_chats_at_once_each_get_their_own_answers(
        fake_api: FakeBotApi, assistant: Stack, roles_provider) -> None:  # type: ignore[no-untyped-def]
    async with running_bot(fake_api, assistant.rasa_url, roles_provider):
        fake_api.push_message(201, "what is a CFO?")
        fake_api.push_message(202, "what is a recruiter?")
        await fake_api.wait_for("sendMessage", chat_id=201)
        await fake_api.wait_for("sendMessage", chat_id=202)
        fake_api.push_message(201, "who do they report to?")
        fake_api.push_message(202, "who do they report to?")
        a = await fake_api.wait_for("sendMessage", chat_id=201, count=2)
        b = await fake_api.wait_for("sendMessage", chat_id=202, count=2)

    assert "Chief Financial Officer" in a[0]["text"] and "Recruiter" in b[0]["text"]
    assert "The Chief Financial Officer reports to" in a[1]["text"]
    assert "The Recruiter reports to the HR Manager" in b[1]["text"]


async def test_assistant_down_then_back(fake_api: FakeBotApi, assistant: Stack, roles_provider) -> None:  # type: ignore[no-untyped-def]
    port = free_port()  # nothing listens here until the "assistant" comes back

    async def forward(request: web.Request) -> web.Response:
        async with aiohttp.ClientSession() as session:
            async with session.post(assistant.rasa_url + request.path, data=await request.read(),
                                    headers={"Content-Type": "application/json"}) as upstream:
                return web.Response(body=await upstream.read(), content_type="application/json")

    async with running_bot(fake_api, f"http://127.0.0.1:{port}", roles_provider):
        fake_api.push_message(301, "what is a COO?")
        [down] = await fake_api.wait_for("sendMessage", chat_id=301)
        app = web.Application()
        app.router.add_post("/webhooks/rest/webhook", forward)
        runner = web.AppRunner(app)
        await runner.setup()
        await web.TCPSite(runner, "127.0.0.1", port).start()
        try:
            fake_api.push_message(301, "what is a COO?")
            replies = await fake_api.wait_for("sendMessage", chat_id=301, count=2)
        finally:
            await runner.cleanup()

    assert down["text"] == UNAVAILABLE
    assert "Chief Operating Officer" in replies[1]["text"]


async def test_a_6000_character_answer_is_split_at_paragraphs(fake_api: FakeBotApi, roles_provider) -> None:  # type: ignore[no-untyped-def]
    paragraphs = [f"Paragraph {i}: " + ("words about the role " * 14).strip() for i in range(20)]
    text = "\n\n".join(paragraphs)
    assert len(text) > 6000
    async with running_bot(fake_api, "http://127.0.0.1:1", roles_provider) as application:
        message = Message.de_json({"message_id": 1, "date": 0, "chat": {"id": 401, "type": "private"},
                                   "text": "x"}, application.bot)
        context = SimpleNamespace(bot_data={})
        await send_replies(message, [BotMessage(text, (("Tell me more", "/ask_more"),))], context)  # type: ignore[arg-type]

    sent = fake_api.sent("sendMessage", chat_id=401)
    assert len(sent) == 2 and all(len(s["text"]) <= 4096 for s in sent)
    assert all(s["text"].rstrip().endswith("role") for s in sent)  # cut between paragraphs
    assert "reply_markup" not in sent[0] and buttons_of(sent[1])[0]["text"] == "Tell me more"
    assert "\n\n".join(s["text"] for s in sent) == text.strip()


def test_split_message_falls_back_to_lines_and_words() -> None:
    assert split_message("a" * 10 + "\n" + "b" * 10, limit=12) == ["a" * 10, "b" * 10]
    assert split_message("word " * 10, limit=12) == ["word word", "word word", "word word", "word word",
                                                    "word word"]
    assert split_message("x" * 25, limit=10) == ["x" * 10, "x" * 10, "x" * 5]


async def test_groups_answer_only_when_mentioned_or_replied_to(
        fake_api: FakeBotApi, assistant: Stack, roles_provider) -> None:  # type: ignore[no-untyped-def]
    bot_message = {"message_id": 77, "date": 0, "chat": {"id": -500, "type": "group", "title": "G"},
                   "from": {"id": 4242, "is_bot": True, "first_name": "Roles", "username": "role_test_bot"},
                   "text": "earlier answer"}
    async with running_bot(fake_api, assistant.rasa_url, roles_provider):
        fake_api.push_message(-500, "what is a CFO? lunch at noon everyone", chat_type="group")
        text = "@role_test_bot what is a COO?"
        fake_api.push_message(-500, text, chat_type="group", entities=[{"type": "mention", "offset": 0, "length": 14}])
        fake_api.push_message(-500, "and who does a recruiter report to?", chat_type="group", reply_to=bot_message)
        replies = await fake_api.wait_for("sendMessage", chat_id=-500, count=2)
        await asyncio.sleep(1.5)

    texts = [r["text"] for r in fake_api.sent("sendMessage", chat_id=-500)]
    assert len(texts) == 2
    assert any("Chief Operating Officer" in t for t in texts)
    assert any("The Recruiter reports to" in t for t in texts)
    assert not any("Chief Financial Officer" in t for t in texts)
    assert [r["text"] for r in replies] == texts


async def test_start_roles_paging_and_reset(fake_api: FakeBotApi, assistant: Stack, roles_provider) -> None:  # type: ignore[no-untyped-def]
    async with running_bot(fake_api, assistant.rasa_url, roles_provider):
        fake_api.push_message(601, "/start")
        [start] = await fake_api.wait_for("sendMessage", chat_id=601)
        fake_api.push_message(601, "/roles")
        roles = (await fake_api.wait_for("sendMessage", chat_id=601, count=2))[1]
        next_page = roles["reply_markup"]["inline_keyboard"][-1][-1]
        fake_api.push_callback(601, next_page["callback_data"], {"message_id": 9, "date": 0, "text": "x",
                                                                 "chat": {"id": 601, "type": "private"}})
        [page_two] = await fake_api.wait_for("editMessageText", chat_id=601)
        fake_api.push_message(601, "what is a CFO?")
        await fake_api.wait_for("sendMessage", chat_id=601, count=3)
        fake_api.push_message(601, "/reset")
        await fake_api.wait_for("sendMessage", chat_id=601, count=4)
        fake_api.push_message(601, "who do they report to?")
        after_reset = (await fake_api.wait_for("sendMessage", chat_id=601, count=5))[4]

    assert "What is a COO?" in [b["text"] for b in buttons_of(start)]
    known = len(roles_provider())
    pages = -(-known // 10)
    assert roles["text"].startswith(f"I know {known} roles (page 1 of {pages})") and next_page["text"] == "Next ▶"
    assert f"(page 2 of {pages})" in page_two["text"]
    assert len(roles["reply_markup"]["inline_keyboard"]) == 11  # ten roles and the page buttons
    assert after_reset["text"].startswith("Which role do you mean?")


async def test_roles_without_the_role_database_shows_the_assistants_list(
        fake_api: FakeBotApi, assistant: Stack, roles_provider) -> None:  # type: ignore[no-untyped-def]
    def unreachable() -> list:  # type: ignore[type-arg]
        raise RoleDatabaseError("the role database at sqlite:///nowhere.db cannot be opened")

    async with running_bot(fake_api, assistant.rasa_url, unreachable):
        fake_api.push_message(611, "/roles")
        [reply] = await fake_api.wait_for("sendMessage", chat_id=611)

    curated = len(roles_provider())
    assert reply["text"].startswith(f"I know {curated} roles in detail") and "Scrum Master" in reply["text"]


async def test_webhook_mode_checks_the_secret(fake_api: FakeBotApi, assistant: Stack, roles_provider) -> None:  # type: ignore[no-untyped-def]
    port, secret = free_port(), "s3cret-Token_1"
    async with running_bot(fake_api, assistant.rasa_url, roles_provider, webhook=(port, secret)):
        assert fake_api.webhook == {"url": f"http://127.0.0.1:{port}/telegram", "secret_token": secret}
        fake_api.push_message(701, "who does the COO report to?")
        [reply] = await fake_api.wait_for("sendMessage", chat_id=701)
        update = {"update_id": 999, "message": {"message_id": 1, "date": 0, "text": "hi",
                                                "chat": {"id": 702, "type": "private"}}}
        async with aiohttp.ClientSession() as session:
            url = f"http://127.0.0.1:{port}/telegram"
            wrong = await session.post(url, json=update, headers={"X-Telegram-Bot-Api-Secret-Token": "nope"})
            missing = await session.post(url, json=update)

    assert "The Chief Operating Officer reports to the Chief Executive Officer" in reply["text"]
    assert (wrong.status, missing.status) == (403, 403)
    assert not fake_api.sent("sendMessage", chat_id=702)


async def test_invalid_token_is_a_one_line_startup_error(fake_api: FakeBotApi) -> None:
    env = {**os.environ, "TELEGRAM_BOT_TOKEN": "999:wrong-token", "TELEGRAM_API_BASE_URL": fake_api.url}
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot.telegram", cwd=PROJECT_ROOT, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(process.communicate(), timeout=120)

    assert process.returncode == 2
    assert err.decode().strip().splitlines()[-1].startswith("error: Telegram refused the bot token")
    assert "wrong-token" not in out.decode() + err.decode() and TOKEN not in err.decode()


def test_missing_token_is_a_one_line_error() -> None:
    env = {k: v for k, v in os.environ.items() if k != "TELEGRAM_BOT_TOKEN"}
    result = subprocess.run([sys.executable, "-m", "bot.telegram"], cwd=PROJECT_ROOT, env=env,
                            capture_output=True, text=True, timeout=120)

    assert result.returncode == 2 and result.stderr.startswith("error: TELEGRAM_BOT_TOKEN is not set")


async def test_the_fake_bot_api_refuses_what_telegram_refuses(fake_api: FakeBotApi) -> None:
    async with aiohttp.ClientSession() as session:
        async def call(method: str, **params: object) -> dict:
            async with session.post(f"{fake_api.url}{TOKEN}/{method}", json=params) as response:
                return await response.json()

        too_long = await call("sendMessage", chat_id=1, text="é" * 4097)
        at_limit = await call("sendMessage", chat_id=1, text="😀" * 2048)  # 4,096 UTF-16 code units
        over_in_utf16 = await call("sendMessage", chat_id=1, text="😀" * 2049)
        empty = await call("sendMessage", chat_id=1, text=" ")
        long_data = await call("sendMessage", chat_id=1, text="hi", reply_markup={
            "inline_keyboard": [[{"text": "Tell me more", "callback_data": "/ask_more" + "x" * 60}]]})

    assert too_long == {"ok": False, "error_code": 400, "description": "Bad Request: message is too long"}
    assert at_limit["ok"] is True and over_in_utf16["description"] == "Bad Request: message is too long"
    assert empty["description"] == "Bad Request: message text is empty"
    assert long_data["description"] == "Bad Request: BUTTON_DATA_INVALID"
    assert len(fake_api.refused) == 4


async def test_buttons_with_long_payloads_fit_telegrams_64_bytes(fake_api: FakeBotApi, roles_provider) -> None:  # type: ignore[no-untyped-def]
    payload = '/ask_compare{"role": ["chief-operating-officer-of-a-very-long-named-unit", "cfo"]}'
    assert len(payload.encode()) > 64
    async with running_bot(fake_api, "http://127.0.0.1:1", roles_provider) as application:
        message = Message.de_json({"message_id": 1, "date": 0, "chat": {"id": 402, "type": "private"},
                                   "text": "x"}, application.bot)
        context = SimpleNamespace(bot_data={})
        await send_replies(message, [BotMessage("Compare them?", (("Compare", payload),))], context)  # type: ignore[arg-type]

    [sent] = fake_api.sent("sendMessage", chat_id=402)
    assert not fake_api.refused
    assert len(buttons_of(sent)[0]["callback_data"].encode()) <= 64


def test_payloads_kept_aside_for_long_buttons_stay_bounded() -> None:
    context = SimpleNamespace(bot_data={})
    keys = [callback_data(f'/ask_compare{{"role":["{"x" * 60}-{i}","cfo"]}}', _long_payloads(context))  # type: ignore[arg-type]
            for i in range(5000)]

    kept = context.bot_data["long_payloads"]
    assert len(kept) <= 2048
    assert payload_from_callback(keys[-1], kept) == f'/ask_compare{{"role":["{"x" * 60}-4999","cfo"]}}'
    assert payload_from_callback(keys[0], kept) is None  # a button that old is answered as expired


async def test_a_command_the_bot_does_not_have_gets_a_reply(
        fake_api: FakeBotApi, assistant: Stack, roles_provider) -> None:  # type: ignore[no-untyped-def]
    async with running_bot(fake_api, assistant.rasa_url, roles_provider):
        fake_api.push_message(701, '/ask_definition{"role":')
        [reply] = await fake_api.wait_for("sendMessage", chat_id=701)
        fake_api.push_message(-702, "/foo", chat_type="group")  # meant for another bot: silence
        fake_api.push_message(-702, "/foo@role_test_bot", chat_type="group")
        [group_reply] = await fake_api.wait_for("sendMessage", chat_id=-702)
        await asyncio.sleep(1)

    assert reply["text"].startswith("I don't know that command.") and "/help" in reply["text"]
    assert group_reply["text"] == reply["text"] and len(fake_api.sent("sendMessage", chat_id=-702)) == 1
