"""Random stacks drawn from the layer catalogue, each written as `.seq` and as Keras code.

The differential test against Keras (tests/differential.py) runs them.  Each stack is written
twice from one drawing: as `.seq` text and, independently of seqgen's renderer, as Keras code
(`layers.Conv2D(4, 3, strides=2)`).  The Keras text of each catalogue example comes from
seqgen once (the example is valid by construction); every argument, wrapper, block, loop and
parameter the drawing adds is written on both sides here.
"""

from __future__ import annotations

import ast
import importlib.util
import random
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Iterator

import seqgen
from seqgen.catalog import LayerSpec, ParamSpec, load_catalog

CATALOG = load_catalog()
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
    if kind == "factor":  # a number or a (low, high) pair, within its bounds now and then not
        low = p.minimum if p.minimum is not None else 0.0
        high = p.maximum if p.maximum is not None else 1.0
        if rng.random() < 0.1:
            return rng.choice([low - 0.5, high + 0.5])
        a, b = sorted(round(rng.uniform(low, high), 2) for _ in range(2))
        return a if rng.random() < 0.5 else (a, b)
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


def accepts(source: str, params: dict[str, Any]) -> bool:
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
        if not accepts(stack.source, stack.defines):
            break
        for _attempt in range(4):  # prefer a statement that fits; keep a misfit now and then
            if rng.random() < 0.15:
                made: tuple[str, list[str]] | None = _extra_statement(rng, stack)
            else:
                made = _statement(rng, stack, rng.choice(SPECS), False, names)
            if made is None:
                continue
            trial = stack.source + made[0] + "\n"
            if accepts(trial, stack.defines) or rng.random() < 0.1:
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
