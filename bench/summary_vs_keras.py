"""Benchmark: `seqgen summary` on VGG16 against the cheapest Keras way to get the same numbers.

Both sides run as fresh processes, interleaved, 5 times each (the machine is shared and noisy:
the ratio of medians is what counts).  Keras's side imports TensorFlow, builds the model from
the module seqgen generates and calls `count_params()`.

    python bench/summary_vs_keras.py [--runs 5] [--model tests/models/vgg16.seq]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from timing import print_table

ROOT = Path(__file__).resolve().parent.parent

KERAS_SIDE = """\
import importlib.util, sys
spec = importlib.util.spec_from_file_location("generated", sys.argv[1])
module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module)
print(module.build_model().count_params())
"""


def timed(cmd: list[str], env: dict[str, str]) -> tuple[float, str]:
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, check=True)
    return time.perf_counter() - start, proc.stdout


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--model", default=str(ROOT / "tests" / "models" / "vgg16.seq"))
    args = parser.parse_args()
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3"}
    with tempfile.TemporaryDirectory() as tmp:
        module = Path(tmp) / "vgg16_model.py"
        subprocess.run([sys.executable, "-m", "seqgen", args.model, "-o", str(module)], check=True)
        seqgen_cmd = [sys.executable, "-m", "seqgen", "summary", args.model]
        keras_cmd = [sys.executable, "-c", KERAS_SIDE, str(module)]
        ours, theirs = [], []
        for _ in range(args.runs):
            t, out = timed(seqgen_cmd, env)
            ours.append(t)
            t, count = timed(keras_cmd, env)
            theirs.append(t)
        total = next(line for line in out.splitlines() if line.startswith("Total params"))
    a, b = statistics.median(ours), statistics.median(theirs)
    print(f"model: {Path(args.model).name}; seqgen says '{total}', Keras says {count.strip()}")
    print_table(["command", f"median of {args.runs} (s)"],
                [["`seqgen summary`", f"{a:.3f}"],
                 ["TensorFlow import + build + `count_params()`", f"{b:.3f}"],
                 ["ratio (Keras / seqgen)", f"{b / a:.1f}x"]])  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
