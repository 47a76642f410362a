"""Resolving what people type into roles, on the project's own catalogue."""
from __future__ import annotations

import pytest

from bot.roles.repository import RoleRepository
from bot.roles.resolver import RoleNameIndex


@pytest.fixture(scope="module")
def index(catalogue_db_url: str) -> RoleNameIndex:
    return RoleNameIndex(RoleRepository(catalogue_db_url).name_entries())


@pytest.mark.parametrize(
    "typed, slug",
    [
        ("coo", "coo"),
        ("COO", "coo"),
        ("C.O.O.", "coo"),
        ("chief operating officer", "coo"),
        ("Chief Operating Officers", "coo"),
        ("cheif operating oficer", "coo"),
        ("the COO's", "coo"),
        ("coo role", "coo"),
        ("CEO", "ceo"),
        ("chief people officer", "chro"),
        ("chief financial oficer", "cfo"),
        ("programmer", "software-engineer"),
        ("sales reps", "sales-representative"),
        ("HR manager", "hr-manager"),
        ("human resources manager", "hr-manager"),
        ("data scientists", "data-scientist"),
        ("sofware engineer", "software-engineer"),
        ("recruiters", "recruiter"),
    ],
)
def test_mentions_resolve_to_one_role(index: RoleNameIndex, typed: str, slug: str) -> None:
    resolution = index.resolve(typed)

    assert resolution.role is not None, resolution
    assert resolution.role.slug == slug


def test_shared_abbreviation_is_ambiguous(index: RoleNameIndex) -> None:
    resolution = index.resolve("CPO")

    assert resolution.role is None and resolution.ambiguous
    assert {c.slug for c in resolution.candidates} >= {"chro", "chief-product-officer"}


@pytest.mark.parametrize(
    "typed", ["chief vibes officer", "chief snack officer", "dragon tamer", "", "   ", "' OR 1=1 --"]
)
def test_unknown_names_are_not_forced_onto_a_role(index: RoleNameIndex, typed: str) -> None:
    resolution = index.resolve(typed)

    assert resolution.role is None and not resolution.ambiguous
    assert len(resolution.candidates) <= 3


def test_close_unknown_names_get_suggestions_and_far_ones_none(index: RoleNameIndex) -> None:
    close = index.resolve("marketing director").candidates
    far = index.resolve("chief vibes officer").candidates

    assert close and all("Marketing" in c.title for c in close)
    assert far == ()  # sharing only "chief" and "officer" is no likeness


@pytest.mark.parametrize("typed, slug", [("devops", "devops-engineer"), ("scrum", "scrum-master"),
                                         ("product management", "product-manager")])
def test_a_distinctive_part_of_a_title_is_enough(index: RoleNameIndex, typed: str, slug: str) -> None:
    resolution = index.resolve(typed)

    assert resolution.role is not None and resolution.role.slug == slug


def test_role_names_are_found_inside_a_sentence(index: RoleNameIndex) -> None:
    mentions = index.find_mentions("What's the difference between a COO and the chief executive officer?")

    assert [m.roles[0].slug for m in mentions] == ["coo", "ceo"]
