"""Shapes and parameter counts of recurrent layers, cells and wrappers equal Keras's.

Every case is built by Keras and compared layer by layer (`assert_matches_keras`); every error
case is rejected by seqgen at the layer, with the exact message, and Keras fails to build the
same model (so the error is real).
"""

from __future__ import annotations

import types

import pytest

import seqgen
from seqgen.summary import fmt_shape
from tests.conftest import exec_module
from tests.shapecheck import assert_matches_keras, assert_shape_error, unchecked_code

CASES = [
    # LSTM
    "input 10x8; lstm 16",
    "input (none, 8); lstm 16 return_sequences=true go_backwards=true; lstm 4 use_bias=false",
    "input 10x8 batch_size=4; lstm 6 stateful=true unit_forget_bias=false",
    "input 10x8; lstm 5 dropout=0.2 recurrent_dropout=0.1 unroll=true trainable=false; dense 2",
    # GRU, both bias layouts
    "input 10x8; gru 16",
    "input 10x8; gru 16 reset_after=false return_sequences=true; gru 3 use_bias=false",
    "input (none, 3); gru 7 reset_after=false go_backwards=true",
    # SimpleRNN
    "input 10x8; simple_rnn 12 relu",
    "input 10x8; simple_rnn 12 use_bias=false return_sequences=true; simple_rnn 2",
    # RNN with a cell, a list of cells (StackedRNNCells), a frozen cell
    "input 10x8; rnn (lstm_cell 6)",
    "input 10x8; rnn (gru_cell 6 reset_after=false) return_sequences=true; "
    "rnn (simple_rnn_cell 3 use_bias=false)",
    "input 10x8; rnn [(lstm_cell 4), (gru_cell 3), (simple_rnn_cell 2)] go_backwards=true",
    "input 10x8; RNN([LSTMCell(5, use_bias=False), GRUCell(3, reset_after=False)], "
    "return_sequences=True)",
    "input 10x8; rnn (lstm_cell 4 trainable=false)",
    "input (5, 6, 7); rnn (gru_cell 4)",  # Keras builds it (calling it fails: a note says so)
    # Bidirectional
    "input 10x8; bidirectional (lstm 4)",
    "input 10x8; bidirectional (gru 4 return_sequences=true) merge_mode=sum; "
    "bidirectional (simple_rnn 3) merge_mode=mul",
    "input 10x8; bidirectional (lstm 4 return_sequences=true) merge_mode=ave "
    "backward_layer=(lstm 4 relu return_sequences=true go_backwards=true)",
    "input 10x8; bidirectional (lstm 4) backward_layer=(gru 6 go_backwards=true)",
    "input 10x8; bidirectional (rnn (gru_cell 3))",
    "input 3x6x6x2; bidirectional (conv_lstm2d 4 3)",
    "input 10x8; bidirectional (lstm 4 trainable=false); dense 1",
    # TimeDistributed
    "input 10x8; time_distributed (dense 4)",
    "input 5x8x8x3; time_distributed (conv2d 4 3 strides=2); "
    "time_distributed (dense 2 use_bias=false)",
    "input (none, 8); time_distributed (dense 3 trainable=false)",
    "input 5x8x3; time_distributed (lstm 3)",
    "input 5x8x3; time_distributed (batch_normalization)",
    # ConvLSTM
    "input 3x10x2; conv_lstm1d 4 3 dilation_rate=2",
    "input 3x10x2; conv_lstm1d 4 3 strides=2 padding=same return_sequences=true use_bias=false",
    "input (none, 6, 6, 2); conv_lstm2d 4 3 return_sequences=true",
    "input 3x2x7x6; conv_lstm2d 4 (3, 2) strides=(2, 1) padding=same data_format=channels_first "
    "return_sequences=true",
    "input 3x5x6x7x2; conv_lstm3d 2 (3, 2, 1) strides=(1, 2, 3) padding=same use_bias=false",
    "input 3x5x6x7x2; conv_lstm3d 2 3 go_backwards=true unit_forget_bias=false",
    # TimeDistributed builds its layer without the layer's input spec (a note says so)
    "input 5x8; time_distributed (global_average_pooling1d)",
    "input 5x8; time_distributed (global_max_pooling1d keepdims=true)",
    "input 5x8x3; time_distributed (global_average_pooling2d)",
    "input 5x8x3x2; time_distributed (global_max_pooling2d keepdims=true)",
    "input 5x8x3x2; time_distributed (global_average_pooling3d)",
    "input 5x8x3x2; time_distributed (global_average_pooling1d data_format=channels_first)",
    "input 5x4x8x3x2x2; time_distributed (global_average_pooling1d keepdims=true)",
    # A layer that returns several tensors builds as the model's last (the row shows the first)
    "input 5x6; lstm 4 return_state=true",
    "input 5x6; dense 3; gru 4 return_state=true return_sequences=true",
    "input 5x6; simple_rnn 4 return_state=true",
    "input 5x6; rnn (lstm_cell 4) return_state=true",
    "input 5x6; rnn [(lstm_cell 4), (gru_cell 3)] return_state=true",
    "input 5x6; bidirectional (lstm 4) merge_mode=none",
    "input 5x6; bidirectional (lstm 4 return_state=true)",
    "input 5x6; bidirectional (gru 4 return_state=true return_sequences=true) merge_mode=none",
    "input 5x6; sequential { lstm 4 return_state=true }",
    "input 3x6x6x2; conv_lstm2d 4 3 return_state=true",
]

RANK3 = "expects an input of rank 3 (batch, timesteps, features)"
STATE = ("but a Sequential model passes one tensor to the next layer: drop return_state, or use "
         "the functional API")  # fmt: skip

ERRORS = [
    ("input 64\nlstm 4", f"LSTM cannot take its input: {RANK3}, got (None, 64)", 2, 1),
    ("input 5x6x7\ngru 4", f"GRU cannot take its input: {RANK3}, got (None, 5, 6, 7)", 2, 1),
    (
        "input 64\nrnn (lstm_cell 4)",
        "RNN cannot take its input: expects an input of rank 3 or more (batch, timesteps, "
        "features), got (None, 64)",
        2,
        1,
    ),
    (
        "input (5, none)\nsimple_rnn 4",
        "SimpleRNN cannot take its input: needs a known last (feature) dimension, got "
        "(None, 5, None)",
        2,
        1,
    ),
    (
        "input 5x6\nlstm 4 return_state=true\ndense 3",
        "LSTM cannot be followed by another layer: return_state=True makes LSTM return 3 tensors "
        f"(its output and 2 states), {STATE}",
        2,
        1,
    ),
    (
        "input 5x6\ndense 2\ngru 4 return_state=true return_sequences=true\ndense 3",
        "GRU cannot be followed by another layer: return_state=True makes GRU return 2 tensors "
        f"(its output and 1 state), {STATE}",
        3,
        1,
    ),
    (
        "input 5x6\nsequential { lstm 4 return_state=true }\ndense 3",
        "LSTM cannot be followed by another layer: return_state=True makes LSTM return 3 tensors "
        f"(its output and 2 states), {STATE}",
        2,
        14,
    ),
    (
        "input 5x6\nlstm 4 stateful=true",
        "LSTM cannot take its input: stateful=True needs a fixed batch size, but the input's batch "
        "dimension is unknown: give the input one (input ... batch_size=32)",
        2,
        1,
    ),
    (
        "input 5x6\nbidirectional (lstm 4) merge_mode=none\ndense 2",
        "Bidirectional cannot be followed by another layer: merge_mode=None returns the forward "
        "and backward "
        "outputs as two tensors, but a Sequential model passes one tensor to the next layer: use "
        "merge_mode concat, sum, mul or ave",
        2,
        1,
    ),
    (
        "input 5x6\nbidirectional (gru 4 return_state=true)\ndense 2",
        "Bidirectional cannot be followed by another layer: GRU: return_state=True makes GRU "
        f"return 2 tensors (its output and 1 state), {STATE}",
        2,
        1,
    ),
    (
        "input 64\nbidirectional (lstm 4)",
        f"Bidirectional cannot take its input: LSTM: {RANK3}, got (None, 64)",
        2,
        1,
    ),
    (
        "input 6\ntime_distributed (dense 3)",
        "TimeDistributed cannot take its input: expects an input of rank 3 or more (batch, "
        "timesteps, ...), got (None, 6)",
        2,
        1,
    ),
    (
        "input 5x6\ntime_distributed (lstm 3)",
        "TimeDistributed cannot take its input: LSTM cannot take the time slice (None, 6): "
        f"{RANK3}, got (None, 6)",
        2,
        1,
    ),
    (
        "input 5x4x6\ntime_distributed (lstm 3 return_state=true)",
        "TimeDistributed cannot take its input: LSTM cannot take the time slice (None, 4, 6): "
        f"return_state=True makes LSTM return 3 tensors (its output and 2 states), {STATE}",
        2,
        1,
    ),
    (
        "input 6x6x2\nconv_lstm2d 4 3",
        "ConvLSTM2D cannot take its input: expects an input of rank 5 (batch, timesteps, height, "
        "width, channels), got (None, 6, 6, 2)",
        2,
        1,
    ),
    (
        "input 3x2x6x6\nconv_lstm2d 4 3 data_format=channels_first return_sequences=true\n"
        "conv_lstm1d 2 3 data_format=channels_first",
        "ConvLSTM1D cannot take its input: expects an input of rank 4 (batch, timesteps, channels, "
        "steps), got (None, 3, 4, 4, 4)",
        3,
        1,
    ),
    (
        "input (3, none, 6, 2)\nconv_lstm2d 4 3",
        "ConvLSTM2D cannot take its input: needs known height and width (ConvLSTM layers only take "
        "static spatial shapes), got (None, 3, None, 6, 2)",
        2,
        1,
    ),
    (
        "input (3, 6, 6, none)\nconv_lstm2d 4 3",
        "ConvLSTM2D cannot take its input: needs a known channels dimension, got "
        "(None, 3, 6, 6, None)",
        2,
        1,
    ),
    (
        "input 3x2x2x2\nconv_lstm2d 4 3",
        "ConvLSTM2D cannot take its input: the kernel (3, 3) does not fit in the 2x2 input "
        "(padding 'valid')",
        2,
        1,
    ),
    (
        "input 3x5x2\nconv_lstm1d 4 3 dilation_rate=3",
        "ConvLSTM1D cannot take its input: the kernel (3,) with dilation_rate (3,) does not fit in "
        "the 5 input (padding 'valid')",
        2,
        1,
    ),
    (
        "input 3x6x6x2\nconv_lstm2d 4 3 strides=2 dilation_rate=2",
        "ConvLSTM2D cannot take its input: strides (2, 2) and dilation_rate (2, 2) cannot both be "
        "above 1",
        2,
        1,
    ),
]


@pytest.mark.keras
@pytest.mark.parametrize("source", CASES)
def test_matches_keras(keras: types.ModuleType, source: str) -> None:
    assert_matches_keras(keras, source)


@pytest.mark.keras
@pytest.mark.parametrize(("source", "message", "line", "column"), ERRORS)
def test_errors(keras: types.ModuleType, source: str, message: str, line: int,
                column: int) -> None:  # fmt: skip
    assert_shape_error(keras, source, message, line, column)


@pytest.mark.keras
def test_wrapped_layer_error_names_the_slice(keras: types.ModuleType) -> None:
    # the inner message is the convolution rule's own: only its prefix is ours
    source = "input 5x6\ntime_distributed (conv2d 3 3)"
    with pytest.raises(seqgen.SeqgenError) as info:
        seqgen.summarize(source)
    assert info.value.message.startswith(
        "TimeDistributed cannot take its input: Conv2D cannot take the time slice (None, 6): "
    )
    assert (info.value.line, info.value.column) == (2, 1)
    keras.backend.clear_session()
    with pytest.raises(ValueError):
        exec_module(unchecked_code(source))["build_model"]()


NOTES = [
    (
        "input (5, 6, 7); rnn (gru_cell 4)",
        "RNN: Keras builds RNN on the rank-4 input (None, 5, 6, 7), but its cells take steps of "
        "shape (batch, features): calling the model fails",
    ),
    (
        "input 10x8; bidirectional (lstm 4) backward_layer=(gru 6 go_backwards=true)",
        "Bidirectional: Keras reports the output (None, 8), twice the forward layer's size, but "
        "concatenating 4 and 6 features gives 10",
    ),
    (
        "input 9x8; bidirectional (lstm 4) merge_mode=sum backward_layer=(gru 6 go_backwards=true)",
        "Bidirectional: the forward layer outputs (None, 4) and the backward layer (None, 6): "
        "Keras builds the model, but merge_mode 'sum' fails when it is called",
    ),
]


SEVERAL = [
    ("input 5x6; lstm 4 return_state=true",
     "LSTM returns 3 tensors, [(None, 4), (None, 4), (None, 4)]; the summary shows the first"),
    ("input 5x6; rnn [(lstm_cell 4), (gru_cell 3)] return_state=true",
     "RNN returns 4 tensors, [(None, 3), (None, 4), (None, 4), (None, 3)]; the summary shows the "
     "first"),
    ("input 5x6; bidirectional (lstm 4) merge_mode=none",
     "Bidirectional returns 2 tensors, [(None, 4), (None, 4)]; the summary shows the first"),
    ("input 5x6; bidirectional (lstm 4 return_state=true)",
     "Bidirectional returns 5 tensors, [(None, 8), (None, 4), (None, 4), (None, 4), (None, 4)]; "
     "the summary shows the first"),
]  # fmt: skip


@pytest.mark.parametrize(("source", "note"), SEVERAL)
def test_a_last_layer_with_several_outputs_lists_them(source: str, note: str) -> None:
    summary = seqgen.summarize(source)
    assert note in [n.message for n in summary.notes]
    assert summary.output_shape == summary.rows[-1].shape


@pytest.mark.keras
@pytest.mark.parametrize(("source", "note"), SEVERAL)
def test_several_outputs_are_keras_s(keras: types.ModuleType, source: str, note: str) -> None:
    keras.backend.clear_session()
    layer = exec_module(seqgen.generate(source))["build_model"]().layers[-1]
    shapes = ", ".join(fmt_shape(tuple(t.shape)) for t in layer.output)
    assert f"[{shapes}]" in note


@pytest.mark.parametrize(("source", "note"), NOTES)
def test_notes_where_keras_builds_a_broken_layer(source: str, note: str) -> None:
    assert note in [n.message for n in seqgen.summarize(source).notes]


def test_stacked_cells_chain() -> None:
    # each cell takes the previous one's output: LSTMCell(4) on 8 features, GRUCell(3) on 4
    row = seqgen.summarize("input 10x8; rnn [(lstm_cell 4), (gru_cell 3)]").rows[0]
    assert (row.shape, row.trainable) == ((None, 3), 4 * 4 * (8 + 4) + 4 * 4 + 3 * 3 * (4 + 3)
                                          + 2 * 3 * 3)  # fmt: skip
