"""Keeps `docs/language.md` honest: its grammar, alias table, layer list and examples.

- the ```lark block is `grammar/seqgen.lark`, byte for byte;
- the alias table (the section "## Alias table") lists exactly `seqgen.catalog.ALIASES`;
- every layer class and RNN cell of the catalogue is named in the doc (as `Class`);
- every ```seq block generates without error, and every ```seq-error block is rejected with a
  `SeqgenError` (never another exception).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "language.md"
GRAMMAR = ROOT / "grammar" / "seqgen.lark"

_FENCE = re.compile(r"^```([^\n`]*)\n(.*?)^```[ \t]*$", re.MULTILINE | re.DOTALL)


def doc_text() -> str:
    return DOC.read_text(encoding="utf-8")


def blocks(tag: str) -> list[tuple[int, str]]:
    """(line number, text) of every fenced block whose info string is exactly `tag`."""
    text = doc_text()
    found = []
    for m in _FENCE.finditer(text):
        if m.group(1).strip() == tag:
            found.append((text.count("\n", 0, m.start()) + 1, m.group(2)))
    return found


def section(title: str) -> str:
    """The text of the `## title` section, up to the next `## ` heading."""
    text = doc_text()
    start = text.index(f"\n## {title}\n")
    end = text.find("\n## ", start + 1)
    return text[start : end if end != -1 else len(text)]


def test_grammar_block_is_the_grammar_file() -> None:
    grammar_blocks = blocks("lark")
    assert len(grammar_blocks) == 1, "docs/language.md should hold one ```lark block"
    assert grammar_blocks[0][1] == GRAMMAR.read_text(encoding="utf-8")


def test_alias_table_lists_exactly_the_aliases() -> None:
    from seqgen.catalog import ALIASES

    rows = re.findall(r"^\|\s*`([^`]+)`\s*\|\s*`([^`]+)`\s*\|\s*$", section("Alias table"), re.M)
    assert len(rows) == len(dict(rows)), "an alias is listed twice"
    assert dict(rows) == dict(ALIASES)


def test_every_catalogue_layer_is_named() -> None:
    from seqgen.catalog import load_catalog

    catalog = load_catalog()
    layers = section("Layers")
    missing = [c for c in (*catalog.layers, *catalog.cells) if f"`{c}`" not in layers]
    assert missing == [], f"layers missing from docs/language.md: {missing}"


SEQ_BLOCKS = blocks("seq")
ERROR_BLOCKS = blocks("seq-error")


def test_the_doc_has_examples() -> None:
    assert len(SEQ_BLOCKS) >= 20 and len(ERROR_BLOCKS) >= 20


@pytest.mark.parametrize("line,source", SEQ_BLOCKS, ids=[f"line{n}" for n, _ in SEQ_BLOCKS])
def test_seq_example_generates(line: int, source: str) -> None:
    import seqgen

    code = seqgen.generate(source, filename=f"language.md:{line}")
    compile(code, f"<docs/language.md:{line}>", "exec")


@pytest.mark.parametrize("line,source", ERROR_BLOCKS, ids=[f"line{n}" for n, _ in ERROR_BLOCKS])
def test_seq_error_example_is_rejected(line: int, source: str) -> None:
    import seqgen

    with pytest.raises(seqgen.SeqgenError):
        seqgen.generate(source, filename=f"language.md:{line}")
