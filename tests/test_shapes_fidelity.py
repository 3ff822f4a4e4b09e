"""Summary figures exactly as Keras reports them: weights in their own dtypes, frozen wrappers,
traced Pipelines, automatic names in both generation styles.

The expected numbers are Keras 3.15.1's (`model.summary()`, `count_params()`,
`trainable_weights`, `layer.weights` and each variable's dtype), measured by building each model;
the keras-marked tests build them again and compare every figure (tests/shapecheck.py).
"""

from __future__ import annotations

import importlib.util
import io

import pytest

import seqgen
from seqgen.catalog import load_catalog
from seqgen.cli import main
from seqgen.options import Options
from seqgen.summary import summary_table
from tests.shapecheck import assert_matches_keras, assert_shape_error, keras_rows, seqgen_rows
from tests.test_catalog_layers import example_source

#: (source, layer rows (name, trainable, non-trainable, bytes), model totals (trainable,
#: trainable bytes, non-trainable, non-trainable bytes)), as Keras 3.15.1 reports them.
FIGURES = [
    # A frozen wrapper: its own trainable_weights are empty, but the wrapped layer's variables
    # keep trainable=True, and the model's totals count by the variables.
    ("input 5x3\nbidirectional (lstm 4) trainable=false\n",
     [("bidirectional", 0, 256, 1024)], (256, 1024, 0, 0)),
    ("input 5x3\ntime_distributed (dense 4) trainable=false\n",
     [("time_distributed", 0, 16, 64)], (16, 64, 0, 0)),
    ("input 5x3\nrnn (lstm_cell 4) trainable=false\n", [("rnn", 0, 128, 512)], (128, 512, 0, 0)),
    ("input 3x8x2\nconv_lstm1d 4 3 trainable=false\n",
     [("conv_lstm1d", 0, 304, 1216)], (304, 1216, 0, 0)),
    # SpectralNormalization's own vector_u is non-trainable anyway
    ("input 3\nspectral_normalization (dense 4) trainable=false\n",
     [("spectral_normalization", 0, 20, 80)], (16, 64, 4, 16)),
    # A frozen plain layer creates its variables non-trainable, LSTM's cell included.
    ("input 5x3\nlstm 4 trainable=false\n", [("lstm", 0, 128, 512)], (0, 0, 128, 512)),
    ("input 3\ndense 1 lora_rank=2 trainable=false\n", [("dense", 0, 12, 48)], (0, 0, 12, 48)),
    # A frozen layer inside a wrapper: its variables are non-trainable.
    ("input 5x3\nbidirectional (lstm 4 trainable=false)\n",
     [("bidirectional", 0, 256, 1024)], (0, 0, 256, 1024)),
    ("input 3\npipeline [(dense 4 trainable=false), (dense 2 dtype=float16)]\n",
     [("pipeline", 10, 16, 84)], (10, 20, 16, 64)),
    # A nested block's trainable_weights go by the flags, its frozen wrapper's do not.
    ("input 5x3\nsequential {\n    bidirectional (lstm 4) trainable=false\n    dense 2 "
     "trainable=false\n}\n", [("sequential", 256, 18, 1096)], (256, 1024, 18, 72)),
    # Weight bytes: each variable in its own dtype.
    ("input 3\nnormalization\n", [("normalization", 0, 7, 32)], (0, 0, 7, 32)),  # int64 count
    ("input 3\nnormalization dtype=float16\n", [("normalization", 0, 7, 20)], (0, 0, 7, 20)),
    # LoRA factors stay float32
    ("input 3\ndense 1 lora_rank=2 dtype=float16\n", [("dense", 9, 3, 40)], (9, 34, 3, 6)),
    ("input 5 dtype=int32\nembedding 10 4 lora_rank=2 dtype=float16\n",
     [("embedding", 28, 40, 192)], (28, 112, 40, 80)),
    ('input 3\neinsum_dense "ab,bc->ac" 4 lora_rank=2 dtype=float16\n',
     [("einsum_dense", 14, 12, 80)], (14, 56, 12, 24)),
    # a nested layer's dtype is its own; a wrapper's dtype does not reach it
    ("input 5x3\ntime_distributed (dense 3 dtype=float16)\n",
     [("time_distributed", 12, 0, 24)], (12, 24, 0, 0)),
    ("input 5x3\ntime_distributed (dense 4) dtype=float16\n",
     [("time_distributed", 16, 0, 64)], (16, 64, 0, 0)),
    ("input 5x3\ntime_distributed (dense 3 dtype=mixed_float16)\n",
     [("time_distributed", 12, 0, 48)], (12, 48, 0, 0)),
    ("input 5x3\nbidirectional (lstm 4) backward_layer=(lstm 3 go_backwards=true dtype=float16)\n",
     [("bidirectional", 212, 0, 680)], (212, 680, 0, 0)),
    ("input 5x3\nrnn [(lstm_cell 4 dtype=float16), (gru_cell 2 trainable=false)]\n",
     [("rnn", 128, 48, 448)], (128, 256, 48, 192)),
    # vector_u takes the wrapped layer's dtype, not the wrapper's
    ("input 3\nspectral_normalization (dense 4 dtype=float16)\n",
     [("spectral_normalization", 16, 4, 40)], (16, 32, 4, 8)),
    ("input 3\nspectral_normalization (dense 4) dtype=float16\n",
     [("spectral_normalization", 16, 4, 80)], (16, 64, 4, 16)),
]  # fmt: skip


@pytest.mark.parametrize("source,rows,totals", FIGURES, ids=[f[0] for f in FIGURES])
def test_figures(source: str, rows: list[tuple], totals: tuple) -> None:
    summary = seqgen.summarize(source)
    assert [(r.name, r.trainable, r.non_trainable, r.weight_bytes) for r in summary.rows] == rows
    w = summary.weights
    assert (w.trainable, w.trainable_bytes, w.non_trainable, w.non_trainable_bytes) == totals


def test_table_shows_each_split_in_its_own_bytes() -> None:
    table = summary_table(seqgen.summarize("input 3\ndense 1 lora_rank=2 dtype=float16\n"))
    assert table.splitlines()[-3:] == [
        "Total params: 12 (40.00 B)", "Trainable params: 9 (34.00 B)",
        "Non-trainable params: 3 (6.00 B)"]  # fmt: skip


#: Inside a Pipeline Keras traces EinsumDense's call: the einsum gives every axis the input has.
TRACED = [
    ('input 8x12\npipeline [(einsum_dense "abc,cd->abd" (none, 6))]\n', (None, 8, 6)),
    ('input 4x8x12\npipeline [(einsum_dense "...c,cd->...d" 6)]\n', (None, 4, 8, 6)),
    ('input 3x8x12\npipeline [(einsum_dense "...bc,cd->...bd" (none, 6))]\n', (None, 3, 8, 6)),
]


@pytest.mark.parametrize("source,shape", TRACED, ids=[t[0] for t in TRACED])
def test_pipeline_traces_einsum(source: str, shape: tuple) -> None:
    assert seqgen.summarize(source).rows[0].shape == shape


#: Calls that fail where Keras traces them inside a Pipeline (outside one, Keras builds them).
TRACE_FAILS = [
    # the equation's input has fewer axes than the input
    ('input 8x12\npipeline [(einsum_dense "ab,bc->ac" 6)]\n',
     "Pipeline cannot take its input: its layer 1 (EinsumDense) cannot be called on "
     "(None, 8, 12) with this equation and output_shape, and inside a Pipeline Keras calls it "
     "while building"),
    # "Input length must be statically known for adaptive pooling"
    ("input (none, 3)\npipeline [(adaptive_average_pooling1d 4)]\n",
     "Pipeline cannot take its input: its layer 1 (AdaptiveAveragePooling1D) needs known "
     "spatial dimensions inside a Pipeline (Keras traces its call while building, and the call "
     "needs them); got (None, None, 3)"),
    # "the input rank must be 1 or the last shape dimension must be 1"
    ('input 3 dtype=string\npipeline [(text_vectorization vocabulary=["a", "b"])]\n',
     "Pipeline cannot take its input: its layer 1 (TextVectorization) splits texts, and inside "
     "a Pipeline (Keras traces its call while building) that needs an input of rank 1 or a "
     "last dimension of 1; got (None, 3)"),
]


@pytest.mark.parametrize("source,message", TRACE_FAILS, ids=[t[0] for t in TRACE_FAILS])
def test_pipeline_refuses_a_call_that_fails(source: str, message: str) -> None:
    with pytest.raises(seqgen.SeqgenError) as info:
        seqgen.summarize(source)
    assert (info.value.message, info.value.line, info.value.column) == (message, 2, 1)


@pytest.mark.keras
@pytest.mark.parametrize("source,message", TRACE_FAILS, ids=[t[0] for t in TRACE_FAILS])
def test_keras_fails_on_those_calls(keras, source: str, message: str) -> None:
    assert_shape_error(keras, source, message, 2, 1)
    plain = source.replace("pipeline [(", "").replace(")]\n", "\n")
    assert seqgen.summarize(plain).rows  # outside a Pipeline seqgen and Keras build it
    assert_matches_keras(keras, plain)


#: (source, list style: model name and layer names, add style: the same), as Keras names them.
NAMES = [
    ("input 6\nsequential {\n    dense 4\n}\ndense 1\n",
     ("sequential_1", ["sequential", "dense_1"]), ("sequential", ["sequential_1", "dense_1"])),
    ("input 6\nsequential {\n    sequential {\n        dense 4\n    }\n    dense 3\n}\n"
     "sequential {\n    dense 2\n} as b\ndense 1\n",
     ("sequential_2", ["sequential_1", "b", "dense_3"]),
     ("sequential", ["sequential_2", "b", "dense_3"])),
    ('model "m"\ninput 6\nsequential {\n    input 6\n    dense 4\n}\ndense 1\n',
     ("m", ["sequential", "dense_1"]), ("m", ["sequential", "dense_1"])),
    ("input 6\nrepeat 2 {\n    sequential {\n        dense 4\n    }\n}\n",
     ("sequential_2", ["sequential", "sequential_1"]),
     ("sequential", ["sequential_1", "sequential_2"])),
    ("input 6\ndense 4\n", ("sequential", ["dense"]), ("sequential", ["dense"])),
]  # fmt: skip


@pytest.mark.parametrize("source,listed,added", NAMES, ids=[n[0] for n in NAMES])
def test_names_follow_the_style(source: str, listed: tuple, added: tuple) -> None:
    for style, (model, layers) in (("list", listed), ("add", added)):
        summary = seqgen.summarize(source, options=Options(style=style))
        assert (summary.name, [r.name for r in summary.rows]) == (model, layers), style


def test_add_style_refuses_a_name_it_gives_automatically() -> None:
    source = "input 6\nsequential {\n    dense 4\n}\ndense 1 as sequential_1\n"
    assert [r.name for r in seqgen.summarize(source).rows] == ["sequential", "sequential_1"]
    with pytest.raises(seqgen.SeqgenError) as info:
        seqgen.summarize(source, options=Options(style="add"))
    assert info.value.message == ("layer name 'sequential_1' is the automatic name Keras gives "
                                  "the unnamed Sequential at line 2")  # fmt: skip


def test_summary_command_takes_the_style() -> None:
    source = "input 6; sequential { dense 4 }; dense 1"
    heads = {}
    for style in ("list", "add"):
        out, err = io.StringIO(), io.StringIO()
        assert main(["summary", "-e", source, "--style", style], stdout=out, stderr=err) == 0
        lines = out.getvalue().splitlines()
        heads[style] = (lines[0], lines[4].split()[0])
    assert heads == {"list": ('Model: "sequential_1"', "sequential"),
                     "add": ('Model: "sequential"', "sequential_1")}  # fmt: skip


def test_check_command_takes_the_style() -> None:
    # the name clashes with the add style's automatic name of the nested block only
    source = "input 6; sequential { dense 4 }; dense 1 as sequential_1"
    codes = {}
    for style in ("list", "add"):
        out, err = io.StringIO(), io.StringIO()
        codes[style] = main(["check", "-e", source, "--style", style], stdout=out, stderr=err)
    assert codes == {"list": 0, "add": 2}


# --- against Keras -----------------------------------------------------------------------------


@pytest.mark.keras
@pytest.mark.parametrize("source", [f[0] for f in FIGURES] + [t[0] for t in TRACED])
def test_figures_match_keras(keras, source: str) -> None:
    assert_matches_keras(keras, source)


@pytest.mark.keras
@pytest.mark.parametrize("style", ["list", "add"])
@pytest.mark.parametrize("source", [n[0] for n in NAMES], ids=[n[0] for n in NAMES])
def test_names_match_keras(keras, source: str, style: str) -> None:
    assert_matches_keras(keras, source, style)


def _variants(spec) -> list[str]:
    """The catalogue example frozen and in float16 (together: one build a layer), or with
    the one of them the layer takes."""
    params = {*spec.signature.by_name, *spec.signature.extra_kwargs}
    extra = " ".join(p for p, name in (("trainable=false", "trainable"),
                                       ("dtype=float16", "dtype")) if name in params)  # fmt: skip
    if not extra:
        return []
    source = example_source(spec)
    return [source.replace(spec.example, f"{spec.example} {extra}", 1),
            source.replace(spec.example, f"{spec.example} trainable=false", 1)]


@pytest.mark.keras
def test_catalogue_frozen_and_float16_match_keras(keras) -> None:
    """Every catalogue layer with weights, frozen and in float16, has Keras's figures.

    A layer whose example has no weights is left out (to keep the suite's time): freezing and
    dtypes change nothing there, and its count is compared with Keras's by
    tests/test_catalog_layers.py."""
    differences = []
    for spec in load_catalog().layers.values():
        if not spec.expressible or "tensorflow" not in spec.modes:
            continue
        if any(importlib.util.find_spec(p) is None for p in spec.requires):
            continue
        if seqgen.summarize(example_source(spec)).total == 0:
            continue
        for source in _variants(spec):
            try:
                expected = keras_rows(keras, source)
            except (seqgen.SeqgenError, ValueError, TypeError):  # float16 refused: frozen only
                continue
            ours = seqgen_rows(source)
            if ours != expected:
                differences.append((source, ours, expected))
            break
    assert differences == []
