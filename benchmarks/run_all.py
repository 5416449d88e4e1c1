"""Run every benchmark script (benchmarks/bench_*.py) and report; exits 1 if any target fails.

Run: make bench   (or: python benchmarks/run_all.py)
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def main() -> int:
    failed = []
    for script in sorted(Path(__file__).parent.glob("bench_*.py")):
        print(f"\n=== {script.name} ===", flush=True)
        if subprocess.run([sys.executable, str(script)], check=False).returncode != 0:
            failed.append(script.name)
    print(f"\n{'all benchmarks met their targets' if not failed else 'targets missed in: ' + ', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
