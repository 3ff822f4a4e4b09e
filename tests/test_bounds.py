"""Numeric bounds of layer parameters: probed from Keras when the catalogue is built
(tools/catalog/ranges.py), read by the kinds (seqgen/kinds/base.py `bound_problem`).

The plain tests check seqgen's side: every boundary value of every numeric parameter gives a
positioned error or a model, never an internal error; the messages.  The keras-marked test
reads the recorded bounds and confirms, for a sample of layers, that Keras's constructors
accept and refuse the values on each side as recorded.
"""

from __future__ import annotations

import dataclasses
import json
import random

import pytest

import seqgen
from seqgen.catalog import ParamSpec, load_catalog
from seqgen.kinds.base import bound_problem
from tools.catalog import build, ranges

CATALOG = load_catalog()
COMMITTED = json.loads(build.CATALOG_PATH.read_text(encoding="utf-8"))
NUMERIC = ("int", "float", "int_or_tuple", "factor")
EDGES = (0, -1, 0.5, 2, 9, 1.5, -0.1, 10**12, -(10**12), 2**70, 1e308)


def _input_line(entry: dict) -> str:
    shape, dtype = entry["example_input"]["shape"], entry["example_input"]["dtype"]
    dims = "(" + ", ".join(map(str, shape)) + ("," if len(shape) == 1 else "") + ")"
    return f"input shape={dims}" + ("" if dtype == "float32" else f" dtype={dtype}")


def _sources() -> list[str]:
    """Every numeric parameter of every layer and cell (inside an RNN) at each edge value, the
    layer written as its example with that one argument changed."""
    from tools.catalog.examples import CELL_EXAMPLES, LAYER_EXAMPLES, Example, seq_example

    out = []
    for entry in COMMITTED["layers"] + COMMITTED["cells"]:
        if not entry["expressible"] or entry["class"] == "Equalization":
            continue
        example = {**LAYER_EXAMPLES, **CELL_EXAMPLES}[entry["class"]]
        given = dict(zip((p["name"] for p in entry["params"]), example.args)) | example.kwargs
        for p in entry["params"]:
            if p["kind"] not in NUMERIC:
                continue
            for v in EDGES:
                layer = seq_example(entry["class"], Example((), given | {p["name"]: v}))
                if entry["family"] == "cell":
                    layer = f"rnn ({layer})"
                out.append(f"{_input_line(entry)}; {layer}")
    return out


def test_no_boundary_value_of_any_numeric_parameter_is_an_internal_error() -> None:
    crashed = []
    for source in _sources():
        try:
            seqgen.summarize(source)
        except seqgen.SeqgenError as error:
            assert error.diagnostics and error.diagnostics[0].span is not None, source
        except Exception as error:  # noqa: BLE001 - what exit 123 would report
            crashed.append(f"{source}: {type(error).__name__}: {error}")
    assert not crashed, "\n".join(crashed)


def assert_message(source: str, message: str | None) -> None:
    """`source` is accepted (`message` None) or refused with exactly `message`."""
    if message is None:
        seqgen.summarize(source)
        return
    with pytest.raises(seqgen.SeqgenError) as info:
        seqgen.summarize(source)
    assert info.value.message == message


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("input 6x6; conv1d 3 3 groups=0", "Conv1D groups must be at least 1, not 0"),
        ("input 4; group_normalization groups=0", "GroupNormalization groups cannot be 0"),
        ("input 4; group_normalization groups=-2",
         "GroupNormalization groups must be at least -1, not -2"),
        ("input 4096; mel_spectrogram sequence_stride=0",
         "MelSpectrogram sequence_stride must be at least 1, not 0"),
        ("input 512x1; stft_spectrogram frame_length=0",
         "STFTSpectrogram frame_length must be at least 2, not 0"),
        ("input 3; gaussian_noise 1.5", "GaussianNoise stddev must be between 0 and 1, not 1.5"),
        ("input 3; leaky_relu negative_slope=-0.1",
         "LeakyReLU negative_slope cannot be negative: -0.1"),
        ("input 3; relu max_value=-1", "ReLU max_value cannot be negative: -1"),
        ("input 8x8x3; random_contrast 1.5",
         "RandomContrast factor must be between 0 and 1, not 1.5"),
        ("input 8x8x3; random_zoom 2.0",
         "RandomZoom height_factor must be greater than -1 and at most 1, not 2.0"),
        ("input 8x8x3; random_posterization 9",
         "RandomPosterization factor must be between 1 and 8, not 9"),
        ("input 8x8x3; random_hue 1.5", "RandomHue factor must be between 0 and 1, not 1.5"),
        ("input 8x8x3; random_gaussian_blur kernel_size=4",
         "RandomGaussianBlur kernel_size must be odd, not 4"),
        ("input 3; spectral_normalization (dense 2) power_iterations=0",
         "SpectralNormalization power_iterations must be at least 1, not 0"),
        ("input 8x8x3; random_contrast (1.5, 2.0)",
         "RandomContrast factor needs its first number at most 1, not (1.5, 2.0)"),
        ("input 8x8x3; random_grayscale (0.1, 0.3)",
         "RandomGrayscale factor takes a single number, not a pair (0.1, 0.3)"),
        ("input 8x8x3; random_height (0.5, 0.2)",
         "RandomHeight factor needs its first number at most its second, not (0.5, 0.2)"),
        ("input 8x8x3; random_contrast (0.1, 0.3)", None),
        ("input 8x8x3; random_contrast (0.5, 2.0)", None),  # Keras checks low <= 1, high >= 0
        ("input 8x8x3; random_gaussian_blur kernel_size=5", None),
        ("input 8x8x3; center_crop 0 4", None),
    ],
)  # fmt: skip
def test_probed_bounds_messages(source: str, message: str | None) -> None:
    assert_message(source, message)


def test_bounds_words() -> None:
    base = ParamSpec("x", False, "float")
    cases = [
        (dict(minimum=0, min_exclusive=True), 0, "must be greater than 0, not 0"),
        (dict(maximum=1, max_exclusive=True), 1, "must be less than 1, not 1"),
        (dict(minimum=0, maximum=1, max_exclusive=True), 1,
         "must be at least 0 and less than 1, not 1"),
        (dict(minimum=-1, maximum=1, min_exclusive=True), -1,
         "must be greater than -1 and at most 1, not -1"),
        (dict(odd=True), 4, "must be odd, not 4"),
        (dict(minimum=-1, excluded=(0,)), 0, "cannot be 0"),
    ]  # fmt: skip
    for fields, value, words in cases:
        assert bound_problem(dataclasses.replace(base, **fields), value, str(value)) == words
    assert bound_problem(dataclasses.replace(base, odd=True), 5, "5") is None


def test_the_derivation_of_a_bound_from_answers() -> None:
    def derive(accepts, kind="float", builds=lambda v: True):  # noqa: ANN001, ANN202
        return ranges.bounds_of("L", "p", kind, accepts, builds)

    assert derive(lambda v: 0 <= v <= 1) == {"min": 0, "max": 1}
    assert derive(lambda v: -1 < v <= 1) == {"min": -1, "min_exclusive": True, "max": 1}
    assert derive(lambda v: v > 0) == {"min": 0, "min_exclusive": True}
    assert derive(lambda v: 1 <= v <= 8, "int") == {"min": 1, "max": 8}
    assert derive(lambda v: v >= 1 and v % 2 == 1, "int") == {"min": 1, "odd": True}
    assert derive(lambda v: True, "int", builds=lambda v: v >= 1) == {
        "min": 1, "checked_at": "build"}  # fmt: skip
    with pytest.raises(RuntimeError, match="add a decision"):
        derive(lambda v: v in (1, 2, 4), "int")


def _recorded_sample() -> list[tuple[str, str, dict, dict]]:
    """(class, parameter, bounds, example kwargs) for a sample of bounded layer parameters."""
    from tools.catalog.examples import LAYER_EXAMPLES

    found = [(e["class"], p["name"], p["bounds"]) for e in COMMITTED["layers"]
             for p in e["params"] if "bounds" in p and e["class"] in LAYER_EXAMPLES
             and p.get("bounds", {}).get("checked_at") is None]  # fmt: skip
    must = {"GaussianNoise", "RandomZoom", "RandomPosterization", "RandomGaussianBlur",
            "RandomContrast", "RandomGrayscale", "RandomHeight", "RandomTranslation",
            "GroupNormalization", "LeakyReLU", "ReLU", "SpectralNormalization"}  # fmt: skip
    chosen = [f for f in found if f[0] in must]
    rest = [f for f in found if f[0] not in must]
    chosen += random.Random(10).sample(rest, min(25, len(rest)))
    return chosen


@pytest.mark.keras
def test_keras_accepts_and_refuses_the_recorded_boundary_values(keras) -> None:  # noqa: ANN001
    """Each recorded end, and the values just beside it, as Keras's constructor answers."""
    import tensorflow as tf

    from tools.catalog.decisions import PROBE_LOWER_ONLY
    from tools.catalog.examples import LAYER_EXAMPLES
    from tools.catalog.probe import construct, _signature_params

    wrong = []
    for cls_name, name, bounds in _recorded_sample():
        example = LAYER_EXAMPLES[cls_name]
        cls = getattr(keras.layers, cls_name, None) or getattr(tf.keras.layers, cls_name)
        names = [p.name for p in _signature_params(cls.__init__)]
        given = dict(zip(names, example.args)) | dict(example.kwargs)
        whole = isinstance(bounds.get("min", bounds.get("max", 1)), int) and \
            next(p for e in COMMITTED["layers"] if e["class"] == cls_name
                 for p in e["params"] if p["name"] == name)["kind"] in ("int", "int_or_tuple")
        step = 1 if whole else 1e-3
        values = []
        lower_only = (cls_name, name) in PROBE_LOWER_ONLY  # above its lower end: the rule's
        for end in ("min", "max"):
            if end in bounds:
                values += [bounds[end] - step, bounds[end]]
                if not (lower_only and end == "min"):
                    values.append(bounds[end] + step)
        values += bounds.get("exclude", [])
        if bounds.get("odd"):
            values += [3, 4]
        if bounds.get("pairs") is not None and "pairs" in bounds:
            values += [(-1.0, 0.5), (0.5, 0.2), (0.5, 1.5), (1.5, 2.0), (0.2, 0.5)]
        for v in values:
            try:
                construct(cls, dataclasses.replace(example, args=(), kwargs=given | {name: v}),
                          keras.layers)  # fmt: skip
                accepted = True
            except Exception:  # noqa: BLE001
                accepted = False
            if isinstance(v, tuple):
                pairs = bounds["pairs"]
                expected = pairs is not False and ranges.pair_inside(pairs, v)
            else:
                expected = ranges.inside(bounds, v)
            if accepted != expected:
                answer = "accepts" if accepted else "refuses"
                wrong.append(f"{cls_name}({name}={v!r}): Keras {answer}, recorded {bounds}")
    assert not wrong, "\n".join(wrong)


TWO_ARGUMENTS = [
    ("input 5; dense 3 lora_rank=4 kernel_constraint=max_norm(2.0)",
     "Dense cannot take both lora_rank and kernel_constraint: Keras refuses LoRA on a "
     "constrained weight"),
    ("input 5; einsum_dense \"ab,bc->ac\" 3 lora_rank=2 kernel_constraint=max_norm(2.0)",
     "EinsumDense cannot take both lora_rank and kernel_constraint: Keras refuses LoRA on a "
     "constrained weight"),
    ("input 5 dtype=int32; embedding 10 3 lora_rank=2 embeddings_constraint=max_norm(2.0)",
     "Embedding cannot take both lora_rank and embeddings_constraint: Keras refuses LoRA on a "
     "constrained weight"),
    ("input 5; pipeline []", "Pipeline layers cannot be an empty list"),
    ("input 5; dense 3 lora_rank=0 kernel_constraint=max_norm(2.0)", None),
    ("input 5; dense 3 lora_rank=2 bias_constraint=max_norm(2.0)", None),
]  # fmt: skip


@pytest.mark.parametrize(("source", "message"), TWO_ARGUMENTS)
def test_rules_of_two_arguments(source: str, message: str | None) -> None:
    assert_message(source, message)


@pytest.mark.keras
def test_keras_refuses_what_the_rules_of_two_arguments_refuse(keras) -> None:  # noqa: ANN001
    """The same models written in Keras: each refused one fails to build, each accepted builds."""
    L, max_norm = keras.layers, keras.constraints.MaxNorm(2.0)
    models = [
        (keras.Input((5,)), lambda: L.Dense(3, lora_rank=4, kernel_constraint=max_norm)),
        (keras.Input((5,)), lambda: L.EinsumDense("ab,bc->ac", 3, lora_rank=2,
                                                  kernel_constraint=max_norm)),
        (keras.Input((5,), dtype="int32"),
         lambda: L.Embedding(10, 3, lora_rank=2, embeddings_constraint=max_norm)),
        (keras.Input((5,)), lambda: L.Pipeline([])),
        (keras.Input((5,)), lambda: L.Dense(3, lora_rank=0, kernel_constraint=max_norm)),
        (keras.Input((5,)), lambda: L.Dense(3, lora_rank=2, bias_constraint=max_norm)),
    ]  # fmt: skip
    wrong = []
    for (source, message), (inputs, layer) in zip(TWO_ARGUMENTS, models, strict=True):
        keras.backend.clear_session()
        try:
            keras.Sequential([inputs, layer()])
            built = True
        except Exception:  # noqa: BLE001
            built = False
        if built != (message is None):
            wrong.append(f"{source}: Keras {'builds' if built else 'refuses'} it")
    assert not wrong, "\n".join(wrong)


@pytest.mark.keras
def test_keras_refuses_the_lower_ends_recorded_at_build(keras) -> None:  # noqa: ANN001
    """Bounds recorded with `checked_at: "build"`: the constructor takes the value, building
    the layer on its example input refuses it; the end itself builds."""
    pytest.importorskip("scipy")
    from tools.catalog.examples import LAYER_EXAMPLES
    from tools.catalog.probe import construct, _signature_params

    wrong = []
    for cls_name, name in (("MelSpectrogram", "sequence_stride"),
                           ("STFTSpectrogram", "frame_length")):  # fmt: skip
        bounds = CATALOG.layers[cls_name].signature.by_name[name]
        assert bounds.minimum is not None, (cls_name, name)
        example = LAYER_EXAMPLES[cls_name]
        cls = getattr(keras.layers, cls_name)
        names = [p.name for p in _signature_params(cls.__init__)]
        given = dict(zip(names, example.args)) | dict(example.kwargs)
        for v, builds in ((bounds.minimum - 1, False), (bounds.minimum, True)):
            layer = construct(cls, dataclasses.replace(example, args=(), kwargs=given | {name: v}),
                              keras.layers)  # fmt: skip
            keras.backend.clear_session()
            try:
                keras.Sequential([keras.Input(example.shape, dtype=example.dtype), layer])
                built = True
            except Exception:  # noqa: BLE001
                built = False
            if built != builds:
                wrong.append(f"{cls_name}({name}={v}): Keras {'builds' if built else 'refuses'}")
    assert not wrong, "\n".join(wrong)


#: Values probing found Keras builds that seqgen refused before (sizes of 0).
#: (Resizing to 0 builds too, but Keras fails when the layer is called: its rule refuses it,
#: tests/test_layer_agreement.py.)
NOW_ACCEPTED = [
    "input 8x8x3; center_crop 0 4",
    "input 8x8x3; random_crop 0 4",
    "input 3x8x2; conv_lstm1d 0 3",
    "input 8x8x3; random_contrast (0.5, 2.0)",
    "input 8x8x3; random_gaussian_blur kernel_size=5",
]


@pytest.mark.keras
def test_keras_builds_what_probing_lets_through_as_seqgen_says(keras) -> None:  # noqa: ANN001
    from tests.conftest import exec_module

    wrong = []
    for source in NOW_ACCEPTED:
        rows = seqgen.summarize(source).rows
        keras.backend.clear_session()
        model = exec_module(seqgen.generate(source))["build_model"]()
        got = [(tuple(layer.output.shape), layer.count_params()) for layer in model.layers]
        want = [(tuple(r.shape), r.trainable + r.non_trainable) for r in rows]
        if got != want:
            wrong.append(f"{source}: Keras {got}, seqgen {want}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("source", [
    "input 6x6; conv1d 3 3 groups=0",
    "input 4; group_normalization groups=0",
    "input 4096; mel_spectrogram sequence_stride=0",
    "input 512x1; stft_spectrogram frame_length=0",
])  # fmt: skip
def test_the_boundary_values_that_crashed_exit_2_with_a_position(source: str) -> None:
    import io

    from seqgen.cli import main

    out, err = io.StringIO(), io.StringIO()
    assert main(["summary", "-e", source], stdout=out, stderr=err) == 2
    assert err.getvalue().startswith("<expr>:1:") and "^" in err.getvalue()
    assert "internal error" not in err.getvalue()
