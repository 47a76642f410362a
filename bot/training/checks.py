"""The project's own checks of the NLU training data, each problem naming file, line, example and fix."""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz, process

from bot.roles.catalogue import RoleEntry
from bot.roles.pay import pay_table, workers_by_soc
from bot.roles.records import entry_names
from bot.roles.resolver import RoleNameIndex
from bot.training.examples import Example, TrainingDataError, read_examples

MIN_EXAMPLES = 15
NEAR_DUPLICATE_RATIO = 95
UNKNOWN_ROLE_VALUE = "unknown"  # [chief vibes officer]{"entity": "role", "value": "unknown"}: made up on purpose
GENERATED_FILES = ("nlu_roles.yml",)  # written by `roles sync-nlu`, checked by its own test


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


def index_from_catalogue(entries: list[RoleEntry], curated_names_only: bool = False) -> RoleNameIndex:
    """The resolver over catalogue entries; with `curated_names_only`, over the names trainers annotate."""
    return RoleNameIndex([name for entry in entries if not (curated_names_only and entry.source != "curated")
                          for name in entry_names(entry, curated_names_only)], workers_by_soc(pay_table()[0]))


def _key(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


def _shape(example: Example) -> str:
    """The example with every role replaced by one word, so 'what is a COO' and 'what is a CFO' match."""
    text = example.text
    for annotation in example.annotations:
        text = text.replace(annotation.text, "ROLE")
    return _key(text)


def check_files(paths: list[Path], index: RoleNameIndex, root: Path | None = None,
                annotated: RoleNameIndex | None = None) -> list[Problem]:
    """Every problem in the training files. `index` resolves annotations (every role and occupation);
    `annotated` holds the names an example must annotate where it uses them (default: the same)."""
    problems: list[Problem] = []
    examples: list[Example] = []
    for path in paths:
        if path.name in GENERATED_FILES:
            continue
        try:
            examples += read_examples(path, root)
        except TrainingDataError as exc:
            where, _, message = str(exc).partition(": ")
            file, _, line = where.partition(":")
            problems.append(Problem(file, int(line.split(":")[0] or 0) if line else 0, message))
    problems += _duplicates(examples)
    problems += _unannotated_roles(examples, annotated or index)
    problems += _unknown_annotations(examples, index)
    problems += _too_few(examples)
    problems += _near_duplicates(examples)
    return sorted(set(problems))


def _duplicates(examples: list[Example]) -> list[Problem]:
    problems = []
    seen: dict[str, Example] = {}
    for example in examples:
        key = _key(example.text)
        first = seen.get(key)
        if first is None:
            seen[key] = example
        elif first.intent == example.intent:
            problems.append(Problem(example.file, example.line,
                                    f"intent '{example.intent}': \"{example.raw}\" is there twice (also line "
                                    f"{first.line}); delete one of them"))
        else:
            problems.append(Problem(example.file, example.line,
                                    f"\"{example.raw}\" is under intent '{example.intent}' and also under "
                                    f"'{first.intent}' ({first.file}:{first.line}); keep it under the one it means"))
    return problems


def _unannotated_roles(examples: list[Example], index: RoleNameIndex) -> list[Problem]:
    problems = []
    for example in examples:
        outside = example.text
        for annotation in example.annotations:
            outside = outside.replace(annotation.text, " ")
        for mention in index.find_mentions(outside):
            typed = _typed_form(outside, mention.text)
            if typed is None:
                continue
            problems.append(Problem(example.file, example.line,
                                    f"intent '{example.intent}': \"{example.raw}\" names the role \"{typed}\" "
                                    f"without annotating it; write [{typed}](role)"))
    return problems


def _typed_form(text: str, key: str) -> str | None:
    """The words as typed for a found name; short abbreviations count only in capitals ("PM", not "3 pm")."""
    words = key.split()
    pattern = r"\b" + r"\W+".join(re.escape(w) + r"\w{0,3}" for w in words) + r"\b"
    match = re.search(pattern, text, re.IGNORECASE)
    if match is None:
        return None
    typed = match.group(0)
    if len(words) == 1 and len(words[0]) <= 3 and not typed.isupper():
        return None
    return typed


def _unknown_annotations(examples: list[Example], index: RoleNameIndex) -> list[Problem]:
    problems = []
    for example in examples:
        for annotation in example.annotations:
            if annotation.entity != "role" or annotation.value == UNKNOWN_ROLE_VALUE:
                continue
            resolution = index.resolve(annotation.value or annotation.text)
            if resolution.role is None and not resolution.ambiguous:
                problems.append(Problem(
                    example.file, example.line,
                    f"intent '{example.intent}': \"{example.raw}\" annotates \"{annotation.text}\", which is no "
                    f"role in the database; fix the name, add the role to bot/catalogue/roles.yml, or mark a "
                    f"made-up title as [{annotation.text}]{{\"entity\": \"role\", \"value\": \"unknown\"}}"))
    return problems


def _too_few(examples: list[Example]) -> list[Problem]:
    first: dict[str, Example] = {}
    counts: dict[str, int] = defaultdict(int)
    for example in examples:
        first.setdefault(example.intent, example)
        counts[example.intent] += 1
    return [
        Problem(first[intent].file, first[intent].line - 2,
                f"intent '{intent}' has {count} examples; give it at least {MIN_EXAMPLES}, in different words")
        for intent, count in counts.items() if count < MIN_EXAMPLES
    ]


def _near_duplicates(examples: list[Example]) -> list[Problem]:
    shapes = [_shape(e) for e in examples]
    scores = process.cdist(shapes, shapes, scorer=fuzz.ratio, score_cutoff=NEAR_DUPLICATE_RATIO, workers=1)
    problems = []
    for i, j in zip(*scores.nonzero(), strict=True):
        if i >= j or examples[i].intent == examples[j].intent or _key(examples[i].text) == _key(examples[j].text):
            continue
        a, b = examples[i], examples[j]
        problems.append(Problem(b.file, b.line,
                                f"\"{b.raw}\" (intent '{b.intent}') is nearly the same as \"{a.raw}\" (intent "
                                f"'{a.intent}', {a.file}:{a.line}); reword one or move it to the other intent"))
    return problems
