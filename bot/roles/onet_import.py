"""`python -m bot roles import-onet DIR`: the O*NET database tables turned into one compact, deterministic file.

The file (`bot/catalogue/onet.json`) holds facts only: codes, titles, ratings, taxonomy labels. O*NET's prose
(occupation descriptions, task statements) is read to find each occupation's main work activities and never
written out. Same tables in, byte-identical file out, so a new release is one command and a readable diff.
"""
from __future__ import annotations

import csv
import json
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.roles.catalogue import CatalogueError

CODE_PATTERN = re.compile(r"^\d\d-\d{4}\.\d\d$")
# Each table with the columns the import reads.
TABLES: dict[str, tuple[str, ...]] = {
    "Occupation Data.txt": ("O*NET-SOC Code", "Title"),
    "Alternate Titles.txt": ("O*NET-SOC Code", "Alternate Title", "Short Title"),
    "Sample of Reported Titles.txt": ("O*NET-SOC Code", "Reported Job Title", "Shown in My Next Move"),
    "Job Zones.txt": ("O*NET-SOC Code", "Job Zone"),
    "Education, Training, and Experience.txt": ("O*NET-SOC Code", "Scale ID", "Category", "Data Value",
                                                "Recommend Suppress"),
    "Education, Training, and Experience Categories.txt": ("Scale ID", "Category", "Category Description"),
    "Skills.txt": ("O*NET-SOC Code", "Element Name", "Scale ID", "Data Value", "Recommend Suppress"),
    "Knowledge.txt": ("O*NET-SOC Code", "Element Name", "Scale ID", "Data Value", "Recommend Suppress"),
    "Technology Skills.txt": ("O*NET-SOC Code", "Example", "Hot Technology", "In Demand"),
    "Task Statements.txt": ("O*NET-SOC Code", "Task ID", "Task Type"),
    "Tasks to DWAs.txt": ("O*NET-SOC Code", "Task ID", "DWA ID", "DWA Title"),
    "Related Occupations.txt": ("O*NET-SOC Code", "Related O*NET-SOC Code", "Relatedness Tier", "Index"),
}
RELEASE_PATTERN = re.compile(r"O\*NET\s+(\d+\.\d+)")
# How much of each kind of fact an occupation keeps: enough for an answer, small enough to read.
TOP_SKILLS, TOP_KNOWLEDGE, TOP_TECHNOLOGY, TOP_ACTIVITIES, TOP_RELATED = 5, 4, 6, 8, 6
# A skill or knowledge area counts only when rated at least "important" (3 on the 1-5 scale).
MIN_IMPORTANCE = 3.0
# Technology that this share of occupations lists says nothing about any one of them (office software).
MAX_TECHNOLOGY_SHARE = 0.1
# Education levels held by at least this share of workers are named.
MIN_EDUCATION_SHARE = 10.0


@dataclass(frozen=True)
class Row:
    line: int
    values: dict[str, str]

    def __getitem__(self, column: str) -> str:
        return self.values[column]


class _Tables:
    """Reads the tables, collecting every problem as 'FILE:LINE: problem' instead of stopping at the first."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.problems: list[str] = []
        self.codes: set[str] = set()

    def rows(self, name: str) -> list[Row]:
        path = self.folder / name
        columns = TABLES[name]
        try:
            handle = path.open(encoding="utf-8", newline="")
        except OSError as exc:
            self.problems.append(f"{path}: cannot read the table: {exc.strerror}")
            return []
        with handle:
            reader = csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
            header = next(reader, None)
            if not header:
                self.problems.append(f"{path}:1: the table is empty (expected a header line)")
                return []
            missing = [c for c in columns if c not in header]
            if missing:
                self.problems.append(f"{path}:1: missing column(s) {', '.join(repr(c) for c in missing)}")
                return []
            out = []
            for line, fields in enumerate(reader, start=2):
                if not fields:
                    continue
                if len(fields) != len(header):
                    self.problems.append(
                        f"{path}:{line}: expected {len(header)} tab-separated fields, found {len(fields)}")
                    continue
                row = Row(line, dict(zip(header, fields, strict=True)))
                if "O*NET-SOC Code" in columns and not self._known_code(path, row, "O*NET-SOC Code"):
                    continue
                out.append(row)
            return out

    def _known_code(self, path: Path, row: Row, column: str) -> bool:
        code = row[column]
        if not CODE_PATTERN.match(code):
            self.problems.append(f"{path}:{row.line}: '{column}' is not an O*NET-SOC code: {code!r}")
            return False
        if self.codes and code not in self.codes:
            self.problems.append(f"{path}:{row.line}: unknown O*NET-SOC code {code!r} (not in Occupation Data.txt)")
            return False
        return True

    def number(self, name: str, row: Row, column: str) -> float | None:
        try:
            value = float(row[column])
        except ValueError:
            value = math.nan
        if math.isnan(value):
            self.problems.append(f"{self.folder / name}:{row.line}: '{column}' is not a number: {row[column]!r}")
            return None
        return value


def read_release(folder: Path) -> str | None:
    """The release number the folder's README names ("O*NET 29.3"), if it names one."""
    try:
        match = RELEASE_PATTERN.search((folder / "README.md").read_text(encoding="utf-8"))
    except OSError:
        return None
    return match.group(1) if match else None


def import_onet(folder: Path, release: str) -> dict[str, Any]:
    """Every occupation's facts, keyed and ordered by code; raises CatalogueError listing every problem."""
    tables = _Tables(folder)
    if not folder.is_dir():
        raise CatalogueError([f"{folder}: not a folder of O*NET tables"])
    occupations: dict[str, dict[str, Any]] = {}
    for row in tables.rows("Occupation Data.txt"):
        if row["O*NET-SOC Code"] in occupations:
            tables.problems.append(f"{folder / 'Occupation Data.txt'}:{row.line}: code listed twice")
        occupations[row["O*NET-SOC Code"]] = _empty(row["O*NET-SOC Code"], row["Title"].strip())
    if tables.problems:
        raise CatalogueError(tables.problems)
    tables.codes = set(occupations)
    _add_titles(tables, occupations)
    _add_job_zones(tables, occupations)
    _add_education(tables, occupations)
    for name, key, top in (("Skills.txt", "skills", TOP_SKILLS), ("Knowledge.txt", "knowledge", TOP_KNOWLEDGE)):
        _add_distinctive(tables, occupations, name, key, top)
    _add_technology(tables, occupations)
    _add_activities(tables, occupations)
    _add_related(tables, occupations)
    if tables.problems:
        raise CatalogueError(tables.problems)
    return {"release": release, "occupations": [occupations[code] for code in sorted(occupations)]}


def render_onet(data: dict[str, Any]) -> str:
    """Deterministic JSON: sorted occupations, one list item per line, so a new release diffs readably."""
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def _empty(code: str, title: str) -> dict[str, Any]:
    return {"code": code, "title": title, "abbreviations": [], "alternate_titles": [], "featured_titles": [],
            "reported_titles": [], "job_zone": None, "education": [], "experience": None, "training": None,
            "skills": [], "knowledge": [], "technology": [], "activities": [], "related": []}


def _add_titles(tables: _Tables, occupations: dict[str, dict[str, Any]]) -> None:
    alternate: dict[str, set[str]] = defaultdict(set)
    short: dict[str, set[str]] = defaultdict(set)
    for row in tables.rows("Alternate Titles.txt"):
        code = row["O*NET-SOC Code"]
        if row["Alternate Title"].strip():
            alternate[code].add(row["Alternate Title"].strip())
        if row["Short Title"].strip():
            short[code].add(row["Short Title"].strip())
    featured: dict[str, set[str]] = defaultdict(set)
    reported: dict[str, set[str]] = defaultdict(set)
    for row in tables.rows("Sample of Reported Titles.txt"):
        flag = row["Shown in My Next Move"].strip()
        if flag not in ("Y", "N"):
            tables.problems.append(f"{tables.folder / 'Sample of Reported Titles.txt'}:{row.line}: "
                                   f"'Shown in My Next Move' must be Y or N, got {flag!r}")
            continue
        (featured if flag == "Y" else reported)[row["O*NET-SOC Code"]].add(row["Reported Job Title"].strip())
    for code, occupation in occupations.items():
        occupation["abbreviations"] = sorted(short[code])
        occupation["featured_titles"] = sorted(featured[code])
        occupation["reported_titles"] = sorted(reported[code] - featured[code])
        occupation["alternate_titles"] = sorted(alternate[code])


def _add_job_zones(tables: _Tables, occupations: dict[str, dict[str, Any]]) -> None:
    for row in tables.rows("Job Zones.txt"):
        zone = row["Job Zone"].strip()
        if zone not in ("1", "2", "3", "4", "5"):
            tables.problems.append(
                f"{tables.folder / 'Job Zones.txt'}:{row.line}: 'Job Zone' must be 1-5, got {zone!r}")
            continue
        occupations[row["O*NET-SOC Code"]]["job_zone"] = int(zone)


def _category_labels(tables: _Tables) -> dict[tuple[str, str], str]:
    labels = {}
    for row in tables.rows("Education, Training, and Experience Categories.txt"):
        # "High School Diploma - or the equivalent (...)" -> "High School Diploma": the label, not its gloss.
        label = row["Category Description"].split(" - ")[0].strip()
        labels[(row["Scale ID"], row["Category"])] = label
    return labels


def _add_education(tables: _Tables, occupations: dict[str, dict[str, Any]]) -> None:
    name = "Education, Training, and Experience.txt"
    labels = _category_labels(tables)
    shares: dict[tuple[str, str], list[tuple[float, int, str]]] = defaultdict(list)
    for row in tables.rows(name):
        scale = row["Scale ID"]
        if scale not in ("RL", "RW", "OJ") or row["Recommend Suppress"] == "Y":
            continue
        value = tables.number(name, row, "Data Value")
        label = labels.get((scale, row["Category"]))
        if label is None:
            tables.problems.append(f"{tables.folder / name}:{row.line}: unknown category {row['Category']!r} "
                                   f"of scale {scale!r}")
            continue
        if value is not None:
            shares[(row["O*NET-SOC Code"], scale)].append((value, int(row["Category"]), label))
    for (code, scale), values in shares.items():
        ranked = sorted(values, key=lambda v: (-v[0], v[1]))
        if scale == "RL":
            kept = [v for v in ranked if v[0] >= MIN_EDUCATION_SHARE][:3] or ranked[:1]
            occupations[code]["education"] = [[label, round(share)] for share, _, label in kept]
        else:
            share, _, label = ranked[0]
            occupations[code]["experience" if scale == "RW" else "training"] = [label, round(share)]


def _add_distinctive(tables: _Tables, occupations: dict[str, dict[str, Any]], name: str, key: str,
                     top: int) -> None:
    """The areas that stand out for an occupation against the average one (a z-score of importance)."""
    ratings: dict[str, dict[str, dict[str, float]]] = defaultdict(lambda: defaultdict(dict))
    for row in tables.rows(name):
        if row["Scale ID"] not in ("IM", "LV") or row["Recommend Suppress"] == "Y":
            continue
        value = tables.number(name, row, "Data Value")
        if value is not None:
            ratings[row["O*NET-SOC Code"]][row["Element Name"]][row["Scale ID"]] = value
    by_element: dict[str, list[float]] = defaultdict(list)
    for elements in ratings.values():
        for element, scales in elements.items():
            if "IM" in scales:
                by_element[element].append(scales["IM"])
    spread = {e: _mean_and_deviation(values) for e, values in by_element.items()}
    for code, elements in ratings.items():
        scored = []
        for element, scales in elements.items():
            importance = scales.get("IM")
            if importance is None or importance < MIN_IMPORTANCE:
                continue
            mean, deviation = spread[element]
            scored.append(((importance - mean) / deviation, element, importance, scales.get("LV")))
        scored.sort(key=lambda s: (-round(s[0], 6), s[1]))
        occupations[code][key] = [[element, importance, level] for _, element, importance, level in scored[:top]]


def _mean_and_deviation(values: list[float]) -> tuple[float, float]:
    mean = sum(values) / len(values)
    deviation = math.sqrt(sum((v - mean) ** 2 for v in values) / len(values))
    return mean, deviation or 1.0


def _add_technology(tables: _Tables, occupations: dict[str, dict[str, Any]]) -> None:
    """Hot technologies, the in-demand and the less common first (everyone uses a spreadsheet)."""
    hot: dict[str, dict[str, bool]] = defaultdict(dict)
    users: Counter[str] = Counter()
    for row in tables.rows("Technology Skills.txt"):
        if row["Hot Technology"] != "Y":
            continue
        example = row["Example"].strip()
        if example not in hot[row["O*NET-SOC Code"]]:
            users[example] += 1
        hot[row["O*NET-SOC Code"]][example] = hot[row["O*NET-SOC Code"]].get(example, False) or row["In Demand"] == "Y"
    common = {e for e, n in users.items() if n > max(MAX_TECHNOLOGY_SHARE * len(occupations), 2)}
    for code, examples in hot.items():
        ranked = sorted((e for e in examples if e not in common), key=lambda e: (not examples[e], users[e], e))
        occupations[code]["technology"] = ranked[:TOP_TECHNOLOGY]


def _add_activities(tables: _Tables, occupations: dict[str, dict[str, Any]]) -> None:
    """The detailed work activities that most of an occupation's core tasks map to."""
    core: set[tuple[str, str]] = set()
    for row in tables.rows("Task Statements.txt"):
        if row["Task Type"] == "Core":
            core.add((row["O*NET-SOC Code"], row["Task ID"]))
    counts: dict[str, Counter[tuple[str, str]]] = defaultdict(Counter)
    fallback: dict[str, Counter[tuple[str, str]]] = defaultdict(Counter)
    for row in tables.rows("Tasks to DWAs.txt"):
        code = row["O*NET-SOC Code"]
        key = (row["DWA ID"], row["DWA Title"].strip())
        (counts if (code, row["Task ID"]) in core else fallback)[code][key] += 1
    for code in occupations:
        counted = counts.get(code) or fallback.get(code) or Counter()
        ranked = sorted(counted.items(), key=lambda item: (-item[1], item[0][0]))
        occupations[code]["activities"] = [title for (_, title), _ in ranked[:TOP_ACTIVITIES]]


def _add_related(tables: _Tables, occupations: dict[str, dict[str, Any]]) -> None:
    related: dict[str, list[tuple[int, str]]] = defaultdict(list)
    name = "Related Occupations.txt"
    for row in tables.rows(name):
        other = row["Related O*NET-SOC Code"]
        if other not in occupations:
            tables.problems.append(f"{tables.folder / name}:{row.line}: unknown related O*NET-SOC code {other!r}")
            continue
        index = tables.number(name, row, "Index")
        if index is not None:
            related[row["O*NET-SOC Code"]].append((int(index), other))
    for code, items in related.items():
        occupations[code]["related"] = [other for _, other in sorted(items)[:TOP_RELATED] if other != code]


def iter_names(occupation: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """(kind, name) for every name of an imported occupation, its own title first."""
    yield "title", occupation["title"]
    for kind, key in (("abbreviation", "abbreviations"), ("featured", "featured_titles"),
                      ("reported", "reported_titles"), ("alternate", "alternate_titles")):
        for name in occupation[key]:
            yield kind, name


# O*NET's own prose may not be copied; these fingerprints let a test prove it is not, without keeping the prose.
PROSE_TABLES = {"Occupation Data.txt": "Description"}
RUN = 8
FINGERPRINT_BYTES = 5


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", text.lower())


def _fingerprint(words: list[str]) -> bytes:
    import hashlib

    return hashlib.blake2b(" ".join(words).encode(), digest_size=FINGERPRINT_BYTES).digest()


def prose_fingerprints(folder: Path) -> bytes:
    """A sorted set of short hashes of every run of 8 words in O*NET's occupation descriptions."""
    tables = _Tables(folder)
    found: set[bytes] = set()
    for name, column in PROSE_TABLES.items():
        for row in tables.rows(name):
            words = _words(row.values.get(column, ""))
            found.update(_fingerprint(words[i:i + RUN]) for i in range(len(words) - RUN + 1))
    if tables.problems:
        raise CatalogueError(tables.problems)
    return b"".join(sorted(found))


def shared_runs(text: str, fingerprints: set[bytes]) -> list[str]:
    """The runs of 8 words a text shares with the fingerprinted prose."""
    words = _words(text)
    return [" ".join(words[i:i + RUN]) for i in range(len(words) - RUN + 1)
            if _fingerprint(words[i:i + RUN]) in fingerprints]


def read_fingerprints(data: bytes) -> set[bytes]:
    return {data[i:i + FINGERPRINT_BYTES] for i in range(0, len(data), FINGERPRINT_BYTES)}
