"""Near-duplicate stems: word-trigram Jaccard similarity, found through an inverted index so only pairs that
share a trigram are compared (451 shipped stems take milliseconds, not the 100,000 pairs of a full scan)."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence

SIMILARITY = 0.6  # share of distinct word trigrams two stems have in common (the shipped-content gate's value)


def _words(text: str) -> list[str]:
    words: list[str] = []
    current: list[str] = []
    for char in text.lower():
        if char.isalnum() or char == "_":
            current.append(char)
        elif current:
            words.append("".join(current))
            current = []
    if current:
        words.append("".join(current))
    return words


def shingles(text: str) -> set[tuple[str, ...]]:
    words = _words(text)
    return {tuple(words[i:i + 3]) for i in range(max(1, len(words) - 2))} if words else set()


def near_duplicates(stems: Sequence[str], threshold: float = SIMILARITY) -> list[tuple[int, int, float]]:
    """(i, j, similarity) for every pair of stems more similar than `threshold`, i < j."""
    sets = [shingles(stem) for stem in stems]
    index: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for number, shingle_set in enumerate(sets):
        for shingle in shingle_set:
            index[shingle].append(number)
    pairs: list[tuple[int, int, float]] = []
    for number, shingle_set in enumerate(sets):
        shared: Counter[int] = Counter()
        for shingle in shingle_set:
            for other in index[shingle]:
                if other > number:
                    shared[other] += 1
        for other, count in shared.items():
            similarity = count / (len(shingle_set) + len(sets[other]) - count)
            if similarity > threshold:
                pairs.append((number, other, similarity))
    return sorted(pairs)
