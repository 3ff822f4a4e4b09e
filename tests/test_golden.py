"""Golden cases: `tests/cases/NAME.seq` → `NAME.<style>.<form>.py`, byte for byte.

Regenerate after an intended change of output, then review the diff like code:

    python tests/test_golden.py --regenerate

A first line `# seqgen-options: --keras keras` gives a case extra command-line options.
"""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

import pytest

CASES = Path(__file__).resolve().parent / "cases"
STYLES = ("list", "add")
FORMS = ("module", "script", "fragment")


def case_options(source: str) -> dict[str, str]:
    first = source.splitlines()[0] if source else ""
    options: dict[str, str] = {}
    if first.startswith("# seqgen-options:"):
        words = shlex.split(first.split(":", 1)[1])
        for flag, value in zip(words[::2], words[1::2]):
            options[flag.lstrip("-").replace("-", "_")] = value
    return options


def expected_path(seq: Path, style: str, form: str) -> Path:
    return seq.with_name(f"{seq.stem}.{style}.{form}.py")


def generate_case(seq: Path, style: str, form: str) -> str:
    import seqgen

    source = seq.read_text(encoding="utf-8")
    return seqgen.generate(
        source, filename=seq.name, style=style, form=form, **case_options(source)
    )


CASE_FILES = sorted(CASES.glob("*.seq"))
PARAMS = [(seq, style, form) for seq in CASE_FILES for style in STYLES for form in FORMS]


@pytest.mark.parametrize(
    "seq,style,form", PARAMS, ids=[f"{s.stem}-{st}-{f}" for s, st, f in PARAMS]
)
def test_golden(seq: Path, style: str, form: str) -> None:
    expected = expected_path(seq, style, form).read_text(encoding="utf-8")
    assert generate_case(seq, style, form) == expected


def test_every_golden_has_its_input() -> None:
    outputs = {p.name for p in CASES.glob("*.py")}
    wanted = {expected_path(s, st, f).name for s, st, f in PARAMS}
    assert outputs == wanted
    assert len(CASE_FILES) >= 5


def regenerate() -> None:
    for seq, style, form in PARAMS:
        expected_path(seq, style, form).write_text(generate_case(seq, style, form), "utf-8")
    print(f"wrote {len(PARAMS)} golden files under {CASES}")


if __name__ == "__main__":
    sys.path.insert(0, str(CASES.parent.parent))
    if sys.argv[1:] != ["--regenerate"]:
        sys.exit("usage: python tests/test_golden.py --regenerate")
    regenerate()
