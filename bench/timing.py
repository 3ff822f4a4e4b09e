"""Shared timing helpers of the benchmarks: medians of fresh processes, measured as a user's
installed seqgen runs (compiled bytecode present: pip compiles a wheel's modules on install,
so `PYTHONDONTWRITEBYTECODE` set on this machine is removed for the measured processes)."""

from __future__ import annotations

import compileall
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable


def environment(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.update(extra)
    return env


def compile_seqgen() -> None:
    """Write seqgen's bytecode once, as an install would."""
    compileall.compile_dir(str(ROOT / "seqgen"), quiet=1)


def median_time(cmd: Sequence[str], runs: int, env: dict[str, str] | None = None,
                cwd: Path = ROOT, setup=None) -> float:  # fmt: skip
    """Median wall time of `runs` fresh processes (`setup()` runs before each, untimed)."""
    times = []
    for _ in range(runs):
        if setup is not None:
            setup()
        start = time.perf_counter()
        subprocess.run(list(cmd), capture_output=True, check=True, cwd=cwd,
                       env=env or environment())  # fmt: skip
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def interleaved(commands: dict[str, Sequence[str]], runs: int,
                env: dict[str, str] | None = None) -> dict[str, float]:  # fmt: skip
    """Medians of several commands measured in turn (round-robin), so that the machine's
    load falls on all of them alike."""
    return {name: wall for name, (wall, _) in interleaved_cpu(commands, runs, env).items()}


def interleaved_cpu(
    commands: dict[str, Sequence[str]], runs: int, env: dict[str, str] | None = None
) -> dict[str, tuple[float, float]]:
    """(median wall time, median CPU time) of several commands measured in turn.  CPU time
    (user + system, the operating system's account of the finished child) does not grow
    while a loaded machine keeps a process waiting, so its ratios hold on a shared machine."""
    import resource

    times: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, cmd in commands.items():
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            subprocess.run(list(cmd), capture_output=True, check=True, cwd=ROOT,
                           env=env or environment())  # fmt: skip
            wall = time.perf_counter() - start
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
            times[name].append((wall, cpu))
    return {name: (statistics.median(w for w, _ in t), statistics.median(c for _, c in t))
            for name, t in times.items()}  # fmt: skip


def print_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    """A Markdown table, as docs/performance.md shows it."""
    print("| " + " | ".join(header) + " |")
    print("|" + " --- |" * len(header))
    for row in rows:
        print("| " + " | ".join(row) + " |")
