"""black itself, in-process, with seqgen's fixed `Mode`; and the proof that what we emit is Python.

black runs in two ways, both decided by `seqgen.layout.pieces`: on one piece alone, when the
emitter is not sure of its layout (`black_lines`, memoized), or over a whole file, for code
from a user's templates or when black over the file is cheaper (`format_python`).  Code from
seqgen's own templates normally arrives already in black's layout (`LaidOut`), and black is not
imported at all.  Either way the result must parse.  A failure here is seqgen's bug, never the
user's: it raises `InternalError`, which the command line reports with exit code 123 and a
request for a bug report.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from seqgen.errors import InternalError
from seqgen.layout.emit import INDENT
from seqgen.options import LINE_LENGTH

if TYPE_CHECKING:  # pragma: no cover
    import black

#: Fixed target versions, so that black's output does not depend on what it detects.
TARGET_VERSIONS = ("PY39", "PY310", "PY311", "PY312", "PY313")


@dataclass(frozen=True)
class LaidOut:
    """Python source already in the layout black would give it: black is not run on it."""

    text: str


@lru_cache(maxsize=8)
def black_mode(line_length: int) -> black.Mode:
    """black's `Mode` for seqgen's output: the line length, and the fixed target versions."""
    import black  # about 0.2 s: only code from a user's templates, or odd pieces, need it

    targets = {black.TargetVersion[name] for name in TARGET_VERSIONS}
    return black.Mode(target_versions=targets, line_length=line_length)


def format_with_black(code: str, line_length: int = LINE_LENGTH) -> str:
    """black's formatting of `code`, with seqgen's fixed target versions."""
    import black

    try:
        return black.format_str(code, mode=black_mode(line_length))
    except Exception as e:  # black raises several types; any of them is our bug
        raise InternalError(f"black could not format the generated code: {e}") from e


def format_python(code: str | LaidOut, line_length: int = LINE_LENGTH) -> str:
    """The final text of generated code: black's formatting of `code` (unless it is `LaidOut`
    already), proven to be Python."""
    formatted = code.text if isinstance(code, LaidOut) else format_with_black(code, line_length)
    try:
        ast.parse(formatted)
    except SyntaxError as e:  # pragma: no cover - black parses its input already
        raise InternalError(f"the generated code is not valid Python: {e}") from e
    return formatted


@lru_cache(maxsize=4096)
def black_lines(code: str, depth: int, line_length: int, element: bool = False) -> tuple[str, ...]:
    """black's lines for one piece: a statement at `depth`, or (`element`) one item of a list
    split one per line at `depth` inside brackets, comma included.  Memoized by text,
    indentation and line length: black runs once per different piece.

    The piece is formatted alone, under `if _:` lines that give it its indentation; an item
    goes into a call `_(_, item,)` whose magic trailing comma splits it exactly as the list it
    comes from is split.  A statement ending in `:` gets a body `_`.
    """
    outer = depth - 1 if element else depth
    context = [f"{INDENT * i}if _:" for i in range(outer)]
    indent = INDENT * outer
    if element:
        before = [f"{indent}_(", f"{indent}{INDENT}_,"]
        after = [f"{indent})"]
        lines = [*context, *before, f"{indent}{INDENT}{code},", *after]
    elif code.endswith(":"):
        before, after = [], [f"{indent}{INDENT}_"]
        lines = [*context, f"{indent}{code}", *after]
    else:
        before, after = [], []
        lines = [*context, f"{indent}{code}"]
    formatted = format_with_black("\n".join(lines) + "\n", line_length).split("\n")
    if formatted[-1] != "":
        raise InternalError(f"black's output does not end with a newline: {formatted!r}")
    formatted.pop()
    head = context + before
    if formatted[: len(head)] != head or (after and formatted[-len(after) :] != after):
        raise InternalError(f"black changed the context of a piece: {formatted!r}")
    piece = formatted[len(head) : len(formatted) - len(after)]
    if not piece or not all(line.startswith(INDENT * depth) for line in piece):
        raise InternalError(f"unexpected black layout of a piece: {formatted!r}")
    return tuple(piece)
