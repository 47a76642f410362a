"""Reading Rasa NLU training examples with the file and line each came from, and their role annotations."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

# [text](entity) or [text]{"entity": "role", ...}
ANNOTATION = re.compile(r"\[(?P<text>[^\]]+)\](?:\((?P<entity>[^)]+)\)|(?P<json>\{[^}]*\}))")


class TrainingDataError(Exception):
    """A training file cannot be read; the message names the file and line."""


@dataclass(frozen=True)
class Annotation:
    text: str
    entity: str
    value: str | None = None


@dataclass(frozen=True)
class Example:
    file: str
    line: int
    intent: str
    raw: str  # as written, with annotations
    text: str  # as a person would type it
    annotations: tuple[Annotation, ...] = field(default=())


def plain_text(raw: str) -> tuple[str, tuple[Annotation, ...]]:
    """The example without annotation markup, and its annotations."""
    annotations = []

    def strip(match: re.Match[str]) -> str:
        entity, value = match.group("entity"), None
        if match.group("json"):
            try:
                spec = json.loads(match.group("json"))
            except ValueError:
                spec = {}
            entity, value = spec.get("entity", ""), spec.get("value")
        annotations.append(Annotation(match.group("text"), entity or "", value))
        return match.group("text")

    return ANNOTATION.sub(strip, raw), tuple(annotations)


def read_examples(path: Path, root: Path | None = None) -> list[Example]:
    """Every intent example of one file, with its 1-based line number."""
    name = str(path.relative_to(root)) if root and path.is_relative_to(root) else str(path)
    text = path.read_text(encoding="utf-8")
    try:
        document = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{name}:{mark.line + 1}:{mark.column + 1}" if mark else name
        raise TrainingDataError(f"{where}: YAML syntax error: {getattr(exc, 'problem', None) or exc}; "
                                "fix the indentation or quoting there") from None
    examples: list[Example] = []
    if not isinstance(document, yaml.MappingNode):
        return examples
    for key, value in document.value:
        if key.value != "nlu" or not isinstance(value, yaml.SequenceNode):
            continue
        for block in value.value:
            if not isinstance(block, yaml.MappingNode):
                continue
            fields = {k.value: v for k, v in block.value}
            if "intent" not in fields or "examples" not in fields:
                continue
            node = fields["examples"]
            first_line = node.start_mark.line + 2 if node.style == "|" else node.start_mark.line + 1
            for offset, line in enumerate(str(node.value).splitlines()):
                stripped = line.strip()
                if not stripped.startswith("- "):
                    continue
                raw = stripped[2:].strip()
                plain, annotations = plain_text(raw)
                examples.append(Example(name, first_line + offset, fields["intent"].value, raw, plain, annotations))
    return examples
