"""What a name means (seqgen/lookup.py): one list of Keras module prefixes for the input,
layers, cells and Keras objects; the reserved words; the catalogue's typed defaults."""

from __future__ import annotations

import ast
import keyword
import re
from pathlib import Path

import pytest

import seqgen
from seqgen import check, highlight, lookup, parser, syntax
from seqgen.catalog import Opaque, ParamSpec, load_catalog
from seqgen.errors import SeqgenError

#: Every prefix a layer may be called with (the bare class name included).
LAYER_PREFIXES = ("", "layers.", *(f"{root}.layers." for root in lookup.KERAS_ROOTS))
#: Every prefix of `Input`: those of a layer, and a Keras root itself.
INPUT_PREFIXES = (*LAYER_PREFIXES, *(f"{root}." for root in lookup.KERAS_ROOTS))


def _fragment(source: str) -> str:
    return seqgen.generate(source, form="fragment")


def test_the_prefix_lists_are_the_expected_ones() -> None:
    assert set(INPUT_PREFIXES) == {
        "", "keras.", "tf.keras.", "tensorflow.keras.", "layers.", "keras.layers.",
        "tf.keras.layers.", "tensorflow.keras.layers.",
    }  # fmt: skip


@pytest.mark.parametrize("prefix", LAYER_PREFIXES)
def test_every_layer_prefix_reaches_a_layer(prefix: str) -> None:
    assert "layers.Dense(1)" in _fragment(f"input 4\n{prefix}Dense(1)")


@pytest.mark.parametrize("prefix", INPUT_PREFIXES)
def test_every_prefix_of_a_layer_or_of_keras_reaches_input(prefix: str) -> None:
    program = seqgen.parse(f"{prefix}Input(shape=(4,))\ndense 1")
    first = program.statements[0]
    assert isinstance(first, syntax.InputStmt) and first.call_name == f"{prefix}Input"
    assert _fragment(f"{prefix}Input(shape=(4,))\ndense 1") == _fragment("input 4\ndense 1")


def test_tensorflow_keras_input_and_tf_keras_layers_input_are_the_input_statement() -> None:
    # Both were errors once ("unknown module", "unknown layer"), while the same prefixes worked
    # for layers: the one list of prefixes makes them the input statement.
    expected = _fragment("input 4\ndense 1")
    assert _fragment("tensorflow.keras.Input(shape=(4,))\ndense 1") == expected
    assert _fragment("tf.keras.layers.Input(shape=(4,))\ndense 1") == expected
    nested = "input 4\nsequential {\n    tf.keras.layers.Input(shape=(4,))\n    dense 1\n}"
    assert _fragment(nested) == _fragment("input 4\nsequential {\n    input 4\n    dense 1\n}")


def test_a_keras_object_takes_every_keras_root_too() -> None:
    expected = _fragment("input 4\ndense 1 kernel_regularizer=l2(0.1)")
    for prefix in ("", "regularizers.", *(f"{root}.regularizers." for root in lookup.KERAS_ROOTS)):
        assert _fragment(f"input 4\ndense 1 kernel_regularizer={prefix}l2(0.1)") == expected


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("keras.Dense(1)", "unknown module in 'keras.Dense'"),  # Keras has no keras.Dense
        ("tf.keras.Dense(1)", "unknown module in 'tf.keras.Dense'"),
        ("tf.layers.Dense(1)", "unknown module in 'tf.layers.Dense'"),
        ("keras.layers.core.Dense(1)", "unknown module in 'keras.layers.core.Dense'"),
        ("keras.input(shape=(4,))", "unknown module in 'keras.input'"),  # Python is case-sensitive
        ("foo.Input(shape=(4,))", "unknown module in 'foo.Input'"),
        ("layers.Input(shape=(4,)) as x", "an input is not named with 'as'"),
        ("tensorflow.keras.Input(shape=(4,)) as x", "an input is not named with 'as'"),
        ("dense 1 kernel_regularizer=keras.l2(0.1)", "unknown regularizer 'keras.l2'"),
        ("dense 1 kernel_regularizer=initializers.l2(1)", "unknown regularizer 'initializers.l2'"),
    ],
)
def test_names_outside_the_prefix_list_are_refused(source: str, message: str) -> None:
    with pytest.raises(SeqgenError, match=message):
        seqgen.generate(f"input 4\n{source}\ndense 1")


def test_input_in_a_layer_slot_is_no_input() -> None:
    # Only a call standing as a statement is the model's input.
    with pytest.raises(SeqgenError, match="unknown module in 'keras.Input'"):
        seqgen.generate("input 4\nbidirectional (keras.Input(shape=(4,)))")
    with pytest.raises(SeqgenError, match="unknown layer 'Input'"):
        seqgen.generate("input 4\nbidirectional (layers.Input(shape=(4,)))")


def test_the_grammar_keeps_a_plain_call_and_parse_makes_the_input_statement() -> None:
    source = "keras.Input(shape=(4,))\ndense 1"
    raw = parser._parser().parse(source).statements[0]
    assert isinstance(raw, syntax.LayerStmt) and raw.call_form and raw.name == "keras.Input"
    made = seqgen.parse(source).statements[0]
    assert made == syntax.InputStmt(raw.args, raw.span, "keras.Input")


def test_split_module() -> None:
    assert lookup.split_module("tensorflow.keras.layers.Dense") == ("layers", "Dense")
    assert lookup.split_module("tf.keras.Input") == ("keras", "Input")
    assert lookup.split_module("regularizers.l2") == ("regularizers", "l2")
    assert lookup.split_module("Dense") == ("", "Dense")
    assert lookup.split_module("keras.layers.core.Dense") == ("layers", "core.Dense")


def test_the_prefix_lists_exist_once() -> None:
    for module in (check, parser):
        assert not any(
            name.endswith(("_PREFIXES", "_INPUT_CALLS")) for name in vars(module)
        ), module.__name__


# --- reserved words -------------------------------------------------------------------------


def test_reserved_words_cover_every_word_with_a_meaning() -> None:
    catalog = load_catalog()
    words = lookup.words(catalog)
    for word in ("true", "NONE", "relu", "same", "int32", "he_normal", "adam", "accuracy"):
        assert word.lower() in words.reserved, word
        assert "already means something" in (lookup.variable_name_problem(word, catalog) or "")
    assert lookup.variable_name_problem("HeNormal", catalog) is None  # a class name is free
    assert lookup.variable_name_problem("width", catalog) is None
    for name in {*lookup.GENERATED_NAMES, *lookup.BUILTINS_USED} - {"_"}:  # `_`: soft keyword
        assert lookup.variable_name_problem(name, catalog) == "is a name the generated code uses"
    assert lookup.variable_name_problem("lambda", catalog) == "is a Python keyword"
    assert lookup.variable_name_problem("match", catalog) == "is a Python keyword"
    assert lookup.variable_name_problem("_w", catalog) == "starts with an underscore"
    assert keyword.issoftkeyword("match")


def test_the_highlighter_colours_the_checkers_words() -> None:
    catalog = load_catalog()
    words = lookup.words(catalog)
    known = next(s for s in highlight.sections(catalog) if s.key == "known-word")
    constant = next(s for s in highlight.sections(catalog) if s.key == "constant")
    rules = [re.compile(r.match) for r in (*known.rules, *constant.rules)]
    for word in sorted(words.reserved):
        assert any(r.fullmatch(word) for r in rules), word


# --- the catalogue's typed defaults and argument order --------------------------------------


def test_defaults_are_typed_values() -> None:
    assert ParamSpec("x", False, "bool", default="True").default_value is True
    assert ParamSpec("x", False, "int_or_tuple", default="(1, 1)").default_value == (1, 1)
    assert ParamSpec("x", False, "padding", default="'valid'").default_value == "valid"
    assert ParamSpec("x", False, "any", default="None").default_value is None
    assert isinstance(ParamSpec("x", False, "any", default="<object>").default_value, Opaque)
    assert isinstance(ParamSpec("x", True, "int").default_value, Opaque)
    listed = ParamSpec("x", False, "any", default="['a']")
    assert listed.default_value == ["a"] and listed.default_value is not listed.default_value


def test_every_catalogue_default_reads_as_before() -> None:
    catalog = load_catalog()
    specs = [*catalog.layers.values(), *catalog.cells.values()]
    for spec in specs:
        for p in spec.signature.params:
            if p.default is None or p.default == "<object>":
                continue
            try:
                expected = ast.literal_eval(p.default)
            except (ValueError, SyntaxError):
                assert isinstance(p.default_value, Opaque)
                continue
            assert p.default_value == expected and type(p.default_value) is type(expected)
            assert (p.default_value is True) == (p.default == "True")


def test_signature_order_and_defaults_are_cached_on_the_signature() -> None:
    sig = load_catalog().layers["Conv2D"].signature
    assert sig.call_order is sig.call_order
    assert sig.positional_names == ("filters", "kernel_size")
    assert sig.call_order["name"] > max(sig.call_order[p.name] for p in sig.params)
    defaults = sig.defaults()
    assert defaults["padding"] == "valid" and defaults["use_bias"] is True
    defaults["padding"] = "same"
    assert sig.defaults()["padding"] == "valid"  # each caller gets its own dict
    args, rest = sig.arrange([("padding", "s"), ("kernel_size", 3), ("filters", 8)])
    assert args == (8, 3) and rest == [("padding", "s")]


def test_no_memo_is_keyed_by_object_identity() -> None:
    """Facts about a signature are cached on the signature itself, not in dicts keyed by
    `id()` (which need the object pinned and can return another object's facts)."""
    calls = []
    for path in sorted(Path(seqgen.__file__).parent.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "id":
                calls.append(f"{path.name}:{node.lineno}")
    assert calls == []


# --- strings: one escape table ----------------------------------------------------------------


@pytest.mark.parametrize(
    "escape", ["\\n", "\\\\", "\\'", '\\"', "\\0", "\\177", "\\x41", "\\u00e9", "\\U0001F600",
               "\\N{BULLET}", "\\a"]  # fmt: skip
)
def test_the_highlighters_escapes_are_the_parsers(escape: str) -> None:
    assert re.fullmatch(highlight.ESCAPE, escape)
    decoded = seqgen.parse(f'dense 1 name="{escape}"').statements[0].args[1].value
    assert decoded.value == ast.literal_eval(f'"{escape}"')
    assert highlight.ESCAPE == parser.escape_regex()
    assert highlight.BAD_ESCAPE is parser.BAD_ESCAPE


def test_an_unknown_escape_is_bad_for_both() -> None:
    assert not re.fullmatch(highlight.ESCAPE, "\\q") and re.fullmatch(highlight.BAD_ESCAPE, "\\q")
    with pytest.raises(SeqgenError, match="unknown escape sequence"):
        seqgen.parse('dense 1 name="\\q"')
