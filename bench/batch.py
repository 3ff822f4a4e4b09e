"""Benchmark: 1,000 small `.seq` files generated with `--out-dir` (issue target 4: at most
10 s on this 2-core machine), with one worker per CPU and with one worker.

    python bench/batch.py [--runs 5] [--files 1000]
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
from pathlib import Path

from timing import PY, compile_seqgen, environment, median_time, print_table

LAYERS = ["conv2d {n} 3x3 relu", "maxpool2d", "batchnorm", "dropout 0.{d}", "dense {n} relu"]


def write_models(folder: Path, count: int) -> None:
    """`count` small models (5 to 12 layers each), all different."""
    for i in range(count):
        lines = [f"model m{i}", "input 32x32x3"]
        for j in range(5 + i % 8):
            lines.append(LAYERS[(i + j) % 4].format(n=8 * (1 + (i + j) % 8), d=1 + j % 9))
        lines += ["flatten", f"dense {1 + i % 20} softmax"]
        (folder / f"m{i:04d}.seq").write_text("\n".join(lines) + "\n")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--files", type=int, default=1000)
    args = parser.parse_args()
    compile_seqgen()
    with tempfile.TemporaryDirectory() as tmp:
        src, out = Path(tmp) / "in", Path(tmp) / "out"
        src.mkdir()
        write_models(src, args.files)

        def fresh_out() -> None:
            shutil.rmtree(out, ignore_errors=True)
            out.mkdir()

        env = environment(SEQGEN_CACHE_DIR=f"{tmp}/cache")
        cmd = [PY, "-m", "seqgen", str(src), "--out-dir", str(out), "--no-cache"]
        rows = {
            f"seqgen in/ --out-dir out/ --no-cache ({args.files} files, one worker per CPU)":
                median_time(cmd, args.runs, env, setup=fresh_out),
            f"seqgen in/ --out-dir out/ --no-cache --jobs 1 ({args.files} files)":
                median_time([*cmd, "--jobs", "1"], args.runs, env, setup=fresh_out),
        }  # fmt: skip
        assert len(list(out.glob("*.py"))) == args.files
    print_table(
        ["command", f"median of {args.runs} (s)"],
        [[f"`{name}`", f"{t:.2f}"] for name, t in rows.items()],
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
