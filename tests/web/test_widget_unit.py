"""Runs the widget's JavaScript unit tests with Node's built-in test runner."""
from __future__ import annotations

import re
import shutil
import subprocess

from bot.config import PROJECT_ROOT


def node_counts(output: str) -> dict[str, int]:
    """The summary counts of `node --test` in either reporter: TAP ("# pass 5") or spec ("ℹ pass 5")."""
    found = re.findall(r"^(?:# |ℹ )(tests|pass|fail|cancelled|skipped|todo) (\d+)\s*$", output, flags=re.MULTILINE)
    return {name: int(count) for name, count in found}


def test_node_counts_read_both_reporters() -> None:
    tap = "1..5\n# tests 5\n# suites 0\n# pass 5\n# fail 0\n# cancelled 0\n"
    spec = "✔ splits (0.6ms)\nℹ tests 6\nℹ suites 0\nℹ pass 4\nℹ fail 2\nℹ cancelled 0\n"

    assert node_counts(tap) == {"tests": 5, "pass": 5, "fail": 0, "cancelled": 0}
    assert node_counts(spec) == {"tests": 6, "pass": 4, "fail": 2, "cancelled": 0}


def test_widget_pure_functions_pass_their_node_tests() -> None:
    node = shutil.which("node")
    assert node, "Node.js is needed for the widget's unit tests (make doctor installs it)"
    result = subprocess.run([node, "--test", "tests/web/widget.test.js"], cwd=PROJECT_ROOT, capture_output=True,
                            text=True, timeout=120)

    counts = node_counts(result.stdout)
    assert result.returncode == 0, result.stdout + result.stderr
    assert counts.get("tests", 0) >= 5 and counts.get("pass") == counts["tests"], result.stdout
    assert counts.get("fail") == 0 and counts.get("cancelled", 0) == 0, result.stdout
