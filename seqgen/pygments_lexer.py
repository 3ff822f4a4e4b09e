"""A Pygments lexer for `.seq` files: `pygmentize -l seq model.seq`, ```` ```seq ```` fences.

Pygments finds it through the `pygments.lexers` entry point in `pyproject.toml` (install
`seqgen[pygments]`).  Its rules are the ones the TextMate grammar is made of
(`seqgen.highlight.sections`), so the two highlighters agree; only this module imports
Pygments, and nothing in seqgen imports this module.
"""

from __future__ import annotations

import re
from typing import Any

from pygments.lexer import RegexLexer, bygroups, default
from pygments.token import Error, String, Whitespace, string_to_tokentype

from seqgen.highlight import BAD_ESCAPE, ESCAPE, QUOTES, grammar_terminals, sections

__all__ = ["SeqLexer"]

_STRING_TOKENS = {"double": String.Double, "single": String.Single}


def _tokens() -> dict[str, list[Any]]:
    root: list[Any] = []
    for section in sections():
        for rule in section.rules:
            if rule.token:
                root.append((rule.match, string_to_tokentype(rule.token)))
            else:
                groups = (string_to_tokentype(token) for _, token in rule.groups)
                root.append((rule.match, bygroups(*groups)))
        if section.key == "comment":  # strings come next, as in the TextMate grammar
            root += [(re.escape(q), _STRING_TOKENS[kind], kind) for q, kind in QUOTES.items()]
    terminals = grammar_terminals()
    root += [(terminals["WS"], Whitespace), (terminals["_NL"], Whitespace)]

    states = {"root": root}
    for quote, kind in QUOTES.items():
        token = _STRING_TOKENS[kind]
        states[kind] = [
            (ESCAPE, String.Escape),
            (BAD_ESCAPE, Error),
            (re.escape(quote), token, "#pop"),
            (rf"[^{re.escape(quote)}\\\r\n]+", token),
            default("#pop"),  # an unterminated string ends with its line
        ]
    return states


class SeqLexer(RegexLexer):
    """seqgen's `.seq` layer language (Keras Sequential models)."""

    name = "seq"
    aliases = ("seq", "seqgen")
    filenames = ("*.seq",)
    mimetypes = ("text/x-seq", "text/x-seqgen")

    tokens = _tokens()
