"""The shipped parse tables match the grammar, load without building, and hold only data."""

from __future__ import annotations

import json
from importlib.resources import files

from seqgen import parser
from seqgen.resources import read_text


def test_committed_tables_were_made_from_this_grammar() -> None:
    # Lark numbers LALR states differently from run to run, so the check is the key: the
    # tables were made from exactly this grammar text and this Lark version.
    committed = json.loads((files("seqgen") / "data" / "parser_tables.json").read_text("utf-8"))
    grammar = read_text("grammar", "seqgen.lark")
    assert committed["key"] == parser._grammar_key(grammar), (
        "grammar/seqgen.lark or Lark changed: run python -m seqgen.parser --write-tables"
    )


def test_tables_are_used_and_parse_like_the_grammar() -> None:
    grammar = read_text("grammar", "seqgen.lark")
    loaded = parser._load_tables(grammar)
    assert loaded is not None
    built = parser._build(grammar, transformer=parser._Builder())
    source = "model m(n=2)\ninput 28x28x1\nrepeat n { conv2d 8 (3,\n 3) same relu }\ndense 10"
    assert loaded.parse(source) == built.parse(source)


def test_a_changed_grammar_is_built_instead() -> None:
    assert parser._load_tables("start: NAME\n%import common.CNAME -> NAME\n") is None


def test_tables_are_plain_json() -> None:
    text = (files("seqgen") / "data" / "parser_tables.json").read_text(encoding="utf-8")
    json.loads(text)  # data only: no pickle, nothing that can run code



def test_both_parsers_hand_over_the_comments() -> None:
    grammar = read_text("grammar", "seqgen.lark")
    source = 'dense 1 name="#no" # one\ndense (  # two\n2) # three\n#four'
    fresh = parser._build(grammar, transformer=parser._Builder())
    for built in (parser._load_tables(grammar), fresh):
        found: list[parser.CommentToken] = []
        token = parser._COMMENTS.set(found)
        try:
            built.parse(source)
        finally:
            parser._COMMENTS.reset(token)
        assert found == [(1, 20, "# one"), (2, 10, "# two"), (3, 4, "# three"), (4, 1, "#four")]
    assert parser.parse_with_comments(source)[1] == found
