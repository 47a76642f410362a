"""A second opinion on a title no name matches: a linear classifier trained on every role's names.

The ranking (ranking.py) orders roles well but is a poor judge of when its best is clearly right: a word's
weight there is only how much of the word's use a role holds. A linear support vector machine trained for each
role against the others, on the same features, learns which words tell roles apart, and how far its best role
is ahead of the next says when a title is clearly that role. Each role is trained only against the names that
share a feature with its own (no other name can be confused with it), so the whole catalogue trains in seconds
when the name index is built, in child processes; nothing trained is stored. Measured in docs/benchmarks.md
("a second opinion").
"""
from __future__ import annotations

import ctypes
import math
import pickle
import subprocess
import sys
import tempfile
import warnings
from array import array
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bot.roles.ranking import title_features

Arrays = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]

# The machine's regularisation and tolerance (1e-2 trains about a fifth faster than the default, same verdicts).
REGULARISATION = 0.5
TOLERANCE = 1e-2
# Weights closer to zero than this are dropped: they never change which role is ahead, and keeping them would
# take tens of times the memory.
SMALLEST_WEIGHT = 0.02
# Child processes that train the roles between them.
SHARES = 2


@dataclass(frozen=True)
class Verdict:
    slug: str
    score: float
    margin: float  # how far the best role is ahead of the second


class TitleClassifier:
    """One linear classifier per role over title features; built from (words, slug) pairs like the ranking."""

    def __init__(self, names: Iterable[tuple[tuple[str, ...], str]], features: Iterable[str] = ()):
        """`features`: the names' features as the ranking already holds them, so the strings are not kept twice."""
        self._slugs: list[str] = []
        slug_ids: dict[str, int] = {}
        feature_ids: dict[str, int] = {feature: i for i, feature in enumerate(features)}
        # Typed arrays, not lists: half a million boxed numbers would stay in the server's memory after use.
        rows, columns, values, labels = array("i"), array("i"), array("f"), array("i")
        for row, (words, slug) in enumerate(names):
            labels.append(slug_ids.setdefault(slug, len(slug_ids)))
            if labels[-1] == len(self._slugs):
                self._slugs.append(slug)
            for feature, value in title_features(words).items():
                rows.append(row)
                columns.append(feature_ids.setdefault(feature, len(feature_ids)))
                values.append(value)
        self._feature_ids = feature_ids
        shape = (len(labels), len(feature_ids))
        features, self._roles, self._weights, self._bias = _trained_apart(
            (np.frombuffer(rows, np.int32), np.frombuffer(columns, np.int32), np.frombuffer(values, np.float32),
             np.frombuffer(labels, np.int32), shape))
        self._roles = self._roles.astype(np.int16 if len(self._slugs) < 2**15 else np.int32)
        _give_back_freed_memory()
        self._bounds = np.searchsorted(features, np.arange(len(feature_ids) + 1))

    def verdict(self, words: tuple[str, ...]) -> Verdict | None:
        """The best role for a title with its score and lead over the second; None when no word is known."""
        scores = self._bias.copy()
        touched = False
        for feature, value in title_features(words).items():
            column = self._feature_ids.get(feature)
            if column is not None:
                start, end = self._bounds[column], self._bounds[column + 1]
                scores[self._roles[start:end]] += value * self._weights[start:end]
                touched = True
        if not touched or len(scores) < 2:
            return None
        second, first = np.argpartition(scores, len(scores) - 2)[-2:]
        if scores[second] > scores[first]:
            first, second = second, first
        if not math.isfinite(scores[first]):
            return None
        lead = scores[first] - scores[second] if math.isfinite(scores[second]) else math.inf
        return Verdict(self._slugs[first], float(scores[first]), float(lead))


def _trained_apart(problem: tuple) -> Arrays:
    """Trains in child processes, one per share of the roles: the learning library takes 45 MB the assistant
    would keep for nothing, and the shares train on two cores at once (the index builds while Rasa loads)."""
    payload = pickle.dumps(problem)
    parts = []
    with tempfile.TemporaryFile() as errors:
        children = [subprocess.Popen([sys.executable, "-m", __name__, str(share), str(SHARES)], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=errors, cwd=Path(__file__).resolve().parents[2])
                    for share in range(SHARES)]
        for child in children:  # each reads the whole problem before it trains
            child.stdin.write(payload)
            child.stdin.close()
        for child in children:
            out = child.stdout.read()
            if child.wait() != 0:
                errors.seek(0)
                last = (errors.read().decode(errors="replace").strip().splitlines() or ["no message"])[-1]
                raise RuntimeError(f"training the title classifier failed: {last}")
            parts.append(pickle.loads(out))  # noqa: S301 - our own child's answer
    features = np.concatenate([part[0] for part in parts])
    order = np.argsort(features, kind="stable")
    bias = np.max([part[3] for part in parts], axis=0) if parts[0][3].size else parts[0][3]
    return (features[order], np.concatenate([part[1] for part in parts])[order],
            np.concatenate([part[2] for part in parts])[order], bias)


def _give_back_freed_memory() -> None:
    """The training's answers pass through tens of megabytes the C allocator would otherwise keep (glibc only)."""
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass


def train(problem: tuple, share: int = 0, shares: int = 1) -> Arrays:
    """Features, roles and weights of every kept cell (sorted by feature), and each role's bias (-inf untrained),
    for every `shares`-th role from `share`."""
    from scipy import sparse
    from sklearn.svm import LinearSVC

    rows, columns, values, labels, shape = problem
    matrix = sparse.csr_matrix((values, (rows, columns)), shape=shape)
    by_column = matrix.tocsc()
    roles = int(labels.max()) + 1 if len(labels) else 0
    bias = np.full(roles, -math.inf)
    cells: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = [
        (np.zeros(0, np.int64), np.zeros(0, np.int32), np.zeros(0, np.float32))]
    for role in range(share, roles, shares):
        own = np.flatnonzero(labels == role)
        features = np.unique(matrix[own].indices)
        near = np.unique(np.concatenate([own] + [by_column.indices[by_column.indptr[f]:by_column.indptr[f + 1]]
                                                 for f in features]))
        near_labels = (labels[near] == role).astype(np.int8)
        if near_labels.min() == near_labels.max():
            continue  # no other name shares a word with this role's: the ranking alone decides there
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # a looser tolerance on purpose: see TOLERANCE
            machine = LinearSVC(C=REGULARISATION, tol=TOLERANCE, random_state=0).fit(matrix[near], near_labels)
        weights = machine.coef_[0]
        kept = np.flatnonzero(np.abs(weights) >= SMALLEST_WEIGHT)
        cells.append((kept, np.full(len(kept), role, np.int32), weights[kept].astype(np.float32)))
        bias[role] = machine.intercept_[0]
    features = np.concatenate([c[0] for c in cells])
    order = np.argsort(features, kind="stable")
    return (features[order], np.concatenate([c[1] for c in cells])[order],
            np.concatenate([c[2] for c in cells])[order], bias)


if __name__ == "__main__":
    problem = pickle.loads(sys.stdin.buffer.read())  # noqa: S301 - from the process that started this one
    sys.stdout.buffer.write(pickle.dumps(train(problem, int(sys.argv[1]), int(sys.argv[2]))))
