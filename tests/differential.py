"""A differential test of seqgen against Keras: random stacks drawn from the catalogue.

Each stack is written twice from one drawing: as `.seq` text and, independently of seqgen's
renderer, as Keras code (`layers.Conv2D(4, 3, strides=2)`).  The Keras text of each catalogue
example comes from seqgen once (the example is valid by construction); every argument, wrapper,
block, loop and parameter the drawing adds is written on both sides by this module.

Then, in one TensorFlow session (`keras.backend.clear_session()` before each build):

- **accepted** by seqgen (`seqgen.build`): Keras builds the generated code (one style × import
  mode in rotation) and every figure of seqgen's summary must be Keras's: per layer (nested
  blocks too) the automatic name, class, output shape, trainable and non-trainable counts and
  weight bytes; the model's name, output shape, totals and weight bytes as `model.summary()`
  computes them (`count_params` and `weight_memory_size` over `model.trainable_weights` and
  `model.non_trainable_weights`).  Every `CALL_EVERY`-th model is also called on a batch; for
  every `CONFIG_EVERY`-th, the four generated codes (list/add × tensorflow/keras) must build
  to identical `get_config()`s.
- **refused** (a `SeqgenError`, exit 2): the direct Keras code must fail to build or to run on
  a batch; if it builds and runs, the refusal is a false error.
- anything else seqgen raises is a crash (exit 123).

Every difference becomes a *class* (what differs and at which layer class) with the shortest
source that shows it.  `python -m tests.differential --stacks N --seed S` prints the tally.
"""

from __future__ import annotations

import argparse
import ast
import faulthandler
import gc
import importlib.util
import os
import random
import re
import sys
import time
import types
import warnings
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Iterator

import seqgen
from seqgen.api import build
from seqgen.catalog import LayerSpec, ParamSpec, load_catalog
from seqgen.options import Options

CATALOG = load_catalog()
STYLES = ("list", "add")
MODES = ("tensorflow", "keras")
CALL_EVERY = 4
CONFIG_EVERY = 20
NAMES = {"activations", "initializers", "regularizers", "constraints"}
#: Kinds the drawing gives structure to rather than a value.
STRUCTURAL = {"layer", "cell", "layer_list", "shape"}


def _usable(spec: LayerSpec) -> bool:
    if not spec.expressible or not spec.example:
        return False
    return all(importlib.util.find_spec(r) is not None for r in spec.requires)


SPECS: tuple[LayerSpec, ...] = tuple(s for s in CATALOG.layers.values() if _usable(s))
CELLS: tuple[LayerSpec, ...] = tuple(s for s in CATALOG.cells.values() if _usable(s))
RECURRENT = tuple(s for s in SPECS if s.family == "recurrent" and "layer" not in
                  {p.kind for p in s.signature.params} and s.cls != "RNN")  # fmt: skip
WRAPPERS = tuple(s for s in SPECS if s.signature.params and s.signature.params[0].kind == "layer")


# --- literals on both sides -------------------------------------------------------------------


def seq_literal(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "none"
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, tuple):
        inner = ", ".join(seq_literal(v) for v in value)
        return f"({inner},)" if len(value) == 1 else f"({inner})"
    if isinstance(value, list):
        return "[" + ", ".join(seq_literal(v) for v in value) + "]"
    return repr(value)


@dataclass(frozen=True)
class Piece:
    """One layer written both ways; `cls` is the catalogue class it was drawn for."""

    seq: str
    py: str
    cls: str
    tf_only: bool = False
    varied: frozenset[str] = frozenset()  # the parameters given a drawn value, and their kinds


def _with_keywords(piece: Piece, keywords: list[tuple[str, Any]],
                   spec: LayerSpec | None = None) -> Piece:  # fmt: skip
    if not keywords:
        return piece
    by_name = spec.signature.by_name if spec else {}
    varied = {f"kind {by_name[k].kind}" for k, _ in keywords if k in by_name}
    varied |= {f"{k}={v}" if isinstance(v, str) else k for k, v in keywords}
    seq = piece.seq + "".join(f" {k}={seq_literal(v)}" for k, v in keywords)
    added = ", ".join(f"{k}={v!r}" for k, v in keywords)
    py = piece.py[:-1] + (", " if not piece.py.endswith("()") else "") + added + ")"
    return Piece(seq, py, piece.cls, piece.tf_only, piece.varied | varied)


def _element_sources(code: str) -> list[str]:
    """The Python text of each element of the generated `keras.Sequential([...])` list."""
    tree = ast.parse(code)
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "Sequential":
            if node.args and isinstance(node.args[0], ast.List):
                return [ast.get_source_segment(code, e) or "" for e in node.args[0].elts]
    raise AssertionError(code)


def _input_line(shape: tuple[int, ...], dtype: str) -> str:
    text = f"input {seq_literal(tuple(shape))}"
    return text if dtype == "float32" else f"{text} dtype={dtype}"


def example_piece(spec: LayerSpec) -> tuple[Piece, tuple[str, ...]] | None:
    """A catalogue example as a Piece, and the parameters it already sets."""
    return _example_piece(spec.cls, spec.cls in CATALOG.cells)


@lru_cache(maxsize=None)
def _example_piece(cls: str, cell: bool) -> tuple[Piece, tuple[str, ...]] | None:
    spec = CATALOG.cells[cls] if cell else CATALOG.layers[cls]
    if cell:
        return _cell_example(spec)
    inp = spec.example_input
    source = f"{_input_line(tuple(inp['shape']), inp.get('dtype', 'float32'))}\n{spec.example}\n"
    try:
        code = seqgen.generate(source, form="fragment")
    except seqgen.SeqgenError:
        return None
    py = " ".join(_element_sources(code)[1].split()).replace("( ", "(").replace(", )", ")")
    call = ast.parse(py, mode="eval").body
    assert isinstance(call, ast.Call)
    given = [p.name for p in spec.signature.positional[: len(call.args)]]
    given += [k.arg for k in call.keywords if k.arg]
    return Piece(spec.example, py, spec.cls, "keras" not in spec.modes), tuple(given)


# --- drawing values --------------------------------------------------------------------------


def _dims(spec: LayerSpec) -> int:
    match = re.search(r"([123])D", spec.cls)
    return int(match.group(1)) if match else 1


def draw_value(rng: random.Random, p: ParamSpec, spec: LayerSpec) -> Any:
    """A value for `p` other than its default, now and then just outside its bounds."""
    default = p.default_value
    if p.choices:
        others = [c for c in p.choices if c != default]
        return rng.choice(others or list(p.choices))
    kind = p.kind
    if kind == "bool":
        return not default if isinstance(default, bool) else rng.random() < 0.5
    if kind in ("int", "seed") or (kind == "any" and type(default) is int):
        low = int(p.minimum) if p.minimum is not None else 0
        if rng.random() < 0.1:
            return rng.choice([low - 1, 0, -1])
        high = int(p.maximum) if p.maximum is not None else low + 4
        return rng.randint(low, max(low, high))
    if kind == "float" or (kind == "any" and type(default) is float):
        low = p.minimum if p.minimum is not None else 0.0
        high = p.maximum if p.maximum is not None else 1.0
        if rng.random() < 0.1:
            return rng.choice([low - 0.5, high + 0.5, 0.0])
        return round(rng.uniform(low, high), 2)
    if kind == "int_or_tuple":
        if rng.random() < 0.5:
            return rng.randint(1, 3)
        return tuple(rng.randint(1, 3) for _ in range(_dims(spec)))
    if kind == "any" and isinstance(default, tuple) and default:
        return tuple(_perturb(rng, v) for v in default)
    if kind == "activation":
        return rng.choice(CATALOG.activations)
    if kind in ("initializer", "regularizer", "constraint"):
        namespace = CATALOG.namespaces[kind + "s"]
        return rng.choice(sorted(i for i in namespace.identifiers if i != "stft"))
    if kind == "dtype":
        return rng.choice(CATALOG.dtypes)
    return None  # a kind the drawing does not vary (free text, objects)


def _perturb(rng: random.Random, value: Any) -> Any:
    if isinstance(value, bool) or not isinstance(value, (int, float, tuple)):
        return value
    if isinstance(value, tuple):
        return tuple(_perturb(rng, v) for v in value)
    if isinstance(value, int):
        return max(0, value + rng.choice([-1, 1, 2]))
    return round(value * rng.choice([0.5, 1.5]), 3)


def draw_keywords(rng: random.Random, spec: LayerSpec, given: tuple[str, ...],
                  count: int) -> list[tuple[str, Any]]:  # fmt: skip
    params = [p for p in spec.signature.params if p.name not in given and not p.required
              and p.kind not in STRUCTURAL and p.name not in ("name", "weights")]  # fmt: skip
    keywords = []
    for p in rng.sample(params, min(count, len(params))):
        value = draw_value(rng, p, spec)
        if value is not None:
            keywords.append((p.name, value))
    extras = set(spec.signature.extra_kwargs)
    if "trainable" in extras and rng.random() < 0.08:
        keywords.append(("trainable", False))
    if "dtype" in extras and "dtype" not in given + tuple(k for k, _ in keywords) \
            and rng.random() < 0.08:  # fmt: skip
        keywords.append(("dtype", rng.choice(CATALOG.dtypes)))
    return keywords


def draw_piece(rng: random.Random, spec: LayerSpec, count: int) -> Piece | None:
    found = example_piece(spec)
    if found is None:
        return None
    piece, given = found
    word = spec.example.split()[0]
    shaped = [p for p in spec.signature.params if p.kind == "shape"]
    if shaped:  # Reshape's target (with -1 now and then), Permute's order
        rank = len(spec.example_input.get("shape", ())) or 1
        if shaped[0].name == "dims":
            value: tuple[int, ...] = tuple(rng.sample(range(1, rank + 1), rank))
        else:
            value = tuple(rng.choice([1, 2, 4]) for _ in range(rng.randint(1, 3)))
            if rng.random() < 0.6:
                value = tuple(-1 if i == rng.randrange(len(value)) else v
                              for i, v in enumerate(value))  # fmt: skip
        piece = Piece(f"{word} {seq_literal(value)}", f"layers.{spec.cls}({value!r})", spec.cls,
                      varied=frozenset({"kind shape", "-1"} if -1 in value else {"kind shape"}))
    if spec.cls == "RNN" and CELLS:  # the cell of an RNN drawn like a layer
        cell = draw_piece(rng, rng.choice(CELLS), count)
        if cell is not None:
            piece = Piece(f"rnn ({cell.seq})", f"layers.RNN({cell.py})", "RNN",
                          varied=cell.varied | {"kind cell"})
    return _with_keywords(piece, draw_keywords(rng, spec, given, count), spec)


def _cell_example(spec: LayerSpec) -> tuple[Piece, tuple[str, ...]] | None:
    try:
        code = seqgen.generate(f"input (5, 3)\nrnn ({spec.example})\n", form="fragment")
    except seqgen.SeqgenError:
        return None
    rnn = " ".join(_element_sources(code)[1].split()).replace("( ", "(").replace(", )", ")")
    inner = ast.parse(rnn, mode="eval").body.args[0]  # type: ignore[attr-defined]
    assert isinstance(inner, ast.Call)
    given = [p.name for p in spec.signature.positional[: len(inner.args)]]
    given += [k.arg for k in inner.keywords if k.arg]
    return Piece(spec.example, ast.unparse(inner), spec.cls), tuple(given)


# --- drawing stacks --------------------------------------------------------------------------


@dataclass
class Stack:
    """One drawn stack: the `.seq` source, the direct Keras code, the -D values."""

    focus: str
    family: str
    seq_lines: list[str]
    py_layers: list[str]
    input_shape: tuple[int, ...]
    input_dtype: str
    model_name: str | None = None
    params: dict[str, Any] = field(default_factory=dict)
    defines: dict[str, Any] = field(default_factory=dict)
    features: set[str] = field(default_factory=set)
    varied: set[str] = field(default_factory=set)
    tf_only: bool = False

    @property
    def source(self) -> str:
        return "\n".join(self.seq_lines) + "\n"

    def keras_code(self) -> str:
        dtype = "" if self.input_dtype == "float32" else f", dtype={self.input_dtype!r}"
        items = [f"keras.Input(shape={tuple(self.input_shape)!r}{dtype})", *self.py_layers]
        name = f", name={self.model_name!r}" if self.model_name else ""
        return "model = keras.Sequential([\n    " + ",\n    ".join(items) + f"\n]{name})\n"


def _statement(rng: random.Random, stack: Stack, spec: LayerSpec, focus: bool,
               names: Iterator[str]) -> tuple[str, list[str]] | None:  # fmt: skip
    """A statement for `spec`, maybe wrapped, nested, looped or named: (.seq, Keras items)."""
    piece = draw_piece(rng, spec, rng.randint(1, 3) if focus else rng.choice([0, 0, 1]))
    if piece is None:
        return None
    stack.tf_only |= piece.tf_only
    shape = rng.random()
    if shape < 0.08 and WRAPPERS:
        wrapper = rng.choice(WRAPPERS)
        inner = piece
        if wrapper.cls == "Bidirectional" and RECURRENT and rng.random() < 0.8:
            inner = draw_piece(rng, rng.choice(RECURRENT), 1) or piece
        word = wrapper.example.split()[0]
        outer = Piece(f"{word} ({inner.seq})", f"layers.{wrapper.cls}({inner.py})", wrapper.cls)
        given = (wrapper.signature.params[0].name,)
        outer = Piece(outer.seq, outer.py, outer.cls, varied=inner.varied | {"kind layer"})
        piece = _with_keywords(outer, draw_keywords(rng, wrapper, given, rng.choice([0, 1])),
                               wrapper)  # fmt: skip
        stack.features.add(f"wrapper {wrapper.cls}")
    stack.varied |= piece.varied
    if shape > 0.92:
        count = rng.choice([1, 2, 3])
        if stack.params and rng.random() < 0.5:
            stack.features.add("repeat parameter")
            count_text, count = "n", stack.defines.get("n", stack.params["n"])
        else:
            count_text = str(count)
        stack.features.add("repeat")
        if isinstance(count, int) and 0 <= count <= 5:
            return f"repeat {count_text} {{ {piece.seq} }}", [piece.py] * count
        # What the generated `for _ in range(n)` does with any other value.
        return f"repeat {count_text} {{ {piece.seq} }}", [f"*[{piece.py} for _ in range({count!r})]"]
    if 0.85 < shape <= 0.92:
        stack.features.add("nested sequential")
        name = next(names)
        return (f"sequential {{\n    {piece.seq}\n}} as {name}",
                [f"keras.Sequential([{piece.py}], name={name!r})"])  # fmt: skip
    if rng.random() < 0.1:
        stack.features.add("named")
        name = next(names)
        return f"{piece.seq} as {name}", [_with_keywords(piece, [("name", name)]).py]
    return piece.seq, [piece.py]


def _extra_statement(rng: random.Random, stack: Stack) -> tuple[str, list[str]]:
    """A loop or a parameter use, written with a Dense."""
    if stack.params and rng.random() < 0.5:
        stack.features.add("parameter in a value")
        value = stack.defines.get("n", stack.params["n"])
        return "dense n", [f"layers.Dense({value!r})"]
    stack.features.add("for")
    values = [rng.randint(1, 4) for _ in range(rng.randint(1, 3))]
    return (f"for w in {seq_literal(values)} {{\n    dense w * 2 relu\n}}",
            [f"layers.Dense({2 * v}, activation='relu')" for v in values])  # fmt: skip


def _accepts(source: str, params: dict[str, Any]) -> bool:
    try:
        seqgen.summarize(source, **params)
    except seqgen.SeqgenError:
        return False
    except Exception:  # a crash is kept: the run reports it
        return True
    return True


def draw_stack(rng: random.Random, index: int) -> Stack:
    """Stack `index` is built around catalogue layer `index % len(SPECS)` (its focus)."""
    spec = SPECS[index % len(SPECS)]
    shape = tuple(spec.example_input["shape"])
    dtype = spec.example_input.get("dtype", "float32")
    if rng.random() < 0.15:  # an input that may not fit
        dims = list(shape)
        change = rng.random()
        if change < 0.4 and dims:
            dims[rng.randrange(len(dims))] = rng.choice([0, 1, 2, 3, 7, 16])
        elif change < 0.7:
            dims.append(rng.choice([1, 2, 4]))
        elif len(dims) > 1:
            dims.pop(rng.randrange(len(dims)))
        shape = tuple(dims)
    stack = Stack(spec.cls, spec.family, [], [], shape, dtype)
    if rng.random() < 0.15:
        stack.params = {"n": rng.choice([1, 2, 3])}
        stack.features.add("parameters")
        if rng.random() < 0.5:
            stack.defines = {"n": rng.choice([1, 2, 4, 0, -1, 2.5])}
            stack.features.add("-D")
        stack.seq_lines.append(f"model m(n={stack.params['n']})")
        stack.model_name = "m"
    elif rng.random() < 0.1:
        stack.seq_lines.append("model net")
        stack.model_name = "net"
    stack.seq_lines.append(_input_line(shape, dtype))
    names = iter(f"n{i}" for i in range(100))
    if stack.params and rng.random() < 0.5:
        line, items = _extra_statement(rng, stack)
        stack.seq_lines.append(line)
        stack.py_layers.extend(items)
    first = _statement(rng, stack, spec, True, names)
    if first is not None:
        stack.seq_lines.append(first[0])
        stack.py_layers.extend(first[1])
    for _ in range(rng.choice([0, 1, 1, 2, 3])):
        if not _accepts(stack.source, stack.defines):
            break
        for _attempt in range(4):  # prefer a statement that fits; keep a misfit now and then
            if rng.random() < 0.15:
                made: tuple[str, list[str]] | None = _extra_statement(rng, stack)
            else:
                made = _statement(rng, stack, rng.choice(SPECS), False, names)
            if made is None:
                continue
            trial = stack.source + made[0] + "\n"
            if _accepts(trial, stack.defines) or rng.random() < 0.1:
                stack.seq_lines.append(made[0])
                stack.py_layers.extend(made[1])
                break
    if any('dtype="mixed' in line for line in stack.seq_lines):
        stack.features.add("mixed precision")
    if any(" dtype=" in line for line in stack.seq_lines[1:]):
        stack.features.add("layer dtype")
    if any("trainable=false" in line for line in stack.seq_lines):
        stack.features.add("trainable=false")
    return stack


# --- comparing with Keras --------------------------------------------------------------------


@dataclass
class Outcome:
    """What one stack showed: its outcome and, for a disagreement, its class."""

    outcome: str  # "agree: built", "agree: both refuse", "disagree", "crash"
    classes: list[str] = field(default_factory=list)
    detail: str = ""


def _culprit(message: str, default: str) -> str:
    """The catalogue class a Keras message names as the one it was calling, else `default`."""
    for name in re.findall(r"calling (\w+)\.call\(\)", message):
        if name in CATALOG.layers and name != "Sequential":
            return name
    return default


def _normalized(message: str) -> str:
    text = re.sub(r"\d+", "N", message.splitlines()[0] if message else "")
    return re.sub(r"'[^']*'|\"[^\"]*\"", "'…'", text)[:90]


class Session:
    """One TensorFlow session for a whole run."""

    def __init__(self) -> None:
        os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
        warnings.simplefilter("ignore")
        import numpy
        import tensorflow
        from tensorflow import keras

        from keras.src.utils.summary_utils import weight_memory_size

        keras.utils.disable_interactive_logging()
        # TensorFlow's millions of objects live for the whole run: out of the collector's way.
        gc.collect()
        gc.freeze()
        self.builds = 0
        self.np, self.tf, self.keras = numpy, tensorflow, keras
        def memory(weights: list[Any]) -> Any:
            try:
                return int(weight_memory_size(weights))
            except ValueError as error:  # model.summary() itself fails on these dtypes
                return f"summary fails: {error}"

        self.memory = memory
        self.layers = keras.layers

    def close(self) -> None:
        gc.unfreeze()

    def run_code(self, code: str, params: dict[str, Any]) -> Any:
        namespace: dict[str, Any] = {"__name__": "differential", "keras": self.keras,
                                     "layers": self.layers}  # fmt: skip
        # Without Python's collection at each clear (5 s of 7 here); every 50 builds instead.
        self.keras.backend.clear_session(free_memory=False)
        self.builds += 1
        if self.builds % 50 == 0:
            gc.collect()
        exec(compile(code, "<differential>", "exec"), namespace)
        if "build_model" in namespace:
            return namespace["build_model"](**params)
        return namespace["model"]

    def call(self, model: Any, shape: tuple[int, ...], dtype: str) -> None:
        if dtype == "string":
            batch = self.tf.constant([[["a"]] * 0 or "a"] * 2) if not shape else \
                self.tf.fill((2, *shape), "a")  # fmt: skip
        else:
            batch = self.np.ones((2, *shape), dtype="int32" if dtype == "int" else dtype)
        model(batch)

    # -- rows -------------------------------------------------------------------------------

    def _layer_rows(self, layers: list[Any], prefix: str = "") -> list[tuple[str, str, Any]]:
        rows = []
        for layer in layers:
            where = f"{prefix}{type(layer).__name__}"
            rows.append((where, "name", layer.name))
            rows.append((where, "class", type(layer).__name__))
            rows.append((where, "output shape", _output_shape(layer)))
            rows.append((where, "trainable", _count(layer.trainable_weights)))
            rows.append((where, "non-trainable", _count(layer.non_trainable_weights)))
            rows.append((where, "weight bytes", self.memory(layer.weights)))
            if type(layer).__name__ == "Sequential":
                rows.extend(self._layer_rows(layer.layers, where + " > "))
        return rows

    def keras_figures(self, model: Any) -> list[tuple[str, str, Any]]:
        rows = self._layer_rows(model.layers)
        rows.append(("model", "name", model.name))
        rows.append(("model", "output shape", _output_shape(model.layers[-1])))
        rows.append(("model", "trainable", _count(model.trainable_weights)))
        rows.append(("model", "non-trainable", _count(model.non_trainable_weights)))
        trainable = self.memory(model.trainable_weights)
        non_trainable = self.memory(model.non_trainable_weights)
        both = trainable + non_trainable if isinstance(trainable, int) and \
            isinstance(non_trainable, int) else f"{trainable} / {non_trainable}"  # fmt: skip
        rows.append(("model", "weight bytes", both))
        return rows


def _output_shape(layer: Any) -> Any:
    try:
        output = layer.output
    except (AttributeError, ValueError):
        return None
    if isinstance(output, (list, tuple)):
        return [tuple(o.shape) for o in output]
    return tuple(output.shape)


def _count(weights: list[Any]) -> int:
    unique = {id(w): w for w in weights}.values()
    total = 0
    for w in unique:
        n = 1
        for d in w.shape:
            n *= int(d)
        total += n
    return total


def seqgen_figures(summary: Any) -> list[tuple[str, str, Any]]:
    def walk(rows: Any, prefix: str = "") -> Iterator[tuple[str, str, Any]]:
        for r in rows:
            where = f"{prefix}{r.cls}"
            yield where, "name", r.name
            yield where, "class", r.cls
            yield where, "output shape", r.shape
            yield where, "trainable", r.trainable
            yield where, "non-trainable", r.non_trainable
            yield where, "weight bytes", r.weight_bytes
            if r.children:
                yield from walk(r.children, where + " > ")

    rows = list(walk(summary.rows))
    rows.append(("model", "name", summary.name if summary.name is not None else "sequential"))
    rows.append(("model", "output shape", summary.output_shape))
    rows.append(("model", "trainable", summary.trainable))
    rows.append(("model", "non-trainable", summary.non_trainable))
    rows.append(("model", "weight bytes", summary.weight_bytes))
    return rows


def compare_figures(ours: list[tuple[str, str, Any]], theirs: list[tuple[str, str, Any]],
                    focus: str) -> list[str]:  # fmt: skip
    """The disagreement classes between two lists of figures."""
    if [r[:2] for r in ours] != [r[:2] for r in theirs]:
        return [f"layers differ: {focus}"]
    classes = []
    for (where, what, mine), (_, _, keras_value) in zip(ours, theirs):
        if mine != keras_value:
            layer = where.rsplit(" > ", 1)[-1]
            cls = focus if layer == "model" else layer
            if layer == "model" and what in ("trainable", "non-trainable", "weight bytes"):
                cls = f"model totals, {focus}"
            classes.append(f"{what} differs: {cls}")
    return sorted(set(classes))


def run_stack(session: Session, stack: Stack, index: int) -> Outcome:
    style = STYLES[index % 2]
    mode = "tensorflow" if stack.tf_only else MODES[(index // 2) % 2]
    source = stack.source
    try:
        built = build(source, Options(style=style, keras=mode), params=stack.defines)
    except seqgen.SeqgenError as error:
        return _refused(session, stack, error)
    except Exception as error:  # exit 123
        return Outcome("crash", [f"seqgen crash: {type(error).__name__}: {stack.focus}"],
                       f"{type(error).__name__}: {error}")  # fmt: skip
    classes = _defines_checked_as_defaults(stack, accepted=True)
    if classes:  # what Keras then does follows from the unchecked value
        return Outcome("disagree", classes)
    stage = "accepted, Keras refuses"
    try:
        model = session.run_code(built.code, stack.defines)
        if index % CALL_EVERY == 0 and _grows_adaptively(model):
            # TensorFlow dies of SIGFPE on such a batch (a whole run would die with it).
            return Outcome("disagree", classes + ["accepted, crashes TensorFlow on a batch: "
                                                  "adaptive pooling to a larger size"])
        if index % CALL_EVERY == 0:
            stage = "accepted, fails on a batch"
            session.call(model, stack.input_shape, stack.input_dtype)
    except Exception as error:
        message = f"{type(error).__name__}: {error}"
        cls = _culprit(message, stack.focus)
        return Outcome("disagree", classes + [f"{stage}: {cls}: {_normalized(message)}"],
                       message[:300])  # fmt: skip
    try:
        theirs = session.keras_figures(model)
    except Exception as error:  # the harness cannot read the model: say so, do not stop
        return Outcome("disagree", [f"unreadable model: {stack.focus}: {type(error).__name__}"],
                       f"{type(error).__name__}: {error}")  # fmt: skip
    classes += compare_figures(seqgen_figures(built.summary), theirs, stack.focus)
    if index % CONFIG_EVERY == 0:
        classes += _four_codes_agree(session, stack)
    if classes:
        return Outcome("disagree", classes)
    return Outcome("agree: built")


def _grows_adaptively(model: Any) -> bool:
    """An adaptive pooling layer whose output is larger than its input somewhere."""
    for layer in model.layers:
        if isinstance(getattr(layer, "layers", None), list) and _grows_adaptively(layer):
            return True
        inner = getattr(layer, "layer", None)  # TimeDistributed, Bidirectional, ...
        if type(layer).__name__.startswith("Adaptive") or \
                type(inner).__name__.startswith("Adaptive"):  # fmt: skip
            pairs = zip(layer.input.shape[1:], layer.output.shape[1:])
            if any(i is not None and o is not None and o > i for i, o in pairs):
                return True
    return False


def _defines_checked_as_defaults(stack: Stack, accepted: bool) -> list[str]:
    """A `-D` value must meet the checks the same value meets as the parameter's default."""
    if not stack.defines:
        return []
    value = stack.defines["n"]
    as_default = stack.source.replace(f"model m(n={stack.params['n']})", f"model m(n={value!r})")
    if _accepts(as_default, {}) == accepted:
        return []
    verdict = "accepted" if accepted else "refused"
    return [f"-D value {verdict}, the same default not: n={value!r}"]


def _four_codes_agree(session: Session, stack: Stack) -> list[str]:
    configs = []
    for style in STYLES:
        for mode in MODES if not stack.tf_only else ("tensorflow",):
            code = build(stack.source, Options(style=style, keras=mode),
                                params=stack.defines).code  # fmt: skip
            configs.append(session.run_code(code, stack.defines).get_config())
    if any(c != configs[0] for c in configs):
        return [f"styles or import modes give different configs: {stack.focus}"]
    return []


def _refused(session: Session, stack: Stack, error: seqgen.SeqgenError) -> Outcome:
    classes = _defines_checked_as_defaults(stack, accepted=False)
    if classes:
        return Outcome("disagree", classes, str(error))
    if stack.defines and _accepts(stack.source, stack.defines):
        return Outcome("refused at the parameters' defaults")  # the generated file's defaults
    try:
        model = session.run_code(stack.keras_code(), {})
        session.call(model, stack.input_shape, stack.input_dtype)
    except Exception:
        return Outcome("agree: both refuse")
    message = str(error).splitlines()[0].split("error: ", 1)[-1]
    cls = _culprit(message, stack.focus)
    return Outcome("disagree", [f"false error: {cls}: {_normalized(message)}"], str(error))


def case(session: Session, source: str, keras_layers: list[str], shape: tuple[int, ...],
         dtype: str = "float32", *, params: dict[str, Any] | None = None,
         defines: dict[str, Any] | None = None, index: int = 0) -> list[str]:  # fmt: skip
    """The disagreement classes of one written case: `source` and the same stack in Keras."""
    lines = source.strip().splitlines()
    name = re.match(r"model (\w+)", lines[0])
    stack = Stack("case", "case", lines, keras_layers, shape, dtype,
                  model_name=name.group(1) if name else None, params=params or {},
                  defines=defines or {})  # fmt: skip
    return run_stack(session, stack, index).classes


#: Disagreement classes by their cause: (name, pattern over "class\nsource\ndetail"), the
#: first match naming it.  A class no pattern names keeps its raw key (outcome, layer, message).
CAUSES: tuple[tuple[str, str], ...] = (
    ("crash on a zero value", r"^seqgen crash: ZeroDivisionError"),
    ("adaptive pooling to a larger size crashes TensorFlow on a batch",
     r"^accepted, crashes TensorFlow"),
    ("crash on a -D repeat count", r"^seqgen crash: TypeError(.|\n)*repeat n"),
    ("-D value skips a check", r"^-D value accepted"),
    ("-D value checked, the same default not", r"^-D value refused"),
    ("identity or orthogonal initializer on a weight of another rank",
     r"^accepted, Keras refuses.*(Identity matrix|at least two-dimensional)"),
    ("Keras constructor range: SpectralNormalization power_iterations",
     r"^accepted, Keras refuses.*power_iterations"),
    ("Keras constructor range: augmentation factors",
     r"^accepted, Keras refuses.*(`factor` argument|addition_factor|threshold_factor)"),
    ("Keras constructor range: activation layers",
     r"^accepted, Keras refuses.*(negative_slope|theta value|max_value)"),
    ("LoRA with a constraint", r"^accepted, Keras refuses.*Lora is incompatible"),
    ("layer dtype Keras cannot build or run",
     r'^accepted, (Keras refuses|fails on a batch)(.|\n)*\n(?!input)[^\n]*'
     r'dtype="(u?int|bool|complex|string|bfloat)'),
    ("Equalization not straight after the input", r"^accepted, Keras refuses(.|\n)*(?<!_)equalization"),
    ("Bidirectional of a go_backwards layer", r"^accepted, Keras refuses.*go_backwards"),
    ("accepted, Keras refuses to build", r"^accepted, Keras refuses"),
    ("channels_first image layer fails on a batch", r"^accepted, fails on a batch(.|\n)*channels_first"),
    ("layer on an input of another rank fails on a batch",
     r"^accepted, fails on a batch: (ContrastLimitedAdaptiveHistogramEqualization|MelSpectrogram)"),
    ("lookup layer on an input of another dtype fails on a batch",
     r"^accepted, fails on a batch(: (StringLookup|IntegerLookup|TextVectorization|Hashing)|"
     r"(.|\n)*\n(string_lookup|integer_lookup|text_vectorization|hashing|    string_lookup))"),
    ("orthogonal_regularizer on an activity of rank > 2 fails on a batch",
     r'^accepted, fails on a batch(.|\n)*activity_regularizer="orthogonal_regularizer"'),
    ("RNN of a cell on an input of rank > 3 fails on a batch",
     r"^accepted, fails on a batch: \w+: \w+: Exception encountered when calling "
     r"(LSTMCell|GRUCell|SimpleRNNCell|StackedRNNCells)"),
    ("EinsumDense equation of another rank than its input fails on a batch",
     r"^accepted, fails on a batch: EinsumDense"),
    ("sparse output into a layer that cannot take it fails on a batch",
     r"^accepted, fails on a batch(.|\n)*sparse=true"),
    ("accepted, fails on a batch", r"^accepted, fails on a batch"),
    ("false error: TimeDistributed of a layer seqgen cannot slice", r"^false error.*time slice"),
    ("false error: return_state as the last layer", r"^false error.*return_state=True makes"),
    ("false error: PReLU shared_axes", r"^false error.*shared_axes"),
    ("frozen RNN cell counts",
     r"^(non-)?trainable differs(.|\n)*\brnn \(stacked_rnn_cells[^\n]*trainable=false"),
    ("frozen wrapper counts", r"^(non-)?trainable differs(.|\n)*trainable=false"),
    ("weight bytes: complex weights (model.summary() fails)", r"^weight bytes(.|\n)*complex"),
    ("weight bytes: LoRA factors", r"^weight bytes(.|\n)*lora_rank"),
    ("weight bytes: Normalization's count", r"^weight bytes(.|\n)*\bnormalization\b"),
    ("weight bytes: a nested layer's dtype", r"^weight bytes(.|\n)*\([^\n]*dtype="),
    ("weight bytes", r"^weight bytes differs"),
    ("automatic names", r"^name differs"),
    ("output shape: Pipeline", r"^output shape differs(.|\n)*pipeline"),
    ("output shape", r"^output shape differs"),
)


def cause(raw: str, source: str, detail: str) -> str:
    text = f"{raw}\n{source}\n{detail}"
    for name, pattern in CAUSES:
        if re.search(pattern, text):
            return name
    return raw


# --- a run -----------------------------------------------------------------------------------


@dataclass
class Tally:
    stacks: int = 0
    families: Counter = field(default_factory=Counter)
    features: Counter = field(default_factory=Counter)
    varied: Counter = field(default_factory=Counter)
    outcomes: Counter = field(default_factory=Counter)
    classes: Counter = field(default_factory=Counter)
    smallest: dict[str, str] = field(default_factory=dict)
    raw: defaultdict = field(default_factory=lambda: defaultdict(set))
    details: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0

    def add(self, stack: Stack, outcome: Outcome) -> None:
        self.stacks += 1
        self.families[stack.family] += 1
        self.features.update(stack.features)
        self.varied.update(stack.varied)
        self.outcomes[outcome.outcome] += 1
        source = stack.source + (f"# -D {stack.defines}\n" if stack.defines else "")
        for raw in outcome.classes:
            cls = cause(raw, source, outcome.detail)
            self.classes[cls] += 1
            self.raw[cls].add(raw)
            if cls not in self.smallest or len(source) < len(self.smallest[cls]):
                self.smallest[cls] = source
                self.details[cls] = outcome.detail

    def report(self) -> str:
        out = [f"{self.stacks} stacks in {self.seconds:.0f} s", "", "stacks per family:"]
        out += [f"  {k}: {v}" for k, v in sorted(self.families.items())]
        out += ["", "stacks with:"] + [f"  {k}: {v}" for k, v in sorted(self.features.items())]
        out += ["", "outcomes:"] + [f"  {k}: {v}" for k, v in sorted(self.outcomes.items())]
        out += ["", f"disagreement classes ({len(self.classes)}):"]
        for cls, n in sorted(self.classes.items()):
            out.append(f"  [{n}] {cls}  ({len(self.raw[cls])} raw keys)")
            out += ["      " + line for line in self.smallest[cls].splitlines()]
            if self.details[cls]:
                out.append("      => " + self.details[cls].splitlines()[0][:200])
            if cls in self.raw[cls] or len(self.raw[cls]) == 1:
                continue
            out += [f"      - {raw}" for raw in sorted(self.raw[cls])[:6]]
        return "\n".join(out)


def run(stacks: int, seed: int, session: Session | None = None, progress: bool = False,
        start_index: int = 0) -> Tally:  # fmt: skip
    session = session or Session()
    tally = Tally()
    start = time.perf_counter()
    for index in range(start_index, start_index + stacks):
        rng = random.Random(f"{seed}:{index}")
        stack = draw_stack(rng, index)
        if progress:
            print(f"stack {index}:\n{stack.source}", file=sys.stderr, flush=True)
        tally.add(stack, run_stack(session, stack, index))
        if progress and (index - start_index) % 500 == 499:
            print(f"... {index + 1} stacks, {time.perf_counter() - start:.0f} s", flush=True)
        if progress and (index - start_index) % 2000 == 1999:  # a tally so far, should the run be cut short
            tally.seconds = time.perf_counter() - start
            print(tally.report(), flush=True)
    tally.seconds = time.perf_counter() - start
    return tally


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.differential")
    parser.add_argument("--stacks", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=10)
    parser.add_argument("--start", type=int, default=0, help="the first stack's index")
    args = parser.parse_args(argv)
    faulthandler.enable()  # a crash of TensorFlow itself shows the stack it was building
    tally = run(args.stacks, args.seed, progress=True, start_index=args.start)
    print(tally.report())
    return 0


if __name__ == "__main__":
    sys.exit(main())
