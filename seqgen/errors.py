"""The one error type of seqgen, and how a diagnostic is shown to a person.

Every problem with the user's input becomes a `Diagnostic` with a position; a failed run raises
one `SeqgenError` holding all of them (a file with three mistakes reports three).  Showing them
is a pure function (`format_diagnostic`), so the CLI and the library print the same text::

    model.seq:3:1: error: unknown layer 'dense2'
      3 | dense2 10
        | ^^^^^^
    hint: did you mean 'dense'?
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from seqgen.syntax import Span


@dataclass(frozen=True, slots=True)
class Diagnostic:
    message: str
    span: Span | None = None
    hint: str | None = None
    severity: str = "error"  # "error" | "warning" | "note"
    # Other places the message refers to ("first named here").
    related: tuple[tuple[str, Span], ...] = ()


class SeqgenError(Exception):
    """Bad input: the only exception the library raises for anything the user wrote.

    `file`, `line`, `column` and `message` describe the first problem; `diagnostics` holds all
    of them, and `str(error)` is what the command line prints (without the source excerpt).
    """

    def __init__(
        self,
        diagnostics: Diagnostic | Sequence[Diagnostic],
        *,
        file: str = "<string>",
        source: str | None = None,
    ) -> None:
        if isinstance(diagnostics, Diagnostic):
            diagnostics = [diagnostics]
        self.diagnostics: tuple[Diagnostic, ...] = tuple(diagnostics)
        self.file = file
        self.source = source
        first = self.diagnostics[0]
        self.message = first.message
        self.line = first.span.line if first.span else 0
        self.column = first.span.column if first.span else 0
        super().__init__(self._summary())

    def _summary(self) -> str:
        return "\n".join(_headline(self.file, d) for d in self.diagnostics)

    def with_file(self, file: str, source: str | None) -> SeqgenError:
        return SeqgenError(self.diagnostics, file=file, source=source)

    def render(self) -> str:
        """Every diagnostic with its source excerpt and hint, as the command line shows it."""
        return "".join(format_diagnostic(d, self.file, self.source) for d in self.diagnostics)


class InternalError(Exception):
    """seqgen produced something it should not have: a bug to report, not bad input."""


@dataclass
class DiagnosticSink:
    """Collects diagnostics while a stage goes on, so one run reports every independent error."""

    items: list[Diagnostic] = field(default_factory=list)

    def error(self, message: str, span: Span | None, hint: str | None = None, **kw) -> None:
        self.items.append(Diagnostic(message, span, hint, "error", **kw))

    @property
    def has_errors(self) -> bool:
        return any(d.severity == "error" for d in self.items)


def _headline(file: str, d: Diagnostic) -> str:
    where = f"{file}:{d.span.line}:{d.span.column}" if d.span else file
    return f"{where}: {d.severity}: {d.message}"


#: Lines longer than this are shown as a window around the caret.
_WINDOW = 100


def _excerpt(lines: Sequence[str], span: Span) -> str:
    if not 1 <= span.line <= len(lines):
        return ""
    text = lines[span.line - 1].rstrip("\r\n")
    start = max(span.column - 1, 0)
    end = span.end_column - 1 if span.end_line == span.line else len(text)
    end = min(max(end, start + 1), max(len(text), start + 1))
    prefix = suffix = ""
    if len(text) > _WINDOW:
        left = max(0, min(start - _WINDOW // 4, len(text) - _WINDOW))
        right = left + _WINDOW
        prefix = "..." if left > 0 else ""
        suffix = "..." if right < len(text) else ""
        text = text[left:right]
        start, end = start - left, min(end - left, right - left)
        start, end = start + len(prefix), max(end + len(prefix), start + len(prefix) + 1)
    # Tabs and other control characters would move the caret; show them as one space each.
    shown = "".join(ch if ch.isprintable() else " " for ch in prefix + text + suffix)
    gutter = str(span.line)
    pad = " " * len(gutter)
    return f" {gutter} | {shown}\n {pad} | {' ' * start}{'^' * (end - start)}\n"


def format_diagnostic(d: Diagnostic, file: str, source: str | None) -> str:
    """`path:line:col: severity: message`, then the source line with a caret, then the hint."""
    out = [_headline(file, d) + "\n"]
    # Only "\n" ends a line, as for the parser: str.splitlines would also split at form feeds
    # or U+2028 inside a comment or string and show the wrong line.  Columns count from after
    # a byte order mark, which the parser skips.
    lines = source.removeprefix("\ufeff").split("\n") if source else []
    if d.span is not None and lines:
        out.append(_excerpt(lines, d.span))
    for text, span in d.related:
        out.append(f"{file}:{span.line}:{span.column}: note: {text}\n")
        if lines:
            out.append(_excerpt(lines, span))
    if d.hint:
        out.append(f"hint: {d.hint}\n")
    return "".join(out)


def show(text: str) -> str:
    """A word from the user's file, quoted and shortened for a message."""
    if len(text) > 40:
        text = text[:37] + "..."
    return repr(text) if not text.isprintable() else f"'{text}'"


def suggest(word: str, candidates: Iterable[str], *, key=None) -> str | None:
    """The closest candidate to a misspelt word, or None when nothing is close."""
    key = key or (lambda s: s)
    by_key: dict[str, str] = {}
    for c in candidates:
        by_key.setdefault(key(c), c)
    match = difflib.get_close_matches(key(word), list(by_key), n=1, cutoff=0.75)
    return by_key[match[0]] if match else None
