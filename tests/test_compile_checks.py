"""The output layer and the loss checked together (seqgen/compile_checks.py): the warnings, where
they point, `-W error` / `-W ignore`, no warning on any model of the repository, and the facts
the warnings claim measured in Keras.

Measured in Keras 3.15.1 (TensorFlow 2.21) by `test_keras_agrees`: a softmax over one unit
(Dense, Activation or Softmax) outputs exactly 1.0, and `keras.ops.softmax` warns "The softmax
operation will always return the value 1"; categorical cross-entropy over one unit is 0 (up to
1.2e-7) whatever the prediction, with Keras's SyntaxWarning "expected y_pred.shape to be
(batch_size, num_classes) with num_classes > 1"; sparse categorical cross-entropy over one unit
is 0 for label 0 and refuses label 1 ("outside the valid range of [0, 1)"); a softmax's outputs
sum to 1; a cross-entropy with `from_logits=True` on a sigmoid or softmax output makes Keras's
TensorFlow backend warn "received `from_logits=True`, but the `output` argument was produced by
a Sigmoid activation and thus does not represent logits" (keras/src/backend/tensorflow/nn.py,
`_get_logits`; the losses' docs: "from_logits: Whether to interpret `y_pred` as a tensor of
logit values. By default, we assume that `y_pred` is probabilities (i.e., values in [0, 1])").
"""

from __future__ import annotations

import io
import warnings
from pathlib import Path

import pytest

import seqgen
from seqgen.cli import main
from seqgen.compile_checks import output_loss_warnings
from seqgen.values import evaluate
from tests.conftest import exec_module
from tests.corpus import VALID, sources
from tests.test_docs import SEQ_BLOCKS

SOFTMAX_ONE = ("the model's output is a softmax over 1 unit ({}), which is always 1.0", "for two "
               "classes end with dense 1 sigmoid and use binary_crossentropy, or give the softmax "
               "one unit per class")  # fmt: skip
LOGITS = ("the loss expects logits (from_logits=true), but the model's output is a {} ({}), so "
          "it gets probabilities", "drop from_logits=true, or remove the {} from {} so that the "
          "model outputs logits")  # fmt: skip
CATEGORICAL_ONE = ("categorical cross-entropy over 1 output unit is always 0, so the model cannot "
                   "learn", "for two classes use binary_crossentropy with dense 1 sigmoid")
SPARSE_ONE = ("sparse categorical cross-entropy over 1 output unit: label 0 always costs 0 and any "
              "other label is out of range", "for two classes use binary_crossentropy with dense "
              "1 sigmoid; else give the output one unit per class")  # fmt: skip
BINARY_SOFTMAX = ("binary cross-entropy scores each of the {} units as its own yes/no, but a "
                  "softmax makes them sum to 1", "one class per sample: categorical_crossentropy "
                  "(one-hot labels) or sparse_categorical_crossentropy (integer labels); several "
                  "labels per sample: sigmoid")  # fmt: skip

#: (source, [(line:col of the warning, message, hint, line:col of its related note)]).
WARNED = [
    ("input 8\ndense 1 softmax\ncompile optimizer=adam loss=binary_crossentropy\n",
     [("2:1", SOFTMAX_ONE[0].format("Dense"), SOFTMAX_ONE[1], "3:24")]),
    # any loss, and none: a softmax over one unit is always 1.0
    ("input 8\ndense 1 softmax\ncompile loss=mse\n",
     [("2:1", SOFTMAX_ONE[0].format("Dense"), SOFTMAX_ONE[1], "3:9")]),
    ("input 8\ndense 1 softmax\ncompile loss=ce\n",  # a loss seqgen does not check further
     [("2:1", SOFTMAX_ONE[0].format("Dense"), SOFTMAX_ONE[1], "3:9")]),
    ("input 8\nDense(1, activation=\"softmax\")\n",
     [("2:1", SOFTMAX_ONE[0].format("Dense"), SOFTMAX_ONE[1], None)]),
    # no input: the units are Dense's own
    ("dense 4 relu\ndense 1\nactivation softmax\nidentity\n",
     [("3:1", SOFTMAX_ONE[0].format("Activation"), SOFTMAX_ONE[1], None)]),
    ("input 8\nsequential { repeat 2 { dense 4 }; dense 1; softmax }\n",
     [("2:45", SOFTMAX_ONE[0].format("Softmax"), SOFTMAX_ONE[1], None)]),
    ("input 8\ndense 1 sigmoid\n"
     "compile optimizer=adam loss=binary_crossentropy(from_logits=true)\n",
     [("3:24", LOGITS[0].format("sigmoid", "Dense"), LOGITS[1].format("sigmoid", "Dense"), "2:1")]),
    ("input 8\ndense 10 softmax\ncompile loss=SparseCategoricalCrossentropy(from_logits=true)\n",
     [("3:9", LOGITS[0].format("softmax", "Dense"), LOGITS[1].format("softmax", "Dense"), "2:1")]),
    ("input 5x8\ntime_distributed (dense 3 sigmoid)\ncompile adam bce(true)\n",
     [("3:14", LOGITS[0].format("sigmoid", "TimeDistributed(Dense)"),
       LOGITS[1].format("sigmoid", "TimeDistributed(Dense)"), "2:1")]),
    ("input 8\ndense 4\nsoftmax\ncompile loss=categorical_crossentropy(from_logits=true)\n",
     [("4:9", LOGITS[0].format("softmax", "Softmax"), "drop from_logits=true, or remove the "
       "Softmax layer so that the model outputs logits", "3:1")]),
    ("input 8\ndense 1 sigmoid\ncompile loss=categorical_crossentropy\n",
     [("3:9", *CATEGORICAL_ONE, "2:1")]),
    ("input 8\ndense 3\nactivation softmax\nactivation linear\ncompile loss=bce\n",
     [("3:1", BINARY_SOFTMAX[0].format(3), BINARY_SOFTMAX[1], "5:9")]),
    ("input 8\ndense 3 softmax\ncompile loss=\"BinaryCrossentropy\"\n",
     [("2:1", BINARY_SOFTMAX[0].format(3), BINARY_SOFTMAX[1], "3:9")]),
    ("input 8\ndense 1\ncompile loss=sparse_categorical_crossentropy(from_logits=true)\n",
     [("3:9", *SPARSE_ONE, "2:1")]),
    ('model m(loss="sparse_categorical_crossentropy")\n'
     "input 8\ndense 1 sigmoid\ncompile loss=loss\n",
     [("4:9", *SPARSE_ONE, "3:1")]),
    # two warnings on one model, in the order they are listed in docs/checking.md
    ("input 8\ndense 1 softmax\ncompile loss=categorical_crossentropy(from_logits=true)\n",
     [("2:1", SOFTMAX_ONE[0].format("Dense"), SOFTMAX_ONE[1], "3:9"),
      ("3:9", LOGITS[0].format("softmax", "Dense"), LOGITS[1].format("softmax", "Dense"), "2:1"),
      ("3:9", *CATEGORICAL_ONE, "2:1")]),
]  # fmt: skip

#: Outputs and losses that fit: no warning.
FITTING = [
    "input 8\ndense 1 sigmoid\ncompile loss=binary_crossentropy\n",
    "input 8\ndense 1\ncompile loss=bce(from_logits=true)\n",
    "input 8\ndense 10 softmax\ncompile loss=categorical_crossentropy metrics=[accuracy]\n",
    "input 8\ndense 10\ncompile loss=sparse_categorical_crossentropy(from_logits=true)\n",
    "input 8\ndense 10 softmax\ncompile loss=sparse_categorical_crossentropy\n",
    "input 8\ndense 10 softmax\ncompile loss=categorical_crossentropy(label_smoothing=0.1)\n",
    "input 8\ndense 4 sigmoid\ncompile loss=binary_crossentropy\n",  # several labels a sample
    "input 8\ndense 10\nsoftmax\ncompile loss=categorical_crossentropy\n",
    "input 8\ndense 1 sigmoid\ncompile loss=ce\n",  # compile's own: picks from the targets
    "input 8\ndense 1 sigmoid\ncompile loss=mse\n",
    "input 3x4\nlstm 1 activation=softmax\n",  # the activation is inside the cell
    "input 8\ndense 1\nflatten\n",  # ends with a layer without an activation
    "input 8\ndense 4\nsoftmax axis=0\n",  # the batch axis: not known
    "input 8\ndense 1 sigmoid\ndense 1 linear dtype=float32\ncompile loss=bce(from_logits=true)\n",
]


def warned(fragment: str) -> str:
    """The one source of WARNED that contains `fragment`."""
    [source] = [source for source, _ in WARNED if fragment in source]
    return source


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(args), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def _warnings(source: str, **values: object) -> list[tuple[str, str, str | None, str | None]]:
    summary = seqgen.summarize(source, **values)
    found = []
    for d in summary.notes:
        if d.severity == "warning":
            related = f"{d.related[0][1].line}:{d.related[0][1].column}" if d.related else None
            found.append((f"{d.span.line}:{d.span.column}", d.message, d.hint, related))
    return found


@pytest.mark.parametrize(("source", "expected"), WARNED)
def test_warned(source: str, expected: list) -> None:
    assert _warnings(source) == expected


@pytest.mark.parametrize("source", FITTING)
def test_fitting(source: str) -> None:
    assert _warnings(source) == []


def test_related_notes_name_the_other_place() -> None:
    [at_output] = seqgen.summarize(warned("adam loss=binary_crossentropy\n")).notes
    assert at_output.related[0][0] == "the loss is given here"
    [at_loss] = seqgen.summarize(warned("adam loss=binary_crossentropy(from_logits=true)")).notes
    assert at_loss.related[0][0] == "the output layer is here"


def test_parameters_values_are_checked() -> None:
    source = "model m(n=10)\ninput 8\ndense n softmax\ncompile loss=categorical_crossentropy\n"
    assert _warnings(source) == []
    assert [w[1] for w in _warnings(source, n=1)] == [SOFTMAX_ONE[0].format("Dense"),
                                                      CATEGORICAL_ONE[0]]  # fmt: skip


def test_command_line(tmp_path: Path) -> None:
    src = tmp_path / "m.seq"
    src.write_text(warned("adam loss=binary_crossentropy\n"), encoding="utf-8")
    code, _, err = run("check", str(src))
    assert code == 0
    assert err == (
        f"{src}:2:1: warning: {SOFTMAX_ONE[0].format('Dense')}\n"
        " 2 | dense 1 softmax\n"
        "   | ^^^^^^^^^^^^^^^\n"
        f"{src}:3:24: note: the loss is given here\n"
        " 3 | compile optimizer=adam loss=binary_crossentropy\n"
        "   |                        ^^^^^^^^^^^^^^^^^^^^^^^^\n"
        f"hint: {SOFTMAX_ONE[1]}\n"
    )
    code, _, err = run("check", "-W", "error", str(src))
    assert code == 2 and f"{src}:2:1: error: {SOFTMAX_ONE[0].format('Dense')}" in err
    assert run("check", "-W", "ignore", str(src)) == (0, "", "")
    code, out, err = run("summary", "-W", "error", str(src))
    assert code == 2 and "error: the model's output is a softmax over 1 unit" in err
    src.write_text("model m(n=10)\ninput 8\ndense n softmax\n", encoding="utf-8")
    assert run("check", str(src)) == (0, "", "")
    code, _, err = run("check", str(src), "-D", "n=1")
    assert code == 0 and f"{src}:3:1: warning: {SOFTMAX_ONE[0].format('Dense')}" in err


#: Every program of the repository that generates code, and the examples of docs/language.md.
PROGRAMS = [*(pytest.param(s.text, id=s.id) for s in sources(*VALID)),
            *(pytest.param(text, id=f"language.md:{line}") for line, text in SEQ_BLOCKS)]


@pytest.mark.parametrize("text", PROGRAMS)
def test_no_warning_on_the_repository_models(text: str) -> None:
    """Every example, test model (compiled the same in tests/models/*.py), golden case and
    example of docs/language.md."""
    model = seqgen.check_model(text)
    summary = seqgen.summarize(text)
    env = {p.name: evaluate(p.default, {}) for p in model.params}
    assert output_loss_warnings(model, env, model.placed.layers, summary.output_shape) == []


def test_repository_models_compile_with_losses() -> None:
    """The test above sees outputs and losses: most of the repository's models compile."""
    compiled = [s for s in sources(*VALID) if seqgen.check_model(s.text).compile]
    assert len(compiled) >= 20


@pytest.mark.keras
def test_keras_agrees(keras) -> None:
    """Each warned model, generated by seqgen and built by Keras, does what its warning says."""
    import numpy as np

    x = np.random.default_rng(0).normal(size=(6, 8)).astype("float32")

    def build(source: str):  # automatic names do not matter here: no clear_session
        return exec_module(seqgen.generate(source, keras="tensorflow"))["build_model"]()

    def loss(model, labels, outputs) -> float:
        """The model's loss, the largest over the batch (a loss named by a string is per
        sample)."""
        fn = keras.losses.get(model.loss) if isinstance(model.loss, str) else model.loss
        return float(np.max(fn(labels, outputs)))

    def caught(fn):
        with warnings.catch_warnings(record=True) as seen:
            warnings.simplefilter("always")
            result = fn()
        return result, " ".join(str(w.message) for w in seen)

    # a softmax over one unit: always 1.0, and Keras says so when it runs
    without_input = warned("identity")
    for source in (warned("adam loss=binary_crossentropy\n"), warned("sequential"),
                   "input 8\n" + without_input):  # fmt: skip
        y, said = caught(lambda: build(source)(x).numpy())
        assert y.shape == (6, 1) and (y == 1.0).all()
        assert "The softmax operation will always return the value 1" in said
    # categorical cross-entropy over one unit: 0 whatever the output
    model = build(warned("sigmoid\ncompile loss=categorical_crossentropy"))
    values, said = caught(lambda: [loss(model, np.array([[t]], "float32"), model(x[:1]))
                                   for t in (0.0, 1.0)])  # fmt: skip
    assert max(values) < 1e-6 and "num_classes > 1" in said
    # sparse categorical cross-entropy over one unit: label 0 costs 0, label 1 is refused
    model = build(warned("dense 1\ncompile loss=sparse"))
    assert loss(model, np.array([0]), model(x[:1])) == 0.0
    with pytest.raises(Exception, match="outside the valid range"):
        loss(model, np.array([1]), model(x[:1]))
    # from_logits on a sigmoid or a softmax output: Keras's backend warns too
    for case in (warned("adam loss=binary_crossentropy(from_logits=true)"),
                 warned("SparseCategoricalCrossentropy(from_logits=true)")):
        model = build(case)
        labels = np.zeros((6, 1)) if model.output_shape[-1] == 1 else np.zeros(6)
        _, said = caught(lambda: loss(model, labels, model(x)))
        assert "received `from_logits=True`, but the `output` argument was produced by" in said
    # binary cross-entropy on a softmax: the units sum to 1, not each its own probability
    model = build(warned("\"BinaryCrossentropy\""))
    assert np.allclose(model(x).numpy().sum(-1), 1.0)
    # and what fits is silent
    model = build(FITTING[0])
    _, said = caught(lambda: loss(model, np.zeros((6, 1)), model(x)))
    assert "from_logits" not in said
