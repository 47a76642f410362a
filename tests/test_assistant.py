"""The turn logic and the answers, on the project's catalogue, without Rasa."""
from __future__ import annotations

import pytest

from bot.assistant import Context, Outcome, Turn, answer_turn
from bot.roles.repository import RoleReader


@pytest.fixture
def reader(catalogue_reader: RoleReader) -> RoleReader:
    return catalogue_reader


def play(reader: RoleReader, *turns: tuple[str, str, tuple[str, ...]]) -> list[Outcome]:
    """Run turns (intent, text, role mentions) through one conversation."""
    context, outcomes = Context(), []
    for intent, text, mentions in turns:
        outcome = answer_turn(Turn(intent, text, mentions), context, reader)
        outcomes.append(outcome)
        context = outcome.context
    return outcomes


def test_definition_names_the_full_title_and_offers_next_questions(reader: RoleReader) -> None:
    [outcome] = play(reader, ("ask_definition", "what is a COO?", ("COO",)))

    assert "Chief Operating Officer" in outcome.reply.text
    assert [b.title for b in outcome.reply.buttons] == ["Tell me more", "Who do they report to?", "Skills needed",
                                                        "Pay"]
    assert outcome.reply.buttons[0].payload == '/ask_more{"role":"coo"}'
    assert outcome.context.role == "coo"


def test_tell_me_more_walks_the_layers_without_repeating_and_then_says_so(reader: RoleReader) -> None:
    turns = [("ask_definition", "what is a cfo", ("cfo",))] + [("ask_more", "tell me more", ())] * 5
    texts = [o.reply.text for o in play(reader, *turns)]
    cfo = reader.get("cfo")
    assert cfo is not None

    assert texts[1] == cfo.details
    assert cfo.responsibilities[0] in texts[2]
    assert cfo.skills[0] in texts[3]
    assert cfo.how_to_become in texts[4]
    assert texts[5].startswith("That's all I have on the Chief Financial Officer")
    assert all(a != b for a, b in zip(texts, texts[1:], strict=False))


def test_more_skips_what_a_direct_question_already_showed(reader: RoleReader) -> None:
    outcomes = play(
        reader,
        ("ask_responsibilities", "what does a recruiter do", ("recruiter",)),
        ("ask_more", "go on", ()),
        ("ask_more", "go on", ()),
    )
    recruiter = reader.get("recruiter")
    assert recruiter is not None

    assert outcomes[1].reply.text == recruiter.details
    assert recruiter.skills[0] in outcomes[2].reply.text


@pytest.mark.parametrize(
    "intent, text, expected",
    [
        ("ask_reports_to", "who does the COO report to?",
         "The Chief Operating Officer reports to the Chief Executive Officer."),
        ("ask_reports_to", "who is the CEO's boss?", "reports to the Board of Directors"),
        ("ask_reports_to", "who is the board's boss", "shareholders"),
        ("ask_direct_reports", "who reports to the CFO", "Financial Controller"),
        ("ask_skills", "skills for a data analyst", "Skills and qualifications a Data Analyst needs"),
        ("ask_how_to_become", "how to become a ux designer", "How to become a UX Designer"),
        ("ask_responsibilities", "what does an accountant do", "What an Accountant is responsible for"),
    ],
)
def test_each_aspect_answers_from_the_record(reader: RoleReader, intent: str, text: str, expected: str) -> None:
    [outcome] = play(reader, (intent, text, ()))

    assert expected in outcome.reply.text


def test_follow_ups_keep_the_role_and_what_about_repeats_the_aspect(reader: RoleReader) -> None:
    outcomes = play(
        reader,
        ("ask_definition", "What is the position of CFO?", ("CFO",)),
        ("ask_reports_to", "who do they report to?", ()),
        ("ask_same_about", "what about the CTO?", ("CTO",)),
    )

    assert "Chief Financial Officer reports to the Chief Executive Officer" in outcomes[1].reply.text
    assert "Chief Technology Officer reports to the Chief Executive Officer" in outcomes[2].reply.text


def test_comparison_uses_both_records_and_context(reader: RoleReader) -> None:
    outcomes = play(
        reader,
        ("ask_compare", "COO vs CEO?", ("COO", "CEO")),
        ("ask_definition", "what is a cto", ("cto",)),
        ("ask_compare", "how is that different from a CIO?", ("CIO",)),
    )

    assert "Chief Operating Officer (COO) vs Chief Executive Officer (CEO)" in outcomes[0].reply.text
    assert "The Chief Operating Officer reports to the Chief Executive Officer." in outcomes[0].reply.text
    assert outcomes[2].reply.text.startswith("Chief Technology Officer (CTO) vs Chief Information Officer (CIO)")


def test_unknown_role_is_named_as_typed_without_other_roles(reader: RoleReader) -> None:
    [outcome] = play(reader, ("ask_definition", "what is a chief vibes officer?", ("chief vibes officer",)))

    assert 'I don\'t know the role "chief vibes officer"' in outcome.reply.text
    assert "Chief Operating Officer" not in outcome.reply.text
    assert outcome.context == Context()


@pytest.mark.parametrize("text, marked", [("what does a special ed para do?", "para"),
                                           ("what is a Paraprofessional - Special Education?", "Paraprofessional")])
def test_a_role_whose_own_title_excepts_the_words_typed_with_its_name_is_not_answered(
        reader: RoleReader, text: str, marked: str) -> None:
    """"Para" names teaching assistants "except special education": a special ed para is offered the special
    education teaching assistant instead, whatever part of the title the model marked."""
    [outcome] = play(reader, ("ask_responsibilities", text, (marked,)))

    assert "except special education" not in outcome.reply.text.lower()
    assert outcome.reply.buttons[0].title == "Special Education Teaching Assistant"
    assert outcome.context.role is None


def test_a_shared_name_whose_other_roles_except_the_words_typed_with_it_is_the_one_left(reader: RoleReader) -> None:
    """"Flooring installer" names floor layers "except carpet" and carpet installers: a carpet one is the latter."""
    [outcome] = play(reader, ("ask_responsibilities", "what does a carpet flooring installer do?",
                              ("flooring installer",)))

    assert outcome.context.role == "carpet-installer"
    assert outcome.reply.text.startswith("What a Carpet Installer usually does")


def test_close_unknown_name_offers_up_to_three_roles(reader: RoleReader) -> None:
    [outcome] = play(reader, ("ask_definition", "what is a forklift wizard", ("forklift wizard",)))

    assert 'I don\'t know the role "forklift wizard"' in outcome.reply.text
    assert 1 <= len(outcome.reply.buttons) <= 3
    assert "Industrial Truck or Tractor Operator" in [b.title for b in outcome.reply.buttons]


def test_ambiguous_abbreviation_asks_which_with_a_button_each(reader: RoleReader) -> None:
    [outcome] = play(reader, ("ask_reports_to", "who does the CPO report to", ("CPO",)))

    # The text names the options too, so it reads right without buttons (a terminal, a notification).
    assert "CPO can mean more than one role: Chief Human Resources Officer or Chief Product Officer" in (
        outcome.reply.text)
    assert {b.payload for b in outcome.reply.buttons} == {
        '/ask_reports_to{"role":"chro"}', '/ask_reports_to{"role":"chief-product-officer"}'
    }


def test_a_shared_title_taken_in_its_usual_sense_says_so_and_offers_the_other(reader: RoleReader) -> None:
    [named, in_text] = play(reader, ("ask_responsibilities", "what does a personal trainer do?", ("personal trainer",)),
                            ("ask_skills", "skills a personal trainer needs", ()))

    for outcome, intent in ((named, "ask_responsibilities"), (in_text, "ask_skills")):
        assert outcome.roles == ("exercise-trainer-or-group-fitness-instructor",)
        assert outcome.reply.text.startswith('I took "personal trainer" to mean Exercise Trainer or Group Fitness '
                                             "Instructor, the likeliest match; it may also mean Athletic Trainer.")
        assert outcome.reply.buttons[0].payload == f'/{intent}{{"role":"athletic-trainer"}}'
    assert named.aspect == "responsibilities" and in_text.aspect == "skills"


def test_role_named_in_text_is_found_when_the_model_missed_the_entity(reader: RoleReader) -> None:
    [outcome] = play(reader, ("ask_skills", "what skills does a scrum master need", ()))

    assert "Scrum Master" in outcome.reply.text


def test_no_role_anywhere_asks_which_role(reader: RoleReader) -> None:
    [outcome] = play(reader, ("ask_reports_to", "who do they report to?", ()))

    assert outcome.reply.text.startswith("Which role do you mean?")


@pytest.mark.parametrize("intent", ["out_of_scope", "nlu_fallback"])
def test_out_of_scope_and_low_confidence_redirect_to_roles(reader: RoleReader, intent: str) -> None:
    [outcome] = play(reader, (intent, "what's the weather like in Paris", ()))

    assert "job roles" in outcome.reply.text or "job role" in outcome.reply.text
    assert outcome.reply.buttons


def test_a_bare_role_name_with_low_confidence_is_still_answered(reader: RoleReader) -> None:
    [outcome] = play(reader, ("nlu_fallback", "coo??", ()))

    assert "Chief Operating Officer" in outcome.reply.text


def test_list_roles_names_every_curated_role_and_counts_the_occupations(reader: RoleReader) -> None:
    [outcome] = play(reader, ("list_roles", "which roles do you know", ()))

    curated = [r for r in reader.all_roles() if r.source == "curated"]
    imported = len(reader.all_roles()) - len(curated)
    assert outcome.reply.text.startswith(f"I know {len(curated)} roles in detail")
    assert "Chief Operating Officer (COO)" in outcome.reply.text and "Scrum Master" in outcome.reply.text
    assert f"I also know {imported} more occupations from the O*NET database" in outcome.reply.text
    assert imported > 900 and "Dental Hygienist" not in outcome.reply.text


def test_low_confidence_with_a_named_role_takes_the_best_role_guess(reader: RoleReader) -> None:
    turn = Turn("nlu_fallback", "hmm recruiters, who is their boss", ("recruiters",),
                ranking=("nlu_fallback", "ask_reports_to", "ask_definition"))

    outcome = answer_turn(turn, Context(), reader)

    assert "The Recruiter reports to the HR Manager" in outcome.reply.text


def test_an_unrecognised_title_is_not_answered_with_the_previous_role(reader: RoleReader) -> None:
    outcomes = play(
        reader,
        ("ask_definition", "what is a paralegal", ("paralegal",)),
        ("ask_definition", "what is a blockchain evangelist?", ()),
    )

    assert 'I don\'t know the role "blockchain evangelist"' in outcomes[1].reply.text
    assert "Paralegal" not in outcomes[1].reply.text


@pytest.mark.parametrize(
    "intent, text, title",
    [
        ("ask_definition", "waht is a scrum mastr?", "Scrum Master"),
        ("ask_definition", "what is a recepsionist", "Receptionist"),
        ("ask_definition", "please explain me what is vp of ops", "Vice President of Operations"),
        ("ask_same_about", "what about the marketing manger?", "Marketing Manager"),
    ],
)
def test_typos_the_model_did_not_mark_are_found_in_the_text(reader: RoleReader, intent: str, text: str,
                                                            title: str) -> None:
    outcomes = play(reader, ("ask_definition", "what is a paralegal", ("paralegal",)), (intent, text, ()))

    assert title in outcomes[1].reply.text and "Paralegal" not in outcomes[1].reply.text


def test_comparison_finds_the_second_role_the_model_missed(reader: RoleReader) -> None:
    [outcome] = play(reader, ("ask_compare", "frontend vs backend developer", ("backend developer",)))

    assert "Frontend Developer vs Backend Developer" in outcome.reply.text


def test_a_name_the_model_cut_short_is_widened_to_the_whole_title(reader: RoleReader) -> None:
    [outcome] = play(reader, ("ask_definition", "please explain me what is vp of ops", ("ops",)))

    assert "Vice President of Operations" in outcome.reply.text


def test_the_askers_own_role_is_not_the_question(reader: RoleReader) -> None:
    [outcome] = play(reader, ("ask_definition", "I'm a recruiter, what is a DevOps engineer?",
                              ("recruiter", "DevOps engineer")))

    assert "DevOps Engineer" in outcome.reply.text and "Recruiter" not in outcome.reply.text


def test_what_about_without_a_role_takes_the_next_guess(reader: RoleReader) -> None:
    outcomes = play(reader, ("ask_reports_to", "who is the CFO's superior?", ("CFO",)))
    turn = Turn("ask_same_about", "What about the subordinates?", ranking=("ask_same_about", "ask_direct_reports"))

    outcome = answer_turn(turn, outcomes[0].context, reader)

    assert outcome.reply.text.startswith("Reporting directly to the Chief Financial Officer")


def test_a_comparison_with_one_role_and_nothing_in_context_says_what_it_is(reader: RoleReader) -> None:
    [outcome] = play(reader, ("ask_compare", "i got an offer for an account manager job. what is it?",
                              ("account manager",)))

    assert "Account Manager" in outcome.reply.text and "compare" not in outcome.reply.text


# Two-turn conversations: the second reply must start as given (and hold any extra texts).
FOLLOW_UPS = {
    "naming the role after 'which one?' answers the original question": (
        ("ask_direct_reports", "who reports to the CPO?", ("CPO",)),
        ("ask_definition", "the chief product officer", ("chief product officer",)),
        "Reporting directly to the Chief Product Officer", ["which one"], []),
    "'who else reports to them?' is about the boss just named": (
        ("ask_reports_to", "who does the warehouse manager report to", ("warehouse manager",)),
        ("ask_direct_reports", "and who else reports to that person?", ()),
        "Reporting directly to the Supply Chain Manager", [], ["Procurement Manager"]),
    "'what about a data scientist?' repeats the last question": (
        ("ask_skills", "what skills does a data analyst need?", ("data analyst",)),
        ("ask_definition", "what about a data scientist?", ("data scientist",)),
        "Skills and qualifications a Data Scientist needs", [], []),
    "'And the data scientist?' repeats the last question": (
        ("ask_skills", "what skills does a data analyst need?", ("data analyst",)),
        ("ask_definition", "And the data scientist?", ("data scientist",)),
        "Skills and qualifications a Data Scientist needs", [], []),
    "'ok how about data scientists' repeats the last question": (
        ("ask_skills", "what skills does a data analyst need?", ("data analyst",)),
        ("ask_definition", "ok how about data scientists", ("data scientist",)),
        "Skills and qualifications a Data Scientist needs", [], []),
    "an ordinary word is no role when one is in context": (
        ("ask_definition", "what is a COO", ("COO",)),
        ("ask_responsibilities", "What is the work content?", ()),
        "What a Chief Operating Officer is responsible for", [], []),
    "'how about devops?' switches role on half a title": (
        ("ask_responsibilities", "what do qa engineers do", ("qa engineers",)),
        ("ask_same_about", "how about devops?", ()),
        "What a DevOps Engineer is responsible for", [], []),
}


@pytest.mark.parametrize("case", FOLLOW_UPS, ids=list(FOLLOW_UPS))
def test_follow_up(reader: RoleReader, case: str) -> None:
    first, second, starts, in_first, in_second = FOLLOW_UPS[case]

    outcomes = play(reader, first, second)

    assert all(text in outcomes[0].reply.text.lower() for text in in_first)
    assert outcomes[1].reply.text.startswith(starts)
    assert all(text in outcomes[1].reply.text for text in in_second)
