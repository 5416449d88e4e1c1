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
class AreaItems:
    """One area's items as contiguous arrays (selection scans these without gathering)."""

    positions: IntArray  # pool positions, ascending
    a: FloatArray
    b: FloatArray
    c: FloatArray
    topic_codes: IntArray  # topics numbered 0.. within the pool


_EMPTY_AREA = AreaItems(*(np.zeros(0, dtype=dtype) for dtype in (np.int64, float, float, float, np.int64)))


@dataclass(frozen=True, eq=False)
class ItemPool:
    """Items in a fixed order with their parameters as arrays; sessions refer to items by position."""

    items: tuple[ItemParams, ...]
    a: FloatArray
    b: FloatArray
    c: FloatArray
    topic_codes: IntArray
    topic_count: int
    areas: dict[str, AreaItems]
    position: dict[str, int]  # item id -> position
    slot: IntArray  # position -> index within its area's arrays

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
        a = np.array([item.a for item in items], dtype=np.float64)
        b = np.array([item.b for item in items], dtype=np.float64)
        c = np.array([item.c for item in items], dtype=np.float64)
        area_lists: dict[str, list[int]] = {}
        slot = np.zeros(len(items), dtype=np.int64)
        for index, item in enumerate(items):
            members = area_lists.setdefault(item.area, [])
            slot[index] = len(members)
            members.append(index)
        areas = {}
        for area, members in area_lists.items():
            chosen = np.array(members, dtype=np.int64)
            areas[area] = AreaItems(chosen, a[chosen], b[chosen], c[chosen], topic_codes[chosen])
        return cls(tuple(items), a, b, c, topic_codes, len(topic_numbers), areas, position, slot)

    def __len__(self) -> int:
        return len(self.items)

    def area(self, area: str) -> AreaItems:
        return self.areas.get(area, _EMPTY_AREA)
