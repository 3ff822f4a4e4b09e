"""Evaluating, substituting and unrolling the checked model's values.

Model parameters and loop variables always have literal values (defaults, or the items of a
`for` list), so every value of a checked model can be computed without running anything: the
checker uses that to check kinds (`dense 10/2` is a float), the renderer to unroll loops in list
style, and name checks to simulate Keras's automatic names.
"""

from __future__ import annotations

from typing import Any, Iterator, Mapping

from seqgen.catalog import Opaque
from seqgen.model import (
    BinV,
    ForLoop,
    Item,
    LayerCall,
    LayerV,
    ListV,
    Lit,
    NegV,
    NestedSequential,
    ObjV,
    Ref,
    Repeat,
    TupleV,
    Value,
)

Env = Mapping[str, Any]


class EvalError(Exception):
    """Arithmetic that cannot be computed (division by zero, a string times a number, ...)."""


def evaluate(value: Value, env: Env) -> Any:
    if isinstance(value, Lit):
        return value.value
    if isinstance(value, Ref):
        return env[value.name]
    if isinstance(value, TupleV):
        return tuple(evaluate(v, env) for v in value.items)
    if isinstance(value, ListV):
        return [evaluate(v, env) for v in value.items]
    if isinstance(value, BinV):
        left, right = evaluate(value.left, env), evaluate(value.right, env)
        return arithmetic(value.op, left, right)
    if isinstance(value, NegV):
        operand = evaluate(value.operand, env)
        if not is_number(operand):
            raise EvalError(f"'{value.op}' needs a number, not {describe(operand)}")
        return -operand if value.op == "-" else +operand
    if isinstance(value, ObjV):
        return Opaque(f"{value.namespace} object")
    if isinstance(value, LayerV):
        return Opaque("layer")
    raise AssertionError(value)  # pragma: no cover


def is_number(x: Any) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool)


def describe(x: Any) -> str:
    if isinstance(x, bool) or x is None:
        return {True: "true", False: "false", None: "none"}[x]
    if isinstance(x, str):
        return f"the string {x!r}"
    if isinstance(x, tuple):
        return f"the tuple {x!r}"
    if isinstance(x, list):
        return f"the list {x!r}"
    if isinstance(x, Opaque):
        return f"a {x.what}"
    return repr(x)


def arithmetic(op: str, left: Any, right: Any) -> Any:
    if not (is_number(left) and is_number(right)):
        bad = left if not is_number(left) else right
        raise EvalError(f"'{op}' needs numbers, not {describe(bad)}")
    try:
        if op == "+":
            return left + right
        if op == "-":
            return left - right
        if op == "*":
            result = left * right
        elif op == "/":
            result = left / right
        else:
            result = left // right
    except ZeroDivisionError:
        raise EvalError("division by zero") from None
    except OverflowError:
        raise EvalError("the result is too large") from None
    if isinstance(result, float) and result in (float("inf"), float("-inf")):
        raise EvalError("the result is too large")
    return result


def literal_value(x: Any) -> Value:
    """The model value of a Python literal (the inverse of `evaluate` for literals)."""
    if isinstance(x, tuple):
        return TupleV(tuple(literal_value(i) for i in x))
    if isinstance(x, list):
        return ListV(tuple(literal_value(i) for i in x))
    return Lit(x)


def substitute(value: Value, env: Env) -> Value:
    """Replace the variables bound in `env` by their literal values (to unroll a loop)."""
    if isinstance(value, Ref):
        return literal_value(env[value.name]) if value.name in env else value
    if isinstance(value, TupleV):
        return TupleV(tuple(substitute(v, env) for v in value.items))
    if isinstance(value, ListV):
        return ListV(tuple(substitute(v, env) for v in value.items))
    if isinstance(value, BinV):
        return BinV(value.op, substitute(value.left, env), substitute(value.right, env))
    if isinstance(value, NegV):
        return NegV(value.op, substitute(value.operand, env))
    if isinstance(value, ObjV):
        return ObjV(
            value.namespace,
            value.cls,
            tuple(substitute(v, env) for v in value.args),
            tuple((k, substitute(v, env)) for k, v in value.kwargs),
        )
    if isinstance(value, LayerV):
        return LayerV(substitute_layer(value.layer, env))
    return value


def substitute_layer(layer: LayerCall, env: Env) -> LayerCall:
    return LayerCall(
        layer.spec,
        tuple(substitute(v, env) for v in layer.args),
        tuple((k, substitute(v, env)) for k, v in layer.kwargs),
        layer.span,
        layer.name,
        layer.name_span,
    )


def loop_values(item: Repeat | ForLoop, env: Env) -> list[Any]:
    """What a loop iterates over: `range(count)` or the items of its list."""
    if isinstance(item, Repeat):
        return list(range(evaluate(item.count, env)))
    return list(evaluate(item.values, env))


def unroll(
    items: tuple[Item, ...], env: Env
) -> Iterator[tuple[LayerCall | NestedSequential, Env]]:
    """The layers of a stack in construction order, loops expanded, each with the variable
    bindings it is built under."""
    for item in items:
        if isinstance(item, (LayerCall, NestedSequential)):
            yield item, env
        else:
            for v in loop_values(item, env):
                inner = dict(env)
                if isinstance(item, ForLoop):
                    inner[item.var] = v
                yield from unroll(item.body, inner)


def layer_statements(items: tuple[Item, ...]) -> Iterator[LayerCall]:
    """Every layer statement of a stack, each once (loops not expanded), nested blocks included."""
    for item in items:
        if isinstance(item, LayerCall):
            yield item
        else:
            yield from layer_statements(item.body)
