"""RoleRepository: the one way to the role database. A session per call; nothing happens at import."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from sqlalchemy import create_engine, event, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, selectinload, sessionmaker
from sqlalchemy.pool import QueuePool

from bot.roles.catalogue import RoleEntry
from bot.roles.models import CatalogueRevision, Role, RoleLink, RoleName
from bot.roles.records import NameEntry, RoleRecord, RoleRef
from bot.roles.resolver import RoleNameIndex


class RoleDatabaseError(Exception):
    """The role database could not be reached or used; the message is one line for a person."""


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
    options: dict[str, Any] = {}
    if url.startswith("sqlite") and ":memory:" not in url and url.rstrip("/") not in ("sqlite:", "sqlite:/"):
        # SQLAlchemy 1.4 opens a new SQLite connection per session by default; a pool keeps them open.
        options = {"poolclass": QueuePool, "connect_args": {"check_same_thread": False}}
    engine = create_engine(url, future=True, pool_pre_ping=True, **options)
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
        self._snapshot: CatalogueSnapshot | None = None
        try:
            self._sessions = sessionmaker(_engine_for(url), future=True, expire_on_commit=False)
        except (SQLAlchemyError, ImportError, ValueError) as exc:
            raise RoleDatabaseError(f"invalid role database URL {describe_url(url)}: {first_error_line(exc)}") from None

    def _run(self, work):  # type: ignore[no-untyped-def]
        try:
            with self._sessions.begin() as session:
                return work(session)
        except SQLAlchemyError as exc:
            raise RoleDatabaseError(
                f"role database {describe_url(self.url)} failed: {first_error_line(exc)}"
            ) from exc

    @contextmanager
    def reader(self) -> Iterator[RoleReader]:
        """One session for a whole request (an action's turn): reads through a RoleReader."""
        try:
            with self._sessions.begin() as session:
                yield RoleReader(session, self)
        except SQLAlchemyError as exc:
            raise RoleDatabaseError(f"role database {describe_url(self.url)} failed: {first_error_line(exc)}") from exc

    def _snapshot_for(self, session: Session) -> CatalogueSnapshot:
        """Every role and the name index, read again only when a load has changed the catalogue.

        One small query per request (the revision) keeps each answer in step with the database; the records
        themselves come from memory, which is what makes a role answer about as fast as a greeting.
        """
        revision = session.connection().execute(_REVISION_QUERY).scalar() or 0  # Core: no ORM work for a number
        snapshot = self._snapshot
        if snapshot is None or snapshot.revision != revision:
            records = [_record(role) for role in session.scalars(_role_query().order_by(Role.title))]
            snapshot = CatalogueSnapshot(revision, RoleNameIndex(_name_entries(session)),
                                         {r.slug: r for r in records}, records)
            self._snapshot = snapshot
        return snapshot

    def count(self) -> int:
        return self._run(lambda s: len(s.execute(select(Role.id)).all()))

    def list_roles(self) -> list[RoleRecord]:
        with self.reader() as reader:
            return reader.all_roles()

    def list_roles_in_catalogue_order(self) -> list[RoleRecord]:
        return self._run(lambda s: [_record(role) for role in s.scalars(_role_query().order_by(Role.position))])

    def get(self, slug: str) -> RoleRecord | None:
        with self.reader() as reader:
            return reader.get(slug)

    def name_entries(self) -> list[NameEntry]:
        """Every title, abbreviation and alias with its role, for the resolver and the NLU lookup."""

        return self._run(_name_entries)

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
            if added or updated or removed:
                counter = session.get(CatalogueRevision, 1) or CatalogueRevision(id=1, revision=0)
                counter.revision += 1
                session.add(counter)
            return LoadSummary(tuple(added), tuple(updated), tuple(unchanged), tuple(removed))

        return self._run(work)


_REVISION_QUERY = select(CatalogueRevision.__table__.c.revision).where(CatalogueRevision.__table__.c.id == 1)


@dataclass(frozen=True)
class CatalogueSnapshot:
    revision: int
    index: RoleNameIndex
    by_slug: dict[str, RoleRecord]
    by_title: list[RoleRecord]


class RoleReader:
    """Reads within one session; what the assistant's turn logic asks of the database."""

    def __init__(self, session: Session, repository: RoleRepository):
        self._snapshot = repository._snapshot_for(session)

    @property
    def index(self) -> RoleNameIndex:
        return self._snapshot.index

    def get(self, slug: str) -> RoleRecord | None:
        return self._snapshot.by_slug.get(slug)

    def all_roles(self) -> list[RoleRecord]:
        return list(self._snapshot.by_title)


def _name_entries(session: Session) -> list[NameEntry]:
    rows = session.execute(select(Role.slug, Role.title).order_by(Role.position)).all()
    out = [NameEntry(title, "title", slug, title) for slug, title in rows]
    names = session.execute(
        select(RoleName.name, RoleName.kind, Role.slug, Role.title)
        .join(Role, RoleName.role_id == Role.id)
        .order_by(Role.position, RoleName.position)
    ).all()
    out.extend(NameEntry(name, kind, slug, title) for name, kind, slug, title in names)
    return out


def first_error_line(exc: BaseException) -> str:
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

