"""The answer texts of an imported occupation, written from its facts in the project's own words.

O*NET's prose never appears: only its names, figures and taxonomy labels (work activities, skill names,
education levels), set in sentences of our own.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# What each job zone (O*NET's 1-5 preparation scale) means, in our words.
JOB_ZONES = {
    1: "little or no preparation: a few days to a few months of training on the job is usually enough",
    2: "some preparation: usually a high-school diploma and up to a year of training or related experience",
    3: "medium preparation: usually vocational training, an apprenticeship or an associate's degree, and one "
       "to two years of related experience",
    4: "considerable preparation: usually a bachelor's degree and several years of related experience",
    5: "extensive preparation: usually a graduate or professional degree, and often more than five years of "
       "experience",
}
# O*NET's education levels as they read in a sentence.
EDUCATION = {
    "Less than a High School Diploma": "no high-school diploma",
    "High School Diploma": "a high-school diploma",
    "Post-Secondary Certificate": "a post-secondary certificate",
    "Some College Courses": "some college courses",
    "Associate's Degree (or other 2-year degree)": "an associate's degree",
    "Bachelor's Degree": "a bachelor's degree",
    "Post-Baccalaureate Certificate": "a post-baccalaureate certificate",
    "Master's Degree": "a master's degree",
    "Post-Master's Certificate": "a post-master's certificate",
    "First Professional Degree": "a first professional degree (as in medicine, dentistry or law)",
    "Doctoral Degree": "a doctoral degree",
    "Post-Doctoral Training": "post-doctoral training",
}


@dataclass(frozen=True)
class OccupationTexts:
    short_answer: str
    details: str
    responsibilities: tuple[str, ...]
    skills: tuple[str, ...]
    how_to_become: str


def compose_texts(occupation: dict[str, Any], title: str, department: str, definition: str | None,
                  related_titles: list[str]) -> OccupationTexts:
    return OccupationTexts(
        short_answer=definition or _plain_definition(occupation, title, department),
        details=_details(occupation, title, department, related_titles),
        responsibilities=tuple(a.rstrip(".") for a in occupation["activities"]),
        skills=_skills(occupation),
        how_to_become=_how_to_become(occupation, title),
    )


def article(title: str) -> str:
    return "an" if title[:1].lower() in "aeiou" else "a"


def _plain_definition(occupation: dict[str, Any], title: str, department: str) -> str:
    activities = [a.rstrip(".").lower() for a in occupation["activities"][:2]]
    work = f" The work includes tasks such as: {'; '.join(activities)}." if activities else ""
    return f"{article(title).capitalize()} {title} works in {department.lower()} occupations.{work}"


def join_words(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _details(occupation: dict[str, Any], title: str, department: str, related_titles: list[str]) -> str:
    parts = [f"{article(title).capitalize()} {title} is one of the {department.lower()} occupations."]
    others = [t for t in occupation["featured_titles"] if t.lower() != title.lower()][:5]
    others = others or [t for t in occupation["alternate_titles"] if t.lower() != title.lower()][:4]
    if others:
        parts.append(f"Job postings also call it {join_words(others)}.")
    zone = occupation.get("job_zone")
    if zone in JOB_ZONES:
        parts.append(f"It needs {JOB_ZONES[zone]} (job zone {zone} of 5).")
    if occupation["activities"]:
        first = [a.rstrip(".").lower() for a in occupation["activities"][:3]]
        parts.append(f"Much of the day goes to tasks such as: {'; '.join(first)}.")
    if related_titles:
        parts.append(f"Related roles: {join_words(related_titles[:4])}.")
    return " ".join(parts)


def _skills(occupation: dict[str, Any]) -> tuple[str, ...]:
    items = []
    if occupation["skills"]:
        names = [f"{name} ({importance:.1f} of 5)" for name, importance, _level in occupation["skills"]]
        items.append(f"Skills that stand out against other jobs (importance): {join_words(names)}")
    if occupation["knowledge"]:
        names = [name for name, _importance, _level in occupation["knowledge"]]
        items.append(f"Knowledge areas: {join_words(names)}")
    if occupation["technology"]:
        items.append(f"Software and technology in demand: {join_words(occupation['technology'])}")
    return tuple(items)


def _how_to_become(occupation: dict[str, Any], title: str) -> str:
    parts = []
    education = [(EDUCATION.get(label, label.lower()), share) for label, share in occupation["education"]]
    if education:
        first, share = education[0]
        sentence = f"The most common education is {first} ({share}% of workers surveyed)"
        rest = [f"{level} ({share}%)" for level, share in education[1:]]
        parts.append(sentence + (f"; others have {join_words(rest)}." if rest else "."))
    experience = occupation.get("experience")
    if experience:
        label, share = experience
        wanted = "no related work experience" if label == "None" else f"related work experience of {label.lower()}"
        parts.append(f"The most common requirement is {wanted} ({share}%).")
    training = occupation.get("training")
    if training:
        label, share = training
        parts.append(f"Training on the job: {label[0].lower() + label[1:]} ({share}%).")
    zone = occupation.get("job_zone")
    if zone in JOB_ZONES:
        parts.append(f"Overall it is a job-zone {zone} occupation, which means {JOB_ZONES[zone]}.")
    if not parts:
        return (f"There are no education or training figures for this group of jobs; the path into it depends "
                f"on the particular {title.lower()} role.")
    return " ".join(parts)
