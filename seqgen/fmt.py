"""`seqgen fmt`: `.seq` text → the same program in seqgen's one canonical layout.

The formatter prints the syntax tree (so it cannot change what a file means) together with the
comments the parser skips (its lexer hands them over: `parser.parse_with_comments`), each
attached to the statement or bracketed item it stands beside.

The layout (docs/editors.md has examples):

- one statement per line (`a; b` becomes two lines); a block's body indented by four spaces,
  `{` ending the header line, `}` on a line of its own followed by its `as NAME`;
- one space between shorthand arguments, `key=value` without spaces, `, ` between items, one
  space around a binary operator and none after a sign (`rescaling 1 / 127.5 -1`);
- strings, numbers and names exactly as written (quotes, escapes, `1e-4`, `1_000`); shorthand
  stays shorthand and call form stays call form; layer names keep their case unless
  `layer_case` asks for Keras's snake case (`lower`) or its class names (`keras`);
- comments stay where they were, on their own line or after code (`#note` becomes `# note`);
  a run of blank lines becomes one, and no block or file starts or ends with one;
- a line longer than `line_length` is wrapped inside its last bracket as black does: first the
  bracket's contents on one indented line, else one item per line with a trailing comma.  A
  line without brackets cannot be wrapped (a line end would end the statement) and stays long.

Like black, the result is checked before it is returned: it must parse to the same tree (spans
aside), keep every comment and format to itself; anything else is a seqgen bug
(`InternalError`), never a changed file.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any, Union

from seqgen import syntax
from seqgen.syntax import Span
from seqgen.errors import InternalError
from seqgen.options import FMT_LINE_LENGTH as LINE_LENGTH, LAYER_CASES

INDENT = 4

Pos = tuple[int, int]


@dataclass(frozen=True, slots=True)
class Comment:
    line: int
    column: int
    text: str  # normalized: `# note`

    @property
    def pos(self) -> Pos:
        return (self.line, self.column)


# --- the layout tree: text and bracketed groups ----------------------------------------------

Part = Union[str, "Group"]


@dataclass(eq=False)
class Item:
    """One entry of a bracket: an argument, a tuple element, a nested layer's word."""

    parts: list[Part]
    span: Span
    leading: list[str] = field(default_factory=list)  # comments on lines of their own before it
    trailing: str | None = None  # a comment after it on its line


@dataclass(eq=False)
class Group:
    open: str  # "Conv2D(", "(", "["
    close: str
    items: list[Item]
    start: Pos  # the opening bracket
    end: Pos  # the closing bracket
    sep: str = ", "  # " " between the words of a nested layer
    comma: bool = True  # a trailing comma when the items stand one per line
    single_comma: bool = False  # a one-element tuple keeps its comma: (10,)
    dangling: list[str] = field(default_factory=list)  # comments after the last item

    def has_comments(self) -> bool:
        return bool(self.dangling) or any(
            i.leading or i.trailing or _parts_have_comments(i.parts) for i in self.items
        )


def _parts_have_comments(parts: list[Part]) -> bool:
    return any(isinstance(p, Group) and p.has_comments() for p in parts)


def _flat(parts: list[Part]) -> str | None:
    """The parts on one line, or None when a comment forces a line break."""
    out = []
    for p in parts:
        if isinstance(p, str):
            out.append(p)
            continue
        inner = _flat_items(p)
        if inner is None:
            return None
        out.append(p.open + inner + p.close)
    return "".join(out)


def _flat_items(g: Group) -> str | None:
    if g.dangling:
        return None
    texts = []
    for item in g.items:
        if item.leading or item.trailing:
            return None
        text = _flat(item.parts)
        if text is None:
            return None
        texts.append(text)
    joined = g.sep.join(texts)
    return joined + "," if g.single_comma and len(texts) == 1 else joined


def _layout(parts: list[Part], indent: int, width: int) -> list[str]:
    """One logical line as physical lines, split inside brackets black-style when too long."""
    pad = " " * indent
    flat = _flat(parts)
    if flat is not None and indent + len(flat) <= width:
        return [pad + flat]
    groups = [i for i, p in enumerate(parts) if isinstance(p, Group) and (p.items or p.dangling)]
    if not groups:
        return [pad + "".join(p if isinstance(p, str) else p.open + p.close for p in parts)]
    forced = [i for i in groups if parts[i].has_comments()]  # type: ignore[union-attr]
    candidates = forced or groups
    k = candidates[-1]
    # Split the last bracket, unless an earlier one leaves both the head and the tail short
    # enough to stand on one line each (black's "omitting trailers").
    for i in reversed(candidates):
        g = parts[i]  # type: ignore[assignment]
        head, tail = _flat([*parts[:i], g.open]), _flat([g.close, *parts[i + 1 :]])
        if head is not None and tail is not None and indent + max(len(head), len(tail)) <= width:
            k = i
            break
    g: Group = parts[k]  # type: ignore[no-redef]
    head = _layout([*parts[:k], g.open], indent, width)
    tail = _layout([g.close, *parts[k + 1 :]], indent, width)
    return head + _body(g, indent + INDENT, width) + tail


def _body(g: Group, indent: int, width: int) -> list[str]:
    pad = " " * indent
    flat = _flat_items(g)
    if flat is not None and indent + len(flat) <= width:
        return [pad + flat]
    if g.sep == " ":
        return _fill(g, indent, width)
    lines: list[str] = []
    last = len(g.items) - 1
    for i, item in enumerate(g.items):
        lines += [pad + c for c in item.leading]
        comma = g.sep == ", " and (g.comma or i < last)
        sub = _layout([*item.parts, ","] if comma else item.parts, indent, width)
        if item.trailing:
            sub[-1] += "  " + item.trailing
        lines += sub
    return lines + [pad + c for c in g.dangling]


def _fill(g: Group, indent: int, width: int) -> list[str]:
    """The words of a nested layer filled onto lines like a paragraph (line ends inside
    brackets do not end the statement)."""
    pad = " " * indent
    lines: list[str] = []
    line = ""

    def flush() -> None:
        nonlocal line
        if line:
            lines.append(pad + line)
            line = ""

    for item in g.items:
        if item.leading:
            flush()
            lines.extend(pad + c for c in item.leading)
        text = _flat(item.parts)
        if text is None:  # a bracket with comments inside: laid out on lines of its own
            flush()
            lines.extend(_layout(item.parts, indent, width))
        elif line and indent + len(line) + 1 + len(text) > width:
            flush()
            line = text
        else:
            line = f"{line} {text}" if line else text
        if item.trailing:
            if line:
                line += "  " + item.trailing
                flush()
            else:
                lines[-1] += "  " + item.trailing
    flush()
    return lines + [pad + c for c in g.dangling]


# --- comments ---------------------------------------------------------------------------------


def _normalize_comment(text: str) -> str:
    text = text.rstrip()
    body = text[1:]
    if body and not body.startswith((" ", "#", "!", "\t")):
        return "# " + body
    return text


def _comments(found: list[tuple[int, int, str]]) -> list[Comment]:
    return [Comment(line, column, _normalize_comment(text)) for line, column, text in found]


def comments(source: str, filename: str = "<string>") -> list[Comment]:
    """Every comment of `.seq` text, as the parser's lexer finds them (raises `SeqgenError`
    for text that does not parse)."""
    from seqgen.parser import parse_with_comments

    return _comments(parse_with_comments(source, filename)[1])


# --- the printer ------------------------------------------------------------------------------


def _end(span: Span) -> Pos:
    return (span.end_line, span.end_column)


def _start(span: Span) -> Pos:
    return (span.line, span.column)


class _Printer:
    def __init__(self, source: str, line_length: int, layer_case: str) -> None:
        self.lines = [line.rstrip("\r") for line in source.split("\n")]
        self.width = line_length
        self.layer_case = layer_case
        self.groups: list[Group] = []  # of the statement being printed
        self.out: list[str] = []

    # raw text of single-line tokens, exactly as written

    def raw(self, span: Span) -> str:
        return self.lines[span.line - 1][span.column - 1 : span.end_column - 1]

    def alias(self, alias: syntax.Alias | None) -> list[Part]:
        if alias is None:
            return []
        text = self.raw(alias.span)
        return [" as " + text[2:].lstrip()]

    def layer_name(self, name: str) -> str:
        if self.layer_case == "preserve":
            return name
        from seqgen.catalog import load_catalog, normalize

        found = load_catalog().lookup(name)
        if found is None or normalize(name) != normalize(found[1].cls):
            return name  # unknown, or an alias such as maxpool2d: as written
        spec = found[1]
        if self.layer_case == "keras":
            return spec.cls
        return spec.auto_name if normalize(spec.auto_name) == normalize(name) else name.lower()

    # values

    def group(self, open_: str, close: str, items: list[Item], start: Pos, end: Pos,
              **kw: Any) -> Group:  # fmt: skip
        g = Group(open_, close, items, start, end, **kw)
        self.groups.append(g)
        return g

    def bracket(self, open_: str, close: str, exprs: tuple[Any, ...], span: Span,
                **kw: Any) -> Group:  # fmt: skip
        end = (span.end_line, span.end_column - 1)
        g = self.group(open_, close, [], _start(span), end, **kw)
        g.items = [self.item(e) for e in exprs]
        return g

    def item(self, node: Any) -> Item:
        return Item(self.arg(node), node.span)

    def arg(self, node: Any) -> list[Part]:
        if isinstance(node, syntax.Keyword):
            return [node.name + "=", *self.expr(node.value)]
        return self.expr(node)

    def expr(self, e: syntax.Expr) -> list[Part]:
        if isinstance(e, syntax.Number):
            return [e.text]
        if isinstance(e, (syntax.String, syntax.Shape)):
            return [self.raw(e.span)]
        if isinstance(e, syntax.Word):
            return [e.name]
        if isinstance(e, syntax.TupleExpr):
            return [self.bracket("(", ")", e.items, e.span, single_comma=len(e.items) == 1)]
        if isinstance(e, syntax.ListExpr):
            return [self.bracket("[", "]", e.items, e.span)]
        if isinstance(e, syntax.Paren):
            return [self.bracket("(", ")", (e.value,), e.span, comma=False)]
        if isinstance(e, syntax.BinOp):
            return [*self.expr(e.left), f" {e.op} ", *self.expr(e.right)]
        if isinstance(e, syntax.UnaryOp):
            return [e.op, *self.expr(e.operand)]
        if isinstance(e, syntax.Call):
            return [self.call(e.name, e.args, e.span, e.name_span)]
        if isinstance(e, syntax.NestedLayer):
            layer = e.layer
            g = self.group("(", ")", [], _start(e.span), (e.span.end_line, e.span.end_column - 1),
                           sep=" ", comma=False)  # fmt: skip
            g.items = [Item([self.layer_name(layer.name)], layer.name_span)]
            g.items += [self.item(a) for a in layer.args]
            if layer.alias is not None:
                g.items.append(Item([self.alias(layer.alias)[0].strip()], layer.alias.span))
            return [g]
        raise InternalError(f"fmt: unexpected node {type(e).__name__}")  # pragma: no cover

    def call(self, name: str, args: tuple[Any, ...], span: Span, name_span: Span) -> Group:
        g = self.group(name + "(", ")", [], _end(name_span), (span.end_line, span.end_column - 1))
        g.items = [self.item(a) for a in args]
        return g

    # statements

    def statement_parts(self, s: syntax.Statement) -> list[Part]:
        if isinstance(s, syntax.LayerStmt):
            if s.call_form:
                g = self.group(s.name + "(", ")", [], _end(s.name_span), self._call_end(s))
                g.items = [self.item(a) for a in s.args]
                return [g, *self.alias(s.alias)]
            parts: list[Part] = [self.layer_name(s.name)]
            for a in s.args:
                parts += [" ", *self.arg(a)]
            return parts + self.alias(s.alias)
        if isinstance(s, syntax.InputStmt):
            if s.call_name is not None:
                name_end = (s.span.line, s.span.column + len(s.call_name))
                g = self.group(s.call_name + "(", ")", [], name_end, self._close_before(s.span))
                g.items = [self.item(a) for a in s.args]
                return [g]
            return self.words("input", s.args)
        if isinstance(s, syntax.CompileStmt):
            return self.words("compile", s.args)
        if isinstance(s, syntax.ModelStmt):
            parts = ["model " + self.raw(s.name_span)]
            if s.params:
                g = self.group("(", ")", [], _end(s.name_span),
                               (s.span.end_line, s.span.end_column - 1))  # fmt: skip
                g.items = [Item([p.name + "=", *self.expr(p.value)], p.span) for p in s.params]
                parts.append(g)
            return parts
        raise InternalError(f"fmt: unexpected statement {type(s).__name__}")  # pragma: no cover

    def words(self, keyword: str, args: tuple[Any, ...]) -> list[Part]:
        parts: list[Part] = [keyword]
        for a in args:
            parts += [" ", *self.arg(a)]
        return parts

    def _close_before(self, span: Span) -> Pos:
        """The `)` closing a call statement: the last one at or before the span's end."""
        line = span.end_line
        text = self.lines[line - 1][: span.end_column - 1]
        return (line, text.rindex(")") + 1)

    def _call_end(self, s: syntax.LayerStmt) -> Pos:
        if s.alias is None:
            return self._close_before(s.span)
        a = s.alias.span
        return self._close_before(Span(a.line, a.column, a.line, a.column))

    # bodies, blocks and blank lines

    def body(self, stmts: tuple[syntax.Statement, ...], notes: list[Comment], indent: int,
             prev: int | None) -> None:  # fmt: skip
        pad = " " * indent
        i = 0
        for n, s in enumerate(stmts):
            start = _start(s.span)
            nxt = _start(stmts[n + 1].span) if n + 1 < len(stmts) else None
            while i < len(notes) and notes[i].pos < start:
                prev = self.blank(prev, notes[i].line)
                self.out.append(pad + notes[i].text)
                prev = notes[i].line
                i += 1
            mine = []
            while i < len(notes) and (nxt is None or notes[i].pos < nxt) and (
                notes[i].line <= s.span.end_line
            ):
                mine.append(notes[i])
                i += 1
            prev = self.blank(prev, s.span.line)
            self.statement(s, mine, indent)
            prev = s.span.end_line
        for c in notes[i:]:
            prev = self.blank(prev, c.line)
            self.out.append(pad + c.text)
            prev = c.line

    def blank(self, prev: int | None, line: int) -> int | None:
        if prev is not None and line > prev + 1:
            self.out.append("")
        return prev

    def statement(self, s: syntax.Statement, notes: list[Comment], indent: int) -> None:
        if isinstance(s, (syntax.SequentialBlock, syntax.RepeatBlock, syntax.ForBlock)):
            self.block(s, notes, indent)
            return
        self.groups = []
        parts = self.statement_parts(s)
        trailing = self.place(notes, _end(s.span))
        lines = _layout(parts, indent, self.width)
        if trailing:
            lines[-1] += "  " + trailing
        self.out += lines

    def place(self, notes: list[Comment], after: Pos) -> str | None:
        """Attach a statement's inner comments to its groups; return the comment after it."""
        trailing = None
        for c in notes:
            if c.pos >= after:
                trailing = c.text
                continue
            inside = [g for g in self.groups if g.start < c.pos < g.end]
            if not inside:  # pragma: no cover - every inner comment is inside brackets
                raise InternalError(f"fmt: cannot place the comment at line {c.line}")
            g = max(inside, key=lambda g: g.start)
            before = [it for it in g.items if it.span.end_line == c.line and _end(it.span) <= c.pos]
            if before:
                max(before, key=lambda it: _end(it.span)).trailing = c.text
                continue
            later = [it for it in g.items if _start(it.span) > c.pos]
            if later:
                later[0].leading.append(c.text)
            else:
                g.dangling.append(c.text)
        return trailing

    def block(self, s: Any, notes: list[Comment], indent: int) -> None:
        self.groups = []
        if isinstance(s, syntax.SequentialBlock):
            header: list[Part] = ["sequential {"]
            after_header = (s.span.line, s.span.column + len("sequential"))
        elif isinstance(s, syntax.RepeatBlock):
            header = ["repeat ", *self.expr(s.count), " {"]
            after_header = _end(s.count.span)
        else:
            header = [f"for {s.var} in ", *self.expr(s.values), " {"]
            after_header = _end(s.values.span)
        line = self.lines[after_header[0] - 1]
        open_ = (after_header[0], line.index("{", after_header[1] - 1) + 1)
        alias = getattr(s, "alias", None)
        if alias is None:
            close = (s.span.end_line, s.span.end_column - 1)
        else:
            a = alias.span
            close = (a.line, self.lines[a.line - 1].rindex("}", 0, a.column - 1) + 1)
        first = _start(s.body[0].span) if s.body else close
        head_notes = [c for c in notes if c.pos < open_]
        header_trailing = [c for c in notes if open_ < c.pos < first and c.line == open_[0]]
        inner = [c for c in notes if open_ < c.pos < close and c not in header_trailing]
        after = [c for c in notes if c.pos > close]
        self.place(head_notes, (10**9, 0))
        lines = _layout(header, indent, self.width)
        if header_trailing:
            lines[-1] += "  " + header_trailing[0].text
        self.out += lines
        self.body(s.body, inner, indent + INDENT, None)
        footer = "}" + "".join(self.alias(alias))  # type: ignore[arg-type]
        if after:
            footer += "  " + after[0].text
        self.out.append(" " * indent + footer)


def format_source(source: str, *, filename: str = "<string>", line_length: int = LINE_LENGTH,
                  layer_case: str = "preserve", verify: bool = True) -> str:  # fmt: skip
    """`.seq` text in the canonical layout.  Raises `SeqgenError` for text that does not parse."""
    from seqgen.parser import parse_with_comments

    if layer_case not in LAYER_CASES:
        raise ValueError(f"layer_case must be one of {', '.join(LAYER_CASES)}, not {layer_case!r}")
    # The parser skips one byte order mark: so do the lines below.
    program, found = parse_with_comments(source, filename)
    source = source.removeprefix("\ufeff")
    printer = _Printer(source, line_length, layer_case)
    notes = _comments(found)
    printer.body(program.statements, notes, 0, None)
    result = "\n".join(printer.out).strip("\n")
    result = result + "\n" if result else ""
    if verify:
        _verify(source, program, result, notes, filename, line_length, layer_case)
    return result


def _verify(source: str, program: syntax.Program, result: str, notes: list[Comment], filename: str,
            line_length: int, layer_case: str) -> None:  # fmt: skip
    from seqgen.errors import SeqgenError
    from seqgen.parser import parse_with_comments

    try:
        again, found = parse_with_comments(result, filename)
    except SeqgenError as e:
        raise InternalError(f"fmt produced text that does not parse: {e}") from None
    if _shape(again, layer_case != "preserve") != _shape(program, layer_case != "preserve"):
        raise InternalError("fmt changed the meaning of the file")
    kept = [c.text for c in _comments(found)]
    if kept != [c.text for c in notes]:
        raise InternalError("fmt lost or reordered a comment")
    if format_source(result, filename=filename, line_length=line_length,
                     layer_case=layer_case, verify=False) != result:  # fmt: skip
        raise InternalError("fmt is not stable on this file: formatting twice differs")


def _shape(node: Any, fold_names: bool) -> Any:
    """A node without its spans (and with layer names folded when their case may change)."""
    from seqgen.catalog import normalize

    if not dataclasses.is_dataclass(node):
        if isinstance(node, tuple):
            return tuple(_shape(x, fold_names) for x in node)
        return node
    values = []
    for f in dataclasses.fields(node):
        if f.name in ("span", "name_span", "var_span"):
            continue
        value = getattr(node, f.name)
        if f.name == "name" and fold_names and isinstance(node, syntax.LayerStmt):
            value = normalize(value)
        values.append(_shape(value, fold_names))
    return (type(node).__name__, *values)
