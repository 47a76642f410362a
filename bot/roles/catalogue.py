"""Reading and validating the YAML role catalogue; every problem names the file, line and entry."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bot.roles.names import normalise_name

BOARD_SLUG = "board-of-directors"
LEVELS = ("Board", "C-suite", "Vice president", "Director", "Manager", "Professional", "Entry level")
TEXT_FIELDS = ("title", "department", "level", "short_answer", "details", "how_to_become")
LIST_FIELDS = ("abbreviations", "aliases", "responsibilities", "skills", "related", "onet", "covers")
ALL_FIELDS = ("slug", "source", *TEXT_FIELDS, *LIST_FIELDS, "reports_to", "example")
# How many roles the catalogue names as examples ("Name a job title, for example COO, …").
MAX_EXAMPLES = 3
SOURCES = ("curated", "onet")
# libyaml's loader where PyYAML has it: the catalogue files are large enough for the pure-Python one to show.
FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
CODE_PATTERN = re.compile(r"^\d\d-\d{4}\.\d\d$")
MIN_ITEMS = {"responsibilities": 4, "skills": 4}
DETAILS_WORDS = (80, 200)
SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class CatalogueError(Exception):
    """The catalogue cannot be loaded; `problems` holds one line per problem."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class RoleEntry:
    slug: str
    title: str
    department: str
    level: str
    short_answer: str
    details: str
    how_to_become: str
    abbreviations: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    responsibilities: tuple[str, ...] = ()
    skills: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    reports_to: str | None = None
    # "curated" (this file) or "onet" (built from the O*NET import, bot/roles/occupations.py).
    source: str = "curated"
    # The O*NET-SOC codes of the role (the crosswalk), and those occupations it stands for instead of an import.
    onet: tuple[str, ...] = ()
    covers: tuple[str, ...] = ()
    # Names taken from the O*NET data, as (kind, name): see bot.roles.occupations.ONET_NAME_KINDS.
    onet_names: tuple[tuple[str, str], ...] = ()
    # Named in the assistant's examples when it asks which role a question is about.
    example: bool = False
    line: int = field(default=0, compare=False)

    def as_dict(self) -> dict[str, Any]:
        """The entry in catalogue form, as `roles export` writes it (O*NET names grouped by kind)."""
        out: dict[str, Any] = {"slug": self.slug}
        for name in ALL_FIELDS[1:]:
            value = getattr(self, name)
            if name == "example" and not value:
                continue  # written only where true, as trainers write it
            out[name] = list(value) if isinstance(value, tuple) else value
        if self.onet_names:
            grouped: dict[str, list[str]] = {}
            for kind, name in self.onet_names:
                grouped.setdefault(kind, []).append(name)
            out["onet_names"] = grouped
        return out


def read_catalogue(path: Path) -> list[RoleEntry]:
    """Parse and validate a catalogue file; raise CatalogueError listing every problem found."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise CatalogueError([f"{path}: cannot read the catalogue: {exc.strerror}"]) from None
    return parse_catalogue(text, str(path))


def parse_catalogue(text: str, source: str) -> list[RoleEntry]:
    try:
        root = yaml.compose(text, Loader=FAST_LOADER)
        data = yaml.load(text, Loader=FAST_LOADER)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{source}:{mark.line + 1}:{mark.column + 1}" if mark else source
        problem = getattr(exc, "problem", None) or str(exc)
        raise CatalogueError([f"{where}: YAML syntax error: {problem}"]) from None
    if not isinstance(data, dict) or not isinstance(data.get("roles"), list):
        raise CatalogueError([f"{source}:1: the file must hold a mapping with a 'roles:' list"])
    lines = _entry_lines(root)
    problems: list[str] = []
    entries: list[RoleEntry] = []
    for index, raw in enumerate(data["roles"]):
        line = lines[index] if index < len(lines) else 0
        entry = _check_entry(raw, index, line, source, problems)
        if entry is not None:
            entries.append(entry)
    _check_across_entries(entries, source, problems)
    if problems:
        raise CatalogueError(problems)
    return entries


def _entry_lines(root: yaml.Node | None) -> list[int]:
    if not isinstance(root, yaml.MappingNode):
        return []
    for key, value in root.value:
        if key.value == "roles" and isinstance(value, yaml.SequenceNode):
            return [item.start_mark.line + 1 for item in value.value]
    return []


def _where(source: str, line: int, label: str) -> str:
    return f"{source}:{line}: entry {label}"


def _check_entry(raw: Any, index: int, line: int, source: str, problems: list[str]) -> RoleEntry | None:
    label = f"#{index + 1}"
    if not isinstance(raw, dict):
        problems.append(f"{_where(source, line, label)}: must be a mapping of fields, not {type(raw).__name__}")
        return None
    slug = raw.get("slug")
    if isinstance(slug, str):
        label = f"'{slug}'"
    here = _where(source, line, label)
    before = len(problems)
    for key in raw:
        if key not in ALL_FIELDS:
            problems.append(f"{here}: unknown field '{key}' (known: {', '.join(ALL_FIELDS)})")
    if not isinstance(slug, str) or not SLUG_PATTERN.match(slug):
        problems.append(f"{here}: 'slug' must be lower-case words joined by hyphens, got {slug!r}")
    for name in TEXT_FIELDS:
        value = raw.get(name)
        if value is None or (isinstance(value, str) and not value.strip()):
            problems.append(f"{here}: missing '{name}'")
        elif not isinstance(value, str):
            problems.append(f"{here}: '{name}' must be text, got {type(value).__name__}")
    for name in LIST_FIELDS:
        value = raw.get(name, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            problems.append(f"{here}: '{name}' must be a list of non-empty texts")
        elif len(value) < MIN_ITEMS.get(name, 0):
            problems.append(f"{here}: '{name}' needs at least {MIN_ITEMS[name]} items, has {len(value)}")
    source = raw.get("source", "curated")
    if source != "curated":
        problems.append(f"{here}: 'source' must be 'curated' in a catalogue file, got {source!r} "
                        "(imported occupations come from the O*NET import; export with --source curated)")
    for name in ("onet", "covers"):
        codes = raw.get(name, [])
        if isinstance(codes, list):
            for code in codes:
                if not isinstance(code, str) or not CODE_PATTERN.match(code):
                    problems.append(f"{here}: '{name}' must list O*NET-SOC codes such as 15-2051.00, got {code!r}")
    if not raw.get("onet") and isinstance(raw.get("onet", []), list):
        problems.append(f"{here}: 'onet' must name the role's O*NET-SOC code(s), e.g. [15-2051.00]")
    if isinstance(raw.get("covers"), list) and isinstance(raw.get("onet", []), list):
        stray = [c for c in raw["covers"] if c not in raw.get("onet", [])]
        if stray:
            problems.append(f"{here}: 'covers' codes must also be in 'onet': {', '.join(map(str, stray))}")
    reports_to = raw.get("reports_to")
    if reports_to is not None and not isinstance(reports_to, str):
        problems.append(f"{here}: 'reports_to' must be a role slug, got {type(reports_to).__name__}")
    if not isinstance(raw.get("example", False), bool):
        problems.append(f"{here}: 'example' must be true or false, got {raw['example']!r}")
    if isinstance(raw.get("level"), str) and raw["level"] not in LEVELS:
        problems.append(f"{here}: 'level' must be one of {', '.join(LEVELS)}, got {raw['level']!r}")
    if isinstance(raw.get("details"), str):
        words = len(raw["details"].split())
        low, high = DETAILS_WORDS
        if not low <= words <= high:
            problems.append(f"{here}: 'details' must have {low}-{high} words, has {words}")
    if len(problems) > before:
        return None
    return RoleEntry(
        slug=slug,
        title=raw["title"].strip(),
        department=raw["department"].strip(),
        level=raw["level"],
        short_answer=raw["short_answer"].strip(),
        details=raw["details"].strip(),
        how_to_become=raw["how_to_become"].strip(),
        abbreviations=tuple(a.strip() for a in raw.get("abbreviations", [])),
        aliases=tuple(a.strip() for a in raw.get("aliases", [])),
        responsibilities=tuple(r.strip() for r in raw["responsibilities"]),
        skills=tuple(s.strip() for s in raw["skills"]),
        related=tuple(raw.get("related", [])),
        reports_to=reports_to,
        onet=tuple(raw.get("onet", [])),
        covers=tuple(raw.get("covers", [])),
        example=raw.get("example", False),
        line=line,
    )


def _check_across_entries(entries: list[RoleEntry], source: str, problems: list[str]) -> None:
    by_slug: dict[str, RoleEntry] = {}
    for entry in entries:
        if entry.slug in by_slug:
            first = by_slug[entry.slug].line
            problems.append(f"{_where(source, entry.line, repr(entry.slug))}: slug used twice (first at line {first})")
        by_slug.setdefault(entry.slug, entry)
    coverers: dict[str, RoleEntry] = {}
    for entry in entries:
        for code in entry.covers:
            other = coverers.setdefault(code, entry)
            if other.slug != entry.slug:
                problems.append(f"{_where(source, entry.line, repr(entry.slug))}: covers {code}, which "
                                f"'{other.slug}' (line {other.line}) already covers; one role covers an occupation")
    owners: dict[str, RoleEntry] = {}
    for entry in entries:
        here = _where(source, entry.line, repr(entry.slug))
        for name in (entry.title, *entry.aliases):
            key = normalise_name(name)
            other = owners.get(key)
            if other is not None and other.slug != entry.slug:
                problems.append(f"{here}: name or alias '{name}' also belongs to '{other.slug}' (line {other.line})")
            owners.setdefault(key, entry)
        if entry.reports_to is not None and entry.reports_to not in by_slug:
            problems.append(f"{here}: 'reports_to' names an unknown role '{entry.reports_to}'")
        if len(set(entry.related)) != len(entry.related) or entry.slug in entry.related:
            problems.append(f"{here}: 'related' must not repeat a role or name the role itself")
        for slug in entry.related:
            if slug not in by_slug:
                problems.append(f"{here}: 'related' names an unknown role '{slug}'")
    for entry in entries:
        if entry.reports_to is None and entry.slug != BOARD_SLUG:
            problems.append(
                f"{_where(source, entry.line, repr(entry.slug))}: 'reports_to' is missing "
                f"(only '{BOARD_SLUG}' sits at the top)"
            )
    examples = [entry for entry in entries if entry.example]
    if len(examples) > MAX_EXAMPLES:
        problems.append(f"{_where(source, examples[MAX_EXAMPLES].line, repr(examples[MAX_EXAMPLES].slug))}: "
                        f"'example' is true for {len(examples)} roles; at most {MAX_EXAMPLES} are shown")
    _check_cycles(by_slug, source, problems)


def _check_cycles(by_slug: dict[str, RoleEntry], source: str, problems: list[str]) -> None:
    reported: set[str] = set()
    for start in by_slug.values():
        chain = [start.slug]
        current = start.reports_to
        while current is not None and current in by_slug:
            if current in chain:
                cycle = chain[chain.index(current):] + [current]
                if not reported & set(cycle):
                    problems.append(
                        f"{_where(source, by_slug[current].line, repr(current))}: 'reports_to' forms a cycle: "
                        + " -> ".join(cycle)
                    )
                    reported.update(cycle)
                break
            chain.append(current)
            current = by_slug[current].reports_to
