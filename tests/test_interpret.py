"""Each rule of `bot.interpret` on its own example: which rule decided, the aspect and the roles it found."""
from __future__ import annotations

import pytest

from bot.assistant import answer_turn
from bot.conversation import Context, Question, Turn
from bot.interpret import (
    READINGS,
    RULES,
    a_pasted_posting_title_compares_nothing,
    interpret,
    low_confidence_names_a_role,
    reporting_direction_follows_the_words,
    the_last_question_asks_pay,
    what_about_without_a_role,
)
from bot.roles.repository import RoleReader

CFO_REPORTS = Context(role="cfo", aspect="reports_to", shown=("reports_to",))
AWAITING_REPORTS = Context(awaiting="direct_reports")
WHICH_CPO = Context(awaiting="direct_reports", offered=("chro", "chief-product-officer"))

# rule -> (turn, context, expected aspect, expected roles)
EXAMPLES: dict[str, tuple[Turn, Context, str, tuple[str, ...]]] = {
    "asks_which_roles": (Turn("list_roles", "which roles do you know?"), CFO_REPORTS, "list_roles", ()),
    "asks_for_the_source": (Turn("ask_source", "where does your information come from?"), Context(), "source", ()),
    "names_the_one_meant": (Turn("ask_definition", "I mean the chief product officer", ("chief product officer",)),
                            AWAITING_REPORTS, "direct_reports", ("chief-product-officer",)),
    "describes_the_one_meant": (Turn("nlu_fallback", "the people one"), WHICH_CPO, "direct_reports", ("chro",)),
    "mentions_a_role_in_passing": (Turn("ask_skills", "hello! my sister applied for a bookkeeper job"), CFO_REPORTS,
                                   "definition", ("bookkeeper",)),
    "asks_the_same_about_another": (Turn("ask_same_about", "what about the CTO?", ("CTO",)), CFO_REPORTS,
                                    "reports_to", ("cto",)),
    "asks_who_else_reports_to_the_boss": (Turn("ask_direct_reports", "who else reports to them?"), CFO_REPORTS,
                                          "direct_reports", ("ceo",)),
    "compares_roles": (Turn("ask_compare", "COO vs CEO?", ("COO", "CEO")), Context(), "compare", ("coo", "ceo")),
    "asks_pay_abroad": (Turn("ask_pay", "how much do they earn in the UK?"), CFO_REPORTS, "pay_elsewhere", ("cfo",)),
    "asks_up_the_chain": (Turn("ask_reports_to", "and who elects them?"), Context(role="ceo", aspect="reports_to"),
                          "reports_to", ("board-of-directors",)),
    "asks_an_aspect": (Turn("ask_skills", "what skills do they need?"), CFO_REPORTS, "skills", ("cfo",)),
    "says_yes_to_the_page_role": (Turn("affirm", "yes"), Context(role="coo"), "definition", ("coo",)),
    "says_yes_to_nothing": (Turn("affirm", "yes"), Context(), "ask_away", ()),
    "pastes_a_posting_title": (Turn("out_of_scope", "Hotel Housekeeper - Weekend Shifts"), Context(), "definition",
                               ("maid-or-housekeeping-cleaner",)),
    "names_a_role_alone": (Turn("out_of_scope", "the COO??"), Context(), "definition", ("coo",)),
    "picks_nothing_offered": (Turn("choose_one", "the second one"), Context(), "which_role", ()),
    "greets": (Turn("greet", "good morning!"), CFO_REPORTS, "greeting", ()),
    "is_off_topic": (Turn("out_of_scope", "what's the weather like in Paris?"), CFO_REPORTS, "out_of_scope", ()),
    "is_not_understood": (Turn("nlu_fallback", "asdf qwerty"), CFO_REPORTS, "rephrase", ()),
}


def test_every_rule_has_an_example_and_a_docstring() -> None:
    assert [rule.__name__ for rule in RULES] == list(EXAMPLES)
    assert all(rule.__doc__ and rule.__doc__.strip() for rule in RULES + READINGS)


@pytest.mark.parametrize("rule", EXAMPLES)
def test_rule_decides_its_example(catalogue_reader: RoleReader, rule: str) -> None:
    turn, context, aspect, roles = EXAMPLES[rule]

    question = interpret(turn, context, catalogue_reader)

    assert (question.rule, question.aspect, question.roles) == (rule, aspect, roles)


def test_a_posting_title_asked_about_is_read_whole(catalogue_reader: RoleReader) -> None:
    """The model marks "Deckhand"; the title read whole is a fisher's, not a sailor's (O*NET's deckhand)."""
    turn = Turn("ask_definition", "Deckhand - Commercial Fishing", ("Deckhand",))

    question = interpret(turn, Context(), catalogue_reader)

    assert (question.aspect, question.roles) == ("definition", ("fishing-or-hunting-worker",))


def test_a_posting_title_pasted_alone_that_takes_one_of_several_roles_names_the_others(
        catalogue_reader: RoleReader) -> None:
    """"General Manager - Hotel" is a lodging manager (a hotel's general manager); the reply says the title was
    taken so and offers the general manager too."""
    question = interpret(Turn("out_of_scope", "General Manager - Hotel"), Context(), catalogue_reader)

    assert (question.rule, question.roles) == ("pastes_a_posting_title", ("lodging-manager",))
    assert question.name == "General Manager - Hotel"
    assert [o.slug for o in question.options] == ["general-manager"]


def test_a_button_for_a_role_whose_title_excepts_words_answers_that_role(catalogue_reader: RoleReader) -> None:
    """The slug "floor-layer-except-carpet-wood-and-hard-tiles" holds the words its title excepts; a button naming
    the role by slug still means it."""
    slug = "floor-layer-except-carpet-wood-and-hard-tiles"
    turn = Turn("ask_responsibilities", f'/ask_responsibilities{{"role":"{slug}"}}', (slug,))

    question = interpret(turn, Context(), catalogue_reader)

    assert (question.aspect, question.roles) == ("responsibilities", (slug,))


def test_replies_about_no_role_keep_the_subject_but_not_a_pending_which_one(catalogue_reader: RoleReader) -> None:
    context = Context(role="cfo", aspect="skills", shown=("skills",), awaiting="reports_to")

    question = interpret(Turn("out_of_scope", "what's the weather like?"), context, catalogue_reader)

    assert question.kept == Context(role="cfo", aspect="skills", shown=("skills",))


def test_low_confidence_with_a_named_role_reads_as_the_best_role_intent(catalogue_reader: RoleReader) -> None:
    turn = Turn("nlu_fallback", "hmm recruiters, who is their boss", ("recruiters",),
                ranking=("nlu_fallback", "ask_reports_to", "ask_definition"))

    assert low_confidence_names_a_role(turn, catalogue_reader.index).intent == "ask_reports_to"
    assert low_confidence_names_a_role(Turn("nlu_fallback", "hmm"), catalogue_reader.index).intent == "nlu_fallback"


@pytest.mark.parametrize("intent, text, read_as", [
    ("ask_how_to_become", "I'm 26 and going back to school to be a welder. What's the pay like?", "ask_pay"),
    ("nlu_fallback", "retail burned me out.. do electricians make good money?", "ask_pay"),
    ("ask_how_to_become", "my cousin is a plumber and makes decent money, how do i get into that", "ask_how_to_become"),
    ("ask_responsibilities", "what does a compensation manager do?", "ask_responsibilities"),
    ("ask_reports_to", "who does a payroll clerk report to?", "ask_reports_to"),
])
def test_the_last_question_decides_whether_pay_is_asked(catalogue_reader: RoleReader, intent: str, text: str,
                                                          read_as: str) -> None:
    assert the_last_question_asks_pay(Turn(intent, text), catalogue_reader.index).intent == read_as


@pytest.mark.parametrize("text, read_as", [
    ("Operations Manager - Distribution Centre", "ask_definition"),
    ("Registered Nurse - ICU", "ask_definition"),
    ("COO - CEO", "ask_compare"),  # the later segment is a role of its own
    ("COO vs CEO", "ask_compare"),
])
def test_a_posting_title_taken_for_a_comparison_asks_what_the_job_is(
        catalogue_reader: RoleReader, text: str, read_as: str) -> None:
    turn = Turn("ask_compare", text)

    assert a_pasted_posting_title_compares_nothing(turn, catalogue_reader.index).intent == read_as


def test_what_about_without_a_role_reads_as_the_next_role_intent(catalogue_reader: RoleReader) -> None:
    turn = Turn("ask_same_about", "what about the subordinates?", ranking=("ask_same_about", "ask_direct_reports"))

    assert what_about_without_a_role(turn, catalogue_reader.index).intent == "ask_direct_reports"


def test_a_new_question_after_which_one_is_answered_as_asked(catalogue_reader: RoleReader) -> None:
    question = interpret(Turn("ask_definition", "what is a scrum master?", ("scrum master",)), AWAITING_REPORTS,
                         catalogue_reader)

    assert (question.rule, question.aspect, question.roles) == ("asks_an_aspect", "definition", ("scrum-master",))


def test_an_off_topic_turn_forgets_the_pending_which_one(catalogue_reader: RoleReader) -> None:
    """The issue's case: who reports to the CPO? -> what's the weather -> what is a CFO? is about the CFO."""
    context = Context()
    replies = []
    for turn in (Turn("ask_direct_reports", "who reports to the CPO?", ("CPO",)),
                 Turn("out_of_scope", "what's the weather"),
                 Turn("ask_definition", "what is a CFO?", ("CFO",))):
        outcome = answer_turn(turn, context, catalogue_reader)
        replies.append(outcome.reply.text)
        context = outcome.context

    assert "can mean more than one role" in replies[0]
    cfo = catalogue_reader.get("cfo")
    assert cfo is not None and replies[2] == cfo.short_answer
    assert context.aspect == "definition" and context.role == "cfo"


def test_questions_are_plain_data() -> None:
    assert Question("definition", roles=("coo",)) == Question("definition", roles=("coo",))


def test_which_role_names_the_catalogues_example_roles(catalogue_reader: RoleReader) -> None:
    outcome = answer_turn(Turn("ask_skills", "what skills do they need?"), Context(), catalogue_reader)

    examples = [r for r in catalogue_reader.all_roles() if r.example]
    assert outcome.aspect == "which_role" and len(examples) == 3
    assert [b.payload for b in outcome.reply.buttons] == [f'/ask_skills{{"role":"{r.slug}"}}' for r in examples]
    assert outcome.reply.text.startswith("Which role do you mean? Name a job title, for example COO, ")


@pytest.mark.parametrize("text, offered, picked", [
    ("the people one", ("chro", "chief-product-officer"), "chro"),
    ("product", ("chro", "chief-product-officer"), "chief-product-officer"),
    ("the second", ("chro", "chief-product-officer"), "chief-product-officer"),
    ("first one pls", ("product-manager", "project-manager"), "product-manager"),
    ("the one in charge of hiring", ("chro", "chief-product-officer"), "chro"),
    ("the one who plans the roadmap", ("chro", "chief-product-officer"), "chief-product-officer"),
])
def test_an_answer_by_description_picks_one_of_the_roles_offered(
    catalogue_reader: RoleReader, text: str, offered: tuple[str, ...], picked: str,
) -> None:
    question = interpret(Turn("nlu_fallback", text), Context(awaiting="reports_to", offered=offered),
                         catalogue_reader)

    assert (question.rule, question.aspect, question.roles) == ("describes_the_one_meant", "reports_to", (picked,))


def test_a_description_that_fits_neither_or_no_pending_question_picks_nothing(catalogue_reader: RoleReader) -> None:
    offered = Context(awaiting="reports_to", offered=("chro", "chief-product-officer"))
    assert interpret(Turn("nlu_fallback", "the blue one"), offered, catalogue_reader).rule != "describes_the_one_meant"
    assert interpret(Turn("nlu_fallback", "the second"), Context(), catalogue_reader).rule != "describes_the_one_meant"


def test_the_which_one_question_remembers_the_roles_it_offered(catalogue_reader: RoleReader) -> None:
    question = interpret(Turn("ask_reports_to", "who does the CPO report to?", ("CPO",)), Context(), catalogue_reader)

    assert question.aspect == "ambiguous"
    assert question.kept == Context(awaiting="reports_to", offered=("chro", "chief-product-officer"))


@pytest.mark.parametrize("intent, text, direction", [
    ("ask_direct_reports", "the CFO reports to which exec?", "ask_reports_to"),
    ("ask_direct_reports", "who is the sales manager accountable to?", "ask_reports_to"),
    ("ask_direct_reports", "who's above the data analyst?", "ask_reports_to"),
    ("ask_reports_to", "who works under the CTO?", "ask_direct_reports"),
    ("ask_reports_to", "tell me about the CFO's team", "ask_direct_reports"),
    ("ask_reports_to", "and who do they manage", "ask_direct_reports"),
    ("ask_reports_to", "who would a head chef look after?", "ask_direct_reports"),
    ("ask_reports_to", "who manages the HR manager?", "ask_reports_to"),  # no direction word: as classified
    ("ask_direct_reports", "and who elects them?", "ask_reports_to"),
    ("nlu_fallback", "and who hires them?", "ask_reports_to"),
])
def test_the_direction_of_a_reporting_question_follows_its_words(
    catalogue_reader: RoleReader, intent: str, text: str, direction: str,
) -> None:
    turn = reporting_direction_follows_the_words(Turn(intent, text), catalogue_reader.index)
    assert turn.intent == direction


@pytest.mark.parametrize("text", ["hey, I'm looking at a CFO vacancy", "hi! CFO interview tomorrow"])
def test_a_greeting_naming_a_role_notes_it_and_says_what_it_is(catalogue_reader: RoleReader, text: str) -> None:
    outcome = answer_turn(Turn("greet", text, ("CFO",)), Context(), catalogue_reader)

    assert (outcome.aspect, outcome.roles, outcome.context.role) == ("definition", ("cfo",), "cfo")
    assert outcome.reply.text.startswith("Hi! Noted: the Chief Financial Officer role.")


def test_a_statement_of_ones_own_job_is_noted_not_answered_with_pay(catalogue_reader: RoleReader) -> None:
    question = interpret(Turn("ask_pay", "i work as a nurse and want to switch careers", ("nurse",)), Context(),
                         catalogue_reader)
    assert (question.rule, question.aspect, question.roles) == ("mentions_a_role_in_passing", "definition",
                                                                ("registered-nurse",))


@pytest.mark.parametrize("text", ["saw an opening for a scrum master, what skills do they want?",
                                  "is a scrum master job any good?", "scrum master skills",
                                  '/ask_skills{"role":"scrum-master"}', "scrum master role in agile teams"])
def test_a_question_is_no_statement(catalogue_reader: RoleReader, text: str) -> None:
    assert interpret(Turn("ask_skills", text, ("scrum master",)), Context(), catalogue_reader).rule == "asks_an_aspect"


@pytest.mark.parametrize("intent, text, mention, name", [
    ("ask_responsibilities", "what does a falconer do all day?", None, "falconer"),
    ("ask_reports_to", "who does a chief wellness officer report to?", None, "chief wellness officer"),
    ("ask_pay", "how much does a unicorn groomer earn", None, "unicorn groomer"),
    ("ask_definition", "what is a director of interplanetary logistics", "director",
     "director of interplanetary logistics"),
    ("ask_how_to_become", "how do I become a director of interplanetary logistics?", "director",
     "director of interplanetary logistics"),
    ("ask_direct_reports", "who reports to a senior vice president of galactic sales", "senior vice president",
     "senior vice president of galactic sales"),
])
def test_any_question_about_a_title_nobody_knows_says_so_naming_it_whole(
    catalogue_reader: RoleReader, intent: str, text: str, mention: str | None, name: str,
) -> None:
    question = interpret(Turn(intent, text, (mention,) if mention else ()), Context(), catalogue_reader)

    assert (question.aspect, question.name) == ("unknown_role", name)


def test_a_question_without_a_title_is_about_the_role_in_context(catalogue_reader: RoleReader) -> None:
    question = interpret(Turn("ask_responsibilities", "what does the job involve day to day?"), CFO_REPORTS,
                         catalogue_reader)
    assert (question.aspect, question.roles) == ("responsibilities", ("cfo",))
    assert interpret(Turn("ask_responsibilities", "what does the job involve day to day?"), Context(),
                     catalogue_reader).aspect == "which_role"


def test_a_name_nobody_knows_in_the_story_before_the_question_is_not_the_subject(catalogue_reader: RoleReader) -> None:
    turn = Turn("ask_skills", "my uncle says it's a dead end. what skills do they need?", ("dead end",))
    context = Context(role="logistics-coordinator", aspect="reports_to")

    question = interpret(turn, context, catalogue_reader)

    assert (question.aspect, question.roles) == ("skills", ("logistics-coordinator",))


def test_a_one_word_title_among_everyday_words_changes_the_subject(catalogue_reader: RoleReader) -> None:
    question = interpret(Turn("ask_responsibilities", "what are nurses' duties"), Context(role="recruiter"),
                         catalogue_reader)
    assert (question.aspect, question.roles) == ("responsibilities", ("registered-nurse",))


def test_a_description_matching_two_titles_picks_the_one_it_fills(catalogue_reader: RoleReader) -> None:
    offered = ("project-manager", "product-manager", "information-technology-project-manager")
    question = interpret(Turn("choose_one", "the project one"), Context(awaiting="reports_to", offered=offered),
                         catalogue_reader)
    assert question.roles == ("project-manager",)


def test_plain_reporting_words_overrule_another_aspect(catalogue_reader: RoleReader) -> None:
    turn = Turn("ask_definition", "the financial controller answers to which executive?", ("financial controller",))
    assert reporting_direction_follows_the_words(turn, catalogue_reader.index).intent == "ask_reports_to"
    turn = Turn("ask_responsibilities", "what does a supervisor do all day?", ("supervisor",))
    assert reporting_direction_follows_the_words(turn, catalogue_reader.index).intent == "ask_responsibilities"
