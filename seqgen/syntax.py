"""The syntax tree of a `.seq` file: the contract between the grammar and the checker.

Every node is a frozen dataclass named after the grammar rule it comes from and carries the
`Span` of the source text it was parsed from, so that any later stage can point at it::

    Program
    └── statements: ModelStmt | InputStmt | CompileStmt | LayerStmt
                    | SequentialBlock | RepeatBlock | ForBlock
        ModelStmt        name, params: (Param name = Expr)*
        InputStmt        args: (Expr | Keyword)*
        CompileStmt      args: (Expr | Keyword)*
        LayerStmt        name, args: (Expr | Keyword)*, alias?   (shorthand `dense 10 relu`
                         or call form `Dense(10, activation="relu")`)
        SequentialBlock  body: statements, alias?
        RepeatBlock      count: Expr, body: statements
        ForBlock         var, values: Expr, body: statements

    Expr = Number | String | Word | Shape | TupleExpr | ListExpr | Paren
         | BinOp | UnaryOp | Call | NestedLayer
    Keyword          name = Expr

The tree says only what was written.  Whether `relu` is an activation, a parameter or a plain
string, or whether `(flatten)` is a layer, is decided by the checker.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Union


@dataclass(frozen=True, slots=True)
class Span:
    """A region of the source: 1-based line and column; the end column is exclusive."""

    line: int
    column: int
    end_line: int
    end_column: int

    def join(self, other: Span) -> Span:
        return Span(self.line, self.column, other.end_line, other.end_column)


# --- values ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Number:
    value: int | float
    text: str
    span: Span


@dataclass(frozen=True, slots=True)
class String:
    value: str
    span: Span


@dataclass(frozen=True, slots=True)
class Word:
    """A bare identifier: `relu`, `true`, `he_normal`, a model parameter or a loop variable."""

    name: str
    span: Span


@dataclass(frozen=True, slots=True)
class Shape:
    """A shape literal such as `3x3` or `28x28x1`."""

    dims: tuple[int, ...]
    span: Span


@dataclass(frozen=True, slots=True)
class TupleExpr:
    items: tuple[Expr, ...]
    span: Span


@dataclass(frozen=True, slots=True)
class ListExpr:
    items: tuple[Expr, ...]
    span: Span


@dataclass(frozen=True, slots=True)
class Paren:
    """A value in parentheses, `(10)`: a grouped expression, or a layer without arguments."""

    value: Expr
    span: Span


@dataclass(frozen=True, slots=True)
class BinOp:
    op: str  # one of + - * / //
    left: Expr
    right: Expr
    span: Span


@dataclass(frozen=True, slots=True)
class UnaryOp:
    op: str  # + or -
    operand: Expr
    span: Span


@dataclass(frozen=True, slots=True)
class Call:
    """`name(args)`: a layer in call form, or a Keras object such as `l2(1e-4)`."""

    name: str  # may be dotted: `layers.Dense`, `keras.layers.Dense`
    args: tuple[Argument, ...]
    span: Span
    name_span: Span


@dataclass(frozen=True, slots=True)
class NestedLayer:
    """A layer written in parentheses where a value is expected: `(lstm 64 go_backwards=true)`."""

    layer: LayerStmt
    span: Span


Expr = Union[
    Number, String, Word, Shape, TupleExpr, ListExpr, Paren, BinOp, UnaryOp, Call, NestedLayer
]


@dataclass(frozen=True, slots=True)
class Keyword:
    name: str
    value: Expr
    span: Span
    name_span: Span


Argument = Union[Expr, Keyword]


# --- statements -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Alias:
    """`as NAME`: the Keras `name=` of a layer or block."""

    name: str
    span: Span


@dataclass(frozen=True, slots=True)
class Param:
    name: str
    value: Expr
    span: Span
    name_span: Span


@dataclass(frozen=True, slots=True)
class ModelStmt:
    name: str
    params: tuple[Param, ...]
    span: Span
    name_span: Span


@dataclass(frozen=True, slots=True)
class InputStmt:
    args: tuple[Argument, ...]
    span: Span
    call_name: str | None = None  # `keras.Input(...)` pasted from Keras code: the name written


@dataclass(frozen=True, slots=True)
class CompileStmt:
    args: tuple[Argument, ...]
    span: Span


@dataclass(frozen=True, slots=True)
class LayerStmt:
    name: str
    args: tuple[Argument, ...]
    alias: Alias | None
    call_form: bool
    span: Span
    name_span: Span


@dataclass(frozen=True, slots=True)
class SequentialBlock:
    body: tuple[Statement, ...]
    alias: Alias | None
    span: Span


@dataclass(frozen=True, slots=True)
class RepeatBlock:
    count: Expr
    body: tuple[Statement, ...]
    span: Span


@dataclass(frozen=True, slots=True)
class ForBlock:
    var: str
    var_span: Span
    values: Expr
    body: tuple[Statement, ...]
    span: Span


Statement = Union[
    ModelStmt, InputStmt, CompileStmt, LayerStmt, SequentialBlock, RepeatBlock, ForBlock
]


@dataclass(frozen=True, slots=True)
class Program:
    statements: tuple[Statement, ...]
    span: Span
