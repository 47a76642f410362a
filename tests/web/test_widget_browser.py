"""The widget in real headless Chromium against the real assistant: what a person sees and can do."""
from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.web.conftest import BackgroundServer, forwarding_app, screenshot


def open_widget(page: Page, url: str) -> None:
    page.goto(url)
    page.get_by_role("button", name="Open the Job role assistant").click()
    expect(page.get_by_role("textbox", name="Type your question")).to_be_focused()


def ask(page: Page, text: str) -> None:
    box = page.get_by_role("textbox", name="Type your question")
    box.fill(text)
    box.press("Enter")


def test_a_question_gets_the_short_answer_and_tell_me_more_the_details(page: Page, site: str) -> None:
    open_widget(page, site + "/")
    log = page.get_by_role("log")
    expect(log).to_have_attribute("aria-live", "polite")

    ask(page, "what is a COO?")
    expect(log).to_contain_text("Chief Operating Officer")
    expect(log).to_contain_text("housekeeper")
    screenshot(page, "desktop-what-is-a-coo")
    page.get_by_role("button", name="Tell me more").last.click()

    expect(log).to_contain_text("turns the company's strategy into daily work")
    expect(page.get_by_role("textbox", name="Type your question")).to_have_value("")


def test_on_the_coo_posting_the_role_is_already_known(page: Page, site: str) -> None:
    page.goto(site + "/jobs/coo.html")
    page.get_by_role("button", name="Open the Job role assistant").click()
    log = page.get_by_role("log")
    expect(log).to_contain_text("Questions about the Chief Operating Officer role?")

    ask(page, "who would I report to?")
    expect(log).to_contain_text("The Chief Operating Officer reports to the Chief Executive Officer")
    ask(page, "tell me more")

    expect(log).to_contain_text("turns the company's strategy into daily work")


def test_the_conversation_survives_a_reload_and_start_over_clears_it(page: Page, site: str) -> None:
    open_widget(page, site + "/")
    ask(page, "what is a CFO?")
    expect(page.get_by_role("log")).to_contain_text("Chief Financial Officer")

    page.reload()
    log = page.get_by_role("log")
    expect(log).to_contain_text("what is a CFO?")
    expect(log).to_contain_text("Chief Financial Officer")
    ask(page, "who do they report to?")
    expect(log).to_contain_text("The Chief Financial Officer reports to the Chief Executive Officer")

    page.get_by_role("button", name="Start over").click()
    expect(log).not_to_contain_text("Chief Financial Officer")
    ask(page, "who do they report to?")
    expect(log).to_contain_text("Which role do you mean?")


def test_markup_is_shown_as_text_and_runs_nothing(page: Page, site: str) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    open_widget(page, site + "/")
    attack = "<img src=x onerror=alert(1)>"

    log = page.get_by_role("log")
    expect(log.locator(".ra-bot")).to_have_count(1)  # the greeting
    ask(page, attack)
    expect(log.locator(".ra-user .ra-bubble").last).to_have_text(attack)
    # the reply to the attack itself, not the greeting that was already there
    expect(log.locator(".ra-bot")).to_have_count(2)
    expect(log.locator(".ra-bot").last).to_contain_text("I can only help with questions about job roles")

    assert log.locator("img").count() == 0
    page.wait_for_timeout(500)
    assert dialogs == []


def test_assistant_unreachable_shows_retry_and_keeps_the_text(page: Page, flaky_site: tuple[str, int],
                                                               assistant) -> None:  # type: ignore[no-untyped-def]
    url, assistant_port = flaky_site
    open_widget(page, url + "/")

    ask(page, "what is a CTO?")
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Can't reach the assistant")
    expect(page.get_by_role("textbox", name="Type your question")).to_have_value("what is a CTO?")
    screenshot(page, "desktop-unreachable")

    back = BackgroundServer(forwarding_app(assistant.rasa_url), assistant_port).start()
    try:
        page.get_by_role("button", name="Retry").click()
        expect(page.get_by_role("log")).to_contain_text("Chief Technology Officer")
        expect(alert).to_be_hidden()
    finally:
        back.stop()
    assert page.get_by_role("log").locator(".ra-user").count() == 1  # the retry did not repeat the question


def test_a_new_question_after_a_failed_send_is_shown_and_answered(page: Page, flaky_site: tuple[str, int],
                                                                  assistant) -> None:  # type: ignore[no-untyped-def]
    url, assistant_port = flaky_site
    open_widget(page, url + "/")
    ask(page, "what is a CTO?")
    expect(page.get_by_role("alert")).to_contain_text("Can't reach the assistant")

    back = BackgroundServer(forwarding_app(assistant.rasa_url), assistant_port).start()
    try:
        ask(page, "what is a COO?")  # not Retry: another question
        log = page.get_by_role("log")
        expect(log).to_contain_text("Chief Operating Officer")
    finally:
        back.stop()
    assert log.locator(".ra-user .ra-bubble").all_inner_texts() == ["what is a CTO?", "what is a COO?"]


def test_shift_enter_makes_a_new_line_and_enter_sends(page: Page, site: str) -> None:
    open_widget(page, site + "/")
    box = page.get_by_role("textbox", name="Type your question")
    box.type("what is")
    box.press("Shift+Enter")
    box.type("a recruiter?")
    expect(box).to_have_value("what is\na recruiter?")

    box.press("Enter")
    expect(page.get_by_role("log")).to_contain_text("Recruiter")


def test_usable_on_a_360px_phone(browser, site: str) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    page = context.new_page()
    try:
        open_widget(page, site + "/jobs/coo.html")
        ask(page, "what is a COO?")
        expect(page.get_by_role("log")).to_contain_text("housekeeper")
        path = screenshot(page, "phone-360-coo")

        panel = page.get_by_role("dialog", name="Job role assistant").bounding_box()
        send = page.get_by_role("button", name="Send").bounding_box()
        box = page.get_by_role("textbox", name="Type your question").bounding_box()
        assert panel and send and box
        assert panel["x"] >= 0 and panel["x"] + panel["width"] <= 360
        assert send["x"] + send["width"] <= 360 and send["y"] + send["height"] <= 740
        assert box["width"] >= 200
        assert path.stat().st_size > 10_000
    finally:
        context.close()
