"""Fuzzing: random valid programs from the whole language, and random damage to real ones.

Valid programs (`tests.strategies.rich_programs`, every statement kind) must generate in both
styles, every form and both import modes, as Python that parses, that black leaves alone and
that is the same on every run; `seqgen fmt` must be idempotent on them and keep the Python they
generate.

Damaged programs (characters deleted, inserted, swapped or replaced, truncation, duplicated,
deleted or swapped lines, brackets, quotes, backslashes, NULs and odd line breaks inserted,
pieces of other files spliced in) and random bytes must meet the input contract:

- the library (`seqgen.generate`, `seqgen.summarize`, `seqgen.fmt.format_source`) raises
  nothing but `seqgen.SeqgenError`, and every diagnostic of one points inside the text;
- the command line exits 0, or exits 2 with `FILE:LINE:COL: error: ...` at a position inside
  the text, never a traceback, and a failed run leaves the output file as it was.

`test_mutations_of_the_corpus` runs at least 10,000 damaged cases drawn from a seeded
`random.Random` over a fixed corpus (the examples, the golden models and cases, the error
snapshots, and programs from the strategy with a fixed seed), so CI runs the same cases every
time; it is marked `slow`, and the quick tier runs `test_a_sample_of_mutations_of_the_corpus`,
the same checks on a few hundred cases.  `test_hypothesis_mutations` lets Hypothesis damage
fresh programs.

A long run (docs/reliability.md):

    SEQGEN_FUZZ=1 python -m pytest tests/test_fuzz.py    # 100,000 examples per property,
                                                         # 200,000 seeded mutations
    python tests/test_fuzz.py --atheris -max_total_time=1200   # coverage-guided (atheris)

`KNOWN_BUGS` lists crashes found by fuzzing and not fixed yet (none today): each has a minimal
reproducer that runs as a strict xfail, and the fuzz tests tolerate exactly that crash (matched
by the place it happens and what triggers it), so any other crash still fails them.
`FIXED_BUGS` keeps the reproducers of the ones fixed since, which must stay positioned errors.
"""

from __future__ import annotations

import ast
import io
import os
import random
import re
import subprocess
import sys
import time
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import black
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

import seqgen
from seqgen import syntax as seq_ast
from seqgen.errors import SeqgenError
from seqgen.files import decode_source
from seqgen.fmt import format_source
from tests.corpus import GROUPS, Source, sources
from tests.strategies import rich_programs

#: `SEQGEN_FUZZ=1` turns every test here into a long fuzzing run.
FUZZ = bool(os.environ.get("SEQGEN_FUZZ"))
#: Seeded mutation cases (at least 10,000 in CI) and the seed they are drawn with.
MUTATIONS = int(os.environ.get("SEQGEN_FUZZ_CASES", "200000" if FUZZ else "10000"))
SEED = int(os.environ.get("SEQGEN_FUZZ_SEED", "20250501"))
#: Seeded mutation cases of the sample the quick tier runs (`-m "not slow"` leaves out the
#: full run).
QUICK_MUTATIONS = 300
#: Every this many mutation cases also go through the command line, in-process.
CLI_EVERY = 10

settings.register_profile(
    "fuzz",
    max_examples=int(os.environ.get("SEQGEN_FUZZ_EXAMPLES", "100000")),
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)


def _settings(examples: int) -> settings:
    if FUZZ:
        return settings(settings.get_profile("fuzz"))
    return settings(max_examples=examples, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much,
                                           HealthCheck.data_too_large])  # fmt: skip


STYLES = ("list", "add")
DEFAULTS = {"style": "list", "form": "module", "keras": "tensorflow"}
FORMS = ("module", "script", "fragment")
KERAS = ("tensorflow", "keras")


# --- valid programs ---------------------------------------------------------------------------


@_settings(60)
@given(rich_programs(), st.sampled_from(FORMS), st.sampled_from(KERAS))
def test_rich_programs_generate_black_stable_deterministic_python(source, form, keras) -> None:
    for style in STYLES:
        code = seqgen.generate(source, style=style, form=form, keras=keras)
        ast.parse(code)
        assert black.format_str(code, mode=black.Mode()) == code
        assert seqgen.generate(source, style=style, form=form, keras=keras) == code
        assert code.endswith("\n") and "\r" not in code


@_settings(60)
@given(rich_programs())
def test_rich_programs_format_idempotently_to_the_same_python(source) -> None:
    formatted = format_source(source)
    assert format_source(formatted) == formatted
    for style in STYLES:
        assert seqgen.generate(formatted, style=style) == seqgen.generate(source, style=style)


def strategy_corpus(count: int) -> list[str]:
    """`count` programs from `rich_programs()`, the same ones on every run."""
    found: list[str] = []

    @settings(max_examples=count, derandomize=True, database=None, deadline=None,
              phases=[Phase.generate], suppress_health_check=list(HealthCheck))  # fmt: skip
    @given(rich_programs())
    def collect(program: str) -> None:
        found.append(program)

    collect()
    return found


def _features(source: str) -> set[str]:
    """The statement kinds and syntax a program uses (what rich_programs must cover)."""
    found = set()
    program = seqgen.parse(source)
    stack: list[tuple[Any, int]] = [(s, 0) for s in program.statements]
    while stack:
        node, depth = stack.pop()
        name = type(node).__name__
        if isinstance(node, seq_ast.ModelStmt):
            found.add("model with parameters" if node.params else "model")
        elif isinstance(node, seq_ast.InputStmt):
            found.add("keras.Input(...)" if node.call_name else "input")
            found.add("nested input" if depth else "input first")
        elif isinstance(node, seq_ast.LayerStmt):
            found.add("call-form layer" if node.call_form else "shorthand layer")
            if node.alias is not None:
                found.add("as NAME")
        elif isinstance(node, seq_ast.SequentialBlock) and node.alias is not None:
            found.add("sequential { } as NAME")
        elif isinstance(node, seq_ast.CompileStmt):
            found.add("compile")
        elif isinstance(node, seq_ast.Word) and node.name in ("depth", "width", "widths", "rate"):
            found.add("parameter in a value")
        elif isinstance(node, seq_ast.Word) and re.fullmatch(r"v\d+", node.name):
            found.add("loop variable in a value")
        if isinstance(node, (seq_ast.SequentialBlock, seq_ast.RepeatBlock, seq_ast.ForBlock)):
            found.add(name)
            if depth:
                found.add("nested block")
        found.update({"arithmetic"} if isinstance(node, seq_ast.BinOp) else ())
        found.update({"sign"} if isinstance(node, seq_ast.UnaryOp) else ())
        for child in _children(node):
            block = isinstance(node, (seq_ast.SequentialBlock, seq_ast.RepeatBlock,
                                      seq_ast.ForBlock))  # fmt: skip
            stack.append((child, depth + block))
    if "#" in source:
        found.add("comment")
    if re.search(r"[^\s{];\s", source):
        found.add("';'")
    return found


def _children(node: Any) -> list[Any]:
    out = []
    for field in getattr(node, "__dataclass_fields__", {}):
        value = getattr(node, field)
        values = value if isinstance(value, tuple) else (value,)
        out += [v for v in values if hasattr(v, "__dataclass_fields__") and
                not isinstance(v, seq_ast.Span)]  # fmt: skip
    return out


EVERY_FEATURE = {
    "model", "model with parameters", "input", "keras.Input(...)", "input first", "nested input",
    "shorthand layer", "call-form layer", "as NAME", "SequentialBlock", "sequential { } as NAME",
    "RepeatBlock", "ForBlock", "nested block", "parameter in a value", "loop variable in a value",
    "arithmetic", "sign", "comment", "';'", "compile",
}  # fmt: skip


def test_rich_programs_cover_every_statement_kind() -> None:
    seen: set[str] = set()
    for program in strategy_corpus(150):
        seen |= _features(program)
    assert EVERY_FEATURE - seen == set()


# --- known bugs -------------------------------------------------------------------------------


@dataclass(frozen=True)
class KnownBug:
    """A crash fuzzing found that is not fixed yet: where it happens and what triggers it."""

    name: str
    reason: str
    #: The reproducer: a program, and the call that must return or raise a positioned
    #: SeqgenError.
    source: str
    call: Callable[[str], object]
    #: Does this crash (exception, text) match the bug?
    matches: Callable[[BaseException, str], bool]


def crash_site(exc: BaseException) -> str:
    """`module.py:function` of the innermost seqgen frame an exception passed through."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__)
              if f"{os.sep}seqgen{os.sep}" in f.filename]  # fmt: skip
    if not frames:
        return "?"
    path = frames[-1].filename.rsplit(f"{os.sep}seqgen{os.sep}", 1)[-1].replace(os.sep, "/")
    return f"{path}:{frames[-1].name}"


def _at(*sites: str, kinds: tuple[type, ...] = (TypeError, IndexError)) -> Callable:
    return lambda exc, text: isinstance(exc, kinds) and crash_site(exc) in sites


#: Crashes fuzzing found, fixed since: each must stay a positioned SeqgenError.
FIXED_BUGS = [
    KnownBug(
        "shape_rule_gets_a_word",
        "a bare word where Normalization's axis is expected reaches the shape rule as a string",
        "input 4\nnormalization mean\n",
        seqgen.generate,
        _at("layers/preprocessing.py:normalization"),
    ),
    KnownBug(
        "prelu_shared_axes",
        "PReLU shared_axes is not checked against the input rank nor for integers",
        "input 10x5x3\nprelu shared_axes=(4, 2)\n",
        seqgen.generate,
        _at("layers/activations.py:prelu"),
    ),
    KnownBug(
        "nested_tuple_as_size",
        "a tuple inside a kernel_size/strides/pool_size tuple reaches the shape rules",
        "input 8x8x3\nconv2d 4 (5, 3x3)\n",
        seqgen.generate,
        _at(
            "layers/base.py:conv_output_length",
            "layers/convolution.py:_no_strided_dilation",
            "layers/convolution.py:transpose_length",
            "layers/base.py:pool_output_length",
        ),
    ),
]


#: Crashes fuzzing found that are not fixed yet (none today); the fuzz tests tolerate exactly
#: these, and each entry's reproducer runs as a strict xfail.
KNOWN_BUGS: list[KnownBug] = []


@pytest.mark.parametrize("bug", FIXED_BUGS, ids=lambda b: b.name)
def test_fixed_bug_stays_fixed(bug: KnownBug) -> None:
    with pytest.raises(SeqgenError) as e:
        bug.call(bug.source)
    assert_positioned(e.value, bug.source)


def known_bug(exc: BaseException, text: str) -> KnownBug | None:
    return next((b for b in KNOWN_BUGS if b.matches(exc, text)), None)


@pytest.mark.parametrize(
    "bug", [pytest.param(b, id=b.name, marks=pytest.mark.xfail(strict=True, reason=b.reason))
            for b in KNOWN_BUGS],
)  # fmt: skip
def test_known_bug_reproducer(bug: KnownBug) -> None:
    """The contract: the call returns, or raises a SeqgenError positioned inside the text."""
    try:
        bug.call(bug.source)
    except SeqgenError as e:
        assert_positioned(e, bug.source)


def test_known_bugs_match_their_own_reproducer() -> None:
    for bug in KNOWN_BUGS:
        try:
            bug.call(bug.source)
        except SeqgenError:
            continue  # fixed: its xfail reproducer now fails, asking to remove the entry
        except Exception as e:  # noqa: BLE001 - the crash itself
            assert known_bug(e, bug.source) is bug, (bug.name, crash_site(e))


#: A damaged program that unrolls to more layers than this is not run: seqgen accepts up to
#: 1,000,000 layers, which take seconds each to check and generate, too slow for thousands of
#: cases (tests/test_hostile.py has 100,000 layers and the limit).
UNROLL_LIMIT = 20_000


def unrolls_too_far(text: str) -> bool:
    """Does the text repeat layers more than UNROLL_LIMIT times?"""
    try:
        program = seqgen.parse(text)
    except SeqgenError:
        return False
    params = {}
    for s in program.statements:
        if isinstance(s, seq_ast.ModelStmt):
            params = {p.name: p.value for p in s.params}
    stack: list[tuple[Any, int]] = [(s, 1) for s in program.statements]
    while stack:
        node, times = stack.pop()
        if isinstance(node, seq_ast.RepeatBlock):
            count = (
                params.get(node.count.name) if isinstance(node.count, seq_ast.Word) else node.count
            )
            if isinstance(count, seq_ast.Number) and isinstance(count.value, int):
                times *= max(count.value, 1)
        elif isinstance(node, seq_ast.ForBlock) and isinstance(node.values, seq_ast.ListExpr):
            times *= max(len(node.values.items), 1)
        if times > UNROLL_LIMIT:
            return True
        stack += [(b, times) for b in getattr(node, "body", ())]
    return False


# --- the contract -----------------------------------------------------------------------------


def _lines(text: str) -> list[str]:
    return text.split("\n")


def assert_positioned(error: SeqgenError, text: str) -> None:
    """Every diagnostic points inside the text (line and column, counted from 1)."""
    text = text.removeprefix("\ufeff")
    lines = _lines(text)
    assert error.diagnostics, "a SeqgenError without diagnostics"
    for d in error.diagnostics:
        places = [d.span, *(span for _, span in d.related)]
        assert d.span is not None, f"no position: {d.message}"
        for span in places:
            assert 1 <= span.line <= len(lines), (span, d.message)
            assert 1 <= span.column <= len(lines[span.line - 1]) + 1, (span, d.message)
            assert (span.end_line, span.end_column) >= (span.line, span.column), span


@dataclass
class Outcome:
    """What one case did: how many calls failed cleanly, and known bugs met."""

    errors: int = 0
    known: int = 0
    skipped: int = 0


def library_calls(options: dict[str, str]) -> list[tuple[str, Callable[[str], object]]]:
    return [
        ("generate", lambda t: seqgen.generate(t, **options)),
        ("summarize", lambda t: seqgen.summarize(t, keras=options["keras"])),
        ("format_source", format_source),
    ]


def check_library(text: str, options: dict[str, str], outcome: Outcome) -> bool:
    """Run the library on one text; True when every call succeeded."""
    if unrolls_too_far(text):
        outcome.skipped += 1
        return False
    ok = True
    for name, call in library_calls(options):
        try:
            call(text)
        except SeqgenError as e:
            ok = False
            outcome.errors += 1
            assert_positioned(e, text)
        except Exception as e:
            ok = False
            if known_bug(e, text) is None:
                raise AssertionError(
                    f"{name}{options} raised {type(e).__name__} at {crash_site(e)}: {e}\n"
                    f"input: {text!r}"
                ) from e
            outcome.known += 1
    return ok


HEADLINE = re.compile(r"^(?P<file>.+?):(?P<line>\d+):(?P<col>\d+): error: \S")
SENTINEL = b"# an existing output file: a failed run must leave it as it was\n"


def check_cli(data: bytes, folder: Path, options: dict[str, str]) -> int:
    """Run `seqgen fuzz.seq -o out.py` in-process on one input; its exit code."""
    src, out = folder / "fuzz.seq", folder / "out.py"
    src.write_bytes(data)
    out.write_bytes(SENTINEL)
    stdout, stderr = io.StringIO(), io.StringIO()
    from seqgen.cli import main

    flags = [f"--{key}={value}" for key, value in options.items()]
    code = main([str(src), "-o", str(out), *flags], stdout=stdout, stderr=stderr)
    err = stderr.getvalue()
    assert "Traceback" not in err and "internal error" not in err, (err, data)
    assert stdout.getvalue() == ""
    if code == 0:  # exactly what the library generates
        text = decode_source(data, str(src))
        assert out.read_text(encoding="utf-8") == seqgen.generate(text, filename=str(src),
                                                                  **options)  # fmt: skip
        return code
    assert code == 2, (code, err, data)
    assert out.read_bytes() == SENTINEL, data
    first = next(filter(None, map(HEADLINE.match, err.split("\n"))), None)
    assert first is not None and first["file"] == str(src), (err, data)
    text = data.decode("utf-8", "replace").removeprefix("\ufeff")
    lines = _lines(text)
    line, col = int(first["line"]), int(first["col"])
    assert 1 <= line <= len(lines) and 1 <= col <= len(lines[line - 1]) + 1, (err, data)
    return code


def cli_known_bug(data: bytes, options: dict[str, str]) -> bool:
    """Would the command line meet a known bug (exit 123) on this input?"""
    text = data.decode("utf-8", "replace")
    if unrolls_too_far(text):
        return True
    try:
        seqgen.generate(text, **options)
    except SeqgenError:
        return False
    except Exception as e:  # noqa: BLE001
        return known_bug(e, text) is not None
    return False


# --- damage -----------------------------------------------------------------------------------


class Chooser:
    """Where mutations get their choices: a seeded random.Random or Hypothesis's data."""

    def integer(self, low: int, high: int) -> int:
        raise NotImplementedError

    def choice(self, items: Sequence[Any]) -> Any:
        return items[self.integer(0, len(items) - 1)]


class RandomChooser(Chooser):
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def integer(self, low: int, high: int) -> int:
        return self.rng.randint(low, high)


class DataChooser(Chooser):
    def __init__(self, data: st.DataObject) -> None:
        self.data = data

    def integer(self, low: int, high: int) -> int:
        return self.data.draw(st.integers(low, high))


#: Text worth inserting: brackets, quotes, escapes, odd characters and line ends, keywords,
#: numbers at the limits, and pieces of valid syntax.
SNIPPETS = [
    "(", ")", "[", "]", "{", "}", '"', "'", "\\", "\x00", "\n", "\r\n", "\r", "\t", ";", ",",
    "=", "#", "x", "-", "+", "*", "/", "//", ".", "_", " as ", "repeat ", "for ", " in ",
    "model ", "input ", "compile ", "sequential ", "1e400", "9" * 30, "0", "-1", "none", "true",
    "\ufeff", "\u202e", "\u2028", "\x0b", "\x0c", "\x85", "é", "layers.", "keras.", "Dense(",
    "(lstm 4)", "3x3", "1_0", "1__0", ".5", "2.", "1e", '"""', "\\n", "\\x", "\\N{", "\\u12",
    "{ dense 4 }", "l2(", "adam(", "relu", "same", "depth", "width", "class", "print",
    '"x\\"); import os  #"', "__import__", "\U0001f600",
]  # fmt: skip
OPERATIONS = ["delete", "insert character", "swap", "replace", "truncate", "duplicate line",
              "delete line", "swap lines", "insert snippet", "repeat snippet", "splice"]  # fmt: skip


def mutate(text: str, choose: Chooser, corpus: Sequence[str]) -> str:
    """`text` with one to three random kinds of damage."""
    for _ in range(choose.integer(1, 3)):
        op = choose.choice(OPERATIONS)
        n = len(text)
        i = choose.integer(0, n)
        if op == "delete" and n:
            text = text[:i] + text[i + choose.integer(1, 4) :]
        elif op == "insert character":
            text = text[:i] + chr(choose.integer(0, 0x3000)) + text[i:]
        elif op == "swap" and n > 1:
            i = min(i, n - 2)
            text = text[:i] + text[i + 1] + text[i] + text[i + 2 :]
        elif op == "replace" and i < n:
            text = text[:i] + chr(choose.integer(32, 126)) + text[i + 1 :]
        elif op == "truncate":
            text = text[:i]
        elif op in ("duplicate line", "delete line", "swap lines"):
            lines = text.split("\n")
            k = choose.integer(0, len(lines) - 1)
            if op == "duplicate line":
                lines.insert(k, lines[k])
            elif op == "delete line":
                del lines[k]
            else:
                j = choose.integer(0, len(lines) - 1)
                lines[k], lines[j] = lines[j], lines[k]
            text = "\n".join(lines)
        elif op in ("insert snippet", "repeat snippet"):
            times = choose.integer(2, 6) if op == "repeat snippet" else 1
            text = text[:i] + choose.choice(SNIPPETS) * times + text[i:]
        elif op == "splice":
            other = choose.choice(corpus)
            a = choose.integer(0, len(other))
            text = text[:i] + other[a : a + choose.integer(1, 40)] + text[i:]
    return text


def mutate_bytes(data: bytes, choose: Chooser) -> bytes:
    """Byte-level damage: random bytes flipped, inserted or cut (often not UTF-8)."""
    data = bytearray(data)
    for _ in range(choose.integer(1, 4)):
        i = choose.integer(0, len(data))
        kind = choose.integer(0, 2)
        if kind == 0 and i < len(data):
            data[i] = choose.integer(0, 255)
        elif kind == 1:
            data[i:i] = bytes(choose.integer(0, 255) for _ in range(choose.integer(1, 4)))
        else:
            del data[i : i + choose.integer(1, 8)]
    return bytes(data)


def corpus_files() -> list[Source]:
    """Every program of the repository: examples, models, the golden cases' and the error
    snapshots' inputs (one of which is not UTF-8: read with replacement characters)."""
    return sources(*GROUPS, errors="replace")


_CORPUS: list[str] = []


def corpus() -> list[str]:
    """The fixed corpus: every .seq file of the repository and 100 strategy programs."""
    if not _CORPUS:
        _CORPUS.extend([seq.text for seq in corpus_files()] + strategy_corpus(100))
    return _CORPUS


def _options(choose: Chooser) -> dict[str, str]:
    return {"style": choose.choice(STYLES), "form": choose.choice(FORMS),
            "keras": choose.choice(KERAS)}  # fmt: skip


def test_the_corpus_is_what_it_says() -> None:
    texts = corpus()
    assert len(corpus_files()) >= 150 and len(texts) == len(corpus_files()) + 100
    assert texts == corpus(), "the corpus must be the same on every call"
    assert strategy_corpus(5) == strategy_corpus(5), "the strategy part must be reproducible"


def mutations_of_the_corpus(count: int, seed: int, folder: Path) -> int:
    """Run `count` damaged programs drawn with `seed` through the library (and every
    CLI_EVERY-th through the command line, writing in `folder`); the number of cases run."""
    rng = random.Random(seed)
    choose = RandomChooser(rng)
    texts = corpus()
    outcome = Outcome()
    cases = succeeded = cli_runs = 0
    exits: set[int] = set()
    for case in range(count):
        text = mutate(choose.choice(texts), choose, texts)
        options = _options(choose)
        cases += 1
        succeeded += check_library(text, options, outcome)
        if case % CLI_EVERY == 0 and not cli_known_bug(text.encode(), options):
            exits.add(check_cli(text.encode(), folder, options))
            cli_runs += 1
    assert cli_runs >= cases // CLI_EVERY * 0.9
    # The damage must be neither always fatal nor always harmless, or the test tests little.
    assert 0.05 * cases < succeeded < 0.8 * cases, (succeeded, cases)
    assert exits == {0, 2}
    assert outcome.skipped < 0.01 * cases
    print(f"{cases} mutated cases, {succeeded} valid, {cli_runs} through the CLI, "
          f"{outcome.known} known-bug crashes, {outcome.skipped} skipped")  # fmt: skip
    return cases


@pytest.mark.slow
def test_mutations_of_the_corpus(workdir: Path) -> None:
    cases = mutations_of_the_corpus(MUTATIONS, SEED, workdir)
    assert cases >= 10_000 and cases == MUTATIONS


def test_a_sample_of_mutations_of_the_corpus(workdir: Path) -> None:
    """The quick tier's share of the run above: a few hundred cases, drawn with another seed
    (the full suite runs both)."""
    assert mutations_of_the_corpus(QUICK_MUTATIONS, SEED + 3, workdir) == QUICK_MUTATIONS


def test_random_bytes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SEQGEN_CACHE_DIR", str(tmp_path / "cache"))
    rng = random.Random(SEED + 1)
    choose = RandomChooser(rng)
    texts = corpus()
    outcome = Outcome()
    cases = MUTATIONS // 5
    undecodable = 0
    for case in range(cases):
        if case % 2:
            data = rng.randbytes(rng.randint(0, 200))
        else:
            data = mutate_bytes(choose.choice(texts).encode(), choose)
        try:
            text = decode_source(data, "fuzz.seq")
        except SeqgenError as e:
            undecodable += 1
            assert_positioned(e, data.decode("utf-8", "replace"))
        else:
            check_library(text, _options(choose), outcome)
        if case % CLI_EVERY == 0 and not cli_known_bug(data, DEFAULTS):
            check_cli(data, tmp_path, DEFAULTS)
    assert cases // 4 < undecodable < cases


def test_cli_in_subprocesses(tmp_path: Path) -> None:
    """A small sample through a real `python -m seqgen`: the same contract."""
    rng = random.Random(SEED + 2)
    choose = RandomChooser(rng)
    texts = corpus()
    env = {**os.environ, "SEQGEN_CACHE_DIR": str(tmp_path / "cache")}
    exits = []
    while len(exits) < 8:
        text = mutate(choose.choice(texts), choose, texts)
        wanted = 0 if len(exits) < 3 else 2  # both outcomes, in a fixed sample
        try:
            seqgen.generate(text)
            outcome = 0
        except SeqgenError:
            outcome = 2
        except Exception:  # noqa: BLE001, S112 - a known bug: not part of this sample
            continue
        if outcome != wanted or unrolls_too_far(text):
            continue
        src, out = tmp_path / "fuzz.seq", tmp_path / "out.py"
        src.write_bytes(text.encode("utf-8", "surrogatepass"))
        out.write_bytes(SENTINEL)
        proc = subprocess.run([sys.executable, "-m", "seqgen", "fuzz.seq", "-o", "out.py"],
                              cwd=tmp_path, env=env, capture_output=True, timeout=120, check=False)  # fmt: skip
        err = proc.stderr.decode("utf-8", "replace")
        assert b"Traceback" not in proc.stderr and "internal error" not in err
        assert proc.returncode == wanted, (err, text)
        if wanted == 0:
            assert out.read_text(encoding="utf-8") == seqgen.generate(text, filename="fuzz.seq")
        else:
            assert out.read_bytes() == SENTINEL
            assert re.match(r"fuzz\.seq:\d+:\d+: error: \S", err), err
        exits.append(proc.returncode)
    assert sorted(set(exits)) == [0, 2]


@_settings(100)
@given(rich_programs(max_statements=4), st.data())
def test_hypothesis_mutations(source: str, data: st.DataObject) -> None:
    text = mutate(source, DataChooser(data), [source])
    check_library(text, _options(DataChooser(data)), Outcome())


# --- atheris: a coverage-guided long run ------------------------------------------------------


def _dict_entry(word: str) -> str:
    """One line of a libFuzzer dictionary: the word's UTF-8 bytes, quoted and escaped."""
    return '"' + "".join(chr(b) if 32 <= b < 127 and b not in b'"\\' else f"\\x{b:02x}"
                         for b in word.encode("utf-8")) + '"\n'  # fmt: skip


def _atheris(argv: list[str]) -> None:
    """`python tests/test_fuzz.py --atheris [libFuzzer flags]`: fuzz the library with atheris,
    seeded with the corpus (written to a folder first); a crash stops with the input saved."""
    import tempfile

    import atheris

    import seqgen.api
    import seqgen.layout
    import seqgen.render
    import seqgen.layers

    seqgen.generate("input 4\ndense 4\n")  # loads the parser tables, catalogue, templates
    atheris.instrument_all()

    seeds = Path(tempfile.mkdtemp(prefix="seqgen-fuzz-seeds-"))
    for n, text in enumerate(corpus()):
        (seeds / f"{n:04d}.seq").write_text(text, encoding="utf-8", errors="surrogatepass")
    # Work folder: corpus/ grows with the inputs that reach new code, crashes/ gets any input
    # that breaks the contract, and tokens.dict is a libFuzzer dictionary of .seq syntax.
    work = Path(os.environ.get("SEQGEN_FUZZ_WORK", "fuzz-work"))
    (work / "corpus").mkdir(parents=True, exist_ok=True)
    (work / "crashes").mkdir(exist_ok=True)
    words = sorted({*SNIPPETS, *re.findall(r"[A-Za-z_]+", " ".join(corpus()[:80]))})
    (work / "tokens.dict").write_text("".join(map(_dict_entry, words)), encoding="ascii")
    flags = [f"-artifact_prefix={work / 'crashes'}/", f"-dict={work / 'tokens.dict'}", *argv]
    stats = {"runs": 0, "valid": 0, "known": 0, "start": time.time()}

    def one(data: bytes) -> None:
        stats["runs"] += 1
        fdp = atheris.FuzzedDataProvider(data)
        style, form, keras = STYLES[fdp.ConsumeIntInRange(0, 1)], FORMS[
            fdp.ConsumeIntInRange(0, 2)], KERAS[fdp.ConsumeIntInRange(0, 1)]  # fmt: skip
        raw = fdp.ConsumeBytes(fdp.remaining_bytes())
        try:
            text = decode_source(raw, "fuzz.seq")
        except SeqgenError as e:
            assert_positioned(e, raw.decode("utf-8", "replace"))
            return
        outcome = Outcome()
        stats["valid"] += check_library(text, {"style": style, "form": form, "keras": keras},
                                        outcome)  # fmt: skip
        stats["known"] += outcome.known
        if stats["runs"] % 10_000 == 0:
            print(f"# {stats['runs']} runs, {stats['valid']} valid, {stats['known']} known "
                  f"bugs, {time.time() - stats['start']:.0f} s", flush=True)  # fmt: skip

    atheris.Setup([sys.argv[0], *flags, str(work / "corpus"), str(seeds)], one)
    atheris.Fuzz()


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    if sys.argv[1:2] != ["--atheris"]:
        sys.exit("usage: python tests/test_fuzz.py --atheris [libFuzzer flags]")
    _atheris(sys.argv[2:])
