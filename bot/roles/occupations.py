"""The whole catalogue: the curated roles plus an entry for every O*NET occupation they do not cover.

Six committed files go in, all validated before anything is loaded, every problem naming its file and line:
`roles.yml` (curated, with each role's O*NET-SOC codes), `onet.json` (facts from `roles import-onet`),
`onet_definitions.yml` (each occupation's name and definition in the project's own words), `onet_groups.yml`
(departments and the reviewed "usually reports to" table), `names_abroad.yml` (names used outside the United
States that O*NET does not list) and `usual_meanings.yml` (the reviewed table of what a name O*NET gives several
occupations usually means). Curated roles win every name clash; an occupation a
curated role covers is not imported, its titles become that role's names.
"""
from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

from bot.roles.catalogue import CODE_PATTERN, FAST_LOADER, CatalogueError, RoleEntry, read_catalogue
from bot.roles.names import name_variants, normalise_name, singular, spaceless_key
from bot.roles.occupation_text import compose_texts
from bot.roles.onet_import import iter_names

CATALOGUE_DIR = Path(__file__).resolve().parent.parent / "catalogue"
# Next to the occupations file: fingerprints of O*NET's descriptions, for the test that our text copies none.
PROSE_FINGERPRINTS = "onet_prose.fingerprints"
# O*NET's kinds of title, as name kinds in the database.
ONET_NAME_KINDS = {"title": "onet_title", "abbreviation": "short", "featured": "featured",
                   "reported": "reported", "alternate": "alternate"}
# Names from names_abroad.yml: plain alternate titles, never held out in `make evaluate`.
ABROAD_KIND = "abroad"
# Names O*NET gives other occupations that mean this one abroad ("tiler"): the resolver asks which is meant.
ELSEWHERE_KIND = "elsewhere"
# A name O*NET gives several occupations, marked on the one it usually means (usual_meanings.yml): a mark, not a
# name of its own, so never held out in `make evaluate` and never found in a sentence.
USUAL_KIND = "usual"


@dataclass(frozen=True)
class CatalogueFiles:
    """Where the parts of the catalogue live; `occupations=None` loads the curated roles alone."""

    curated: Path = CATALOGUE_DIR / "roles.yml"
    occupations: Path | None = CATALOGUE_DIR / "onet.json"
    definitions: Path = CATALOGUE_DIR / "onet_definitions.yml"
    groups: Path = CATALOGUE_DIR / "onet_groups.yml"
    abroad: Path | None = CATALOGUE_DIR / "names_abroad.yml"
    usual: Path | None = CATALOGUE_DIR / "usual_meanings.yml"


@dataclass(frozen=True)
class Definition:
    name: str
    text: str
    line: int


@dataclass(frozen=True)
class Groups:
    departments: dict[str, str]
    managers: dict[str, str | None]
    lines: dict[str, int]


@dataclass(frozen=True)
class Catalogue:
    entries: list[RoleEntry]
    onet_release: str | None = None  # the O*NET release the imported entries come from, for the credit line
    undefined: tuple[str, ...] = ()  # imported occupations that have no own-words definition yet


def load_catalogue(files: CatalogueFiles) -> Catalogue:
    """Every role to load, curated first; raises CatalogueError listing every problem found."""
    curated = read_catalogue(files.curated)
    if files.occupations is None:
        return Catalogue(curated)
    release, occupations, lines = read_occupations(files.occupations)
    definitions = read_definitions(files.definitions)
    groups = read_groups(files.groups)
    entries = merge(curated, files, occupations, lines, definitions, groups)
    if files.abroad is not None:
        codes = {o["code"] for o in occupations}
        entries = with_names_abroad(entries, read_names_abroad(files.abroad, codes),
                                    read_names_abroad(files.abroad, codes, "elsewhere"))
    if files.usual is not None:
        entries = with_usual_meanings(entries, read_usual_meanings(files.usual, entries))
    undefined = tuple(e.onet[0] for e in entries if e.source == "onet" and e.onet[0] not in definitions)
    return Catalogue(entries, release, undefined)


def read_occupations(path: Path) -> tuple[str, list[dict[str, Any]], dict[str, int]]:
    """The import file: its release, occupations, and the line each occupation starts on (for messages)."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise CatalogueError([f"{path}: cannot read the occupations file: {exc.strerror} "
                              "(make it with: python -m bot roles import-onet DIR)"]) from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise CatalogueError([f"{path}:{exc.lineno}:{exc.colno}: JSON syntax error: {exc.msg}"]) from None
    lines = {}
    line, position = 1, 0
    for match in re.finditer(r'"code": "([^"]+)"', text):
        line += text.count("\n", position, match.start())
        position = match.start()
        lines[match.group(1)] = line
    if not isinstance(data, dict) or not isinstance(data.get("occupations"), list):
        raise CatalogueError([f"{path}:1: the file must hold an object with an 'occupations' list"])
    problems = []
    required = {"code": str, "title": str, "alternate_titles": list, "featured_titles": list,
                "reported_titles": list, "abbreviations": list, "activities": list, "related": list,
                "skills": list, "knowledge": list, "technology": list, "education": list}
    seen: set[str] = set()
    for number, item in enumerate(data["occupations"], start=1):
        code = item.get("code") if isinstance(item, dict) else None
        where = f"{path}:{lines.get(code, 1) if isinstance(code, str) else 1}: occupation {code or '#' + str(number)}"
        if not isinstance(item, dict):
            problems.append(f"{where}: must be an object")
            continue
        for key, kind in required.items():
            if not isinstance(item.get(key), kind):
                problems.append(f"{where}: '{key}' must be a {kind.__name__}")
        if isinstance(code, str) and not CODE_PATTERN.match(code):
            problems.append(f"{where}: 'code' is not an O*NET-SOC code")
        if code in seen:
            problems.append(f"{where}: code listed twice")
        seen.add(code)  # type: ignore[arg-type]
    for item in data["occupations"]:
        if isinstance(item, dict) and isinstance(item.get("related"), list):
            for other in item["related"]:
                if other not in seen:
                    problems.append(f"{path}:{lines.get(item['code'], 1)}: occupation {item['code']}: "
                                    f"'related' names an unknown code {other!r}")
    if problems:
        raise CatalogueError(problems)
    return str(data.get("release") or "?"), data["occupations"], lines


def _yaml_mapping(path: Path, key: str, required: bool = True) -> tuple[dict[str, Any], dict[str, int]]:
    """A top-level mapping under `key`, with the line of each of its entries (empty when not `required`)."""
    try:
        text = path.read_text(encoding="utf-8")
        root = yaml.compose(text, Loader=FAST_LOADER)
        data = yaml.load(text, Loader=FAST_LOADER)
    except OSError as exc:
        raise CatalogueError([f"{path}: cannot read: {exc.strerror}"]) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark else str(path)
        raise CatalogueError([f"{where}: YAML syntax error: {getattr(exc, 'problem', None) or exc}"]) from None
    if not required and isinstance(data, dict) and data.get(key) is None:
        return {}, {}
    if not isinstance(data, dict) or not isinstance(data.get(key), dict):
        raise CatalogueError([f"{path}:1: the file must hold a mapping with a '{key}:' mapping"])
    lines: dict[str, int] = {}
    if isinstance(root, yaml.MappingNode):
        for top_key, value in root.value:
            if top_key.value == key and isinstance(value, yaml.MappingNode):
                lines = {k.value: k.start_mark.line + 1 for k, _ in value.value}
    return data[key], lines


def read_definitions(path: Path) -> dict[str, Definition]:
    raw, lines = _yaml_mapping(path, "occupations")
    problems, out = [], {}
    for code, item in raw.items():
        where = f"{path}:{lines.get(str(code), 1)}: occupation {code}"
        if not isinstance(code, str) or not CODE_PATTERN.match(code):
            problems.append(f"{where}: the key must be an O*NET-SOC code such as 29-1292.00")
        elif not isinstance(item, dict) or not all(isinstance(item.get(k), str) and item[k].strip()
                                                   for k in ("name", "definition")):
            problems.append(f"{where}: needs a 'name' and a 'definition', both text")
        elif set(item) - {"name", "definition"}:
            problems.append(f"{where}: unknown field(s) {', '.join(sorted(set(item) - {'name', 'definition'}))}")
        else:
            out[code] = Definition(item["name"].strip(), " ".join(item["definition"].split()), lines.get(code, 1))
    if problems:
        raise CatalogueError(problems)
    return out


def read_groups(path: Path) -> Groups:
    departments, _ = _yaml_mapping(path, "major_groups")
    managers, lines = _yaml_mapping(path, "usually_reports_to")
    problems = []
    for prefix, target in managers.items():
        if not isinstance(target, str | type(None)):
            problems.append(f"{path}:{lines.get(str(prefix), 1)}: '{prefix}' must name a code, a slug or null")
    if problems:
        raise CatalogueError(problems)
    return Groups({str(k): str(v) for k, v in departments.items()}, {str(k): v for k, v in managers.items()},
                  {str(k): v for k, v in lines.items()})


def read_names_abroad(path: Path, codes: set[str], key: str = "names") -> dict[str, list[str]]:
    """The names used outside the United States, by O*NET-SOC code ("53-3032.00": ["lorry driver", ...]); with
    `key` "elsewhere", the optional list of names O*NET gives other occupations."""
    raw, lines = _yaml_mapping(path, key, required=key == "names")
    problems: list[str] = []
    out: dict[str, list[str]] = {}
    seen: dict[str, str] = {}
    for code, names in raw.items():
        where = f"{path}:{lines.get(str(code), 1)}: {code}"
        if not isinstance(code, str) or not CODE_PATTERN.match(code):
            problems.append(f"{where}: the key must be an O*NET-SOC code such as 53-3032.00")
        elif code not in codes:
            problems.append(f"{where}: no such occupation in the O*NET import")
        elif not isinstance(names, list) or not names or not all(isinstance(n, str) and n.strip() for n in names):
            problems.append(f"{where}: must be a list of names, each a text")
        else:
            for name in names:
                key = normalise_name(name)
                if key in seen and seen[key] != code:
                    problems.append(f"{where}: {name!r} is also listed for {seen[key]}; a name used for two "
                                    "jobs is left out")
                seen[key] = code
            out[code] = [n.strip() for n in names]
    if problems:
        raise CatalogueError(problems)
    return out


def with_names_abroad(entries: list[RoleEntry], names: dict[str, list[str]],
                      elsewhere: Mapping[str, list[str]] = MappingProxyType({})) -> list[RoleEntry]:
    """Each entry with the names used abroad for its occupations, except names any role already has; and with
    the names that mean it abroad but another occupation in O*NET ("tiler"), which then name both."""
    def names_of(entry: RoleEntry) -> set[str]:
        return {normalise_name(n) for n in (entry.title, *entry.abbreviations, *entry.aliases,
                                            *(name for _, name in entry.onet_names))}

    known = set().union(*(names_of(e) for e in entries))
    out = []
    for entry in entries:
        codes = entry.covers if entry.source == "curated" else entry.onet
        own = names_of(entry)
        extra = tuple((ABROAD_KIND, n) for code in codes for n in names.get(code, ()) if normalise_name(n) not in known)
        extra += tuple((ELSEWHERE_KIND, n) for code in codes for n in elsewhere.get(code, ())
                       if normalise_name(n) not in own)
        out.append(replace(entry, onet_names=entry.onet_names + extra) if extra else entry)
    return out


def read_usual_meanings(path: Path, entries: list[RoleEntry]) -> dict[str, str]:
    """What a name O*NET gives several occupations usually means, by name ("line cook": "35-2014.00"). The code
    must be one of the name's own occupations: the table chooses among them, it adds no names."""
    raw, lines = _yaml_mapping(path, "usual")
    names_of: dict[str, set[str]] = {}
    for entry in entries:
        keys = {spaceless_key(v) for _, name in entry.onet_names for v in name_variants(name)}
        for code in entry.covers if entry.source == "curated" else entry.onet:
            names_of.setdefault(code, set()).update(keys)
    problems: list[str] = []
    out: dict[str, str] = {}
    seen: dict[str, str] = {}
    for name, code in raw.items():
        where = f"{path}:{lines.get(str(name), 1)}: {name!r}"
        key = spaceless_key(name) if isinstance(name, str) else ""
        if not key:
            problems.append(f"{where}: the key must be a job title")
        elif not isinstance(code, str) or not CODE_PATTERN.match(code):
            problems.append(f"{where}: the value must be an O*NET-SOC code such as 35-2014.00")
        elif code not in names_of:
            problems.append(f"{where}: {code} is no occupation in the O*NET import")
        elif key not in names_of[code]:
            problems.append(f"{where}: O*NET does not give this name to {code}; the usual meaning must be one of "
                            "the name's own occupations (a new name goes in names_abroad.yml)")
        elif key in seen:
            problems.append(f"{where}: the same name as {seen[key]!r} above")
        else:
            seen[key] = name
            out[name] = code
    if problems:
        raise CatalogueError(problems)
    return out


def with_usual_meanings(entries: list[RoleEntry], usual: dict[str, str]) -> list[RoleEntry]:
    """Each entry with a mark on the shared names it usually means."""
    by_code: dict[str, list[str]] = {}
    for name, code in usual.items():
        by_code.setdefault(code, []).append(name)
    out = []
    for entry in entries:
        codes = entry.covers if entry.source == "curated" else entry.onet
        marks = tuple((USUAL_KIND, name) for code in codes for name in by_code.get(code, ()))
        out.append(replace(entry, onet_names=entry.onet_names + marks) if marks else entry)
    return out


def merge(curated: list[RoleEntry], files: CatalogueFiles, occupations: list[dict[str, Any]],
          lines: dict[str, int], definitions: dict[str, Definition], groups: Groups) -> list[RoleEntry]:
    by_code = {o["code"]: o for o in occupations}
    problems: list[str] = []
    for entry in curated:
        for code in entry.onet:
            if code not in by_code:
                problems.append(f"{files.curated}:{entry.line}: entry '{entry.slug}': 'onet' names an unknown "
                                f"O*NET-SOC code {code!r} (not in {files.occupations})")
    for code, definition in definitions.items():
        if code not in by_code:
            problems.append(f"{files.definitions}:{definition.line}: occupation {code}: no such occupation in "
                            f"{files.occupations}")
    if problems:
        raise CatalogueError(problems)
    coverer = {code: entry.slug for entry in curated for code in entry.covers}
    curated_keys = {normalise_name(n) for e in curated for n in (e.title, *e.abbreviations, *e.aliases)}
    # An imported slug never equals a curated name: "lawyer" typed as a slug would bypass the curated alias.
    taken = {e.slug for e in curated} | {slugify(n) for e in curated for n in (e.title, *e.abbreviations, *e.aliases)}
    slugs = _occupation_slugs(occupations, coverer, definitions, taken)
    role_of = {**slugs, **coverer}  # the role that answers for each code
    known_slugs = {e.slug for e in curated} | set(slugs.values())
    problems += _check_groups(files.groups, groups, by_code, known_slugs)
    if problems:
        raise CatalogueError(problems)
    merged = [_with_onet_names(e, [by_code[c] for c in e.covers], curated_keys) for e in curated]
    title_of = {e.slug: e.title for e in curated}
    for code, slug in slugs.items():
        title_of[slug] = definitions[code].name if code in definitions else _singular_title(by_code[code]["title"])
    for occupation in occupations:
        code = occupation["code"]
        if code in coverer:
            continue
        slug = slugs[code]
        definition = definitions.get(code)
        title = title_of[slug]
        manager = _usual_manager(code, groups, role_of, slug)
        related = [role_of[c] for c in occupation["related"] if c in role_of and role_of[c] != slug]
        department = groups.departments.get(code[:2], "Other")
        related = list(dict.fromkeys(related))[:5]
        texts = compose_texts(occupation, title, department, definition.text if definition else None,
                              [title_of[r] for r in related])
        merged.append(RoleEntry(
            slug=slug, title=title, department=department, level=_level(occupation),
            short_answer=texts.short_answer, details=texts.details, how_to_become=texts.how_to_become,
            responsibilities=texts.responsibilities, skills=texts.skills,
            related=tuple(related), reports_to=manager, source="onet", onet=(code,),
            onet_names=_onet_names([occupation], curated_keys), line=lines.get(code, 0),
        ))
    return merged


def _occupation_slugs(occupations: list[dict[str, Any]], coverer: dict[str, str],
                      definitions: dict[str, Definition], taken: set[str]) -> dict[str, str]:
    """A readable, stable slug for every imported occupation ("dental-hygienist"); the code breaks a tie."""
    out: dict[str, str] = {}
    used = set(taken)
    for occupation in occupations:
        code = occupation["code"]
        if code in coverer:
            continue
        definition = definitions.get(code)
        base = slugify(definition.name if definition else _singular_title(occupation["title"]))
        slug = base if base not in used else f"{base}-{code.replace('.', '-')}"
        used.add(slug)
        out[code] = slug
    return out


def slugify(text: str) -> str:
    return "-".join(normalise_name(text).split())[:66].strip("-") or "occupation"


def _singular_title(title: str) -> str:
    """'Registered Nurses' -> 'Registered Nurse'; a plain fallback where no own-words name is written."""
    parts = []
    for part in re.split(r"(,\s+|\s+and\s+|\s+or\s+)", title):
        words = part.split(" ")
        if words and words[-1][:1].isalpha() and part.strip() not in (",", "and", "or"):
            words[-1] = words[-1][:1] + singular(words[-1].lower())[1:] if words[-1].istitle() else words[-1]
        parts.append(" ".join(words))
    return "".join(parts)


def _usual_manager(code: str, groups: Groups, role_of: dict[str, str], slug: str) -> str | None:
    for size in range(len(code), 1, -1):
        prefix = code[:size]
        if prefix in groups.managers:
            target = groups.managers[prefix]
            if target is None:
                return None
            manager = role_of.get(target, target)
            return None if manager == slug else manager
    return None


def _check_groups(path: Path, groups: Groups, by_code: dict[str, dict[str, Any]], slugs: set[str]) -> list[str]:
    problems = []
    for prefix, target in groups.managers.items():
        if target is not None and target not in by_code and target not in slugs:
            problems.append(f"{path}:{groups.lines.get(prefix, 1)}: '{prefix}' names {target!r}, which is neither "
                            "an O*NET-SOC code of the import nor a role slug")
    return problems


def _level(occupation: dict[str, Any]) -> str:
    if occupation["code"].startswith("11-"):
        return "Manager"
    if "Supervisors" in occupation["title"]:
        return "Manager"
    return "Entry level" if (occupation.get("job_zone") or 3) <= 2 else "Professional"


def _onet_names(occupations: list[dict[str, Any]], taken: set[str]) -> tuple[tuple[str, str], ...]:
    """Every O*NET title of these occupations, except names a curated role already holds (it wins)."""
    out: dict[tuple[str, str], None] = {}
    for occupation in occupations:
        for kind, name in iter_names(occupation):
            if normalise_name(name) not in taken:
                out[(ONET_NAME_KINDS[kind], name)] = None
    return tuple(out)


def _with_onet_names(entry: RoleEntry, covered: list[dict[str, Any]], curated_keys: set[str]) -> RoleEntry:
    return replace(entry, onet_names=_onet_names(covered, curated_keys)) if covered else entry


def load_default_catalogue(url: str) -> None:
    """Migrate the database at `url` and load the whole committed catalogue into it (throw-away assistants:
    tests, benchmarks, `make evaluate`)."""
    from bot.roles.repository import RoleRepository
    from bot.roles.schema import upgrade_database

    upgrade_database(url)
    catalogue = load_catalogue(CatalogueFiles())
    RoleRepository(url).replace_catalogue(catalogue.entries, catalogue.onet_release)
