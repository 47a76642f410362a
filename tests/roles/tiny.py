"""A small valid catalogue that tests change one fault at a time."""
from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import yaml

_DETAILS = " ".join(["This paragraph stands in for the details of the role and is long enough."] * 9)


def _role(slug: str, title: str, reports_to: str | None, **extra: Any) -> dict[str, Any]:
    role = {
        "slug": slug,
        "title": title,
        "abbreviations": [],
        "aliases": [],
        "department": "Executive",
        "level": "C-suite",
        "short_answer": f"The {title} is a test role.",
        "details": _DETAILS,
        "responsibilities": ["Lead", "Plan", "Report", "Decide"],
        "skills": ["Leadership", "Planning", "Finance", "Communication"],
        "how_to_become": "Years of experience.",
        "reports_to": reports_to,
        "related": [],
        "onet": ["11-1011.00"],
    }
    role.update(extra)
    return role


TINY: dict[str, Any] = {
    "roles": [
        _role("board-of-directors", "Board of Directors", None, level="Board", aliases=["the board"]),
        _role("ceo", "Chief Executive Officer", "board-of-directors", abbreviations=["CEO"]),
        _role("coo", "Chief Operating Officer", "ceo", abbreviations=["COO"], aliases=["operations chief"],
              related=["ceo"]),
        _role("chro", "Chief Human Resources Officer", "ceo", abbreviations=["CHRO", "CPO"],
              aliases=["chief people officer"]),
        _role("chief-product-officer", "Chief Product Officer", "ceo", abbreviations=["CPO"]),
    ]
}


def tiny_catalogue() -> dict[str, Any]:
    return copy.deepcopy(TINY)


def write_catalogue(path: Path, data: dict[str, Any]) -> Path:
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path
