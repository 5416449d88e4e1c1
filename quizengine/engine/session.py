"""One adaptive attempt: pick the next question, record answers, keep per-area estimates, decide when to stop.

The state depends only on (pool, config, seed, recently seen, answers so far): the random draw for the k-th
question is seeded by (seed, k), never by a shared stream, so `replay` rebuilds a live session exactly.
"""

from __future__ import annotations

import copy
import random
from collections.abc import Collection, Sequence
from dataclasses import dataclass

import numpy as np

from quizengine.engine.config import SessionConfig
from quizengine.engine.estimation import (
    borrowed_means,
    borrowed_priors,
    likelihood_summaries,
    normal_log_density,
    posterior_moments,
)
from quizengine.engine.irt import GRID_POINTS, response_log_likelihood
from quizengine.engine.items import ItemParams
from quizengine.engine.levels import probability_at_or_above
from quizengine.engine.pool import ItemPool
from quizengine.engine.selection import choose_item, selection_reason
from quizengine.engine.stopping import decided, verdict_reachable

# Why an area stopped asking questions.
DECIDED, PRECISE, LIMIT, EXHAUSTED, CLOSE_CALL = "decided", "precise", "limit", "exhausted", "close call"


@dataclass(frozen=True)
class Selection:
    item_id: str
    area: str
    reason: str


@dataclass(frozen=True)
class AreaEstimate:
    """An area's estimate from its own evidence (the profile prior and this attempt's answers), never from other
    areas: the prior borrowed from them only aims the first questions."""

    area: str
    theta: float
    se: float
    n_items: int
    done: bool
    cut: float | None = None  # the target level's cut point, if the area has a target
    chance_at_or_above: float | None = None  # P(theta >= cut), if it has one


class AdaptiveSession:
    """An attempt in progress. `items` may be a prebuilt ItemPool, to share its set-up between sessions."""

    def __init__(
        self,
        items: Sequence[ItemParams] | ItemPool,
        config: SessionConfig,
        seed: int,
        recently_seen: Collection[str] = (),
    ) -> None:
        self._pool = items if isinstance(items, ItemPool) else ItemPool.build(items)
        self._config = config
        self._seed = seed
        self._rule = config.stopping_rule
        self._cap = config.total_cap
        areas = config.areas
        self._area_index = {area: k for k, area in enumerate(areas)}
        self._area_items = [self._pool.area(area) for area in areas]
        # Per area: items not asked yet, and among them those not seen in recent attempts.
        self._unasked = [np.ones(len(items_of.positions), dtype=bool) for items_of in self._area_items]
        self._fresh = [mask.copy() for mask in self._unasked]
        for item_id in recently_seen:
            position = self._pool.position.get(item_id)
            area_k = None if position is None else self._area_index.get(self._pool.items[position].area)
            if position is not None and area_k is not None:
                self._fresh[area_k][self._pool.slot[position]] = False
        self._fresh_count = [int(np.count_nonzero(mask)) for mask in self._fresh]
        self._log_likelihood = np.zeros((len(areas), GRID_POINTS))
        priors = [config.priors.get(area, (0.0, 1.0)) for area in areas]
        self._own_prior = normal_log_density(np.array([m for m, _ in priors]), np.array([sd for _, sd in priors]))
        self._has_profile = np.array([area in config.priors for area in areas])
        self._cuts = [config.cuts.get(area) for area in areas]
        self._correlations = (None if config.area_correlations is None
                              else np.asarray(config.area_correlations, dtype=np.float64))
        self._aim = np.zeros(len(areas))
        self._n_items = np.zeros(len(areas), dtype=np.int64)
        self._topic_counts = np.zeros((len(areas), max(self._pool.topic_count, 1)), dtype=np.int64)
        self._theta = np.zeros(len(areas))
        self._se = np.ones(len(areas))
        self._done_reason: list[str | None] = [None] * len(areas)
        self._answered: list[tuple[str, bool]] = []
        self._pending: Selection | None = None
        self._pending_position = -1
        self._stop_reason: str | None = None
        self._refresh_estimates()
        self._update_progress()

    @classmethod
    def replay(
        cls,
        items: Sequence[ItemParams] | ItemPool,
        config: SessionConfig,
        seed: int,
        responses: Sequence[tuple[str, bool]],
        recently_seen: Collection[str] = (),
    ) -> AdaptiveSession:
        """Rebuild a session from stored answers; its next_item() is what the live session would ask next."""
        session = cls(items, config, seed, recently_seen)
        for item_id, correct in responses:
            position = session._pool.position.get(item_id)
            if position is None:
                raise ValueError(f"stored answer to {item_id!r}, which is not in the item pool")
            session._apply(position, correct)
        return session

    def copy(self) -> AdaptiveSession:
        """An independent copy: the answer path computes the next state on a copy and keeps it only once the
        answer is stored, so a failed write leaves the live session untouched."""
        twin = copy.copy(self)  # shares the pool, config and per-area item arrays, which never change
        twin._unasked = [mask.copy() for mask in self._unasked]
        twin._fresh = [mask.copy() for mask in self._fresh]
        twin._fresh_count = list(self._fresh_count)
        twin._log_likelihood = self._log_likelihood.copy()
        twin._n_items = self._n_items.copy()
        twin._topic_counts = self._topic_counts.copy()
        twin._theta = self._theta.copy()
        twin._aim = self._aim.copy()
        twin._se = self._se.copy()
        twin._done_reason = list(self._done_reason)
        twin._answered = list(self._answered)
        return twin

    # --- public API ---------------------------------------------------------------------------------

    def next_item(self) -> Selection | None:
        if self._pending is not None or self._stop_reason is not None:
            return self._pending
        open_areas = [k for k, reason in enumerate(self._done_reason) if reason is None]
        area_k = max(open_areas, key=lambda k: (float(self._se[k]), -k))  # least precise, then display order
        area_items = self._area_items[area_k]
        allowed = self._fresh[area_k] if self._fresh_count[area_k] else self._unasked[area_k]
        rng = random.Random(f"{self._seed}:{len(self._answered)}")
        cut = self._cuts[area_k]
        # Classification aims at the cut, where the answers best tell "meets" from "below" (Eggen 1999).
        aim = float(self._aim[area_k]) if cut is None else cut
        slot = choose_item(area_items, allowed, aim, self._topic_counts[area_k], self._config.selection,
                           self._config.top_k, rng)
        position = int(area_items.positions[slot])
        item = self._pool.items[position]
        area = self._config.areas[area_k]
        topic_asked = self._topic_counts[area_k, self._pool.topic_codes[position]] > 0
        new_topic = bool(self._n_items[area_k] > 0 and not topic_asked)
        area_note = None
        if len(open_areas) > 1:
            area_note = "least precise area so far"
        elif len(self._config.areas) > 1:
            area_note = "the one area still being measured"
        reason = selection_reason(self._config.title(area), area_note, self._config.selection, item.b, aim,
                                  new_topic, at_cut=cut is not None)
        self._pending = Selection(item.id, area, reason)
        self._pending_position = position
        return self._pending

    def record(self, item_id: str, correct: bool) -> None:
        pending = self.next_item()
        if pending is None:
            raise ValueError("the attempt is finished; no answer is expected")
        if item_id != pending.item_id:
            raise ValueError(f"expected an answer to {pending.item_id!r}, got {item_id!r}")
        self._apply(self._pending_position, correct)

    @property
    def estimates(self) -> dict[str, AreaEstimate]:
        return {area: self._estimate(k) for k, area in enumerate(self._config.areas)}

    def _estimate(self, k: int) -> AreaEstimate:
        theta, se, cut = float(self._theta[k]), float(self._se[k]), self._cuts[k]
        chance = None if cut is None else probability_at_or_above(theta, se, cut)
        return AreaEstimate(self._config.areas[k], theta, se, int(self._n_items[k]),
                            self._done_reason[k] is not None, cut, chance)

    @property
    def finished(self) -> bool:
        return self._stop_reason is not None

    @property
    def stop_reason(self) -> str | None:
        return self._stop_reason

    @property
    def answered(self) -> list[tuple[str, bool]]:
        return list(self._answered)

    @property
    def config(self) -> SessionConfig:
        return self._config

    # --- state updates ------------------------------------------------------------------------------

    def _apply(self, position: int, correct: bool) -> None:
        item = self._pool.items[position]
        area_k = self._area_index.get(item.area)
        if area_k is None:
            raise ValueError(f"{item.id!r} belongs to area {item.area!r}, which this attempt does not assess")
        slot = self._pool.slot[position]
        if not self._unasked[area_k][slot]:
            raise ValueError(f"{item.id!r} was already answered in this attempt")
        self._unasked[area_k][slot] = False
        if self._fresh[area_k][slot]:
            self._fresh[area_k][slot] = False
            self._fresh_count[area_k] -= 1
        self._log_likelihood[area_k] += response_log_likelihood(correct, item.a, item.b, item.c)
        self._n_items[area_k] += 1
        self._topic_counts[area_k, self._pool.topic_codes[position]] += 1
        self._answered.append((item.id, correct))
        self._pending = None
        self._refresh_estimates()
        self._update_progress()

    def _refresh_estimates(self) -> None:
        self._theta, self._se = posterior_moments(self._log_likelihood + self._own_prior)
        self._aim = self._theta.copy()
        config = self._config
        blind = (self._n_items == 0) & ~self._has_profile
        borrows = self._correlations is not None or config.area_correlation > 0.0
        if borrows and len(config.areas) > 1 and blind.any():
            # An area with no evidence yet starts where the other areas suggest (shorter tests, same verdicts).
            centres, precisions = likelihood_summaries(self._log_likelihood, self._n_items > 0)
            if self._correlations is not None:
                borrowed_mean = borrowed_means(centres, precisions, self._correlations, blind)
            else:  # one correlation for every pair: the closed form
                borrowed_mean, _ = borrowed_priors(centres, precisions, config.area_correlation)
            self._aim = np.where(blind, borrowed_mean, self._theta)

    def _update_progress(self) -> None:
        """Close areas that met their rule (closing is final) and finish the attempt when nothing is left."""
        rule = self._rule
        for k, reason in enumerate(self._done_reason):
            if reason is not None:
                continue
            n, cut = int(self._n_items[k]), self._cuts[k]
            limit = rule.limit(cut is not None)
            theta, se = float(self._theta[k]), float(self._se[k])
            if rule.decide and cut is not None and n >= rule.min_items and decided(theta, se, cut):
                self._done_reason[k] = DECIDED
            elif rule.target_se is not None and n >= rule.min_items and self._se[k] <= rule.target_se:
                self._done_reason[k] = PRECISE
            elif n >= len(self._area_items[k].positions):
                self._done_reason[k] = EXHAUSTED
            elif limit is not None and n >= limit:
                self._done_reason[k] = LIMIT
            elif (rule.decide and cut is not None and limit is not None and n >= rule.min_items
                  and not self._reachable(k, theta, se, cut, limit - n)):
                self._done_reason[k] = CLOSE_CALL
        if self._cap is not None and len(self._answered) >= self._cap:
            self._stop_reason = self._cap_reason()
        elif all(reason is not None for reason in self._done_reason):
            self._stop_reason = self._all_done_reason()

    def _reachable(self, k: int, theta: float, se: float, cut: float, remaining: int) -> bool:
        area, unasked = self._area_items[k], self._unasked[k]
        return verdict_reachable(theta, se, cut, area.a[unasked], area.b[unasked], area.c[unasked], remaining)

    def _cap_reason(self) -> str:
        if self._config.mode == "practice" and self._cap == self._config.practice_items:
            return f"practice set complete ({self._cap} questions)"
        return f"question limit for this attempt reached ({self._cap} questions)"

    def _all_done_reason(self) -> str:
        def titles(kind: str) -> str:
            return ", ".join(self._config.title(area) for area, reason
                             in zip(self._config.areas, self._done_reason, strict=True) if reason == kind)

        if not self._answered:
            return f"no questions available for {titles(EXHAUSTED)}"
        if all(reason in (PRECISE, DECIDED) for reason in self._done_reason):
            if all(reason == DECIDED for reason in self._done_reason):
                return "every area's verdict is clear" if len(self._config.areas) > 1 else "the verdict is clear"
            return "all areas measured well enough" if len(self._config.areas) > 1 else "measured well enough"
        notes = []
        if any(reason == LIMIT for reason in self._done_reason):
            notes.append(f"{titles(LIMIT)} reached the question limit")
        if any(reason == CLOSE_CALL for reason in self._done_reason):
            notes.append(f"{titles(CLOSE_CALL)} too close to your target to call within the question limit")
        if any(reason == EXHAUSTED for reason in self._done_reason):
            notes.append(f"ran out of unseen questions in {titles(EXHAUSTED)}")
        return "all areas done: " + "; ".join(notes)
