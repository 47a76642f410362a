"""Composing replies from role records: pure functions, text plus the next-question buttons.

Button payloads name the role explicitly, so an old button pressed later still asks about its own role.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field

from bot.roles.records import RoleRecord, RoleRef

EXAMPLE_QUESTIONS = ("What is a COO?", "Who does a product manager report to?", "What skills does a data analyst need?")


@dataclass(frozen=True)
class Button:
    title: str
    payload: str

    def as_dict(self) -> dict[str, str]:
        return {"title": self.title, "payload": self.payload}


@dataclass(frozen=True)
class Reply:
    text: str
    buttons: tuple[Button, ...] = field(default=())


def ask_payload(intent: str, slug: str | None = None) -> str:
    """A button payload that Rasa reads as an intent with the role entity set."""
    return f"/{intent}" + (json.dumps({"role": slug}, separators=(",", ":")) if slug else "")


# The aspects a person can ask about a role, with the intent and button title that ask for each.
NEXT_QUESTIONS = {
    "more": ("ask_more", "Tell me more"),
    "reports_to": ("ask_reports_to", "Who do they report to?"),
    "skills": ("ask_skills", "Skills needed"),
    "responsibilities": ("ask_responsibilities", "What do they do?"),
    "how_to_become": ("ask_how_to_become", "How to become one"),
    "direct_reports": ("ask_direct_reports", "Who reports to them?"),
}


def next_question_buttons(role: RoleRecord, exclude: set[str], more_left: bool = True) -> tuple[Button, ...]:
    order = ["more", "reports_to", "skills", "responsibilities", "how_to_become", "direct_reports"]
    chosen = []
    for aspect in order:
        if aspect in exclude or (aspect == "more" and not more_left):
            continue
        if aspect == "direct_reports" and not role.direct_reports:
            continue
        intent, title = NEXT_QUESTIONS[aspect]
        chosen.append(Button(title, ask_payload(intent, role.slug)))
        if len(chosen) == 3:
            break
    return tuple(chosen)


def _article(title: str) -> str:
    """'a' or 'an' for a spoken title; titles read letter by letter take 'an' before a vowel sound."""
    first = title.split()[0]
    if first.isupper() and len(first) <= 4:
        return "an" if first[0] in "AEFHILMNORSX" else "a"
    return "an" if title[0].lower() in "aeiou" else "a"


def a_title(role: RoleRecord | RoleRef) -> str:
    if role.slug == "board-of-directors":
        return "the Board of Directors"
    return f"{_article(role.title)} {role.title}"


def the_title(role: RoleRecord | RoleRef) -> str:
    return f"the {role.title}"


def _bullets(items: tuple[str, ...]) -> str:
    return "\n".join(f"• {item}" for item in items)


def compose_definition(role: RoleRecord) -> Reply:
    return Reply(role.short_answer, next_question_buttons(role, exclude=set()))


def compose_details(role: RoleRecord) -> Reply:
    return Reply(role.details, next_question_buttons(role, exclude={"more"}))


def compose_responsibilities(role: RoleRecord, more_left: bool = True) -> Reply:
    text = f"What {a_title(role)} is responsible for:\n{_bullets(role.responsibilities)}"
    return Reply(text, next_question_buttons(role, exclude={"responsibilities"}, more_left=more_left))


def compose_skills(role: RoleRecord, more_left: bool = True) -> Reply:
    text = f"Skills and qualifications {a_title(role)} needs:\n{_bullets(role.skills)}"
    return Reply(text, next_question_buttons(role, exclude={"skills"}, more_left=more_left))


def compose_how_to_become(role: RoleRecord, more_left: bool = True) -> Reply:
    text = f"How to become {a_title(role)}: {role.how_to_become}"
    return Reply(text, next_question_buttons(role, exclude={"how_to_become"}, more_left=more_left))


def compose_reports_to(role: RoleRecord, more_left: bool = True) -> Reply:
    if role.reports_to is None:
        text = (
            f"{role.title} answers to the company's shareholders, who elect its members; "
            "it sits at the top of the reporting line."
        )
    else:
        boss = role.reports_to
        text = f"The {role.title} reports to {the_title(boss)}."
        if role.slug == "ceo" or role.reports_to.slug == "board-of-directors":
            text += " The board is elected by the shareholders and oversees the company's top management."
    return Reply(text, next_question_buttons(role, exclude={"reports_to"}, more_left=more_left))


def compose_direct_reports(role: RoleRecord, more_left: bool = True) -> Reply:
    subject = the_title(role)
    if role.direct_reports:
        names = ", ".join(r.title for r in role.direct_reports)
        text = f"Reporting directly to {subject}: {names}."
    else:
        text = f"No role in my database reports directly to {subject}; it is usually an individual contributor role."
    return Reply(text, next_question_buttons(role, exclude={"direct_reports"}, more_left=more_left))


def compose_that_is_all(role: RoleRecord) -> Reply:
    text = (
        f"That's all I have on {the_title(role)}. You can ask who reports to them, "
        "compare them with another role, or ask about a different role."
    )
    return Reply(text, next_question_buttons(role, exclude={"more"}, more_left=False))


def compose_comparison(first: RoleRecord, second: RoleRecord) -> Reply:
    if first.slug == second.slug:
        return Reply(f"Those are two names for the same role. {first.short_answer}",
                     next_question_buttons(first, exclude=set()))
    lines = [f"{first.display_name} vs {second.display_name}:"]
    for role in (first, second):
        lines.append(f"• {role.title}: {role.short_answer} Reports to {_reports_to_name(role)}.")
    relation = _relation(first, second)
    if relation:
        lines.append(relation)
    buttons = (
        Button(f"More on the {first.title}", ask_payload("ask_more", first.slug)),
        Button(f"More on the {second.title}", ask_payload("ask_more", second.slug)),
    )
    return Reply("\n".join(lines), buttons)


def _reports_to_name(role: RoleRecord) -> str:
    return the_title(role.reports_to) if role.reports_to else "the shareholders"


def _relation(first: RoleRecord, second: RoleRecord) -> str:
    if first.reports_to and first.reports_to.slug == second.slug:
        return f"The {first.title} reports to the {second.title}."
    if second.reports_to and second.reports_to.slug == first.slug:
        return f"The {second.title} reports to the {first.title}."
    return ""


def compose_unknown_role(mention: str, candidates: tuple[RoleRef, ...]) -> Reply:
    name = mention.strip().strip("?!.,'\"") or mention
    if candidates:
        text = f"I don't know the role \"{name}\". Did you mean one of these?"
        buttons = tuple(Button(c.title, ask_payload("ask_definition", c.slug)) for c in candidates)
    else:
        text = (
            f"I don't know the role \"{name}\", sorry: it isn't in my role database. "
            "Ask me which roles I know, or about another job title."
        )
        buttons = (Button("Which roles do you know?", "/list_roles"),)
    return Reply(text, buttons)


def compose_ambiguous(mention: str, candidates: tuple[RoleRef, ...], intent: str) -> Reply:
    name = mention.strip().strip("?!.,") or mention
    text = f"{name} can mean more than one role. Which one do you mean?"
    return Reply(text, tuple(Button(c.title, ask_payload(intent, c.slug)) for c in candidates))


def compose_which_role(intent: str) -> Reply:
    text = "Which role do you mean? Name a job title, for example COO, product manager or data analyst."
    examples = (("coo", "Chief Operating Officer"), ("product-manager", "Product Manager"),
                ("data-analyst", "Data Analyst"))
    return Reply(text, tuple(Button(title, ask_payload(intent, slug)) for slug, title in examples))


def compose_which_two_roles() -> Reply:
    return Reply("Which two roles would you like me to compare? For example: \"COO vs CEO\".")


def compose_role_list(roles: list[RoleRecord]) -> Reply:
    by_department: dict[str, list[str]] = {}
    for role in roles:
        by_department.setdefault(role.department, []).append(role.display_name)
    lines = [f"I know {len(roles)} roles:"]
    for department in sorted(by_department):
        lines.append(f"• {department}: {', '.join(sorted(by_department[department]))}")
    lines.append("Ask about any of them, for example \"What is a COO?\".")
    return Reply("\n".join(lines))


def compose_out_of_scope() -> Reply:
    return Reply(
        "I can only help with questions about job roles and positions: what a role is, what it does, "
        "who it reports to, the skills it needs and how to become one.",
        tuple(Button(q, q) for q in EXAMPLE_QUESTIONS[:2]),
    )


def compose_rephrase() -> Reply:
    return Reply(
        "Sorry, I didn't quite get that. Could you rephrase? You can ask me about a job role or position, "
        "for example:",
        tuple(Button(q, q) for q in EXAMPLE_QUESTIONS),
    )


def compose_database_fault() -> Reply:
    return Reply("Sorry, I can't reach my role database right now. Please try again in a moment.")


def compose_internal_fault() -> Reply:
    return Reply("Sorry, something went wrong on my side. Please ask again in a moment.")


def compose_ask_away() -> Reply:
    return Reply(
        "Great! Ask me about any job role or position, for example:",
        tuple(Button(q, q) for q in EXAMPLE_QUESTIONS),
    )
