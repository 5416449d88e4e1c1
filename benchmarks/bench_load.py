"""Bank loading speed: validate a synthetic 10,000-question bank (target: about a second).

Run: python benchmarks/bench_load.py
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

import yaml

from quizengine.bank.loader import load_library

QUESTIONS = 10_000
TARGET_SECONDS = 1.0
TOPICS = ["python-core", "python-advanced", "algorithms-complexity", "software-engineering"]


def synthetic_bank(count: int) -> dict[str, object]:
    questions: list[dict[str, object]] = []
    for index in range(count):
        base = {"id": f"synthetic.q{index}", "topic": TOPICS[index % len(TOPICS)], "difficulty": index % 5 + 1,
                "stem": f"Question {index}: what does this print?\n\n```python\nprint({index} % 7)\n```\n",
                "explanation": f"Because {index} mod 7 is {index % 7}; the other options confuse % with //.",
                "references": ["https://docs.python.org/3/"], "tags": ["synthetic"]}
        kind = index % 5
        if kind in (0, 1):
            questions.append({**base, "type": "single_choice",
                              "options": [{"text": str(index % 7), "correct": True}, str(index // 7), "0", "7"]
                              if index % 7 not in (0, 7) and index // 7 not in (0, 7, index % 7) else
                              [{"text": f"right {index}", "correct": True}, "wrong a", "wrong b", "wrong c"]})
        elif kind == 2:
            questions.append({**base, "type": "multiple_choice", "options": ["a", "b", "c", "d"],
                              "answer": ["a", "c"]})
        elif kind == 3:
            questions.append({**base, "type": "numeric", "answer": {"value": index % 7, "tolerance": 0.1}})
        else:
            questions.append({**base, "type": "true_false", "answer": index % 2 == 0})
    return {"bank": {"id": "synthetic", "title": "Synthetic", "version": "1", "area": "programming",
                     "authors": ["bench"], "license": "CC0-1.0"}, "questions": questions}


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "synthetic.yaml"
        path.write_text(yaml.safe_dump(synthetic_bank(QUESTIONS), sort_keys=False), encoding="utf-8")
        size_mb = path.stat().st_size / 1e6
        timings = []
        for _ in range(5):
            started = time.perf_counter()
            result = load_library([path])
            timings.append(time.perf_counter() - started)
        assert not result.problems, result.problems[:3]
        assert len(result.library.questions) == QUESTIONS
    median = statistics.median(timings)
    verdict = "PASS" if median <= TARGET_SECONDS else "FAIL"
    print(f"load+validate {QUESTIONS:,} questions ({size_mb:.1f} MB YAML): median {median:.2f} s over 5 runs "
          f"(min {min(timings):.2f} s) | target <= {TARGET_SECONDS:.1f} s | {verdict}")
    return 0 if verdict == "PASS" else 1


if __name__ == "__main__":
    sys.exit(main())
