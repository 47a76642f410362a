"""Ranking every role against a title nobody wrote down, head noun first.

Most job-posting titles are new combinations of known words ("Bakery Production Supervisor"). Each role's
names are one bag of words; a word counts for a role by how much of that word's use the role holds (a
complement naive Bayes weight, kept sparse), so "bakery" points at bakers and "supervisor" at supervisors.
Only roles with a name of the same head noun compete when any has one. The caller decides from the scores
whether the best is clearly ahead; measured in `make evaluate` (docs/benchmarks.md).
"""
from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from bot.roles.names import STOP_WORDS, head_noun

SMOOTHING = 0.3


def title_features(words: tuple[str, ...]) -> dict[str, float]:
    """Words, pairs of neighbouring words and the head noun of a title, as weighted features."""
    content = [w for w in words if w not in STOP_WORDS]
    features: dict[str, float] = defaultdict(float)
    for word in content:
        features["w:" + word] += 1.0
    for first, second in zip(content, content[1:], strict=False):
        features[f"b:{first}_{second}"] += 1.0
    head = head_noun(words)
    if head:
        features["h:" + head] += 1.0
    return features


@dataclass(frozen=True)
class Ranked:
    slug: str
    score: float


class TitleRanker:
    """Scores every role for a title; built once per catalogue snapshot (about a second for 60,000 names)."""

    def __init__(self, names: Iterable[tuple[tuple[str, ...], str]]):
        self._slugs: list[str] = []
        slug_ids: dict[str, int] = {}
        feature_ids: dict[str, int] = {}
        by_head: dict[str, set[int]] = defaultdict(set)
        features, roles, values = [], [], []
        for words, slug in names:
            role = slug_ids.get(slug)
            if role is None:
                role = slug_ids[slug] = len(self._slugs)
                self._slugs.append(slug)
            for feature, value in title_features(words).items():
                features.append(feature_ids.setdefault(feature, len(feature_ids)))
                roles.append(role)
                values.append(value)
            head = head_noun(words)
            if head:
                by_head[head].add(role)
        # One (feature, role) cell per pair, summed; then per feature, each role's share of its use.
        feature_array = np.asarray(features, dtype=np.int64)
        keys = feature_array * max(len(self._slugs), 1) + np.asarray(roles, dtype=np.int64)
        cells, inverse = np.unique(keys, return_inverse=True)
        counts = np.bincount(inverse, weights=np.asarray(values, dtype=np.float64))
        cell_features = cells // max(len(self._slugs), 1)
        totals = np.bincount(cell_features, weights=counts, minlength=len(feature_ids))
        self._roles = (cells % max(len(self._slugs), 1)).astype(np.int32)
        self._weights = (-np.log1p(-counts / (totals[cell_features] + SMOOTHING))).astype(np.float32)
        bounds = np.searchsorted(cell_features, np.arange(len(feature_ids) + 1))
        self._postings = {feature: (int(bounds[i]), int(bounds[i + 1])) for feature, i in feature_ids.items()}
        self._by_head = {head: np.fromiter(sorted(roles), dtype=np.int32) for head, roles in by_head.items()}

    def rank(self, words: tuple[str, ...], limit: int = 5) -> list[Ranked]:
        """The best roles for a title, best first; only roles sharing its head noun when any does."""
        scores = np.zeros(len(self._slugs), dtype=np.float64)
        touched = False
        for feature, value in title_features(words).items():
            posting = self._postings.get(feature)
            if posting is not None:
                start, end = posting
                scores[self._roles[start:end]] += value * self._weights[start:end]
                touched = True
        if not touched:
            return []
        head = head_noun(words)
        allowed = self._by_head.get(head) if head else None
        if allowed is not None:
            masked = np.full_like(scores, -math.inf)
            masked[allowed] = scores[allowed]
            scores = masked
        count = min(limit, len(scores))
        best = np.argpartition(-scores, count - 1)[:count]
        best = best[np.argsort(-scores[best], kind="stable")]
        return [Ranked(self._slugs[i], float(scores[i])) for i in best if scores[i] > 0]

    def features(self) -> list[str]:
        """Every feature of the names, for a model over the same features to share (not copy) the strings."""
        return list(self._postings)

    def knows_head(self, words: tuple[str, ...]) -> bool:
        head = head_noun(words)
        return head is not None and head in self._by_head
