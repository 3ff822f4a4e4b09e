"""`.seq` text → `seqgen.syntax.Program`, with every node's position.

The grammar is `grammar/seqgen.lark`, parsed LALR with a contextual lexer and built once per
process.  The tree is built during the parse (Lark's inline transformer), so there is no second
walk over a parse tree; a call standing as a statement is a call-form layer there, and
`keras.Input(...)` becomes the input statement only afterwards (`_input_statements`, asking
`seqgen.lookup`).  Lark's exceptions never leave this module: they become `SeqgenError`s,
worded by `seqgen.syntax_errors` (tokens in words, sorted, so they read the same on every run).  Lark's lexer is the
only one: comments are its ignored tokens, handed to `parse_with_comments` callers (the
formatter) by a lexer callback.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import replace
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import Any

from lark import Lark, Token, Transformer, UnexpectedInput
from lark.exceptions import VisitError

from seqgen import syntax
from seqgen.syntax import Span
from seqgen.errors import Diagnostic, SeqgenError
from seqgen.lookup import is_input_call
from seqgen.syntax_errors import CHARS, CLOSERS, OPENERS, syntax_error, token_span
from seqgen.resources import read_text

#: Deeper nesting than this is refused with a clear error instead of exhausting the stack.
MAX_NESTING = 100


class _BracketPostLexer:
    """Drops newlines inside () and [], where a statement continues on the next line."""

    always_accept = ("_NL",)

    def process(self, stream: Iterator[Token]) -> Iterator[Token]:
        stack: list[str] = []
        opened: list[Token] = []
        for tok in stream:
            kind = tok.type
            if kind in OPENERS:
                stack.append(kind)
                opened.append(tok)
                if len(stack) > MAX_NESTING:
                    raise _TooDeep(tok)
            elif kind in CLOSERS:
                if stack and stack[-1] == CLOSERS[kind]:
                    stack.pop()
                    opened.pop()
                elif stack:
                    raise _Error(
                        f"'{tok.value}' does not match the '{CHARS[stack[-1]]}' at line "
                        f"{opened[-1].line}, column {opened[-1].column}",
                        token_span(tok),
                        f"close it with '{CHARS[OPENERS[stack[-1]]]}'",
                    )
            elif kind == "_NL" and stack and stack[-1] != "LBRACE":
                continue
            yield tok


class _TooDeep(Exception):
    def __init__(self, token: Token) -> None:
        self.token = token


def _node_span(x: Any) -> Span:
    return token_span(x) if isinstance(x, Token) else x.span


def _between(first: Any, last: Any) -> Span:
    return _node_span(first).join(_node_span(last))


class _Error(Exception):
    """A problem found while building the tree (bad escape, huge number, ...)."""

    def __init__(self, message: str, span: Span, hint: str | None = None) -> None:
        self.diagnostic = Diagnostic(message, span, hint)


#: Python's escape sequences, which strings accept: (text before the payload, the payload's
#: group name, the payload, text after it), all regexes of the subset the highlighters read too.
STRING_ESCAPES = (
    ("", "simple", r"""[\\'"abfnrtv]""", ""),
    ("", "oct", r"[0-7]{1,3}", ""),
    ("x", "x", r"[0-9a-fA-F]{2}", ""),
    ("u", "u", r"[0-9a-fA-F]{4}", ""),
    ("U", "U", r"[0-9a-fA-F]{8}", ""),
    (r"N\{", "n", r"[^}\r\n]*", r"\}"),
)

#: Any other backslash sequence is an error.
BAD_ESCAPE = r"\\."


def escape_regex(groups: bool = False) -> str:
    """A regex for one valid escape sequence; with `groups`, each payload a named group."""
    forms = (f"{before}(?P<{name}>{payload}){after}" if groups else f"{before}{payload}{after}"
             for before, name, payload, after in STRING_ESCAPES)  # fmt: skip
    return r"\\(?:" + "|".join(forms) + ")"


# One escape sequence, valid or not (`bad`: the character after a backslash starting no other).
_ESCAPE = re.compile(f"{escape_regex(groups=True)}|\\\\(?P<bad>.)", re.DOTALL)
_SIMPLE = {"\\": "\\", "'": "'", '"': '"', "a": "\a", "b": "\b", "f": "\f", "n": "\n",
           "r": "\r", "t": "\t", "v": "\v"}  # fmt: skip


def decode_string(tok: Token) -> str:
    """The value of a string token, with Python's escape sequences."""
    body = tok.value[1:-1]
    if "\\" not in body:
        return body

    def one(m: re.Match[str]) -> str:
        at = Span(tok.line, tok.column + 1 + m.start(), tok.line, tok.column + 1 + m.end())
        if m["simple"]:
            return _SIMPLE[m["simple"]]
        if m["oct"]:
            return chr(int(m["oct"], 8))
        code = m["x"] or m["u"] or m["U"]
        if code:
            value = int(code, 16)
            if value > sys.maxunicode:
                raise _Error(f"escape '{m.group(0)}' is not a Unicode character", at)
            return chr(value)
        if m["n"] is not None:
            try:
                return unicodedata.lookup(m["n"])
            except KeyError:
                raise _Error(f"unknown Unicode character name in {m.group(0)}", at) from None
        raise _Error(
            f"unknown escape sequence '{m.group(0)}'",
            at,
            "write \\\\ for a backslash; strings use Python's escapes",
        )

    return _ESCAPE.sub(one, body)


def _number(tok: Token) -> syntax.Number:
    text = tok.value
    span = token_span(tok)
    if "__" in text or text.endswith("_") or "_." in text or "._" in text:
        raise _Error(
            f"invalid number {text!r}", span, "an underscore may only stand between digits"
        )
    shown = f"{text[:20]}{'...' if len(text) > 20 else ''}"
    try:
        value: int | float = int(text) if tok.type == "INT" else float(text)
    except ValueError:
        raise _Error(f"number {shown} is too long", span) from None
    if isinstance(value, float) and value in (float("inf"), float("-inf")):
        raise _Error(f"number {shown} is too large: it is not finite as a float", span)
    return syntax.Number(value, text, span)


def _expr(x: Any) -> syntax.Expr:
    """A child that is a value: tokens of a single-token rule arrive here unconverted."""
    if not isinstance(x, Token):
        return x
    kind = x.type
    if kind in ("INT", "FLOAT"):
        return _number(x)
    if kind == "STRING":
        return syntax.String(decode_string(x), token_span(x))
    if kind == "NAME":
        return syntax.Word(x.value, token_span(x))
    if kind == "SHAPE":
        dims = []
        for part in x.value.split("x"):
            if len(part) > 20:
                raise _Error("shape dimension is too long", token_span(x))
            dims.append(int(part))
        return syntax.Shape(tuple(dims), token_span(x))
    raise AssertionError(f"unexpected token {x!r}")  # pragma: no cover - grammar guarantees


def _arg(x: Any) -> syntax.Argument:
    return x if isinstance(x, syntax.Keyword) else _expr(x)


def _name_value(tok: Token) -> str:
    return decode_string(tok) if tok.type == "STRING" else tok.value


class _Builder(Transformer):
    """Builds the AST while Lark parses (one callback per grammar rule)."""

    def start(self, children: list[Any]) -> syntax.Program:
        if children:
            span = _between(children[0], children[-1])
        else:
            span = Span(1, 1, 1, 1)
        return syntax.Program(tuple(children), span)

    # statements

    def model_stmt(self, c: list[Any]) -> syntax.ModelStmt:
        kw, name = c[0], c[1]
        params = c[2] if len(c) > 2 else None
        if name.type == "CALL_NAME" and "." in name.value:
            raise _Error("a model name cannot contain '.'", token_span(name), 'quote it: model "a.b"')
        last = params if params is not None else name
        return syntax.ModelStmt(
            _name_value(name),
            params.params if params is not None else (),
            _between(kw, last),
            token_span(name),
        )

    def param_list(self, c: list[Any]) -> _ParamList:
        return _ParamList(tuple(c[1:-1]), _between(c[0], c[-1]))

    def param(self, c: list[Any]) -> syntax.Param:
        name, value = c
        value = _expr(value)
        return syntax.Param(name.value, value, token_span(name).join(value.span), token_span(name))

    def input_stmt(self, c: list[Any]) -> syntax.InputStmt:
        return syntax.InputStmt(tuple(_arg(a) for a in c[1:]), _between(c[0], c[-1]))

    def compile_stmt(self, c: list[Any]) -> syntax.CompileStmt:
        return syntax.CompileStmt(tuple(_arg(a) for a in c[1:]), _between(c[0], c[-1]))

    def layer_stmt(self, c: list[Any]) -> syntax.LayerStmt:
        name = c[0]
        alias = c[-1] if len(c) > 1 and isinstance(c[-1], syntax.Alias) else None
        args = c[1:-1] if alias else c[1:]
        return syntax.LayerStmt(
            name.value,
            tuple(_arg(a) for a in args),
            alias,
            False,
            _between(name, c[-1]),
            token_span(name),
        )

    def call_stmt(self, c: list[Any]) -> syntax.LayerStmt:
        call: syntax.Call = c[0]
        alias = c[-1] if isinstance(c[-1], syntax.Alias) else None
        return syntax.LayerStmt(
            call.name, call.args, alias, True, call.span.join(_node_span(c[-1])), call.name_span
        )

    def alias(self, c: list[Any]) -> syntax.Alias:
        return syntax.Alias(_name_value(c[1]), _between(c[0], c[1]))

    def sequential_block(self, c: list[Any]) -> syntax.SequentialBlock:
        alias = c[-1] if isinstance(c[-1], syntax.Alias) else None
        body = [x for x in c[1:] if not isinstance(x, (Token, syntax.Alias))]
        return syntax.SequentialBlock(tuple(body), alias, _between(c[0], c[-1]))

    def repeat_block(self, c: list[Any]) -> syntax.RepeatBlock:
        count = _expr(c[1])
        body = [x for x in c[2:] if not isinstance(x, Token)]
        return syntax.RepeatBlock(count, tuple(body), _between(c[0], c[-1]))

    def for_block(self, c: list[Any]) -> syntax.ForBlock:
        var, values = c[1], _expr(c[2])
        body = [x for x in c[3:] if not isinstance(x, Token)]
        return syntax.ForBlock(var.value, token_span(var), values, tuple(body), _between(c[0], c[-1]))

    # values

    def keyword(self, c: list[Any]) -> syntax.Keyword:
        name, value = c
        value = _expr(value)
        return syntax.Keyword(name.value, value, token_span(name).join(value.span), token_span(name))

    def binop(self, c: list[Any]) -> syntax.BinOp:
        left, op, right = _expr(c[0]), c[1], _expr(c[2])
        return syntax.BinOp(op.value, left, right, left.span.join(right.span))

    def unary(self, c: list[Any]) -> syntax.UnaryOp:
        op, operand = c[0], _expr(c[1])
        return syntax.UnaryOp(op.value, operand, token_span(op).join(operand.span))

    def call(self, c: list[Any]) -> syntax.Call:
        name = c[0]
        args = tuple(_arg(a) for a in c[2:-1])
        return syntax.Call(name.value, args, _between(name, c[-1]), token_span(name))

    def list(self, c: list[Any]) -> syntax.ListExpr:
        return syntax.ListExpr(tuple(_expr(x) for x in c[1:-1]), _between(c[0], c[-1]))

    def group_item(self, c: list[Any]) -> _GroupItem:
        return _GroupItem(c)

    def tuple(self, c: list[Any]) -> syntax.TupleExpr:
        items = tuple(item.as_value() for item in c[1:-1])
        return syntax.TupleExpr(items, _between(c[0], c[-1]))

    def group(self, c: list[Any]) -> syntax.Expr:
        item: _GroupItem = c[1]
        span = _between(c[0], c[-1])
        if item.is_single_value():
            return syntax.Paren(_expr(item.children[0]), span)
        return syntax.NestedLayer(item.as_layer(), span)


class _ParamList:
    __slots__ = ("params", "span")

    def __init__(self, params: tuple[syntax.Param, ...], span: Span) -> None:
        self.params = params
        self.span = span


class _GroupItem:
    """The contents of one slot of `( ... )` before we know whether it is a value or a layer."""

    __slots__ = ("children",)

    def __init__(self, children: list[Any]) -> None:
        self.children = children

    def is_single_value(self) -> bool:
        return len(self.children) == 1 and not isinstance(
            self.children[0], (syntax.Keyword, syntax.Alias)
        )

    @property
    def span(self) -> Span:
        return _between(self.children[0], self.children[-1])

    def as_value(self) -> syntax.Expr:
        if self.is_single_value():
            return _expr(self.children[0])
        raise _Error(
            "expected one value between commas",
            self.span,
            "separate the items of a tuple with commas: (3, 3)",
        )

    def as_layer(self) -> syntax.LayerStmt:
        head = self.children[0]
        if not (isinstance(head, Token) and head.type == "NAME"):
            raise _Error(
                "expected a layer name after '('",
                _node_span(head),
                "a nested layer is written (lstm 64 return_sequences=true)",
            )
        rest = self.children[1:]
        alias = rest[-1] if rest and isinstance(rest[-1], syntax.Alias) else None
        args = rest[:-1] if alias else rest
        for a in args:
            if isinstance(a, syntax.Alias):  # pragma: no cover - grammar puts alias last
                raise _Error("'as NAME' must come last", a.span)
        return syntax.LayerStmt(
            head.value, tuple(_arg(a) for a in args), alias, False, self.span, token_span(head)
        )


# --- the parser, built once per process ------------------------------------------------------
#
# Building Lark's LALR tables costs tens of milliseconds, a large share of a whole run.  The
# tables are therefore shipped as plain JSON data (`seqgen/data/parser_tables.json`, written by
# `python -m seqgen.parser --write-tables`, checked by tests/test_parser_tables.py) and loaded
# when they were made from this very grammar and Lark version; otherwise the grammar is built.
# JSON holds only data: loading it cannot run code (unlike Lark's own pickle cache).

_TABLES = "parser_tables.json"


def _grammar_key(grammar: str) -> str:
    import hashlib

    import lark

    return hashlib.sha256(f"{lark.__version__}\n{grammar}".encode()).hexdigest()


#: A comment as the lexer found it: line, column, text (`#` to the end of the line).
CommentToken = tuple[int, int, str]

#: The comments of the parse under way, when its caller asked for them (`parse_with_comments`).
_COMMENTS: ContextVar[list[CommentToken] | None] = ContextVar("comments", default=None)


def _comment(tok: Token) -> Token:
    """The lexer's callback for COMMENT, an ignored token: kept for whoever asked."""
    found = _COMMENTS.get()
    if found is not None:
        found.append((tok.line, tok.column, tok.value))
    return tok


_CALLBACKS = {"COMMENT": _comment}


def _build(grammar: str, **extra: Any) -> Lark:
    return Lark(grammar, parser="lalr", lexer="contextual", postlex=_BracketPostLexer(),
                lexer_callbacks=_CALLBACKS, maybe_placeholders=False, **extra)  # fmt: skip


def serialize_tables() -> str:
    """The parse tables of the current grammar as JSON text (int keys kept as pairs)."""
    import json

    import lark

    grammar = read_text("grammar", "seqgen.lark")
    data, memo = _build(grammar).memo_serialize([lark.lexer.TerminalDef, lark.grammar.Rule])
    data["options"]["postlex"] = None  # given again when loading, as are the callbacks
    data["options"]["lexer_callbacks"] = {}

    def plain(x: Any) -> Any:
        if isinstance(x, dict):
            if any(not isinstance(k, str) for k in x):
                return {"__pairs__": [[k, plain(v)] for k, v in x.items()]}
            return {k: plain(v) for k, v in x.items()}
        if isinstance(x, (list, tuple)):
            return [plain(v) for v in x]
        return x

    payload = {"key": _grammar_key(grammar), "data": plain(data), "memo": plain(memo)}
    return json.dumps(payload, sort_keys=True, separators=(",", ":")) + "\n"


def _load_tables(grammar: str) -> Lark | None:
    import json

    try:
        text = (files("seqgen") / "data" / _TABLES).read_text(encoding="utf-8")
    except OSError:  # pragma: no cover - a source tree without the tables
        return None

    def pairs(d: dict[str, Any]) -> Any:
        return dict(d["__pairs__"]) if "__pairs__" in d else d

    payload = json.loads(text, object_hook=pairs)
    if payload.get("key") != _grammar_key(grammar):
        return None
    parser = Lark.__new__(Lark)
    try:
        parser._load({"data": payload["data"], "memo": payload["memo"]}, transformer=_Builder(),
                     postlex=_BracketPostLexer(), lexer_callbacks=_CALLBACKS)  # fmt: skip
    except Exception:  # pragma: no cover - tables from another Lark: build instead
        return None
    return parser


@lru_cache(maxsize=1)
def _parser() -> Lark:
    grammar = read_text("grammar", "seqgen.lark")
    return _load_tables(grammar) or _build(grammar, transformer=_Builder())


def write_tables() -> None:
    path = Path(str(files("seqgen"))) / "data" / _TABLES
    path.write_text(serialize_tables(), encoding="utf-8")
    print(f"wrote {path}")


def parse(source: str, filename: str = "<string>") -> syntax.Program:
    """Parse `.seq` text.  Raises `SeqgenError` (never a Lark exception) on bad input."""
    source = _normalize(source)
    try:
        program = _input_statements(_parser().parse(source))
    except _TooDeep as e:
        raise SeqgenError(
            Diagnostic(
                f"brackets are nested more than {MAX_NESTING} levels deep",
                token_span(e.token),
                "this limit keeps the generated Python parseable; flatten the expression",
            ),
            file=filename,
            source=source,
        ) from None
    except _Error as e:
        raise SeqgenError(e.diagnostic, file=filename, source=source) from None
    except VisitError as e:  # pragma: no cover - inline transformer raises directly
        if isinstance(e.orig_exc, _Error):
            raise SeqgenError(e.orig_exc.diagnostic, file=filename, source=source) from None
        raise
    except UnexpectedInput as e:
        raise SeqgenError(syntax_error(e, source), file=filename, source=source) from None
    except RecursionError:
        raise SeqgenError(
            Diagnostic(f"the file is nested too deeply (the limit is {MAX_NESTING} levels)"),
            file=filename,
            source=source,
        ) from None
    deep = _too_deep(program)
    if deep is not None:
        raise SeqgenError(
            Diagnostic(
                f"the expression is nested more than {MAX_NESTING} levels deep",
                deep,
                "split the arithmetic into fewer operations",
            ),
            file=filename,
            source=source,
        )
    return program


def parse_with_comments(
    source: str, filename: str = "<string>"
) -> tuple[syntax.Program, list[CommentToken]]:
    """`parse`, and the file's comments, in order."""
    found: list[CommentToken] = []
    reset = _COMMENTS.set(found)
    try:
        return parse(source, filename), found
    finally:
        _COMMENTS.reset(reset)


def _input_statements(program: syntax.Program) -> syntax.Program:
    """The tree with each call of `keras.Input` (any spelling `seqgen.lookup` accepts) that
    stands as a statement turned into the input statement: Keras code pasted in."""
    body = _inputs_in(program.statements)
    return program if body is program.statements else replace(program, statements=body)


def _inputs_in(body: tuple[syntax.Statement, ...]) -> tuple[syntax.Statement, ...]:
    changed: list[syntax.Statement] | None = None
    for i, stmt in enumerate(body):
        new = stmt
        if isinstance(stmt, syntax.LayerStmt):
            if stmt.call_form and is_input_call(stmt.name):
                if stmt.alias is not None:
                    raise _Error("an input is not named with 'as'", stmt.alias.span, "use name=")
                new = syntax.InputStmt(stmt.args, stmt.span, stmt.name)
        elif isinstance(stmt, (syntax.SequentialBlock, syntax.RepeatBlock, syntax.ForBlock)):
            inner = _inputs_in(stmt.body)
            if inner is not stmt.body:
                new = replace(stmt, body=inner)
        if new is not stmt:
            changed = changed if changed is not None else list(body)
            changed[i] = new
    return body if changed is None else tuple(changed)


def _too_deep(program: syntax.Program) -> Span | None:
    """The argument holding an expression nested deeper than MAX_NESTING (found without
    recursion, so that no later stage can run out of stack)."""
    stack: list[tuple[object, int, Span | None]] = [(s, 0, None) for s in program.statements]
    while stack:
        node, depth, top = stack.pop()
        top = top or node.span  # type: ignore[attr-defined]
        if depth > MAX_NESTING:
            return top
        if isinstance(node, syntax.BinOp):
            stack += [(node.left, depth + 1, top), (node.right, depth + 1, top)]
        elif isinstance(node, syntax.UnaryOp):
            stack.append((node.operand, depth + 1, top))
        elif isinstance(node, (syntax.Paren, syntax.Keyword, syntax.Param)):
            stack.append((node.value, depth, top))
        elif isinstance(node, (syntax.TupleExpr, syntax.ListExpr)):
            stack += [(i, depth + 1, top) for i in node.items]
        elif isinstance(node, syntax.NestedLayer):
            stack.append((node.layer, depth + 1, top))
        elif isinstance(node, syntax.Call):
            stack += [(a, depth + 1, top) for a in node.args]
        elif isinstance(node, (syntax.LayerStmt, syntax.InputStmt, syntax.CompileStmt)):
            stack += [(a, depth, None if top is node.span else top) for a in node.args]
        elif isinstance(node, syntax.ModelStmt):
            stack += [(p, depth, None) for p in node.params]
        elif isinstance(node, (syntax.SequentialBlock, syntax.RepeatBlock, syntax.ForBlock)):
            stack += [(b, depth + 1, None) for b in node.body]
            if isinstance(node, syntax.RepeatBlock):
                stack.append((node.count, depth, None))
            elif isinstance(node, syntax.ForBlock):
                stack.append((node.values, depth, None))
    return None


def _normalize(source: str) -> str:
    """Accept a UTF-8 byte order mark and CRLF line ends."""
    source = source.removeprefix("\ufeff")
    return source


if __name__ == "__main__":
    if sys.argv[1:] != ["--write-tables"]:
        sys.exit("usage: python -m seqgen.parser --write-tables")
    write_tables()
