"""Study plans on the shipped catalogue: topic match first, level fit, size against the gap, no closed offerings."""

from __future__ import annotations

from collections import Counter

import pytest

from quizengine.bank.library import Library
from quizengine.bank.loader import default_bank_dir, load_library_or_raise
from quizengine.services.recommend import SMALL_GAP_HOURS, hours_budget, study_plan


@pytest.fixture(scope="module")
def shipped() -> Library:
    return load_library_or_raise([default_bank_dir()])


def ids(library: Library, area: str, level: int, missed: dict[str, int], target: int | None = None, *,
        done: frozenset[str] = frozenset(), started: frozenset[str] = frozenset()) -> list[str]:
    return [item.resource_id for item in study_plan(library, area, level, Counter(missed), target=target,
                                                    done=done, started=started)]


def test_one_missed_data_structures_question_brings_python_resources_not_pybind11_or_java(shipped: Library) -> None:
    plan = study_plan(shipped, "programming", 2, Counter({"algorithms-complexity": 1}), target=4)
    assert [item.resource_id for item in plan] == ["python-wiki-time-complexity", "python-official-docs"]
    assert all("Data structures and complexity" in item.reason for item in plan)
    for level in range(1, 6):
        offered = ids(shipped, "programming", level, {"algorithms-complexity": 1}, target=4)
        assert not {"pybind11-docs", "java-language-spec", "advanced-r-book", "r-for-data-science-book"} & set(offered)


def test_a_resource_covering_a_missed_topic_ranks_above_every_one_that_does_not(shipped: Library) -> None:
    # The Google certification covers Vertex AI, not the SageMaker question missed: it comes after the AWS ones
    # or not at all, and the Azure docs (another cloud entirely) never.
    offered = ids(shipped, "cloud-ml", 3, {"aws-sagemaker": 1}, target=4)
    assert offered[0] == "aws-well-architected-ml-lens"  # covers SageMaker, at the level, six hours
    assert all("aws" in resource for resource in offered)
    assert "azure-machine-learning-docs" not in offered


def test_an_80_hour_book_is_never_a_refresher_for_a_one_question_miss(shipped: Library) -> None:
    for area, topic in [("ml-algorithms", "supervised"), ("mathematics", "statistics"),
                        ("mathematics", "linear-algebra"), ("deep-learning", "cnn")]:
        for level in range(2, 6):
            plan = study_plan(shipped, area, level, Counter({topic: 1}), target=min(level + 1, 5))
            for item in plan:
                if item.level < level and item.kind != "docs":
                    assert item.hours <= SMALL_GAP_HOURS, (area, level, item.resource_id)
    # Concretely: at level 3 in ML algorithms, ISLP (80 h, level 2) and the ML Specialization (90 h) are not offered.
    offered = ids(shipped, "ml-algorithms", 3, {"supervised": 1}, target=4)
    assert "islp-book" not in offered and "coursera-ml-specialization" not in offered
    assert offered == ["esl-book", "sklearn-supervised-guide"]


def test_a_big_gap_may_get_the_big_book(shipped: Library) -> None:
    offered = ids(shipped, "ml-algorithms", 1, {"supervised": 4, "ensembles": 3}, target=4)
    assert offered[0] == "islp-book"  # one step up, covers both missed topics: the 80 hours fit a 3-level gap
    assert hours_budget(3, 7) >= 80 > hours_budget(1, 1)


def test_closed_and_retired_offerings_stay_in_the_catalogue_but_are_never_recommended(shipped: Library) -> None:
    certificate = shipped.resources["tensorflow-developer-certificate"]
    assert certificate.status == "closed" and "2024" in certificate.status_note
    assert shipped.resources["aws-ml-specialty-certification"].status == "retired"
    for level in range(1, 6):
        for missed in ({"tensorflow": 3, "cnn": 2}, {"nn-fundamentals": 1}, {}):
            assert "tensorflow-developer-certificate" not in ids(shipped, "deep-learning", level, missed, 5,
                                                                 done=frozenset())
        assert "aws-ml-specialty-certification" not in ids(shipped, "cloud-ml", level, {"aws-sagemaker": 5}, 5)
    assert all(resource.status == "active" for resource in shipped.resources.values()
               if resource.id not in {"tensorflow-developer-certificate", "aws-ml-specialty-certification"})


def test_done_resources_are_not_recommended_again_and_started_ones_come_first(shipped: Library) -> None:
    before = ids(shipped, "programming", 2, {"algorithms-complexity": 1}, 4)
    after = ids(shipped, "programming", 2, {"algorithms-complexity": 1}, 4, done=frozenset({before[0]}))
    assert before[0] not in after and after[0] == before[1]
    started = ids(shipped, "programming", 2, {"algorithms-complexity": 1}, 4,
                  started=frozenset({"python-official-docs"}))
    assert started[0] == "python-official-docs"


def test_mis_tagged_entries_moved_to_their_areas(shipped: Library) -> None:
    # ONNX Runtime and the Spark docs were filed under "R, Java and C++": a missed R question brought them.
    assert shipped.resources["onnx-runtime-docs"].topics == ["model-serving"]
    assert shipped.resources["apache-spark-docs"].topics == ["spark"]
    offered = ids(shipped, "programming", 2, {"other-languages": 1}, 3)
    assert "onnx-runtime-docs" not in offered and "apache-spark-docs" not in offered
    # The two Spark entries share a URL: a plan offers it once.
    spark = study_plan(shipped, "data-handling", 2, Counter({"spark": 3}), target=3, limit=10)
    assert len({item.url for item in spark}) == len(spark)


def test_every_catalogue_topic_belongs_to_an_area_the_resource_lists(shipped: Library) -> None:
    for resource in shipped.resources.values():
        for topic in resource.topics:
            assert shipped.topics[topic][0] in resource.areas, (resource.id, topic)


def test_a_plan_for_several_missed_topics_spreads_over_them(shipped: Library) -> None:
    missed = {"supervised": 1, "reinforcement-learning": 1, "algorithm-selection": 1}
    for level in (1, 2, 3):
        plan = study_plan(shipped, "ml-algorithms", level, Counter(missed), target=4)
        covered = {topic for item in plan for topic in shipped.resources[item.resource_id].topics}
        assert set(missed) <= covered, (level, [item.resource_id for item in plan])


def test_a_novice_gets_resources_at_their_level_before_two_steps_up(shipped: Library) -> None:
    offered = ids(shipped, "mathematics", 1, {"calculus": 3, "linear-algebra": 1}, 3)
    # The 3Blue1Brown series (level 1, 4 h each) come before the level-3 books that also cover both topics.
    assert offered[:2] == ["3b1b-essence-of-calculus", "3b1b-essence-of-linear-algebra"]
    assert "mml-book" not in offered[:2]
