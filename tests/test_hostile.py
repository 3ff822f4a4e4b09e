"""Hostile input: each case has one defined outcome, tested through the library and the CLI.

`CASES` is a table of (input bytes, expected outcome).  An outcome is either

- `Error(line, column, message)`: `seqgen.generate` raises a `SeqgenError` whose first
  diagnostic is at exactly that place and whose message contains `message`; and
  `seqgen h.seq -o out.py` exits 2 with `h.seq:LINE:COL: error: ...message...`, no traceback,
  and `out.py` (which held other text) byte-for-byte as it was; or
- `Generates(check)`: the code generates in both styles, is safe (only Keras, see
  tests/test_security.py), holds no raw control or bidirectional characters, and `check`
  holds of it; the command line exits 0 and writes exactly the library's code.

Cases already covered by a snapshot in tests/errors/ (docs/reliability.md lists them) are not
repeated here.  Cases where seqgen is wrong today are strict xfails with the outcome seqgen
should have; docs/reliability.md lists them as known bugs.
"""

from __future__ import annotations

import ast
import io
import os
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

import seqgen
from seqgen.cli import main
from seqgen.files import decode_source
from tests.test_security import assert_safe_module

SENTINEL = b"# not generated: a failed run must leave this file as it was\n"


@dataclass(frozen=True)
class Error:
    line: int
    column: int
    message: str
    #: Further diagnostics the CLI must print, as `LINE:COL: error: text` fragments.
    more: tuple[str, ...] = ()
    #: Text the CLI's source excerpt under the first headline must show.
    excerpt: str | None = None


@dataclass(frozen=True)
class Generates:
    check: Callable[[str], object] = lambda code: None


@dataclass(frozen=True)
class Case:
    id: str
    data: bytes
    expected: Error | Generates
    xfail: str | None = None


# --- helpers for the checks -------------------------------------------------------------------


def _calls(code: str, func: str) -> list[ast.Call]:
    return [n for n in ast.walk(ast.parse(code)) if isinstance(n, ast.Call)
            and ast.unparse(n.func) == func]  # fmt: skip


def kwarg(code: str, func: str, name: str) -> object:
    """The literal value of keyword `name` of the first call of `func`."""
    call = _calls(code, func)[0]
    return ast.literal_eval(next(k.value for k in call.keywords if k.arg == name))


def first_arg(code: str, func: str) -> object:
    return _number(_calls(code, func)[0].args[0])


def _number(node: ast.expr) -> object:
    """The value of a constant expression of numbers, signs and + (no eval)."""
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        value = _number(node.operand)
        return -value if isinstance(node.op, ast.USub) else +value  # type: ignore[operator]
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _number(node.left) + _number(node.right)  # type: ignore[operator]
    return ast.literal_eval(node)


def name_is(expected: str) -> Callable[[str], object]:
    def check(code: str) -> None:
        assert kwarg(code, "layers.Dense", "name") == expected

    return check


def model_name_is(expected: str) -> Callable[[str], object]:
    def check(code: str) -> None:
        assert kwarg(code, "keras.Sequential", "name") == expected

    return check


def vocabulary_is(expected: list[str]) -> Callable[[str], object]:
    def check(code: str) -> None:
        assert kwarg(code, "layers.StringLookup", "vocabulary") == expected

    return check


def same_as(data: bytes) -> Callable[[str], object]:
    """The same code as another input (CRLF, BOM and tabs change nothing)."""

    def check(code: str) -> None:
        text = data.decode("utf-8")
        assert code in [seqgen.generate(text, filename="h.seq", style=s) for s in ("list", "add")]

    return check


def builtin_parameters(code: str) -> None:
    (fn,) = [n for n in ast.walk(ast.parse(code)) if isinstance(n, ast.FunctionDef)]
    assert [a.arg for a in fn.args.args] == ["list", "exec", "eval", "tensorflow"]
    assert ast.unparse(_calls(code, "layers.Dense")[0]) == "layers.Dense(list)"


def compiles(code: str) -> None:
    compile(code, "generated.py", "exec")  # the Python compiler's limits, beyond ast.parse


STRING_INPUT = b"input 1 dtype=string\n"
DIGITS = b"9" * 5000
MB = 1_000_000
NEST = 10_000


def _nested(open_: bytes, close: bytes, n: int, inner: bytes) -> bytes:
    return open_ * n + inner + close * n


CASES = [
    # --- quotes, backslashes, newlines, NUL, bidirectional and other unicode in strings ---
    Case("quotes_in_a_name", b'input 4\ndense 4 as "it\'s \\"q\\""\n',
         Generates(name_is("it's \"q\""))),
    Case("backslash_in_a_name", b'input 4\ndense 4 as "a\\\\b"\n', Generates(name_is("a\\b"))),
    Case("escaped_newline_in_a_name", b'input 4\ndense 4 as "a\\nb"\n',
         Error(2, 9, "a layer name cannot contain control characters")),
    Case("escaped_newlines_in_strings", STRING_INPUT
         + b'string_lookup vocabulary=["a\\nb", "c\\r\\nd"]\n',
         Generates(vocabulary_is(["a\nb", "c\r\nd"]))),
    Case("triple_quoted_name", b'input 4\ndense 4 as """x"""\n',
         Error(2, 14, "unexpected '\"x\"'; expected ';', a new line or the end of the file")),
    Case("triple_quotes_inside_strings", STRING_INPUT
         + b'string_lookup vocabulary=["\'\'\'", \'"""\']\n',
         Generates(vocabulary_is(["'''", '"""']))),
    Case("nul_byte", b"input 4\ndense 4\x00\n", Error(2, 8, "unexpected character U+0000")),
    Case("nul_byte_inside_a_string", STRING_INPUT + b'string_lookup vocabulary=["a\x00b"]\n',
         Generates(vocabulary_is(["a\x00b"]))),
    Case("escaped_nul_in_a_name", b'input 4\ndense 4 as "a\\x00b"\n',
         Error(2, 9, "a layer name cannot contain control characters")),
    Case("right_to_left_override_in_a_name", 'input 4\ndense 4 as "\u202eabc"\n'.encode(),
         Error(2, 9, "a layer name cannot contain control characters")),
    Case("bidirectional_controls_in_strings", STRING_INPUT
         + 'string_lookup vocabulary=["\u202eabc\u2066", "\u200f"]\n'.encode(),
         Generates(vocabulary_is(["\u202eabc\u2066", "\u200f"]))),
    Case("right_to_left_override_in_a_comment",
         "input 4\ndense 4  # \u202e }; import os\n".encode(),
         Generates(lambda code: "os" not in code)),
    Case("right_to_left_override_in_a_bare_word", "input 4\ndense 4 as a\u202eb\n".encode(),
         Error(2, 13, "unexpected character U+202E")),
    Case("unicode_name", 'input 4\ndense 4 as "ünïcödé 名前 😀"\n'.encode(),
         Generates(name_is("ünïcödé 名前 😀"))),
    Case("unicode_in_a_bare_name", "input 4\ndense 4 as café\n".encode(),
         Error(2, 15, "unexpected character 'é'")),
    Case("unicode_in_a_layer_name", "input 4\ndénse 4\n".encode(),
         Error(2, 2, "unexpected character 'é'")),
    Case("unicode_model_name", 'model "模型"\ninput 4\ndense 4\n'.encode(),
         Generates(model_name_is("模型"))),
    # --- text that tries to leave its string literal ---
    Case("breaking_out_of_a_name", b'input 4\ndense 4 as "x\\"); import os  #"\n',
         Generates(name_is('x"); import os  #'))),
    Case("breaking_out_of_a_single_quoted_name", b"input 4\ndense 4 as 'x\\'); import os  #'\n",
         Generates(name_is("x'); import os  #"))),
    Case("breaking_out_of_the_model_name",
         b'model "m\\", x=__import__(\'os\')) #"\ninput 4\ndense 4\n',
         Generates(model_name_is("m\", x=__import__('os')) #"))),
    Case("breaking_out_of_a_vocabulary", STRING_INPUT
         + b'string_lookup vocabulary=["\\"]); import os; (\\""]\n',
         Generates(vocabulary_is(['"]); import os; ("']))),
    Case("breaking_out_of_a_name_keyword", b'input 4\ndense 4 name="x\\")\\nimport os\\n#"\n',
         Error(2, 14, "a layer name cannot contain control characters")),
    # --- Python keywords and builtins as names ---
    Case("keyword_as_a_layer_name", b"input 4\ndense 4 as class\n", Generates(name_is("class"))),
    Case("builtin_as_a_layer_name", b"input 4\ndense 4 as print\n", Generates(name_is("print"))),
    Case("dunder_as_a_layer_name", b"input 4\ndense 4 as __import__\n",
         Generates(name_is("__import__"))),
    Case("keyword_as_the_model_name", b"model class\ninput 4\ndense 4\n",
         Generates(model_name_is("class"))),
    Case("builtin_as_the_model_name", b"model print\ninput 4\ndense 4\n",
         Generates(model_name_is("print"))),
    Case("None_as_the_model_name", b"model None\ninput 4\ndense 4\n",
         Generates(model_name_is("None"))),
    Case("keyword_and_builtin_as_parameters", b"model m(class=1, print=2)\ninput 4\ndense 4\n",
         Error(1, 9, "parameter 'class' is a Python keyword",
               more=("1:18: error: parameter 'print' is a name the generated code uses",))),
    Case("None_as_a_parameter", b"model m(None=1)\ninput 4\ndense 4\n",
         Error(1, 9, "parameter 'None' is a Python keyword")),
    Case("soft_keyword_as_a_parameter", b"model m(match=1)\ninput 4\ndense 4\n",
         Error(1, 9, "parameter 'match' is a Python keyword")),
    Case("harmless_builtins_as_parameters",
         b"model m(list=1, exec=2, eval=3, tensorflow=4)\ninput 4\ndense list\n",
         Generates(builtin_parameters)),
    Case("dunder_parameter", b"model m(__import__=1)\ninput 4\ndense 4\n",
         Error(1, 9, "parameter '__import__' starts with an underscore")),
    Case("generated_name_as_a_parameter", b"model m(keras=1)\ninput 4\ndense 4\n",
         Error(1, 9, "parameter 'keras' is a name the generated code uses")),
    Case("keyword_as_a_loop_variable", b"input 4\nfor class in [1] { dense 4 }\n",
         Error(2, 5, "loop variable 'class' is a Python keyword")),
    Case("builtin_as_a_loop_variable", b"input 4\nfor print in [1] { dense 4 }\n",
         Error(2, 5, "loop variable 'print' is a name the generated code uses")),
    # --- numbers ---
    Case("5000_digit_shape_dimension", b"input 5x" + DIGITS + b"\ndense 4\n",
         Error(1, 7, "shape dimension is too long")),
    Case("5000_digit_parameter_default", b"model m(a=" + DIGITS + b")\ninput 4\ndense a\n",
         Error(1, 11, "number 99999999999999999999... is too long")),
    Case("5000_digit_repeat_count", b"input 4\nrepeat " + DIGITS + b" { dense 4 }\n",
         Error(2, 8, "number 99999999999999999999... is too long")),
    Case("5000_digit_float", b"input 4\ndropout " + DIGITS + b".0\n",
         Error(2, 9, "number 99999999999999999999... is too large: it is not finite")),
    Case("5000_digit_fraction", b"input 4\ndropout 0." + b"1" * 5000 + b"\n",
         Generates(lambda code: first_arg(code, "layers.Dropout") == 0.1111111111111111)),
    Case("float_underflow", b"input 4\ndropout 1e-400\n",
         Generates(lambda code: first_arg(code, "layers.Dropout") == 0.0)),
    Case("negative_infinity", b"input 4\ndense 4 kernel_regularizer=l2(-1e400)\n",
         Error(2, 32, "number 1e400 is too large: it is not finite as a float")),
    Case("negative_units", b"input 4\ndense -3\n", Error(2, 7, "Dense units must be at least 1, not -3")),
    Case("zero_in_a_kernel_size", b"input 8x8x3\nconv2d 8 0x3\n",
         Error(2, 10, "Conv2D kernel_size must be at least 1, not (0, 3)")),
    Case("negative_rate", b"input 4\ndropout -0.5\n",
         Error(2, 9, "Dropout rate must be between 0 and 1, not -0.5")),
    Case("zero_sized_input", b"input 0\ndense 4\n",  # Keras accepts shape (0,)
         Generates(lambda code: kwarg(code, "keras.Input", "shape") == (0,))),
    Case("negative_input_dimension", b"input -1\ndense 4\n",
         Error(1, 7, "input shape cannot have a negative dimension: (-1,)")),
    Case("4299_digit_units", b"input 4\ndense " + b"9" * 4299 + b"\ndense " + b"9" * 4299 + b"\n",
         Error(2, 7, "Dense units is too large: a number of about 4,300 digits (the limit is "
                     "2**63 - 1)", more=("3:7: error: Dense units is too large",))),
    Case("20_digit_repeat_count", b"input 4\nrepeat 99999999999999999999 { dense 4 }\n",
         Error(2, 8, "this repeat unrolls to more than 1,000,000 layers, seqgen's limit")),
    Case("repeat_of_10_million_layers", b"input 4\nrepeat 10000000 { dense 4 }\n",
         Error(2, 8, "this repeat unrolls to more than 1,000,000 layers, seqgen's limit")),
    Case("nested_repeats_past_the_layer_limit",
         b"input 4\nrepeat 1000 {\n    repeat 1001 { dense 4 }\n}\n",
         Error(2, 8, "this repeat unrolls to more than 1,000,000 layers")),
    # --- nesting ---
    Case("10000_nested_parentheses", b"input 4\ndense " + _nested(b"(", b")", NEST, b"4") + b"\n",
         Error(2, 107, "brackets are nested more than 100 levels deep")),
    Case("10000_nested_lists", STRING_INPUT + b"string_lookup vocabulary="
         + _nested(b"[", b"]", NEST, b'"a"') + b"\n",
         Error(2, 126, "brackets are nested more than 100 levels deep")),
    Case("10000_nested_repeat_blocks", b"input 4\n"
         + _nested(b"repeat 1 {\n", b"}\n", NEST, b"dense 4\n"),
         Error(102, 10, "brackets are nested more than 100 levels deep")),
    Case("10000_nested_sequential_blocks", b"input 4\n"
         + _nested(b"sequential { ", b"}", NEST, b"dense 4 ") + b"\n",
         Error(2, 1312, "brackets are nested more than 100 levels deep")),
    Case("10000_unary_minus_signs", b"input 4\ndense " + b"-" * NEST + b"4\n",
         Error(2, 7, "the expression is nested more than 100 levels deep")),
    Case("10000_term_sum", b"input 4\ndense " + b"+".join([b"1"] * NEST) + b"\n",
         Error(2, 7, "the expression is nested more than 100 levels deep")),
    Case("100_nested_parentheses", b"input 4\ndense " + _nested(b"(", b")", 100, b"4") + b"\n",
         Generates(lambda code: first_arg(code, "layers.Dense") == 4)),
    Case("100_unary_minus_signs", b"input 4\ndense " + b"-" * 100 + b"4\n",
         Generates(lambda code: first_arg(code, "layers.Dense") == 4)),
    Case("100_term_sum", b"input 4\ndense " + b"+".join([b"1"] * 100) + b"\n",
         Generates(lambda code: first_arg(code, "layers.Dense") == 100)),
    # Python compiles at most 20 nested blocks (for loops in --style add) and 200 nested
    # brackets (two per sequential block in --style list): seqgen allows 16 nested blocks.
    Case("16_nested_loops", b"model m(d=1)\ninput 4\n"
         + _nested(b"repeat d {\n", b"}\n", 16, b"dense 4\n"), Generates(compiles)),
    Case("17_nested_loops", b"model m(d=1)\ninput 4\n"
         + _nested(b"repeat d {\n", b"}\n", 17, b"dense 4\n"),
         Error(19, 1, "blocks are nested more than 16 levels deep")),
    Case("99_nested_loops", b"model m(d=1)\ninput 4\n"
         + _nested(b"repeat 1 {\n", b"}\n", 99, b"dense 4\n"),
         Error(19, 1, "blocks are nested more than 16 levels deep")),
    Case("16_nested_sequential_blocks", b"input 4\n"
         + _nested(b"sequential {\n", b"}\n", 16, b"dense 4\n"), Generates(compiles)),
    Case("99_nested_sequential_blocks", b"input 4\n"
         + _nested(b"sequential {\n", b"}\n", 99, b"dense 4\n"),
         Error(18, 1, "blocks are nested more than 16 levels deep")),
    Case("empty_loop_before_a_layer", b"input 4\nrepeat 2 { }\ndense 4\n",
         Error(2, 1, "a 'repeat' block needs at least one layer")),
    Case("empty_loop_at_the_end", b"input 4\ndense 4\nfor v in [1, 2] { }\n",
         Error(3, 1, "a 'for' block needs at least one layer")),
    Case("positional_layer_name", b"input 4\npipeline [(rescaling 0.5)] x\n",
         Error(2, 1, "give a layer's name with 'as NAME' or name=, not positionally")),
    # --- line ends, byte order marks, tabs, encodings ---
    Case("crlf_line_ends", b"input 4\r\ndense 4 relu\r\n",
         Generates(same_as(b"input 4\ndense 4 relu\n"))),
    Case("crlf_error_position", b"input 4\r\ndense 4 rlu\r\n",
         Error(2, 9, "unknown activation 'rlu' for Dense", excerpt=" 2 | dense 4 rlu\n")),
    Case("utf8_byte_order_mark", b"\xef\xbb\xbfinput 4\ndense 4\n",
         Generates(same_as(b"input 4\ndense 4\n"))),
    Case("byte_order_mark_error_position", b"\xef\xbb\xbfdense2 4\n",
         Error(1, 1, "unknown layer 'dense2'", excerpt=" 1 | dense2 4\n")),
    Case("tabs", b"input 4\n\tdense\t4\trelu\n", Generates(same_as(b"input 4\ndense 4 relu\n"))),
    Case("tab_error_position", b"input 4\n\tdense\t4\trlu\n",
         Error(2, 10, "unknown activation 'rlu' for Dense", excerpt="   |          ^^^\n")),
    Case("carriage_returns_only", b"input 4\rdense 4\r", Error(1, 8, "unexpected character U+000D")),
    Case("form_feed_in_a_comment", b"# a\x0cb\ninput 4\ndense 4 rlu\n",
         Error(3, 9, "unknown activation 'rlu'", excerpt=" 3 | dense 4 rlu\n")),
    Case("line_separator_in_a_comment", "# a\u2028b\ninput 4\ndense 4 rlu\n".encode(),
         Error(3, 9, "unknown activation 'rlu'", excerpt=" 3 | dense 4 rlu\n")),
    Case("form_feed_before_the_end_of_the_file", b"input\x0c 784\nrepeat 2",
         Error(2, 9, "unexpected end of file", excerpt=" 2 | repeat 2\n")),
    Case("utf16_file", "input 4\ndense 4\n".encode("utf-16"),
         Error(1, 1, "the file is not valid UTF-8 (byte 0xff)")),
    Case("overlong_utf8", b'input 4\ndense 4 as "\xc0\xaf"\n',
         Error(2, 13, "the file is not valid UTF-8 (byte 0xc0)")),
    Case("utf8_encoded_surrogate", b'input 4\ndense 4 as "\xed\xa0\x80"\n',
         Error(2, 13, "the file is not valid UTF-8 (byte 0xed)")),
    Case("only_a_byte_order_mark", b"\xef\xbb\xbf",
         Error(1, 1, "the file defines no model: it is empty or only comments")),
    Case("only_white_space", b"  \n\t\n\n",
         Error(1, 1, "the file defines no model: it is empty or only comments")),
    # --- size ---
    Case("1_mb_string", STRING_INPUT + b'string_lookup vocabulary=["' + b"a" * MB + b'"]\n',
         Generates(vocabulary_is(["a" * MB]))),
    Case("1_mb_comment", b"input 4\ndense 4  # " + b"x" * MB + b"\n",
         Generates(lambda code: len(code) < 1000)),
    Case("1_mb_name", b"input 4\ndense 4 as " + b"a" * MB + b"\n", Generates(name_is("a" * MB))),
    Case("error_at_the_end_of_a_1_mb_line",
         b'input 4\ndense 4 name="' + b"a" * MB + b'" rlu\n',
         Error(2, MB + 17, "unknown activation 'rlu' for Dense")),
]  # fmt: skip


def _param(case: Case) -> object:
    marks = [pytest.mark.xfail(strict=True, reason=case.xfail)] if case.xfail else []
    return pytest.param(case, id=case.id, marks=marks)


def run_cli(data: bytes, folder: Path, *options: str) -> tuple[int, str, str]:
    """`seqgen h.seq -o out.py` in-process from inside `folder`, out.py holding SENTINEL."""
    (folder / "h.seq").write_bytes(data)
    (folder / "out.py").write_bytes(SENTINEL)
    out, err = io.StringIO(), io.StringIO()
    cwd = os.getcwd()
    os.chdir(folder)
    try:
        code = main(["h.seq", "-o", "out.py", *options], stdout=out, stderr=err)
    finally:
        os.chdir(cwd)
    return code, out.getvalue(), err.getvalue()


@pytest.mark.parametrize("case", [_param(c) for c in CASES])
def test_hostile_input(case: Case, workdir: Path) -> None:
    expected = case.expected
    if isinstance(expected, Error):
        with pytest.raises(seqgen.SeqgenError) as e:
            seqgen.generate(decode_source(case.data, "h.seq"), filename="h.seq")
        assert (e.value.line, e.value.column) == (expected.line, expected.column), e.value
        assert expected.message in e.value.message
    else:
        text = decode_source(case.data, "h.seq")
        for style in ("add", "list"):
            generated = seqgen.generate(text, filename="h.seq", style=style)
            assert_safe_module(generated)
            assert all(ch == "\n" or ch.isprintable() for ch in generated)
            expected.check(generated)
        code = seqgen.generate(text, filename="h.seq")
    status, out, err = run_cli(case.data, workdir)
    assert "Traceback" not in err and "internal error" not in err, err[:2000]
    assert out == ""
    assert sorted(p.name for p in workdir.iterdir()) == ["h.seq", "out.py"]  # no temp files
    if isinstance(expected, Error):
        assert status == 2
        headline = f"h.seq:{expected.line}:{expected.column}: error: "
        assert err.startswith(headline) and expected.message in err.split("\n", 1)[0], err[:500]
        for fragment in expected.more:
            assert f"\nh.seq:{fragment}" in err
        if expected.excerpt is not None:  # in the two lines under the headline
            assert expected.excerpt in "\n".join(err.split("\n")[1:3]) + "\n", err[:500]
        assert max(map(len, err.split("\n"))) < 600  # long lines are shown as a window
        assert (workdir / "out.py").read_bytes() == SENTINEL
    else:
        assert status == 0, err[:2000]
        assert (workdir / "out.py").read_text(encoding="utf-8") == code


def test_every_case_is_named_once() -> None:
    ids = [c.id for c in CASES]
    assert len(ids) == len(set(ids)) >= 70


# --- cases that need more than the table ------------------------------------------------------


def test_file_name_with_a_newline_does_not_reach_the_code(workdir: Path, monkeypatch) -> None:
    name = "evil\nimport os\r\u2028x = 1\x85.seq"
    (workdir / name).write_bytes(b"input 4\ndense 4\n")
    monkeypatch.chdir(workdir)
    out, err = io.StringIO(), io.StringIO()
    assert main([name, "-o", "out.py"], stdout=out, stderr=err) == 0
    code = (workdir / "out.py").read_text(encoding="utf-8")
    assert code.split("\n", 1)[0] == (
        "# Code generated by seqgen from evilimport osx = 1.seq. DO NOT EDIT."
    )
    assert_safe_module(code)
    assert "\r" not in code and "\u2028" not in code and "\x85" not in code
    tree = ast.parse(code)
    assert [type(n).__name__ for n in tree.body] == ["ImportFrom", "ImportFrom", "FunctionDef"]


def test_file_name_with_a_newline_in_an_error_message(workdir: Path) -> None:
    name = "bad\nname.seq"
    (workdir / name).write_bytes(b"dense2 4\n")
    out, err = io.StringIO(), io.StringIO()
    assert main([str(workdir / name)], stdout=out, stderr=err) == 2
    assert err.getvalue().startswith(f"{workdir / name}:1:1: error: unknown layer 'dense2'")


@pytest.mark.slow
def test_100000_layers(workdir: Path) -> None:
    """Measured: 7 s through the command line on a quiet machine (22 s beside two fuzzers),
    writing 2.9 MB of Python."""
    data = b"input 4\n" + b"dense 4\n" * 100_000
    start = time.perf_counter()
    status, _, err = run_cli(data, workdir)
    elapsed = time.perf_counter() - start
    assert status == 0, err
    code = (workdir / "out.py").read_text(encoding="utf-8")
    assert code.count("layers.Dense(4)") == 100_000
    ast.parse(code)
    assert elapsed < 120


def test_huge_repeat_count_is_refused_quickly(tmp_path: Path) -> None:
    """`repeat 10000000 { dense 4 }` is refused at once, not unrolled (that took 20 minutes
    before seqgen had a limit), also in a real process."""
    (tmp_path / "h.seq").write_text("input 4\nrepeat 10000000 { dense 4 }\n")
    proc = subprocess.run([sys.executable, "-m", "seqgen", "check", "h.seq"], cwd=tmp_path,
                          capture_output=True, timeout=5, check=False)  # fmt: skip
    assert proc.returncode == 2
    assert proc.stderr.decode().startswith("h.seq:2:8: error: ")
