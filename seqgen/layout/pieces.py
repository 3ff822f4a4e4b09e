"""When black runs: how the templates' pieces are written, and the checks that choose.

Each piece of code the templates place (a list element, a statement, the `def` line) is asked
of a pieces strategy, and comes back as text whose continuation lines, if any, are indented
relative to its first line:

* `OneLine` writes every piece on one line, and black formats the whole file afterwards.
* `BlackLayout` writes every piece in black's layout: the emitter's (`seqgen.layout.emit`), or
  black's on that piece alone (`seqgen.layout.black.black_lines`) where the emitter is unsure.

`lay_out` decides.  With seqgen's own templates the pieces are laid out and no black runs at
all, unless more than `MAX_BLACK_PIECES` different pieces are beyond the emitter (each costs a
run of black), or a line the templates write themselves would not be left alone by black
(`fixed_lines_fit`); then, and always with a user's templates, every piece is one line and
black formats the whole file.
"""

from __future__ import annotations

import io
import re
import tokenize
from collections.abc import Callable
from typing import Protocol

from seqgen.layout.black import LaidOut, black_lines
from seqgen.layout.emit import Brackets, Emitter, Expr, Unsure


class OneLine:
    """Every piece on one line: the text black formats (user templates, odd line lengths)."""

    def element(self, tree: Expr, depth: int) -> str:
        return tree.code

    def call(self, tree: Brackets, depth: int) -> str:
        return tree.code

    def assignment(self, target: str, tree: Expr, depth: int) -> str:
        return f"{target} = {tree.code}"

    def definition(self, name: str, params: tuple[Expr, ...]) -> str:
        return f"def {name}({', '.join(p.code for p in params)}):"

    def simple(self, code: str, depth: int) -> str:
        return code


#: Black formats a piece alone in about 3 ms: past this many different pieces, formatting the
#: whole file once is cheaper.
MAX_BLACK_PIECES = 100


class TooManyForBlack(Exception):
    """So many pieces need black that black over the whole file is cheaper."""


class BlackLayout(OneLine):
    """Every piece in black's layout: the emitter's, or black on that piece alone."""

    def __init__(self, line_length: int) -> None:
        self.line_length = line_length
        self.emitter = Emitter(line_length)
        self.for_black: set[tuple[str, int, bool]] = set()

    def element(self, tree: Expr, depth: int) -> str:
        try:
            lines = self.emitter.element(tree, depth)
        except Unsure:
            lines = list(self._black_lines(tree.code, depth, element=True))
        lines[-1] = lines[-1].removesuffix(",")  # the template writes the comma
        return _piece(lines, depth)

    def call(self, tree: Brackets, depth: int) -> str:
        try:
            return _piece(self.emitter.call(tree, depth), depth)
        except Unsure:
            return self._black(tree.code, depth)

    def assignment(self, target: str, tree: Expr, depth: int) -> str:
        try:
            return _piece(self.emitter.assignment(target, tree, depth), depth)
        except Unsure:
            return self._black(f"{target} = {tree.code}", depth)

    def definition(self, name: str, params: tuple[Expr, ...]) -> str:
        try:
            return _piece(self.emitter.definition(name, params), 0)
        except Unsure:
            return self._black(super().definition(name, params), 0)

    def simple(self, code: str, depth: int) -> str:
        try:
            return _piece(self.emitter.simple(code, depth), depth)
        except Unsure:
            return self._black(code, depth)

    def _black(self, code: str, depth: int) -> str:
        return _piece(list(self._black_lines(code, depth)), depth)

    def _black_lines(self, code: str, depth: int, element: bool = False) -> tuple[str, ...]:
        self.for_black.add((code, depth, element))
        if len(self.for_black) > MAX_BLACK_PIECES:
            raise TooManyForBlack
        return black_lines(code, depth, self.line_length, element)


def _piece(lines: list[str], depth: int) -> str:
    """Lines indented for `depth` as a piece for the templates: relative to its first line."""
    cut = 4 * depth
    return "\n".join(line[cut:] for line in lines)


# --- the lines the templates write themselves -------------------------------------------------

#: The name a file's skeleton has in place of each piece (users cannot start names with '_').
PIECE = "__piece__"

#: Comment text black would treat as a directive (`# fmt: off`, `# yapf: disable`, ...).
_DIRECTIVE = re.compile(r"[#;]|fmt|yapf", re.IGNORECASE)

#: Tokens black never splits a line at: comments, strings (a docstring's lines), line ends.
_NOT_CODE = frozenset({tokenize.COMMENT, tokenize.STRING, tokenize.NL, tokenize.NEWLINE,
                       tokenize.INDENT, tokenize.DEDENT, tokenize.ENDMARKER})  # fmt: skip


def fixed_lines_fit(skeleton: str, line_length: int) -> bool:
    """Whether black leaves the lines the templates write themselves as they are.

    `skeleton` is the file as the templates write it with the name `PIECE` in place of every
    piece.  A line that holds a piece is the piece's: the strategy laid it out with what the
    template writes around it (the comma after a list element).  Every other line of code
    must fit the line length, and no comment may hold a directive; the lines of strings (the
    docstring) and comments are never split.
    """
    lines = skeleton.split("\n")
    code_lines: set[int] = set()
    piece_lines: set[int] = set()
    try:
        for token in tokenize.generate_tokens(io.StringIO(skeleton).readline):
            if token.type == tokenize.COMMENT and _DIRECTIVE.search(token.string[1:]):
                return False
            if token.type == tokenize.NAME and token.string == PIECE:
                piece_lines.add(token.start[0])
            elif token.type not in _NOT_CODE:
                code_lines.add(token.start[0])
    except (tokenize.TokenError, SyntaxError):  # not Python as it stands: leave it to black
        return False
    emitter = Emitter(line_length)
    try:
        return all(emitter.fits(0, lines[n - 1]) for n in code_lines - piece_lines)
    except Unsure:
        return False


# --- the decision -----------------------------------------------------------------------------


class File(Protocol):
    """A generated file, rendered from templates whose pieces one strategy wrote."""

    def text(self) -> str:
        """The file."""

    def skeleton(self) -> str:
        """The file with the name `PIECE` in place of every piece."""


def lay_out(file: Callable[[OneLine], File], line_length: int,
            own_templates: bool) -> str | LaidOut:  # fmt: skip
    """The generated Python for `seqgen.layout.black.format_python`: in black's layout already
    (`LaidOut`), or with every piece on one line, for black over the whole file.

    `file` renders the templates with the pieces a strategy writes.  Pieces are laid out only
    for seqgen's own templates (`own_templates`), whose layout the emitter knows.
    """
    if own_templates:
        try:
            laid_out = file(BlackLayout(line_length))
        except TooManyForBlack:
            pass
        else:
            if fixed_lines_fit(laid_out.skeleton(), line_length):
                return LaidOut(laid_out.text())
    return file(OneLine()).text()
