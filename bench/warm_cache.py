"""Benchmark: a warm run answered from the cache, beside `python -c pass` (issue target 2:
at most 2.5 times).

    python bench/warm_cache.py [--runs 9]
"""

from __future__ import annotations

import argparse
import subprocess
import tempfile
from pathlib import Path

from timing import PY, ROOT, compile_seqgen, environment, interleaved, print_table


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    compile_seqgen()
    with tempfile.TemporaryDirectory() as tmp:
        env = environment(SEQGEN_CACHE_DIR=f"{tmp}/cache")
        out = Path(tmp) / "out.py"
        gen = [PY, "-m", "seqgen", "examples/mnist_convnet.seq", "-o", str(out)]
        subprocess.run(gen, check=True, cwd=ROOT, env=env)  # fill the cache
        medians = interleaved({
            "python -c pass": [PY, "-c", "pass"],
            "seqgen examples/mnist_convnet.seq -o out.py (warm)": gen,
            "seqgen examples/mnist_convnet.seq -o out.py --check (warm)": [*gen, "--check"],
            "seqgen examples/mnist_convnet.seq -o out.py --no-cache": [*gen, "--no-cache"],
        }, args.runs, env)  # fmt: skip
    base = medians["python -c pass"]
    print_table(["command", f"median of {args.runs} (s)", "× `python -c pass`"],
                [[f"`{name}`", f"{t:.3f}", f"{t / base:.2f}×"] for name, t in medians.items()])  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
