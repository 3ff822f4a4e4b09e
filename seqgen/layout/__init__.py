"""Python layout: black's layout for the code seqgen generates, and when and how black runs.

`seqgen.render` builds each piece of the output as an expression tree of this package's node
types and renders the templates; this package decides how every piece is written and whether
black formats the file.  It knows nothing of models or templates.

- `emit`: the node types (`Text`, `Brackets`, `Comprehension`), literals as black writes them,
  and the `Emitter`, which lays out a piece in black's layout without running black.
- `pieces`: the strategies that write the pieces (`OneLine`, `BlackLayout`), the check that
  black leaves the templates' own lines alone (`fixed_lines_fit`), and `lay_out`, the decision.
- `black`: black in-process with seqgen's fixed `Mode` — on one piece (`black_lines`,
  memoized) or on a whole file (`format_python`, which also proves the result is Python).
"""

from seqgen.layout.black import LaidOut, black_lines, black_mode, format_python, format_with_black
from seqgen.layout.emit import (
    NARROW,
    WIDE,
    Brackets,
    Comprehension,
    Emitter,
    Expr,
    Text,
    Unsure,
    number_literal,
    string_literal,
)
from seqgen.layout.pieces import (
    MAX_BLACK_PIECES,
    PIECE,
    BlackLayout,
    OneLine,
    TooManyForBlack,
    fixed_lines_fit,
    lay_out,
)

__all__ = [
    "MAX_BLACK_PIECES",
    "NARROW",
    "PIECE",
    "WIDE",
    "BlackLayout",
    "Brackets",
    "Comprehension",
    "Emitter",
    "Expr",
    "LaidOut",
    "OneLine",
    "Text",
    "TooManyForBlack",
    "Unsure",
    "black_lines",
    "black_mode",
    "fixed_lines_fit",
    "format_python",
    "format_with_black",
    "lay_out",
    "number_literal",
    "string_literal",
]
