"""RoleRepository: the one way to the role database. A session per call; nothing happens at import."""
from __future__ import annotations

import hashlib
import json
import threading
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property

from sqlalchemy import delete, insert, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from bot.roles.catalogue import RoleEntry
from bot.roles.db import RoleDatabaseError, describe_url, engine_for, first_error_line
from bot.roles.models import CatalogueRevision, Role, RoleLink, RoleName
from bot.roles.pay import pay_for, pay_table, workers_by_soc
from bot.roles.records import NameEntry, RoleRecord, RoleRef, entry_names, onet_credit
from bot.roles.resolver import RoleNameIndex

CURATED_NAME_KINDS = ("abbreviation", "alias")


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


def entry_fingerprint(entry: RoleEntry) -> str:
    return hashlib.sha256(json.dumps(entry.as_dict(), sort_keys=True).encode()).hexdigest()


class RoleRepository:
    """Every query of the role database lives here; each public method opens and closes its own session."""

    def __init__(self, url: str):
        self.url = url
        self._snapshot: CatalogueSnapshot | None = None
        self._snapshot_lock = threading.Lock()  # the action server's warm-up and its first request
        try:
            self._sessions = sessionmaker(engine_for(url), future=True, expire_on_commit=False)
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
                yield RoleReader(self.snapshot(session))
        except SQLAlchemyError as exc:
            raise RoleDatabaseError(f"role database {describe_url(self.url)} failed: {first_error_line(exc)}") from exc

    def snapshot(self, session: Session) -> CatalogueSnapshot:
        """Every role and the name index, read again only when a load has changed the catalogue.

        One small query per request (the revision) keeps each answer in step with the database; the records
        themselves come from memory, which is what makes a role answer about as fast as a greeting.
        """
        revision = session.connection().execute(_REVISION_QUERY).scalar() or 0  # Core: no ORM work for a number
        snapshot = self._snapshot
        if snapshot is not None and snapshot.revision == revision:
            return snapshot
        with self._snapshot_lock:
            snapshot = self._snapshot
            if snapshot is None or snapshot.revision != revision:
                records = _records(session)
                release = session.execute(select(CatalogueRevision.onet_release)).scalar()
                snapshot = CatalogueSnapshot(revision, _name_entries(session), {r.slug: r for r in records},
                                             sorted(records, key=lambda r: r.title), release)
                self._snapshot = snapshot
            return snapshot

    def count(self) -> int:
        return self._run(lambda s: len(s.execute(select(Role.id)).all()))

    def list_roles(self) -> list[RoleRecord]:
        with self.reader() as reader:
            return reader.all_roles()

    def list_roles_in_catalogue_order(self) -> list[RoleRecord]:
        return self._run(_records)

    def get(self, slug: str) -> RoleRecord | None:
        with self.reader() as reader:
            return reader.get(slug)

    def name_entries(self) -> list[NameEntry]:
        """Every name of every role, with its kind and source, for the resolver and the NLU lookup."""
        return self._run(_name_entries)

    def export_entries(self) -> list[RoleEntry]:
        """Every role in catalogue form, in catalogue order; an imported occupation with its O*NET titles
        (a curated role's inherited titles come from the import again, so its entry loads back as written)."""

        def work(session: Session) -> list[RoleEntry]:
            onet_names: dict[str, list[tuple[str, str]]] = defaultdict(list)
            for entry in _name_entries(session):
                if entry.kind not in ("title", *CURATED_NAME_KINDS):
                    onet_names[entry.slug].append((entry.kind, entry.name))
            return [r.as_entry(tuple(onet_names[r.slug]) if r.source == "onet" else ()) for r in _records(session)]

        return self._run(work)

    def replace_catalogue(self, entries: list[RoleEntry], onet_release: str | None = None) -> LoadSummary:
        """Make the database hold exactly these entries, in one transaction (all or nothing).

        Only roles whose entry changed are rewritten, and loading the very same catalogue again only compares
        one fingerprint: `make run` loads the catalogue on every start.
        """
        prints = {entry.slug: entry_fingerprint(entry) for entry in entries}
        whole = hashlib.sha256(json.dumps([prints[e.slug] for e in entries] + [onet_release]).encode()).hexdigest()

        def work(session: Session) -> LoadSummary:
            counter = session.get(CatalogueRevision, 1) or CatalogueRevision(id=1, revision=0)
            existing = {role.slug: role for role in session.scalars(select(Role))}
            if counter.fingerprint == whole and set(existing) == set(prints):
                return LoadSummary((), (), tuple(prints), ())
            added, updated, unchanged = [], [], []
            roles: dict[str, Role] = {}
            for position, entry in enumerate(entries):
                role = existing.get(entry.slug)
                if role is None:
                    role = Role(slug=entry.slug)
                    session.add(role)
                    added.append(entry.slug)
                elif role.fingerprint == prints[entry.slug]:
                    unchanged.append(entry.slug)
                else:
                    updated.append(entry.slug)
                if role.fingerprint != prints[entry.slug]:
                    _fill(role, entry, prints[entry.slug])
                role.position = position
                roles[entry.slug] = role
            session.flush()
            rewritten = [roles[slug].id for slug in (*added, *updated)]
            removed = sorted(set(existing) - set(roles))
            gone = [existing[slug].id for slug in removed]
            for chunk in _chunks(rewritten + gone):
                session.execute(delete(RoleName).where(RoleName.role_id.in_(chunk)))
            session.execute(delete(RoleLink))
            names, links = [], []
            for entry in entries:
                role = roles[entry.slug]
                role.reports_to_id = roles[entry.reports_to].id if entry.reports_to else None
                links += [{"role_id": role.id, "related_id": roles[s].id, "position": i}
                          for i, s in enumerate(entry.related)]
                if entry.slug in added or entry.slug in updated:
                    names += [{"role_id": role.id, "kind": kind, "name": name, "position": i}
                              for i, (kind, name) in enumerate(_names_of(entry))]
            if names:
                session.execute(insert(RoleName), names)
            if links:
                session.execute(insert(RoleLink), links)
            session.flush()
            for chunk in _chunks(gone):  # removed last, once nothing in the catalogue points at them
                session.execute(delete(Role).where(Role.id.in_(chunk)))
            if added or updated or removed or counter.onet_release != onet_release:
                counter.revision += 1  # readers rebuild their snapshot
            counter.fingerprint = whole
            counter.onet_release = onet_release
            session.add(counter)
            return LoadSummary(tuple(added), tuple(updated), tuple(unchanged), tuple(removed))

        return self._run(work)


_REVISION_QUERY = select(CatalogueRevision.__table__.c.revision).where(CatalogueRevision.__table__.c.id == 1)


def _chunks(ids: list[int], size: int = 500) -> Iterator[list[int]]:
    for start in range(0, len(ids), size):
        yield ids[start:start + size]


@dataclass
class CatalogueSnapshot:
    revision: int
    names: list[NameEntry]
    by_slug: dict[str, RoleRecord]
    by_title: list[RoleRecord]
    onet_release: str | None = None

    @cached_property
    def index(self) -> RoleNameIndex:
        """Built on first use (a few seconds for 60,000 names): listing and showing roles never need it."""
        index = RoleNameIndex(self.names, workers_by_soc(pay_table()[0]))
        self.names = []  # the index holds what it needs; the 60,000 entries would only take memory
        return index


class RoleReader:
    """Reads from one catalogue snapshot; what the assistant's turn logic asks of the database."""

    def __init__(self, snapshot: CatalogueSnapshot):
        self._snapshot = snapshot

    @property
    def index(self) -> RoleNameIndex:
        return self._snapshot.index

    def get(self, slug: str) -> RoleRecord | None:
        return self._snapshot.by_slug.get(slug)

    def all_roles(self) -> list[RoleRecord]:
        return list(self._snapshot.by_title)

    @property
    def onet_release(self) -> str | None:
        """The O*NET release the imported occupations come from (None when none are loaded)."""
        return self._snapshot.onet_release


def _name_entries(session: Session) -> list[NameEntry]:
    rows = session.execute(select(Role.slug, Role.title, Role.source, Role.onet_codes).order_by(Role.position)).all()
    out = [NameEntry(title, "title", slug, title, source, tuple(codes or ())) for slug, title, source, codes in rows]
    codes_of = {entry.slug: entry.codes for entry in out}
    names = session.execute(
        select(RoleName.name, RoleName.kind, Role.slug, Role.title, Role.source)
        .join(Role, RoleName.role_id == Role.id)
        .order_by(Role.position, RoleName.position)
    ).all()
    out.extend(NameEntry(name, kind, slug, title, source, codes_of[slug]) for name, kind, slug, title, source in names)
    return out


def _names_of(entry: RoleEntry) -> list[tuple[str, str]]:
    """The (kind, name) rows of an entry's names besides its title, each once."""
    return list(dict.fromkeys((name.kind, name.name) for name in entry_names(entry) if name.kind != "title"))


def _fill(role: Role, entry: RoleEntry, fingerprint: str) -> None:
    role.title = entry.title
    role.department = entry.department
    role.level = entry.level
    role.short_answer = entry.short_answer
    role.details = entry.details
    role.responsibilities = list(entry.responsibilities)
    role.skills = list(entry.skills)
    role.how_to_become = entry.how_to_become
    role.source = entry.source
    role.onet_codes = list(entry.onet)
    role.onet_covers = list(entry.covers)
    role.example = entry.example
    role.fingerprint = fingerprint


def _records(session: Session) -> list[RoleRecord]:
    """Every role as a detached record, in catalogue order, from four plain queries."""
    roles = session.execute(select(Role).order_by(Role.position)).scalars().all()
    release = session.execute(select(CatalogueRevision.onet_release).where(CatalogueRevision.id == 1)).scalar()
    credit = onet_credit(release)
    pay, _ = pay_table()
    refs = {role.id: RoleRef(role.slug, role.title, top=role.source == "curated" and role.reports_to_id is None)
            for role in roles}
    names: dict[int, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for role_id, kind, name in session.execute(
        select(RoleName.role_id, RoleName.kind, RoleName.name)
        .where(RoleName.kind.in_(CURATED_NAME_KINDS)).order_by(RoleName.role_id, RoleName.position)
    ):
        names[role_id][kind].append(name)
    related: dict[int, list[RoleRef]] = defaultdict(list)
    for role_id, related_id in session.execute(
        select(RoleLink.role_id, RoleLink.related_id).order_by(RoleLink.role_id, RoleLink.position)
    ):
        related[role_id].append(refs[related_id])
    reports: dict[int, list[RoleRef]] = defaultdict(list)
    usual: dict[int, list[RoleRef]] = defaultdict(list)
    for role in roles:
        if role.reports_to_id is not None:
            (usual if role.source == "onet" else reports)[role.reports_to_id].append(refs[role.id])
    return [
        RoleRecord(
            slug=role.slug,
            title=role.title,
            abbreviations=tuple(names[role.id]["abbreviation"]),
            aliases=tuple(names[role.id]["alias"]),
            department=role.department,
            level=role.level,
            short_answer=role.short_answer,
            details=role.details,
            responsibilities=tuple(role.responsibilities),
            skills=tuple(role.skills),
            how_to_become=role.how_to_become,
            reports_to=refs.get(role.reports_to_id) if role.reports_to_id else None,
            direct_reports=tuple(reports[role.id]),
            usual_reports=tuple(usual[role.id]),
            related=tuple(related[role.id]),
            source=role.source,
            onet_codes=tuple(role.onet_codes or ()),
            onet_covers=tuple(role.onet_covers or ()),
            credit=credit if role.source == "onet" else None,
            example=bool(role.example),
            pay=pay_for(tuple(role.onet_codes or ()), pay),
        )
        for role in roles
    ]
