"""`python -m bot roles …` as an operator runs it, on SQLite and PostgreSQL."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.config import PROJECT_ROOT
from tests.roles.tiny import tiny_catalogue, write_catalogue

REQUIRED_FIELDS = (
    "slug", "title", "aliases", "short_answer", "details", "responsibilities", "skills", "how_to_become",
    "reports_to_title", "department", "level",
)


def bot(db_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "ROLE_DB_URL": db_url}
    return subprocess.run(
        [sys.executable, "-m", "bot", *args], cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=120
    )


@pytest.fixture
def loaded_db(empty_db_url: str) -> str:
    result = bot(empty_db_url, "roles", "load")
    assert result.returncode == 0, result.stderr
    assert "roles loaded" in result.stdout
    return empty_db_url


def test_list_json_has_every_field_of_at_least_60_roles(loaded_db: str) -> None:
    roles = json.loads(bot(loaded_db, "roles", "list", "--json", "--source", "curated").stdout)
    by_slug = {r["slug"]: r for r in roles}

    assert len(roles) >= 60
    for role in roles:
        assert all(role[field] for field in REQUIRED_FIELDS), role["slug"]
        assert len(role["responsibilities"]) >= 4 and len(role["skills"]) >= 4
        assert role["source"] == "curated" and role["onet_codes"], role["slug"]
    assert by_slug["coo"]["reports_to"] == "ceo" and by_slug["coo"]["reports_to_title"] == "Chief Executive Officer"
    assert by_slug["ceo"]["reports_to"] == "board-of-directors"
    assert by_slug["board-of-directors"]["reports_to"] is None
    assert "Chief Operating Officer" in by_slug["ceo"]["direct_reports"]
    assert by_slug["coo"]["abbreviations"] == ["COO"]


def test_show_finds_a_role_by_what_people_type(loaded_db: str) -> None:
    shown = bot(loaded_db, "roles", "show", "cheif operating oficer")
    ambiguous = bot(loaded_db, "roles", "show", "CPO")
    unknown = bot(loaded_db, "roles", "show", "chief vibes officer")

    assert shown.returncode == 0 and shown.stdout.startswith("Chief Operating Officer (COO)")
    assert "reports to: Chief Executive Officer" in shown.stdout
    assert ambiguous.returncode == 1 and "ambiguous" in ambiguous.stderr and "Chief Product Officer" in ambiguous.stderr
    assert unknown.returncode == 1 and "'chief vibes officer' is not a known role" in unknown.stderr


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_export_of_the_curated_roles_round_trips_with_load(loaded_db: str, tmp_path: Path, fmt: str) -> None:
    exported = tmp_path / f"export.{fmt}"
    exported.write_text(bot(loaded_db, "roles", "export", "--format", fmt, "--source", "curated").stdout,
                        encoding="utf-8")
    before = bot(loaded_db, "roles", "list", "--json").stdout

    reloaded = bot(loaded_db, "roles", "load", str(exported))

    assert reloaded.returncode == 0, reloaded.stderr
    assert "0 added, 0 updated" in reloaded.stdout and "0 removed" in reloaded.stdout
    assert bot(loaded_db, "roles", "list", "--json").stdout == before


def test_export_writes_curated_roles_and_imported_occupations_with_their_source(loaded_db: str) -> None:
    exported = json.loads(bot(loaded_db, "roles", "export", "--format", "json").stdout)["roles"]
    imported = json.loads(bot(loaded_db, "roles", "export", "--format", "json", "--source", "onet").stdout)["roles"]
    by_slug = {r["slug"]: r for r in exported}

    assert {r["source"] for r in exported} == {"curated", "onet"} and len(exported) > 1000
    assert {r["source"] for r in imported} == {"onet"} and len(imported) == len(exported) - 83
    assert by_slug["dental-hygienist"]["onet"] == ["29-1292.00"]
    assert "Registered Dental Hygienist (RDH)" in by_slug["dental-hygienist"]["onet_names"]["alternate"]
    assert by_slug["ceo"]["covers"] == ["11-1011.00"] and "onet_names" not in by_slug["ceo"]


def test_an_export_with_imported_occupations_is_refused_by_load_in_one_line_per_entry(
        loaded_db: str, tmp_path: Path) -> None:
    exported = tmp_path / "all.yml"
    exported.write_text(bot(loaded_db, "roles", "export", "--source", "onet").stdout, encoding="utf-8")

    result = bot(loaded_db, "roles", "load", str(exported))

    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "entry 'dental-hygienist': 'source' must be 'curated'" in result.stderr


def test_bad_file_exits_non_zero_and_changes_nothing(loaded_db: str, tmp_path: Path) -> None:
    data = tiny_catalogue()
    data["roles"][2]["reports_to"] = "nobody"
    bad = write_catalogue(tmp_path / "bad.yml", data)
    before = bot(loaded_db, "roles", "list", "--json").stdout

    result = bot(loaded_db, "roles", "load", str(bad))

    assert result.returncode == 1
    assert f"{bad}:" in result.stderr and "entry 'coo'" in result.stderr and "unknown role 'nobody'" in result.stderr
    assert "Traceback" not in result.stderr
    assert bot(loaded_db, "roles", "list", "--json").stdout == before


def test_unreachable_database_is_a_one_line_error() -> None:
    result = bot("postgresql+psycopg2://roles:hunter2@127.0.0.1:1/roles", "roles", "list")

    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("error: ")
    assert "hunter2" not in result.stderr and "Traceback" not in result.stderr


def test_missing_file_is_a_one_line_error(tmp_path: Path) -> None:
    result = bot(f"sqlite:///{tmp_path / 'r.db'}", "roles", "load", str(tmp_path / "nope.yml"))

    assert result.returncode == 1 and "nope.yml: cannot read the catalogue" in result.stderr
    assert "Traceback" not in result.stderr


def test_resolve_prints_what_the_assistant_would_make_of_a_title(loaded_db: str) -> None:
    found = json.loads(bot(loaded_db, "roles", "resolve", "Registered Nurse - ICU nights", "--json").stdout)
    ambiguous = json.loads(bot(loaded_db, "roles", "resolve", "supervisor", "--json").stdout)
    unknown = json.loads(bot(loaded_db, "roles", "resolve", "forklift wizard", "--json").stdout)

    assert found["status"] == "found"
    assert found["roles"] == [{"slug": "registered-nurse", "title": "Registered Nurse", "codes": ["29-1141.00"]}]
    assert ambiguous["status"] == "ambiguous" and ambiguous["roles"] == [] and 2 <= len(ambiguous["suggestions"]) <= 3
    assert unknown["status"] == "unknown" and unknown["suggestions"][0]["codes"] == ["53-7051.00"]


def test_resolve_reads_one_title_a_line_and_answers_in_order(loaded_db: str) -> None:
    titles = ["Branch Manager", "Production Manager", "C.O.O.", "chief vibes officer", ""] * 400
    env = {**os.environ, "ROLE_DB_URL": loaded_db}
    result = subprocess.run([sys.executable, "-m", "bot", "roles", "resolve", "-"], cwd=PROJECT_ROOT, env=env,
                            input="\n".join(titles) + "\n", capture_output=True, text=True, timeout=300)

    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert result.returncode == 0 and len(lines) == 2000
    assert [line["text"] for line in lines[:5]] == titles[:5]
    assert [line["status"] for line in lines[:5]] == ["found", "found", "found", "unknown", "unknown"]
    assert lines[0]["roles"][0]["codes"] == ["11-3031.00"] and lines[2]["roles"][0]["slug"] == "coo"


@pytest.mark.parametrize("command", [["roles", "list"], ["roles", "show", "coo"], ["roles", "resolve", "welder"]])
def test_a_database_never_loaded_says_so_and_names_the_command(tmp_path: Path, command: list[str]) -> None:
    empty = f"sqlite:///{tmp_path / 'never-loaded.db'}"

    result = bot(empty, *command)

    assert result.returncode == 1 and result.stdout == ""
    assert "holds no roles yet; load them with: python -m bot roles load" in result.stderr
    assert result.stderr.count("\n") == 1
