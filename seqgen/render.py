"""Checked model → Python source, through the Jinja2 templates in `templates/`.

Python does the parts that need care — every value becomes one Python expression built from
`repr` of its data, never from the user's text — and the templates do the layout: header,
imports, the function or script around the model, list or `add()` style.

This module builds each piece of code the templates place (a list element, a statement, the
`def` line) as an expression tree of `seqgen.layout`'s node types, has a pieces strategy write
it, and renders the templates.  Which strategy writes the pieces, and whether black formats the
file, is `seqgen.layout`'s decision (`lay_out`).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2

from seqgen.layout import (
    PIECE,
    Brackets,
    Comprehension,
    Expr,
    LaidOut,
    OneLine,
    Text,
    lay_out,
    number_literal,
    string_literal,
)
from seqgen.model import (
    BinV,
    ForLoop,
    InputCall,
    Item,
    LayerCall,
    LayerV,
    ListV,
    Lit,
    Model,
    NegV,
    NestedSequential,
    ObjV,
    Ref,
    Repeat,
    TupleV,
    Value,
)
from seqgen.options import Options
from seqgen.resources import resource_dir
from seqgen.summary import fmt_shape
from seqgen.values import layer_statements, loop_values, substitute_layer

if TYPE_CHECKING:  # pragma: no cover
    from seqgen.summary import Summary

_PRECEDENCE = {"+": 1, "-": 1, "*": 2, "/": 2, "//": 2}
_UNARY = 3
_ATOM = 4


def _prec(value: Value) -> int:
    if isinstance(value, BinV):
        return _PRECEDENCE[value.op]
    if isinstance(value, NegV):
        return _UNARY
    if isinstance(value, Lit) and isinstance(value.value, (int, float)) and value.value < 0:
        return _UNARY
    return _ATOM


def literal(x: object) -> str:
    """A Python literal as black writes it: `repr`, in black's quotes and number style."""
    if isinstance(x, str):
        return string_literal(x)
    if isinstance(x, float):
        return number_literal(repr(x))
    return repr(x)


def expr(value: Value) -> Expr:
    """The Python expression for a model value, as a tree `seqgen.layout` can lay out."""
    if isinstance(value, Lit):
        return Text(literal(value.value))
    if isinstance(value, Ref):
        return Text(value.name)
    if isinstance(value, (TupleV, ListV)):
        open_, close = ("(", ")") if isinstance(value, TupleV) else ("[", "]")
        return Brackets("", open_, tuple(expr(v) for v in value.items), close, display=True)
    if isinstance(value, (BinV, NegV)):
        return Text(_arithmetic(value), opaque=True)
    if isinstance(value, ObjV):
        return _call(f"keras.{value.namespace}.{value.cls}", value.args, value.kwargs)
    if isinstance(value, LayerV):
        return layer_tree(value.layer)
    raise AssertionError(value)  # pragma: no cover


def py_expr(value: Value) -> str:
    """The Python expression for a model value, on one line."""
    return expr(value).code


def _arithmetic(value: Value) -> str:
    if isinstance(value, BinV):
        p = _PRECEDENCE[value.op]
        left = _arithmetic(value.left)
        if _prec(value.left) < p:
            left = f"({left})"
        right = _arithmetic(value.right)
        if _prec(value.right) <= p:
            right = f"({right})"
        return f"{left} {value.op} {right}"
    if isinstance(value, NegV):
        operand = _arithmetic(value.operand)
        if _prec(value.operand) < _ATOM:
            operand = f"({operand})"
        return f"{value.op}{operand}"
    return py_expr(value)


def keyword(name: str, value: Expr) -> Expr:
    """`name=value` as one item of a call."""
    if isinstance(value, Brackets):
        return replace(value, head=f"{name}={value.head}")
    if isinstance(value, Text):
        return Text(f"{name}={value.code}", value.opaque)
    raise AssertionError(value)  # pragma: no cover - a comprehension is never an argument


def _call(func: str, args: tuple[Value, ...], kwargs: tuple[tuple[str, Value], ...]) -> Brackets:
    items = [expr(a) for a in args] + [keyword(k, expr(v)) for k, v in kwargs]
    return Brackets(func, "(", tuple(items), ")")


def layer_tree(layer: LayerCall) -> Brackets:
    return _call(f"layers.{layer.spec.cls}", layer.args, layer.kwargs)


def input_tree(call: InputCall) -> Brackets:
    return _call("keras.Input", (), call.kwargs)


# --- the two styles ---------------------------------------------------------------------------


@dataclass(frozen=True)
class AddStep:
    """One statement of the add() style: `var.add(expr)`, or a `for` loop around more steps.

    `statement` is the code the templates write: the `model.add(...)` call or the `for` line.
    """

    expr: str = ""
    target: str = ""
    iterable: str = ""
    body: tuple[AddStep, ...] = ()
    statement: str = ""

    @property
    def is_loop(self) -> bool:
        return bool(self.target)


class _Names:
    """Fresh loop-variable names for comprehensions (users cannot start names with '_')."""

    def __init__(self) -> None:
        self.depth = 0

    def next(self) -> str:
        self.depth += 1
        return "_layer" if self.depth == 1 else f"_layer{self.depth}"


def _is_literal(value: Value) -> bool:
    return not isinstance(value, Ref)


def list_items(items: tuple[Item, ...], env: dict[str, Any], names: _Names) -> Iterator[Expr]:
    """List-style elements: literal loops unrolled, parameter loops as starred comprehensions."""
    for item in items:
        if isinstance(item, LayerCall):
            yield layer_tree(substitute_layer(item, env) if env else item)
        elif isinstance(item, NestedSequential):
            yield nested_tree(item, env, names)
        elif _is_literal(item.count if isinstance(item, Repeat) else item.values):
            for v in loop_values(item, env):
                inner = dict(env)
                if isinstance(item, ForLoop):
                    inner[item.var] = v
                yield from list_items(item.body, inner, names)
        else:
            var = names.next()
            body = tuple(list_items(item.body, env, names))
            names.depth -= 1
            loop: Expr
            if isinstance(item, Repeat):
                loop = Brackets("for _ in range", "(", (expr(item.count),), ")")
            else:
                loop = Text(f"for {item.var} in {py_expr(item.values)}")
            if len(body) == 1 and not isinstance(body[0], Comprehension):
                yield Comprehension("*(", (body[0], loop), ")")
            else:
                layers_list = Brackets(f"for {var} in ", "[", body, "]", display=True)
                yield Comprehension("*[", (Text(var), loop, layers_list), "]")


def nested_tree(item: NestedSequential, env: dict[str, Any], names: _Names) -> Brackets:
    elements = []
    if item.input is not None:
        elements.append(input_tree(item.input))
    elements.extend(list_items(item.body, env, names))
    layers_list = Brackets("", "[", tuple(elements), "]", display=True, magic=True)
    name = (Text(f"name={literal(item.name)}"),) if item.name is not None else ()
    return Brackets("keras.Sequential", "(", (layers_list, *name), ")")


# --- templates --------------------------------------------------------------------------------


def _clean_file_name(name: str) -> str:
    base = name.replace("\\", "/").rsplit("/", 1)[-1] if not name.startswith("<") else name
    return "".join(ch for ch in base if ch.isprintable()) or "<stdin>"


@lru_cache(maxsize=8)
def _environment(templates: str | None) -> jinja2.Environment:
    loaders: list[jinja2.BaseLoader] = []
    if templates is not None:
        loaders.append(jinja2.FileSystemLoader(templates))
    loaders.append(jinja2.FileSystemLoader(str(resource_dir("templates"))))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
    )
    env.filters["py"] = py_expr
    env.filters["pyrepr"] = repr
    return env


def doc_lines(model: Model, summary: Summary | None) -> list[str]:
    """What build_model's docstring says about the model: only numbers seqgen computed."""
    if summary is None:
        return []
    if summary.input_shape is None:
        return ["The model has no input: Keras builds it when it is first called."]
    out = summary.output_shape
    lines = [
        f"Input shape: {fmt_shape(summary.input_shape)}",
        f"Output shape: {fmt_shape(out) if out is not None else 'unknown'}",
        (
            f"Parameters: {summary.total:,} (trainable {summary.trainable:,}, "
            f"non-trainable {summary.non_trainable:,})"
        ),
    ]
    if model.params:
        lines.append("(at the parameters' defaults)")
    return lines


def add_steps(items: tuple[Item, ...], pieces: OneLine, depth: int) -> tuple[AddStep, ...]:
    """add()-style statements: every repeat/for becomes a Python `for` loop."""
    steps = []
    for item in items:
        if isinstance(item, (LayerCall, NestedSequential)):
            if isinstance(item, LayerCall):
                tree = layer_tree(item)
            else:
                tree = nested_tree(item, {}, _Names())
            add = Brackets("model.add", "(", (tree,), ")")
            steps.append(AddStep(expr=tree.code, statement=pieces.call(add, depth)))
            continue
        if isinstance(item, Repeat):
            target, iterable = "_", f"range({py_expr(item.count)})"
        else:
            target, iterable = item.var, py_expr(item.values)
        header = pieces.simple(f"for {target} in {iterable}:", depth)
        body = add_steps(item.body, pieces, depth + 1)
        steps.append(AddStep(target=target, iterable=iterable, body=body, statement=header))
    return tuple(steps)


def _context(model: Model, options: Options, filename: str, summary: Summary | None,
             pieces: OneLine) -> dict[str, Any]:  # fmt: skip
    depth = 1 if options.form == "module" else 0  # of the statements that build the model
    params = [(p.name, expr(p.default)) for p in model.params]
    input_ = input_tree(model.input) if model.input is not None else None
    compile_ = [(k, expr(v)) for k, v in model.compile] if model.compile else None
    context: dict[str, Any] = {
        "header": f"Code generated by seqgen from {_clean_file_name(filename)}. DO NOT EDIT.",
        "keras_mode": options.keras,
        "style": options.style,
        "form": options.form,
        "params": [(name, tree.code) for name, tree in params],
        "model_name": model.name,
        "input": None,
        "items": [],
        "steps": (),
        "compile": [(k, tree.code) for k, tree in compile_] if compile_ else None,
        "doc_lines": doc_lines(model, summary),
        "uses_layers": any(True for _ in layer_statements(model.body)),
        # The pieces seqgen's own templates write, each in its final layout.
        "signature": pieces.definition(
            "build_model", tuple(keyword(name, tree) for name, tree in params)
        ),
        "assignments": [pieces.assignment(name, tree, 0) for name, tree in params],
        "name_argument": None,
        "sequential_statement": None,
        "input_statement": None,
        "compile_statement": None,
    }
    name = (Text(f"name={literal(model.name)}"),) if model.name is not None else ()
    if options.style == "list":
        if input_ is not None:
            context["input"] = pieces.element(input_, depth + 2)
        items = list_items(model.body, {}, _Names())
        context["items"] = [pieces.element(tree, depth + 2) for tree in items]
        if name:
            context["name_argument"] = pieces.element(name[0], depth + 1)
    else:
        if input_ is not None:
            context["input"] = input_.code
            add = Brackets("model.add", "(", (input_,), ")")
            context["input_statement"] = pieces.call(add, depth)
        sequential = Brackets("keras.Sequential", "(", name, ")")
        context["sequential_statement"] = pieces.assignment("model", sequential, depth)
        context["steps"] = add_steps(model.body, pieces, depth)
    if compile_:
        call = Brackets("model.compile", "(", tuple(keyword(k, t) for k, t in compile_), ")")
        context["compile_statement"] = pieces.call(call, depth)
    return context


#: The context's pieces (and the add style's one-line `input`), for a file's skeleton.
_PIECES = ("signature", "assignments", "input", "items", "name_argument",
           "sequential_statement", "input_statement", "compile_statement", "steps")  # fmt: skip


def _skeleton(context: dict[str, Any]) -> dict[str, Any]:
    """The context with the name `PIECE` in place of every piece (one of each list)."""
    skeleton = dict(context)
    for key in _PIECES:
        value = context[key]
        if key == "steps":
            skeleton[key] = (AddStep(statement=PIECE),) if value else ()
        elif isinstance(value, list):
            skeleton[key] = [PIECE] if value else []
        elif value is not None:
            skeleton[key] = PIECE
    return skeleton


@dataclass(frozen=True)
class _File:
    """A model's file from the templates, its pieces written by one strategy."""

    template: jinja2.Template
    context: dict[str, Any]

    def text(self) -> str:
        return self.template.render(self.context)

    def skeleton(self) -> str:
        return self.template.render(_skeleton(self.context))


def _template(options: Options) -> jinja2.Template:
    env = _environment(str(Path(options.templates).resolve()) if options.templates else None)
    return env.get_template(f"{options.form}.py.jinja")


def render(model: Model, options: Options, filename: str, summary: Summary | None = None) -> str:
    """The generated Python before black: every statement and list element on one line."""
    context = _context(model, options, filename, summary, OneLine())
    return _File(_template(options), context).text()


def render_code(model: Model, options: Options, filename: str,
                summary: Summary | None = None) -> str | LaidOut:  # fmt: skip
    """The generated Python for `seqgen.layout.format_python`: already in black's layout
    (`LaidOut`), or the text for black, as `seqgen.layout.lay_out` decides."""
    template = _template(options)

    def file(pieces: OneLine) -> _File:
        return _File(template, _context(model, options, filename, summary, pieces))

    return lay_out(file, options.line_length, own_templates=options.templates is None)
