"""action_answer_role with rasa-sdk's Tracker and CollectingDispatcher against a real SQLite role database."""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.actions import ActionAnswerRole, role_repository
from bot.config import PROJECT_ROOT


@pytest.fixture
def use_db(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    def use(url: str) -> None:
        monkeypatch.setenv("ROLE_DB_URL", url)
        role_repository.cache_clear()

    yield use
    role_repository.cache_clear()


@pytest.fixture
def catalogue_db(use_db: Any, catalogue_db_url: str) -> str:
    use_db(catalogue_db_url)
    return catalogue_db_url


@pytest.fixture
def dispatcher() -> CollectingDispatcher:
    return CollectingDispatcher()


@pytest.fixture(scope="session")
def domain() -> dict[str, Any]:
    return yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text(encoding="utf-8"))


def make_tracker(text: str, intent: str, roles: list[tuple[str, int, int] | str], slots: dict[str, Any] | None = None
                 ) -> Tracker:
    entities = []
    for role in roles:
        if isinstance(role, str):  # from a button payload: a value without a position
            entities.append({"entity": "role", "value": role})
        else:
            value, start, end = role
            entities.append({"entity": "role", "value": value, "start": start, "end": end})
    message = {"text": text, "intent": {"name": intent, "confidence": 0.9}, "entities": entities}
    return Tracker("test-user", slots or {}, message, [], False, None, {}, "action_listen")


CASES = [
    ("what is a COO?", "ask_definition", [("coo", 10, 13)], {}, "Chief Operating Officer",
     [SlotSet("current_role", "coo"), SlotSet("aspect", "definition"), SlotSet("shown", ["definition"])]),
    ("/ask_reports_to", "ask_reports_to", ["cfo"], {}, "reports to the Chief Executive Officer",
     [SlotSet("current_role", "cfo"), SlotSet("aspect", "reports_to"), SlotSet("shown", ["reports_to"])]),
    ("tell me more", "ask_more", [], {"current_role": "coo", "aspect": "definition", "shown": ["definition"]},
     "turns the company's strategy into daily work",
     [SlotSet("shown", ["definition", "details"])]),  # only what changed
    ("what is a chief vibes officer", "ask_definition", [("chief vibes officer", 10, 29)], {},
     'don\'t know the role "chief vibes officer"', []),
    ("what's the weather", "out_of_scope", [], {}, "job roles and positions", []),
]


@pytest.mark.parametrize("text, intent, roles, slots, expected_text, expected_events", CASES,
                         ids=[c[0] for c in CASES])
def test_action_replies_and_sets_the_context(catalogue_db: str, dispatcher: CollectingDispatcher,
                                             domain: dict[str, Any], text: str, intent: str, roles: list[Any],
                                             slots: dict[str, Any], expected_text: str,
                                             expected_events: list[dict[str, Any]]) -> None:
    events = ActionAnswerRole().run(dispatcher, make_tracker(text, intent, roles, slots), domain)

    [message] = dispatcher.messages
    assert expected_text in message["text"]
    assert events == expected_events


def test_typed_span_is_what_an_unknown_role_reply_repeats(catalogue_db: str, dispatcher: CollectingDispatcher,
                                                          domain: dict[str, Any]) -> None:
    # The synonym mapper may have changed the value; the person should see what they typed.
    text = "what is a Chief Snack Officer?"
    ActionAnswerRole().run(dispatcher, make_tracker(text, "ask_definition", [("x", 10, 29)]), domain)

    assert '"Chief Snack Officer"' in dispatcher.messages[0]["text"]


def test_database_fault_apologises_and_keeps_the_conversation(use_db: Any, dispatcher: CollectingDispatcher,
                                                               domain: dict[str, Any],
                                                               caplog: pytest.LogCaptureFixture) -> None:
    use_db("postgresql+psycopg2://roles@127.0.0.1:1/roles")
    tracker = make_tracker("what is a COO", "ask_definition", [("COO", 10, 13)], {"current_role": "cfo"})

    events = ActionAnswerRole().run(dispatcher, tracker, domain)

    assert events == []
    assert "can't reach my role database" in dispatcher.messages[0]["text"]
    assert any("failed" in r.message for r in caplog.records if r.levelname == "ERROR")


def test_the_job_posting_page_gives_the_role_in_context(catalogue_db: str, dispatcher: CollectingDispatcher,
                                                        domain: dict[str, Any]) -> None:
    tracker = make_tracker("who would I report to?", "ask_reports_to", [])
    tracker.events = [{"event": "user", "text": "who would I report to?", "metadata": {"page_role": "coo"}}]

    ActionAnswerRole().run(dispatcher, tracker, domain)

    assert "The Chief Operating Officer reports to the Chief Executive Officer" in dispatcher.messages[0]["text"]
