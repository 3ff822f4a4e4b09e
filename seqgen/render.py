"""Checked model → Python source, through the Jinja2 templates in `templates/`.

Python does the parts that need care — every value becomes one Python expression built from
`repr` of its data, never from the user's text — and the templates do the layout: header,
imports, the function or script around the model, list or `add()` style.  The result is
formatted by black (`seqgen.format`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator

import jinja2

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
from seqgen.shapes.base import fmt_shape
from seqgen.resources import resource_dir
from seqgen.values import layer_statements, loop_values, substitute_layer

if TYPE_CHECKING:  # pragma: no cover
    from seqgen.shapes import Summary

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


def py_expr(value: Value) -> str:
    """The Python expression for a model value."""
    if isinstance(value, Lit):
        return repr(value.value)
    if isinstance(value, Ref):
        return value.name
    if isinstance(value, TupleV):
        items = [py_expr(v) for v in value.items]
        if len(items) == 1:
            return f"({items[0]},)"
        return f"({', '.join(items)})"
    if isinstance(value, ListV):
        return f"[{', '.join(py_expr(v) for v in value.items)}]"
    if isinstance(value, BinV):
        p = _PRECEDENCE[value.op]
        left = py_expr(value.left)
        if _prec(value.left) < p:
            left = f"({left})"
        right = py_expr(value.right)
        if _prec(value.right) <= p:
            right = f"({right})"
        return f"{left} {value.op} {right}"
    if isinstance(value, NegV):
        operand = py_expr(value.operand)
        if _prec(value.operand) < _ATOM:
            operand = f"({operand})"
        return f"{value.op}{operand}"
    if isinstance(value, ObjV):
        return _call(f"keras.{value.namespace}.{value.cls}", value.args, value.kwargs)
    if isinstance(value, LayerV):
        return layer_expr(value.layer)
    raise AssertionError(value)  # pragma: no cover


def _call(func: str, args: tuple[Value, ...], kwargs: tuple[tuple[str, Value], ...]) -> str:
    parts = [py_expr(a) for a in args] + [f"{k}={py_expr(v)}" for k, v in kwargs]
    return f"{func}({', '.join(parts)})"


def layer_expr(layer: LayerCall) -> str:
    return _call(f"layers.{layer.spec.cls}", layer.args, layer.kwargs)


def input_expr(call: InputCall) -> str:
    return _call("keras.Input", (), call.kwargs)


# --- the two styles ---------------------------------------------------------------------------


@dataclass(frozen=True)
class AddStep:
    """One statement of the add() style: `var.add(expr)`, or a `for` loop around more steps."""

    expr: str = ""
    target: str = ""
    iterable: str = ""
    body: tuple[AddStep, ...] = ()

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


def list_items(items: tuple[Item, ...], env: dict[str, Any], names: _Names) -> Iterator[str]:
    """List-style elements: literal loops unrolled, parameter loops as starred comprehensions."""
    for item in items:
        if isinstance(item, LayerCall):
            yield layer_expr(substitute_layer(item, env))
        elif isinstance(item, NestedSequential):
            yield nested_expr(item, env, names)
        elif _is_literal(item.count if isinstance(item, Repeat) else item.values):
            for v in loop_values(item, env):
                inner = dict(env)
                if isinstance(item, ForLoop):
                    inner[item.var] = v
                yield from list_items(item.body, inner, names)
        else:
            var = names.next()
            body = list(list_items(item.body, env, names))
            names.depth -= 1
            if isinstance(item, Repeat):
                head = f"for _ in range({py_expr(item.count)})"
            else:
                head = f"for {item.var} in {py_expr(item.values)}"
            if len(body) == 1 and not body[0].startswith("*"):
                yield f"*({body[0]} {head})"
            else:
                yield f"*[{var} {head} for {var} in [{', '.join(body)}]]"


def nested_expr(item: NestedSequential, env: dict[str, Any], names: _Names) -> str:
    elements = []
    if item.input is not None:
        elements.append(input_expr(item.input))
    elements.extend(list_items(item.body, env, names))
    name = f", name={item.name!r}" if item.name is not None else ""
    return f"keras.Sequential([{', '.join(elements)},]{name})"


def add_steps(items: tuple[Item, ...]) -> tuple[AddStep, ...]:
    """add()-style statements: every repeat/for becomes a Python `for` loop."""
    steps = []
    for item in items:
        if isinstance(item, LayerCall):
            steps.append(AddStep(expr=layer_expr(item)))
        elif isinstance(item, NestedSequential):
            steps.append(AddStep(expr=nested_expr(item, {}, _Names())))
        elif isinstance(item, Repeat):
            steps.append(AddStep(target="_", iterable=f"range({py_expr(item.count)})",
                                 body=add_steps(item.body)))  # fmt: skip
        else:
            steps.append(AddStep(target=item.var, iterable=py_expr(item.values),
                                 body=add_steps(item.body)))  # fmt: skip
    return tuple(steps)


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
        f"Parameters: {summary.total:,} (trainable {summary.trainable:,}, "
        f"non-trainable {summary.non_trainable:,})",
    ]
    if model.params:
        lines.append("(at the parameters' defaults)")
    return lines


def render(model: Model, options: Options, filename: str, summary: Summary | None = None) -> str:
    """The generated Python, before black."""
    env = _environment(str(Path(options.templates).resolve()) if options.templates else None)
    context = {
        "header": f"Code generated by seqgen from {_clean_file_name(filename)}. DO NOT EDIT.",
        "keras_mode": options.keras,
        "style": options.style,
        "form": options.form,
        "params": [(p.name, py_expr(p.default)) for p in model.params],
        "model_name": model.name,
        "input": input_expr(model.input) if model.input is not None else None,
        "items": list(list_items(model.body, {}, _Names())) if options.style == "list" else [],
        "steps": add_steps(model.body) if options.style == "add" else (),
        "compile": [(k, py_expr(v)) for k, v in model.compile] if model.compile else None,
        "doc_lines": doc_lines(model, summary),
        "uses_layers": any(True for _ in layer_statements(model.body)),
    }
    return env.get_template(f"{options.form}.py.jinja").render(context)
