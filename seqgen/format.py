"""black, in-process, and the proof that what we emit is Python.

A failure here is seqgen's bug, never the user's: it raises `InternalError`, which the command
line reports with exit code 123 and a request for a bug report.
"""

from __future__ import annotations

import ast

import black

from seqgen.errors import InternalError

__all__ = ["InternalError", "format_python"]

#: Fixed target versions, so that black's output does not depend on what it detects.
_TARGETS = frozenset(
    {black.TargetVersion.PY39, black.TargetVersion.PY310, black.TargetVersion.PY311,
     black.TargetVersion.PY312, black.TargetVersion.PY313}
)  # fmt: skip


def format_python(code: str, line_length: int = 88) -> str:
    mode = black.Mode(target_versions=set(_TARGETS), line_length=line_length)
    try:
        formatted = black.format_str(code, mode=mode)
    except Exception as e:  # black raises several types; any of them is our bug
        raise InternalError(f"black could not format the generated code: {e}") from e
    try:
        ast.parse(formatted)
    except SyntaxError as e:  # pragma: no cover - black parses its input already
        raise InternalError(f"the generated code is not valid Python: {e}") from e
    return formatted
