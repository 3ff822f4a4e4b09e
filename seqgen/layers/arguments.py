"""The values a layer or an `input` is built with: checked model values evaluated to Python.

A rule sees every constructor argument of its layer, given or default (`layer_values`), a
nested layer's too (`nested_values`, and its result with `infer_nested`); the shape and dtype
an `input` statement declares are computed here once (`evaluate_input`), for the model's input
and for a nested block's.
"""

from __future__ import annotations


from typing import Any, Mapping

from seqgen.layers.base import Args, NestedLayer, Result, Shape, ShapeError
from seqgen.model import InputCall, LayerCall, LayerV, ListV
from seqgen.values import evaluate


def layer_values(call: LayerCall, env: Mapping[str, Any]) -> dict[str, Any]:
    """Every constructor argument of `call`: given ones evaluated, the rest defaults."""
    sig = call.spec.signature
    values = sig.defaults()  # a fresh dict
    for name, value in zip(sig.positional_names, call.args):
        values[name] = _argument(value, env)
    for name, value in call.kwargs:
        values[name] = _argument(value, env)
    return values


def _argument(value: Any, env: Mapping[str, Any]) -> Any:
    if isinstance(value, LayerV):
        return NestedLayer(value.layer, env)
    if isinstance(value, ListV) and any(isinstance(i, LayerV) for i in value.items):
        return [_argument(i, env) for i in value.items]
    return evaluate(value, env)


def nested_values(layer: NestedLayer) -> dict[str, Any]:
    """Every constructor argument of a nested layer, given or default."""
    return layer_values(layer.call, layer.env)


def evaluate_input(call: InputCall, env: Mapping[str, Any]) -> tuple[Shape, str]:
    """The shape (batch dimension first) and the dtype an `input` statement declares."""
    kw = {k: evaluate(v, env) for k, v in call.kwargs}
    if kw.get("batch_shape") is not None:
        shape = tuple(kw["batch_shape"])
    else:
        shape = (kw.get("batch_size"), *kw["shape"])
    return shape, kw.get("dtype") or "float32"


def infer_nested(a: Args, layer: NestedLayer, x: Shape, context: str | None = None, *,
                 spec_checked: bool = True) -> Result:  # fmt: skip
    """A nested layer's result on `x` (its own `trainable=false` freezes it, as anywhere).

    A shape error of the nested layer is re-raised naming it: `context` (default: the nested
    layer's class and a colon) comes before the nested message.  `spec_checked=False`: the
    wrapper builds the layer itself, without its input spec (`Args.spec_checked`).
    """
    try:
        return a.infer(layer, x, spec_checked=spec_checked)
    except ShapeError as e:
        raise a.fail(f"{context or layer.cls + ':'} {e}") from None
