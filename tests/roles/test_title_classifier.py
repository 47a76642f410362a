"""The second opinion on titles no name matches (bot/roles/title_classifier.py), on made-up names."""
from __future__ import annotations

from bot.roles.title_classifier import TitleClassifier

# Two made-up farm jobs share "farm hand"; their other names tell them apart by what they tend.
NAMES = [
    (("farm", "hand"), "herd-farmer"),
    (("farm", "hand"), "field-farmer"),
    (("dairy", "farm", "worker"), "herd-farmer"),
    (("cattle", "herder"), "herd-farmer"),
    (("dairy", "hand"), "herd-farmer"),
    (("milker",), "herd-farmer"),
    (("crop", "farm", "worker"), "field-farmer"),
    (("fruit", "picker"), "field-farmer"),
    (("harvest", "hand"), "field-farmer"),
    (("pastry", "cook"), "baker"),
]


def test_the_words_that_tell_two_roles_apart_decide_a_title_neither_lists() -> None:
    classifier = TitleClassifier(NAMES)
    dairy = classifier.verdict(("dairy", "farm", "hand"))
    crop = classifier.verdict(("crop", "farm", "hand"))
    assert dairy is not None and dairy.slug == "herd-farmer" and dairy.margin > 0
    assert crop is not None and crop.slug == "field-farmer" and crop.margin > 0


def test_a_title_with_no_known_word_has_no_verdict() -> None:
    assert TitleClassifier(NAMES).verdict(("chief", "vibes", "officer")) is None


def test_the_same_names_train_the_same_classifier() -> None:
    first, second = TitleClassifier(NAMES).verdict(("dairy", "hand")), TitleClassifier(NAMES).verdict(("dairy", "hand"))
    assert first == second


def test_a_catalogue_of_one_role_or_none_still_builds() -> None:
    assert TitleClassifier([(("baker",), "baker")]).verdict(("baker",)) is None
    assert TitleClassifier([]).verdict(("baker",)) is None
