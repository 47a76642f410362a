"""`make check-data`: every check has a failing and a passing fixture, and names file, line, example and fix."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bot.config import DEFAULT_CATALOGUE, PROJECT_ROOT
from bot.roles.catalogue import read_catalogue
from bot.roles.resolver import RoleNameIndex
from bot.training.checks import MIN_EXAMPLES, check_files, index_from_catalogue


@pytest.fixture(scope="module")
def index() -> RoleNameIndex:
    return index_from_catalogue(read_catalogue(DEFAULT_CATALOGUE))


def nlu(*blocks: tuple[str, list[str]]) -> str:
    out = ['version: "3.1"', "nlu:"]
    for intent, examples in blocks:
        out += [f"- intent: {intent}", "  examples: |"] + [f"    - {e}" for e in examples]
    return "\n".join(out) + "\n"


def filler(prefix: str, n: int = MIN_EXAMPLES) -> list[str]:
    words = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet", "kilo",
             "lima", "mike", "november", "oscar", "papa", "quebec"]
    return [f"{prefix} {words[i]} {i * 7}" for i in range(n)]


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "nlu.yml"
    path.write_text(text, encoding="utf-8")
    return path


MADE_UP = 'what is a [chief vibes officer]{"entity": "role", "value": "unknown"}'
GOOD = nlu(("ask_definition", ["what is a [COO](role)?", "[cfo](role) meaning", MADE_UP] + filler("def")),
           ("greet", filler("hello there")))

BAD = {
    "same example twice": (
        nlu(("greet", filler("hi") + ["hi alpha 0"])),
        20, "intent 'greet': \"hi alpha 0\" is there twice (also line 5); delete one of them"),
    "one example under two intents": (
        nlu(("greet", filler("hi")), ("goodbye", filler("bye") + ["hi alpha 0"])),
        37, "\"hi alpha 0\" is under intent 'goodbye' and also under 'greet'"),
    "role named without annotation": (
        nlu(("ask_definition", filler("def") + ["what does a COO do"])),
        20, "names the role \"COO\" without annotating it; write [COO](role)"),
    "annotation of an unknown role": (
        nlu(("ask_definition", filler("def") + ["what is a [chief snack officer](role)"])),
        20, "annotates \"chief snack officer\", which is no role in the database"),
    "too few examples": (
        nlu(("greet", filler("hi", 4))),
        3, "intent 'greet' has 4 examples; give it at least 15"),
    "near-duplicate under another intent": (
        nlu(("ask_definition", filler("def") + ["what is a [COO](role) exactly?"]),
            ("ask_responsibilities", filler("resp") + ["what is a [CFO](role) exactly??"])),
        38, "is nearly the same as \"what is a [COO](role) exactly?\""),
    "YAML syntax error": (
        'version: "3.1"\nnlu:\n- intent: greet\n  examples: |\n    - hi\n   bad: [\n',
        6, "YAML syntax error"),
}


def test_good_data_has_no_problems(tmp_path: Path, index: RoleNameIndex) -> None:
    assert check_files([write(tmp_path, GOOD)], index) == []


@pytest.mark.parametrize("fault", BAD, ids=list(BAD))
def test_each_fault_is_reported_with_file_line_example_and_fix(tmp_path: Path, index: RoleNameIndex,
                                                               fault: str) -> None:
    text, line, message = BAD[fault]
    path = write(tmp_path, text)

    problems = [str(p) for p in check_files([path], index)]

    assert any(p.startswith(f"{path}:{line}:") and message in p for p in problems), problems


def test_lowercase_short_words_are_not_taken_for_abbreviations(tmp_path: Path, index: RoleNameIndex) -> None:
    text = nlu(("out_of_scope", filler("oos") + ["meet me at 3 pm", "is it raining"]))

    assert check_files([write(tmp_path, text)], index) == []


def test_the_project_data_passes_and_the_command_fails_on_bad_data(tmp_path: Path) -> None:
    good = subprocess.run([sys.executable, "-m", "bot", "check-data"], cwd=PROJECT_ROOT, capture_output=True,
                          text=True, timeout=120)
    bad_file = write(tmp_path, BAD["same example twice"][0])
    bad = subprocess.run([sys.executable, "-m", "bot", "check-data", str(bad_file)], cwd=PROJECT_ROOT,
                         capture_output=True, text=True, timeout=120)

    assert good.returncode == 0, good.stderr
    assert bad.returncode == 1 and f"{bad_file}:20:" in bad.stderr and "Traceback" not in bad.stderr
