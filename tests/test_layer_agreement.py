"""Per-layer verdicts equal Keras 3.15's: seqgen accepts a model exactly when Keras builds it.

Each accepted case is built by Keras from the generated code and compared layer by layer; each
refused case is refused at its layer with the exact message, and Keras fails to build or to
call the same model: built from seqgen's code without the shape check, or, where the checker
refuses the layer's arguments before any code exists, written directly in Keras.
"""

from __future__ import annotations

import types
from typing import Any, Callable

import numpy as np
import pytest

import seqgen
from seqgen.layout import format_python
from seqgen.options import Options
from seqgen.render import render
from tests.conftest import exec_module
from tests.shapecheck import assert_matches_keras

ACCEPTED = [
    # RandomFlip takes any mode (another flips nothing: a note says so)
    'input 8x8x3; random_flip "diagonal"',
    # CenterCrop and RandomCrop build an empty image
    "input 8x8x3; center_crop 0 4",
    "input 8x8x3; random_crop 4 0",
    # Equalization straight after the input, in a list (a nested block is one in either style)
    "input 8x8x3; equalization; identity",
    "input 8x8x3; equalization; equalization; relu",
    "input 8x8x3; relu; sequential { equalization; identity }",
    # Bidirectional reverses its own backward copy; a given backward layer may differ
    "input 6x3; bidirectional (lstm 4 go_backwards=true) backward_layer=(lstm 4)",
]


@pytest.mark.keras
@pytest.mark.parametrize("source", ACCEPTED)
def test_accepted_builds_equal(keras: types.ModuleType, source: str) -> None:
    assert_matches_keras(keras, source)


def test_an_unknown_flip_mode_is_noted() -> None:
    notes = [n.message for n in seqgen.summarize('input 8x8x3; random_flip "diagonal"').notes]
    assert notes == ["RandomFlip: mode 'diagonal' is none of horizontal, vertical, "
                     "horizontal_and_vertical: Keras builds the layer, but it flips nothing"]


EQUALIZATION_AFTER = ("Equalization must come straight after the input: after another layer "
                      "Keras 3.15 fails to build it ('part of a cycle'), as its output is its "
                      "input tensor itself")  # fmt: skip
EQUALIZATION_ADD = ("Equalization fails to build with model.add() in Keras 3.15 ('part of a "
                    "cycle'): its output is its input tensor itself")  # fmt: skip
WEIGHTS = "Embedding weights= takes NumPy arrays, which a .seq file cannot hold"

#: (source, style, message, line, column, Keras written directly or None: seqgen's code).
REFUSED: list[tuple[str, str, str, int, int, Callable[[Any], Any] | None]] = [
    ("input 8x8x3\nrelu\nequalization\nidentity", "list", EQUALIZATION_AFTER, 3, 1, None),
    ("input 8x8x3\nequalization\nrelu\nequalization\nidentity", "list", EQUALIZATION_AFTER, 4, 1,
     None),
    ("input 8x8x3\nequalization\nidentity", "add", EQUALIZATION_ADD, 2, 1, None),
    ("input 8x8x3\nresizing 0 4", "list",
     "Resizing: cannot resize to an empty image (0 x 4): Keras fails when it calls the layer", 2, 1,
     None),
    ("input 6x3\nbidirectional (lstm 4 go_backwards=true)", "list",
     "the layer of a Bidirectional cannot have go_backwards=True: Keras 3.15 builds the backward "
     "copy of LSTM with go_backwards=True as well, and the two must differ", 2, 16,
     lambda k: k.Sequential([k.Input((6, 3)),
                             k.layers.Bidirectional(k.layers.LSTM(4, go_backwards=True))])),
    ("input 4 dtype=int32\nembedding 10 2 weights=embedding_matrix", "list",
     f"{WEIGHTS} (it would get 'embedding_matrix')", 2, 1,
     lambda k: k.Sequential([k.Input((4,), dtype="int32"),
                             k.layers.Embedding(10, 2, weights="embedding_matrix")])),
    ("input 4 dtype=int32\nembedding 10 2 weights=[[0.0, 0.0]]", "list",
     f"{WEIGHTS} (it would get [[0.0, 0.0]])", 2, 1,
     lambda k: k.Sequential([k.Input((4,), dtype="int32"),
                             k.layers.Embedding(10, 2, weights=[[0.0, 0.0]] * 10)])),
]  # fmt: skip


def _unchecked(source: str, style: str) -> str:
    options = Options(style=style)
    return format_python(render(seqgen.check_model(source), options, "<string>"),
                         options.line_length)  # fmt: skip


@pytest.mark.keras
@pytest.mark.parametrize(("source", "style", "message", "line", "column", "direct"), REFUSED)
def test_refused_as_keras_refuses(keras: types.ModuleType, source: str, style: str,
                                  message: str, line: int, column: int,
                                  direct: Callable[[Any], Any] | None) -> None:  # fmt: skip
    with pytest.raises(seqgen.SeqgenError) as info:
        seqgen.generate(source, style=style)
    assert (info.value.message, info.value.line, info.value.column) == (message, line, column)
    keras.backend.clear_session()
    with pytest.raises(Exception):  # ValueError, AttributeError, tf's InvalidArgumentError
        if direct is not None:
            model = direct(keras)
        else:
            model = exec_module(_unchecked(source, style))["build_model"]()
        # what builds must fail when called (Resizing to an empty image)
        model(np.ones((2, *model.input_shape[1:]), model.input.dtype))


def test_a_bare_word_for_weights_is_refused_before_any_code() -> None:
    with pytest.raises(seqgen.SeqgenError) as info:
        seqgen.check_model("input 4 dtype=int32; embedding 10 2 weights=embedding_matrix")
    assert info.value.diagnostics[0].hint == ("drop weights=, and set the weights in Python on "
                                              "the built model: model.layers[i].set_weights([...])")


@pytest.mark.keras
def test_a_time_distributed_global_pooling_calls_to_another_shape(keras) -> None:
    # Keras reports compute_output_shape's (None, 5, 8); the call reduces the 8 features
    source = "input 5x8; time_distributed (global_average_pooling1d)"
    note = ("GlobalAveragePooling1D: Keras builds it on the rank-2 input (None, 8) and reports "
            "(None, 8), but its call reduces other axes: calling the model gives another shape")
    assert note in [n.message for n in seqgen.summarize(source).notes]
    keras.backend.clear_session()
    model = exec_module(seqgen.generate(source))["build_model"]()
    assert tuple(model.layers[-1].output.shape) == (None, 5, 8)
    assert model(np.ones((2, 5, 8), "float32")).shape == (2, 5)


# --- a layer's dtype and its weights' initializers (seqgen/layers/weights.py) -----------------

#: Keras fails to create these weights: seqgen refuses the layer.
DTYPE_REFUSED = [
    ("input 4\ndense 4 dtype=int16", "Dense", "int16", "kernel_initializer 'glorot_uniform'"),
    ("input 8x3\nconv1d 4 3 dtype=bool", "Conv1D", "bool", "kernel_initializer 'glorot_uniform'"),
    ("input 4 dtype=int32\nembedding 10 2 dtype=int32", "Embedding", "int32",
     "embeddings_initializer 'uniform'"),
    ("input 5x3\nlstm 2 dtype=complex64", "LSTM", "complex64",
     "kernel_initializer 'glorot_uniform'"),
    ("input 4\ndense 4 dtype=uint8", "Dense", "uint8", "kernel_initializer 'glorot_uniform'"),
    ("input 4\ndense 4 dtype=int32 kernel_initializer=identity", "Dense", "int32",
     "kernel_initializer 'identity'"),
    ("input 4\ndense 4 dtype=int64 kernel_initializer=he_normal", "Dense", "int64",
     "kernel_initializer 'he_normal'"),
    ("input 4\ndense 4 dtype=int32 kernel_initializer=orthogonal", "Dense", "int32",
     "kernel_initializer 'orthogonal'"),
    ("input 4\nbatch_normalization dtype=string", "BatchNormalization", "string",
     "gamma_initializer 'ones'"),
    ("input 5x3\ngru 2 dtype=int32", "GRU", "int32", "recurrent_initializer 'orthogonal'"),
    ("input 5x3\nrnn (lstm_cell 2 dtype=bool)", "LSTMCell", "bool",
     "kernel_initializer 'glorot_uniform'"),
]  # fmt: skip

#: Keras builds these: their initializers make the dtype (or the layer has no weights).
DTYPE_ACCEPTED = [
    "input 4; dense 4 dtype=int32 kernel_initializer=zeros",
    "input 4; dense 4 dtype=string kernel_initializer=zeros",
    "input 4; dense 4 dtype=complex64 kernel_initializer=identity",
    "input 4; batch_normalization dtype=int32",
    "input 4; prelu dtype=string",
    "input 4; relu dtype=int16; dropout 0.5 dtype=bool",
    "input 5x3; bidirectional (lstm 2) dtype=bfloat16",
    "input 5x3; time_distributed (dense 2 dtype=int32)",  # a (3, 2) kernel: glorot's range is ±1
]


@pytest.mark.keras
@pytest.mark.parametrize(("source", "cls", "dtype", "init"), DTYPE_REFUSED)
def test_a_dtype_its_initializers_cannot_make(keras, source: str, cls: str, dtype: str,
                                              init: str) -> None:  # fmt: skip
    with pytest.raises(seqgen.SeqgenError) as info:
        seqgen.summarize(source)
    assert info.value.message == (f"{cls} dtype={dtype}: its {init} cannot make {dtype} weights, "
                                  "so Keras fails to build the layer")
    assert info.value.line == 2
    keras.backend.clear_session()
    with pytest.raises(Exception):  # ValueError, TypeError or TensorFlow's own errors
        exec_module(_unchecked(source, "list"))["build_model"]()


@pytest.mark.keras
@pytest.mark.parametrize("cls", ["normalization", "rms_normalization"])
def test_weights_that_start_at_ones_are_not_strings(keras, cls: str) -> None:
    source = f"input 4\n{cls} dtype=string"
    with pytest.raises(seqgen.SeqgenError) as info:
        seqgen.summarize(source)
    assert info.value.message.endswith(" dtype=string: its weights start at ones, which cannot "
                                       "be string weights, so Keras fails to build the layer")
    keras.backend.clear_session()
    with pytest.raises(TypeError):  # Cannot convert 1 to EagerTensor of dtype string
        exec_module(_unchecked(source, "list"))["build_model"]()


@pytest.mark.keras
@pytest.mark.parametrize("source", DTYPE_ACCEPTED)
def test_a_dtype_its_initializers_make(keras, source: str) -> None:
    assert_matches_keras(keras, source)


#: Keras builds these or not depending on a weight's shape (int32) or the device (bfloat16).
DTYPE_WARNED = [
    ("input 4; dense 4 dtype=int32", "Dense dtype=int32: its kernel_initializer 'glorot_uniform' "
     "draws int32 weights from its range cast to integers, and Keras fails to build the layer "
     "when that holds less than two (for most weight shapes)"),
    ("input 5x3; lstm 2 dtype=bfloat16", "LSTM dtype=bfloat16: its recurrent_initializer "
     "'orthogonal' needs a bfloat16 QR decomposition, which TensorFlow's CPU build lacks: "
     "building the layer on a CPU fails"),
]  # fmt: skip


@pytest.mark.parametrize(("source", "warning"), DTYPE_WARNED)
def test_a_dtype_that_fails_on_some_builds_is_a_warning(source: str, warning: str) -> None:
    warnings = [n.message for n in seqgen.summarize(source).notes if n.severity == "warning"]
    assert warnings == [warning]


@pytest.mark.keras
def test_the_warned_dtypes_fail_here(keras) -> None:
    # glorot_uniform on a 4 x 4 kernel: the range ±0.87 holds one integer; the CPU has no
    # bfloat16 QR decomposition for the orthogonal recurrent kernel
    for source, _ in DTYPE_WARNED:
        keras.backend.clear_session()
        with pytest.raises(Exception):
            exec_module(seqgen.generate(source))["build_model"]()
