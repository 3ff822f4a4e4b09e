"""Benchmark: the cost of one fresh `seqgen` process, beside the imports it cannot avoid (issue
target 1: a generation at most 1.25 times `python -c "import lark, jinja2, black"`).

    python bench/cold_start.py [--runs 7]

Generation runs with `--no-cache`, so that every run generates (a warm cache answers without
generating: bench/warm_cache.py).  The commands are measured in turn (round-robin), so that the
machine's load falls on all of them alike.
"""

from __future__ import annotations

import argparse
import tempfile

from timing import PY, compile_seqgen, interleaved, print_table

IMPORTS = 'python -c "import lark, jinja2, black"'


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    compile_seqgen()
    with tempfile.TemporaryDirectory() as tmp:
        medians = interleaved({
            "python -c pass": [PY, "-c", "pass"],
            IMPORTS: [PY, "-c", "import lark, jinja2, black"],
            "seqgen examples/mnist_convnet.seq -o out.py --no-cache":
                [PY, "-m", "seqgen", "examples/mnist_convnet.seq", "-o", f"{tmp}/out.py",
                 "--no-cache"],
            "seqgen check examples/mnist_convnet.seq":
                [PY, "-m", "seqgen", "check", "examples/mnist_convnet.seq"],
            "seqgen summary tests/models/vgg16.seq":
                [PY, "-m", "seqgen", "summary", "tests/models/vgg16.seq"],
        }, args.runs)  # fmt: skip
    base = medians[IMPORTS]
    rows = [[f"`{name}`", f"{t:.3f}", f"{t / base:.2f}×"] for name, t in medians.items()]
    print_table(["command", f"median of {args.runs} (s)", "× imports"], rows)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
