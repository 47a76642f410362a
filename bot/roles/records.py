"""Role records as the rest of the program sees them: plain frozen data, detached from any session."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.roles.catalogue import RoleEntry

TOP_OF_ORGANISATION = "Shareholders"


@dataclass(frozen=True)
class RoleRef:
    slug: str
    title: str


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

    @property
    def reports_to_title(self) -> str:
        return self.reports_to.title if self.reports_to else TOP_OF_ORGANISATION

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
            "reports_to": self.reports_to_title,
            "direct_reports": [ref.title for ref in self.direct_reports],
            "related": [ref.title for ref in self.related],
        }

    def as_entry(self) -> RoleEntry:
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
        )


@dataclass(frozen=True)
class NameEntry:
    """One way a role is named: its title, an abbreviation or an alias."""

    name: str
    kind: str
    slug: str
    title: str
