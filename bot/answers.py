"""Composing replies from role records: pure functions.

The answer to an aspect of a role is its text here; `bot.assistant` adds the source line and the next-question
buttons from the aspect table (`bot.aspects`). Button payloads name the role explicitly, so an old button
pressed later still asks about its own role.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field

from bot.roles.pay import TOP_ANNUAL, TOP_CODE, TOP_HOURLY, Pay, all_occupations, pay_table
from bot.roles.records import RoleRecord, RoleRef, onet_full_credit

EXAMPLE_QUESTIONS = ("What is a COO?", "Who does a product manager report to?", "What skills does a data analyst need?")
# A list of roles names at most this many before it says how many more there are.
MAX_LISTED = 10


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
    """A button payload, built here and nowhere else: Rasa reads '/ask_skills{"role":"cfo"}' as the intent
    with the role entity set; the widget and the Telegram bot send it back unchanged."""
    return f"/{intent}" + (json.dumps({"role": slug}, separators=(",", ":")) if slug else "")


def _article(title: str) -> str:
    """'a' or 'an' for a spoken title; titles read letter by letter take 'an' before a vowel sound."""
    first = title.split()[0]
    if first.isupper() and len(first) <= 4:
        return "an" if first[0] in "AEFHILMNORSX" else "a"
    return "an" if title[0].lower() in "aeiou" else "a"


def a_title(role: RoleRecord | RoleRef) -> str:
    if role.top:
        return f"the {role.title}"
    return f"{_article(role.title)} {role.title}"


def the_title(role: RoleRecord | RoleRef) -> str:
    return f"the {role.title}"


def _bullets(items: tuple[str, ...]) -> str:
    return "\n".join(f"• {item}" for item in items)


def sourced(role: RoleRecord, text: str) -> str:
    """An answer about a role built from O*NET data ends with its source line."""
    return f"{text}\n\n{role.credit}" if role.credit else text


def _imported(role: RoleRecord) -> bool:
    return role.source == "onet"


def definition_text(role: RoleRecord) -> str:
    return role.short_answer


def details_text(role: RoleRecord) -> str:
    return role.details


def responsibilities_text(role: RoleRecord) -> str:
    if not role.responsibilities:
        return (f"I have no list of work activities for {a_title(role)}: it is a catch-all group of jobs, "
                f"so the work depends on the job. {role.short_answer}")
    if _imported(role):
        return f"What {a_title(role)} usually does (the main work activities):\n{_bullets(role.responsibilities)}"
    return f"What {a_title(role)} is responsible for:\n{_bullets(role.responsibilities)}"


def skills_text(role: RoleRecord) -> str:
    if role.skills:
        return f"Skills and qualifications {a_title(role)} needs:\n{_bullets(role.skills)}"
    return (f"I have no skill ratings for {a_title(role)}; they are not measured for this group of jobs. "
            "How to become one or what the work involves may help instead.")


def how_to_become_text(role: RoleRecord) -> str:
    return f"How to become {a_title(role)}: {role.how_to_become}"


def reports_to_text(role: RoleRecord) -> str:
    if _imported(role):
        if role.reports_to is None:
            return (f"There is no usual manager for {a_title(role)}: people in this job usually answer to the "
                    "public, a client or a governing body rather than to one manager.")
        return (f"{a_title(role)[0].upper()}{a_title(role)[1:]} usually reports to {a_title(role.reports_to)}. "
                "Reporting lines differ from one employer to the next; this is the most common arrangement.")
    if role.reports_to is None:
        return (f"{role.title} answers to the company's shareholders, who elect its members; "
                "it sits at the top of the reporting line.")
    text = f"The {role.title} reports to {the_title(role.reports_to)}."
    if role.reports_to.top:
        text += " The board is elected by the shareholders and oversees the company's top management."
    return text


def _dollars(value: int | float | str | None, hourly: bool = False) -> str:
    if value == TOP_CODE:
        return f"${TOP_HOURLY:,.2f} or more" if hourly else f"${TOP_ANNUAL:,} or more"
    return f"${value:,.2f}" if hourly else f"${value:,}"


def _pay_figures(pay: Pay) -> str:
    """'a median of $93,600 a year (the middle half: $78,610 to $107,960)', or the hourly median."""
    if pay.median is not None:
        text = f"a median of {_dollars(pay.median)} a year"
        if pay.p25 is not None and pay.p75 is not None:
            text += f" (the middle half: {_dollars(pay.p25)} to {_dollars(pay.p75)})"
        return text
    return (f"a median of {_dollars(pay.hourly_median, hourly=True)} an hour (the survey publishes no yearly "
            "figure for this job: the hours vary too much)")


def pay_text(role: RoleRecord) -> str:
    """US pay from the survey occupations the role falls under, with the source; never a made-up figure."""
    table, source = pay_table()
    known = [pay for pay in role.pay if pay.known]
    if role.top or not known:
        why = ("its members are usually paid fees, which the survey does not cover" if role.top
               else "the US pay survey publishes none for this occupation")
        return f"I have no pay figure for {a_title(role)}: {why}. I won't guess one."
    if _imported(role) and len(known) == 1 and not known[0].group:
        lines = [f"{a_title(role)[0].upper()}{a_title(role)[1:]} in the US earns {_pay_figures(known[0])}."]
    elif len(known) == 1:
        group = "the group" if known[0].group else "the occupation"
        lines = [f"The US pay survey counts {a_title(role)} in {group} {known[0].title}: {_pay_figures(known[0])}."]
    else:
        lines = [f"The US pay survey has no figure for {a_title(role)} alone; it counts the job in "
                 f"{len(known)} occupations:"]
        lines += [f"• {pay.title}: {_pay_figures(pay)}" for pay in known]
    everyone = all_occupations(table)
    if everyone is not None and everyone.median is not None:
        lines.append(f"For comparison, the median of all US occupations is {_dollars(everyone.median)} a year.")
    return "\n".join(lines) + f"\n\nUS, national, before tax and benefits. Source: {source}."


def pay_elsewhere_text(role: RoleRecord, place: str) -> str:
    """Pay in another country: say plainly that there is no figure for it, then the US one, marked as such."""
    return (f"I only have US pay figures, so I can't tell you what {a_title(role)} earns in {place}: pay differs a "
            f"lot from one country to the next.\n\n{pay_text(role)}")


def _listed(titles: list[str]) -> str:
    shown = titles[:MAX_LISTED]
    more = len(titles) - len(shown)
    return ", ".join(shown) + (f" and {more} more" if more else "")


def direct_reports_text(role: RoleRecord) -> str:
    """Who reports to a role: the curated roles by name; occupations that usually do, counted and sampled."""
    subject = the_title(role)
    curated = [r.title for r in role.direct_reports]
    usual = [r.title for r in role.usual_reports]
    parts = []
    if curated:
        parts.append(f"Reporting directly to {subject}: {', '.join(curated)}.")
    if usual:
        lead = "It is also" if curated else f"{subject[0].upper()}{subject[1:]} is"
        parts.append(f"{lead} the usual manager of {len(usual)} occupation{'s' if len(usual) > 1 else ''}: "
                     f"{_listed(usual)}.")
    if not parts:
        parts.append(f"No role in my database reports directly to {subject}; it is usually an individual "
                     "contributor role.")
    return " ".join(parts)


def that_is_all_text(role: RoleRecord) -> str:
    return (f"That's all I have on {the_title(role)}. You can ask who reports to them, "
            "compare them with another role, or ask about a different role.")


def same_role_text(role: RoleRecord) -> str:
    return f"Those are two names for the same role. {role.short_answer}"


def compose_comparison(first: RoleRecord, second: RoleRecord) -> Reply:
    lines = [f"{first.display_name} vs {second.display_name}:"]
    for role in (first, second):
        usually = "Usually reports" if _imported(role) else "Reports"
        lines.append(f"• {role.title}: {role.short_answer} {usually} to {_reports_to_name(role)}.")
    relation = _relation(first, second)
    if relation:
        lines.append(relation)
    credit = first.credit or second.credit
    if credit:
        lines.append(f"\n{credit}")
    buttons = (
        Button(f"More on the {first.title}", ask_payload("ask_more", first.slug)),
        Button(f"More on the {second.title}", ask_payload("ask_more", second.slug)),
    )
    return Reply("\n".join(lines), buttons)


def _reports_to_name(role: RoleRecord) -> str:
    if role.reports_to:
        return the_title(role.reports_to)
    return "no single manager" if _imported(role) else "the shareholders"


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
        buttons = role_buttons(candidates, "ask_definition")
    else:
        text = (
            f"I don't know the role \"{name}\", sorry: it isn't in my role database. "
            "Ask me which roles I know, or about another job title."
        )
        buttons = (Button("Which roles do you know?", "/list_roles"),)
    return Reply(text, buttons)


def either(refs: tuple[RoleRef, ...]) -> str:
    """"A", "A or B", "A, B or C": the options named in the text, so it reads right without buttons."""
    titles = [r.title for r in refs]
    return titles[0] if len(titles) == 1 else ", ".join(titles[:-1]) + " or " + titles[-1]


def compose_ambiguous(mention: str, candidates: tuple[RoleRef, ...], intent: str) -> Reply:
    name = mention.strip().strip("?!.,") or mention
    text = f"{name} can mean more than one role: {either(candidates)}. Which one do you mean?"
    return Reply(text, role_buttons(candidates, intent))


def role_buttons(refs: tuple[RoleRef, ...], intent: str) -> tuple[Button, ...]:
    """One button per role, each asking the same question about it."""
    return tuple(Button(r.title, ask_payload(intent, r.slug)) for r in refs)


def noted_text(role: RoleRecord, greeted: bool) -> str:
    """The line before the answer to a role named in passing: the role is noted, then what it is."""
    hello = "Hi! " if greeted else ""
    return f"{hello}Noted: the {role.title} role. Here is what it is; ask me anything else about it."


def taken_as_text(mention: str, role: RoleRecord, others: tuple[RoleRef, ...]) -> str:
    """The line before an answer for a name that is no role's own: which role it was taken as, and what else
    it may mean (a shared title taken in its usual sense, or the clearly closest match to an unknown title)."""
    name = mention.strip().strip("?!.,'\"") or mention
    return f"I took \"{name}\" to mean {role.title}, the likeliest match; it may also mean {either(others)}."


def compose_which_role(intent: str, examples: list[RoleRecord]) -> Reply:
    """Ask for the role, naming the catalogue's example roles (each a button asking the same about it)."""
    named = [r.abbreviations[0] if r.abbreviations else r.title.lower() for r in examples]
    text = "Which role do you mean? Name a job title"
    if named:
        text += ", for example " + (f"{', '.join(named[:-1])} or {named[-1]}" if len(named) > 1 else named[0])
    return Reply(text + ".", tuple(Button(r.title, ask_payload(intent, r.slug)) for r in examples))


def compose_which_two_roles() -> Reply:
    return Reply("Which two roles would you like me to compare? For example: \"COO vs CEO\".")


def compose_role_list(roles: list[RoleRecord]) -> Reply:
    """The curated roles by department, and how many occupations the O*NET import adds."""
    by_department: dict[str, list[str]] = {}
    curated = [role for role in roles if not _imported(role)]
    for role in curated:
        by_department.setdefault(role.department, []).append(role.display_name)
    lines = [f"I know {len(curated)} roles in detail:"]
    for department in sorted(by_department):
        lines.append(f"• {department}: {', '.join(sorted(by_department[department]))}")
    imported = len(roles) - len(curated)
    if imported:
        lines.append(f"I also know {imported} more occupations from the O*NET database, from dental hygienist "
                     "to welder: ask about any job title.")
    lines.append("Ask about any of them, for example \"What is a COO?\".")
    return Reply("\n".join(lines))


def compose_source(release: str | None) -> Reply:
    """Where the answers come from, with the credit O*NET's licence asks for."""
    _, pay_source = pay_table()
    text = ("I answer from three sources. The roles I know in detail, such as COO or product manager, are written "
            "by this project. The other occupations, their other titles, skills, education and work activities "
            "come from the O*NET database, and their short definitions are written by this project from those "
            f"facts. Pay figures are American (national, before tax) and come from the {pay_source}.")
    if release:
        text += f"\n\n{onet_full_credit(release)}"
    return Reply(text, tuple(Button(q, q) for q in EXAMPLE_QUESTIONS[:2]))


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
