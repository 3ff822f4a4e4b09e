"""The plain form `seqgen FILE [-o OUT] [--check]` read without argparse.

A run answered from the cache must cost little more than Python's own start-up, and building
the argument parsers alone costs more than the whole answer.  This reader recognises only the
plain form, and gives the very namespace argparse would (`gen_defaults` are the generate
parser's defaults too: seqgen/cli/arguments.py sets them, and tests/test_cli_cache.py compares
the two readers); anything else, or a cache miss, goes the long way through argparse.
"""

from __future__ import annotations

from types import SimpleNamespace

TYPE_CHECKING = False
if TYPE_CHECKING:  # pragma: no cover
    from collections.abc import Sequence
    from typing import Any


def gen_defaults() -> dict[str, Any]:
    """The value of every option of `seqgen [gen]` that is not given (a fresh copy)."""
    return {
        "src": [], "expr": None, "keras": None, "backend": None, "define": [],
        "warnings": "default", "output": None, "out_dir": None, "beside": False, "jobs": None,
        "no_cache": False, "style": None, "form": None, "templates": None, "line_length": None,
        "check": False, "diff": False,
    }  # fmt: skip


def plain_gen(argv: Sequence[str]) -> SimpleNamespace | None:
    """The options of `FILE [-o OUT] [--check]` in any order, or None for any other form."""
    values = gen_defaults()
    words = iter(argv)
    for word in words:
        if word in ("-o", "--output") and values["output"] is None:
            out = next(words, None)
            if out is None or out.startswith("-"):
                return None
            values["output"] = out
        elif word == "--check" and not values["check"]:
            values["check"] = True
        elif word.startswith("-") or values["src"]:
            return None
        else:
            values["src"] = [word]
    return SimpleNamespace(**values) if values["src"] else None
