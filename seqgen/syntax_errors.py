"""Lark's syntax errors → seqgen's messages: what was found and what the parser could take
next, with tokens named in words and sorted, so a message reads the same on every run.

The parser (seqgen/parser.py) hands every `UnexpectedInput` here; `syntax_error` is the one
place that words a syntax error.  The expected tokens come from the parser's own state (each
candidate token is fed to a copy of it), not from Lark's unordered `expected` set.
"""

from __future__ import annotations

import re
from copy import copy
from typing import Any

from lark import Token, UnexpectedCharacters, UnexpectedInput

from seqgen.errors import Diagnostic
from seqgen.syntax import Span

OPENERS = {"LPAR": "RPAR", "LSQB": "RSQB", "LBRACE": "RBRACE"}
CLOSERS = {v: k for k, v in OPENERS.items()}
CHARS = {"LPAR": "(", "RPAR": ")", "LSQB": "[", "RSQB": "]", "LBRACE": "{", "RBRACE": "}"}

# Names of tokens in error messages.
_TOKEN_WORDS = {
    "NAME": "a name",
    "CALL_NAME": "a call",
    "INT": "a number",
    "FLOAT": "a number",
    "SHAPE": "a shape such as 3x3",
    "STRING": "a string",
    "SIGN": "a sign",
    "ADD_OP": "'+' | '-'",
    "MUL_OP": "'*' | '/' | '//'",
    "LPAR": "'('",
    "RPAR": "')'",
    "LSQB": "'['",
    "RSQB": "']'",
    "LBRACE": "'{'",
    "RBRACE": "'}'",
    "COMMA": "','",
    "SEMICOLON": "';'",
    "EQUAL": "'='",
    "_NL": "a new line",
    "$END": "the end of the file",
    "MODEL": "'model'",
    "INPUT": "'input'",
    "COMPILE": "'compile'",
    "SEQUENTIAL": "'sequential'",
    "REPEAT": "'repeat'",
    "FOR": "'for'",
    "AS": "'as'",
    "IN": "'in'",
}


def token_span(tok: Token) -> Span:
    return Span(tok.line, tok.column, tok.end_line, tok.end_column)




def _describe(names: set[str]) -> str:
    words: set[str] = set()
    for n in names:
        word = _TOKEN_WORDS.get(n, f"'{n.lower()}'")
        words.update(word.split(" | "))
    ordered = sorted(words)
    if len(ordered) == 1:
        return ordered[0]
    return ", ".join(ordered[:-1]) + " or " + ordered[-1]


def _accepts(state: Any) -> set[str]:
    """The tokens the parser could take next (Lark's own list comes from the lexer's state)."""
    conf = copy(state.parse_conf)
    conf.callbacks = {}
    accepted = set()
    for name in state.parse_conf.states[state.position]:
        if not name.isupper():
            continue
        trial = state.copy(deepcopy_values=False)
        trial.parse_conf = conf
        try:
            trial.feed_token(Token(name, ""), name == "$END")
        except Exception:  # any failure means: not acceptable here
            continue
        accepted.add(name)
    accepted.discard("SIGN")  # a sign is listed as '+' or '-' already
    return accepted


def _unclosed_bracket(state: Any) -> Token | None:
    """The innermost bracket left open at the end of the file, if any: the last opening
    bracket still on the parser's stack (every rule closes the brackets it opens)."""
    if state is None:  # pragma: no cover - an LALR error at the end always has its state
        return None
    for value in reversed(state.value_stack):
        if isinstance(value, Token) and value.type in OPENERS:
            return value
    return None


_IDENT_BEFORE = re.compile(r"^\s*([A-Za-z_][A-Za-z0-9_]*)\s*$")


def _lines(source: str) -> list[str]:
    """The source's lines as the lexer counts them: only a line feed ends a line
    (str.splitlines would also split at form feeds, U+2028 and others, which may stand in
    comments and strings, and so shift every later line number)."""
    lines = [line.removesuffix("\r") for line in source.split("\n")]
    if len(lines) > 1 and lines[-1] == "":
        lines.pop()  # the end of the file is on the last line that holds text
    return lines


def _line(source: str, line: int) -> str:
    lines = _lines(source)
    return lines[line - 1] if 1 <= line <= len(lines) else ""


def syntax_error(e: UnexpectedInput, source: str) -> Diagnostic:
    if isinstance(e, UnexpectedCharacters):
        line, col = e.line, e.column
        ch = source[e.pos_in_stream] if e.pos_in_stream < len(source) else ""
        span = Span(line, col, line, col + 1)
        if ch in "\"'":
            rest = source[e.pos_in_stream :].split("\n", 1)[0]
            return Diagnostic(
                "unterminated string",
                Span(line, col, line, col + len(rest)),
                f"close it with {ch} on the same line; write \\n for a new line inside a string",
            )
        if ch.isdigit():
            return Diagnostic(
                "invalid number or shape",
                span,
                "a shape is integers joined by a lowercase x, e.g. 3x3; a number such as 1e-3",
            )
        if ch == "\\":
            return Diagnostic(
                "unexpected character '\\'",
                span,
                "a statement continues on the next line only inside ( ) or [ ]",
            )
        shown = f"'{ch}'" if ch.isprintable() else f"U+{ord(ch):04X}"
        return Diagnostic(f"unexpected character {shown}", span)
    tok = getattr(e, "token", None)
    state = getattr(e, "state", None)
    expected = _accepts(state) if state is not None else set(getattr(e, "expected", ()) or ())
    if tok is None or tok.type == "$END":
        opened = _unclosed_bracket(state)
        if opened is not None:
            span = Span(opened.line, opened.column, opened.line, opened.column + 1)
            closer = CHARS[OPENERS[opened.type]]
            return Diagnostic(f"'{opened.value}' was never closed", span,
                              f"add a matching '{closer}'")  # fmt: skip
        lines = _lines(source)
        last = len(lines)
        span = Span(last, len(lines[-1]) + 1, last, len(lines[-1]) + 2)
        return Diagnostic(f"unexpected end of file; expected {_describe(expected)}", span)
    span = token_span(tok)
    if tok.type in CLOSERS and tok.type not in expected:
        return Diagnostic(
            f"unmatched {_TOKEN_WORDS[tok.type]}",
            span,
            f"no {_TOKEN_WORDS[CLOSERS[tok.type]]} opens it",
        )
    want = f"expected {_describe(expected)}"
    text = _line(source, tok.line)
    before = text[: tok.column - 1]
    if tok.type == "_NL":
        span = Span(tok.line, tok.column, tok.line, tok.column + 1)
        return Diagnostic(f"unexpected end of line; {want}", span)
    if tok.type == "EQUAL":
        hint = "key=value needs a parameter name on the left"
        if before.endswith("="):
            key = before.rstrip("=").split()[-1] if before.rstrip("=").split() else "key"
            value = text[tok.column :].lstrip("=").split()
            hint = f"write one '=' between a parameter and its value: {key}={value[0] if value else '...'}"
        elif _IDENT_BEFORE.match(before):
            name = _IDENT_BEFORE.match(before).group(1)  # type: ignore[union-attr]
            rest = text[tok.column :].strip()
            hint = (
                ".seq has no assignments: a statement starts with a layer name; name a layer "
                f"with 'as', e.g. {rest or 'dense 64'} as {name}"
            )
        return Diagnostic(f"unexpected '='; {want}", span, hint)
    if tok.type in ("MODEL", "INPUT", "COMPILE", "SEQUENTIAL", "REPEAT", "FOR", "AS", "IN"):
        hint = f"'{tok.value}' is a keyword of the language; quote it to use it as a string"
        if tok.type == "AS" and re.search(r"\bas\b", before):
            hint = "a layer has one name: write 'as NAME' once, at the end of the statement"
        return Diagnostic(f"unexpected keyword '{tok.value}'; {want}", span, hint)
    hint = None
    if re.match(r"\s*model\s", text) and "=" in text[tok.column - 1 :] and "(" not in text:
        head = before.strip()
        hint = f"model parameters go in parentheses: {head}({text[tok.column - 1 :].strip()})"
    shown = tok.value if len(tok.value) <= 30 else tok.value[:27] + "..."
    return Diagnostic(f"unexpected '{shown}'; {want}", span, hint)
