"""What every parameter kind shares: the `Kind` object, the `Site` a value is resolved at, and
the resolution of values whose meaning does not depend on the parameter (numbers, strings,
tuples, lists, arithmetic on model parameters).

A kind turns syntax into a model value (`resolve`), says why a computed value does not fit
(`problem`, the words after "Dense units ..."), and may add a hint.  Kinds that nest statements
(a layer argument, a Keras object's call) reach back into the checker through the `Resolver`
it passes in, so no kind imports the checker.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Container, Iterable, Mapping, Protocol, Sequence

from seqgen import syntax
from seqgen.catalog import Catalog, ParamSpec, Signature
from seqgen.errors import show, suggest  # noqa: F401  (show: the kinds' vocabulary)
from seqgen.lookup import CONSTANT_VALUES, CONSTANTS
from seqgen.model import BinV, LayerCall, ListV, Lit, NegV, Ref, TupleV, Value
from seqgen.syntax import Span
from seqgen.values import Opaque, describe

#: The largest size or dimension: TensorFlow's tensor dimensions are 64-bit integers.
MAX_SIZE = 2**63 - 1


class ErrorSink(Protocol):
    def __call__(self, message: str, span: Span | None, hint: str | None = None,
                 **kw: Any) -> None: ...  # fmt: skip


class Scope(Protocol):
    """The variables (model parameters, loop variables) in scope where a value is written."""

    @property
    def vars(self) -> Mapping[str, Any]: ...

    def poisoned(self, names: Iterable[str]) -> bool:
        """Whether one of these variables had an error where it was defined."""

    def envs(self, names: Iterable[str]) -> list[dict[str, Any]]:
        """Every combination of values of these variables (capped)."""

    def written(self, name: str) -> tuple[Any, ...]:
        """The values of a variable the generated code is written at (defaults, loop items)."""

    def bindings(self, env: Mapping[str, Any], given_only: bool = False) -> str:
        """The variables of `env` (and where given values came from), for a message."""


class Resolver(Protocol):
    """What resolving a value needs from the checker: the catalogue, the error sink, and the two
    ways a value nests statements (a layer argument, the call of a Keras object)."""

    catalog: Catalog

    def error(self, message: str, span: Span | None, hint: str | None = None,
              **kw: Any) -> None: ...  # fmt: skip

    def layer(self, stmt: syntax.LayerStmt, scope: Scope, context: str) -> LayerCall | None: ...

    def assign(self, sig: Signature, args: Sequence[syntax.Argument], scope: Scope, *,
               owner: str, owner_span: Span,
               shorthand: bool) -> list[tuple[str, Value]] | None: ...  # fmt: skip


@dataclass(frozen=True)
class Site:
    """Where a value is resolved: the parameter it fills, the scope, and `where` for messages
    ("Dense units")."""

    param: ParamSpec
    scope: Scope
    where: str
    resolver: Resolver

    def error(self, message: str, span: Span | None, hint: str | None = None, **kw: Any) -> None:
        self.resolver.error(message, span, hint, **kw)


class Kind:
    """One kind of parameter value.  Subclasses override what differs from a plain value."""

    #: The name the catalogue gives the kind (`"kind": "int"`).
    name: str = "any"
    #: A value of this kind as a `.seq` file writes it, for messages and docs.
    example: str = ""
    #: Whether a value is computed and checked (a nested layer is checked as a statement).
    validated: bool = True
    #: Whether a value may be a Keras object or layer whose value seqgen does not compute.
    takes_opaque: bool = False
    #: Whether the kind reads a parameter's catalogue bounds (`minimum`, `maximum`).
    bounded: bool = False
    #: Whether a string value must be one of the parameter's catalogue choices.
    checks_choices: bool = True

    def resolve(self, expr: syntax.Expr, site: Site) -> Value | None:
        """The model value of `expr` for this kind, or None after reporting why there is none."""
        while isinstance(expr, syntax.Paren):
            expr = expr.value
        if isinstance(expr, syntax.Word) and expr.name in site.scope.vars:
            return Ref(expr.name)
        return self.resolve_syntax(expr, site)

    def resolve_syntax(self, expr: syntax.Expr, site: Site) -> Value | None:
        """`expr`, neither parenthesised nor a variable: by default a plain value."""
        if isinstance(expr, (syntax.Call, syntax.NestedLayer)):
            what = "a layer" if isinstance(expr, syntax.NestedLayer) else f"the call {expr.name}(...)"
            site.error(f"{site.where} does not take {what}", expr.span,
                       "only parameters that take a layer or a Keras object accept one")  # fmt: skip
            return None
        return generic(expr, site.scope.vars, site.where, site.error)

    def problem(self, param: ParamSpec, v: Any, catalog: Catalog) -> str | None:
        """Why a computed value does not fit the parameter, or None when it does."""
        if v is None:
            return None if param.nullable else "cannot be none"
        if isinstance(v, Opaque):
            return None if self.takes_opaque else f"does not take {describe(v)}"
        found = self.value_problem(param, v, catalog)
        if found is None and self.checks_choices:
            found = choice_problem(param, v)
        return found

    def value_problem(self, param: ParamSpec, v: Any, catalog: Catalog) -> str | None:
        """Why a computed value, neither none nor a Keras object, does not fit."""
        return None

    def hint(self, param: ParamSpec, v: Any, expr: syntax.Expr) -> str | None:
        """A hint for the message `problem` gave."""
        return None

    def __repr__(self) -> str:
        return f"<kind {self.name}>"


def choice_problem(param: ParamSpec, v: Any) -> str | None:
    """A string outside the parameter's catalogue choices."""
    if param.choices and isinstance(v, str) and v not in param.choices:
        return f"expects one of {', '.join(param.choices)}, not {describe(v)}"
    return None


def bound_problem(param: ParamSpec, v: Any, shown: str) -> str | None:
    """A number outside the parameter's catalogue bounds (`shown` is the value for messages):
    "must be between 0 and 1, not 1.5", "cannot be negative: -1", "must be odd, not 4"."""
    low, high = param.minimum, param.maximum
    below = low is not None and (v <= low if param.min_exclusive else v < low)
    above = high is not None and (v >= high if param.max_exclusive else v > high)
    if below or above:
        if low == 0 and high is None and not param.min_exclusive:
            return f"cannot be negative: {shown}"
        return f"{bounds_text(param)}, not {shown}"
    if v in param.excluded:
        return f"cannot be {shown}"
    if param.odd and isinstance(v, int) and v % 2 == 0:
        return f"must be odd, not {shown}"
    return None


def bounds_text(param: ParamSpec) -> str:
    """The bounds of a parameter in words: "must be between 0 and 1", "must be greater than 0"."""
    low, high = param.minimum, param.maximum
    if low is not None and high is not None:
        if not (param.min_exclusive or param.max_exclusive):
            return f"must be between {low} and {high}"
        lower = f"greater than {low}" if param.min_exclusive else f"at least {low}"
        upper = f"less than {high}" if param.max_exclusive else f"at most {high}"
        return f"must be {lower} and {upper}"
    if low is not None:
        return f"must be greater than {low}" if param.min_exclusive else f"must be at least {low}"
    if high is not None:
        return f"must be less than {high}" if param.max_exclusive else f"must be at most {high}"
    return "has no bounds"


def choice(text: str, choices: Sequence[str], expr: syntax.Expr, site: Site,
           what: str) -> Value | None:  # fmt: skip
    """`text` when it is one of `choices`; else an error naming the closest one."""
    if text in choices:
        return Lit(text)
    close = suggest(text, sorted(choices))
    site.error(f"unknown {what} {show(text)} for {site.where}", expr.span,
               f"did you mean '{close}'?" if close else
               f"choose one of {', '.join(sorted(choices))}")  # fmt: skip
    return None


def generic(expr: syntax.Expr, variables: Container[str], where: str, error: ErrorSink,
            literal: bool = False) -> Value | None:  # fmt: skip
    """A value whose meaning does not depend on the parameter: numbers, strings, tuples.

    With `literal`, only literals are accepted (parameter defaults, loop lists)."""
    if isinstance(expr, syntax.Word):
        if expr.name in variables:
            return Ref(expr.name)
        low = expr.name.lower()
        if low in CONSTANTS:
            return Lit(CONSTANT_VALUES[low])
        return Lit(expr.name)
    if isinstance(expr, (syntax.Number, syntax.String)):
        return Lit(expr.value)
    if isinstance(expr, syntax.Shape):
        return TupleV(tuple(Lit(d) for d in expr.dims))
    if isinstance(expr, syntax.Paren):
        return generic(expr.value, variables, where, error, literal)
    if isinstance(expr, (syntax.TupleExpr, syntax.ListExpr)):
        items = [generic(i, variables, where, error, literal) for i in expr.items]
        if any(i is None for i in items):
            return None
        cls = TupleV if isinstance(expr, syntax.TupleExpr) else ListV
        return cls(tuple(items))  # type: ignore[arg-type]
    if isinstance(expr, syntax.UnaryOp) and isinstance(expr.operand, syntax.Number):
        return Lit(-expr.operand.value if expr.op == "-" else expr.operand.value)
    if literal:
        error(f"{where} must be a literal (a number, string, tuple, list, true, false or none)",
              expr.span)  # fmt: skip
        return None
    if isinstance(expr, syntax.UnaryOp):
        operand = generic(expr.operand, variables, where, error)
        return None if operand is None else NegV(expr.op, operand)
    if isinstance(expr, syntax.BinOp):
        left = generic(expr.left, variables, where, error)
        right = generic(expr.right, variables, where, error)
        if left is None or right is None:
            return None
        return BinV(expr.op, left, right)
    what = "a layer" if isinstance(expr, syntax.NestedLayer) else "a call"
    error(f"{where} does not take {what}", expr.span)
    return None


def literal(expr: syntax.Expr, what: str, error: ErrorSink) -> Value | None:
    """A literal value: numbers, strings, tuples, lists, true/false/none (no variables).

    `what` names it for the message ("parameter default" → "a parameter default must be a
    literal ..."); errors go to `error`, e.g. a `DiagnosticSink().error`."""
    return generic(expr, (), f"a {what}", error, literal=True)


def article(noun: str) -> str:
    """`an initializer`, `a loss`."""
    return f"an {noun}" if noun[0] in "aeiou" else f"a {noun}"


def list_value(items: list[Value | None]) -> Value | None:
    """A list of resolved values, or None when any of them had an error (already reported)."""
    if any(i is None for i in items):
        return None
    return ListV(tuple(items))  # type: ignore[arg-type]
