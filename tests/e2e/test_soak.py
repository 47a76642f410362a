"""A short soak (bench/soak.py; `make soak` runs the long one): 32 conversations at once while the action
server and then Rasa are killed and restarted. Nothing is answered wrong, no conversation loses its context,
none hears another's answers; and the same Rasa outage shows the widget's Retry and the Telegram bot's
"unavailable", both of which work again once Rasa is back."""
from __future__ import annotations

import time
from pathlib import Path

from playwright.sync_api import expect, sync_playwright

from bench.soak import UNAVAILABLE as UNAVAILABLE_SAID
from bench.soak import Soak
from bot.net import free_port
from bot.telegram.handlers import UNAVAILABLE
from bot.web.server import build_app
from tests.telegram.harness import BotInThread
from tests.web.conftest import BackgroundServer, launch_chromium


def test_a_soak_with_both_servers_restarting_loses_nothing(trained_model: Path, catalogue_db_url: str,
                                                           tmp_path: Path) -> None:
    from bot.telegram.app import repository_roles

    site_port = free_port()
    soak = Soak(trained_model, catalogue_db_url, tmp_path, cors=[f"http://127.0.0.1:{site_port}"])
    site = BackgroundServer(build_app(soak.rasa_url), site_port).start()
    # Playwright's own, closed at the end of this test: its event loop must not outlive it (the async tests
    # that follow need the main thread's loop free)
    playwright = sync_playwright().start()
    browser = launch_chromium(playwright)
    page = browser.new_page()
    page.set_default_timeout(60000)
    soak.start()
    try:
        with BotInThread(soak.rasa_url, lambda: repository_roles(catalogue_db_url)) as telegram:
            time.sleep(8)
            soak.kill_actions()
            time.sleep(2)
            said_while_actions_down = telegram.say("what is a CFO?")
            soak.restart_actions()
            time.sleep(5)

            soak.kill_rasa()
            page.goto(f"http://127.0.0.1:{site_port}/")
            page.get_by_role("button", name="Open the Job role assistant").click()
            box = page.get_by_role("textbox", name="Type your question")
            box.fill("what is a CTO?")
            box.press("Enter")
            expect(page.get_by_role("alert")).to_contain_text("Can't reach the assistant")
            said_while_rasa_down = telegram.say("what is a CFO?")
            soak.restart_rasa()
            page.get_by_role("button", name="Retry").click()
            expect(page.get_by_role("log")).to_contain_text("Chief Technology Officer")
            said_when_back = telegram.say("what is a CFO?")
            time.sleep(5)
    finally:
        report = soak.stop()
        browser.close()
        playwright.stop()
        site.stop()

    print(report.render())
    assert report.counts["wrong"] == 0 and report.counts["lost"] == 0 and report.counts["cross-talk"] == 0, \
        report.render()
    assert report.counts["right"] > 200
    assert report.counts["said unavailable"] > 0 and report.counts["no answer"] > 0  # both outages happened
    assert [m["text"] for m in said_while_actions_down] == [UNAVAILABLE_SAID]
    assert [m["text"] for m in said_while_rasa_down] == [UNAVAILABLE]
    assert "Chief Financial Officer" in said_when_back[0]["text"]
