"""Role records as the rest of the program sees them: plain frozen data, detached from any session."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.roles.catalogue import RoleEntry
from bot.roles.pay import Pay

TOP_OF_ORGANISATION = "Shareholders"
PROJECT_NAME = "Role assistant"


def onet_credit(release: str | None) -> str | None:
    """The short source line of every answer built from O*NET data (the full credit: README, ask_source)."""
    if not release:
        return None
    return (f"Source: O*NET {release} Database (USDOL/ETA), CC BY 4.0; adapted by {PROJECT_NAME}, "
            "not endorsed by USDOL/ETA.")


def onet_full_credit(release: str | None) -> str:
    """O*NET's required credit lines, for the README and "where does your information come from?"."""
    return (
        f"This page includes information from the O*NET {release or '29.3'} Database by the U.S. Department of "
        "Labor, Employment and Training Administration (USDOL/ETA). Used under the CC BY 4.0 license. O*NET® is "
        f"a trademark of USDOL/ETA. {PROJECT_NAME} has modified all or some of this information. USDOL/ETA has "
        "not approved, endorsed, or tested these modifications."
    )


@dataclass(frozen=True)
class RoleRef:
    slug: str
    title: str
    # The top of the organisation: a curated role that reports to nobody (the board), named with "the".
    top: bool = False


@dataclass(frozen=True)
class RoleRecord:
    """A role as read from the database, detached from any session."""

    slug: str
    title: str
    abbreviations: tuple[str, ...]
    aliases: tuple[str, ...]
    department: str
    level: str
    short_answer: str
    details: str
    responsibilities: tuple[str, ...]
    skills: tuple[str, ...]
    how_to_become: str
    reports_to: RoleRef | None
    direct_reports: tuple[RoleRef, ...]
    related: tuple[RoleRef, ...]
    source: str = "curated"
    # Imported occupations that usually report to this role (kept apart: there can be dozens).
    usual_reports: tuple[RoleRef, ...] = ()
    onet_codes: tuple[str, ...] = ()
    onet_covers: tuple[str, ...] = ()
    # For a role built from O*NET data, the source line its answers carry.
    credit: str | None = None
    # One of the catalogue's example roles (named when the assistant asks which role is meant).
    example: bool = False
    # US pay of the survey occupations its O*NET-SOC codes fall under (bot/roles/pay.py), in the role's order.
    pay: tuple[Pay, ...] = ()

    @property
    def top(self) -> bool:
        """The top of the organisation: the curated role that answers to the shareholders, not to a manager."""
        return self.source == "curated" and self.reports_to is None

    @property
    def reports_to_title(self) -> str:
        if self.reports_to:
            return self.reports_to.title
        return "no single manager" if self.source == "onet" else TOP_OF_ORGANISATION

    @property
    def display_name(self) -> str:
        """'Chief Operating Officer (COO)', or just the title when it has no abbreviation."""
        return f"{self.title} ({self.abbreviations[0]})" if self.abbreviations else self.title

    def as_json(self) -> dict[str, Any]:
        return {
            "slug": self.slug,
            "title": self.title,
            "abbreviations": list(self.abbreviations),
            "aliases": list(self.aliases),
            "department": self.department,
            "level": self.level,
            "short_answer": self.short_answer,
            "details": self.details,
            "responsibilities": list(self.responsibilities),
            "skills": list(self.skills),
            "how_to_become": self.how_to_become,
            "reports_to": self.reports_to.slug if self.reports_to else None,  # a slug, as `roles export` writes it
            "reports_to_title": self.reports_to_title,
            "direct_reports": [ref.title for ref in self.direct_reports],
            "usual_reports": [ref.title for ref in self.usual_reports],
            "related": [ref.title for ref in self.related],
            "source": self.source,
            "onet_codes": list(self.onet_codes),
        }

    def as_entry(self, onet_names: tuple[tuple[str, str], ...] = ()) -> RoleEntry:
        """The record in catalogue form, so that `export` round-trips with `load`."""
        return RoleEntry(
            slug=self.slug,
            title=self.title,
            department=self.department,
            level=self.level,
            short_answer=self.short_answer,
            details=self.details,
            how_to_become=self.how_to_become,
            abbreviations=self.abbreviations,
            aliases=self.aliases,
            responsibilities=self.responsibilities,
            skills=self.skills,
            related=tuple(ref.slug for ref in self.related),
            reports_to=self.reports_to.slug if self.reports_to else None,
            source=self.source,
            onet=self.onet_codes,
            covers=self.onet_covers,
            onet_names=onet_names,
            example=self.example,
        )


def entry_names(entry: RoleEntry, curated_names_only: bool = False) -> list[NameEntry]:
    """Every name of a catalogue entry in the order the database keeps them: its title, abbreviations, aliases,
    then (unless `curated_names_only`) the O*NET titles it holds."""
    named = [(entry.title, "title")] + [(a, "abbreviation") for a in entry.abbreviations]
    named += [(a, "alias") for a in entry.aliases]
    if not curated_names_only:
        named += [(name, kind) for kind, name in entry.onet_names]
    return [NameEntry(name, kind, entry.slug, entry.title, entry.source, entry.onet) for name, kind in named]


@dataclass(frozen=True)
class NameEntry:
    """One way a role is named: its title, an abbreviation, an alias, or an O*NET title
    (bot.roles.occupations.ONET_NAME_KINDS)."""

    name: str
    kind: str
    slug: str
    title: str
    source: str = "curated"
    codes: tuple[str, ...] = ()
