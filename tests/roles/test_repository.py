"""The repository on SQLite and PostgreSQL: reporting lines, derived direct reports, all-or-nothing loads."""
from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from bot.roles.catalogue import read_catalogue
from bot.roles.db import RoleDatabaseError
from bot.roles.repository import RoleRepository
from tests.roles.tiny import tiny_catalogue, write_catalogue


@pytest.fixture
def tiny_repo(empty_db_url: str, tmp_path: Path) -> RoleRepository:
    repo = RoleRepository(empty_db_url)
    repo.replace_catalogue(read_catalogue(write_catalogue(tmp_path / "roles.yml", tiny_catalogue())))
    return repo


def test_direct_reports_are_derived_from_reports_to(tiny_repo: RoleRepository) -> None:
    ceo = tiny_repo.get("ceo")
    board = tiny_repo.get("board-of-directors")

    assert ceo is not None and board is not None
    assert [r.slug for r in ceo.direct_reports] == ["coo", "chro", "chief-product-officer"]
    assert ceo.reports_to_title == "Board of Directors"
    assert board.reports_to is None and board.reports_to_title == "Shareholders"


def test_shared_abbreviation_is_kept_on_both_roles(tiny_repo: RoleRepository) -> None:
    cpo_names = [(n.slug, n.kind) for n in tiny_repo.name_entries() if n.name == "CPO"]

    assert cpo_names == [("chro", "abbreviation"), ("chief-product-officer", "abbreviation")]


def test_a_load_that_fails_in_the_database_changes_nothing(tiny_repo: RoleRepository, tmp_path: Path) -> None:
    before = tiny_repo.list_roles()
    entries = read_catalogue(write_catalogue(tmp_path / "again.yml", tiny_catalogue()))
    # Entries that skipped validation: a change to the CEO, then a new role the database refuses (no title).
    broken = [dataclasses.replace(e, short_answer="changed") if e.slug == "ceo" else e for e in entries]
    broken.append(dataclasses.replace(entries[2], slug="coo-2", title=None, aliases=()))

    with pytest.raises(RoleDatabaseError):
        tiny_repo.replace_catalogue(broken)

    assert tiny_repo.list_roles() == before


def test_unreachable_database_is_one_clear_line() -> None:
    repo = RoleRepository("postgresql+psycopg2://nobody:secret@127.0.0.1:1/roles")

    with pytest.raises(RoleDatabaseError) as caught:
        repo.count()

    message = str(caught.value)
    assert "\n" not in message and "127.0.0.1:1" in message and "secret" not in message


def test_a_reader_sees_a_load_made_through_another_repository(tiny_repo: RoleRepository, tmp_path: Path) -> None:
    assert tiny_repo.get("coo").short_answer == "The Chief Operating Officer is a test role."  # type: ignore[union-attr]
    data = tiny_catalogue()
    data["roles"][2]["short_answer"] = "Changed by another process."

    RoleRepository(tiny_repo.url).replace_catalogue(read_catalogue(write_catalogue(tmp_path / "new.yml", data)))

    assert tiny_repo.get("coo").short_answer == "Changed by another process."  # type: ignore[union-attr]
