"""Syntax highlighting for `.seq` files: one table of token rules, two highlighters.

The rules below are written once and turned into

- a TextMate grammar (`source.seq`) for VS Code and every editor that reads TextMate grammars,
  committed as `editors/vscode/syntaxes/seq.tmLanguage.json` (`python -m seqgen.highlight
  --write`; `tests/test_highlight.py` fails when it is stale), and
- the Pygments lexer in `seqgen/pygments_lexer.py`, for `pygmentize`, Sphinx and MkDocs.

Nothing here is listed by hand that seqgen already knows: the layer names come from the layer
catalogue, the words with a meaning (activations, padding modes, dtypes, Keras object names,
true/false/none) from `seqgen.lookup.words`, the escapes of strings from the parser, and the
tokens (numbers, shapes, comments, names, operators, keywords) from the grammar's terminals in
`grammar/seqgen.lark`.  Every regex is
written in the subset that Oniguruma (TextMate editors) and Python's `re` (Pygments, the tests)
read alike: ASCII classes instead of `\\w`, `\\d`, `\\s`, `\\b`; fixed-width lookbehinds; no
named groups, possessive quantifiers or `\\G`.

How a word is highlighted depends on where it stands, as in the language itself:

- a layer name (any spelling: `conv2d`, `Conv2D`, `conv_2d`) at the start of a statement, after
  the `(` of a nested layer, or called (`Conv2D(`, `layers.Dense(`) is
  `entity.name.function.layer` (Pygments: `Name.Function`); an unknown name there stays
  plain, so a misspelled layer shows before seqgen is run;
- `model`, `input`, `compile`, `sequential`, `repeat` and `for` are keywords at the start of a
  statement, `in` in a `for` header, `as` before a name;
- a call of a Keras object (`l2(`, `adam(`, `RandomNormal(`) is `support.function.keras`
  (`Name.Builtin`);
- the words the checker gives a meaning anywhere else (and refuses as parameter names) are
  `support.constant` (`Name.Constant`): activations (`relu`), padding modes (`same`) and Keras
  object names (`he_normal`, `adam`, `accuracy`); dtypes (`int32`) are `support.type`;
- `key=` is a `variable.parameter` (`Name.Attribute`).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from seqgen.catalog import Catalog, load_catalog, normalize
from seqgen.files import write_if_changed
from seqgen.lookup import INPUT, words
from seqgen.parser import BAD_ESCAPE, escape_regex
from seqgen.resources import read_text

#: Where `--write` puts the grammar: the VS Code extension in the source tree.
GRAMMAR_PATH = (
    Path(__file__).resolve().parent.parent / "editors/vscode/syntaxes/seq.tmLanguage.json"
)
SCOPE = "source.seq"
REGENERATE = "python -m seqgen.highlight --write"

#: The grammar's keywords, each given its place by a rule below (a new one fails `sections`).
KEYWORDS = ("model", "input", "compile", "sequential", "repeat", "for", "in", "as")

# Python's escapes, as seqgen's string decoding accepts them (seqgen/parser.py).
ESCAPE = escape_regex()
QUOTES = {'"': "double", "'": "single"}

_WORD_START = r"(?<![A-Za-z0-9_])"
_WORD_END = r"(?![A-Za-z0-9_])"
_NOT_KEY = r"(?![ \t\f]*=)"  # not the name of a `key=value`
# The start of a statement (of the file, a line, after `;` or `{`) ...
_STATEMENT = r"(?:^|(?<=[;{]))"
# ... or of a nested layer: a `(` that does not call a name (`bidirectional (lstm 64)`).
_HEAD = r"""(?:^|(?<=[;{])|(?<=\()(?<![A-Za-z0-9_"')\]]\())"""


@dataclass(frozen=True)
class Rule:
    """One token rule: a regex and what its match (or each of its groups) is called.

    `scope`/`token` name the whole match (TextMate scope, Pygments token type as text);
    otherwise `groups` names each capture group in order as `(scope or None, token)`.
    """

    match: str
    scope: str | None = None
    token: str | None = None
    groups: tuple[tuple[str | None, str], ...] = ()


@dataclass(frozen=True)
class Section:
    """A named run of rules: one TextMate repository entry, tried in order."""

    key: str
    comment: str
    rules: tuple[Rule, ...]


# --- what the grammar and the catalogue know -------------------------------------------------


@lru_cache(maxsize=1)
def grammar_terminals() -> dict[str, str]:
    """The grammar's terminals as regexes (string terminals as their plain text)."""
    from lark import Lark
    from lark.lexer import PatternStr

    lark = Lark(read_text("grammar", "seqgen.lark"), parser="earley", lexer="dynamic")
    out = {}
    for term in lark.terminals:
        pattern = term.pattern
        out[term.name] = pattern.value if isinstance(pattern, PatternStr) else pattern.to_regexp()
    return {name: _escape_controls(regex) for name, regex in out.items()}


def _escape_controls(regex: str) -> str:
    """Control characters as regex escapes, so the grammar file reads (and plists) cleanly."""
    for char, escape in (("\r", r"\r"), ("\n", r"\n"), ("\t", r"\t"), ("\f", r"\f")):
        regex = regex.replace(char, escape)
    return regex


def grammar_keywords() -> set[str]:
    """The words the grammar makes keywords: its string terminals that are identifiers."""
    return {v for v in grammar_terminals().values() if v.isidentifier()}


def word_regex(words: Iterable[str], *, underscores: bool = False) -> str:
    """A case-insensitive regex matching exactly `words`, written as a trie to stay small.

    With `underscores`, words are matched as seqgen matches layer names (`catalog.normalize`):
    any underscores anywhere, so `conv2d` also matches `conv_2d` and `Conv_2D_`.
    """
    keys = sorted({normalize(w) if underscores else w.lower() for w in words})
    sep = "_*" if underscores else ""
    trie: dict[str, Any] = {}
    for key in keys:
        node = trie
        for char in key:
            node = node.setdefault(char, {})
        node[""] = {}
    return "(?i:" + sep + _trie_regex(trie, sep) + ")"


def _trie_regex(node: dict[str, Any], sep: str) -> str:
    branches = [re.escape(c) + sep + _trie_regex(node[c], sep) for c in sorted(node) if c]
    if not branches:
        return ""
    if "" in node:
        return "(?:" + "|".join(branches) + ")?"
    return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"


# --- the rules -------------------------------------------------------------------------------


def sections(catalog: Catalog | None = None) -> tuple[Section, ...]:
    """Every token rule, in the order both highlighters try them (first match wins)."""
    catalog = catalog or load_catalog()
    t = grammar_terminals()
    if grammar_keywords() != set(KEYWORDS):
        raise ValueError(f"the grammar's keywords {sorted(grammar_keywords())} are not the "
                         f"highlighted ones {sorted(KEYWORDS)}")  # fmt: skip
    name, ws = t["NAME"], t["WS"]
    layer = word_regex(catalog.layer_names(), underscores=True)
    known = words(catalog)
    objects = [ns for key, ns in catalog.namespaces.items() if key != "activations"]
    # Called, a Keras object is found by class or identifier, spelled freely (Namespace.find_class);
    # bare, by identifier or class name in any case.
    callable_objects = word_regex(
        [n for ns in objects for n in (*ns.classes, *(i for i, c in ns.identifiers.items() if c))],
        underscores=True,
    )
    object_words = word_regex([*known.object_classes, *known.object_identifiers])
    blank = (None, "Text.Whitespace")
    statement = ("keyword.other.statement.seq", "Keyword")
    loop = ("keyword.control.loop.seq", "Keyword")
    layer_name = ("entity.name.function.layer.seq", "Name.Function")
    namespace = (("entity.name.namespace.seq", "Name.Namespace"),
                 ("punctuation.accessor.seq", "Punctuation"))  # fmt: skip
    return (
        Section("comment", "# to the end of the line", (
            Rule(t["COMMENT"], "comment.line.number-sign.seq", "Comment.Single"),
        )),
        Section("statement", "keywords at the start of a statement", (
            Rule(rf"{_STATEMENT}((?:{ws})?)(model)(?:({ws})({name}))?{_WORD_END}",
                 groups=(blank, statement, blank, ("entity.name.type.model.seq", "Name.Class"))),
            Rule(rf"{_STATEMENT}((?:{ws})?)(for)(?:({ws})({name})(?:({ws})(in))?)?{_WORD_END}",
                 groups=(blank, loop, blank, ("variable.other.loop.seq", "Name.Variable"),
                         blank, loop)),
            Rule(rf"{_STATEMENT}((?:{ws})?)(input|compile|sequential){_WORD_END}{_NOT_KEY}",
                 groups=(blank, statement)),
            Rule(rf"{_STATEMENT}((?:{ws})?)(repeat){_WORD_END}{_NOT_KEY}", groups=(blank, loop)),
        )),
        Section("alias", "as NAME: the layer's name", (
            Rule(rf"{_WORD_START}(as){_WORD_END}{_NOT_KEY}(?:({ws})({name}){_WORD_END})?",
                 groups=(("keyword.other.as.seq", "Keyword"), blank,
                         ("string.unquoted.alias.seq", "String.Symbol"))),
        )),
        Section("keyword-argument", "key= (a keyword argument or a model parameter)", (
            Rule(rf"{_WORD_START}({name})((?:{ws})?)(=)",
                 groups=(("variable.parameter.seq", "Name.Attribute"), blank,
                         ("keyword.operator.assignment.seq", "Operator"))),
        )),
        Section("namespace", "layers. and keras.layers. before a call", (
            Rule(rf"{_WORD_START}({name})(\.)(?=[A-Za-z_])", groups=namespace),
        )),
        Section("layer", "a layer name from the catalogue, heading a statement or called", (
            Rule(rf"{_HEAD}((?:{ws})?)({layer}){_WORD_END}{_NOT_KEY}", groups=(blank, layer_name)),
            Rule(rf"{_WORD_START}({layer})(?=\()", groups=(layer_name,)),
        )),
        Section("call", "keras.Input(...) and calls of Keras objects: l2(1e-4), adam()", (
            Rule(rf"{_WORD_START}({INPUT})(?=\()", groups=(("entity.name.function.input.seq",
                                                              "Name.Function"),)),
            Rule(rf"{_WORD_START}({callable_objects})(?=\()",
                 groups=(("support.function.keras.seq", "Name.Builtin"),)),
        )),
        Section("constant", "true, false, none in any case", (
            Rule(_WORD_START + word_regex(known.constants) + _WORD_END, "constant.language.seq",
                 "Keyword.Constant"),
        )),
        Section("known-word", "activations, paddings, Keras object names, dtypes", (
            Rule(_WORD_START + word_regex(known.activations) + _WORD_END,
                 "support.constant.activation.seq", "Name.Constant"),
            Rule(_WORD_START + word_regex(known.paddings) + _WORD_END,
                 "support.constant.padding.seq", "Name.Constant"),
            Rule(_WORD_START + object_words + _WORD_END, "support.constant.keras.seq",
                 "Name.Constant"),
            Rule(_WORD_START + word_regex(known.dtypes) + _WORD_END, "support.type.dtype.seq",
                 "Keyword.Type"),
        )),
        Section("number", "shapes (3x3), floats, integers; digits run into letters are invalid", (
            Rule(t["SHAPE"], "constant.numeric.shape.seq", "Number"),
            Rule(t["FLOAT"], "constant.numeric.float.seq", "Number.Float"),
            Rule(t["INT"], "constant.numeric.integer.seq", "Number.Integer"),
            Rule(r"[0-9][A-Za-z0-9_.]*", "invalid.illegal.number.seq", "Error"),
        )),
        Section("operator", "arithmetic and =", (
            Rule(f"{t['MUL_OP']}|{t['ADD_OP']}", "keyword.operator.arithmetic.seq", "Operator"),
            Rule(re.escape(t["EQUAL"]), "keyword.operator.assignment.seq", "Operator"),
        )),
        Section("punctuation", "brackets, braces, commas and semicolons", tuple(
            Rule(re.escape(t[term]), scope, "Punctuation") for term, scope in (
                ("LPAR", "punctuation.section.parens.begin.seq"),
                ("RPAR", "punctuation.section.parens.end.seq"),
                ("LSQB", "punctuation.section.brackets.begin.seq"),
                ("RSQB", "punctuation.section.brackets.end.seq"),
                ("LBRACE", "punctuation.section.braces.begin.seq"),
                ("RBRACE", "punctuation.section.braces.end.seq"),
                ("COMMA", "punctuation.separator.comma.seq"),
                ("SEMICOLON", "punctuation.terminator.statement.seq"),
            )
        )),
        Section("name", "any other name, whole, so that no rule matches inside it", (
            Rule(name, None, "Name"),
        )),
    )  # fmt: skip


# --- the TextMate grammar --------------------------------------------------------------------


def _textmate_rule(rule: Rule) -> dict[str, Any]:
    out: dict[str, Any] = {"match": rule.match}
    if rule.scope:
        out["name"] = rule.scope
    captures = {str(i): {"name": s} for i, (s, _) in enumerate(rule.groups, 1) if s}
    if captures:
        out["captures"] = captures
    return out


def _textmate_string(quote: str, kind: str) -> dict[str, Any]:
    return {
        "name": f"string.quoted.{kind}.seq",
        "begin": re.escape(quote),
        "beginCaptures": {"0": {"name": "punctuation.definition.string.begin.seq"}},
        # A string ends at its quote, or (unterminated, an error seqgen reports) at the line end.
        "end": re.escape(quote) + "|$",
        "endCaptures": {"0": {"name": "punctuation.definition.string.end.seq"}},
        "patterns": [{"include": "#string-escape"}],
    }


def textmate_grammar(catalog: Catalog | None = None) -> dict[str, Any]:
    """The TextMate grammar for `.seq` files, as JSON-ready data."""
    catalog = catalog or load_catalog()
    found = sections(catalog)
    repository: dict[str, Any] = {
        s.key: {"comment": s.comment, "patterns": [_textmate_rule(r) for r in s.rules]}
        for s in found
    }
    repository["string"] = {
        "comment": "strings in either quote, with Python's escapes",
        "patterns": [_textmate_string(q, kind) for q, kind in QUOTES.items()],
    }
    repository["string-escape"] = {
        "patterns": [
            {"match": ESCAPE, "name": "constant.character.escape.seq"},
            {"match": BAD_ESCAPE, "name": "invalid.illegal.unknown-escape.seq"},
        ]
    }
    order = ["comment", "string", *(s.key for s in found if s.key != "comment")]
    return {
        "$schema": "https://raw.githubusercontent.com/martinring/tmlanguage/master/tmlanguage.json",
        "name": "seq",
        "scopeName": SCOPE,
        "fileTypes": ["seq"],
        "comment": f"Generated by `{REGENERATE}` from seqgen's grammar and layer catalogue "
        f"(Keras {catalog.keras_version}). Do not edit.",
        "patterns": [{"include": f"#{key}"} for key in order],
        "repository": repository,
    }


def render(catalog: Catalog | None = None) -> str:
    """The grammar file's text: the same bytes for the same grammar and catalogue."""
    return json.dumps(textmate_grammar(catalog), indent=2, sort_keys=True) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    """Print the TextMate grammar, or write or check the committed one."""
    parser = argparse.ArgumentParser(
        prog="python -m seqgen.highlight", description=__doc__.split("\n")[0]
    )
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--write", action="store_true", help=f"write {_shown(GRAMMAR_PATH)}")
    mode.add_argument("--check", action="store_true",
                      help="exit 1 if the committed grammar differs from a fresh one")  # fmt: skip
    mode.add_argument("--plist", action="store_true",
                      help="print the grammar as a .tmLanguage property list (Sublime Text, "
                           "TextMate)")  # fmt: skip
    parser.add_argument("--output", type=Path, default=GRAMMAR_PATH, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.plist:
        import plistlib

        grammar = textmate_grammar()
        del grammar["$schema"]  # JSON only
        sys.stdout.write(plistlib.dumps(grammar, sort_keys=True).decode("utf-8"))
        return 0
    text = render()
    path: Path = args.output
    if args.check:
        current = path.read_text(encoding="utf-8") if path.is_file() else None
        if current == text:
            print(f"{_shown(path)}: up to date")
            return 0
        print(f"{_shown(path)}: {'out of date' if current else 'missing'}; run: {REGENERATE}",
              file=sys.stderr)  # fmt: skip
        return 1
    if args.write:
        if not path.parent.parent.is_dir():
            print(f"{path.parent.parent}: no such folder (--write works in a source checkout)",
                  file=sys.stderr)  # fmt: skip
            return 2
        path.parent.mkdir(exist_ok=True)
        if write_if_changed(path, text):
            print(f"wrote {_shown(path)} ({len(text.encode())} bytes)")
        else:
            print(f"{_shown(path)}: up to date")
        return 0
    sys.stdout.write(text)
    return 0


def _shown(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


if __name__ == "__main__":
    sys.exit(main())
