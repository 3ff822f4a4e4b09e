"""Benchmark: generating very large models (issue target 3), beside black alone formatting the
same output — at most 3 s and 0.35 times black for 10,000 layers, linear in the layer count,
at most 150 MB.

    python bench/large_model.py [--runs 5] [--sizes 1000,2000,5000,10000]

Two mixes of layers are generated into a temporary folder: `simple` (`input 784`, then Dense,
Dropout, BatchNormalization, Activation, LayerNormalization in turn) and `varied` (28x28x3
images: convolutions, padding and cropping, normalization, noise, dropout, Dense with object
arguments, named layers, a compile statement — many of its lines are wrapped).  Every run is a
fresh process, measured in turn with the other side (round-robin): `seqgen FILE -o OUT
--no-cache`, and `python -m black -q` on a fresh copy of OUT with its own empty cache folder.
Peak memory is the maximum resident set size of the seqgen process (`os.wait4`).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from timing import PY, ROOT, compile_seqgen, environment, print_table

SIMPLE = ["dense 64 relu", "dropout 0.1", "batch_normalization", "dense 32 tanh",
          "activation relu", "layer_normalization"]  # fmt: skip
VARIED = [
    (
        "conv2d 32 3x3 padding=same kernel_initializer=he_normal kernel_regularizer=l2(1e-4) "
        'as "conv_{i}"'
    ),
    "batch_normalization momentum=0.9 epsilon=1e-5",
    "activation relu",
    "spatial_dropout2d 0.1",
    "depthwise_conv2d 3x3 padding=same depth_multiplier=1 use_bias=false",
    "layer_normalization axis=-1 epsilon=1e-6",
    "gaussian_noise 0.01",
    "zero_padding2d ((1, 1), (1, 1))",
    "cropping2d ((1, 1), (1, 1))",
    (
        'Dense(16, activation="relu", kernel_constraint=max_norm(3.0), '
        "bias_initializer=constant(0.01))"
    ),
    "dropout 0.2 seed=42",
    "identity",
]

COMPILE = (
    "compile optimizer=adam(learning_rate=1e-3) loss=sparse_categorical_crossentropy "
    "metrics=[accuracy]"
)


def model_source(mix: str, layers: int) -> str:
    if mix == "simple":
        lines = ["input 784", *(SIMPLE[i % len(SIMPLE)] for i in range(layers))]
    else:
        lines = [f"model varied_{layers}", "input 28x28x3",
                 *(VARIED[i % len(VARIED)].format(i=i) for i in range(layers)),
                 "flatten", "dense 10 softmax",
                 COMPILE]  # fmt: skip
    return "\n".join(lines) + "\n"


def measured(cmd: list[str], env: dict[str, str]) -> tuple[float, int]:
    """Wall time and peak resident memory (bytes) of one fresh process."""
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                                stderr=errors)  # fmt: skip
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode != 0:
            errors.seek(0)
            raise SystemExit(f"{' '.join(cmd)} failed:\n{errors.read().decode()}")
    scale = 1 if sys.platform == "darwin" else 1024  # ru_maxrss: bytes on macOS, else KiB
    return elapsed, usage.ru_maxrss * scale


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sizes", default="1000,2000,5000,10000")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    compile_seqgen()
    env = environment()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for mix in ("simple", "varied"):
            rows, ours_by_size = [], {}
            for n in sizes:
                seq = folder / f"{mix}{n}.seq"
                seq.write_text(model_source(mix, n), encoding="utf-8")
                out = folder / f"{mix}{n}.py"
                gen = [PY, "-m", "seqgen", str(seq), "-o", str(out), "--no-cache"]
                ours, theirs, memory = [], [], []
                for run in range(args.runs):
                    t, peak = measured(gen, env)
                    ours.append(t)
                    memory.append(peak)
                    copy = folder / f"black_{mix}{n}_{run}.py"  # a new file: no black cache hit
                    shutil.copyfile(out, copy)
                    black_env = {**env, "BLACK_CACHE_DIR": str(folder / f"cache_{mix}{n}_{run}")}
                    t, _ = measured([PY, "-m", "black", "-q", "--line-length", "88", str(copy)],
                                    black_env)  # fmt: skip
                    theirs.append(t)
                    if copy.read_bytes() != out.read_bytes():
                        raise SystemExit(f"black changed seqgen's output for {seq.name}")
                a, b = statistics.median(ours), statistics.median(theirs)
                ours_by_size[n] = a
                lines = out.read_text(encoding="utf-8").count("\n")
                rows.append([f"{n:,}", f"{lines:,}", f"{a:.3f}", f"{b:.3f}", f"{a / b:.2f}",
                             f"{max(memory) / 2**20:.0f}"])  # fmt: skip
            print(f"\n{mix} mix, median of {args.runs} fresh processes each:\n")
            print_table(["layers", "output lines", "seqgen (s)", "black alone (s)",
                         "seqgen / black", "seqgen peak RSS (MB)"], rows)  # fmt: skip
            pairs = [(x, y) for x, y in ((1000, 2000), (5000, 10000)) if {x, y} <= set(sizes)]
            for x, y in pairs:
                growth = ours_by_size[y] / ours_by_size[x]
                print(f"\nlinearity {x:,} → {y:,} layers: {growth:.2f}× the time")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
