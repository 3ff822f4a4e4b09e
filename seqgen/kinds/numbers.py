"""Numeric kinds: whole numbers, numbers, true/false, sizes (`3` or `(3, 3)`), augmentation
factors (`0.2` or `(0.1, 0.3)`) and shapes.

What any value of a kind may be lives here (a whole number, never above 2**63 - 1; a size is
never negative); what one parameter narrows it to (`units` at least 1, `rate` between 0 and 1)
is the parameter's `bounds` in the catalogue, read through `ParamSpec.minimum`/`maximum`.
"""

from __future__ import annotations

from typing import Any

from seqgen import syntax
from seqgen.catalog import Catalog, ParamSpec
from seqgen.kinds.base import MAX_SIZE, Kind, Site, bound_problem, bounds_text, generic
from seqgen.model import ListV, Ref, TupleV, Value
from seqgen.values import describe, is_number


class IntKind(Kind):
    name = "int"
    example = "32"
    bounded = True

    def value_problem(self, param: ParamSpec, v: Any, catalog: Catalog) -> str | None:
        if not (isinstance(v, int) and not isinstance(v, bool)):
            return f"expects a whole number, not {describe(v)}"
        bound = bound_problem(param, v, f"{v}")
        if bound:
            return bound
        if abs(v) > MAX_SIZE:
            return f"is too large: {_digits(v)} (the limit is 2**63 - 1)"
        return None

    def hint(self, param: ParamSpec, v: Any, expr: syntax.Expr) -> str | None:
        if isinstance(v, float) and _divides(expr):
            return "use // for whole-number division"
        return None


class SeedKind(IntKind):
    """A random seed: a whole number, checked like `int`."""

    name = "seed"
    example = "42"

    def hint(self, param: ParamSpec, v: Any, expr: syntax.Expr) -> str | None:
        return None


class FloatKind(Kind):
    name = "float"
    example = "0.5"
    bounded = True

    def value_problem(self, param: ParamSpec, v: Any, catalog: Catalog) -> str | None:
        if not is_number(v):
            return f"expects a number, not {describe(v)}"
        return bound_problem(param, v, f"{v}")


class BoolKind(Kind):
    name = "bool"
    example = "true"

    def value_problem(self, param: ParamSpec, v: Any, catalog: Catalog) -> str | None:
        if not isinstance(v, bool):
            return f"expects true or false, not {describe(v)}"
        return None

    def hint(self, param: ParamSpec, v: Any, expr: syntax.Expr) -> str | None:
        return "write true or false"


class IntOrTupleKind(Kind):
    """A size per dimension: `3`, `3x3` or `(3, 3)`, never negative.  With a lower bound in the
    catalogue (`kernel_size`, `strides`, ...) every number of a flat tuple is bounded."""

    name = "int_or_tuple"
    example = "3x3"
    bounded = True

    def value_problem(self, param: ParamSpec, v: Any, catalog: Catalog) -> str | None:
        if not _int_or_tuple(v):
            return f"expects a whole number or a tuple of them, not {describe(v)}"
        if _has_negative(v):
            return f"cannot be negative: {v!r}"
        if _bounded(param):
            nested = isinstance(v, tuple) and any(isinstance(i, (tuple, list)) for i in v)
            if nested and (param.minimum or 0) >= 1:  # a window size: one number per axis
                return f"expects a whole number or a tuple of whole numbers, not {v!r}"
            for size in _flat(v):
                bound = bound_problem(param, size, f"{v!r}")
                if bound:
                    return bound
        if _largest(v) > MAX_SIZE:
            return "is too large (the limit is 2**63 - 1)"
        return None


class FactorKind(Kind):
    """An augmentation layer's strength: a number, or a pair of numbers (low, high).  The
    catalogue's bounds are those Keras checks on a single number."""

    name = "factor"
    example = "0.2"
    bounded = True

    def value_problem(self, param: ParamSpec, v: Any, catalog: Catalog) -> str | None:
        if isinstance(v, (tuple, list)) and len(v) == 2 and all(map(is_number, v)):
            return _pair_problem(param, tuple(v))
        if not is_number(v):
            return f"expects a number or a pair of numbers (low, high), not {describe(v)}"
        return bound_problem(param, v, f"{v}")


def _pair_problem(param: ParamSpec, pair: tuple) -> str | None:
    """A (low, high) pair outside what Keras takes for the factor."""
    if param.pairs is True:
        return None
    if param.pairs is False:
        return f"takes a single number, not a pair {pair!r}"
    first, second, ordered = param.pairs
    for which, spec, v in (("first", first, pair[0]), ("second", second, pair[1])):
        if bound_problem(spec, v, f"{v}"):
            return f"needs its {which} number {bounds_text(spec).removeprefix('must be ')}, " \
                   f"not {pair!r}"  # fmt: skip
    if ordered and pair[0] > pair[1]:
        return f"needs its first number at most its second, not {pair!r}"
    return None


class ShapeKind(Kind):
    """A tensor shape: a tuple of whole numbers or none; one number is a 1-tuple.  A lower bound
    in the catalogue bounds every dimension (`input`'s shape; Reshape's -1 is allowed)."""

    name = "shape"
    example = "28x28x1"
    bounded = True

    def resolve(self, expr: syntax.Expr, site: Site) -> Value | None:
        """A tuple; an integer where Keras expects a shape is a 1-tuple, written or a variable:
        `input 784` → shape=(784,), `model m(n=784)` / `input n` → shape=(n,).  A variable whose
        value is a tuple is passed as it is (Keras refuses `shape=784`, measured)."""
        value = super().resolve(expr, site)
        if value is None or isinstance(value, TupleV):
            return value
        if isinstance(value, ListV):
            return TupleV(value.items)
        if isinstance(value, Ref) and not all(_whole(v) for v in site.scope.written(value.name)):
            return value
        return TupleV((value,))

    def resolve_syntax(self, expr: syntax.Expr, site: Site) -> Value | None:
        return generic(expr, site.scope.vars, site.where, site.error)

    def value_problem(self, param: ParamSpec, v: Any, catalog: Catalog) -> str | None:
        if not (isinstance(v, tuple) and all(
                d is None or (isinstance(d, int) and not isinstance(d, bool)) for d in v)):
            return f"expects a shape (a tuple of whole numbers or none), not {describe(v)}"
        low = param.minimum
        if low is not None and any(d is not None and d < low for d in v):
            if low == 0:
                return f"cannot have a negative dimension: {v!r}"
            return f"needs every dimension at least {low}: {v!r}"
        if any(d is not None and d > MAX_SIZE for d in v):
            return "has a dimension that is too large (the limit is 2**63 - 1)"
        return None

    def hint(self, param: ParamSpec, v: Any, expr: syntax.Expr) -> str | None:
        if _whole(v):  # a variable whose default is a tuple, given a number
            return f"the generated code passes it as it is: give a tuple, ({v},)"
        return None


def _whole(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def _bounded(param: ParamSpec) -> bool:
    return param.minimum is not None or param.maximum is not None or param.odd


def _int_or_tuple(v: Any) -> bool:
    if isinstance(v, bool):
        return False
    if isinstance(v, int):
        return True
    if isinstance(v, (tuple, list)) and v:
        return all(_int_or_tuple(i) for i in v)
    return False


def _flat(v: Any) -> list[int]:
    if isinstance(v, (tuple, list)):
        return [n for i in v for n in _flat(i)]
    return [v]


def _largest(v: Any) -> int:
    if isinstance(v, (tuple, list)):
        return max(map(_largest, v), default=0)
    return v


def _has_negative(v: Any) -> bool:
    if isinstance(v, (tuple, list)):
        return any(_has_negative(i) for i in v)
    return isinstance(v, int) and v < 0


def _digits(v: int) -> str:
    """An integer for a message, without Python's limit on converting huge ones to text."""
    if v.bit_length() > 200:
        return f"a number of about {int(v.bit_length() * 0.30103) + 1:,} digits"
    return str(v)


def _divides(expr: syntax.Expr) -> bool:
    """Whether `expr` divides with `/` (which makes a float where a whole number is wanted)."""
    if isinstance(expr, syntax.BinOp):
        return expr.op == "/" or _divides(expr.left) or _divides(expr.right)
    if isinstance(expr, (syntax.Paren, syntax.UnaryOp)):
        return _divides(expr.value if isinstance(expr, syntax.Paren) else expr.operand)
    return False
