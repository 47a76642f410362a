"""The conversation player checks what a reply answered (aspect and role), not words it happens to contain."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from bot.facts import FACTS_KEY, facts
from bot.training.conversations import ConversationFileError, load_conversations, turn_problems


def reply(text: str, aspect: str, roles: tuple[str, ...] = (), buttons: tuple[str, ...] = (),
          name: str = "") -> list[dict[str, Any]]:
    """A reply as the REST channel returns it: the text with its buttons, then the facts."""
    return [{"recipient_id": "x", "text": text, "buttons": [{"title": b, "payload": "/x"} for b in buttons]},
            {"recipient_id": "x", "custom": {FACTS_KEY: facts(aspect, roles, name)}}]


COO = "A Chief Operating Officer runs the company's day-to-day operations."
TURN = {"user": "what does a COO do?", "aspect": "responsibilities", "role": "coo", "expect": ["Chief Operating"]}


def test_a_reply_about_the_right_role_and_aspect_passes() -> None:
    assert turn_problems(TURN, reply(COO, "responsibilities", ("coo",)), "") == []


def test_a_reply_that_answers_another_aspect_fails_even_when_its_words_fit() -> None:
    """The definition names the Chief Operating Officer too: the old word check passed it."""
    assert turn_problems(TURN, reply(COO, "definition", ("coo",)), "") == ["answered definition, not responsibilities"]


def test_a_reply_about_another_role_fails() -> None:
    assert turn_problems(TURN, reply(COO, "responsibilities", ("ceo",)), "") == ["about ['ceo'], not coo"]


def test_a_which_one_question_does_not_pass_for_the_answer_its_button_names() -> None:
    asked = reply("COO can mean more than one role. Which one?", "ambiguous", buttons=("Chief Operating Officer",))

    problems = turn_problems({**TURN, "aspect": "definition"}, asked, "")

    assert problems == ["answered ambiguous, not definition", "about [], not coo",
                        "text lacks Chief Operating"]


def test_button_titles_are_checked_only_where_named() -> None:
    turn = {"user": "what is a CPO?", "aspect": "ambiguous", "name": "CPO", "expect_buttons": ["Chief Product"]}

    assert turn_problems(turn, reply("CPO can mean two roles.", "ambiguous", buttons=("Chief Product Officer",),
                                     name="CPO"), "") == []
    assert turn_problems(turn, reply("CPO can mean two roles.", "ambiguous", name="CPO"), "") == [
        "buttons lacks Chief Product"]


def test_a_reply_without_facts_fails() -> None:
    assert "the reply carries no facts about what it answered" in turn_problems(
        TURN, [{"recipient_id": "x", "text": COO}], "")


@pytest.mark.parametrize("turn, problem", [
    ({"user": "what is a COO?", "expect": ["Chief"]}, "turn 1: no `aspect`"),
    ({"user": "what is a COO?", "aspect": "definition", "expcet": ["Chief"]}, "unknown key(s) expcet"),
    ({"user": "COO vs CEO", "aspect": "compare", "role": "coo", "roles": ["coo", "ceo"]}, "not both"),
])
def test_a_turn_without_an_assertion_or_with_a_typo_is_an_error_in_the_file(
    tmp_path: Path, turn: dict[str, Any], problem: str,
) -> None:
    import yaml

    (tmp_path / "bad.yml").write_text(yaml.safe_dump({"conversations": [{"name": "c", "turns": [turn]}]}))

    with pytest.raises(ConversationFileError, match=re.escape(problem)) as error:
        load_conversations(tmp_path)
    assert str(error.value).startswith("bad.yml: 'c', turn 1: ")
