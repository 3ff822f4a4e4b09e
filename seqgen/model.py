"""The checked model: what the checker hands to the renderer (and, later, to shape inference).

Values here are Python expressions in waiting: every one renders to exactly one piece of Python
(`seqgen.render.py_expr`), and every string in it came from the user's file only as data, never
as code text.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Union

from seqgen.syntax import Span
from seqgen.catalog import LayerSpec

# --- values ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Lit:
    """A Python literal: int, float, str, bool or None."""

    value: int | float | str | bool | None


@dataclass(frozen=True, slots=True)
class TupleV:
    items: tuple[Value, ...]


@dataclass(frozen=True, slots=True)
class ListV:
    items: tuple[Value, ...]


@dataclass(frozen=True, slots=True)
class Ref:
    """A model parameter or a loop variable."""

    name: str


@dataclass(frozen=True, slots=True)
class BinV:
    op: str
    left: Value
    right: Value


@dataclass(frozen=True, slots=True)
class NegV:
    op: str  # "-" or "+"
    operand: Value


@dataclass(frozen=True, slots=True)
class ObjV:
    """A Keras object by constructor: `keras.optimizers.Adam(learning_rate=0.001)`."""

    namespace: str  # initializers, regularizers, constraints, optimizers, losses, metrics
    cls: str
    args: tuple[Value, ...]
    kwargs: tuple[tuple[str, Value], ...]


@dataclass(frozen=True, slots=True)
class LayerV:
    """A layer used as a value: the argument of a wrapper such as Bidirectional."""

    layer: LayerCall


Value = Union[Lit, TupleV, ListV, Ref, BinV, NegV, ObjV, LayerV]


# --- the stack ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LayerCall:
    spec: LayerSpec
    args: tuple[Value, ...]  # passed positionally: the leading required parameters
    kwargs: tuple[tuple[str, Value], ...]  # everything else, in signature order, name= last
    span: Span
    name: str | None = None  # the Keras name= given with `as` or name=
    name_span: Span | None = None


@dataclass(frozen=True, slots=True)
class InputCall:
    kwargs: tuple[tuple[str, Value], ...]
    span: Span


@dataclass(frozen=True, slots=True)
class Repeat:
    count: Value  # Lit(int) or Ref
    body: tuple[Item, ...]
    span: Span


@dataclass(frozen=True, slots=True)
class ForLoop:
    var: str
    values: Value  # ListV of literals or Ref
    body: tuple[Item, ...]
    span: Span


@dataclass(frozen=True, slots=True)
class NestedSequential:
    input: InputCall | None
    body: tuple[Item, ...]
    name: str | None
    span: Span
    name_span: Span | None = None


Item = Union[LayerCall, Repeat, ForLoop, NestedSequential]


@dataclass(frozen=True, slots=True)
class ModelParam:
    name: str
    default: Value
    span: Span


@dataclass(frozen=True, slots=True)
class Model:
    name: str | None
    params: tuple[ModelParam, ...]
    input: InputCall | None
    body: tuple[Item, ...]
    compile: tuple[tuple[str, Value], ...] | None
    span: Span
    #: Where each argument of `compile` was written, by parameter name (`loss` → `loss=...`).
    compile_spans: tuple[tuple[str, Span], ...] = ()
    #: The model as Keras constructs it at the parameters' defaults in the list style, every
    #: layer named (a `seqgen.names.Placement`): computed once by the checker, which refuses
    #: duplicate names from it, and reused by shape inference.  None until checked.
    placed: Any = None
