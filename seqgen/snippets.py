"""Editor snippets: one per `.seq` model (Python), or one per catalogue layer (for `.seq` files).

    seqgen snippets model.seq ... --editor vscode|sublime|ultisnips [-o OUT]
    seqgen snippets --layers --editor vscode|sublime|ultisnips [-o OUT]

A model snippet's body is the model's generated fragment (`--form fragment`) with the values of
its parameter assignments (`width = 128`) as tab stops; a layer snippet is a shorthand statement
with the layer's required arguments (and those its catalogue example gives) as tab stops, then
padding and activation as choices (`conv2d ${1:32} ${2:3x3} ${3|valid,same|} ${4|relu,...|}`).
Both end with the final cursor `$0`.  Every other character of a body is literal text, escaped
per format; Sublime Text and UltiSnips get a choice's first item as a plain placeholder.

The committed `editors/vscode/snippets/seq-layers.code-snippets` is this module's output;
regenerate it after the catalogue changes (`tests/test_snippets.py` fails while it is stale):

    python -m seqgen snippets --layers --editor vscode \\
        -o editors/vscode/snippets/seq-layers.code-snippets

The command itself (its checks, reading the files, writing the output) is seqgen/cli/snippets.py.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from seqgen.syntax import Keyword, LayerStmt, ModelStmt, Word
from seqgen.kinds import ACTIVATION, PADDING

if TYPE_CHECKING:  # pragma: no cover - imported lazily
    from seqgen.catalog import Catalog, LayerSpec, ParamSpec
    from seqgen.options import Options

#: Layers that get no snippet, with the reason (each is tested to exist in the catalogue).
SKIPPED_LAYERS: Mapping[str, str] = {}

#: The activation offered first; the others follow in the catalogue's (alphabetical) order.
FIRST_ACTIVATION = "relu"


@dataclass(frozen=True)
class TabStop:
    """`${number:default}`, or a choice `${number|a,b|}` (default: the first); `$0` is the end."""

    number: int
    default: str = ""
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class Snippet:
    name: str  # the key of a VS Code snippet
    prefix: str  # what the user types
    description: str
    scope: str  # "python" for models, "seq" for layers
    body: tuple[str | TabStop, ...]  # literal text and tab stops, in order

    def expanded(self) -> str:
        """The text the snippet inserts when every tab stop keeps its default."""
        return "".join(part if isinstance(part, str) else part.default for part in self.body)


# --- model snippets ---------------------------------------------------------------------------


def model_snippet(source: str, options: Options, *, filename: str = "<string>") -> Snippet:
    """A snippet of the model's fragment code, its parameter defaults as tab stops."""
    from seqgen.api import build

    return fragment_snippet(source, build(source, options, filename=filename).code, filename)


def fragment_snippet(source: str, code: str, filename: str = "<string>") -> Snippet:
    """The snippet of `code`, the fragment generated from `source` (already checked)."""
    from seqgen.api import parse

    first = parse(source, filename=filename).statements[0]
    if isinstance(first, ModelStmt):
        name, params = first.name, [p.name for p in first.params]
    else:
        name, params = Path(filename).stem or "model", []
    body: list[str | TabStop] = []
    done = 0
    for number, (start, end) in enumerate(_parameter_values(code, params), 1):
        body += [code[done:start], TabStop(number, code[start:end])]
        done = end
    body += [code[done:], TabStop(0)]
    comment = leading_comment(source)
    return Snippet(
        name=name,
        prefix=_prefix(name),
        description=f"{name}: {comment}" if comment else name,
        scope="python",
        body=tuple(part for part in body if part != ""),
    )


def leading_comment(source: str) -> str:
    """The first paragraph of the `#` comment block that opens a file, as one line."""
    words: list[str] = []
    for line in source.split("\n"):
        line = line.strip()
        if not line.startswith("#"):
            if line or words:
                break
            continue
        text = line[1:].strip()
        if not text and words:
            break
        if text:
            words.append(text)
    return " ".join(words)


def _prefix(name: str) -> str:
    """A trigger word for a model name: `3dcnn`, `my model` → `my_model`."""
    return re.sub(r"[^A-Za-z0-9_-]+", "_", name).strip("_") or "model"


def _parameter_values(code: str, names: Sequence[str]) -> list[tuple[int, int]]:
    """Where the values of the fragment's leading `name = value` lines are (str offsets)."""
    import ast as python_ast

    from seqgen.errors import InternalError

    lines = code.splitlines(keepends=True)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))

    def offset(lineno: int, col: int) -> int:  # ast columns count UTF-8 bytes
        return starts[lineno - 1] + len(lines[lineno - 1].encode("utf-8")[:col].decode("utf-8"))

    spans = []
    statements = python_ast.parse(code).body
    for i, name in enumerate(names):
        node = statements[i] if i < len(statements) else None
        target = node.targets[0] if isinstance(node, python_ast.Assign) else None
        if not (isinstance(target, python_ast.Name) and target.id == name):
            raise InternalError(f"the fragment does not start by assigning parameter {name!r}")
        value = node.value
        spans.append((offset(value.lineno, value.col_offset),
                      offset(value.end_lineno, value.end_col_offset)))  # fmt: skip
    return spans


# --- layer snippets ---------------------------------------------------------------------------


def layer_snippets(catalog: Catalog, keras: str = "tensorflow") -> list[Snippet]:
    """One shorthand statement per layer that a `.seq` file can use in this import mode."""
    return [
        layer_snippet(spec, catalog, keras)
        for spec in sorted(catalog.layers.values(), key=lambda s: s.auto_name)
        if spec.expressible and keras in spec.modes and spec.cls not in SKIPPED_LAYERS
    ]


def layer_snippet(spec: LayerSpec, catalog: Catalog, keras: str = "tensorflow") -> Snippet:
    """`conv2d ${1:32} ${2:3x3} ${3|valid,same|} ${4|relu,...|}$0`: the required arguments (and
    those the catalogue example gives, such as `vocabulary=`), then padding and activation."""
    signature = spec.signature_for(keras)
    examples = _example_values(spec, catalog)
    positional: list[ParamSpec] = []
    keywords: list[ParamSpec] = []
    words: list[ParamSpec] = []  # shorthand words: they may stand anywhere, fill no slot
    leading = True  # still in the run of positional parameters that are all given
    for param in signature.params:
        if _is_shorthand(param):
            words.append(param)
            leading = leading and param.keyword_only
        elif (
            param.required or param.name in examples or (param.name == "padding" and param.choices)
        ):
            (positional if leading and not param.keyword_only else keywords).append(param)
        elif not param.keyword_only:
            leading = False
    body: list[str | TabStop] = [spec.auto_name]
    for number, param in enumerate(positional + keywords + words, 1):
        keyword = f"{param.name}=" if param in keywords else ""
        body += [f" {keyword}", _tab_stop(number, spec, param, catalog, examples)]
    body.append(TabStop(0))
    return Snippet(
        name=spec.cls,
        prefix=spec.auto_name,
        description=f"keras.layers.{spec.cls}",
        scope="seq",
        body=tuple(body),
    )


def _is_shorthand(param: ParamSpec) -> bool:
    """`relu` for activation=, `same` for padding= (docs/language.md, "Shorthand words")."""
    return (param.name, param.kind) == ("activation", ACTIVATION.name) or (
        (param.name, param.kind) == ("padding", PADDING.name) and bool(param.choices)
    )


def _tab_stop(number: int, spec: LayerSpec, param: ParamSpec, catalog: Catalog,
              examples: Mapping[str, str]) -> TabStop:  # fmt: skip
    if param.kind == ACTIVATION.name:
        rest = tuple(a for a in catalog.activations if a != FIRST_ACTIVATION)
        return TabStop(number, FIRST_ACTIVATION, (FIRST_ACTIVATION, *rest))
    if param.choices:
        choices = _default_first(param)
        return TabStop(number, choices[0], choices)
    return TabStop(number, _value(spec, param, examples))


def _default_first(param: ParamSpec) -> tuple[str, ...]:
    """A parameter's choices with its Keras default first: `valid, causal, same`."""
    default = param.default_value
    first = [c for c in param.choices if c == default]
    return tuple(first + [c for c in param.choices if c != default])


def _value(spec: LayerSpec, param: ParamSpec, examples: Mapping[str, str]) -> str:
    """A starting value: the catalogue's, else the catalogue example's, else the name itself."""
    return spec.starting_value(param.name) or examples.get(param.name) or param.name


def _example_values(spec: LayerSpec, catalog: Catalog) -> dict[str, str]:
    """The text of each argument in the layer's catalogue example, by parameter name."""
    from seqgen.parser import parse

    if not spec.example:
        return {}
    statement = parse(spec.example, "<catalogue example>").statements[0]
    if not isinstance(statement, LayerStmt):
        return {}
    shorthand = set(catalog.activations) | set(catalog.paddings)

    def text(node: Any) -> str:
        return spec.example[node.span.column - 1 : node.span.end_column - 1]

    values: dict[str, str] = {}
    slots = iter(spec.signature.positional)
    for arg in statement.args:
        if isinstance(arg, Keyword):
            values[arg.name] = text(arg.value)
        elif not (isinstance(arg, Word) and arg.name.lower() in shorthand):
            slot = next(slots, None)
            if slot is not None:
                values[slot.name] = text(arg)
    return values


# --- formats ----------------------------------------------------------------------------------


def _escape(text: str, chars: str) -> str:
    return re.sub("([" + re.escape(chars) + "])", r"\\\1", text)


def _body(snippet: Snippet, text: str, placeholder: str, choice: str | None) -> str:
    """The snippet's body: literal text with `text` escaped, tab stops in TextMate syntax."""
    out = []
    for part in snippet.body:
        if isinstance(part, str):
            out.append(_escape(part, text))
        elif part.number == 0:
            out.append("$0")
        elif part.choices and choice is not None:
            items = ",".join(_escape(c, choice) for c in part.choices)
            out.append(f"${{{part.number}|{items}|}}")
        else:
            out.append(f"${{{part.number}:{_escape(part.default, placeholder)}}}")
    return "".join(out)


def _one_line(text: str) -> str:
    """Descriptions are one line of printable text in every format."""
    return " ".join("".join(c if c.isprintable() else " " for c in text).split())


def render_vscode(snippets: Sequence[Snippet]) -> str:
    """A VS Code `.code-snippets` file: name → prefix, body (a list of lines), description."""
    data = {
        s.name: {
            "prefix": s.prefix,
            "body": _body(s, "$}\\", "$}\\", ",|\\").split("\n"),
            "description": _one_line(s.description),
            "scope": s.scope,
        }
        for s in snippets
    }
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def render_sublime(snippets: Sequence[Snippet]) -> dict[str, str]:
    """One `.sublime-snippet` XML file per snippet, by file name."""
    from xml.sax.saxutils import escape

    files = {}
    for s in snippets:
        content = _body(s, "$\\", "$}\\", None).replace("]]>", "]]]]><![CDATA[>")
        files[f"{s.prefix}.sublime-snippet"] = (
            "<snippet>\n"
            f"    <content><![CDATA[{content}]]></content>\n"
            f"    <tabTrigger>{escape(s.prefix)}</tabTrigger>\n"
            f"    <scope>source.{s.scope}</scope>\n"
            f"    <description>{escape(_one_line(s.description))}</description>\n"
            "</snippet>\n"
        )
    return files


def render_ultisnips(snippets: Sequence[Snippet]) -> str:
    """An UltiSnips `.snippets` file (`python.snippets` for models, `seq.snippets` for layers)."""
    out = ["# Code generated by seqgen snippets. DO NOT EDIT.\n"]
    for s in snippets:
        # UltiSnips has no escape in the description: its last `"` pair delimits it.
        description = _one_line(s.description).replace('"', "'")
        body = _body(s, "\\$`", "\\$`{}", None)
        out.append(f'\nsnippet {s.prefix} "{description}" b\n{body}\nendsnippet\n')
    return "".join(out)
