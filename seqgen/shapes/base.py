"""The contract between the shape-inference driver and the per-family rule modules.

A *rule* computes what one Keras layer does to a shape, in pure Python, exactly as Keras 3
does (`compute_output_shape` and the weights `build` creates)::

    @rule("Dense")
    def dense(a: Args, x: Shape) -> Out:
        a.need_rank(x, at_least=2)
        units = a["units"]
        return Out(x[:-1] + (units,), trainable=x[-1] * units + (units if a["use_bias"] else 0))

`x` includes the batch dimension (`None` when unknown); unknown dimensions are `None`.  `a`
holds every constructor argument, given or default, already evaluated to Python values;
nested layers (Bidirectional's `layer`, RNN's `cell`) are `NestedLayer` values that a rule
infers with `a.infer(value, shape)`.  A rule raises `a.fail(...)` when the layer cannot take
its input and calls `a.note(...)` when a result depends on data (a lookup without vocabulary).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

Shape = tuple  # tuple[int | None, ...], batch dimension first

#: Rules by Keras class name; filled by the family modules through `@rule`.
RULES: dict[str, Callable[[Args, Shape], Out]] = {}


def rule(*classes: str) -> Callable[[Callable[[Args, Shape], Out]], Callable[[Args, Shape], Out]]:
    def register(fn: Callable[[Args, Shape], Out]) -> Callable[[Args, Shape], Out]:
        for cls in classes:
            if cls in RULES:  # pragma: no cover - a programming error
                raise RuntimeError(f"two shape rules for {cls}")
            RULES[cls] = fn
        return fn

    return register


@dataclass(frozen=True)
class Out:
    """A layer's result: output shape (batch first) and its parameter counts."""

    shape: Shape
    trainable: int = 0
    non_trainable: int = 0


class ShapeError(Exception):
    """The layer cannot take its input: the message says what it got and what it needs."""


class ArgumentError(ShapeError):
    """The layer's own arguments do not fit together (Keras refuses them when constructing)."""


@dataclass(frozen=True)
class NestedLayer:
    """A layer passed as an argument (`bidirectional (lstm 64)`), for `Args.infer`."""

    call: Any  # seqgen.model.LayerCall
    env: Any  # the variable bindings it is evaluated under

    @property
    def cls(self) -> str:
        return self.call.spec.cls


@dataclass
class Args:
    """The arguments of one layer, evaluated, with defaults filled in."""

    cls: str
    values: dict[str, Any]
    dtype: str  # the layer's dtype policy: "float32", "mixed_float16", ...
    infer_nested: Callable[[NestedLayer, Shape], Out]
    notes: list[str] = field(default_factory=list)

    def __getitem__(self, name: str) -> Any:
        return self.values[name]

    def get(self, name: str, default: Any = None) -> Any:
        return self.values.get(name, default)

    def infer(self, layer: NestedLayer, x: Shape) -> Out:
        """The result of a nested layer on shape `x`."""
        return self.infer_nested(layer, x)

    def fail(self, message: str) -> ShapeError:
        return ShapeError(message)

    def invalid(self, message: str) -> ArgumentError:
        """An argument error found while computing shapes (`filters` not divisible by
        `groups`): reported as the layer's, not as a problem with its input."""
        return ArgumentError(message)

    def note(self, message: str) -> None:
        self.notes.append(message)

    def need_rank(self, x: Shape, rank: int | None = None, *, at_least: int | None = None,
                  what: str | None = None) -> None:  # fmt: skip
        """Fail unless `x` (batch included) has the given rank."""
        detail = "" if not what else f" {what}" if what.startswith("(") else f" ({what})"
        if rank is not None and len(x) != rank:
            raise self.fail(f"expects an input of rank {rank}{detail}, got {fmt_shape(x)}")
        if at_least is not None and len(x) < at_least:
            raise self.fail(f"expects an input of rank {at_least} or more{detail}, got "
                            f"{fmt_shape(x)}")  # fmt: skip

    def need_known(self, x: Shape, axis: int, what: str) -> int:
        """A dimension that must be known (the last axis of a Dense input, ...)."""
        d = x[axis]
        if d is None:
            raise self.fail(f"needs a known {what} dimension, got {fmt_shape(x)}")
        return d


def fmt_shape(x: Iterable[Any]) -> str:
    items = ["None" if d is None else str(d) for d in x]
    return f"({items[0]},)" if len(items) == 1 else f"({', '.join(items)})"


def tuplify(value: Any, n: int) -> tuple:
    """An int or a sequence as an n-tuple, as Keras's `standardize_tuple` does."""
    if isinstance(value, int):
        return (value,) * n
    return tuple(value)


def conv_output_length(length: int | None, kernel: int, padding: str, stride: int,
                       dilation: int = 1) -> int | None:  # fmt: skip
    """Keras's output length of a convolution or pooling along one axis."""
    if length is None:
        return None
    effective = (kernel - 1) * dilation + 1
    if padding in ("same", "causal"):
        return math.ceil(length / stride)
    return (length - effective) // stride + 1


def prod(dims: Iterable[int | None]) -> int | None:
    total = 1
    for d in dims:
        if d is None:
            return None
        total *= d
    return total
