"""Title resolution on titles the resolver never saw: precision first (the figures: docs/benchmarks.md)."""
from __future__ import annotations

import pytest

from bot.roles.occupations import CatalogueFiles, load_catalogue
from bot.training.checks import index_from_catalogue
from bot.training.titles import BLIND_SETS, POSTING_SETS, Tally, curated_names, held_out_titles, posting_titles, tally


@pytest.fixture(scope="module")
def entries():  # type: ignore[no-untyped-def]
    return load_catalogue(CatalogueFiles()).entries


def test_every_curated_name_and_abbreviation_still_finds_its_role(entries) -> None:  # type: ignore[no-untyped-def]
    result = tally(index_from_catalogue(entries), curated_names(entries))

    assert result.counts["wrong"] == 0 and result.counts["none"] == 0, result.misses
    # The rest are abbreviations two curated roles share on purpose (CPO, PM): asked, with the role offered.
    assert result.share("right") > 0.98


def test_held_out_onet_titles_are_rarely_answered_wrong(entries) -> None:  # type: ignore[no-untyped-def]
    kept, held = held_out_titles(entries, seed=7)
    result: Tally = tally(index_from_catalogue(kept), held)

    assert len(held) > 5000
    assert result.share("wrong") <= 0.03
    assert result.share("right") + result.share("offered") >= 0.75


def test_posting_titles_written_blind_are_rarely_answered_wrong(entries) -> None:  # type: ignore[no-untyped-def]
    result = tally(index_from_catalogue(entries), posting_titles())

    assert result.total == 100
    assert result.share("wrong") <= 0.03, result.misses
    assert result.share("right") + result.share("offered") >= 0.8


def test_all_posting_titles_together_are_rarely_answered_wrong_and_mostly_answered_or_offered(
        entries) -> None:  # type: ignore[no-untyped-def]
    titles = [title for path in POSTING_SETS.values() for title in posting_titles(path)]
    result = tally(index_from_catalogue(entries), titles)

    assert result.total >= 2000
    assert result.share("wrong") <= 0.03, result.misses
    assert result.share("right") + result.share("offered") >= 0.9, result.misses


# The blind sets (9 to 13) count in the line over all sets; on its own each is reported as measured
# (docs/benchmarks.md), since holding it to the line would mean tuning to it.
@pytest.mark.parametrize("name", [name for name in POSTING_SETS if name not in BLIND_SETS])
def test_every_set_of_posting_titles_is_rarely_answered_wrong_and_mostly_answered_or_offered(
        entries, name: str) -> None:  # type: ignore[no-untyped-def]
    result = tally(index_from_catalogue(entries), posting_titles(POSTING_SETS[name]))

    assert result.total >= 100
    assert result.share("wrong") <= 0.03, result.misses
    assert result.share("right") + result.share("offered") >= 0.9, result.misses
