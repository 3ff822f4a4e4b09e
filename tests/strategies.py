"""Hypothesis strategies: random *valid* `.seq` programs drawn from the layer catalogue.

A stack is grown one layer at a time: a candidate statement (a catalogue example, sometimes
named, looped or in a nested block) is kept only when seqgen can still check and summarize
the stack with it, so every drawn program generates, and its shapes are the ones Keras must
agree with.
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

import seqgen
from seqgen import syntax as seq_ast
from seqgen.catalog import load_catalog

CATALOG = load_catalog()
EXAMPLES = sorted(
    spec.example for spec in CATALOG.layers.values()
    if spec.expressible and set(spec.modes) == {"keras", "tensorflow"} and not spec.requires
    and not spec.not_last
)  # fmt: skip
INPUTS = ["8x8x3", "(6, 4)", "16", "(5, 6, 6, 2)", "(4,) dtype=int32", "(3,) dtype=string"]


def _valid(lines: list[str]) -> bool:
    try:
        seqgen.summarize("\n".join(lines) + "\n")
    except seqgen.SeqgenError:
        return False
    return True


@st.composite
def programs(draw, max_layers: int = 6, params: bool | None = None) -> str:
    """A valid program: input, layers (plain, named, looped, nested), maybe compile."""
    lines: list[str] = []
    with_params = draw(st.booleans()) if params is None else params
    if with_params:
        lines.append("model m(depth=2, widths=[8, 16])")
    lines.append(f"input {draw(st.sampled_from(INPUTS))}")
    names = iter(f"n{i}" for i in range(1000))
    for _ in range(draw(st.integers(1, max_layers))):
        layer = draw(st.sampled_from(EXAMPLES))
        kind = draw(st.sampled_from(["layer", "layer", "named", "repeat", "for", "seq"]))
        if kind == "layer":
            candidate = layer
        elif kind == "named":
            candidate = f"{layer} as {next(names)}"
        elif kind == "repeat":
            count = "depth" if with_params and draw(st.booleans()) else str(draw(st.integers(1, 3)))
            candidate = f"repeat {count} {{ {layer} }}"
        elif kind == "for":
            values = "widths" if with_params and draw(st.booleans()) else "[2, 4]"
            candidate = f"for w in {values} {{\n    dense w * 2 relu\n    {layer}\n}}"
        else:
            candidate = f"sequential {{\n    {layer}\n}} as {next(names)}"
        if _valid(lines + [candidate]):
            lines.append(candidate)
    if len(lines) == 1 + with_params:  # nothing fitted: a Dense fits after any input but strings
        lines.append("dense 4" if "string" not in lines[-1] else 'string_lookup vocabulary=["a"]')
    if draw(st.booleans()) and _valid(lines + ["dense 2"]):
        lines.append("dense 2")
        lines.append("compile optimizer=adam(learning_rate=1e-3) loss=mse metrics=[mae]")
    return "\n".join(lines) + "\n"


# --- rich programs: every statement kind of the language ------------------------------------
#
# `rich_programs()` draws from the whole language, not only from layer examples: `model` with
# parameters (used in values), `input` in shorthand and as a pasted `keras.Input(...)`, layers
# in shorthand and in call form (`Conv2D(4, 3)`, `layers.Dense(4),`), arithmetic and signs,
# names, nested `sequential { } as NAME` (with its own matching `input`), `repeat` and `for`
# blocks nested in each other, comments, `;`, and `compile`.  As in `programs()`, a statement
# is kept only when seqgen can still check and summarize the program with it in place, so
# every drawn program generates.


def _source_of(span: Any, line: str) -> str:
    return line[span.column - 1 : span.end_column - 1]


def _call_text(stmt: Any, line: str) -> str | None:
    found = CATALOG.lookup(stmt.name)
    if found is None:
        return None
    parts = []
    for arg in stmt.args:
        key = ""
        if isinstance(arg, seq_ast.Keyword):
            key, arg = f"{arg.name}=", arg.value
        value = _value_text(arg, line)
        if value is None:
            return None
        parts.append(key + value)
    return f"{found[1].cls}({', '.join(parts)})"


def _value_text(value: Any, line: str) -> str | None:
    if isinstance(value, seq_ast.NestedLayer):
        return _call_text(value.layer, line)
    if isinstance(value, seq_ast.ListExpr):
        items = [_value_text(v, line) for v in value.items]
        return None if None in items else f"[{', '.join(items)}]"  # type: ignore[arg-type]
    return _source_of(value.span, line)


def call_form(example: str) -> str | None:
    """A one-line shorthand layer in Keras's call form: `conv2d 4 3` → `Conv2D(4, 3)`,
    `bidirectional (lstm 4)` → `Bidirectional(LSTM(4))`."""
    (stmt,) = seqgen.parse(example).statements
    return _call_text(stmt, example)


CALL_FORMS = sorted(c for c in map(call_form, EXAMPLES) if c is not None)

#: Layers with extra shorthand words and keywords, arithmetic, signs and grouped values.
DECORATED = [
    "dense 4 relu", "dense 4 activation=tanh use_bias=false", "dense 2 * 3 + 1",
    "dense (3 + 1) * 2 softmax", "dense 8 // 2", "dense 10 - 6", "dense -(-4)", "dense +4",
    "dropout 1 / 4", "rescaling 1/255 -1", "rescaling 1 / 127.5 -1", "dense 1_0 gelu",
    "conv2d 4 3x3 same relu", "conv2d 4 (3, 3) strides=1 RELU SAME", "conv1d 4 3 causal",
    "dense 4 kernel_regularizer=l2(1e-4) kernel_initializer=random_normal(stddev=0.02)",
    "dense 4 kernel_constraint=max_norm(2.0) bias_initializer='zeros'", "dropout .5",
    "gaussian_noise 1e-1", "dense 4 dtype=float32", "activation \"relu\"", "reshape (-1,)",
    "layer_normalization epsilon=1e-3", "dense 4 use_bias=TRUE", "flatten",
]  # fmt: skip
#: The same uses of model parameters and of a loop variable (`{v}`).
WITH_PARAMS = ["dense width", "dense width * 2 + 1 relu", "dropout rate", "dense width // 2",
               "Dense(width)", "layers.Dense(units=width - 1)", "dense (width + 1) * 2"]  # fmt: skip
WITH_LOOP_VAR = ["dense {v}", "dense {v} * 2 relu", "Dense({v})", "dense {v} + 1"]
RICH_INPUTS = [
    "input 8x8x3", "input (6, 4)", "input 16", "input (5, 6, 6, 2)", "input (4,) dtype=int32",
    "input (none, 4)", "input 16 batch_size=2 name=\"in\"", "input shape=(6, 4)",
    "keras.Input(shape=(8, 8, 3))", "Input(shape=(16,))", "layers.Input(shape=(6, 4)),",
    "keras.layers.Input(shape=(4,), dtype=\"int32\")", "input (3,) dtype=string",
]  # fmt: skip
PARAM_INPUTS = ["input (width,)", "input (width, 4)", "keras.Input(shape=(width, width, 3))"]
MODELS = ["model m", 'model "my model"', "model mlp", 'model "ünï model"']
PARAMS = '(depth=2, width=8, widths=[4, 8], rate=0.25, label="a \\"q\\" ünï")'
COMPILES = [
    "compile optimizer=adam(learning_rate=1e-3) loss=mse metrics=[mae]",
    "compile optimizer=\"sgd\" loss=mean_squared_error",
    "compile optimizer=rmsprop loss=mse metrics=[mae, mse]",
    "compile loss=mse optimizer=adam(learning_rate=1e-3, beta_1=0.9)",
]  # fmt: skip
COMMENTS = ["# a comment", "#no space", "# quotes \" ' and brackets ( [ { and \\ and ünï",
            "# compile model input repeat for {"]  # fmt: skip
NAMES = ["n{i}", "n{i}", '"layer {i}"', '"ünï {i}"', "'q{i}'"]


def _valid_text(text: str) -> bool:
    try:
        seqgen.summarize(text)
    except seqgen.SeqgenError:
        return False
    return True


def _indent(text: str) -> str:
    return "\n".join("    " + line if line else line for line in text.split("\n"))


class _RichDrawer:
    """Draws the statements of one rich program; `ctx(statement)` is always the whole program
    text with that statement put where it is being drawn, to check it in place."""

    def __init__(self, draw: Any, with_params: bool) -> None:
        self.draw = draw
        self.with_params = with_params
        self.counter = 0

    def fresh(self) -> int:
        self.counter += 1
        return self.counter

    def simple(self, loop_vars: list[str], in_loop: bool) -> str:
        draw = self.draw
        kinds = ["shorthand", "shorthand", "call", "decorated"]
        if self.with_params:
            kinds.append("param")
        if loop_vars:
            kinds += ["loop", "loop"]
        kind = draw(st.sampled_from(kinds))
        if kind == "shorthand":
            text = draw(st.sampled_from(EXAMPLES))
        elif kind == "call":
            prefix = draw(st.sampled_from(["", "layers.", "keras.layers."]))
            text = prefix + draw(st.sampled_from(CALL_FORMS))
            text += draw(st.sampled_from(["", ","]))
        elif kind == "decorated":
            text = draw(st.sampled_from(DECORATED))
        elif kind == "param":
            text = draw(st.sampled_from(WITH_PARAMS))
        else:
            text = draw(st.sampled_from(WITH_LOOP_VAR)).format(v=draw(st.sampled_from(loop_vars)))
        if not in_loop and draw(st.integers(0, 3)) == 0:
            text += " as " + draw(st.sampled_from(NAMES)).format(i=self.fresh())
        return text

    def statement(self, ctx: Any, depth: int, loop_vars: list[str], in_loop: bool,
                  shape: tuple | None = None) -> str | None:  # fmt: skip
        if depth < 2 and self.draw(st.integers(0, 3)) == 0:
            return self.block(ctx, depth, loop_vars, in_loop, shape)
        text = self.simple(loop_vars, in_loop)
        return text if _valid_text(ctx(text)) else None

    def block(self, ctx: Any, depth: int, loop_vars: list[str], in_loop: bool,
              shape: tuple | None) -> str | None:  # fmt: skip
        draw = self.draw
        kind = draw(st.sampled_from(["sequential", "repeat", "for"]))
        footer, body_vars, body_in_loop = "", list(loop_vars), in_loop
        body: list[str] = []
        if kind == "sequential":
            header = "sequential"
            if not in_loop and draw(st.booleans()):
                footer = " as " + draw(st.sampled_from(NAMES)).format(i=self.fresh())
            if shape and all(isinstance(d, int) for d in shape[1:]) and draw(st.booleans()):
                dims = shape[1:]
                inner = ", ".join(map(str, dims)) + ("," if len(dims) == 1 else "")
                body.append(f"input ({inner})")
        elif kind == "repeat":
            count = "depth" if self.with_params and draw(st.booleans()) else draw(
                st.sampled_from(["1", "2", "3"]))  # fmt: skip
            header, body_in_loop = f"repeat {count}", True
        else:
            var = f"v{self.fresh()}"
            values = "widths" if self.with_params and draw(st.booleans()) else draw(
                st.sampled_from(["[2, 4]", "[4]", "[3, 2, 1]", "[2, 2,]"]))  # fmt: skip
            header, body_in_loop = f"for {var} in {values}", True
            body_vars.append(var)
        one_line = draw(st.booleans())
        comment = draw(st.sampled_from(["", "", *COMMENTS]))

        def render(items: list[str]) -> str:
            if one_line and not any("\n" in i or "#" in i for i in items):
                return f"{header} {{ {'; '.join(items)} }}{footer}"
            inner = "\n".join(items if not comment else [comment, *items])
            return f"{header} {{\n{_indent(inner)}\n}}{footer}"

        for _ in range(draw(st.integers(1, 3))):
            kept = list(body)
            inner_ctx = lambda s, kept=kept: ctx(render([*kept, s]))
            candidate = self.statement(inner_ctx, depth + 1, body_vars, body_in_loop)
            if candidate is not None:
                body.append(candidate)
        if not [b for b in body if not b.startswith("input ")]:
            return None
        text = render(body)
        return text if _valid_text(ctx(text)) else None


def _join(pieces: list[str]) -> str:
    return "\n".join(pieces) + "\n"


@st.composite
def rich_programs(draw, max_statements: int = 6) -> str:
    """A valid program from the whole language (see above)."""
    with_params = draw(st.booleans())
    pieces: list[str] = []
    if with_params:
        name = draw(st.sampled_from(["model m", 'model "ünï model"']))
        pieces.append(name + PARAMS)
    elif draw(st.booleans()):
        pieces.append(draw(st.sampled_from(MODELS)))
    if draw(st.integers(0, 9)):
        inputs = RICH_INPUTS + (PARAM_INPUTS if with_params else [])
        pieces.append(draw(st.sampled_from(inputs)))
    drawer = _RichDrawer(draw, with_params)
    for _ in range(draw(st.integers(1, max_statements))):
        if draw(st.integers(0, 5)) == 0:
            pieces.append(draw(st.sampled_from(COMMENTS)))
        try:
            shape = seqgen.summarize(_join(pieces)).output_shape if pieces else None
        except seqgen.SeqgenError:
            shape = None  # no layer yet
        candidate = drawer.statement(lambda s: _join([*pieces, s]), 0, [], False, shape)
        if candidate is None:
            continue
        last = pieces[-1] if pieces else ""
        if (
            draw(st.integers(0, 3)) == 0
            and last
            and "\n" not in last
            and "#" not in last
            and "\n" not in candidate
            and _valid_text(_join([*pieces[:-1], f"{last}; {candidate}"]))
        ):
            pieces[-1] = f"{last}; {candidate}"  # two statements on one line
        else:
            pieces.append(candidate)
        if draw(st.integers(0, 4)) == 0:
            pieces[-1] += "  " + draw(st.sampled_from(COMMENTS))
    if not _valid_text(_join(pieces)):  # nothing fitted: a Dense fits after any input but strings
        for fallback in ("dense 4", 'string_lookup vocabulary=["a"]', "identity"):
            if _valid_text(_join([*pieces, fallback])):
                pieces.append(fallback)
                break
    if draw(st.booleans()):
        for compile_stmt in (draw(st.sampled_from(COMPILES)),):
            if _valid_text(_join([*pieces, "dense 2", compile_stmt])):
                pieces += ["dense 2", compile_stmt]
    return _join(pieces)


def layer_names(max_size: int) -> st.SearchStrategy[str]:
    """What a Keras layer name may hold: printable text without '/', in any script."""
    return st.text(
        st.characters(codec="utf-8", exclude_characters="/",
                      exclude_categories=["Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"]),
        min_size=1, max_size=max_size,
    ).filter(str.isprintable)  # fmt: skip


def any_text(max_size: int) -> st.SearchStrategy[str]:
    """Any text that is valid Unicode: quotes, backslashes, control and right-to-left
    characters included."""
    return st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=max_size)
