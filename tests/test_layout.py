"""The layout seqgen emits for its own templates is byte for byte what black makes of the whole
rendered file (seqgen/layout/), and generating a model needs no black at all."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import black
import pytest
from black.strings import char_width
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import seqgen
from seqgen.api import check_model
from seqgen.layout import (
    NARROW,
    PIECE,
    WIDE,
    Brackets,
    Emitter,
    LaidOut,
    OneLine,
    Text,
    Unsure,
    black_lines,
    fixed_lines_fit,
    format_python,
    format_with_black,
    number_literal,
    string_literal,
)
from seqgen.options import FORMS, KERAS_MODES, STYLES, Options
from seqgen.render import render, render_code
from seqgen.layers import infer
from seqgen.resources import resource_dir
from tests import corpus
from tests.strategies import _valid, any_text, layer_names, programs
from tests.test_golden import case_options, golden
from tests.test_properties import _seq_string as seq_string

ROOT = Path(__file__).resolve().parent.parent
SEQ_FILES = corpus.sources(*corpus.VALID)

SETTINGS = settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


def fast_and_black(source: str, options: Options) -> tuple[str | None, str]:
    """The fast output (None when seqgen formats with black anyway) and black's formatting of
    the whole rendered file."""
    model = check_model(source, keras=options.keras, filename="model.seq")
    summary = infer(model, file="model.seq", source=source)
    fast = render_code(model, options, "model.seq", summary)
    reference = format_with_black(render(model, options, "model.seq", summary),
                                  options.line_length)  # fmt: skip
    return (fast.text if isinstance(fast, LaidOut) else None), reference


# --- programs that make black wrap --------------------------------------------------------------


NAMES = layer_names(70)
WORDS = any_text(25)
KEYWORDS = [
    "use_bias=false", "kernel_initializer=he_normal", "kernel_regularizer=l2(1e-4)",
    "kernel_initializer=random_normal(mean=0.0, stddev=0.05, seed=42)",
    "bias_regularizer=l1l2(l1=1e-05, l2=0.0001)", "activity_regularizer=l1(0.01)",
    "kernel_constraint=max_norm(2.0)", "bias_initializer=constant(0.1)",
    "kernel_constraint=min_max_norm(min_value=0.0, max_value=1.0, rate=1.0, axis=0)",
]  # fmt: skip
LAYERS = [
    "dropout 0.25 seed=7", "gaussian_noise 0.1", "activation softmax", "identity", "flatten",
    "layer_normalization epsilon=1e-3 center=false", "batch_normalization momentum=0.99",
    "conv2d 8 3x3 padding=same strides=(1, 1) dilation_rate=(1, 1) kernel_regularizer=l2(1e-4)",
    "zero_padding2d ((1, 2), (3, 4))", "cropping2d ((1, 1), (1, 1))", "reshape (-1,)",
    "bidirectional (lstm 8 return_sequences=true dropout=0.1 kernel_initializer=glorot_uniform)",
    "time_distributed (dense 4 relu kernel_initializer=he_normal)", "dense 1e20",
    "rescaling 1/255 offset=-1.5e-7", "dense 4 * 2 relu", "dense -(-3)", "dense w * 2 + 1",
    "sequential { dense 4; dropout 0.1 }", "repeat depth { dense 3 relu }",
    "for v in widths { dense v }",
]  # fmt: skip
COMPILES = [
    (
        "compile optimizer=adam(learning_rate=1e-3, beta_1=0.9, amsgrad=true) "
        "loss=categorical_crossentropy(from_logits=true, label_smoothing=0.1) "
        "metrics=[accuracy, auc(), precision(), recall()]"
    ),
    "compile optimizer=sgd loss=mse",
]


@st.composite
def wide_programs(draw) -> str:
    """Valid programs whose code black must wrap: long names and strings in any script, many
    keyword arguments, nested tuples, long parameter lists, loops over parameters (starred
    comprehensions), nested blocks, arithmetic."""
    keywords = st.lists(st.sampled_from(KEYWORDS), max_size=5, unique=True).map(" ".join)
    lines: list[str] = []
    params = draw(st.booleans())
    head = f"model {seq_string(draw(NAMES))}" if draw(st.booleans()) else ""
    if params:
        widths = draw(st.lists(st.integers(1, 300), min_size=1, max_size=12))
        extra = draw(st.sampled_from(["", ", shape=((1, 2), (3, 4))", ", rate=0.5, big=1e100",
                                      f", label={seq_string(draw(WORDS))}"]))  # fmt: skip
        head = f"{head or 'model m'}(depth=2, widths={widths}{extra})"
    if head:
        lines.append(head)
    if draw(st.integers(0, 3)) == 0:
        vocabulary = draw(st.lists(WORDS.filter(lambda s: s != "[UNK]"), min_size=1,
                                   max_size=12, unique=True))  # fmt: skip
        words = ", ".join(map(seq_string, vocabulary))
        lines += ["input 1 dtype=string", f"string_lookup vocabulary=[{words}]"]
    else:
        lines.append("input " + draw(st.sampled_from(["8x8x3", "16", "(6, 4)"])))
    loop = "depth" if params else "2"
    values = "widths" if params else "[1, 2]"
    for _ in range(draw(st.integers(1, 8))):
        layer = draw(st.sampled_from(LAYERS))
        candidate = draw(st.sampled_from([
            f"dense {draw(st.integers(1, 99999))} relu {draw(keywords)}",
            layer,
            f"{layer} as {seq_string(draw(NAMES))}",
            (f"sequential {{\n  dense 8 relu {draw(keywords)}\n  dropout 0.5\n}} as "
             f"{seq_string(draw(NAMES))}"),
            f"repeat {loop} {{ dense 8 {draw(keywords)} }}",
            f"for w in {values} {{\n  dense w * 2 relu {draw(keywords)}\n  {layer}\n}}",
            (f"repeat {loop} {{\n  for w in {values} {{\n    dense w {draw(keywords)}\n"
             f"    {layer}\n  }}\n}}"),
        ]))  # fmt: skip
        if _valid(lines + [candidate]):
            lines.append(candidate)
    if len(lines) == 1 + bool(head):
        lines.append("dense 4")
    compile_ = draw(st.sampled_from(COMPILES))
    if draw(st.booleans()) and _valid(lines + ["dense 2", compile_]):
        lines += ["dense 2", compile_]
    return "\n".join(lines) + "\n"


@pytest.mark.slow
@SETTINGS
@given(st.one_of(wide_programs(), programs()), st.sampled_from(STYLES), st.sampled_from(FORMS),
       st.sampled_from(KERAS_MODES), st.integers(20, 120))  # fmt: skip
def test_fast_output_is_black_over_the_whole_file(source, style, form, keras, line_length):
    options = Options(style=style, form=form, keras=keras, line_length=line_length)
    try:
        fast, reference = fast_and_black(source, options)
    except seqgen.SeqgenError:  # drawn valid with tensorflow.keras; not every layer is in keras
        assume(False)
    if line_length >= 35:  # every fixed line of the templates fits
        assert fast is not None
    if fast is not None:
        assert fast == reference


@pytest.mark.parametrize("seq", corpus.params(SEQ_FILES, slow=["models"]))
def test_every_model_file_is_laid_out_as_black_does(seq: corpus.Source) -> None:
    source = seq.text
    modes = [case_options(source).get("keras", "tensorflow")]
    if "keras" not in case_options(source):
        modes.append("keras")
    for keras in modes:
        for style in STYLES:
            for form in FORMS:
                for line_length in (40, 88):
                    options = Options(style=style, form=form, keras=keras,
                                      line_length=line_length)  # fmt: skip
                    fast, reference = fast_and_black(source, options)
                    assert fast == reference, (style, form, keras, line_length)


def test_generating_the_mnist_example_does_not_import_black(tmp_path: Path) -> None:
    script = (
        "import sys\n"
        "from seqgen.cli import main\n"
        "code = main([sys.argv[1], '-o', sys.argv[2]])\n"
        "print(code, 'black' in sys.modules, 'jinja2' in sys.modules)\n"
    )
    out = tmp_path / "out.py"
    env = {**os.environ, "SEQGEN_CACHE_DIR": str(tmp_path / "cache")}  # a miss: it generates
    proc = subprocess.run([sys.executable, "-c", script, str(ROOT / "examples/mnist_convnet.seq"),
                           str(out)], capture_output=True, text=True, env=env, cwd=ROOT,
                          timeout=120, check=False)  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["0", "False", "True"]
    expected = golden("mnist_convnet", "list", "module")
    assert out.read_text(encoding="utf-8") == expected


def test_user_templates_are_formatted_by_black_over_the_whole_file(tmp_path: Path) -> None:
    template = "model = keras.Sequential([{{ items | join(', ') }}])\n"
    (tmp_path / "fragment.py.jinja").write_text(template)
    model = check_model("input 4\ndense 2\n")
    rendered = render_code(model, Options(form="fragment", templates=str(tmp_path)), "m.seq")
    assert isinstance(rendered, str)
    assert format_python(rendered) == "model = keras.Sequential([layers.Dense(2)])\n"


def test_black_formats_the_whole_file_once_when_many_pieces_need_it() -> None:
    def source(layers: int) -> str:
        wide = (f"dense units * 123456789012345678 + {i}" for i in range(layers))
        return "\n".join(["model m(units=2)", "input 4", *wide]) + "\n"

    options = Options(line_length=40)
    for layers, laid_out in ((50, True), (150, False)):
        model = check_model(source(layers))
        rendered = render_code(model, options, "model.seq", infer(model))
        assert isinstance(rendered, LaidOut) == laid_out
        fast, reference = fast_and_black(source(layers), options)
        assert (fast or format_python(rendered, 40)) == reference


# --- the lines the templates write themselves ------------------------------------------------


@pytest.fixture
def own_templates(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A copy of seqgen's own templates, used as seqgen's own: a test may change them."""
    import seqgen.render

    folder = tmp_path / "templates"
    shutil.copytree(resource_dir("templates"), folder)

    def own(name: str) -> Path:
        return folder if name == "templates" else resource_dir(name)

    monkeypatch.setattr(seqgen.render, "resource_dir", own)
    seqgen.render._environment.cache_clear()
    yield folder
    seqgen.render._environment.cache_clear()


@pytest.mark.parametrize("opening", ["model = keras.Sequential(",
                                     "model = keras.models.Sequential("])  # fmt: skip
def test_the_fit_check_reads_the_fixed_lines_from_the_templates(own_templates, opening) -> None:
    """When the list style's first line does not fit, black wraps the whole value in
    parentheses: the pieces are laid out only where the line the template has fits."""
    sequential = own_templates / "sequential.py.jinja"
    text = sequential.read_text(encoding="utf-8")
    assert "\nmodel = keras.Sequential(\n" in text
    sequential.write_text(text.replace("\nmodel = keras.Sequential(\n", f"\n{opening}\n"),
                          encoding="utf-8")  # fmt: skip
    model = check_model("model m\ninput 4\ndense 2\n", keras="keras")
    for line_length in range(24, 41):
        options = Options(form="script", keras="keras", line_length=line_length)
        rendered = render_code(model, options, "model.seq")
        assert isinstance(rendered, LaidOut) == (line_length >= len(opening)), line_length
        reference = format_with_black(render(model, options, "model.seq"), line_length)
        assert format_python(rendered, line_length) == reference, line_length


@pytest.mark.parametrize("filename", ["fmt: off.seq", "a;b.seq", "yapf.seq", "x#y.seq"])
def test_a_header_black_could_read_as_a_directive_leaves_the_file_to_black(filename) -> None:
    model = check_model("input 4\ndense 2\n")
    for form in FORMS:
        options = Options(form=form)
        rendered = render_code(model, options, filename)
        assert isinstance(rendered, LaidOut) == (form == "fragment"), form  # it has no header
        reference = format_with_black(render(model, options, filename))
        assert format_python(rendered) == reference


def test_fixed_lines_are_the_code_lines_outside_pieces_strings_and_comments() -> None:
    long = "x" * 30
    assert fixed_lines_fit(f"import keras\n{PIECE}\nkeras.{PIECE}({long})\n", 20)
    assert not fixed_lines_fit(f"import {long}\n{PIECE}\n", 20)
    assert fixed_lines_fit(f'def f():\n    """{long}\n\n    {long}\n    """\n', 20)
    assert fixed_lines_fit(f"# {long}\n", 20)
    assert not fixed_lines_fit("# fmt: off\n", 20)
    assert not fixed_lines_fit("f(\n", 20)  # not Python as it stands


def test_the_skeleton_replaces_every_piece_of_the_context() -> None:
    """A piece the skeleton kept would count as a line the templates write themselves."""
    from seqgen.render import _PIECES, AddStep, _context

    class Marks(OneLine):
        def element(self, tree, depth): return "\0"  # fmt: skip
        def call(self, tree, depth): return "\0"  # fmt: skip
        def assignment(self, target, tree, depth): return "\0"  # fmt: skip
        def definition(self, name, params): return "\0"  # fmt: skip
        def simple(self, code, depth): return "\0"  # fmt: skip

    def marked(value: object) -> bool:
        if isinstance(value, str):
            return "\0" in value
        if isinstance(value, AddStep):
            return marked(value.statement) or marked(value.body)
        return isinstance(value, (list, tuple)) and any(map(marked, value))

    source = ("model m(depth=2)\ninput 4\ndense 3\nrepeat depth { dense 2 }\n"
              "compile optimizer=adam loss=mse\n")  # fmt: skip
    model = check_model(source)
    pieces = set()
    for style in STYLES:
        context = _context(model, Options(style=style), "m.seq", None, Marks())
        pieces |= {key for key, value in context.items() if marked(value)}
    assert pieces == set(_PIECES)


# --- the rules, one by one ----------------------------------------------------------------------


def dense(*items: str) -> Brackets:
    return Brackets("layers.Dense", "(", tuple(Text(i) for i in items), ")")


def element(expr, depth: int, line_length: int) -> list[str]:
    """The emitter's lines for a list element, checked against black's."""
    lines = Emitter(line_length).element(expr, depth)
    assert tuple(lines) == black_lines(expr.code, depth, line_length, element=True)
    return lines


def test_a_call_that_does_not_fit_hugs_its_arguments_on_one_line() -> None:
    lines = element(dense("10", 'activation="relu"', 'name="output"'), 1, 50)
    assert lines == ["    layers.Dense(", '        10, activation="relu", name="output"', "    ),"]


def test_arguments_that_do_not_fit_one_line_go_one_per_line_with_a_comma() -> None:
    lines = element(dense("10", 'activation="relu"', 'name="output"'), 1, 30)
    assert lines == ["    layers.Dense(", "        10,", '        activation="relu",',
                     '        name="output",', "    ),"]  # fmt: skip


def test_a_tuple_or_list_that_is_split_always_has_one_item_per_line() -> None:
    shape = Brackets("shape=", "(", (Text("28"), Text("28"), Text("1")), ")", display=True)
    call = Brackets("keras.Input", "(", (shape,), ")")
    lines = Emitter(20).call(call, 0)
    assert tuple(lines) == black_lines(call.code, 0, 20)
    assert lines == ["keras.Input(", "    shape=(", "        28,", "        28,", "        1,",
                     "    )", ")"]  # fmt: skip


def test_a_one_tuple_keeps_its_comma_and_empty_brackets_stay_too_long() -> None:
    one = Brackets("shape=", "(", (Text("784"),), ")", display=True)
    assert one.code == "shape=(784,)"
    assert element(one, 3, 20) == ["            shape=(", "                784,", "            ),"]
    flatten = Brackets("layers.Flatten", "(", (), ")")
    assert element(flatten, 4, 20) == ["                layers.Flatten(),"]


def test_a_lone_parameter_gets_a_trailing_comma() -> None:
    lines = Emitter(20).definition("build_model", (Text("depth=2"),))
    assert lines == ["def build_model(", "    depth=2,", "):"]
    assert tuple(lines) == black_lines("def build_model(depth=2):", 0, 20)


def test_operators_that_would_have_to_be_split_are_left_to_black() -> None:
    call = Brackets("layers.Dense", "(", (Text("units * 2 + offset", opaque=True),), ")")
    with pytest.raises(Unsure):
        Emitter(20).element(call, 3)
    assert black_lines(call.code, 3, 20, element=True) == (
        "            layers.Dense(",
        "                units",
        "                * 2",
        "                + offset",
        "            ),",
    )


def test_black_runs_once_per_piece_text_indentation_and_line_length() -> None:
    black_lines.cache_clear()
    for _ in range(3):
        black_lines("model.add(layers.Dense(units * 2 + offset + more))", 1, 20)
    assert black_lines.cache_info().misses == 1


@given(st.text(st.characters(codec="utf-8", exclude_categories=["Cs"])))
def test_strings_are_written_in_the_quotes_black_chooses(text: str) -> None:
    code = f"x = {text!r}\n"
    assert format_with_black(code, 1000) == f"x = {string_literal(text)}\n"


@given(st.floats(allow_nan=False) | st.integers())
def test_numbers_are_written_as_black_writes_them(number: float) -> None:
    code = f"x = {number!r}\n"
    assert format_with_black(code, 1000) == f"x = {number_literal(repr(number))}\n"


def test_character_widths_agree_with_black() -> None:
    for ranges, width in ((NARROW, 1), (WIDE, 2)):
        for first, last in ranges:
            for cp in range(first, last + 1):
                if chr(cp).isprintable():
                    assert char_width(chr(cp)) == width, hex(cp)


def test_black_mode_targets_are_fixed() -> None:
    from seqgen.layout import black_mode

    mode = black_mode(88)
    assert {v.name for v in mode.target_versions} == {"PY39", "PY310", "PY311", "PY312", "PY313"}
    assert mode == black.Mode(target_versions=set(mode.target_versions), line_length=88)
