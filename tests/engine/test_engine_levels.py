"""Levels and scores from an estimate and its standard error."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quizengine.engine.levels import LEVEL_CUTS, LEVEL_NAMES, level_of_theta, level_report


@pytest.mark.parametrize(("theta", "level"), [
    (-3.0, 1), (-1.13, 1), (-1.125, 2), (-0.5, 2), (0.0, 3), (0.374, 3), (0.375, 4), (1.0, 4), (1.125, 5), (4.0, 5),
])
def test_cut_points(theta: float, level: int) -> None:
    assert level_of_theta(theta) == level


def test_each_level_is_centred_on_its_difficulty_label() -> None:
    # A person at the seeded b of label L (answers half of level-L questions) is at level L.
    assert [level_of_theta(b) for b in (-1.5, -0.75, 0.0, 0.75, 1.5)] == [1, 2, 3, 4, 5]
    assert len(LEVEL_CUTS) == len(LEVEL_NAMES) - 1


def test_report_names_the_level_and_gives_a_percentile_score() -> None:
    report = level_report(0.0, 0.3)
    assert (report.level, report.name, report.score) == (3, "Intermediate", 50)
    assert (report.score_low, report.score_high) == (28, 72)
    assert level_report(0.0, 0.0).score_low == level_report(0.0, 0.0).score_high == 50
    with pytest.raises(ValueError):
        level_report(float("nan"), 0.3)


@given(st.floats(-6, 6), st.floats(0, 3))
def test_interval_brackets_the_score_within_0_to_100(theta: float, se: float) -> None:
    report = level_report(theta, se)
    assert 0 <= report.score_low <= report.score <= report.score_high <= 100
    assert report.name == LEVEL_NAMES[report.level - 1]


@given(st.floats(-6, 6), st.floats(-6, 6))
def test_higher_estimates_never_get_lower_levels_or_scores(x: float, y: float) -> None:
    low, high = sorted((x, y))
    assert level_report(low, 0.3).level <= level_report(high, 0.3).level
    assert level_report(low, 0.3).score <= level_report(high, 0.3).score
