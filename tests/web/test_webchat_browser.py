"""The standard Rasa web client (rasa-webchat 1.0.1 from npm) on the demo site, over the socket.io channel,
in real headless Chromium against the real assistant.

Rasa 3.6's own socket.io channel never put the client in its session's room under python-socketio 5.18, so
this client got no reply at all; bot.channels.socketio fixes that.
"""
from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.web.conftest import screenshot


def ask(page: Page, text: str) -> None:
    box = page.locator(".rw-new-message")
    box.fill(text)
    box.press("Enter")


def test_rasa_webchat_gets_the_answer_and_keeps_the_session_after_a_reload(page: Page, site: str) -> None:
    page.goto(site + "/webchat.html")
    page.locator("button.rw-launcher").click()

    expect(page.locator(".rw-response").first).to_contain_text("job titles")  # the greeting, on opening
    ask(page, "what is a COO?")
    answer = page.locator(".rw-response", has_text="Chief Operating Officer")
    expect(answer).to_contain_text("runs the day-to-day operations of a company")
    screenshot(page, "rasa-webchat-what-is-a-coo")

    page.reload()
    container = page.locator(".rw-widget-container")
    expect(container).to_be_visible()
    if "rw-chat-open" not in (container.get_attribute("class") or ""):
        page.locator("button.rw-launcher").click()
    # the client shows the conversation it kept, and the assistant still knows which role it was about
    expect(page.locator(".rw-client").first).to_contain_text("what is a COO?")
    ask(page, "who do they report to?")
    expect(page.locator(".rw-response").last).to_contain_text(
        "The Chief Operating Officer reports to the Chief Executive Officer")
