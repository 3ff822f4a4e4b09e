"""Benchmark: parsing speed, layer lines per second with positions kept (issue target 5: at
least 10,000), in one process whose parser is built (loaded) once.

    python bench/parse_speed.py [--runs 5] [--layers 10000]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time

from timing import ROOT, print_table

sys.path.insert(0, str(ROOT))

from seqgen.parser import parse

LINES = ["conv2d 32 3x3 relu padding=same", "maxpool2d 2x2", "dense 64 relu",
         "dropout 0.25", "batchnorm", "Dense(10, activation=\"softmax\") as out{i}"]  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--layers", type=int, default=10_000)
    args = parser.parse_args()
    text = "input 28x28x1\n" + "".join(
        LINES[i % len(LINES)].format(i=i) + "\n" for i in range(args.layers)
    )
    start = time.perf_counter()
    parse("dense 1\n")
    first = time.perf_counter() - start
    times = []
    for _ in range(args.runs):
        start = time.perf_counter()
        program = parse(text)
        times.append(time.perf_counter() - start)
    assert len(program.statements) == args.layers + 1
    last = program.statements[-1]
    assert (last.span.line, last.span.column) == (args.layers + 1, 1)  # positions kept
    t = statistics.median(times)
    print_table(["what", "value"], [
        ["loading the parser (once per process)", f"{first * 1000:.1f} ms"],
        [f"parsing {args.layers:,} layer lines (median of {args.runs})", f"{t:.3f} s"],
        ["layer lines per second", f"{args.layers / t:,.0f}"],
    ])  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
