"""Error snapshots: every `tests/errors/NAME.seq` holds a mistake, `NAME.err` what seqgen prints.

Each case is run as `seqgen NAME.seq` from inside `tests/errors/` (so positions read
`NAME.seq:line:col`), in-process through `seqgen.cli.main`, and must exit 2 with nothing on
stdout, exactly the text of `NAME.err` on stderr, and never a traceback.  A first line
`# seqgen-options: --keras keras` gives a case extra command-line options.

Regenerate the snapshots after an intended change of a message:

    python tests/test_errors.py --regenerate            # every case but the known bugs
    python tests/test_errors.py --regenerate NAME ...   # only these cases

Regenerated snapshots must be reviewed like code: read each changed `.err` as a user would
(is the caret under the mistake? is the message true and clear? does the hint help?) before
committing it.  A snapshot is the specification of a message, not a recording of whatever
seqgen happens to print.

`KNOWN_BUGS` lists cases where seqgen's output is wrong today (a misleading message, a wrong
position, bad input accepted, a crash).  Their `.err` holds the message seqgen *should* print,
and the test is a strict xfail: when a fix makes the output match, the test fails until the
case is removed from `KNOWN_BUGS`.  `--regenerate` never overwrites them unless named.
"""

from __future__ import annotations

import io
import shlex
import sys
from pathlib import Path

import pytest

ERRORS = Path(__file__).resolve().parent / "errors"
#: Shape errors (tests/shape_errors/) run as `seqgen check NAME.seq`: found before any code exists.
SHAPE_ERRORS = ERRORS.parent / "shape_errors"
FOLDERS = {ERRORS: [], SHAPE_ERRORS: ["check"]}
OPTIONS_PREFIX = "# seqgen-options:"

#: Cases whose `.err` is the proposed correct output, not what seqgen prints today.
KNOWN_BUGS: dict[str, str] = {}


def case_argv(seq: Path) -> list[str]:
    """The command-line arguments of one case: its options line, then its file name."""
    first = seq.read_text(encoding="utf-8", errors="replace").split("\n", 1)[0]
    options = shlex.split(first[len(OPTIONS_PREFIX) :]) if first.startswith(OPTIONS_PREFIX) else []
    return [*FOLDERS[seq.parent], *options, seq.name]


def run_case(seq: Path) -> tuple[int, str, str]:
    """Run seqgen on one case from inside its folder; (exit code, stdout, stderr)."""
    from seqgen.cli import main

    out, err = io.StringIO(), io.StringIO()
    code = main(case_argv(seq), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def read_expected(seq: Path) -> str:
    return seq.with_suffix(".err").read_bytes().decode("utf-8")


CASES = sorted(p for folder in FOLDERS for p in folder.glob("*.seq"))


def _param(seq: Path) -> object:
    reason = KNOWN_BUGS.get(seq.stem)
    marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
    return pytest.param(seq, id=f"{seq.parent.name}/{seq.stem}", marks=marks)


@pytest.mark.parametrize("seq", [_param(s) for s in CASES])
def test_error_snapshot(seq: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(seq.parent)
    code, out, err = run_case(seq)
    assert "Traceback" not in err and "internal error" not in err, err
    assert out == ""
    assert err == read_expected(seq)
    assert code == 2


def test_enough_cases() -> None:
    assert len([c for c in CASES if c.parent == ERRORS]) >= 45
    assert len([c for c in CASES if c.parent == SHAPE_ERRORS]) >= 15


@pytest.mark.parametrize("folder", list(FOLDERS), ids=lambda f: f.name)
def test_every_case_has_a_snapshot_and_back(folder: Path) -> None:
    seqs = {p.stem for p in folder.glob("*.seq")}
    errs = {p.stem for p in folder.glob("*.err")}
    assert seqs - errs == set(), "cases without a .err: regenerate them"
    assert errs - seqs == set(), "stale .err files without a .seq"


def test_known_bugs_exist() -> None:
    assert set(KNOWN_BUGS) <= {p.stem for p in CASES}


def regenerate(names: list[str]) -> None:
    """Rewrite the `.err` snapshots (all but the known bugs, or the named cases)."""
    import os

    chosen = [s for s in CASES if s.stem in names] if names else CASES
    missing = set(names) - {s.stem for s in chosen}
    if missing:
        sys.exit(f"no such case: {', '.join(sorted(missing))}")
    for seq in chosen:
        if not names and seq.stem in KNOWN_BUGS:
            print(f"kept   {seq.stem}.err (known bug: its text is the proposed message)")
            continue
        os.chdir(seq.parent)
        code, out, err = run_case(seq)
        if code != 2 or out:
            print(f"WARNING {seq.name}: exit code {code}, stdout {len(out)} characters")
        path = seq.with_suffix(".err")
        old = path.read_bytes().decode("utf-8") if path.exists() else None
        if old != err:
            path.write_bytes(err.encode("utf-8"))
            print(f"wrote  {path.name}")
    print("Review every changed .err like code before committing it.")


if __name__ == "__main__":
    sys.path.insert(0, str(ERRORS.parent.parent))
    args = sys.argv[1:]
    if not args or args[0] != "--regenerate":
        sys.exit("usage: python tests/test_errors.py --regenerate [NAME ...]")
    regenerate(args[1:])
