"""Values given for model parameters (`-D NAME=VALUE`, the library's keyword arguments) go
through every check a default goes through: kinds, bounds, choices, repeat counts, `for`
lists, input shapes and the layer limit.  Each problem is reported where the value lands in the
`.seq` file and says where the value came from; exit 2, nothing written.  The generated code is
written at the defaults, with or without -D.

And an integer parameter where a shape is expected is a 1-tuple, as a literal integer is
(Keras refuses `keras.Input(shape=4)` and `layers.Reshape(4)`, measured in Keras 3.15.1).
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

import seqgen
from seqgen.api import build, summarize_at
from seqgen.cli import main

MLP = "model m(p=0.5, act=\"relu\", n=4)\ninput 4\ndropout p\ndense n\nactivation act\n"
REPEAT = "model m(n=2)\ninput 4\nrepeat n { dense 3 }\n"
FOR = "model m(fs=[8, 16])\ninput 4\nfor f in fs { dense f }\n"
SHAPE = "model m(shape=(28, 28))\ninput shape\nflatten\ndense 2\n"
WIDTH = "model m(n=100)\ninput n\ndense 2\n"
BACKWARD = ("model m(g=true)\ninput 6x3\n"
            "bidirectional (lstm 4) backward_layer=(lstm 4 go_backwards=g)\n")  # fmt: skip


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(args), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "m.seq"
    path.write_text(text)
    return path


BAD = [
    (MLP, "n=2.5", "m.seq:4:7: error: Dense units expects a whole number, not 2.5 "
     "(n=2.5 given with -D)\n 4 | dense n\n   |       ^\n"),
    (MLP, "n=0", "m.seq:4:7: error: Dense units must be at least 1, not 0 (n=0 given with -D)\n"
     " 4 | dense n\n   |       ^\n"),
    (MLP, "p=1.5", "m.seq:3:9: error: Dropout rate must be between 0 and 1, not 1.5 "
     "(p=1.5 given with -D)\n 3 | dropout p\n   |         ^\n"),
    (MLP, "act=tahn", "m.seq:5:12: error: Activation activation expects an activation, not the "
     "string 'tahn' (act='tahn' given with -D)\n 5 | activation act\n   |            ^^^\n"),
    (REPEAT, "n=0", "m.seq:3:8: error: a repeat count must be a whole number of at least 1, "
     "not 0 (n=0 given with -D)\n 3 | repeat n { dense 3 }\n   |        ^\n"),
    (REPEAT, "n=-1", "m.seq:3:8: error: a repeat count must be a whole number of at least 1, "
     "not -1 (n=-1 given with -D)\n 3 | repeat n { dense 3 }\n   |        ^\n"),
    (REPEAT, "n=2.5", "m.seq:3:8: error: parameter 'n' is used as a repeat count, so its value "
     "must be a whole number, not 2.5 (n=2.5 given with -D)\n 3 | repeat n { dense 3 }\n"
     "   |        ^\nm.seq:1:9: note: the parameter is defined here\n 1 | model m(n=2)\n"
     "   |         ^\n"),
    (REPEAT, "n=10000000", "m.seq:3:8: error: this repeat unrolls to more than 1,000,000 "
     "layers, seqgen's limit for a model (n=10000000 given with -D)\n"
     " 3 | repeat n { dense 3 }\n   |        ^\n"),
    (FOR, "fs=8", "m.seq:3:10: error: parameter 'fs' is used as a for list, so its value must "
     "be a list, not 8 (fs=8 given with -D)\n 3 | for f in fs { dense f }\n   |          ^^\n"
     "m.seq:1:9: note: the parameter is defined here\n 1 | model m(fs=[8, 16])\n"
     "   |         ^^\n"),
    (FOR, "fs=[]", "m.seq:3:10: error: 'for' needs a non-empty list, not the list [] "
     "(fs=[] given with -D)\n 3 | for f in fs { dense f }\n   |          ^^\n"),
    (FOR, "fs=[8,2.5]", "m.seq:3:21: error: Dense units expects a whole number, not 2.5 "
     "(with f = 2.5; fs=[8, 2.5] given with -D)\n 3 | for f in fs { dense f }\n"
     "   |                     ^\n"),
    (SHAPE, "shape=4", "m.seq:2:7: error: input shape expects a shape (a tuple of whole numbers "
     "or none), not 4 (shape=4 given with -D)\n 2 | input shape\n   |       ^^^^^\n"
     "hint: the generated code passes it as it is: give a tuple, (4,)\n"),
    (SHAPE, "shape=(28,-1)", "m.seq:2:7: error: input shape cannot have a negative dimension: "
     "(28, -1) (shape=(28, -1) given with -D)\n 2 | input shape\n   |       ^^^^^\n"),
    (BACKWARD, "g=false", "m.seq:3:40: error: the backward layer of a Bidirectional must have "
     "a different go_backwards than the forward layer (g=False given with -D)\n"
     " 3 | bidirectional (lstm 4) backward_layer=(lstm 4 go_backwards=g)\n"
     "   |                                        ^^^^^^^^^^^^^^^^^^^^^\n"
     "hint: add go_backwards=true to the backward layer\n"),
    (WIDTH, "n=(64,)", "m.seq:2:7: error: input shape expects a shape (a tuple of whole numbers "
     "or none), not the tuple ((64,),) (n=(64,) given with -D)\n 2 | input n\n   |       ^\n"),
]


@pytest.mark.parametrize(("source", "define", "expected"), BAD,
                         ids=[f"{s.split(chr(10))[0]} {d}" for s, d, _ in BAD])  # fmt: skip
def test_a_bad_define_is_the_error_its_default_would_be(tmp_path: Path, monkeypatch, source: str,
                                                        define: str, expected: str) -> None:  # fmt: skip
    monkeypatch.chdir(tmp_path)
    write(tmp_path, source)
    # (`-D n=10000000` on a repeat: the limit is checked by counting, before anything is
    # unrolled — check._count_layers; unrolling it would take minutes, not fail.)
    for command in (["summary"], ["check"], ["gen", "-o", "out.py"]):
        code, out, err = run(*command, "m.seq", "-D", define)
        assert (code, out, err) == (2, "", expected), command
    assert not (tmp_path / "out.py").exists()


def test_a_bad_define_in_a_batch_writes_nothing(tmp_path: Path) -> None:
    write(tmp_path, REPEAT)
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    code, _, err = run(str(tmp_path / "m.seq"), "--out-dir", str(out_dir), "-D", "n=0")
    assert code == 2 and "not 0 (n=0 given with -D)" in err
    assert list(out_dir.iterdir()) == []


def test_the_library_checks_its_keyword_arguments_the_same_way() -> None:
    with pytest.raises(seqgen.SeqgenError) as e:
        seqgen.summarize(MLP, n=2.5)
    assert str(e.value) == ("<string>:4:7: error: Dense units expects a whole number, not 2.5 "
                            "(n=2.5 given as an argument)")  # fmt: skip
    with pytest.raises(seqgen.SeqgenError) as e:
        build(REPEAT, params={"n": 0})
    assert str(e.value) == ("<string>:3:8: error: a repeat count must be a whole number of at "
                            "least 1, not 0 (n=0 given as an argument)")  # fmt: skip
    with pytest.raises(seqgen.SeqgenError) as e:
        summarize_at(MLP, {"act": "tahn"}, origin="given with -D")
    assert e.value.message.endswith("(act='tahn' given with -D)")
    with pytest.raises(seqgen.SeqgenError, match=r"more than 1,000,000 layers.*n=10000000 given"):
        seqgen.summarize(REPEAT, n=10_000_000)
    with pytest.raises(TypeError, match="parameter n takes a value a .seq file can write"):
        seqgen.summarize(MLP, n=object())
    assert seqgen.summarize(MLP, n=3, act="tanh", p=0.0).rows[1].shape == (None, 3)


def test_a_shape_error_at_the_given_values_says_so() -> None:
    source = "model m(n=4)\ninput 8\nreshape (n, 2)\n"
    with pytest.raises(seqgen.SeqgenError) as e:
        seqgen.summarize(source, n=3)
    assert e.value.message.endswith("(n=3 given as an argument)")


def test_valid_defines_leave_the_generated_code_as_it_is(tmp_path: Path) -> None:
    path = write(tmp_path, MLP.replace("n=4)", "n=4, k=2)") + "repeat k { dense 2 }\n")
    plain = run(str(path))
    given = run(str(path), "-D", "n=8", "-D", "k=3", "-D", "p=0.25", "-D", "act=tanh")
    assert plain[0] == given[0] == 0 and plain[1] == given[1]
    assert "def build_model(p=0.5, act=\"relu\", n=4, k=2):" in given[1]
    summary = run("summary", str(path), "-D", "n=8", "-D", "k=3", "--json")[1]
    shapes = [row["output_shape"] for row in json.loads(summary)["layers"]]
    assert shapes == [[None, 4], [None, 8], [None, 8], *[[None, 2]] * 3]


def test_an_integer_parameter_is_a_one_tuple_shape(tmp_path: Path) -> None:
    literal = seqgen.summarize("model m\ninput 100\ndense 2\n")
    param = seqgen.summarize(WIDTH)
    assert [(r.shape, r.trainable) for r in param.rows] == [
        (r.shape, r.trainable) for r in literal.rows] == [((None, 2), 202)]  # fmt: skip
    assert seqgen.summarize(WIDTH, n=64).rows[0].trainable == 130
    code = seqgen.generate(WIDTH)
    assert "keras.Input(shape=(n,))" in code and "def build_model(n=100):" in code
    assert run("summary", str(write(tmp_path, WIDTH)), "-D", "n=64")[0] == 0
    # The same for every shape-kind parameter (Reshape's target, Permute's dims), and for a
    # loop variable over whole numbers; a tuple-valued parameter is passed as it is.
    reshape = "model m(k=8)\ninput 2x4\nreshape k\n"
    assert "layers.Reshape((k,))" in seqgen.generate(reshape)
    assert seqgen.summarize(reshape).rows[0].shape == (None, 8)
    loop = "input 2x4\nfor k in [8, 8] { reshape k }\n"
    assert seqgen.generate(loop, style="add").count("layers.Reshape((k,))") == 1
    assert "keras.Input(shape=shape)" in seqgen.generate(SHAPE)


@pytest.mark.keras
def test_generated_code_built_at_the_given_values_has_seqgens_shapes(keras) -> None:
    from tests.shapecheck import assert_matches_keras

    source = ("model m(n=100, k=2, units=[4, 8], target=(4, 2))\ninput n\n"
              "repeat k { dense 8 }\nfor u in units { dense u }\nreshape target\n"
              "reshape 8\nflatten\n")  # fmt: skip
    assert_matches_keras(keras, source)
    assert_matches_keras(keras, source, n=64, k=3, units=[16, 8], target=(2, 2, 2))


def test_a_bad_define_is_refused_with_a_warm_cache(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("SEQGEN_CACHE_DIR", str(tmp_path / "cache"))
    (tmp_path / ".git").mkdir()
    path = str(write(tmp_path, REPEAT))
    good = run(path, "-D", "n=3")
    assert good[0] == 0 and run(path, "-D", "n=3") == good  # the second answered warm
    cached = sorted((tmp_path / "cache").rglob("*.json"))
    code, out, err = run(path, "-D", "n=0")
    assert (code, out) == (2, "") and "(n=0 given with -D)" in err
    assert sorted((tmp_path / "cache").rglob("*.json")) == cached


@pytest.mark.keras
def test_keras_refuses_an_integer_shape(keras) -> None:
    """Why a parameter whose default is a tuple cannot be given a number: the generated code
    passes it as it is, and Keras wants a tuple."""
    from tests.conftest import exec_module

    build_model = exec_module(seqgen.generate(SHAPE))["build_model"]
    assert build_model(shape=(4,)).output_shape == (None, 2)
    with pytest.raises(ValueError, match="Cannot convert '4' to a shape"):
        build_model(shape=4)
    with pytest.raises(TypeError):
        keras.layers.Reshape(4)
