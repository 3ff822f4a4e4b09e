"""Benchmark: a warm run answered from the cache, beside `python -c pass` of the same
interpreter (issue 9 target: at most 2.5 times).

    python bench/warm_cache.py [--runs 9]

Run it with the interpreter of the environment seqgen is installed in (a fresh virtual
environment with `pip install -e .` measures what a new user gets; an interpreter with many
packages installed starts slower, which flatters the ratio).  The model is copied to a
temporary project of its own (a `.git` folder and no `pyproject.toml`); the last rows add a
`pyproject.toml` with a `[tool.seqgen]` table, whose TOML is parsed on every run.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import tempfile
from pathlib import Path

from timing import PY, ROOT, compile_seqgen, environment, interleaved_cpu, print_table


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    compile_seqgen()
    with tempfile.TemporaryDirectory() as tmp:
        env = environment(SEQGEN_CACHE_DIR=f"{tmp}/cache")
        plain, configured = Path(tmp, "plain"), Path(tmp, "configured")
        for project in (plain, configured):
            (project / ".git").mkdir(parents=True)
            shutil.copy(ROOT / "examples" / "mnist_convnet.seq", project / "m.seq")
        (configured / "pyproject.toml").write_text('[tool.seqgen]\nstyle = "list"\n')
        gen = {p: [PY, "-m", "seqgen", str(p / "m.seq"), "-o", str(p / "m.py")]
               for p in (plain, configured)}  # fmt: skip
        for command in gen.values():
            subprocess.run(command, check=True, cwd=ROOT, env=env)  # fill the cache
        medians = interleaved_cpu({
            "python -c pass": [PY, "-c", "pass"],
            "seqgen m.seq -o m.py (warm)": gen[plain],
            "seqgen m.seq -o m.py --check (warm)": [*gen[plain], "--check"],
            "seqgen m.seq -o m.py --check (warm, [tool.seqgen] in pyproject.toml)":
                [*gen[configured], "--check"],
            "seqgen m.seq -o m.py --no-cache": [*gen[plain], "--no-cache"],
        }, args.runs, env)  # fmt: skip
    wall, cpu = medians["python -c pass"]
    print_table(["command", f"wall, median of {args.runs} (s)", "× `python -c pass`",
                 "CPU, median (s)", "× `python -c pass`"],
                [[f"`{name}`", f"{w:.3f}", f"{w / wall:.2f}×", f"{c:.3f}", f"{c / cpu:.2f}×"]
                 for name, (w, c) in medians.items()])  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
