"""`seqgen fmt`: the canonical layout, comments kept, idempotent and meaning-preserving."""

from __future__ import annotations

import io
import os
import re
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import seqgen
from seqgen.cli import main
from seqgen.fmt import comments, format_source
from tests import corpus
from tests.conftest import EXAMPLES, ROOT
from tests.strategies import programs

CORPUS = corpus.sources(*corpus.VALID)


def fmt(text: str, **kw) -> str:
    return format_source(text, **kw)


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(["fmt", *args], stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


# --- the layout, rule by rule -----------------------------------------------------------------

CASES = {
    "spacing": ("dense   10  relu   as  x\nConv2D( 32,3 ,activation = 'relu')\n",
                "dense 10 relu as x\nConv2D(32, 3, activation='relu')\n"),
    "one statement per line": ("input 4; dense 3;dense 2\n", "input 4\ndense 3\ndense 2\n"),
    "operators and signs": ("rescaling 1/127.5 -1\ndense 7*7*128//2\ndense f-1 x=-1\n",
                            "rescaling 1 / 127.5 -1\ndense 7 * 7 * 128 // 2\ndense f - 1 x=-1\n"),
    "values as written": ("dense 1_000 kernel_regularizer=l2(1e-4) name=\"a\\\"b\" dtype='x'\n",
                          "dense 1_000 kernel_regularizer=l2(1e-4) name=\"a\\\"b\" dtype='x'\n"),
    "tuples and lists": ("input ( 10 , )\nreshape (2,5 ,)\nx vocabulary=[ 'a' ,'b', ]\n"
                         "y ( ( 3 ) )\nz ()\n",
                         "input (10,)\nreshape (2, 5)\nx vocabulary=['a', 'b']\ny ((3))\nz ()\n"),
    "blocks": ("sequential{dense 3;dense 4}as blk\nrepeat 2 {\n\n\n  dense 3\n\n}\n"
               "for w in [1,2] { dense w }\n",
               "sequential {\n    dense 3\n    dense 4\n} as blk\nrepeat 2 {\n    dense 3\n}\n"
               "for w in [1, 2] {\n    dense w\n}\n"),
    "blank lines": ("\n\n# a\n\n\n\ndense 3\n\ndense 4\n\n\n", "# a\n\ndense 3\n\ndense 4\n"),
    "model and input call": ("model  m( width = 8 ,d=2 )\nkeras.Input( shape = (3,) )\n",
                             "model m(width=8, d=2)\nkeras.Input(shape=(3,))\n"),
    "call statement comma": ("Dense(10),\nlayers.Dense(4) as out\n",
                             "Dense(10)\nlayers.Dense(4) as out\n"),
    "nested layers": ("bidirectional  ( lstm 64   return_sequences=true  as  f )\n",
                      "bidirectional (lstm 64 return_sequences=true as f)\n"),
    "comments": ("#c1\ndense 3 #c2\n  # c3\ndense 4;dense 5   # c4\n#!keep\n",
                 "# c1\ndense 3  # c2\n# c3\ndense 4\ndense 5  # c4\n#!keep\n"),
    "empty": ("\n\n  \n", ""),
    "only comments": ("# a\n\n\n# b", "# a\n\n# b\n"),
    "crlf and bom": ("\ufeffdense 3\r\ndense 4\r\n", "dense 3\ndense 4\n"),
}


@pytest.mark.parametrize("name", CASES)
def test_layout(name: str) -> None:
    source, expected = CASES[name]
    assert fmt(source) == expected
    assert fmt(expected) == expected


COMMENTED = """\
#!top comment
model m(width=128,  # the width
        drop=0.5)


# input
input 28x28x1   #shape
conv2d 32 3x3 relu;maxpool2d  #two
Conv2D(
    32,  # filters
    # kernel
    kernel_size=(3,
       3),  # ks
    # dangling
) as c1  # after
sequential {  # header
    dense 4

    # inside end
}  as blk # foot
for w in [1,   # one
  2] {
    dense w  # d
}
bidirectional (lstm  # head
  64 return_sequences=true) # end
dense 10 kernel_regularizer=l2(  # why
    1e-4
)
# final
"""

COMMENTED_FORMATTED = """\
#!top comment
model m(
    width=128,  # the width
    drop=0.5,
)

# input
input 28x28x1  # shape
conv2d 32 3x3 relu
maxpool2d  # two
Conv2D(
    32,  # filters
    # kernel
    kernel_size=(3, 3),  # ks
    # dangling
) as c1  # after
sequential {  # header
    dense 4

    # inside end
} as blk  # foot
for w in [
    1,  # one
    2,
] {
    dense w  # d
}
bidirectional (
    lstm  # head
    64 return_sequences=true
)  # end
dense 10 kernel_regularizer=l2(
    # why
    1e-4,
)
# final
"""


def test_comments_stay_beside_their_code() -> None:
    assert fmt(COMMENTED) == COMMENTED_FORMATTED
    assert fmt(COMMENTED_FORMATTED) == COMMENTED_FORMATTED
    assert [c.text for c in comments(COMMENTED_FORMATTED)] == [
        "#!top comment", "# the width", "# input", "# shape", "# two", "# filters", "# kernel",
        "# ks", "# dangling", "# after", "# header", "# inside end", "# foot", "# one", "# d",
        "# head", "# end", "# why", "# final",
    ]  # fmt: skip


def test_a_hash_inside_a_string_is_not_a_comment() -> None:
    assert fmt("dense 3 name='a#b'   # real\n") == "dense 3 name='a#b'  # real\n"
    assert fmt('dense 3 name="q\\"#"\n') == 'dense 3 name="q\\"#"\n'


LONG = (
    "dense 10 kernel_regularizer=l2(1e-4) kernel_initializer=random_normal(stddev=0.02) "
    "kernel_constraint=max_norm(2.0)\n"
)


def test_long_lines_wrap_inside_brackets_black_style() -> None:
    # The last bracket whose head and tail then fit: its contents on one indented line.
    assert fmt(LONG) == (
        "dense 10 kernel_regularizer=l2(1e-4) kernel_initializer=random_normal(\n"
        "    stddev=0.02\n"
        ") kernel_constraint=max_norm(2.0)\n"
    )
    # Contents too long for one line: one item per line with a trailing comma.
    call = "Conv2D(64, kernel_size=(3, 3), activation='relu', padding='same', name='c')\n"
    assert fmt(call, line_length=40) == (
        "Conv2D(\n"
        "    64,\n"
        "    kernel_size=(3, 3),\n"
        "    activation='relu',\n"
        "    padding='same',\n"
        "    name='c',\n"
        ")\n"
    )
    # A nested layer's words are filled onto lines like a paragraph.
    nested = "bidirectional (gru 8 activation=tanh use_bias=true return_sequences=true as g) as b\n"
    assert fmt(nested, line_length=40) == (
        "bidirectional (\n"
        "    gru 8 activation=tanh use_bias=true\n"
        "    return_sequences=true as g\n"
        ") as b\n"
    )
    # A one-element tuple keeps its comma, a parenthesized value gets none.
    assert fmt("input (100000000000000000000,)\ndense (10000000000000000)\n", line_length=20) == (
        "input (\n    100000000000000000000,\n)\ndense (\n    10000000000000000\n)\n"
    )
    # Without brackets there is nowhere to break: the line stays as it is.
    flat = "dense 10 activation=relu use_bias=false name=\"" + "x" * 120 + "\"\n"
    assert fmt(flat) == flat


def test_layer_case() -> None:
    source = "Conv2D 8 3\nmax_pooling2d\nMaxPool2D\nmaxpool2d\nbidirectional (LSTM 4)\nDense(3)\n"
    assert fmt(source, layer_case="preserve") == source
    assert fmt(source, layer_case="lower") == (
        "conv2d 8 3\nmax_pooling2d\nMaxPool2D\nmaxpool2d\nbidirectional (lstm 4)\nDense(3)\n"
    )
    assert fmt(source, layer_case="keras") == (
        "Conv2D 8 3\nMaxPooling2D\nMaxPool2D\nmaxpool2d\nBidirectional (LSTM 4)\nDense(3)\n"
    )


def test_syntax_errors_are_seqgen_errors() -> None:
    with pytest.raises(seqgen.SeqgenError) as e:
        fmt("dense 10 (\n", filename="m.seq")
    assert "m.seq:1:10: error: '(' was never closed" in e.value.render()


# --- meaning: every corpus file, and random programs ------------------------------------------


@pytest.mark.parametrize("seq", CORPUS, ids=lambda s: s.id)
def test_corpus_formats_to_the_same_python(seq: corpus.Source) -> None:
    source = seq.text
    formatted = fmt(source)
    assert fmt(formatted) == formatted
    for style in ("list", "add"):
        before = seqgen.generate(source, style=style, filename=seq.name)
        after = seqgen.generate(formatted, style=style, filename=seq.name)
        assert after == before
    narrow = fmt(source, line_length=30)
    assert fmt(narrow, line_length=30) == narrow
    assert seqgen.generate(narrow, filename=seq.name) == seqgen.generate(source, filename=seq.name)


def test_shipped_examples_are_formatted() -> None:
    code, _, err = run("--check", str(EXAMPLES))
    assert code == 0, err


def _scramble(source: str, data: st.DataObject) -> str:
    """The same program laid out badly: extra spaces and tabs outside strings, comments at
    line ends, blank lines."""
    out_lines = []
    for n, line in enumerate(source.split("\n")):
        chars = []
        quote = None
        for ch in line:
            if quote:
                quote = None if ch == quote and (not chars or chars[-1] != "\\") else quote
            elif ch in "\"'":
                quote = ch
            elif ch == " " and data.draw(st.booleans(), label="widen"):
                ch = data.draw(st.sampled_from(["  ", "\t", "   "]), label="space")
            chars.append(ch)
        line = "".join(chars)
        if line.strip() and data.draw(st.booleans(), label="comment"):
            line += f"  #c{n}"
        out_lines.append(line)
        if data.draw(st.integers(0, 4), label="blank") == 0:
            out_lines.append("")
    return "\n".join(out_lines)


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])  # fmt: skip
@given(programs(), st.data(), st.integers(20, 120), st.sampled_from(["preserve", "lower", "keras"]))
def test_formatting_is_idempotent_and_keeps_the_generated_python(source, data, width, case):
    messy = _scramble(source, data)
    formatted = fmt(messy, line_length=width, layer_case=case)
    assert fmt(formatted, line_length=width, layer_case=case) == formatted
    assert [c.text for c in comments(formatted)] == [
        c.text for c in comments(messy)
    ]
    for style in ("list", "add"):
        assert seqgen.generate(formatted, style=style) == seqgen.generate(source, style=style)
    assert not re.search(r"[ \t]+$", formatted, re.M)


# --- the command ------------------------------------------------------------------------------


def test_check_diff_and_rewrite(tmp_path: Path) -> None:
    messy = tmp_path / "m.seq"
    messy.write_text("input 4;dense  3\n")
    tidy = tmp_path / "sub" / "t.seq"
    tidy.parent.mkdir()
    tidy.write_text("dense 3\n")
    os.utime(tidy, (1_000_000, 1_000_000))
    code, out, err = run("--check", str(tmp_path))
    assert code == 1 and out == ""
    assert err == f"would reformat {messy}\n1 file would be reformatted, 1 file would be left unchanged.\n"
    assert messy.read_text() == "input 4;dense  3\n"
    code, out, err = run("--diff", str(messy))
    assert code == 0 and "-input 4;dense  3\n+input 4\n+dense 3\n" in out
    assert messy.read_text() == "input 4;dense  3\n"
    code, out, err = run(str(tmp_path))
    assert code == 0 and out == ""
    assert err == f"reformatted {messy}\n1 file reformatted, 1 file left unchanged.\n"
    assert messy.read_text() == "input 4\ndense 3\n"
    assert tidy.stat().st_mtime == 1_000_000  # an unchanged file is not rewritten
    assert run("--check", "-q", str(tmp_path)) == (0, "", "")


def test_bad_files_are_reported_and_left_alone(tmp_path: Path) -> None:
    bad = tmp_path / "bad.seq"
    bad.write_text("dense 3\nconv2d (\n")
    good = tmp_path / "good.seq"
    good.write_text("dense   3\n")
    code, out, err = run(str(bad), str(good), str(tmp_path / "missing.seq"))
    assert code == 2
    assert f"{bad}:2:8: error: '(' was never closed" in err
    assert f"{tmp_path / 'missing.seq'}: error: no such file" in err
    assert "Traceback" not in err
    assert bad.read_text() == "dense 3\nconv2d (\n"
    assert good.read_text() == "dense 3\n"  # the good file is still formatted


def test_stdin_to_stdout(monkeypatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"dense   3;dense 4")))
    assert run("-") == (0, "dense 3\ndense 4\n", "")


def test_usage_errors() -> None:
    assert run()[0] == 2
    assert run("-", "x.seq")[0] == 2
    assert run("--line-length", "5", "x.seq")[0] == 2


def test_seq_examples_in_the_editor_docs_are_formatted() -> None:
    text = (ROOT / "docs" / "editors.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```seq\n(.*?)```", text, re.S)
    assert blocks
    for block in blocks:
        assert fmt(block) == block
        seqgen.check_model(block)
