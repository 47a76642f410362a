"""`make doctor` (scripts/doctor): what a fresh machine lacks is reported with the command that installs it."""
from __future__ import annotations

import os
import subprocess

from bot.config import PROJECT_ROOT


def doctor(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(PROJECT_ROOT / "scripts" / "doctor"), *args], cwd=PROJECT_ROOT,
                          env={**os.environ, **env}, capture_output=True, text=True, timeout=60)


def test_this_machine_has_everything_make_test_needs() -> None:
    result = doctor()

    assert result.returncode == 0, result.stdout + result.stderr
    for name in ("Python 3.10", "Chromium", "Node.js", "npm", "PostgreSQL server"):
        assert any(line.split()[:1] == ["ok"] and name in line for line in result.stdout.splitlines()), name


def test_a_missing_prerequisite_is_reported_with_its_install_command() -> None:
    result = doctor(CHROMIUM="/nonexistent/chromium", PG_BIN_GLOB="/nonexistent/*/initdb")

    assert result.returncode == 1
    assert "missing  Chromium" in result.stdout and "install with: apt-get install -y chromium" in result.stdout
    assert "install with: apt-get install -y postgresql" in result.stdout
    assert "ok       Node.js" in result.stdout


def test_make_run_does_not_need_what_only_the_tests_use() -> None:
    result = doctor("--for", "run", CHROMIUM="/nonexistent/chromium", NODE="no-such-node")

    assert result.returncode == 0
    assert "needed by make test" in result.stdout and "prerequisites for make run" in result.stdout


def test_a_wrong_argument_is_one_line() -> None:
    result = doctor("--for", "lunch")

    assert result.returncode == 2 and result.stderr.count("\n") == 1 and "run, cluster or test" in result.stderr
