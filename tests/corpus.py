"""The `.seq` programs of the repository, by name: what the tests that take every program read.

A group is a folder of programs; `sources(*groups)` gives each program of those groups as a
`Source`, an `(id, text)` pair named `GROUP/FILE.seq` (the test id the corpus tests use):

    examples      examples/*.seq              the shipped examples
    models        tests/models/*.seq          the models compared with hand-written Keras
    cases         tests/cases/*.case          the golden cases' inputs, `cases/NAME.seq`
    errors        tests/errors/*.seq          the error snapshots' inputs
    shape_errors  tests/shape_errors/*.seq    the shape-error snapshots' inputs

The text is the file's exact bytes decoded as UTF-8 (no newline translation); a golden case's
input is the part of its case file before the outputs (tests/test_golden.py reads the format).
Programs are in the order of their paths in the repository, so a seeded draw from the corpus is
the same on every run.  Each file is read once per test session.  `params` makes them pytest
parameters, and can leave a group out of the quick tier (`-m "not slow"`).
"""

from __future__ import annotations

from collections.abc import Collection
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

import pytest

from tests.test_golden import read_case

ROOT = Path(__file__).resolve().parent.parent
#: Each group's folder (relative to the repository; its last part is the group's name) and the
#: suffix of its files.
GROUPS = {
    "examples": ("examples", ".seq"),
    "models": ("tests/models", ".seq"),
    "cases": ("tests/cases", ".case"),
    "errors": ("tests/errors", ".seq"),
    "shape_errors": ("tests/shape_errors", ".seq"),
}
#: The programs that generate code: every group but the error snapshots' inputs.
VALID = ("examples", "models", "cases")


class Source(NamedTuple):
    """One program: `examples/mnist_convnet.seq` and its text."""

    id: str
    text: str

    @property
    def group(self) -> str:
        """The group the program belongs to, `examples`."""
        return self.id.split("/", 1)[0]

    @property
    def name(self) -> str:
        """The file name a generated header names, `mnist_convnet.seq`."""
        return self.id.rsplit("/", 1)[-1]


def sources(*groups: str, errors: str = "strict") -> list[Source]:
    """The programs of the groups, in the order of their paths; `errors` as for `bytes.decode`
    (only tests/errors has a file that is not UTF-8)."""
    found = [(where, source) for group in groups for where, source in _group(group, errors)]
    return [source for _, source in sorted(found)]


def params(programs: list[Source], slow: Collection[str] = ()) -> list[Any]:
    """The programs as pytest parameters with their ids; those of the groups in `slow` are
    marked `slow`, so that the quick tier runs a test on the others only."""
    return [pytest.param(seq, id=seq.id, marks=[pytest.mark.slow] if seq.group in slow else [])
            for seq in programs]  # fmt: skip


@cache
def _group(group: str, errors: str) -> tuple[tuple[tuple[str, ...], Source], ...]:
    """The group's programs, each with its `.seq` path's parts in the repository (to sort by)."""
    folder, suffix = GROUPS[group]
    programs = []
    for path in (ROOT / folder).glob(f"*{suffix}"):
        if suffix == ".case":
            text = read_case(path).source
        else:
            text = path.read_bytes().decode("utf-8", errors)
        seq = path.with_suffix(".seq")
        where = seq.relative_to(ROOT).parts
        programs.append((where, Source(f"{group}/{seq.name}", text)))
    return tuple(programs)
