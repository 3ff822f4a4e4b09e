"""A nested block's `input` must equal what flows into it: one rule, in the one stack walk.

Keras builds a nested `Sequential` for its own `Input` and fails when the outer model calls it
on anything else.  seqgen refuses such a model at the nested `input` line, wherever the block
stands: first in the model (what flows in is the model's input, dtype included), after layers,
after another block, inside another block.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest

import seqgen
from seqgen.cli import main
from tests.shapecheck import assert_matches_keras, assert_shape_error

AFTER_A_LAYER = "input 4\ndense 3\nsequential {\n    input 5\n    dense 2\n}\n"
AFTER_A_LAYER_MESSAGE = "the nested block's input (5,) differs from what flows into it, (3,)"
AFTER_A_LAYER_ERR = """\
n.seq:4:5: error: the nested block's input (5,) differs from what flows into it, (3,)
 4 |     input 5
   |     ^^^^^^^
n.seq:2:1: note: the output of Dense
 2 | dense 3
   | ^^^^^^^
hint: drop the nested input, or make it equal the output of Dense
"""

#: (source, message, line, column): every place a nested block can stand.
REFUSED = [
    (AFTER_A_LAYER, AFTER_A_LAYER_MESSAGE, 4, 5),
    ("input 784\nsequential {\n    input 100\n    dense 10\n}\n",
     "the nested block's input (100,) (dtype float32) differs from what flows into it, (784,) "
     "(dtype float32)", 3, 5),
    ("input 4\nsequential {\n    sequential {\n        input 5\n        dense 2\n    }\n}\n",
     "the nested block's input (5,) (dtype float32) differs from what flows into it, (4,) "
     "(dtype float32)", 4, 9),
    ("input 4\nsequential {\n    input 4\n    sequential {\n        input 5\n        dense 2\n"
     "    }\n}\n",
     "the nested block's input (5,) (dtype float32) differs from what flows into it, (4,) "
     "(dtype float32)", 5, 9),
    ("input 4\nsequential {\n    dense 3\n}\nsequential {\n    input 4\n    dense 2\n}\n",
     "the nested block's input (4,) differs from what flows into it, (3,)", 6, 5),
    ("input 8\nrepeat 2 {\n    dense 8\n}\ndense 4\nsequential {\n    input 8\n    dense 1\n}\n",
     "the nested block's input (8,) differs from what flows into it, (4,)", 7, 5),
    ("input (4, 3)\ndense 3\nsequential {\n    input 3\n    dense 2\n}\n",
     "the nested block's input (3,) differs from what flows into it, (4, 3)", 4, 5),
    # Keras casts an int32 input for a float32 nested input and builds this one; seqgen has
    # always refused a dtype that differs from the model's input (it is left out of the Keras
    # test below).
    ("input 4 dtype=int32\nsequential {\n    input 4\n    dense 2\n}\n",
     "the nested block's input (4,) (dtype float32) differs from what flows into it, (4,) "
     "(dtype int32)", 3, 5),
]  # fmt: skip

#: Nested inputs that equal what flows in (the batch size aside), with the model's output shape.
ACCEPTED = [
    ("input 4\ndense 3\nsequential {\n    input 3\n    dense 2\n}\n", (None, 2)),
    ("input 4\nsequential {\n    input 4\n    sequential {\n        input 4\n        dense 2\n"
     "    }\n}\n", (None, 2)),
    ("input 4\nsequential {\n    dense 3\n}\nsequential {\n    input 3\n    dense 2\n}\n",
     (None, 2)),
    # Keras builds the block for its own input and calls it on the outer batch.
    ("input 4 batch_size=8\nsequential {\n    input 4\n    dense 2\n}\n", (8, 2)),
    ("input 4\nsequential {\n    input 4 batch_size=8\n    dense 2\n}\n", (None, 2)),
]  # fmt: skip


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(args), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def model_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "n.seq"
    path.write_text(AFTER_A_LAYER, encoding="utf-8")
    return path


@pytest.mark.parametrize("command", [["check"], ["summary"], ["summary", "--json"], []])
def test_every_command_refuses_it_at_the_nested_input(model_file: Path, command: list[str]) -> None:
    code, out, err = run(*command, "n.seq")
    assert (code, out, err) == (2, "", AFTER_A_LAYER_ERR)


def test_generation_writes_nothing(model_file: Path) -> None:
    code, out, err = run("n.seq", "-o", "n.py")
    assert (code, out, err) == (2, "", AFTER_A_LAYER_ERR)
    assert not (model_file.parent / "n.py").exists()


@pytest.mark.parametrize(("source", "message", "line", "column"), REFUSED)
def test_refused_wherever_the_block_stands(source: str, message: str, line: int,
                                           column: int) -> None:  # fmt: skip
    for call in (seqgen.summarize, seqgen.generate):
        with pytest.raises(seqgen.SeqgenError) as info:
            call(source)
        assert (info.value.message, info.value.line, info.value.column) == (message, line, column)
        assert len(info.value.diagnostics) == 1


def test_the_model_still_checks_without_shapes() -> None:
    # The rule needs the shape flowing in, so it is a shape rule: checking alone accepts it.
    assert seqgen.check_model(AFTER_A_LAYER).body


@pytest.mark.parametrize(("source", "output_shape"), ACCEPTED)
def test_equal_inputs_are_accepted(source: str, output_shape: tuple) -> None:
    assert seqgen.summarize(source).output_shape == output_shape


def test_without_a_model_input_the_nested_input_starts_the_shapes() -> None:
    summary = seqgen.summarize("dense 3\nsequential {\n    input 3\n    dense 2\n}\ndense 1\n")
    assert [r.shape for r in summary.rows] == [None, (None, 2), (None, 1)]


@pytest.mark.keras
@pytest.mark.parametrize(("source", "message", "line", "column"), REFUSED[:-1])
def test_keras_refuses_it_too(keras, source: str, message: str, line: int, column: int) -> None:
    assert_shape_error(keras, source, message, line, column)


@pytest.mark.keras
@pytest.mark.parametrize("source", [source for source, _ in ACCEPTED])
def test_keras_builds_the_accepted_ones_as_seqgen_says(keras, source: str) -> None:
    assert_matches_keras(keras, source)
