"""Syntax highlighting: the TextMate grammar, the VS Code extension and the Pygments lexer.

The TextMate grammar is run by a small tokenizer written here (the rules of vscode-textmate:
at each position the first pattern that matches wins, begin/end rules nest, captures name
groups, `include` pulls in repository entries), so the scopes asserted below are the ones an
editor shows (and the same as vscode-textmate with Oniguruma gives, checked once by hand over
every `.seq` file of the repository).  Layers are `entity.name.function.layer.seq`, calls of
Keras objects `support.function.keras.seq`.
"""

from __future__ import annotations

import json
import plistlib
import re
import subprocess
import sys
import warnings
from collections.abc import Iterator
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import pytest
from pygments.lexers import find_lexer_class_for_filename, get_lexer_by_name, get_lexer_for_filename
from pygments.token import Error, Keyword, Name, Number, Operator, String, Token

import seqgen
from seqgen import highlight, syntax
from seqgen.catalog import load_catalog
from seqgen.pygments_lexer import SeqLexer
from tests import corpus
from tests.conftest import ROOT

VSCODE = ROOT / "editors" / "vscode"
LAYER = "entity.name.function.layer.seq"
SEQ_FILES = corpus.sources("examples", "models")
ALL_SEQ_FILES = SEQ_FILES + corpus.sources("cases")


@lru_cache(maxsize=1)
def grammar() -> dict[str, Any]:
    return json.loads(highlight.GRAMMAR_PATH.read_text(encoding="utf-8"))


# --- a TextMate tokenizer --------------------------------------------------------------------

Piece = tuple[str, tuple[str, ...]]  # a run of text and its scopes, outermost first


class TextMate:
    """Tokenizes text line by line as vscode-textmate does, with Python's `re`."""

    def __init__(self, grammar: dict[str, Any]) -> None:
        self.grammar = grammar

    @staticmethod
    @cache
    def regex(pattern: str) -> re.Pattern[str]:
        return re.compile(pattern)

    def rules(self, patterns: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
        for p in patterns:
            if "include" in p:
                name = p["include"]
                target = self.grammar if name == "$self" else self.grammar["repository"][name[1:]]
                yield from self.rules([target] if "match" in target or "begin" in target
                                      else target["patterns"])  # fmt: skip
            elif "match" in p or "begin" in p:
                yield p
            else:
                yield from self.rules(p["patterns"])

    def tokenize(self, text: str) -> list[list[Piece]]:
        stack: list[tuple[dict[str, Any], tuple[str, ...]]] = []
        return [self.line(line + "\n", stack) for line in text.split("\n")]

    def line(self, line: str, stack: list[tuple[dict[str, Any], tuple[str, ...]]]) -> list[Piece]:
        out: list[Piece] = []
        pos = 0
        while pos < len(line):
            scopes = stack[-1][1] if stack else (self.grammar["scopeName"],)
            rule, patterns = (stack[-1][0], stack[-1][0].get("patterns", [])) if stack else (
                None, self.grammar["patterns"])  # fmt: skip
            end = rule and self.regex(rule["end"]).match(line, pos)
            if end:
                self.emit(out, end, scopes, rule.get("endCaptures", rule.get("captures", {})))
                stack.pop()
                pos = end.end()
                continue
            for p in self.rules(patterns):
                m = self.regex(p.get("match") or p["begin"]).match(line, pos)
                if m:
                    break
            else:
                out.append((line[pos], scopes))
                pos += 1
                continue
            inner = scopes + ((p["name"],) if "name" in p else ())
            if "match" in p:
                assert m.end() > pos, f"empty match of {p['match']!r}"
                self.emit(out, m, inner, p.get("captures", {}))
            else:
                self.emit(out, m, inner, p.get("beginCaptures", p.get("captures", {})))
                stack.append((p, inner))
            pos = m.end()
        return _merge(out)

    @staticmethod
    def emit(out: list[Piece], m: re.Match[str], scopes: tuple[str, ...],
             captures: dict[str, Any]) -> None:  # fmt: skip
        names = [(m.span(int(i)), c["name"]) for i, c in captures.items() if m.group(int(i))]
        for i in range(m.start(), m.end()):
            extra = tuple(name for (start, end), name in names if start <= i < end)
            out.append((m.string[i], scopes + extra))


def _merge(chars: list[Piece]) -> list[Piece]:
    tokens: list[Piece] = []
    for text, scopes in chars:
        if tokens and tokens[-1][1] == scopes:
            tokens[-1] = (tokens[-1][0] + text, scopes)
        else:
            tokens.append((text, scopes))
    return tokens


def scopes_by_text(source: str) -> dict[str, list[str]]:
    """Each token's text → the scopes it has below `source.seq`, joined by spaces."""
    out: dict[str, list[str]] = {}
    for line in TextMate(grammar()).tokenize(source):
        for text, scopes in line:
            for word in text.split() if len(scopes) == 1 else [text]:  # plain text: its words
                out.setdefault(word, []).append(" ".join(scopes[1:]))
    return out


def scope_at(lines: list[list[Piece]], line: int, column: int) -> str:
    """The scopes of the character at a 1-based line and column, joined by spaces."""
    col = 1
    for text, scopes in lines[line - 1]:
        if col <= column < col + len(text):
            return " ".join(scopes)
        col += len(text)
    raise AssertionError(f"no token at {line}:{column}")


# --- the committed grammar -------------------------------------------------------------------


def test_committed_grammar_is_fresh() -> None:
    assert (
        highlight.GRAMMAR_PATH.read_text(encoding="utf-8") == highlight.render()
    ), f"{highlight.GRAMMAR_PATH.relative_to(ROOT)} is stale: run {highlight.REGENERATE}"


def test_check_mode_reports_a_stale_grammar(tmp_path: Path) -> None:
    stale = tmp_path / "seq.tmLanguage.json"
    stale.write_text("{}\n")
    assert highlight.main(["--check", "--output", str(stale)]) == 1
    assert highlight.main(["--check"]) == 0


def test_plist_for_other_editors(capsys: pytest.CaptureFixture[str]) -> None:
    assert highlight.main(["--plist"]) == 0
    plist = plistlib.loads(capsys.readouterr().out.encode("utf-8"))
    assert plist == {k: v for k, v in grammar().items() if k != "$schema"}


def test_generation_is_deterministic() -> None:
    text = highlight.render()
    assert text == highlight.render() and text.endswith("}\n")
    assert json.loads(text) == grammar()


def _regexes(node: Any, path: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("match", "begin", "end") and isinstance(value, str):
                yield f"{path}.{key}", value
            else:
                yield from _regexes(value, f"{path}.{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _regexes(value, f"{path}[{i}]")


# Oniguruma-only or engine-dependent constructs: Unicode-dependent classes and \b, \h, \G, \K,
# \R, \X, \z, \Z, \p{..}, \A (use ^), named groups, atomic groups, POSIX brackets, comments.
_FORBIDDEN_ESCAPES = set("wWdDsSbBhHGKRXzZAQEpP")


def _unportable(regex: str) -> list[str]:
    problems = []
    i, in_class = 0, False
    while i < len(regex):
        c = regex[i]
        if c == "\\":
            if regex[i + 1] in _FORBIDDEN_ESCAPES:
                problems.append(f"\\{regex[i + 1]} at {i}")
            i += 2
            continue
        if in_class:
            if regex.startswith("[:", i) or regex.startswith("&&", i) or c == "[":
                problems.append(f"nested class or set operation at {i}")
            in_class = c != "]" or regex[i - 1] == "["
        elif c == "[":
            in_class = True
            if regex.startswith("[^]", i) or regex.startswith("[]", i):
                i += 1
        elif c in "*+?}" and regex.startswith("+", i + 1):
            problems.append(f"possessive quantifier at {i}")
        elif regex.startswith("(?", i) and (
            regex[i + 2] not in ":=!<i" or regex[i + 2] == "<" and regex[i + 3] not in "=!"
        ):
            problems.append(f"group {regex[i:i + 4]!r} at {i}")
        i += 1
    # Oniguruma allows no groups inside a lookbehind (and Python only fixed widths).
    lookbehinds = len(re.findall(r"\(\?<[=!]", regex))
    if len(re.findall(r"\(\?<[=!](?:[^()\\]|\\.)*\)", regex)) != lookbehinds:
        problems.append("a group inside a lookbehind")
    return problems


def test_every_regex_compiles_in_python_and_is_portable() -> None:
    found = list(_regexes(grammar()))
    assert len(found) > 30
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # FutureWarning: "possible nested set", ...
        for where, regex in found:
            re.compile(regex)
            assert not _unportable(regex), (where, _unportable(regex))


def test_the_portability_check_catches_oniguruma_only_constructs() -> None:
    for bad in [r"\h+", r"a*+", r"(?<n>a)", r"(?>a)", r"\bx\b", r"[[:alpha:]]", r"(?<=(a))",
                r"\Gx", r"[a-z&&[^x]]"]:  # fmt: skip
        assert _unportable(bad), bad
    for good in [r"[+-]?[0-9]+", r"(?<![A-Za-z0-9_])(?i:x)", r"[^}\r\n]*", r"(?:\+|\-)"]:
        assert not _unportable(good), good


def test_grammar_structure() -> None:
    g = grammar()
    assert g["scopeName"] == "source.seq" and g["fileTypes"] == ["seq"]
    used = {p["include"][1:] for p in g["patterns"]}
    for entry in g["repository"].values():
        used |= {p["include"][1:] for p in entry.get("patterns", []) if "include" in p}
        for rule in entry["patterns"]:
            used |= {p["include"][1:] for p in rule.get("patterns", []) if "include" in p}
    assert used == set(g["repository"])


def test_the_grammar_keywords_are_the_highlighted_ones() -> None:
    assert highlight.grammar_keywords() == set(highlight.KEYWORDS)


def test_every_rule_names_each_of_its_groups() -> None:
    for section in highlight.sections():
        for rule in section.rules:
            if rule.token is None:  # Pygments needs a token for every group (bygroups)
                assert len(rule.groups) == re.compile(rule.match).groups, rule
                assert all(token for _, token in rule.groups), rule


def test_word_regex() -> None:
    plain = re.compile(highlight.word_regex(["ab", "abc", "b", "a_c"]))
    assert all(plain.fullmatch(w) for w in ["ab", "ABC", "b", "a_c", "A_C"])
    assert not any(plain.fullmatch(w) for w in ["a", "abcd", "bb", "ac", "a_b"])
    loose = re.compile(highlight.word_regex(["Conv2D", "conv_lstm1d"], underscores=True))
    assert all(loose.fullmatch(w) for w in ["conv2d", "Conv_2D_", "_CONV2D", "ConvLSTM1D"])
    assert not any(loose.fullmatch(w) for w in ["conv", "conv2", "conv2dd", "conv-2d"])


# --- scopes of sample text -------------------------------------------------------------------

SAMPLE = """\
model mnist_convnet(width=28)  # c
input 28x28x1 dtype=int32
conv2d 32 3x3 same activation=relu
Conv_2D(32, (3, 3), padding="valid", name='c\\n\\q')
layers.MaxPooling2D(pool_size=2),
for f in [1_000, 2.5e-3, .5] { dense f softmax; dropout 0.1 }
repeat 2 { gelu_layer 4 }
bidirectional (lstm 8 return_sequences=TRUE) backward_layer=(gru 8 go_backwards=none)
dense 7*7*128 // 2 kernel_regularizer=l2(1e-4) as logits
sequential { dense 4 } as "head"
keras.Input(shape=(3,))
dense2 10 3X3 foo(1)
compile optimizer=Adam(0.1) loss=MSE metrics=[accuracy, auc()] jit_compile=auto
"""


def test_sample_scopes() -> None:
    s = scopes_by_text(SAMPLE)
    expected = {
        "model": "keyword.other.statement.seq",
        "mnist_convnet": "entity.name.type.model.seq",
        "width": "variable.parameter.seq",
        "# c": "comment.line.number-sign.seq",
        "input": "keyword.other.statement.seq",
        "28x28x1": "constant.numeric.shape.seq",
        "dtype": "variable.parameter.seq",
        "int32": "support.type.dtype.seq",
        "conv2d": LAYER,
        "3x3": "constant.numeric.shape.seq",
        "same": "support.constant.padding.seq",
        "activation": "variable.parameter.seq",
        "relu": "support.constant.activation.seq",
        "Conv_2D": LAYER,
        "valid": "string.quoted.double.seq",
        "\\n": "string.quoted.single.seq constant.character.escape.seq",
        "\\q": "string.quoted.single.seq invalid.illegal.unknown-escape.seq",
        "layers": "entity.name.namespace.seq",
        "MaxPooling2D": LAYER,
        "for": "keyword.control.loop.seq",
        "f": "variable.other.loop.seq",
        "in": "keyword.control.loop.seq",
        "1_000": "constant.numeric.integer.seq",
        "2.5e-3": "constant.numeric.float.seq",
        ".5": "constant.numeric.float.seq",
        "dense": LAYER,
        "softmax": "support.constant.activation.seq",
        "dropout": LAYER,
        "0.1": "constant.numeric.float.seq",
        "repeat": "keyword.control.loop.seq",
        "gelu_layer": "",
        "bidirectional": LAYER,
        "lstm": LAYER,
        "TRUE": "constant.language.seq",
        "gru": LAYER,
        "none": "constant.language.seq",
        "//": "keyword.operator.arithmetic.seq",
        "l2": "support.function.keras.seq",
        "1e-4": "constant.numeric.float.seq",
        "as": "keyword.other.as.seq",
        "logits": "string.unquoted.alias.seq",
        "sequential": "keyword.other.statement.seq",
        "Input": "entity.name.function.input.seq",
        "keras": "entity.name.namespace.seq",
        "dense2": "",
        "3X3": "invalid.illegal.number.seq",
        "foo": "",
        "Adam": "support.function.keras.seq",
        "MSE": "support.constant.keras.seq",
        "accuracy": "support.constant.keras.seq",
        "auc": "support.function.keras.seq",
        "auto": "",
    }
    for text, scope in expected.items():
        assert text in s, text
        assert s[text][0] == scope, (text, s[text])
    assert set(s["dense"]) == {LAYER}  # every time, in braces and after ;
    assert (
        s['"']
        == [
            "string.quoted.double.seq punctuation.definition.string.begin.seq",
            "string.quoted.double.seq punctuation.definition.string.end.seq",
        ]
        * 2
    )
    assert set(s["="]) == {"keyword.operator.assignment.seq"}
    assert s["{"][0] == "punctuation.section.braces.begin.seq"
    assert s["("][0] == "punctuation.section.parens.begin.seq"
    assert s[";"] == ["punctuation.terminator.statement.seq"]
    assert s["*"] == ["keyword.operator.arithmetic.seq"] * 2


def test_words_by_position() -> None:
    s = scopes_by_text("relu 4\ndense 4 relu\nactivation relu\nActivation(activation=relu)\n"
                       "dense 4 activation=softmax\nsoftmax\nx = 1; same\n")  # fmt: skip
    assert s["relu"] == [LAYER, "support.constant.activation.seq", "support.constant.activation.seq",
                         "support.constant.activation.seq"]  # fmt: skip
    assert s["activation"] == [LAYER, "variable.parameter.seq", "variable.parameter.seq"]
    assert s["Activation"] == [LAYER]
    assert s["softmax"] == ["support.constant.activation.seq", LAYER]
    assert s["same"] == ["support.constant.padding.seq"]
    # keywords are keywords only where statements have them, and lower case
    s = scopes_by_text("dense 4 name=input\nModel x\nrepeat_vector 3\nformat 2\n")
    assert s["input"] == [""] and s["Model"] == [""] and s["format"] == [""]
    assert s["repeat_vector"] == [LAYER]


def test_a_string_ends_at_its_line() -> None:
    lines = TextMate(grammar()).tokenize('dense 1 name="open\ndense 2\n')
    assert lines[1][0] == ("dense", ("source.seq", LAYER))


def _layer_words(names: list[str]) -> list[str]:
    out = []
    for name in names:
        out += [name, name.upper(), name.lower(), "_".join(name), name + "_"]
    return out


def test_every_catalogue_layer_name_in_every_spelling() -> None:
    tm = TextMate(grammar())
    names = load_catalog().layer_names()
    assert len(names) > 200
    for word in _layer_words(names):
        for text, column in [(f"{word} 1", 0), (f"x ({word} 1)", 3), (f"x=layers.{word}(1)", 9),
                             (f"a; {word}", 3), (f"repeat 2 {{ {word} }}", 11)]:  # fmt: skip
            tokens = tm.line(text + "\n", [])
            assert _token_at(tokens, column) == (word, ("source.seq", LAYER)), (text, tokens)


def test_other_words_are_no_layers() -> None:
    catalog = load_catalog()
    words = ["dense2", "add", "concatenate", "multi_head_attention", "convv2d", "dense_x", "x",
             "relu6", *catalog.activations]  # fmt: skip
    tm = TextMate(grammar())
    for word in words:
        if catalog.lookup(word):  # softmax, elu, relu: layers too
            continue
        tokens = tm.line(f"{word} 1\n", [])
        assert LAYER not in tokens[0][1], (word, tokens)


def _token_at(tokens: list[Piece], column: int) -> Piece:
    col = 0
    for text, scopes in tokens:
        if col == column:
            return text, scopes
        col += len(text)
    raise AssertionError(f"no token starts at column {column}: {tokens}")


def _layer_statements(nodes: Any) -> Iterator[syntax.LayerStmt]:
    """Every layer statement of a program, nested layers included."""
    if isinstance(nodes, syntax.LayerStmt):
        yield nodes
    if isinstance(nodes, (list, tuple)):
        for node in nodes:
            yield from _layer_statements(node)
    elif hasattr(nodes, "__dataclass_fields__"):
        for field in nodes.__dataclass_fields__:
            if field != "span":
                yield from _layer_statements(getattr(nodes, field))


@pytest.mark.parametrize("seq", SEQ_FILES, ids=lambda s: s.id)
def test_every_layer_statement_head_is_a_layer(seq: corpus.Source) -> None:
    source = seq.text
    lines = TextMate(grammar()).tokenize(source)
    program = seqgen.parse(source)
    heads = list(_layer_statements(program))
    assert heads
    for stmt in heads:
        short = stmt.name.rsplit(".", 1)[-1]  # layers.Dense: the class name
        column = stmt.name_span.column + len(stmt.name) - len(short)
        scope = scope_at(lines, stmt.name_span.line, column)
        assert scope.endswith(LAYER), (stmt.name, stmt.name_span, scope)
    for stmt in program.statements:
        if isinstance(stmt, (syntax.ModelStmt, syntax.InputStmt, syntax.CompileStmt, syntax.ForBlock)):
            keyword = scope_at(lines, stmt.span.line, stmt.span.column)
            assert "keyword" in keyword or "function.input" in keyword, (stmt, keyword)


def test_escapes_agree_with_the_parser() -> None:
    tm = TextMate(grammar())
    for escape in ["\\n", "\\t", "\\\\", '\\"', "\\'", "\\x41", "\\u00e9", "\\U0001F600",
                   "\\101", "\\0", "\\N{BULLET}", "\\q", "\\x4", "\\u12", "\\U1234", "\\N"]:  # fmt: skip
        source = f'dense 1 name="{escape}"'
        try:
            seqgen.parse(source)
            valid = True
        except seqgen.SeqgenError:
            valid = False
        tokens = tm.line(source + "\n", [])
        scope = _token_at(tokens, 14)[1][-1]
        assert scope == ("constant.character.escape.seq" if valid
                         else "invalid.illegal.unknown-escape.seq"), (escape, tokens)  # fmt: skip


# --- the VS Code extension -------------------------------------------------------------------


def _json(name: str) -> Any:
    return json.loads((VSCODE / name).read_text(encoding="utf-8"))


def test_package_json() -> None:
    package = _json("package.json")
    assert package["name"] == "seqgen-seq" and package["publisher"] == "seqgen"
    assert package["version"] == seqgen.__version__, "editors/vscode/package.json version"
    assert package["engines"]["vscode"].startswith("^1.")
    contributes = package["contributes"]
    (language,) = contributes["languages"]
    assert language["id"] == "seq" and language["extensions"] == [".seq"]
    assert language["aliases"][0] == "seq"
    (tm,) = contributes["grammars"]
    assert tm["language"] == "seq" and tm["scopeName"] == grammar()["scopeName"]
    assert (VSCODE / tm["path"]).resolve() == highlight.GRAMMAR_PATH
    (snippets,) = contributes["snippets"]
    assert snippets["language"] == "seq"
    paths = [language["configuration"], tm["path"], snippets["path"]]
    assert all(p.startswith("./") for p in paths)
    for p in paths:  # the snippets are written by `seqgen snippets --layers --editor vscode`
        assert (VSCODE / p).is_file(), f"editors/vscode/{p} is missing"


def test_language_configuration() -> None:
    config = _json("language-configuration.json")
    assert config["comments"] == {"lineComment": "#"}
    assert config["brackets"] == [["{", "}"], ["[", "]"], ["(", ")"]]
    closing = {(p["open"], p["close"]) for p in config["autoClosingPairs"]}
    assert closing == {("{", "}"), ("[", "]"), ("(", ")"), ('"', '"'), ("'", "'")}
    assert {tuple(p) for p in config["surroundingPairs"]} == closing
    rules = config["indentationRules"]
    increase = re.compile(rules["increaseIndentPattern"])
    decrease = re.compile(rules["decreaseIndentPattern"])
    for line in ["repeat 3 {", "for f in [1, 2] {  # loop", "sequential {", "dense 10 l2(",
                 "compile metrics=["]:  # fmt: skip
        assert increase.search(line), line
    for line in ["dense 10", "repeat 2 { dense 4 }", "# {", "dense 1 name='{'"]:
        assert not increase.search(line), line
    assert decrease.search("  }") and decrease.search("} as block") and decrease.search(")")
    assert not decrease.search("dense 4 }")


def test_vscodeignore_keeps_the_contributed_files() -> None:
    ignored = (VSCODE / ".vscodeignore").read_text(encoding="utf-8").split()
    assert not {"package.json", "syntaxes/**", "snippets/**", "*.json"} & set(ignored)


# --- the Pygments lexer ----------------------------------------------------------------------


def test_the_lexer_is_found_by_pygments() -> None:
    assert type(get_lexer_by_name("seq")) is SeqLexer
    assert type(get_lexer_by_name("seqgen")) is SeqLexer
    assert type(get_lexer_for_filename("x.seq")) is SeqLexer
    assert find_lexer_class_for_filename("models/mnist.seq") is SeqLexer


@pytest.mark.parametrize("seq", ALL_SEQ_FILES, ids=lambda s: s.id)
def test_the_lexer_reads_every_example(seq: corpus.Source) -> None:
    text = seq.text
    lexer = SeqLexer()
    tokens = list(lexer.get_tokens_unprocessed(text))
    assert "".join(value for _, _, value in tokens) == text
    assert [v for _, t, v in tokens if t in Error] == []
    if text.endswith("\n") and not text.startswith("\n"):
        assert "".join(v for _, v in lexer.get_tokens(text)) == text
    # the layers are the ones the TextMate grammar finds, at the same places
    lines = TextMate(grammar()).tokenize(text)
    starts = {i for i, t, v in tokens if t is Name.Function and v != "Input"}
    offsets = [0]
    for line in text.split("\n"):
        offsets.append(offsets[-1] + len(line) + 1)
    tm_starts = set()
    for n, line_tokens in enumerate(lines):
        col = 0
        for value, scopes in line_tokens:
            if scopes[-1] == LAYER:
                tm_starts.add(offsets[n] + col)
            col += len(value)
    assert starts == tm_starts


def test_the_lexer_classifies_tokens() -> None:
    source = ("model m(width=28)  # c\ninput 28x28x1 dtype=int32\nconv2d 32 3x3 same activation=relu\n"
              "layers.Dense(4, name='a\\tb') as out\nfor f in [1_000, 1e-3] { dropout f }\n"
              "dense 2 use_bias=False kernel_regularizer=l2(0.01)\nrescaling 1/255 -1\n"
              "compile optimizer=adam\n")  # fmt: skip
    tokens = [(t, v) for t, v in SeqLexer().get_tokens(source) if v.strip()]
    assert tokens == [
        (Keyword, "model"), (Name.Class, "m"), (Token.Punctuation, "("),
        (Name.Attribute, "width"), (Operator, "="), (Number.Integer, "28"),
        (Token.Punctuation, ")"), (Token.Comment.Single, "# c"),
        (Keyword, "input"), (Number, "28x28x1"), (Name.Attribute, "dtype"), (Operator, "="),
        (Keyword.Type, "int32"),
        (Name.Function, "conv2d"), (Number.Integer, "32"), (Number, "3x3"),
        (Name.Constant, "same"), (Name.Attribute, "activation"), (Operator, "="),
        (Name.Constant, "relu"),
        (Name.Namespace, "layers"), (Token.Punctuation, "."), (Name.Function, "Dense"),
        (Token.Punctuation, "("), (Number.Integer, "4"), (Token.Punctuation, ","),
        (Name.Attribute, "name"), (Operator, "="), (String.Single, "'"), (String.Single, "a"),
        (String.Escape, "\\t"), (String.Single, "b"), (String.Single, "'"),
        (Token.Punctuation, ")"), (Keyword, "as"), (String.Symbol, "out"),
        (Keyword, "for"), (Name.Variable, "f"), (Keyword, "in"), (Token.Punctuation, "["),
        (Number.Integer, "1_000"), (Token.Punctuation, ","), (Number.Float, "1e-3"),
        (Token.Punctuation, "]"), (Token.Punctuation, "{"), (Name.Function, "dropout"),
        (Name, "f"), (Token.Punctuation, "}"),
        (Name.Function, "dense"), (Number.Integer, "2"), (Name.Attribute, "use_bias"),
        (Operator, "="), (Keyword.Constant, "False"), (Name.Attribute, "kernel_regularizer"),
        (Operator, "="), (Name.Builtin, "l2"), (Token.Punctuation, "("),
        (Number.Float, "0.01"), (Token.Punctuation, ")"),
        (Name.Function, "rescaling"), (Number.Integer, "1"), (Operator, "/"),
        (Number.Integer, "255"), (Operator, "-"), (Number.Integer, "1"),
        (Keyword, "compile"), (Name.Attribute, "optimizer"), (Operator, "="),
        (Name.Constant, "adam"),
    ]  # fmt: skip


def test_the_lexer_marks_what_seqgen_cannot_read() -> None:
    tokens = list(SeqLexer().get_tokens('conv2d 3X3 name="a\\qb" @\n'))
    errors = [v for t, v in tokens if t in Error]
    assert errors == ["3X3", "\\q", "@"]


def test_pygments_stays_optional() -> None:
    # Only seqgen/pygments_lexer.py imports Pygments, and nothing in seqgen imports it.
    for path in (ROOT / "seqgen").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        if path.name != "pygments_lexer.py":
            assert not re.search(r"^\s*(from|import) pygments", text, re.MULTILINE), path
        assert not re.search(r"^\s*(from|import) seqgen(\.pygments_lexer| import .*pygments_lexer)",
                             text, re.MULTILINE), path  # fmt: skip
    code = ("import sys, seqgen, seqgen.api, seqgen.cli, seqgen.highlight; "
            "seqgen.generate('dense 1'); seqgen.highlight.render(); "
            "assert 'pygments' not in sys.modules, 'pygments imported'")  # fmt: skip
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT, timeout=120)
