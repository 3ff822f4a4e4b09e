"""black, in-process, and the proof that what we emit is Python.

Code from seqgen's own templates arrives already in black's layout (`LaidOut`, emitted by
`seqgen.layout`), so black is not imported at all; code from a user's templates is formatted by
black as a whole.  Either way the result must parse.  A failure here is seqgen's bug, never the
user's: it raises `InternalError`, which the command line reports with exit code 123 and a
request for a bug report.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from seqgen.errors import InternalError

if TYPE_CHECKING:  # pragma: no cover
    import black

__all__ = ["InternalError", "LaidOut", "format_python", "format_with_black"]

#: Fixed target versions, so that black's output does not depend on what it detects.
TARGET_VERSIONS = ("PY39", "PY310", "PY311", "PY312", "PY313")


@dataclass(frozen=True)
class LaidOut:
    """Python source already in the layout black would give it: black is not run on it."""

    text: str


@lru_cache(maxsize=8)
def _mode(line_length: int) -> black.Mode:
    import black  # about 0.2 s: only code from a user's templates, or odd pieces, need it

    targets = {black.TargetVersion[name] for name in TARGET_VERSIONS}
    return black.Mode(target_versions=targets, line_length=line_length)


def format_with_black(code: str, line_length: int = 88) -> str:
    """black's formatting of `code`, with seqgen's fixed target versions."""
    import black

    try:
        return black.format_str(code, mode=_mode(line_length))
    except Exception as e:  # black raises several types; any of them is our bug
        raise InternalError(f"black could not format the generated code: {e}") from e


def format_python(code: str | LaidOut, line_length: int = 88) -> str:
    """The final text of generated code: black's formatting of `code` (unless it is `LaidOut`
    already), proven to be Python."""
    formatted = code.text if isinstance(code, LaidOut) else format_with_black(code, line_length)
    try:
        ast.parse(formatted)
    except SyntaxError as e:  # pragma: no cover - black parses its input already
        raise InternalError(f"the generated code is not valid Python: {e}") from e
    return formatted
