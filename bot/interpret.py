"""Step one of a turn: what is asked, about which roles. Ordered, named rules; the first that applies decides.

First the READINGS correct what the classifier made of the turn (each may rewrite the intent); then the RULES,
in order, each return a `Question` or pass. Every rule builds the context a reply about no role keeps; nothing
carries over from the last turn unless a rule says so. Each rule's docstring gives an example; each has its
own test in tests/test_interpret.py.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from bot.aspects import BY_INTENT, BY_NAME, remembered
from bot.conversation import Context, Question, RoleSource, Turn
from bot.roles.mention_guess import guess_role_phrase
from bot.roles.names import STOP_WORDS, has_segments, read_posting_title, singular_key, title_words
from bot.roles.resolver import MAX_OPTIONS, Mention, Resolution, RoleNameIndex
from bot.roles.words import ANSWER_WORDS, PAY_WORDS, QUESTION_WORDS, forms, place_abroad

LOW_CONFIDENCE = ("nlu_fallback", "out_of_scope")
# Intents whose questions name their role ("what about devops?"), so even a lone word of a title counts.
NAMING_INTENTS = ("ask_definition", "ask_same_about", "ask_compare")


# ---------------------------------------------------------------------------------------------------------
# Readings: what the classifier's intent should have been.

def low_confidence_names_a_role(turn: Turn, index: RoleNameIndex) -> Turn:
    """"hmm recruiters, who is their boss" at low confidence is still a question about recruiters: the
    classifier's best role intent, or a definition when it has none; "how do i become a welder" taken for small
    talk likewise when the classifier's next guess is a role question."""
    if turn.intent not in LOW_CONFIDENCE:
        return turn
    named = any(index.resolve(m).role for m in turn.role_mentions) or index.find_mentions(turn.text)
    if not named:
        return turn
    for intent in turn.ranking:
        if intent in BY_INTENT or intent == "ask_same_about":
            return replace(turn, intent=intent)
        if intent not in LOW_CONFIDENCE:
            break
    return turn if turn.intent == "out_of_scope" else replace(turn, intent="ask_definition")


def what_about_without_a_role(turn: Turn, index: RoleNameIndex) -> Turn:
    """"what about the subordinates?" names no role: it asks something new about the same one (the
    classifier's next role intent)."""
    if turn.intent != "ask_same_about" or _names_a_role(turn, index):
        return turn
    return next((replace(turn, intent=i) for i in turn.ranking if i in BY_INTENT), turn)


# Where a message's last question starts: after a sentence's end, or a comma or "..." before a question word.
_SENTENCES = re.compile(r"(?<=[.?!;])\s+|\s*(?:,|\.\.+)\s*(?=(?:what|how|do|does|is|are|whats|what's)\b)",
                        re.IGNORECASE)


def _last_question(text: str) -> str:
    return ([part for part in _SENTENCES.split(text.strip()) if part.strip()] or [""])[-1]


def the_last_question_asks_pay(turn: Turn, index: RoleNameIndex) -> Turn:
    """"I'm 26 and want to become a dental hygienist. What's the pay like?": a story first, then the question;
    the question's pay words decide, whatever the story made the classifier think. Words of a role's name do
    not count ("what does a compensation manager do?")."""
    if turn.intent in ("ask_pay", "ask_compare") or turn.intent not in (*BY_INTENT, *LOW_CONFIDENCE):
        return turn
    last = _last_question(turn.text)
    named = {w for m in index.find_mentions(last) for w in m.text.split()}
    named |= {w for m in turn.role_mentions for w in title_words(m)}
    if not PAY_WORDS & (set(title_words(last)) - named):
        return turn
    return replace(turn, intent="ask_pay")


# Words that say which way a reporting question looks: up to the boss, or down to the team.
_UPWARD = re.compile(
    r"\breports?\s+(?:directly\s+)?(?:in\s+)?to\s+(?:which|what|whom|who)\b"
    r"|\bwho(?:m|'s|s| is| does| do)?\b.*\breports?\s+(?:directly\s+)?(?:in)?to\s*\W*$"
    r"|\bwho(?:m)?\s+(?:do|does|did|would|will)\s+.+\s+(?:work|works|be|sit|sits)\s+(?:under|beneath|below)\s*\W*$"
    r"|\bwho\s+(?:elects?|appoints?|hires?|oversees?|supervises?|manages?)\s+(?:them|him|her|it|they|the\s+\w+)\b"
    r"|\baccountable\s+to\b|\banswers?\s+to\b|\b(?:above|over|superior|"
    r"boss|line\s+manager|supervisor)\b(?!\s+of\s+(?:the\s+)?(?:team|staff|people))", re.IGNORECASE)
_DOWNWARD = re.compile(
    r"\bwho(?:'s| is| are)?\s+(?:\w+\s+){0,2}reports?\s+(?:directly\s+)?(?:in)?to\s+(?!which|what|whom|who)\w"
    r"|\b(?:under|beneath|below|underneath)\b(?=\s+\w)|\b(?:subordinates?|team|direct\s+reports?)\b"
    r"|\bwho\s+(?:does|do|did|would|will)\s+.+\s+(?:manage|supervise|lead|oversee|look\s+after|run|be\s+in\s+"
    r"charge\s+of)\b", re.IGNORECASE)


_PLAINLY_UPWARD = re.compile(r"\b(?:reports?|answers?|accountable)\s+(?:directly\s+)?to\s+(?:which|what|whom|who)\b"
                             r"|\bwho(?:m)?\s+(?:does|do)\s+.+\s+(?:report|answer)\s+to\s*\W*$", re.IGNORECASE)
_PLAINLY_DOWNWARD = re.compile(r"\bwho\s+reports?\s+(?:directly\s+)?to\s+(?!which|what|whom|who)\w", re.IGNORECASE)


def reporting_direction_follows_the_words(turn: Turn, index: RoleNameIndex) -> Turn:
    """"the CFO reports to which exec?" looks up, "who works under the CTO?" and "the CFO's team" look down,
    whichever way the classifier leaned, or when it could not tell ("and who hires them?"); a question with
    words both ways is left as classified. Taken for another aspect, only the plainest words ("answers to which
    executive?") make it a reporting question."""
    if turn.intent not in (*BY_INTENT, "ask_compare", "nlu_fallback") or turn.intent == "ask_more":
        return turn
    if turn.intent not in ("ask_reports_to", "ask_direct_reports", "nlu_fallback"):  # the plainest words only
        up, down = bool(_PLAINLY_UPWARD.search(turn.text)), bool(_PLAINLY_DOWNWARD.search(turn.text))
    else:
        up, down = bool(_UPWARD.search(turn.text)), bool(_DOWNWARD.search(turn.text))
    if up == down:
        return turn
    return replace(turn, intent="ask_reports_to" if up else "ask_direct_reports")


def a_pasted_posting_title_compares_nothing(turn: Turn, index: RoleNameIndex) -> Turn:
    """"Operations Manager - Distribution Centre" pasted alone is one title, not "X vs Y": taken for a comparison,
    it asks what that job is, unless a later segment names a role of its own ("COO - CEO")."""
    if turn.intent != "ask_compare" or _a_posting_title_read_whole(turn.text, index) is None:
        return turn
    if any(_is_a_role_name(" ".join(words), index) for words in read_posting_title(turn.text).later):
        return turn
    return replace(turn, intent="ask_definition")


def _is_a_role_name(text: str, index: RoleNameIndex) -> bool:
    """Whether a text names a role (or several) by name, not only by a ranking's guess."""
    resolution = index.resolve(text)
    return (resolution.role is not None or resolution.ambiguous) and resolution.how not in ("ranked", "stem")


READINGS: tuple[Callable[[Turn, RoleNameIndex], Turn], ...] = (
    low_confidence_names_a_role, what_about_without_a_role, the_last_question_asks_pay,
    reporting_direction_follows_the_words, a_pasted_posting_title_compares_nothing)


# ---------------------------------------------------------------------------------------------------------
# Rules: the question, first match wins.

Rule = Callable[[Turn, Context, RoleSource], "Question | None"]


def asks_which_roles(turn: Turn, context: Context, source: RoleSource) -> Question | None:
    """"which roles do you know?" """
    return Question("list_roles", kept=context.subject()) if turn.intent == "list_roles" else None


def asks_for_the_source(turn: Turn, context: Context, source: RoleSource) -> Question | None:
    """"where does your information come from?" """
    return Question("source", kept=context.subject()) if turn.intent == "ask_source" else None


def names_the_one_meant(turn: Turn, context: Context, source: RoleSource) -> Question | None:
    """After "CPO can mean more than one role. Which one?", "the chief product officer" answers the question
    asked before; "what is a scrum master?" is a new question, answered as such."""
    if not context.awaiting or not _is_bare_name(turn, source.index):
        return None
    if context.awaiting == "compare":
        return compares_roles(replace(turn, intent="ask_compare"), context, source)
    return about(context.awaiting, turn, context, source)


_ORDINALS = {"first": 0, "1st": 0, "former": 0, "second": 1, "2nd": 1, "latter": -1, "third": 2, "3rd": 2,
             "last": -1}
# Words of an answer by description that say nothing about which role: "the one that …", "I meant the …".
_DESCRIBING_WORDS = ANSWER_WORDS | forms("in charge of for with who which does do handles about role job kind "
                                         "guy person")
MAX_DESCRIPTION_WORDS = 8


def describes_the_one_meant(turn: Turn, context: Context, source: RoleSource) -> Question | None:
    """After "CPO can mean Chief Human Resources Officer or Chief Product Officer. Which one?", "the people one",
    "product", "the second" or "the one in charge of hiring" picks one of the roles offered."""
    words = title_words(turn.text)
    if (turn.intent not in ("choose_one", "nlu_fallback") or not context.awaiting or not context.offered
            or not words or len(words) > MAX_DESCRIPTION_WORDS
            or source.index.find_mentions(turn.text)):
        return None
    picked = _by_ordinal(words, context.offered) or _by_description(words, context.offered, source)
    if picked is None:
        return None
    if context.awaiting == "compare":
        return None
    return Question(context.awaiting, roles=(picked,), kept=Context(awaiting=context.awaiting))


def picks_nothing_offered(turn: Turn, context: Context, source: RoleSource) -> Question | None:
    """"the second one" when no "which one?" is pending, or a description that fits none of the roles offered:
    ask which role is meant."""
    if turn.intent != "choose_one":
        return None
    return Question("which_role", asked=context.awaiting or "definition",
                    kept=Context(awaiting=context.awaiting or "definition"))


def _by_ordinal(words: tuple[str, ...], offered: tuple[str, ...]) -> str | None:
    positions = {_ORDINALS[w] for w in words if w in _ORDINALS}
    if len(positions) != 1:
        return None
    position = positions.pop()
    return offered[position] if -len(offered) <= position < len(offered) else None


def _by_description(words: tuple[str, ...], offered: tuple[str, ...], source: RoleSource) -> str | None:
    """The one offered role whose names or description hold the most of the words, when it is alone."""
    wanted = {singular_key(w) for w in words if w not in _DESCRIBING_WORDS and w not in STOP_WORDS}
    if not wanted:
        return None
    scores = []
    for slug in offered:
        role = source.get(slug)
        if role is None:
            continue
        names = " ".join((role.title, *role.abbreviations, *role.aliases))
        described = " ".join((role.short_answer, *role.responsibilities))
        named = {singular_key(w) for w in title_words(names)}
        about_it = {singular_key(w) for w in title_words(described)}
        title = {singular_key(w) for w in title_words(role.title)} - STOP_WORDS
        # Ties go to the role whose title the words fill most: "the project one" is the Project Manager rather
        # than the IT Project Manager.
        scores.append((2 * len(wanted & named) + len(wanted & about_it), len(wanted & title) / max(len(title), 1),
                       slug))
    scores.sort(reverse=True)
    if not scores or scores[0][0] == 0 or (len(scores) > 1 and scores[1][:2] == scores[0][:2]):
        return None
    return scores[0][2]


# A statement tells of a role met somewhere; it asks nothing.
_QUESTIONING = forms("what whats what's wat who whos who's whom which how why when where explain tell describe "
                     "define meaning mean means")
_TELLING = forms("applied applying apply interview interviewing opening openings vacancy vacancies offer offered "
                 "hired hiring looking saw seen posting posted ad advert listing started starting start accepted "
                 "work works working worked")
_ASKING_AN_ASPECT = PAY_WORDS | forms("skill skills degree report reports boss duties responsibilities become "
                                      "qualifications requirements vs versus difference diploma certificate license "
                                      "licence")
_AUXILIARIES = {"do", "does", "did", "can", "could", "should", "would", "will", "is", "are", "am", "was", "were",
                "any", "must", "need", "have", "has"}


def _is_a_statement(text: str) -> bool:
    """"hello! my sister applied for a bookkeeper job": no question mark, no question word, no aspect asked,
    and words that tell of a job met somewhere."""
    if text.lstrip().startswith("/"):  # a button's payload asks its own question
        return False
    words = set(title_words(text)) | {w.lower() for w in re.findall(r"[\w']+", text)}
    clauses = [c.split() for c in re.split(r"[,.;:!]+|\s-\s", text.lower()) if c.split()]
    asks = any(clause[0] in _AUXILIARIES for clause in clauses)  # "security guard jobs, do i need a diploma"
    return ("?" not in text and not asks and not words & _QUESTIONING and not words & _ASKING_AN_ASPECT
            and bool(words & _TELLING))


def mentions_a_role_in_passing(turn: Turn, context: Context, source: RoleSource) -> Question | None:
    """"hey, I'm looking at a CFO vacancy" or "saw an opening for a scrum master": the role becomes the
    conversation's, and the reply notes it and says what it is; "what would I do there?" is then about it."""
    greeting = turn.intent == "greet"
    if not greeting and not (turn.intent in (*BY_INTENT, *LOW_CONFIDENCE) and _is_a_statement(turn.text)):
        return None
    if greeting and "?" in turn.text:
        return None
    found = [r for r in _resolve_mentions(turn, source.index) if r.role is not None]
    if len({r.role.slug for r in found}) != 1:  # type: ignore[union-attr]
        return None
    question = about("definition", replace(turn, intent="ask_definition"), Context(), source)
    return replace(question, noted="greeting" if greeting else "statement") if question.roles else None


def asks_the_same_about_another(turn: Turn, context: Context, source: RoleSource) -> Question | None:
    """"what about the CTO?" after "who does the CFO report to?" asks who the CTO reports to."""
    if turn.intent != "ask_same_about" and not (turn.intent == "ask_definition" and _is_follow_up(turn.text)):
        return None
    aspect = remembered(context.aspect) if context.aspect in BY_NAME else "definition"
    return about(aspect, turn, context, source)


def asks_who_else_reports_to_the_boss(turn: Turn, context: Context, source: RoleSource) -> Question | None:
    """"who else reports to them?" after "who does the warehouse manager report to?" is about the boss just
    named (the supply chain manager), not the warehouse manager."""
    if (turn.intent != "ask_direct_reports" or context.aspect != "reports_to" or not context.role
            or not {"else", "other", "others"} & set(singular_key(turn.text).split())):
        return None
    if _resolve_mentions(turn, source.index, in_context=True):
        return None
    role = source.get(context.role)
    if role is None or role.reports_to is None:
        return None
    return Question("direct_reports", roles=(role.reports_to.slug,))


def compares_roles(turn: Turn, context: Context, source: RoleSource) -> Question | None:
    """"COO vs CEO?"; "how is that different from a CIO?" compares with the role in context; "an account
    manager job, what is it?" taken for a comparison names one role and gets its definition."""
    if turn.intent != "ask_compare":
        return None
    resolutions = _resolve_mentions(turn, source.index)
    problem = _first_problem(resolutions, "compare", context)
    if problem is not None:
        return problem
    slugs = [r.role.slug for r in resolutions if r.role is not None]
    if len(slugs) < 2:  # the model found one of the two: look for the other in the text, keeping its order
        in_text = source.index.find_mentions(turn.text) or source.index.find_close_mentions(turn.text)
        if len(in_text) < 2:
            in_text = source.index.find_close_mentions(turn.text)
        ordered = [m.roles[0].slug for m in in_text if len(m.roles) == 1]
        slugs = list(dict.fromkeys(ordered + slugs))
    if len(slugs) == 1 and context.role and context.role != slugs[0]:
        slugs.insert(0, context.role)
    if len(slugs) == 1:
        return Question("definition", roles=(slugs[0],), kept=context.subject())
    if len(slugs) < 2:
        return Question("which_two", kept=context.subject())
    return Question("compare", roles=(slugs[0], slugs[1]), kept=context.subject())


def asks_pay_abroad(turn: Turn, context: Context, source: RoleSource) -> Question | None:
    """"how much does a nurse earn in the UK?": the figures are American, which the reply says first."""
    place = place_abroad(turn.text) if turn.intent == "ask_pay" else None
    if place is None:
        return None
    question = about("pay", turn, context, source)
    return replace(question, aspect="pay_elsewhere", name=place) if question.aspect == "pay" else question


_POINTING = forms("they them their he him his she her it its that this person one")


def asks_up_the_chain(turn: Turn, context: Context, source: RoleSource) -> Question | None:
    """"who's the boss of the CEO?" (the board) then "and who elects them?": a pronoun after an answer that named
    a boss points at the boss, so the question walks up the chain."""
    if (turn.intent != "ask_reports_to" or context.aspect != "reports_to" or not context.role
            or not set(title_words(turn.text)) & _POINTING or _resolve_mentions(turn, source.index, in_context=True)):
        return None
    role = source.get(context.role)
    if role is None or role.reports_to is None:
        return None
    return Question("reports_to", roles=(role.reports_to.slug,), kept=Context(awaiting="reports_to"))


def asks_an_aspect(turn: Turn, context: Context, source: RoleSource) -> Question | None:
    """"who does the COO report to?"; "tell me more" and "what skills do they need?" about the role in context."""
    aspect = BY_INTENT.get(turn.intent)
    return about(aspect.name, turn, context, source) if aspect else None


def says_yes_to_the_page_role(turn: Turn, context: Context, source: RoleSource) -> Question | None:
    """"yes" to the widget's opening offer on a job posting page: what that role is."""
    if turn.intent != "affirm" or not context.role or context.shown:
        return None
    return Question("definition", roles=(context.role,))


def says_yes_to_nothing(turn: Turn, context: Context, source: RoleSource) -> Question | None:
    """"yes" when nothing was offered: invite a question."""
    return Question("ask_away", kept=context.subject()) if turn.intent == "affirm" else None


def names_a_role_alone(turn: Turn, context: Context, source: RoleSource) -> Question | None:
    """"coo??" or "the COO" at low confidence asks what the COO is; "coo coo said the pigeon" does not."""
    if turn.intent not in LOW_CONFIDENCE:
        return None
    mentions = source.index.find_mentions(turn.text)
    if len(mentions) != 1 or len(mentions[0].roles) != 1:
        return None
    if len(singular_key(turn.text).split()) > len(mentions[0].text.split()) + 2:
        return None
    return Question("definition", roles=(mentions[0].roles[0].slug,))


def pastes_a_posting_title(turn: Turn, context: Context, source: RoleSource) -> Question | None:
    """"Hotel Housekeeper - Weekend Shifts" pasted alone, whatever the classifier made of it, asks what that job
    is, when the title read whole names one role ("Urgent - Welder" too; a title only ranked does not count). A
    role taken for a title others share too says so and names them ("General Manager - Hotel")."""
    whole = _a_posting_title_read_whole(turn.text, source.index) if turn.intent in LOW_CONFIDENCE else None
    if whole is None or whole.role is None:
        return None
    return Question("definition", roles=(whole.role.slug,), name=whole.mention if whole.candidates else "",
                    options=whole.candidates)


def greets(turn: Turn, context: Context, source: RoleSource) -> Question | None:
    """"hello there": the greeting, which says what the assistant is for."""
    return Question("greeting", kept=context.subject()) if turn.intent == "greet" else None


def is_off_topic(turn: Turn, context: Context, source: RoleSource) -> Question | None:
    """"what's the weather like in Paris?": say what the assistant is for; a pending "which one?" is dropped."""
    return Question("out_of_scope", kept=context.subject()) if turn.intent == "out_of_scope" else None


def is_not_understood(turn: Turn, context: Context, source: RoleSource) -> Question | None:
    """"asdf qwerty" at low confidence: ask to rephrase."""
    return Question("rephrase", kept=context.subject())


RULES: tuple[Rule, ...] = (
    asks_which_roles,
    asks_for_the_source,
    names_the_one_meant,
    describes_the_one_meant,
    mentions_a_role_in_passing,
    asks_the_same_about_another,
    asks_who_else_reports_to_the_boss,
    compares_roles,
    asks_pay_abroad,
    asks_up_the_chain,
    asks_an_aspect,
    says_yes_to_the_page_role,
    says_yes_to_nothing,
    pastes_a_posting_title,
    names_a_role_alone,
    picks_nothing_offered,
    greets,
    is_off_topic,
    is_not_understood,
)


def interpret(turn: Turn, context: Context, source: RoleSource) -> Question:
    """The question a turn asks, by the first rule that applies (named in `Question.rule`)."""
    for reading in READINGS:
        turn = reading(turn, source.index)
    for rule in RULES:
        question = rule(turn, context, source)
        if question is not None:
            return replace(question, rule=rule.__name__)
    raise AssertionError("the last rule always applies")


# ---------------------------------------------------------------------------------------------------------
# Which roles a question is about.

def about(aspect: str, turn: Turn, context: Context, source: RoleSource) -> Question:
    """An aspect of the role the turn names, else of the role in context; or the clarification it needs."""
    # "what is a X?" says it does not know X; so does any other question about an X nobody knows, unless it
    # may be about the role in context ("what does the job involve?").
    resolutions = _resolve_mentions(turn, source.index,
                                    guess_unknown=aspect == "definition" or context.role is None,
                                    in_context=context.role is not None and turn.intent not in NAMING_INTENTS,
                                    other_aspects=aspect != "definition")
    problem = _first_problem(resolutions, aspect, context)
    if problem is not None:
        return problem
    found = [r for r in resolutions if r.role is not None]
    slug = found[0].role.slug if found else context.role  # type: ignore[union-attr]
    if slug is None:
        return Question("which_role", asked=aspect, kept=Context(awaiting=aspect))
    taken = found[0] if found and found[0].candidates else Resolution("")  # the likeliest of several
    return Question(aspect, roles=(slug,), shown=context.shown if slug == context.role else (),
                    name=taken.mention, options=taken.candidates, kept=Context(awaiting=aspect))


def _first_problem(resolutions: list[Resolution], aspect: str, context: Context) -> Question | None:
    """A name that means several roles asks which; a name nobody knows says so (and keeps the subject)."""
    for resolution in resolutions:
        if resolution.ambiguous:
            return Question("ambiguous", name=resolution.mention, options=resolution.candidates, asked=aspect,
                            kept=context.awaiting_one_of(aspect, tuple(c.slug for c in resolution.candidates)))
    found = [r for r in resolutions if r.role]
    unknown = [r for r in resolutions if not r.role and not r.ambiguous]
    if unknown and (not found or aspect != "compare"):
        return Question("unknown_role", name=unknown[0].mention, options=unknown[0].candidates,
                        kept=context.subject())
    return None


def _names_a_role(turn: Turn, index: RoleNameIndex) -> bool:
    return bool(turn.role_mentions) or bool(index.find_mentions(turn.text) or index.find_close_mentions(turn.text))


def _is_bare_name(turn: Turn, index: RoleNameIndex) -> bool:
    """The text is a role's name and nothing but answer words around it: "I mean the chief product officer",
    "heavy tractor-trailer truck driver" (whatever the classifier marked of it)."""
    if index.resolve(turn.text).role is not None:
        return True
    names = [m for m in turn.role_mentions if m.strip()] + [
        m.text for m in index.find_mentions(turn.text) or index.find_close_mentions(turn.text)]
    words = set(singular_key(turn.text).split())
    return any(words - set(singular_key(name).split()) <= ANSWER_WORDS for name in names)


_FOLLOW_UP = re.compile(
    r"^\W*(?:(?:ok|okay|so|and|then)\W+)*(?:what|how)\s+about\b|^\W*(?:and|same)\s+(?:for\s+)?(?:the|a|an)\b"
    r"|^\W*and\s+(?!(?:what|who|how|which|where|why|when|do|does|is|are|can)\b)\w+(?:\s+\w+){0,2}\W*$",
    re.IGNORECASE,
)


def _is_follow_up(text: str) -> bool:
    """"what about a data scientist?", "and carpenters?" ask the last question again, whatever the classifier
    thought."""
    return bool(_FOLLOW_UP.search(text))


_ASKERS_OWN = re.compile(r"\b(?:i'?m|i am|im|as)\s+(?:a|an|the)?\s*$", re.IGNORECASE)


def _without_the_askers_own_role(text: str, mentions: list[str]) -> list[str]:
    """"I'm a recruiter, what is a DevOps engineer?" asks about the DevOps engineer, not the recruiter."""
    if len(mentions) < 2:
        return mentions
    kept = []
    for mention in mentions:
        at = text.lower().find(mention.lower())
        if at < 0 or not _ASKERS_OWN.search(text[:at]):
            kept.append(mention)
    return kept or mentions


def _widened(mention: str, in_text: list[Mention]) -> Resolution | None:
    """A known name in the text that contains what the model marked: "vp of ops", not just "ops"."""
    key = singular_key(mention)
    for found in in_text:
        if key and key != found.text and f" {key} " in f" {found.text} ":
            return _as_resolutions([found])[0]
    return None


def _not_what_it_excepts(resolution: Resolution, text: str, index: RoleNameIndex) -> Resolution:
    """"what does a special ed para do?": the model marked "para", a teaching assistant "except special
    education"; a role whose own title excepts the words typed with its name is not meant, so the title as
    typed is looked up whole. Among the roles a shared name offers ("carpet flooring installer": floor layers
    "except carpet" and carpet installers), such a role is left out, and a lone one left is the answer."""
    if resolution.how == "slug":  # a button names its role by slug, and an excepting title's slug holds the words
        return resolution
    typed = guess_role_phrase(text, other_aspects=True) or resolution.mention
    words = set(title_words(typed))
    if resolution.ambiguous:
        kept = tuple(c for c in resolution.candidates if not index.excepts(c.slug, words))
        if len(kept) == 1 and len(resolution.candidates) < MAX_OPTIONS:  # every role the name offers was shown
            return Resolution(resolution.mention, role=kept[0], how=resolution.how)
        return replace(resolution, candidates=kept) if len(kept) > 1 else resolution
    if resolution.role is None or not index.excepts(resolution.role.slug, words):
        return resolution
    whole = index.resolve(typed)
    return whole if whole.role is None or not index.excepts(whole.role.slug, words) else Resolution(typed)


def _as_resolutions(mentions: list[Mention]) -> list[Resolution]:
    return [
        Resolution(m.text, role=m.roles[0], candidates=m.others, how="usual" if m.others else "exact")
        if len(m.roles) == 1
        else Resolution(m.text, candidates=m.roles, ambiguous=True)
        for m in mentions
    ]


def _resolve_mentions(turn: Turn, index: RoleNameIndex, guess_unknown: bool = False,
                      in_context: bool = False, other_aspects: bool = False) -> list[Resolution]:
    """The roles a turn names (`_named_roles`), but none whose own title excepts what was typed with its name."""
    return [_not_what_it_excepts(r, turn.text, index)
            for r in _named_roles(turn, index, guess_unknown, in_context, other_aspects)]


def _named_roles(turn: Turn, index: RoleNameIndex, guess_unknown: bool = False,
                 in_context: bool = False, other_aspects: bool = False) -> list[Resolution]:
    """The roles a turn names: the model's entities, else names in the text, else names despite typos.

    With `guess_unknown`, a "what is a X?" whose X is no known role comes back as an unknown mention of X,
    so the person hears "I don't know X" rather than an answer about the previous role. With a role
    `in_context`, a lone word that merely starts a title ("the work content") is not taken for a role.
    """
    whole = _a_posting_title_read_whole(turn.text, index)
    if whole is not None:
        return [whole]
    mentions = _without_the_askers_own_role(turn.text, [m for m in turn.role_mentions if m.strip()])
    in_text = index.find_mentions(turn.text)
    resolutions = [_widened(m, in_text) or _in_an_unknown_title(m, turn.text, index) or index.resolve(m)
                   for m in mentions]
    # "my uncle says it's a dead end. what skills do they need?": a name nobody knows in the story before the
    # question is no role the question is about.
    last = _last_question(turn.text)
    resolutions = [r for r in resolutions if r.role or r.ambiguous or r.mention.lower() in last.lower()]
    # A known name inside a title the model marked and nobody knows is part of that title: a "data janitor"
    # is no janitor.
    unknown = [singular_key(r.mention) for r in resolutions if not r.role and not r.ambiguous]
    in_text = [m for m in in_text if not any(m.text != key and f" {m.text} " in f" {key} " for key in unknown)]
    if any(r.role or r.ambiguous for r in resolutions):
        return resolutions
    if in_text and not resolutions:  # "a unicorn groomer" is no groomer
        longer = [_in_an_unknown_title(m.text, turn.text, index) for m in in_text]
        if any(longer):
            return [next(r for r in longer if r)]
    if in_text or resolutions:
        return _as_resolutions(in_text) or resolutions
    close = [m for m in index.find_close_mentions(turn.text)
             if not (in_context and len(m.text.split()) == 1 and m.how != "alone")]
    if close:
        return _as_resolutions(close)
    guessed = guess_role_phrase(turn.text, other_aspects) if guess_unknown else None
    return [index.resolve(guessed)] if guessed else []


def _a_posting_title_read_whole(text: str, index: RoleNameIndex) -> Resolution | None:
    """"Deckhand - Commercial Fishing": a text cut into a posting's segments, read whole as the resolver reads
    its segments and setting, when that finds a role by name (a title only ranked does not count)."""
    if not has_segments(text):
        return None
    whole = index.resolve(text)
    return whole if whole.role is not None and whole.how not in ("ranked", "stem") else None


# Words that join a title to a place or an employer, not to more of the title: "a data analyst at Google".
_NOT_THE_TITLE = forms("at in with from near for by on")


def _in_an_unknown_title(mention: str, text: str, index: RoleNameIndex) -> Resolution | None:
    """"what is a director of interplanetary logistics?": the model marked "director", but the title as typed
    goes on with words no role's name uses (or the part marked names no role either), so the question is about
    a title nobody knows, named whole."""
    guessed = guess_role_phrase(text, other_aspects=True)
    if not guessed:
        return None
    words, marked = title_words(guessed), title_words(mention)
    if not marked or len(words) <= len(marked):
        return None
    starts = [i for i in range(len(words) - len(marked) + 1) if words[i:i + len(marked)] == marked]
    if not starts:
        return None
    # Only words before the name ("unicorn groomer") or after it with "of" ("director of …") make it longer.
    before, after = words[:starts[0]], words[starts[0] + len(marked):]
    if after and after[0] != "of":
        return None
    extra = before + after
    if set(extra) & (_NOT_THE_TITLE | QUESTION_WORDS) - {"of"}:
        return None
    marked_alone = index.resolve(mention)
    # Longer only with a word no role's name uses, or when the part marked names no role either ("senior vice
    # president of galactic sales" is then named whole).
    if (all(index.knows_word(w) for w in extra if w not in STOP_WORDS)
            and (marked_alone.role is not None or marked_alone.ambiguous)):
        return None
    resolution = index.resolve(guessed)
    return resolution if resolution.role is None and not resolution.ambiguous else None
