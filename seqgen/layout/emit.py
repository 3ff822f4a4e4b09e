"""black's layout for the pieces of code seqgen writes, emitted directly instead of running black.

black costs about 1-3 ms per line even on code it leaves unchanged, so formatting a
10,000-layer model takes seconds.  For seqgen's own templates, `seqgen.render` builds each
variable piece of the output — a list element, a `model.add(...)` statement, the `def` line,
`model.compile(...)`, a parameter assignment — as a small tree (`Text`, `Brackets`,
`Comprehension`, defined here) and the pieces strategy (`seqgen.layout.pieces`) asks an
`Emitter` for its lines in the layout black 26 (stable style, fixed target versions) gives it.
The rules, for the shapes seqgen emits (no comments, no operators to split at):

* A line that fits (its width, East Asian wide characters counting two, is at most the line
  length) and holds no magic trailing comma stays as it is.
* Right-hand split: any other line is split at its last pair of brackets into head
  (`layers.Dense(`), body (the arguments, one level deeper) and tail (`),`).  A line whose last
  brackets are empty (`layers.Flatten(),`) cannot be split: it stays, too long.
* The body is hugged — kept on one indented line — when it fits, unless it is a tuple or list
  display of two or more items, or ends with a magic trailing comma: then, as when it does not
  fit, it is split at its commas, one item per line, each with a trailing comma, and every
  item is laid out again by these rules.  A lone item that does not fit is split by its own
  brackets (a one-tuple keeps its comma).
* The body of a starred comprehension (a loop over a model parameter in list style) that does
  not fit is split before each `for`, without commas.
* An assignment `name = value` whose value has brackets splits at them: black's invisible
  parentheses around the right-hand side are omitted because the value has no operators.
* A `def` line splits at its first bracket (left-hand split); a lone parameter with no comma
  in it gets a trailing comma.
* Literals are written as black normalizes them: strings in double quotes unless that takes
  more backslashes (`string_literal`, black's `normalize_string_quotes` for the prefix-less
  strings `repr` makes, whose escapes are already lower-case), floats without `+` in the
  exponent (`number_literal`).

black formats a file twice when the first pass changed it; these layouts are fixed points of
the second pass, because the trailing commas they add only confirm splits already made.

Whenever a piece falls outside these shapes — an arithmetic expression or a comprehension that
would have to be split, an assignment head that would not fit, a width that depends on
characters of unknown width — the emitter raises `Unsure` and the pieces strategy formats that
piece with black itself (`seqgen.layout.black.black_lines`).  The emitter never guesses, and
never runs black.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

INDENT = "    "


class Unsure(Exception):
    """black's layout of this piece is outside what the emitter knows for certain."""


@dataclass(frozen=True, slots=True)
class Text:
    """Code the emitter does not split: a name, a literal, `units=64`.

    `opaque`: it holds operators black could split at (`units * 2`), so the emitter writes it
    only where it fits.
    """

    code: str
    opaque: bool = False
    has_magic = False  # no magic trailing comma: it has no brackets of its own


@dataclass(frozen=True, slots=True)
class Brackets:
    """`head(item, item, ...)`: a call, or a tuple or list display (`display`, empty head)."""

    head: str  # bracket-free code before the opening bracket: `layers.Dense`, `shape=`, `*`
    open: str
    items: tuple[Expr, ...]
    close: str
    display: bool = False
    magic: bool = False  # written with a trailing comma after the last item
    code: str = field(init=False, compare=False)
    has_magic: bool = field(init=False, compare=False)  # a magic trailing comma anywhere inside

    def __post_init__(self) -> None:
        inner = ", ".join(item.code for item in self.items) + self.trailing_comma
        object.__setattr__(self, "code", f"{self.head}{self.open}{inner}{self.close}")
        has_magic = self.magic or any(item.has_magic for item in self.items)
        object.__setattr__(self, "has_magic", has_magic)

    @property
    def trailing_comma(self) -> str:
        """The comma the source has after the last item: a magic one, or a one-tuple's."""
        one_tuple = self.display and self.open == "(" and len(self.items) == 1
        return "," if self.magic or one_tuple else ""


@dataclass(frozen=True, slots=True)
class Comprehension:
    """A starred comprehension, `*[x for ... for ...]` or `*(x for ...)`: its `parts` are the
    element and each `for` clause (`for _ in range(depth)` as brackets with head `for _ in
    range`).  black splits its body before each `for`, without commas."""

    open: str  # "*[" or "*("
    parts: tuple[Expr, ...]
    close: str
    code: str = field(init=False, compare=False)
    has_magic: bool = field(init=False, compare=False)

    def __post_init__(self) -> None:
        body = " ".join(part.code for part in self.parts)
        object.__setattr__(self, "code", f"{self.open}{body}{self.close}")
        object.__setattr__(self, "has_magic", any(part.has_magic for part in self.parts))


Expr = Text | Brackets | Comprehension


# --- literals ---------------------------------------------------------------------------------

_ESCAPED_DOUBLE = re.compile(r'([^\\]|^)\\((?:\\\\)*)"')
_ESCAPED_SINGLE = re.compile(r"([^\\]|^)\\((?:\\\\)*)'")
_UNESCAPED_DOUBLE = re.compile(r'(([^\\]|^)(\\\\)*)"')


def _twice(pattern: re.Pattern[str], replacement: str, text: str) -> str:
    """Substitute twice: the patterns' matches may overlap."""
    return pattern.sub(replacement, pattern.sub(replacement, text))


@lru_cache(maxsize=4096)
def string_literal(value: str) -> str:
    """`value` as a Python string literal, in the quotes black chooses for `repr(value)`."""
    text = repr(value)
    if text[0] == '"':  # repr chose double quotes: the value holds ' but no "; black keeps them
        return text
    body = text[1:-1]
    if "\\" not in body and '"' not in body:  # nothing to escape or unescape
        return f'"{body}"'
    # A `\"` is never in repr's output, so only `\'` can lose its backslash; every `"` gains one.
    body = _twice(_ESCAPED_DOUBLE, r'\1\2"', body)
    new_body = _twice(_ESCAPED_SINGLE, r"\1\2'", body)
    new_body = _twice(_UNESCAPED_DOUBLE, r'\1\\"', new_body)
    if new_body.count("\\") > body.count("\\"):
        return f"'{body}'"
    return f'"{new_body}"'


def number_literal(text: str) -> str:
    """A number's `repr` as black writes it: lower case, no `+` in the exponent."""
    sign = ""
    if text[:1] in "+-":
        sign, text = text[0], text[1:]
    text = text.lower()
    if text.startswith(("0x", "0o", "0b")) or text.endswith("j"):  # never from repr of a float
        raise Unsure(text)
    if "e" in text:
        mantissa, exponent = text.split("e")
        text = f"{_point(mantissa)}e{exponent.removeprefix('+')}"
    else:
        text = _point(text)
    return sign + text


def _point(text: str) -> str:
    if "." not in text:
        return text
    before, after = text.split(".")
    return f"{before or 0}.{after or 0}"


# --- widths -----------------------------------------------------------------------------------


#: Characters black (its width table) counts as one column, and as two; `repr` escapes the
#: unprintable ones, so only printable ones reach the code.  tests/test_layout.py checks both
#: tables against the installed black.  Any other character counts as 0, 1 or 2 columns.
NARROW = ((0x00A0, 0x052F),)
WIDE = ((0x3041, 0x3098), (0x309B, 0x30FF), (0x4E00, 0x9FFF), (0xAC00, 0xD7A3), (0xFF01, 0xFF60))


def _fits(column: int, code: str, limit: int) -> bool:
    """Whether `code` starting at `column` ends within `limit`, as black measures width."""
    if code.isascii():
        return column + len(code) <= limit
    low = high = column
    for ch in code:
        cp = ord(ch)
        if cp < 0x80 or any(a <= cp <= b for a, b in NARROW):
            low += 1
            high += 1
        elif any(a <= cp <= b for a, b in WIDE):
            low += 2
            high += 2
        else:  # combining (0), wide (2) or neither: the emitter only answers when all agree
            high += 2
    if high <= limit:
        return True
    if low > limit:
        return False
    raise Unsure(code)


# --- the emitter ------------------------------------------------------------------------------


class Emitter:
    """Lays out pieces at a given depth (indentation level); lines come back indented."""

    def __init__(self, line_length: int) -> None:
        self.limit = line_length

    def fits(self, depth: int, code: str) -> bool:
        return _fits(4 * depth, code, self.limit)

    def element(self, expr: Expr, depth: int, suffix: str = ",") -> list[str]:
        """A line inside brackets that holds one item of a split list (with its comma)."""
        out: list[str] = []
        self._line(expr, depth, suffix, out)
        return out

    def call(self, expr: Brackets, depth: int) -> list[str]:
        """An expression statement such as `model.add(...)` or `model.compile(...)`."""
        out: list[str] = []
        self._line(expr, depth, "", out)
        return out

    def assignment(self, target: str, expr: Expr, depth: int) -> list[str]:
        """`target = expr`, target a plain name."""
        code = f"{target} = {expr.code}"
        if not expr.has_magic and self.fits(depth, code):
            return [INDENT * depth + code]
        if not isinstance(expr, Brackets) or not expr.items or expr.has_magic:
            raise Unsure(code)  # black would wrap the value in parentheses, or explode a comma
        head = f"{target} = {expr.head}{expr.open}"
        if not self.fits(depth, head):
            raise Unsure(code)  # black would try parentheses around the value as well
        out = [INDENT * depth + head]
        self._body(expr, depth + 1, out)
        out.append(INDENT * depth + expr.close)
        return out

    def definition(self, name: str, params: tuple[Expr, ...]) -> list[str]:
        """`def name(params):` at the top level."""
        code = f"def {name}({', '.join(p.code for p in params)}):"
        magic = any(p.has_magic for p in params)
        if not magic and self.fits(0, code):
            return [code]
        if not params:
            raise Unsure(code)
        out = [f"def {name}("]
        # black adds a trailing comma to the parameters unless they already hold a comma.
        if len(params) == 1:
            self._line(params[0], 1, "" if _has_comma(params[0]) else ",", out)
        elif not magic and self.fits(1, ", ".join(p.code for p in params)):
            out.append(INDENT + ", ".join(p.code for p in params))
        else:
            for p in params:
                self._line(p, 1, ",", out)
        out.append("):")
        return out

    def simple(self, code: str, depth: int) -> list[str]:
        """A line the emitter only writes when it fits, such as `for units in widths:`."""
        if not self.fits(depth, code):
            raise Unsure(code)
        return [INDENT * depth + code]

    def _line(self, expr: Expr, depth: int, suffix: str, out: list[str]) -> None:
        indent = INDENT * depth
        code = expr.code + suffix
        if isinstance(expr, Text) and not expr.opaque:
            out.append(indent + code)  # it fits, or nothing splits it: it stays too long
            return
        if not expr.has_magic and self.fits(depth, code):
            out.append(indent + code)
            return
        if isinstance(expr, Text):
            raise Unsure(code)
        if isinstance(expr, Comprehension):
            out.append(indent + expr.open)
            self._clauses(expr, depth + 1, out)
        elif not expr.items:
            out.append(indent + code)  # empty brackets cannot be split
            return
        else:
            out.append(f"{indent}{expr.head}{expr.open}")
            self._body(expr, depth + 1, out)
        out.append(f"{indent}{expr.close}{suffix}")

    def _clauses(self, expr: Comprehension, depth: int, out: list[str]) -> None:
        """A comprehension's body: on one line, or split before each `for`."""
        if not expr.has_magic:
            body = " ".join(part.code for part in expr.parts)
            if self.fits(depth, body):
                out.append(INDENT * depth + body)
                return
        for part in expr.parts:
            self._line(part, depth, "", out)

    def _body(self, expr: Brackets, depth: int, out: list[str]) -> None:
        """The items between a pair of brackets, one level deeper than the brackets."""
        items = expr.items
        if len(items) == 1:  # hugged if it fits, else split by its own brackets
            self._line(items[0], depth, expr.trailing_comma, out)
            return
        if not expr.magic and not expr.display and not any(i.has_magic for i in items):
            body = ", ".join(i.code for i in items)
            if self.fits(depth, body):
                out.append(INDENT * depth + body)
                return
        for item in items:
            self._line(item, depth, ",", out)


def _has_comma(expr: Expr) -> bool:
    """Whether a comma token is anywhere in `expr` (strings may hold commas; they do not count)."""
    if isinstance(expr, Comprehension) or (isinstance(expr, Text) and expr.opaque):
        raise Unsure(expr.code)
    if isinstance(expr, Text):
        return False
    return len(expr.items) > 1 or bool(expr.trailing_comma) or any(map(_has_comma, expr.items))
