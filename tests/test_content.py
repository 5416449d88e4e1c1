"""Quality gate for the shipped banks: coverage, balance, references and no give-aways."""

from __future__ import annotations

import re
from collections import Counter
from itertools import combinations

import pytest

from quizengine.bank.library import Library
from quizengine.bank.loader import default_bank_dir, load_library
from quizengine.bank.models import ChoiceQuestion, SingleChoice

MIN_PER_AREA = 45
MIN_PER_LEVEL = 6
MAX_SINGLE_CHOICE_SHARE = 0.75
MIN_RESOURCES = 60
CAREER_PATHS = {"junior-ml-engineer", "ml-engineer", "senior-ml-engineer", "mlops-engineer",
                "deep-learning-specialist", "ai-research-scientist", "data-scientist-lead", "ai-architect"}
GUIDE_RESOURCES = ["coursera.org/specializations/machine-learning-introduction",
                   "coursera.org/specializations/deep-learning", "kaggle.com"]


@pytest.fixture(scope="module")
def library() -> Library:
    result = load_library([default_bank_dir()])
    assert result.problems == [], "\n".join(str(p) for p in result.problems[:20])
    return result.library


def test_nine_areas_each_with_four_to_eight_topics(library: Library) -> None:
    assert len(library.areas) == 9
    for area in library.areas.values():
        assert 4 <= len(area.topics) <= 8, area.id


def test_every_area_has_enough_questions_at_every_level(library: Library) -> None:
    for area in library.areas:
        questions = [q for q in library.questions if q.area == area]
        assert len(questions) >= MIN_PER_AREA, area
        levels = Counter(q.difficulty for q in questions)
        assert all(levels[level] >= MIN_PER_LEVEL for level in range(1, 6)), (area, levels)


def test_every_area_mixes_question_types(library: Library) -> None:
    for area in library.areas:
        types = Counter(q.type for q in library.questions if q.area == area)
        assert types["single_choice"] / sum(types.values()) <= MAX_SINGLE_CHOICE_SHARE, (area, types)
        assert {"multiple_choice", "true_false", "numeric", "short_text"} <= set(types), (area, types)


def test_every_topic_is_asked_about_and_served_by_a_resource(library: Library) -> None:
    asked = Counter(q.topic for q in library.questions)
    served = {topic for resource in library.resources.values() for topic in resource.topics}
    for topic_id in library.topics:
        assert asked[topic_id] >= 3, topic_id
        assert topic_id in served, topic_id


def test_resources_catalogue(library: Library) -> None:
    assert len(library.resources) >= MIN_RESOURCES
    assert all(resource.topics for resource in library.resources.values())  # each is used by some topic
    urls = [resource.url for resource in library.resources.values()]
    for fragment in GUIDE_RESOURCES:
        assert any(fragment in url for url in urls), fragment


def test_every_question_has_a_reference_and_a_teaching_explanation(library: Library) -> None:
    for question in library.questions:
        assert question.references, question.id
        assert len(question.explanation.split()) >= 15, question.id


def test_role_profiles_cover_the_career_paths_and_every_area(library: Library) -> None:
    assert set(library.roles) >= CAREER_PATHS
    for role in library.roles.values():
        assert set(role.levels) == set(library.areas), role.id


def test_no_all_or_none_of_the_above(library: Library) -> None:
    pattern = re.compile(r"\b(all|none) of the above\b", re.IGNORECASE)
    for question in library.questions:
        if isinstance(question, ChoiceQuestion):
            assert not any(pattern.search(option.text) for option in question.options), question.id


def test_correct_option_positions_are_spread(library: Library) -> None:
    for area in library.areas:
        positions = Counter(q.correct_indices[0] for q in library.questions
                            if q.area == area and isinstance(q, SingleChoice))
        total = sum(positions.values())
        assert len([p for p in positions if p < 4]) == 4, (area, positions)  # each of the first four used
        assert max(positions.values()) / total <= 0.4, (area, positions)


def _shingles(text: str) -> set[tuple[str, ...]]:
    words = re.findall(r"[a-z0-9_]+", text.lower())
    return {tuple(words[i:i + 3]) for i in range(max(1, len(words) - 2))}


def test_no_near_duplicate_stems(library: Library) -> None:
    stems = [(q.id, _shingles(q.stem)) for q in library.questions]
    near = []
    for (first, a), (second, b) in combinations(stems, 2):
        if a and b and len(a & b) / len(a | b) > 0.6:
            near.append((first, second))
    assert near == []


def test_fast_moving_cloud_and_llm_questions_expire(library: Library) -> None:
    fast = [q for q in library.questions if q.topic in {"aws-sagemaker", "vertex-ai", "azure-ml",
                                                         "generative-ai-llms"}]
    assert fast
    assert all(q.expires is not None for q in fast), [q.id for q in fast if q.expires is None]
