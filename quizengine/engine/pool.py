"""An item pool as arrays, built once and shared by every session (and every simulated taker)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from quizengine.engine.irt import FloatArray
from quizengine.engine.items import ItemParams

IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True, eq=False)
class ItemPool:
    """Items in a fixed order with their parameters as arrays; sessions refer to items by position."""

    items: tuple[ItemParams, ...]
    a: FloatArray
    b: FloatArray
    c: FloatArray
    topic_codes: IntArray  # topics numbered 0.. in order of first appearance
    topic_count: int
    by_area: dict[str, IntArray]  # positions of each area's items
    position: dict[str, int]  # item id -> position

    @classmethod
    def build(cls, items: Sequence[ItemParams]) -> ItemPool:
        position: dict[str, int] = {}
        for index, item in enumerate(items):
            if item.id in position:
                raise ValueError(f"item id {item.id!r} appears twice in the pool")
            position[item.id] = index
        topic_numbers: dict[str, int] = {}
        topic_codes = np.array([topic_numbers.setdefault(item.topic, len(topic_numbers)) for item in items],
                               dtype=np.int64)
        area_lists: dict[str, list[int]] = {}
        for index, item in enumerate(items):
            area_lists.setdefault(item.area, []).append(index)
        return cls(
            items=tuple(items),
            a=np.array([item.a for item in items], dtype=np.float64),
            b=np.array([item.b for item in items], dtype=np.float64),
            c=np.array([item.c for item in items], dtype=np.float64),
            topic_codes=topic_codes,
            topic_count=len(topic_numbers),
            by_area={area: np.array(indices, dtype=np.int64) for area, indices in area_lists.items()},
            position=position,
        )

    def __len__(self) -> int:
        return len(self.items)

    def area_items(self, area: str) -> IntArray:
        return self.by_area.get(area, np.zeros(0, dtype=np.int64))
