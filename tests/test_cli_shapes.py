"""`seqgen summary`, `seqgen check` and shape errors at generation time, from the command line.

Expected numbers for the MNIST convnet are Keras's own, measured in keras-facts.md (Keras
3.15.1): (None,26,26,32) 320 · (None,13,13,32) 0 · (None,11,11,64) 18,496 · (None,5,5,64) 0 ·
(None,1600) 0 · (None,1600) 0 · (None,10) 16,010; total 34,826.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from seqgen.cli import main
from tests.conftest import EXAMPLES

MNIST = EXAMPLES / "mnist_convnet.seq"


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(args), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_summary_table() -> None:
    code, out, err = run("summary", str(MNIST))
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0] == 'Model: "mnist_convnet"'
    rows = [line.split() for line in lines[4:11]]
    assert [(r[0], r[1]) for r in rows] == [
        ("conv2d", "(Conv2D)"), ("max_pooling2d", "(MaxPooling2D)"), ("conv2d_1", "(Conv2D)"),
        ("max_pooling2d_1", "(MaxPooling2D)"), ("flatten", "(Flatten)"),
        ("dropout", "(Dropout)"), ("dense", "(Dense)"),
    ]  # fmt: skip
    assert [" ".join(r[2:-1]) for r in rows] == [
        "(None, 26, 26, 32)", "(None, 13, 13, 32)", "(None, 11, 11, 64)", "(None, 5, 5, 64)",
        "(None, 1600)", "(None, 1600)", "(None, 10)",
    ]  # fmt: skip
    assert [r[-1] for r in rows] == ["320", "0", "18,496", "0", "0", "0", "16,010"]
    assert "Total params: 34,826 (136.04 KB)" in lines
    assert "Trainable params: 34,826 (136.04 KB)" in lines
    assert "Non-trainable params: 0 (0.00 B)" in lines


def test_summary_json_and_defines() -> None:
    code, out, _ = run("summary", str(MNIST), "--json")
    data = json.loads(out)
    assert code == 0 and data["total_params"] == 34_826 and data["weight_bytes"] == 34_826 * 4
    assert data["layers"][0] == {
        "name": "conv2d", "class": "Conv2D", "output_shape": [None, 26, 26, 32], "params": 320,
        "trainable": 320, "non_trainable": 0, "weight_bytes": 1280, "line": 6, "column": 1,
    }  # fmt: skip
    code, out, _ = run("summary", str(EXAMPLES / "3dcnn.seq"), "--json", "-D", "width=64",
                       "-D", "depth=48")  # fmt: skip
    assert code == 0 and json.loads(out)["input_shape"] == [None, 64, 128, 48, 1]
    assert run("summary", str(EXAMPLES / "3dcnn.seq"), "-D", "widht=64")[0] == 2
    assert run("summary", str(EXAMPLES / "3dcnn.seq"), "-D", "width")[0] == 2
    assert run("summary", str(EXAMPLES / "3dcnn.seq"), "-D", "width=(")[0] == 2


def test_check_is_silent_on_a_good_model_and_notes_a_missing_input() -> None:
    assert run("check", str(MNIST)) == (0, "", "")
    code, out, err = run("check", str(EXAMPLES / "seed.seq"))
    assert code == 0 and out == ""
    assert err.count("note: the model has no input") == 1


def test_shape_error_at_generation_writes_nothing(tmp_path: Path) -> None:
    bad = tmp_path / "bad.seq"
    bad.write_text("input 28x28x1\nflatten\nconv2d 32 3\n")
    out_file = tmp_path / "model.py"
    code, out, err = run(str(bad), "-o", str(out_file))
    assert code == 2 and out == "" and not out_file.exists()
    assert err.startswith(f"{bad}:3:1: error: Conv2D cannot take its input")
    assert "hint: the input (None, 784) comes from Flatten at line 2" in err


def test_warnings_and_w_error(tmp_path: Path) -> None:
    src = tmp_path / "w.seq"
    src.write_text("input 8\ndense 4\ndropout 0.5\n")
    code, out, err = run(str(src))
    assert code == 0 and "def build_model" in out
    assert f"{src}:3:1: warning: the model ends with Dropout" in err
    code, out, err = run(str(src), "-W", "error")
    assert code == 2 and out == "" and f"{src}:3:1: error: the model ends with Dropout" in err
    assert run("check", str(src), "-W", "ignore") == (0, "", "")


def test_docstring_states_shapes_and_parameters() -> None:
    code, out, _ = run(str(MNIST))
    assert code == 0
    assert "    Input shape: (None, 28, 28, 1)\n    Output shape: (None, 10)\n" in out
    assert "    Parameters: 34,826 (trainable 34,826, non-trainable 0)\n" in out


@pytest.mark.keras
def test_check_with_keras_agrees(keras) -> None:
    code, out, err = run("check", str(MNIST), "--keras")
    assert code == 0, out + err
    assert "Keras builds the model with the shapes and parameter counts seqgen computed" in out
    code, out, err = run("check", str(EXAMPLES / "3dcnn.seq"), "--keras", "keras",
                         "-D", "width=64", "-D", "height=64", "-D", "depth=64")  # fmt: skip
    assert code == 0, out + err
