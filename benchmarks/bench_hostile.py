"""How long each hostile or broken bank file takes to be refused (or loaded), and the worst case.

    python benchmarks/bench_hostile.py

Target: every file under tests/data/hostile/ answered in well under a second, plus the generated cases that
cannot be committed (a 10 MB stem, a million nested brackets).
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from quizengine.bank.loader import load_library  # noqa: E402

CORPUS = ROOT / "tests" / "data" / "hostile"
MINI = ROOT / "tests" / "data" / "mini"


def timed(path: Path) -> float:
    start = time.perf_counter()
    load_library([path], context_dir=MINI)
    return time.perf_counter() - start


def main() -> int:
    times = {path.name: timed(path) for path in sorted(CORPUS.iterdir())}
    with tempfile.TemporaryDirectory() as folder:
        good = (CORPUS / "SAFE_UPPER_SUFFIX.YML").read_text(encoding="utf-8")
        big = Path(folder) / "ten_mb_stem.yaml"
        big.write_text(good.replace("stem: Which?", "stem: " + "x" * 10_000_000), encoding="utf-8")
        times["(generated) 10 MB stem"] = timed(big)
        deep = Path(folder) / "million_brackets.yaml"
        deep.write_text("[" * 1_000_000, encoding="utf-8")
        times["(generated) 1,000,000 nested ["] = timed(deep)
    worst = max(times, key=times.__getitem__)
    print(f"hostile corpus: {len(times)} files, median {statistics.median(times.values()) * 1000:.1f} ms, "
          f"slowest {times[worst] * 1000:.0f} ms ({worst}); target < 1,000 ms each")
    return 0 if times[worst] < 1.0 else 1


if __name__ == "__main__":
    sys.exit(main())
