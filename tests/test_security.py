"""No code execution from input: seqgen's own code, and the code it generates.

1. seqgen's sources, read with Python's `ast` (not grep), call no `eval`, `exec`, builtin
   `compile`, `__import__`, no `importlib.import_module` with a computed name, import no
   pickle/marshal/shelve/dill, call no `yaml.load`, run no programs and give no `cache=` to
   Lark (whose cache is a pickle).  What legitimately needs one of these is in `ALLOWED`, with
   the reason, and an entry that is no longer needed fails the test.
2. Generated code, for the whole corpus and random programs in both styles, every form and both
   import modes, only imports Keras, only calls Keras constructors, `keras.Sequential`,
   `model.add`, `model.compile` (and in a script `model.summary()` or `print(model.layers)`),
   and consists only of the statement and expression kinds the templates write.
3. Text from the input reaches generated code only inside string literals, from every place a
   string can stand (tests/test_properties.py checks the vocabulary, a layer's and the model's
   name; here: input and call-form names, nested blocks and layers, parameter defaults).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import seqgen
from seqgen.catalog import load_catalog
from tests import corpus
from tests.conftest import ROOT
from tests.strategies import any_text, layer_names, rich_programs

PACKAGE = ROOT / "seqgen"

# --- 1. seqgen's own sources ------------------------------------------------------------------

#: Builtins that run or compile code, or import by a computed name.
EXECUTING_BUILTINS = frozenset({"eval", "exec", "compile", "__import__", "breakpoint"})
#: Modules whose loading can run code chosen by the data.
UNSAFE_MODULES = frozenset({"pickle", "cPickle", "_pickle", "marshal", "shelve", "dill",
                            "cloudpickle", "joblib"})  # fmt: skip
#: Calls (by their last dotted parts) that run code or programs.
EXECUTING_CALLS = frozenset({
    "yaml.load", "yaml.unsafe_load", "yaml.load_all", "yaml.unsafe_load_all",
    "loader.exec_module", "runpy.run_path", "runpy.run_module", "code.interact",
    "os.system", "os.popen", "os.execv", "os.execve", "os.execvp", "os.spawnv", "os.startfile",
    "subprocess.run", "subprocess.Popen", "subprocess.call", "subprocess.check_call",
    "subprocess.check_output", "builtins.eval", "builtins.exec",
})  # fmt: skip

#: (file, what) → why it is allowed.  Every entry must still be needed.
ALLOWED = {
    ("seqgen/__init__.py", "importlib.import_module"): (
        "lazy API: the module name comes from the constant table _API, whose values are "
        "checked below to be seqgen's own modules"
    ),
    ("seqgen/keras_check.py", "loader.exec_module"): (
        "`seqgen check --keras`, on the user's explicit request, imports the module seqgen "
        "just generated to build it with TensorFlow; part 2 of this file proves that such a "
        "module only imports and calls Keras, and part 3 that input text in it is only literals"
    ),
    ("seqgen/keras_check.py", "subprocess.run"): (
        "`seqgen check --keras --backend B`: Keras fixes its backend once per process, so the "
        "build runs in `python -m seqgen.keras_check` (this very module) with KERAS_BACKEND set"
    ),
}


@dataclass(frozen=True)
class Finding:
    file: str
    line: int
    what: str


def _dotted(node: ast.AST) -> str | None:
    """`a.b.c` for a Name/Attribute chain, else None."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        return ".".join([node.id, *reversed(parts)])
    if parts:  # `spec.loader.exec_module`: the chain from a call or subscript
        return ".".join(["?", *reversed(parts)])
    return None


def _constant_strings(node: ast.AST) -> bool:
    """Is every value this expression can take a string constant?"""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str)
    if isinstance(node, ast.IfExp):
        return _constant_strings(node.body) and _constant_strings(node.orelse)
    return False


def scan(source: str, file: str) -> list[Finding]:
    """Every use of code execution in one Python source."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else [
                node.module or ""]  # fmt: skip
            for name in names:
                if name.split(".")[0] in UNSAFE_MODULES:
                    found.append(Finding(file, node.lineno, f"import {name}"))
            if isinstance(node, ast.ImportFrom) and node.module == "builtins":
                for a in node.names:
                    if a.name in EXECUTING_BUILTINS:
                        found.append(Finding(file, node.lineno, f"builtins.{a.name}"))
        if not isinstance(node, ast.Call):
            continue
        name = _dotted(node.func) or ""
        last = ".".join(name.split(".")[-2:])
        if name in EXECUTING_BUILTINS:
            found.append(Finding(file, node.lineno, name))
        elif last in EXECUTING_CALLS:
            found.append(Finding(file, node.lineno, last))
        elif name.endswith("import_module"):
            if not (node.args and _constant_strings(node.args[0])):
                found.append(Finding(file, node.lineno, "importlib.import_module"))
        elif name.split(".")[-1] in ("Lark", "open", "open_from_package", "load") and any(
            k.arg == "cache" for k in node.keywords
        ):
            found.append(Finding(file, node.lineno, "Lark(cache=...)"))
    return found


def _sources() -> Iterator[Path]:
    yield from sorted(PACKAGE.rglob("*.py"))


def test_seqgen_sources_never_execute_code() -> None:
    findings = [f for path in _sources()
                for f in scan(path.read_text(encoding="utf-8"),
                              path.relative_to(ROOT).as_posix())]  # fmt: skip
    unexplained = [f for f in findings if (f.file, f.what) not in ALLOWED]
    assert unexplained == []
    used = {(f.file, f.what) for f in findings}
    assert set(ALLOWED) - used == set(), "allow-list entries no longer needed: remove them"
    assert len(list(_sources())) >= 20  # the scan saw the package


def test_lazy_api_imports_only_seqgen_modules() -> None:
    tree = ast.parse((PACKAGE / "__init__.py").read_text(encoding="utf-8"))
    table = next(n.value for n in tree.body if isinstance(n, ast.Assign)
                 and [t.id for t in n.targets if isinstance(t, ast.Name)] == ["_API"])  # fmt: skip
    modules = ast.literal_eval(table)
    assert modules and all(m.startswith("seqgen.") for m in modules.values())


def test_the_scan_finds_what_it_looks_for() -> None:
    planted = """
import pickle, marshal as m
from shelve import open as o
import dill.source
from builtins import exec
import importlib, yaml, os, subprocess, runpy
from lark import Lark
eval("1")
exec("x = 1")
compile("1", "f", "eval")
__import__("os")
importlib.import_module(name)
importlib.import_module(f"keras.src.{ns}")
importlib.import_module("json")
importlib.import_module("a" if x else "b")
yaml.load(text)
yaml.unsafe_load(text)
spec.loader.exec_module(module)
os.system("ls")
subprocess.run(["ls"])
runpy.run_path("x.py")
Lark(grammar, parser="lalr", cache=True)
Lark.open("g.lark", cache="file")
re.compile("x")
"""
    whats = [f.what for f in scan(planted, "planted.py")]
    assert whats == [
        "import pickle", "import marshal", "import shelve", "import dill.source",
        "builtins.exec", "eval", "exec", "compile", "__import__", "importlib.import_module",
        "importlib.import_module", "yaml.load", "yaml.unsafe_load", "loader.exec_module",
        "os.system", "subprocess.run", "runpy.run_path", "Lark(cache=...)", "Lark(cache=...)",
    ]  # fmt: skip


# --- 2. the generated code --------------------------------------------------------------------

ALLOWED_IMPORTS = {
    ("tensorflow", ("keras",)),
    ("tensorflow.keras", ("layers",)),
    ("keras", ()),  # import keras
    ("keras", ("layers",)),
}
#: The node types the templates write; anything else (a subscript, a lambda, an attribute
#: assignment, a with/try/class/global...) fails.
NODE_TYPES = {
    ast.Module, ast.Expr, ast.Import, ast.ImportFrom, ast.alias, ast.FunctionDef, ast.arguments,
    ast.arg, ast.Assign, ast.Name, ast.Load, ast.Store, ast.Call, ast.Attribute, ast.keyword,
    ast.Constant, ast.List, ast.Tuple, ast.UnaryOp, ast.USub, ast.UAdd, ast.BinOp, ast.Add,
    ast.Sub, ast.Mult, ast.Div, ast.FloorDiv, ast.For, ast.Return, ast.Starred, ast.GeneratorExp,
    ast.ListComp, ast.comprehension,
}  # fmt: skip
MODEL_METHODS = {"add", "compile", "summary"}
_CATALOG = load_catalog()
#: What `layers.X(...)` may construct: the expressible layers and the RNN cells.
LAYER_CLASSES = {spec.cls for spec in _CATALOG.layers.values() if spec.expressible} | set(
    _CATALOG.cells)  # fmt: skip
#: What `keras.<namespace>.X(...)` may construct: the catalogue's classes of each namespace.
NAMESPACE_CLASSES = {ns: set(body.classes) for ns, body in _CATALOG.namespaces.items()}


def assert_safe_module(code: str) -> None:
    """The generated module imports only Keras, calls only what builds a Keras model, and is
    made only of the statement kinds the templates write (see the module docstring)."""
    tree = ast.parse(code)
    bound = {"keras", "layers", "model"}  # names the generated code defines or imports
    called = {id(a) for n in ast.walk(tree) if isinstance(n, ast.Call)
              for a in ast.walk(n.func) if isinstance(a, ast.Attribute)}  # fmt: skip
    printed = {id(n.args[0]) for n in ast.walk(tree) if _is_print_of_the_layers(n)}
    for node in ast.walk(tree):
        assert type(node) in NODE_TYPES, (type(node).__name__, _Lazy(node))
        if isinstance(node, ast.Import):
            assert [(a.name, a.asname) for a in node.names] == [("keras", None)]
            assert ("keras", ()) in ALLOWED_IMPORTS
        elif isinstance(node, ast.ImportFrom):
            names = tuple(a.name for a in node.names)
            assert node.level == 0 and (node.module, names) in ALLOWED_IMPORTS, _Lazy(node)
            assert all(a.asname is None for a in node.names)
        elif isinstance(node, ast.FunctionDef):
            assert node.name == "build_model" and not node.decorator_list and not node.returns
            assert not node.args.vararg and not node.args.kwarg and not node.args.kwonlyargs
            bound |= {a.arg for a in node.args.args}
        elif isinstance(node, (ast.Assign, ast.For, ast.comprehension)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                assert isinstance(target, ast.Name), _Lazy(node)
                bound.add(target.id)
        elif isinstance(node, ast.Attribute):
            assert isinstance(node.ctx, ast.Load), _Lazy(node)
            dotted = _dotted(node)
            assert dotted is not None and dotted.split(".")[0] in ("keras", "layers", "model")
            if id(node) not in called:  # a value, not a function: only print(model.layers)
                assert id(node) in printed, _Lazy(node)
        elif isinstance(node, ast.Return):
            assert isinstance(node.value, ast.Name) and node.value.id == "model"
        elif isinstance(node, ast.Constant):
            assert node.value is None or isinstance(node.value, (str, int, float, bool))
        elif isinstance(node, ast.Call):
            _assert_allowed_call(node)
    used = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
    assert used <= bound | {"range", "print"}, used - bound


def _is_print_of_the_layers(node: ast.AST) -> bool:
    return (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
            and node.func.id == "print" and len(node.args) == 1 and not node.keywords
            and _dotted(node.args[0]) == "model.layers")  # fmt: skip


class _Lazy:
    """The source of a node, computed only when an assertion message is shown (ast.unparse
    recurses, and generated code may nest deeply)."""

    def __init__(self, node: ast.AST) -> None:
        self.node = node

    def __repr__(self) -> str:
        return ast.unparse(self.node)[:200]


def _assert_allowed_call(node: ast.Call) -> None:
    name = _dotted(node.func)
    text = _Lazy(node)
    assert name is not None, text
    parts = name.split(".")
    if parts[0] == "layers":
        assert len(parts) == 2 and parts[1] in LAYER_CLASSES, text
    elif parts[0] == "keras":
        assert parts[1:] in (["Sequential"], ["Input"]) or (
            len(parts) == 3 and parts[2] in NAMESPACE_CLASSES.get(parts[1], ())
        ), text
    elif parts[0] == "model":
        assert len(parts) == 2 and parts[1] in MODEL_METHODS, text
        if parts[1] == "summary":
            assert not node.args and not node.keywords
    elif parts == ["range"]:
        assert len(node.args) == 1 and not node.keywords, text
    elif parts == ["print"]:
        assert _is_print_of_the_layers(node), text
    else:
        raise AssertionError(f"call of {name}: {text}")


CORPUS = corpus.sources(*corpus.VALID)
FORMS = ("module", "script", "fragment")


def _all_variants(source: str, filename: str = "<string>") -> Iterator[tuple[str, str]]:
    for style in ("list", "add"):
        for form in FORMS:
            for keras in ("tensorflow", "keras"):
                label = f"{style}/{form}/{keras}"
                try:
                    code = seqgen.generate(source, style=style, form=form, keras=keras,
                                           filename=filename)  # fmt: skip
                except seqgen.SeqgenError as e:
                    # Only the layers that exist in tensorflow.keras alone may fail here.
                    assert keras == "keras" and "tensorflow" in e.render(), e.render()
                    continue
                yield label, code


@cache
def _corpus_variants(seq: corpus.Source) -> tuple[tuple[str, str], ...]:
    """The variants of a corpus program, generated once for the two tests that read them."""
    return tuple(_all_variants(seq.text, seq.name))


@pytest.mark.parametrize("seq", CORPUS, ids=lambda s: s.id)
def test_generated_code_only_builds_a_keras_model(seq: corpus.Source) -> None:
    variants = _corpus_variants(seq)
    assert len(variants) >= 6
    for label, code in variants:
        try:
            assert_safe_module(code)
        except AssertionError as e:
            raise AssertionError(f"{label}: {e}") from None


def test_the_corpus_uses_every_kind_of_call() -> None:
    calls: set[str] = set()
    for seq in CORPUS:
        for _, code in _corpus_variants(seq):
            for node in ast.walk(ast.parse(code)):
                if isinstance(node, ast.Call):
                    name = _dotted(node.func) or ""
                    calls.add(
                        name
                        if not name.startswith(("layers.", "keras."))
                        or name in ("keras.Sequential", "keras.Input")
                        else name.split(".")[0] + ".*"
                    )
    assert calls >= {
        "keras.Sequential",
        "keras.Input",
        "layers.*",
        "keras.*",
        "model.add",
        "model.compile",
        "model.summary",
        "print",
        "range",
    }, calls


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])  # fmt: skip
@given(rich_programs())
def test_generated_code_of_random_programs_only_builds_a_keras_model(source: str) -> None:
    for label, code in _all_variants(source):
        try:
            assert_safe_module(code)
        except AssertionError as e:
            raise AssertionError(f"{label}: {e}\n{source}") from None


@pytest.mark.parametrize("code", [
    "import os\nmodel = 1\n",
    "from tensorflow import keras as k\n",
    "from keras import layers, ops\n",
    "model = keras.Sequential()\nmodel.__class__ = 1\n",
    "model = keras.Sequential()\nmodel.add(keras.layers.Dense(2)[0])\n",
    "model = keras.Sequential()\nmodel.add(layers.Dense(__import__('os')))\n",
    "model = keras.Sequential()\nmodel.add(layers.Lambda(lambda x: x))\n",
    "model = keras.Sequential()\nmodel.save('x')\n",
    "model = keras.Sequential()\nprint(open('x'))\n",
    "model = keras.Sequential()\nkeras.utils.get_file('x')\n",
    "model = keras.Sequential()\nos = 1\nmodel.add(layers.Dense(os))\nprint = exec\n",
    "model = keras.Sequential()\nmodel.add(layers.Dense(b'4'))\n",
    "def f():\n    return model\n",
    "model = keras.Sequential()\nmodel.add(layers.NotAKerasLayer(4))\n",
    "model = keras.Sequential()\nmodel.add(layers.Dense(x))\n",
    "model = keras.Sequential()\nmodel.add(model.layers)\n",
    "model = keras.Sequential()\nmodel.add(keras.regularizers.get('l2'))\n",
])  # fmt: skip
def test_the_walk_refuses_anything_else(code: str) -> None:
    with pytest.raises(AssertionError):
        assert_safe_module(code)


# --- 3. input text only as string literals ----------------------------------------------------

NAME_TEXT = layer_names(20)
ANY_TEXT = any_text(20)


def seq_string(text: str) -> str:
    """`text` as a .seq string literal (Python's escapes are the language's)."""
    return '"' + text.encode("unicode_escape").decode("ascii").replace('"', '\\"') + '"'


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(NAME_TEXT, min_size=5, max_size=5, unique=True), ANY_TEXT,
       st.sampled_from(["list", "add"]), st.sampled_from(FORMS))  # fmt: skip
def test_input_text_reaches_the_output_only_as_literals(names, default, style, form) -> None:
    input_name, call_name, block_name, inner_name, nested_name = names
    source = (
        f"model m(label={seq_string(default)})\n"
        f"input 10x8 name={seq_string(input_name)}\n"
        f"LSTM(4, return_sequences=True, name={seq_string(call_name)})\n"
        f"sequential {{ dense 4 as {seq_string(inner_name)} }} as {seq_string(block_name)}\n"
        f"bidirectional (lstm 2 as {seq_string(nested_name)})\n"
    )
    code = seqgen.generate(source, style=style, form=form)
    assert_safe_module(code)
    assert all(ch == "\n" or ch.isprintable() for ch in code), "raw control characters"
    tree = ast.parse(code)
    strings = [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant)
               and isinstance(n.value, str)]  # fmt: skip
    for text in (input_name, call_name, block_name, inner_name, nested_name, default):
        assert text in strings
    names_by_call = {}
    for n in ast.walk(tree):
        if isinstance(n, ast.Call):
            for k in n.keywords:
                if k.arg == "name":
                    names_by_call.setdefault(ast.unparse(n.func), []).append(
                        ast.literal_eval(k.value)
                    )
    assert names_by_call["keras.Input"] == [input_name]
    assert sorted(names_by_call["layers.LSTM"]) == sorted([call_name, nested_name])
    assert names_by_call["layers.Dense"] == [inner_name]
    assert block_name in names_by_call["keras.Sequential"]
