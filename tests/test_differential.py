"""seqgen against Keras on random stacks drawn from the catalogue (tests/differential.py).

What is covered how:

- `test_random_stacks_agree_with_keras` (keras, the CI tier): `CI_STACKS` stacks, seed
  `CI_SEED`, in one TensorFlow session.  Stack *i* is built around catalogue layer
  *i* mod *n* (so every layer leads ~8 stacks) with 1-3 of its parameters drawn off their
  defaults by kind (choices such as padding="causal" and data_format="channels_first",
  int/int_or_tuple strides, dilations, groups, depth multipliers, croppings and paddings,
  floats now and then outside their bounds, activations, initializers, regularizers,
  constraints, dtypes including mixed precision, `trainable=false`, Reshape targets with -1,
  Permute orders, RNN cells), wrapped (Bidirectional, TimeDistributed, SpectralNormalization),
  nested (`sequential { } as NAME`), looped (`repeat`, `for`), named, with model parameters
  and `-D` values, after an input that fits most of the time but not always, followed by 0-3
  more layers.  An accepted stack is built by Keras from the generated code in one style ×
  import mode in rotation (list/tensorflow, add/tensorflow, list/keras, add/keras); every
  figure of the summary is compared (per layer, nested layers too: name, class, output shape,
  trainable, non-trainable, weight bytes; the model's name, output shape, totals, bytes as
  `model.summary()` computes them); every 4th is called on a batch; every 20th is generated
  in all four ways, which must build to identical `get_config()`s.  A refused stack is
  written directly in Keras (by the drawing, not by seqgen's renderer) and must fail to
  build or to run, else the refusal is a false error.  A `-D` value must be judged as the
  same value written as the default.  Every class found must be one of `KNOWN` below, each
  shown by a minimal case that fails today (`xfail(strict=True)`): the suite stays green,
  a new class fails it, and a fixed one flips its case.
- the quick tests: the drawing is deterministic, leads with every catalogue layer, varies
  every kind of argument and every statement kind, and is refused now and then.
- `python -m tests.differential --stacks 20000 --seed 2026`: the long run (docs/reliability.md).
"""

from __future__ import annotations

import random
import time
from collections import Counter
from functools import lru_cache

import pytest

from tests import differential
from tests.random_stacks import CATALOG, SPECS, Stack, accepts, draw_stack

CI_STACKS = 1000
CI_SEED = 10
#: Arguments the CI tier must have drawn off their defaults.
ARGUMENTS = ("strides", "dilation_rate", "groups", "output_padding", "depth_multiplier",
             "cropping", "padding", "padding=causal", "data_format=channels_first", "trainable",
             "dtype=mixed_float16", "dtype=float16", "-1")  # fmt: skip


@pytest.fixture(scope="module")
def session():
    from keras.src.utils import io_utils

    made = differential.Session()
    yield made
    made.close()
    io_utils.enable_interactive_logging()


# --- the drawing (no TensorFlow) ---------------------------------------------------------------


@lru_cache(maxsize=None)
def _draw(count: int = len(SPECS), seed: int = CI_SEED) -> tuple[Stack, ...]:
    return tuple(draw_stack(random.Random(f"{seed}:{i}"), i) for i in range(count))


def test_the_drawing_is_deterministic() -> None:
    first, second = _draw(30, 1), [draw_stack(random.Random(f"1:{i}"), i) for i in range(30)]
    assert [s.source for s in first] == [s.source for s in second]
    assert [s.keras_code() for s in first] == [s.keras_code() for s in second]


def test_every_catalogue_layer_leads_stacks() -> None:
    stacks = _draw()
    assert {s.focus for s in stacks} == {spec.cls for spec in SPECS}
    usable = {s.cls for s in SPECS}
    # Every layer seqgen can express, and its requirements are installed (STFT needs scipy).
    assert usable == {s.cls for s in CATALOG.layers.values() if s.expressible}


def test_the_drawing_varies_every_kind_and_statement() -> None:
    stacks = _draw()
    varied = Counter(v for s in stacks for v in s.varied)
    features = Counter(f for s in stacks for f in s.features)
    kinds = {p.kind for spec in SPECS for p in spec.signature.params} - {"layer_list"}
    assert {k for k in kinds if f"kind {k}" not in varied} == set()
    for feature in ("for", "repeat", "repeat parameter", "named", "nested sequential",
                    "parameters", "-D", "parameter in a value", "trainable=false",
                    "layer dtype", "mixed precision", "wrapper Bidirectional",
                    "wrapper TimeDistributed", "wrapper SpectralNormalization"):  # fmt: skip
        assert features[feature] > 0, feature


def test_inputs_fit_most_of_the_time_but_not_always() -> None:
    import seqgen

    stacks = _draw()[:150]
    accepted = sum(accepts(s.source, s.defines) for s in stacks)
    assert 0.55 * len(stacks) < accepted < 0.95 * len(stacks)
    assert seqgen  # summarize is seqgen's library entry


# --- the CI tier ----------------------------------------------------------------------------


@pytest.mark.keras
def test_random_stacks_agree_with_keras(session) -> None:
    start = time.perf_counter()
    tally = differential.run(CI_STACKS, CI_SEED, session)
    seconds = time.perf_counter() - start
    assert tally.stacks == CI_STACKS
    assert tally.outcomes["agree: built"] > CI_STACKS // 2
    assert tally.outcomes["agree: both refuse"] > 0
    for argument in ARGUMENTS:
        assert tally.varied[argument] > 0, argument
    unknown = sorted(c for c in tally.classes if c not in KNOWN)
    assert unknown == [], tally.report() + f"\n({seconds:.0f} s)"


# --- minimal cases of every disagreement class found -----------------------------------------
#
# Each class (named by `differential.CAUSES`) has a minimal case below; when a fix lands its
# case passes (XPASS fails the suite): add the class to `FIXED`, which keeps its case as a
# regression test and takes the class out of `KNOWN`, so the CI tier fails if it turns up again.
#: Its minimal case runs in a process of its own: TensorFlow dies of SIGFPE on it.
ADAPTIVE = "adaptive pooling to a larger size crashes TensorFlow on a batch"
#: (class, .seq source, the same layers written in Keras, input shape, keywords of `case`).
CASES: list[tuple[str, str, list[str], tuple[int, ...], dict]] = [
    ("crash on a zero value", "input (6, 6)\nconv1d 3 3 groups=0",
     ["layers.Conv1D(3, 3, groups=0)"], (6, 6), {}),
    ("crash on a -D repeat count", "model m(n=1)\ninput (3,)\nrepeat n { dense 2 }",
     ["*[layers.Dense(2) for _ in range(2.5)]"], (3,), {"params": {"n": 1}, "defines": {"n": 2.5}}),
    ("sparse output into a layer that cannot take it fails on a batch",
     "input (3,) dtype=int32\ncategory_encoding 4 sparse=true\nactivity_regularization",
     ["layers.CategoryEncoding(4, sparse=True)", "layers.ActivityRegularization()"], (3,),
     {"dtype": "int32"}),
    ("-D value skips a check", "model m(n=2)\ninput (3,)\ndense n",
     ["layers.Dense(0)"], (3,), {"params": {"n": 2}, "defines": {"n": 0}}),
    ("identity or orthogonal initializer on a weight of another rank",
     'input (8, 8, 3)\nconv2d 4 3 bias_initializer="orthogonal"',
     ["layers.Conv2D(4, 3, bias_initializer='orthogonal')"], (8, 8, 3), {}),
    ("Keras constructor range: SpectralNormalization power_iterations",
     "input (3,)\nspectral_normalization (dense 2) power_iterations=0",
     ["layers.SpectralNormalization(layers.Dense(2), power_iterations=0)"], (3,), {}),
    ("Keras constructor range: augmentation factors",
     "input (8, 8, 3)\nsolarization threshold_factor=-0.5",
     ["layers.Solarization(threshold_factor=-0.5)"], (8, 8, 3), {}),
    ("Keras constructor range: activation layers", "input (3,)\nleaky_relu negative_slope=-0.5",
     ["layers.LeakyReLU(negative_slope=-0.5)"], (3,), {}),
    ("LoRA with a constraint",
     'input (5,) dtype=int32\nembedding 10 4 lora_rank=4 embeddings_constraint="max_norm"',
     ["layers.Embedding(10, 4, lora_rank=4, embeddings_constraint='max_norm')"], (5,),
     {"dtype": "int32"}),
    ("layer dtype Keras cannot build or run", 'input (3,)\ndense 4 dtype="int32"',
     ["layers.Dense(4, dtype='int32')"], (3,), {}),
    ("layer dtype Keras cannot build or run", 'input (8, 3)\naverage_pooling1d 2 dtype="uint64"',
     ["layers.AveragePooling1D(2, dtype='uint64')"], (8, 3), {}),
    ("Equalization not straight after the input", "input (8, 8, 3)\nrelu\nequalization\nidentity",
     ["layers.ReLU()", "layers.Equalization()", "layers.Identity()"], (8, 8, 3), {}),
    ("Bidirectional of a go_backwards layer", "input (6, 3)\nbidirectional (lstm 4 go_backwards=true)",
     ["layers.Bidirectional(layers.LSTM(4, go_backwards=True))"], (6, 3), {}),
    ("channels_first image layer fails on a batch",
     'input (8, 8, 3)\nrandom_saturation 0.2 data_format="channels_first"',
     ["layers.RandomSaturation(0.2, data_format='channels_first')"], (8, 8, 3), {}),
    ("channels_first image layer fails on a batch",
     'input (8, 8, 3)\nrandom_grayscale data_format="channels_first"',
     ["layers.RandomGrayscale(data_format='channels_first')"], (8, 8, 3), {}),
    ("layer on an input of another rank fails on a batch",
     "input (3, 3)\ncontrast_limited_adaptive_histogram_equalization",
     ["layers.ContrastLimitedAdaptiveHistogramEqualization()"], (3, 3), {}),
    ("layer on an input of another rank fails on a batch", "input (8, 8, 3)\nmel_spectrogram",
     ["layers.MelSpectrogram()"], (8, 8, 3), {}),
    ("lookup layer on an input of another dtype fails on a batch",
     'input (3,)\nstring_lookup vocabulary=["a", "b"]',
     ["layers.StringLookup(vocabulary=['a', 'b'])"], (3,), {}),
    ("orthogonal_regularizer on an activity of rank > 2 fails on a batch",
     'input (8, 3)\nconv1d 4 3 activity_regularizer="orthogonal_regularizer"',
     ["layers.Conv1D(4, 3, activity_regularizer='orthogonal_regularizer')"], (8, 3), {}),
    ("RNN of a cell on an input of rank > 3 fails on a batch", "input (6, 6, 4)\nrnn (lstm_cell 4)",
     ["layers.RNN(layers.LSTMCell(4))"], (6, 6, 4), {}),
    ("EinsumDense equation of another rank than its input fails on a batch",
     'input (3, 3, 2)\neinsum_dense "ab,bc->ac" 4',
     ["layers.EinsumDense('ab,bc->ac', 4)"], (3, 3, 2), {}),
    ("false error: TimeDistributed of a layer seqgen cannot slice",
     "input (5, 8)\ntime_distributed (global_average_pooling1d)",
     ["layers.TimeDistributed(layers.GlobalAveragePooling1D())"], (5, 8), {}),
    ("false error: return_state as the last layer", "input (5, 3)\nlstm 4 return_state=true",
     ["layers.LSTM(4, return_state=True)"], (5, 3), {}),
    ("false error: PReLU shared_axes", "input (4, 5)\nprelu shared_axes=[-1]",
     ["layers.PReLU(shared_axes=[-1])"], (4, 5), {}),
    ("false error: pooling a zero-size input", 'input (0, 8, 2)\nmax_pooling2d 3 padding="same"',
     ["layers.MaxPooling2D(3, padding='same')"], (0, 8, 2), {}),
    ("false error: adaptive pooling of another rank", "input (8, 3)\nadaptive_average_pooling2d 4",
     ["layers.AdaptiveAveragePooling2D(4)"], (8, 3), {}),
    ("import modes build different layers: AlphaDropout", "input (3,)\nalpha_dropout 0.5",
     ["layers.AlphaDropout(0.5)"], (3,), {}),
    ("frozen wrapper counts", "input (5, 3)\nbidirectional (lstm 4) trainable=false",
     ["layers.Bidirectional(layers.LSTM(4), trainable=False)"], (5, 3), {}),
    ("frozen RNN cell counts",
     "input (5, 3)\nrnn (stacked_rnn_cells [(lstm_cell 4)] trainable=false)",
     ["layers.RNN(layers.StackedRNNCells([layers.LSTMCell(4)], trainable=False))"], (5, 3), {}),
    ("weight bytes: Normalization's count", "input (3,)\nnormalization",
     ["layers.Normalization()"], (3,), {}),
    ("weight bytes: LoRA factors", 'input (3,)\ndense 1 lora_rank=2 dtype="float16"',
     ["layers.Dense(1, lora_rank=2, dtype='float16')"], (3,), {}),
    ("weight bytes: a nested layer's dtype", 'input (5, 3)\ntime_distributed (dense 3 dtype="float16")',
     ["layers.TimeDistributed(layers.Dense(3, dtype='float16'))"], (5, 3), {}),
    ("weight bytes: complex weights (model.summary() fails)",
     'input (3,)\nbatch_normalization dtype="complex64"',
     ["layers.BatchNormalization(dtype='complex64')"], (3,), {}),
    ("automatic names", "input (6,)\nsequential {\n    dense 4\n}\ndense 1",
     ["keras.Sequential([layers.Dense(4)])", "layers.Dense(1)"], (6,), {"index": 1}),
    ("output shape: Pipeline", 'input (8, 12)\npipeline [(einsum_dense "abc,cd->abd" (none, 6))]',
     ["layers.Pipeline([layers.EinsumDense('abc,cd->abd', (None, 6))])"], (8, 12), {}),
]


#: Classes whose minimal case agrees with Keras now: their cases stay, as regression tests.
FIXED = frozenset({
    "crash on a zero value", "crash on a -D repeat count", "-D value skips a check",
    "Keras constructor range: SpectralNormalization power_iterations",
    "Keras constructor range: augmentation factors", "Keras constructor range: activation layers",
    "LoRA with a constraint", "Equalization not straight after the input",
    "Bidirectional of a go_backwards layer",
    "false error: TimeDistributed of a layer seqgen cannot slice",
    "false error: return_state as the last layer", "false error: PReLU shared_axes",
    "false error: pooling a zero-size input", "frozen wrapper counts", "frozen RNN cell counts",
    "weight bytes: Normalization's count", "weight bytes: LoRA factors",
    "weight bytes: a nested layer's dtype", "automatic names", "output shape: Pipeline",
})

@pytest.mark.keras
@pytest.mark.parametrize("cls, source, keras_layers, shape, options", [
    pytest.param(*c, marks=() if c[0] in FIXED else pytest.mark.xfail(
        strict=True, raises=AssertionError, reason=c[0]), id=c[1].splitlines()[-1])
    for c in CASES
])  # fmt: skip
def test_minimal_case_agrees_with_keras(session, cls, source, keras_layers, shape, options) -> None:
    options = dict(options)
    dtype = options.pop("dtype", "float32")
    found = differential.case(session, source + "\n", keras_layers, shape, dtype, **options)
    named = {differential.cause(c, source, "") for c in found}
    if named - {cls}:  # not an expected failure: the case shows another class than its own
        pytest.fail(f"shows {sorted(named)}, filed under {cls!r}")
    assert found == [], cls


#: The classes the CI tier may find today: those with a minimal case.
#: Fixed classes that random stacks still find in other layers (SpatialDropout1D, adaptive
#: pooling inside TimeDistributed): known until those cases are fixed too.
STILL_FOUND = frozenset({"false error: TimeDistributed of a layer seqgen cannot slice"})
KNOWN = frozenset(c[0] for c in CASES if c[0] not in FIXED) | {ADAPTIVE} | STILL_FOUND


def test_every_case_is_filed_under_a_named_class() -> None:
    assert KNOWN <= {name for name, _ in differential.CAUSES}


@pytest.mark.keras
@pytest.mark.xfail(strict=True, raises=AssertionError, reason=ADAPTIVE)
def test_adaptive_pooling_to_a_larger_size() -> None:
    # TensorFlow dies of SIGFPE here, so the batch runs in a process of its own.
    import subprocess
    import sys

    source = "input (1, 2)\nadaptive_max_pooling1d 4\n"
    code = ("import numpy, keras\n"
            "m = keras.Sequential([keras.Input((1, 2)), keras.layers.AdaptiveMaxPooling1D(4)])\n"
            "m(numpy.ones((2, 1, 2), 'float32'))\n")  # fmt: skip
    ran = subprocess.run([sys.executable, "-c", code], capture_output=True).returncode == 0
    assert ran or not accepts(source, {}), "seqgen accepts what TensorFlow dies of"

