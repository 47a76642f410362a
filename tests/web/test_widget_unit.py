"""Runs the widget's JavaScript unit tests with Node's built-in test runner."""
from __future__ import annotations

import shutil
import subprocess

from bot.config import PROJECT_ROOT


def test_widget_pure_functions_pass_their_node_tests() -> None:
    node = shutil.which("node")
    assert node, "Node.js is needed for the widget's unit tests (.ci/run installs it)"
    result = subprocess.run([node, "--test", "tests/web/widget.test.js"], cwd=PROJECT_ROOT, capture_output=True,
                            text=True, timeout=120)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "# fail 0" in result.stdout
