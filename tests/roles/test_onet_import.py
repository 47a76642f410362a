"""`roles import-onet` and loading its occupations, on a fixture of made-up O*NET-shaped tables."""
from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from bot.roles.catalogue import CatalogueError
from bot.roles.occupations import CatalogueFiles, load_catalogue
from bot.roles.onet_import import import_onet, prose_fingerprints, read_fingerprints, render_onet, shared_runs
from bot.training.checks import index_from_catalogue
from tests.roles.test_cli import bot
from tests.roles.tiny import tiny_catalogue, write_catalogue

FIXTURE = Path(__file__).resolve().parent / "onet_fixture"


@pytest.fixture
def tables(tmp_path: Path) -> Path:
    """A copy of the fixture tables that a test may break."""
    return Path(shutil.copytree(FIXTURE, tmp_path / "onet"))


def occupation(data: dict, code: str) -> dict:  # type: ignore[type-arg]
    return next(o for o in data["occupations"] if o["code"] == code)


def test_the_import_keeps_the_facts_of_each_occupation(tables: Path) -> None:
    data = import_onet(tables, "99.9")
    keeper = occupation(data, "45-9999.00")

    assert data["release"] == "99.9" and [o["code"] for o in data["occupations"]] == sorted(
        ["11-1011.00", "11-9999.00", "45-9999.00", "45-9999.01", "45-8888.00"])
    assert keeper["featured_titles"] == ["Dragon Keeper"] and keeper["reported_titles"] == ["Keeper"]
    assert "Wyrm Handler (Dragon Handler)" in keeper["alternate_titles"]
    assert keeper["job_zone"] == 2
    assert keeper["education"] == [["High School Diploma", 70], ["Bachelor's Degree", 30]]
    assert keeper["experience"] == ["Over 1 year, up to and including 2 years", 55]
    # Animal Handling stands out for keepers against the average; Speaking (2.0) is below "important".
    assert [s[0] for s in keeper["skills"]] == ["Animal Handling", "Monitoring"]
    # In-demand first; software every occupation lists (Spreadsheet Pro) and non-hot tools left out.
    assert keeper["technology"] == ["FlameTrack", "ScaleScan"]
    # Activities of core tasks, the most frequent first; a supplemental task's activity left out.
    assert keeper["activities"] == ["Feed animals.", "Clean animal enclosures."]
    assert keeper["related"] == ["45-8888.00", "11-9999.00"]
    # A suppressed value is not used.
    assert occupation(data, "11-9999.00")["education"] == [["Bachelor's Degree", 90]]


def test_the_import_never_copies_prose(tables: Path) -> None:
    text = render_onet(import_onet(tables, "99.9"))

    assert "Made-up description" not in text and "Made-up task" not in text


def test_the_same_tables_give_a_byte_identical_file_and_a_second_run_writes_nothing(
        tables: Path, tmp_path: Path) -> None:
    out = tmp_path / "onet.json"
    first = bot("sqlite://", "roles", "import-onet", str(tables), "--output", str(out))
    content = out.read_bytes()
    second = bot("sqlite://", "roles", "import-onet", str(tables), "--output", str(out))

    assert first.returncode == 0 and "5 occupations" in first.stdout and "O*NET 99.9" in first.stdout
    assert second.returncode == 0 and "up to date" in second.stdout and out.read_bytes() == content
    assert render_onet(import_onet(tables, "99.9")).encode() == content
    assert (tmp_path / "onet_prose.fingerprints").read_bytes() == prose_fingerprints(tables)


@pytest.mark.parametrize(
    "table, change, problem",
    [
        ("Job Zones.txt", lambda t: t.replace("\t2\t", "\tx\t"), "Job Zones.txt:4: 'Job Zone' must be 1-5"),
        ("Skills.txt", lambda t: t + "45-9999.00\tDragon Keepers\tbroken row\n",
         "Skills.txt:26: expected 15 tab-separated fields, found 3"),
        ("Related Occupations.txt", lambda t: t.replace("45-8888.00", "45-7777.00"),
         "Related Occupations.txt:2: unknown related O*NET-SOC code '45-7777.00'"),
        ("Alternate Titles.txt", lambda t: t.replace("45-8888.00", "45-7777.00"),
         "Alternate Titles.txt:9: unknown O*NET-SOC code '45-7777.00'"),
        ("Knowledge.txt", lambda t: t.replace("4.80", "high"), "Knowledge.txt:18: 'Data Value' is not a number"),
        ("Occupation Data.txt", lambda t: t.replace("O*NET-SOC Code", "Code"),
         "Occupation Data.txt:1: missing column(s) 'O*NET-SOC Code'"),
    ],
)
def test_a_broken_table_is_one_line_naming_file_and_line_and_nothing_is_written(
        tables: Path, tmp_path: Path, table: str, change, problem: str) -> None:  # type: ignore[no-untyped-def]
    path = tables / table
    path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")
    out = tmp_path / "onet.json"
    out.write_text("before", encoding="utf-8")

    result = bot("sqlite://", "roles", "import-onet", str(tables), "--output", str(out))

    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert problem in result.stderr, result.stderr
    assert out.read_text(encoding="utf-8") == "before"


def test_a_missing_table_names_the_file(tables: Path, tmp_path: Path) -> None:
    (tables / "Task Statements.txt").unlink()

    result = bot("sqlite://", "roles", "import-onet", str(tables), "--output", str(tmp_path / "o.json"))

    assert result.returncode == 1 and "Task Statements.txt: cannot read the table" in result.stderr
    assert not (tmp_path / "o.json").exists()


def covering_catalogue() -> dict:  # type: ignore[type-arg]
    """The tiny curated catalogue, its CEO covering the made-up "Chief Executives"."""
    data = tiny_catalogue()
    data["roles"][1]["covers"] = ["11-1011.00"]
    return data


def fixture_files(tmp_path: Path, tables: Path, catalogue: dict | None = None) -> CatalogueFiles:  # type: ignore[type-arg]
    occupations = tmp_path / "onet.json"
    occupations.write_text(render_onet(import_onet(tables, "99.9")), encoding="utf-8")
    curated = write_catalogue(tmp_path / "roles.yml", catalogue or covering_catalogue())
    return CatalogueFiles(curated, occupations, tables / "definitions.yml", tables / "groups.yml",
                          tables / "names_abroad.yml", tables / "usual_meanings.yml")


def test_occupations_join_the_curated_roles_and_curated_roles_win(tables: Path, tmp_path: Path) -> None:
    catalogue = load_catalogue(fixture_files(tmp_path, tables))
    by_slug = {e.slug: e for e in catalogue.entries}

    assert catalogue.onet_release == "99.9"
    assert "chief-executive" not in by_slug  # covered: not imported twice
    assert ("alternate", "Top Boss") in by_slug["ceo"].onet_names and ("short", "TB") in by_slug["ceo"].onet_names
    keeper = by_slug["dragon-keeper"]
    assert keeper.source == "onet" and keeper.onet == ("45-9999.00",) and keeper.title == "Dragon Keeper"
    assert keeper.short_answer.startswith("A dragon keeper looks after")
    assert keeper.reports_to == "dragon-keeping-manager" and by_slug["dragon-keeping-manager"].reports_to == "ceo"
    assert by_slug["junior-dragon-keeper"].reports_to == "dragon-keeper"
    assert keeper.related == ("griffin-groomer", "dragon-keeping-manager")
    assert keeper.responsibilities == ("Feed animals", "Clean animal enclosures")
    assert "FlameTrack" in " ".join(keeper.skills) and "high-school diploma (70%" in keeper.how_to_become
    assert catalogue.undefined == ("45-8888.00", "45-9999.01")  # answered with a plain definition instead
    assert by_slug["griffin-groomer"].short_answer.startswith("A Griffin Groomer works in farming")


def test_names_used_abroad_join_their_occupation_or_the_curated_role_covering_it(tables: Path, tmp_path: Path) -> None:
    by_slug = {e.slug: e for e in load_catalogue(fixture_files(tmp_path, tables)).entries}

    assert ("abroad", "wyvern minder") in by_slug["dragon-keeper"].onet_names
    assert ("abroad", "big cheese") in by_slug["ceo"].onet_names
    assert not any(name == "Top Boss" for _, name in by_slug["dragon-keeper"].onet_names)
    index = index_from_catalogue(list(by_slug.values()))
    assert index.resolve("Wyvern Minder - Nights").role.slug == "dragon-keeper"  # type: ignore[union-attr]
    assert index.resolve("top boss").role.slug == "ceo"  # type: ignore[union-attr]


def test_a_name_o_net_gives_another_occupation_that_means_this_one_abroad_asks(
        tables: Path, tmp_path: Path) -> None:
    by_slug = {e.slug: e for e in load_catalogue(fixture_files(tmp_path, tables)).entries}

    assert ("elsewhere", "griffin brusher") in by_slug["dragon-keeper"].onet_names
    resolution = index_from_catalogue(list(by_slug.values())).resolve("Griffin Brusher")
    assert resolution.role is None and resolution.ambiguous
    assert [c.slug for c in resolution.candidates] == ["griffin-groomer", "dragon-keeper"]


# The catalogue's name files, by the CatalogueFiles field that names each.
NAME_FILES = {"abroad": "names_abroad.yml", "usual": "usual_meanings.yml"}


@pytest.mark.parametrize(("field", "text", "problem"), [
    ("abroad", "names:\n  12-3456.00: [sky pilot]\n",
     "names_abroad.yml:2: 12-3456.00: no such occupation in the O*NET import"),
    ("abroad", "names:\n  45-9999.00: [sky pilot]\nelsewhere:\n  12-3456.00: [keeper]\n",
     "names_abroad.yml:4: 12-3456.00: no such occupation in the O*NET import"),
    ("abroad", "names:\n  45-9999.00: [sky pilot]\n  45-8888.00: [Sky Pilot]\n",
     "names_abroad.yml:3: 45-8888.00: 'Sky Pilot' is also listed for 45-9999.00"),
    ("abroad", "names:\n  45-9999.00: sky pilot\n", "names_abroad.yml:2: 45-9999.00: must be a list of names"),
    ("abroad", "names: [sky pilot]\n", "names_abroad.yml:1: the file must hold a mapping with a 'names:' mapping"),
    ("usual", "usual:\n  scale polisher: 12-3456.00\n",
     "usual_meanings.yml:2: 'scale polisher': 12-3456.00 is no occupation in the O*NET import"),
    ("usual", "usual:\n  wyrm handler: 45-8888.00\n",
     "usual_meanings.yml:2: 'wyrm handler': O*NET does not give this name to 45-8888.00"),
    ("usual", "usual:\n  scale polisher: dragon keeper\n",
     "usual_meanings.yml:2: 'scale polisher': the value must be an O*NET-SOC code"),
    ("usual", "usual:\n  scale polisher: 45-9999.01\n  Scale Polishers: 45-8888.00\n",
     "usual_meanings.yml:3: 'Scale Polishers': the same name as 'scale polisher' above"),
    ("usual", "usual: [scale polisher]\n",
     "usual_meanings.yml:1: the file must hold a mapping with a 'usual:' mapping"),
])
def test_a_bad_names_file_is_one_line_naming_file_and_line(
        tables: Path, tmp_path: Path, field: str, text: str, problem: str) -> None:
    files = fixture_files(tmp_path, tables)
    broken = tmp_path / NAME_FILES[field]
    broken.write_text(text, encoding="utf-8")

    with pytest.raises(CatalogueError) as caught:
        load_catalogue(replace(files, **{field: broken}))

    [found] = caught.value.problems
    assert problem in found


def test_a_shared_name_answers_the_occupation_it_usually_means_and_names_the_other(
        tables: Path, tmp_path: Path) -> None:
    files = fixture_files(tmp_path, tables)
    marked = index_from_catalogue(load_catalogue(files).entries).resolve("Scale Polisher - Nights")
    unmarked = index_from_catalogue(load_catalogue(replace(files, usual=None)).entries).resolve("Scale Polisher")

    assert marked.role is not None and marked.role.slug == "junior-dragon-keeper" and marked.how == "usual"
    assert [c.slug for c in marked.candidates] == ["griffin-groomer"]
    assert unmarked.role is None and unmarked.ambiguous  # O*NET alone does not tell them apart
    assert {c.slug for c in unmarked.candidates} == {"junior-dragon-keeper", "griffin-groomer"}




def test_a_crosswalk_code_the_import_lacks_names_the_curated_file_and_line(tables: Path, tmp_path: Path) -> None:
    data = covering_catalogue()
    data["roles"][2]["onet"] = ["11-1011.00", "12-3456.00"]

    with pytest.raises(CatalogueError) as caught:
        load_catalogue(fixture_files(tmp_path, tables, data))

    [problem] = caught.value.problems
    assert "roles.yml:" in problem and "entry 'coo'" in problem and "unknown O*NET-SOC code '12-3456.00'" in problem


def test_load_puts_both_in_the_database_and_list_show_export_cover_both(
        empty_db_url: str, tables: Path, tmp_path: Path) -> None:
    files = fixture_files(tmp_path, tables)
    loaded = bot(empty_db_url, "roles", "load", str(files.curated), "--occupations", str(files.occupations),
                 "--definitions", str(files.definitions), "--groups", str(files.groups))
    listed = bot(empty_db_url, "roles", "list", "--source", "onet")
    shown = bot(empty_db_url, "roles", "show", "wyrm handler")
    exported = json.loads(bot(empty_db_url, "roles", "export", "--format", "json").stdout)["roles"]

    assert loaded.returncode == 0, loaded.stderr
    assert "9 roles loaded: 9 added" in loaded.stdout and "2 imported occupation(s) have no own-words" in loaded.stdout
    assert "dragon-keeper" in listed.stdout and "ceo" not in listed.stdout and "O*NET 99.9" in listed.stdout
    assert shown.returncode == 0 and shown.stdout.startswith("Dragon Keeper")
    assert "O*NET-SOC: 45-9999.00" in shown.stdout
    assert "Source: O*NET 99.9 Database" in shown.stdout
    assert {(r["slug"], r["source"]) for r in exported} >= {("ceo", "curated"), ("dragon-keeper", "onet")}


def test_no_definition_shares_eight_words_with_onets_descriptions() -> None:
    """Checked against fingerprints of O*NET's descriptions (the prose itself stays out of the repository)."""
    files = CatalogueFiles()
    assert files.occupations is not None
    prints = read_fingerprints((files.occupations.parent / "onet_prose.fingerprints").read_bytes())
    catalogue = load_catalogue(files)

    copied = {e.slug: shared_runs(e.short_answer, prints) for e in catalogue.entries if e.source == "onet"}

    assert len(prints) > 20000
    assert {slug: runs for slug, runs in copied.items() if runs} == {}


def test_the_prose_check_catches_a_copied_sentence(tables: Path) -> None:
    prints = read_fingerprints(prose_fingerprints(tables))
    copied = "In short it feeds calms and cleans dragons in the keep every single morning, as they say."

    assert shared_runs(copied, prints) == ["feeds calms and cleans dragons in the keep", "calms and cleans dragons "
                                           "in the keep every", "and cleans dragons in the keep every single",
                                           "cleans dragons in the keep every single morning"]
    assert shared_runs("A dragon keeper looks after the dragons of a keep.", prints) == []
