"""The loader: a good file loads idempotently; each kind of bad file is refused and changes nothing."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from bot.config import DEFAULT_CATALOGUE
from bot.roles.catalogue import CatalogueError, read_catalogue
from bot.roles.repository import RoleRepository
from tests.roles.tiny import tiny_catalogue, write_catalogue


def test_good_catalogue_loads_and_reloading_changes_nothing(empty_db_url: str, tmp_path: Path) -> None:
    repo = RoleRepository(empty_db_url)
    entries = read_catalogue(write_catalogue(tmp_path / "roles.yml", tiny_catalogue()))

    first = repo.replace_catalogue(entries)
    second = repo.replace_catalogue(entries)

    assert len(first.added) == 5 and not first.updated
    assert not second.added and not second.updated and not second.removed and len(second.unchanged) == 5
    coo = repo.get("coo")
    assert coo is not None and coo.reports_to_title == "Chief Executive Officer"
    assert [r.title for r in coo.related] == ["Chief Executive Officer"]


def test_reload_updates_changed_roles_and_removes_dropped_ones(empty_db_url: str, tmp_path: Path) -> None:
    repo = RoleRepository(empty_db_url)
    data = tiny_catalogue()
    repo.replace_catalogue(read_catalogue(write_catalogue(tmp_path / "a.yml", data)))
    data["roles"][2]["short_answer"] = "The Chief Operating Officer runs operations."
    data["roles"][2]["aliases"] = ["ops chief"]
    del data["roles"][4]

    summary = repo.replace_catalogue(read_catalogue(write_catalogue(tmp_path / "b.yml", data)))

    assert summary.updated == ("coo",) and summary.removed == ("chief-product-officer",)
    coo = repo.get("coo")
    assert coo is not None and coo.short_answer == "The Chief Operating Officer runs operations."
    assert coo.aliases == ("ops chief",)
    assert repo.get("chief-product-officer") is None


def _set(index: int, key: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        data["roles"][index][key] = value

    return change


def _drop(index: int, key: str) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        del data["roles"][index][key]

    return change


def _every(key: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        for role in data["roles"]:
            role[key] = value

    return change


BAD_FILES = {
    "no title": (_drop(2, "title"), "entry 'coo': missing 'title'"),
    "unknown reports_to": (_set(2, "reports_to", "cto"), "entry 'coo': 'reports_to' names an unknown role 'cto'"),
    "cycle": (_set(1, "reports_to", "coo"), "'reports_to' forms a cycle"),
    "same alias on two roles": (
        _set(1, "aliases", ["Operations Chief"]),
        "alias 'operations chief' also belongs to 'ceo'",
    ),
    "wrong type": (_set(2, "skills", "everything"), "entry 'coo': 'skills' must be a list of non-empty texts"),
    "too few responsibilities": (_set(2, "responsibilities", ["Lead"]), "'responsibilities' needs at least 4"),
    "unknown field": (_set(2, "salary", 10), "entry 'coo': unknown field 'salary'"),
    "example not a yes or no": (_set(2, "example", "yes"), "entry 'coo': 'example' must be true or false, got 'yes'"),
    "four examples": (_every("example", True), "'example' is true for 5 roles; at most 3 are shown"),
}


@pytest.mark.parametrize("fault", BAD_FILES, ids=list(BAD_FILES))
def test_bad_catalogue_is_refused_with_file_entry_and_problem(fault: str, tmp_path: Path) -> None:
    change, message = BAD_FILES[fault]
    data = tiny_catalogue()
    change(data)
    path = write_catalogue(tmp_path / "bad.yml", data)

    with pytest.raises(CatalogueError) as caught:
        read_catalogue(path)

    assert any(message in p and p.startswith(f"{path}:") for p in caught.value.problems), caught.value.problems


def test_yaml_syntax_error_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.yml"
    path.write_text("roles:\n  - slug: coo\n    title: [unclosed\n", encoding="utf-8")

    with pytest.raises(CatalogueError) as caught:
        read_catalogue(path)

    assert caught.value.problems[0].startswith(f"{path}:")
    assert "YAML syntax error" in caught.value.problems[0]


def test_the_project_catalogue_is_valid_and_complete() -> None:
    entries = read_catalogue(DEFAULT_CATALOGUE)
    slugs = {e.slug for e in entries}
    assert len(entries) >= 60
    required = {
        "ceo", "coo", "cfo", "cto", "cio", "cmo", "chro", "chief-product-officer", "ciso", "chief-data-officer",
        "chief-revenue-officer", "general-counsel", "board-of-directors", "chairperson", "general-manager",
        "managing-director", "vp-operations", "operations-manager", "product-manager", "project-manager",
        "program-manager", "engineering-manager", "hr-manager", "recruiter", "marketing-manager", "sales-manager",
        "finance-manager", "financial-controller", "accountant", "financial-analyst", "business-analyst",
        "data-analyst", "data-scientist", "software-engineer", "devops-engineer", "qa-engineer", "ux-designer",
        "graphic-designer", "customer-success-manager", "account-manager", "sales-representative",
        "customer-service-representative", "office-manager", "executive-assistant", "administrative-assistant",
        "supply-chain-manager", "procurement-manager", "logistics-coordinator", "content-writer",
    }
    assert required <= slugs, required - slugs


def test_the_coo_entry_carries_the_source_articles_facts() -> None:
    coo = next(e for e in read_catalogue(DEFAULT_CATALOGUE) if e.slug == "coo")
    text = " ".join([coo.short_answer, coo.details, *coo.responsibilities]).lower()
    for fact in [
        "housekeeper", "daily operations", "ceo", "long-term strategy", "general managers", "rules and regulations",
        "annual work plan", "work procedures", "research reports", "forecast", "between departments",
        "performance-assessment", "monthly assessment scores", "operating system", "investment budget",
        "information-technology", "work reports", "direct subordinates",
    ]:
        assert fact in text, fact
    assert coo.reports_to == "ceo"
