"""Benchmark: the cost of one fresh `seqgen` process, beside the imports it cannot avoid.

python bench/cold_start.py [--runs 7]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def median_time(cmd: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, capture_output=True, check=True, cwd=ROOT)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    py = sys.executable
    with tempfile.TemporaryDirectory() as tmp:
        rows = [
            ("python -c pass", [py, "-c", "pass"]),
            ('python -c "import lark, jinja2, black"', [py, "-c", "import lark, jinja2, black"]),
            ("seqgen examples/mnist_convnet.seq -o out.py",
             [py, "-m", "seqgen", "examples/mnist_convnet.seq", "-o", f"{tmp}/out.py"]),
            ("seqgen check examples/mnist_convnet.seq",
             [py, "-m", "seqgen", "check", "examples/mnist_convnet.seq"]),
            ("seqgen summary tests/models/vgg16.seq",
             [py, "-m", "seqgen", "summary", "tests/models/vgg16.seq"]),
        ]  # fmt: skip
        print(f"| command | median of {args.runs} (s) |")
        print("| --- | --- |")
        for name, cmd in rows:
            print(f"| `{name}` | {median_time(cmd, args.runs):.3f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
