"""RoleRepository: the one way to the role database. A session per call; nothing happens at import."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from sqlalchemy import create_engine, event, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, selectinload, sessionmaker

from bot.roles.catalogue import BOARD_SLUG, RoleEntry
from bot.roles.models import Role, RoleLink, RoleName

TOP_OF_ORGANISATION = "Shareholders"


class RoleDatabaseError(Exception):
    """The role database could not be reached or used; the message is one line for a person."""


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


@dataclass(frozen=True)
class LoadSummary:
    added: tuple[str, ...]
    updated: tuple[str, ...]
    unchanged: tuple[str, ...]
    removed: tuple[str, ...]

    def describe(self) -> str:
        total = len(self.added) + len(self.updated) + len(self.unchanged)
        return (
            f"{total} roles loaded: {len(self.added)} added, {len(self.updated)} updated, "
            f"{len(self.unchanged)} unchanged, {len(self.removed)} removed"
        )


def describe_url(url: str) -> str:
    """The URL with any password hidden, for messages."""
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).__repr__()
    except Exception:  # an unparsable URL is shown as given: it holds no usable password
        return url


@lru_cache(maxsize=8)
def _engine_for(url: str) -> Engine:
    engine = create_engine(url, future=True, pool_pre_ping=True)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_foreign_keys)
    return engine


def _sqlite_foreign_keys(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


class RoleRepository:
    """Every query of the role database lives here; each public method opens and closes its own session."""

    def __init__(self, url: str):
        self.url = url
        try:
            self._sessions = sessionmaker(_engine_for(url), future=True, expire_on_commit=False)
        except (SQLAlchemyError, ImportError, ValueError) as exc:
            raise RoleDatabaseError(f"invalid role database URL {describe_url(url)}: {_first_line(exc)}") from None

    def _run(self, work):  # type: ignore[no-untyped-def]
        try:
            with self._sessions.begin() as session:
                return work(session)
        except SQLAlchemyError as exc:
            raise RoleDatabaseError(
                f"role database {describe_url(self.url)} failed: {_first_line(exc)}"
            ) from exc

    def count(self) -> int:
        return self._run(lambda s: len(s.execute(select(Role.id)).all()))

    def list_roles(self) -> list[RoleRecord]:
        return self._run(lambda s: [_record(role) for role in s.scalars(_role_query().order_by(Role.title))])

    def list_roles_in_catalogue_order(self) -> list[RoleRecord]:
        return self._run(lambda s: [_record(role) for role in s.scalars(_role_query().order_by(Role.position))])

    def get(self, slug: str) -> RoleRecord | None:
        def work(session: Session) -> RoleRecord | None:
            role = session.scalars(_role_query().where(Role.slug == slug)).first()
            return _record(role) if role else None

        return self._run(work)

    def get_many(self, slugs: list[str]) -> list[RoleRecord]:
        """Several roles in one session, in the order asked."""

        def work(session: Session) -> list[RoleRecord]:
            found = {r.slug: _record(r) for r in session.scalars(_role_query().where(Role.slug.in_(slugs)))}
            return [found[s] for s in slugs if s in found]

        return self._run(work)

    def name_entries(self) -> list[NameEntry]:
        """Every title, abbreviation and alias with its role, for the resolver and the NLU lookup."""

        def work(session: Session) -> list[NameEntry]:
            rows = session.execute(select(Role.slug, Role.title).order_by(Role.position)).all()
            out = [NameEntry(title, "title", slug, title) for slug, title in rows]
            names = session.execute(
                select(RoleName.name, RoleName.kind, Role.slug, Role.title)
                .join(Role, RoleName.role_id == Role.id)
                .order_by(Role.position, RoleName.position)
            ).all()
            out.extend(NameEntry(name, kind, slug, title) for name, kind, slug, title in names)
            return out

        return self._run(work)

    def replace_catalogue(self, entries: list[RoleEntry]) -> LoadSummary:
        """Make the database hold exactly these entries, in one transaction (all or nothing)."""

        def work(session: Session) -> LoadSummary:
            existing = {r.slug: r for r in session.scalars(_role_query())}
            before = {slug: _record(role).as_entry() for slug, role in existing.items()}
            added, updated, unchanged = [], [], []
            roles: dict[str, Role] = {}
            for position, entry in enumerate(entries):
                role = existing.get(entry.slug)
                if role is None:
                    role = Role(slug=entry.slug)
                    session.add(role)
                    added.append(entry.slug)
                elif before[entry.slug] == entry:
                    unchanged.append(entry.slug)
                else:
                    updated.append(entry.slug)
                _fill(role, entry, position)
                roles[entry.slug] = role
            session.flush()
            for entry in entries:
                role = roles[entry.slug]
                role.reports_to = roles[entry.reports_to] if entry.reports_to else None
                current = {link.related.slug: link for link in role.related_links}
                links = []
                for i, slug in enumerate(entry.related):
                    link = current.get(slug) or RoleLink(related=roles[slug])
                    link.position = i
                    links.append(link)
                role.related_links = links
            session.flush()
            # Removed last, once nothing in the catalogue points at them any more.
            removed = sorted(set(existing) - set(roles))
            for slug in removed:
                session.delete(existing[slug])
            return LoadSummary(tuple(added), tuple(updated), tuple(unchanged), tuple(removed))

        return self._run(work)


def _first_line(exc: BaseException) -> str:
    text = str(getattr(exc, "orig", None) or exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _role_query():  # type: ignore[no-untyped-def]
    return select(Role).options(
        selectinload(Role.names),
        selectinload(Role.reports_to),
        selectinload(Role.direct_reports),
        selectinload(Role.related_links).selectinload(RoleLink.related),
    )


def _fill(role: Role, entry: RoleEntry, position: int) -> None:
    role.title = entry.title
    role.department = entry.department
    role.level = entry.level
    role.short_answer = entry.short_answer
    role.details = entry.details
    role.responsibilities = list(entry.responsibilities)
    role.skills = list(entry.skills)
    role.how_to_become = entry.how_to_become
    role.position = position
    wanted = [("abbreviation", n) for n in entry.abbreviations] + [("alias", n) for n in entry.aliases]
    current = {(n.kind, n.name): n for n in role.names}
    role.names = [current.get(key) or RoleName(kind=key[0], name=key[1]) for key in wanted]
    for i, name in enumerate(role.names):
        name.position = i


def _record(role: Role) -> RoleRecord:
    names = sorted(role.names, key=lambda n: n.position)
    return RoleRecord(
        slug=role.slug,
        title=role.title,
        abbreviations=tuple(n.name for n in names if n.kind == "abbreviation"),
        aliases=tuple(n.name for n in names if n.kind == "alias"),
        department=role.department,
        level=role.level,
        short_answer=role.short_answer,
        details=role.details,
        responsibilities=tuple(role.responsibilities),
        skills=tuple(role.skills),
        how_to_become=role.how_to_become,
        reports_to=RoleRef(role.reports_to.slug, role.reports_to.title) if role.reports_to else None,
        direct_reports=tuple(
            RoleRef(r.slug, r.title) for r in sorted(role.direct_reports, key=lambda r: r.position)
        ),
        related=tuple(RoleRef(link.related.slug, link.related.title) for link in role.related_links),
    )


__all__ = ["BOARD_SLUG", "RoleRepository", "RoleRecord", "RoleRef", "NameEntry", "RoleDatabaseError"]
