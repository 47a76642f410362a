"""How well job titles resolve, on titles the resolver never saw: part of `make evaluate` and docs/benchmarks.md.

Three sets, each counted as answered right (found, and one of the role's O*NET-SOC codes is one of the title's),
offered (ambiguous or unknown, with a right role among the first three options or suggestions), wrong (found,
but no code fits) and none:
- held-out O*NET titles: a seeded random 10 % of the alternate and reported title rows is taken out before the
  name index is built, then resolved (a title's codes are those of every occupation listing it);
- the curated roles' own names and abbreviations, which must all resolve to their role;
- job-posting-style titles written with clutter by helper sessions that never saw the resolver, thirteen sets in
  tests/titles/ (each file's header says how it was used), each on its own line and all together.

`python -m bot.training.titles` prints the table; `--misses` lists what went wrong.
"""
from __future__ import annotations

import argparse
import random
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from pathlib import Path

import yaml

from bot.config import PROJECT_ROOT
from bot.roles.catalogue import RoleEntry
from bot.roles.names import name_variants, singular_key
from bot.roles.occupations import CatalogueFiles, load_catalogue
from bot.roles.resolver import MAX_OPTIONS, RoleNameIndex
from bot.training.checks import index_from_catalogue

POSTING_TITLES = PROJECT_ROOT / "tests" / "titles" / "posting_titles.yml"
# Every set of posting titles, by the name the table gives it.
POSTING_SETS = {
    "job-posting titles, set 1 (blind)": POSTING_TITLES,
    "job-posting titles, set 2 (development)": PROJECT_ROOT / "tests" / "titles" / "posting_titles_dev.yml",
    **{f"job-posting titles, set {n}": PROJECT_ROOT / "tests" / "titles" / f"posting_titles_{n}.yml"
       for n in (3, 4, 5, 6, 7, 8)},
    **{f"job-posting titles, set {n} (blind)": PROJECT_ROOT / "tests" / "titles" / f"posting_titles_{n}.yml"
       for n in (9, 10, 11, 12, 13)},
}
# The sets kept blind: each measured once in the session that had it written, reported and never tuned to.
BLIND_SETS = tuple(f"job-posting titles, set {n} (blind)" for n in (9, 10, 11, 12, 13))
HELD_OUT_SHARE = 0.1
SEED = 29
OUTCOMES = ("right", "offered", "wrong", "none")


@dataclass
class Tally:
    """Counts of outcomes, and the titles that went wrong or unanswered, for a look."""

    counts: Counter[str] = field(default_factory=Counter)
    misses: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def share(self, outcome: str) -> float:
        return self.counts[outcome] / self.total if self.total else 0.0

    def as_dict(self) -> dict[str, object]:
        return {"titles": self.total, **{o: round(self.share(o), 3) for o in OUTCOMES},
                "right_or_offered": round(self.share("right") + self.share("offered"), 3)}


def judge(index: RoleNameIndex, title: str, codes: set[str]) -> tuple[str, str]:
    """The outcome of resolving one title whose right O*NET-SOC codes (or role slugs) are known."""
    resolution = index.resolve(title)

    def fits(slug: str) -> bool:
        return slug in codes or bool(codes & set(index.codes(slug)))

    if resolution.role is not None:
        got = resolution.role
        return ("right" if fits(got.slug) else "wrong"), f"{got.title} ({resolution.how})"
    options = resolution.candidates[:MAX_OPTIONS]
    offered = any(fits(c.slug) for c in options)
    shown = "; ".join(c.title for c in options) or "-"
    return ("offered" if offered else "none"), f"[{shown}] ({resolution.how})"


def tally(index: RoleNameIndex, titles: list[tuple[str, set[str]]]) -> Tally:
    result = Tally()
    for title, codes in titles:
        outcome, got = judge(index, title, codes)
        result.counts[outcome] += 1
        if outcome in ("wrong", "none"):
            result.misses.append(f"{outcome}: {title!r} -> {got}; right: {', '.join(sorted(codes))}")
    return result


def held_out_titles(entries: list[RoleEntry], seed: int = SEED) -> tuple[list[RoleEntry], list[tuple[str, set[str]]]]:
    """The entries with a random tenth of their O*NET alternate and reported title rows taken out, and those
    titles with the codes of every occupation that lists them."""
    rows = sorted((name, kind, entry.slug) for entry in entries for kind, name in entry.onet_names
                  if kind in ("alternate", "reported", "featured"))
    random.Random(seed).shuffle(rows)
    held = set(rows[:round(len(rows) * HELD_OUT_SHARE)])
    codes_of = {entry.slug: set(entry.onet) for entry in entries}
    truth: dict[str, set[str]] = defaultdict(set)
    for entry in entries:
        for kind, name in entry.onet_names:
            if kind in ("alternate", "reported", "featured"):
                truth[singular_key(name_variants(name)[0])] |= set(entry.onet if entry.source == "onet"
                                                                   else entry.covers)
    kept = []
    for entry in entries:
        names = tuple(n for n in entry.onet_names if (n[1], n[0], entry.slug) not in held)
        kept.append(entry if len(names) == len(entry.onet_names) else _with_names(entry, names))
    titles = sorted({(name, frozenset(truth[singular_key(name_variants(name)[0])] or codes_of[slug]))
                     for name, _kind, slug in held})
    return kept, [(name, set(codes)) for name, codes in titles]


def _with_names(entry: RoleEntry, names: tuple[tuple[str, str], ...]) -> RoleEntry:
    return replace(entry, onet_names=names)


def curated_names(entries: list[RoleEntry]) -> list[tuple[str, set[str]]]:
    """Every curated role's title, abbreviations and aliases, with the role itself as the one right answer."""
    return [(name, {entry.slug}) for entry in entries if entry.source == "curated"
            for name in (entry.title, *entry.abbreviations, *entry.aliases)]


def posting_titles(path: Path = POSTING_TITLES) -> list[tuple[str, set[str]]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [(item["title"], set(item["codes"])) for item in data["titles"]]


def evaluate_titles(seed: int = SEED, postings: dict[str, Path] | None = None) -> dict[str, Tally]:
    entries = load_catalogue(CatalogueFiles()).entries
    kept, held = held_out_titles(entries, seed)
    full = index_from_catalogue(entries)
    results = {
        "held-out O*NET titles": tally(index_from_catalogue(kept), held),
        "curated roles' names": tally(full, curated_names(entries)),
    }
    sets = POSTING_SETS if postings is None else postings
    everything: list[tuple[str, set[str]]] = []
    for name, path in sets.items():
        titles = posting_titles(path)
        results[name] = tally(full, titles)
        everything += titles
    if len(sets) > 1:
        results["job-posting titles, all sets"] = tally(full, everything)
    return results


def render(results: dict[str, Tally]) -> str:
    lines = ["| titles | n | answered right | offered | wrong | none | right or offered |",
             "|---|---|---|---|---|---|---|"]
    for name, result in results.items():
        cells = " | ".join(f"{result.share(o):.1%}" for o in OUTCOMES)
        lines.append(f"| {name} | {result.total} | {cells} | {result.share('right') + result.share('offered'):.1%} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.training.titles", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--postings", type=Path, help="a file of posting-style titles instead of the thirteen sets")
    parser.add_argument("--misses", action="store_true", help="list the titles answered wrong or not at all")
    args = parser.parse_args(argv)
    results = evaluate_titles(args.seed, {"job-posting titles": args.postings} if args.postings else None)
    print(render(results))
    if args.misses:
        for name, result in results.items():
            print(f"\n{name}:")
            print("\n".join(f"  {m}" for m in result.misses))
    return 0


if __name__ == "__main__":
    sys.exit(main())
