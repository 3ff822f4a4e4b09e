"""Project settings from `[tool.seqgen]` in `pyproject.toml`.

Lookup: from the input file's folder (the current folder for standard input and `-e`), seqgen
walks up through the parent folders and uses the first `pyproject.toml` it finds.  It stops at
the project root, the first folder holding `.git` or `.hg` (a `pyproject.toml` there is still
used, one above it never is), and at the filesystem root.  A `pyproject.toml` without a
`[tool.seqgen]` table counts as found and means "all defaults", as with black.  Each input file
gets the settings of its own project, so `seqgen fmt a/ b/` may format `a` and `b` differently.

Precedence: a flag given on the command line wins over `[tool.seqgen]`, which wins over
seqgen's built-in defaults (`DEFAULTS`).  `merge` applies this rule and nothing else.

Keys are written with dashes (`line-length`); underscores are accepted too, as black does, but
one key written both ways is an error.  Every problem of the file (TOML syntax, unknown keys,
wrong types or values) is reported at once, at its line and column in `pyproject.toml`.

Trust: a `.seq` file is untrusted input; nothing in it can reach the settings, and its text only
ever reaches the output as string literals.  `pyproject.toml` and a `templates` folder are
trusted like the project's own code: templates are Jinja2 code that runs inside seqgen's
process, so a `templates` path may point anywhere and is not sandboxed.  Running seqgen on files
of a project you do not trust is like running that project's tests.
"""

from __future__ import annotations

import functools
import os

from seqgen.options import (
    BACKEND,
    BACKENDS,
    FMT_LINE_LENGTH,
    FORMS,
    KERAS_MODES,
    LAYER_CASE,
    LAYER_CASES,
    LINE_LENGTH,
    LINE_LENGTHS,
    STYLES,
    Record,
    keras_mode,
)

TYPE_CHECKING = False
if TYPE_CHECKING:  # seqgen.errors imports seqgen.syntax, which costs milliseconds: errors only
    from collections.abc import Callable
    from pathlib import Path
    from typing import Any

    from seqgen.errors import SeqgenError
    from seqgen.syntax import Span

#: The keys of `[tool.seqgen]`, in the order the documentation lists them.
KEYS = ("style", "form", "keras", "backend", "line-length", "templates", "layer-case",
        "fmt-line-length")

_CHOICES = {"style": STYLES, "form": FORMS, "keras": KERAS_MODES, "backend": BACKENDS,
            "layer-case": LAYER_CASES}

#: The built-in value of every setting, used when neither a flag nor `[tool.seqgen]` gives one.
DEFAULTS: dict[str, Any] = {
    "style": STYLES[0],
    "form": FORMS[0],
    "keras": KERAS_MODES[0],  # on another backend than TensorFlow: "keras" (see `merge`)
    "backend": BACKEND,
    "line_length": LINE_LENGTH,
    "templates": None,
    "layer_case": LAYER_CASE,
    "fmt_line_length": FMT_LINE_LENGTH,
}


#: The settings a `[tool.seqgen]` table may give: the fields of `Config` besides its path.
SETTINGS = ("style", "form", "keras", "backend", "line_length", "templates", "layer_case",
            "fmt_line_length")


class Config(Record):
    """The settings of one `[tool.seqgen]` table; None means "not set here".

    `templates` is an existing folder, absolute; `layer_case` and `fmt_line_length` are for
    `seqgen fmt`; `path` is the `pyproject.toml` the settings came from, as a string (a
    `pathlib.Path` given is stored as its string: `pathlib` is not imported on the cached path).
    """

    __slots__ = (*SETTINGS, "path")
    style: str | None
    form: str | None
    keras: str | None
    backend: str | None
    line_length: int | None
    templates: str | None
    layer_case: str | None
    fmt_line_length: int | None
    path: str | None

    def __init__(self, style: str | None = None, form: str | None = None,
                 keras: str | None = None, backend: str | None = None,
                 line_length: int | None = None,
                 templates: str | None = None, layer_case: str | None = None,
                 fmt_line_length: int | None = None,
                 path: str | os.PathLike[str] | None = None) -> None:  # fmt: skip
        self._init(style=style, form=form, keras=keras, backend=backend, line_length=line_length,
                   templates=templates, layer_case=layer_case, fmt_line_length=fmt_line_length,
                   path=None if path is None else os.fspath(path))  # fmt: skip


def find_pyproject(start: Path) -> Path | None:
    """The nearest `pyproject.toml` at or above `start` (a file or folder) within its project."""
    from pathlib import Path

    found = pyproject_above(os.fspath(start))
    return None if found is None else Path(found)


def pyproject_above(start: str) -> str | None:
    """`find_pyproject` on path strings (the cached path of the command line uses this one)."""
    start = os.path.realpath(start)
    folder = start if os.path.isdir(start) else os.path.dirname(start)
    while True:
        candidate = os.path.join(folder, "pyproject.toml")
        if os.path.isfile(candidate):
            return candidate
        if os.path.exists(os.path.join(folder, ".git")) or os.path.exists(
            os.path.join(folder, ".hg")
        ):
            return None
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent


def _holds(path: Path, test: Callable[[Path], bool] | None = None) -> bool:
    try:
        return test(path) if test is not None else path.exists()
    except (OSError, ValueError):  # a folder we may not look into holds nothing for us
        return False


def config_for(input_path: str | os.PathLike[str] | None) -> Config:
    """The settings for one input file (None: standard input or -e, looked up from here)."""
    pyproject = pyproject_above(os.getcwd() if input_path is None else os.fspath(input_path))
    if pyproject is None:
        return Config()
    try:
        stat = os.stat(pyproject)
    except OSError:
        return load_config(pyproject)  # gone or unreadable: load_config says which
    result = _load_cached(pyproject, stat.st_mtime_ns, stat.st_size)
    if isinstance(result, Config):
        return result
    raise result.with_file(result.file, result.source)  # a fresh exception for each caller


@functools.lru_cache(maxsize=32)
def _load_cached(path: str, mtime_ns: int, size: int) -> Config | SeqgenError:
    """One parse per version of a file, failures included, for a batch of inputs."""
    try:
        return load_config(path)
    except Exception as e:  # noqa: BLE001 - seqgen.errors is imported only when one is raised
        from seqgen.errors import SeqgenError

        if isinstance(e, SeqgenError):
            return e
        raise


def merge(config: Config, **flags: Any) -> dict[str, Any]:
    """The value of each setting named in `flags`: the flag unless None, else config, else default.

    `Options(**merge(config, style=args.style, form=args.form, ...))` builds generation options.
    One default depends on another setting: the import mode `keras`, when neither a flag nor
    the table gives it, is the backend's (`seqgen.options.keras_mode`: `keras` on jax and
    torch), the backend being the flag, else the table's, else TensorFlow.
    """
    settings = {}
    for name, flag in flags.items():
        if name not in DEFAULTS:
            raise TypeError(f"merge() got an unknown setting {name!r}")
        value = flag if flag is not None else getattr(config, name)
        if value is None and name == "keras":
            backend = flags.get("backend") or config.backend or BACKEND
            value = keras_mode(None, backend) if backend in BACKENDS else None
        settings[name] = value if value is not None else DEFAULTS[name]
    return settings


class _Problem(Record):
    """A mistake in `[tool.seqgen]`, placed once the file is scanned for positions: its key as
    written (None for the table itself), whether to point at the value rather than the key,
    and the other spelling of a key given twice."""

    __slots__ = ("message", "key", "at_value", "hint", "first")
    message: str
    key: str | None
    at_value: bool
    hint: str | None
    first: str | None

    def __init__(self, message: str, key: str | None, at_value: bool = False,
                 hint: str | None = None, first: str | None = None) -> None:  # fmt: skip
        self._init(message=message, key=key, at_value=at_value, hint=hint, first=first)


def load_config(path: str | os.PathLike[str]) -> Config:
    """The settings of one `pyproject.toml`; every mistake in it is one `SeqgenError`."""
    import tomllib
    from pathlib import Path

    path = Path(path)
    try:
        text = path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        from seqgen.files import read_source

        text = read_source(path)  # raises the failure as a SeqgenError, positioned if it can
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise _syntax_error(path, text, str(e)) from None
    tool = data.get("tool")
    table = tool.get("seqgen") if isinstance(tool, dict) else None
    if table is None:
        return Config(path=path)
    if not isinstance(table, dict):
        problem = _Problem(f"[tool.seqgen] must be a table, not {_show(table)}", None, True)
        raise _error(path, text, [problem])
    values, problems = _read_table(table, path.parent)
    backend = values.get("backend", BACKEND)
    if not problems and values.get("keras") == "tensorflow" and backend != BACKEND:
        message = f"'backend' = {_show(backend)} cannot run 'keras' = 'tensorflow'"
        hint = ("from tensorflow import keras always runs on the TensorFlow backend: set "
                "keras = 'keras' or leave it out (the default on that backend)")
        problems.append(_Problem(message, "backend", True, hint))
    if problems:
        raise _error(path, text, problems)
    return Config(**values, path=path)


def _read_table(table: dict[str, Any], folder: Path) -> tuple[dict[str, Any], list[_Problem]]:
    """The settings of `[tool.seqgen]` by Config field name, and what is wrong with it."""
    values: dict[str, Any] = {}
    problems: list[_Problem] = []
    spelled: dict[str, str] = {}  # key with dashes -> the key as first written
    for raw, value in table.items():
        key = raw.replace("_", "-")
        if key in spelled:
            message = f"'{raw}' and '{spelled[key]}' are the same key"
            problems.append(_Problem(message, raw, hint="keep one of them", first=spelled[key]))
            continue
        spelled[key] = raw
        if key not in KEYS:
            close = _suggest(key, KEYS)
            known = f"known keys: {', '.join(KEYS)}"
            hint = f"did you mean '{close}'? {known}" if close else known
            problems.append(_Problem(f"unknown key '{raw}' in [tool.seqgen]", raw, hint=hint))
            continue
        problem = _check_value(raw, key, value, folder)
        if problem is not None:
            problems.append(problem)
        elif key == "templates":
            values["templates"] = str((folder / value).resolve())
        else:
            values[key.replace("-", "_")] = value
    return values, problems


def _check_value(raw: str, key: str, value: Any, folder: Path) -> _Problem | None:
    from pathlib import Path

    if key in _CHOICES:
        allowed = _CHOICES[key]
        if isinstance(value, str) and value in allowed:
            return None
        close = _suggest(value, allowed) if isinstance(value, str) else None
        choices = ", ".join(f"'{a}'" for a in allowed)
        message = f"'{raw}' must be one of {choices}, not {_show(value)}"
        return _Problem(message, raw, True, f"did you mean '{close}'?" if close else None)
    if key in ("line-length", "fmt-line-length"):
        if type(value) is int and value in LINE_LENGTHS:  # not bool, which is an int too
            return None
        lo, hi = LINE_LENGTHS[0], LINE_LENGTHS[-1]
        return _Problem(f"'{raw}' must be a whole number from {lo} to {hi}, not {_show(value)}",
                        raw, True)  # fmt: skip
    # templates
    if not isinstance(value, str) or not value:
        return _Problem(f"'{raw}' must name a folder, not {_show(value)}", raw, True)
    where = folder / value
    if _holds(where, Path.is_dir):
        return None
    problem = "is not a folder" if _holds(where) else "does not exist"
    hint = None if where == Path(value) else f"relative paths start at {folder.resolve()}"
    return _Problem(f"the templates folder {_show(value)} {problem}", raw, True, hint)


def _suggest(word: str, candidates: tuple[str, ...]) -> str | None:
    from seqgen.errors import suggest

    return suggest(word, candidates, key=str.lower)


def _show(value: Any) -> str:
    """A TOML value as a message shows it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return repr(value[:37] + "..." if len(value) > 40 else value)
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "a table"
    return "a date or time"


# --- errors, placed in pyproject.toml -------------------------------------------------------


def _syntax_error(path: Path, text: str, message: str) -> SeqgenError:
    """tomllib's message without its "(at line L, column C)", which becomes the position."""
    import re

    from seqgen.syntax import Span
    from seqgen.errors import Diagnostic, SeqgenError

    span = None
    if m := re.search(r" \(at line (\d+), column (\d+)\)$", message):
        line, column = int(m[1]), int(m[2])
        span = Span(line, column, line, column + 1)
    elif m := re.search(r" \(at end of document\)$", message):
        lines = text.splitlines() or [""]
        span = Span(len(lines), len(lines[-1]) + 1, len(lines), len(lines[-1]) + 2)
    if m:
        message = message[: m.start()]
    message = f"invalid TOML: {message[:1].lower()}{message[1:]}"
    return SeqgenError(Diagnostic(message, span), file=str(path), source=text)


def _error(path: Path, text: str, problems: list[_Problem]) -> SeqgenError:
    """One error holding every problem, each at its key or value, in file order."""
    from seqgen.errors import Diagnostic, SeqgenError

    places = _places(text)
    diagnostics = []
    for p in problems:
        key_span, value_span = places.get(p.key or "", (None, None))
        related = ()
        if p.first is not None and p.first in places:
            related = (("first given here", places[p.first][0]),)
        span = value_span if p.at_value else key_span
        diagnostics.append(Diagnostic(p.message, span, p.hint, related=related))
    # Problems without a position go last; sorting is stable, so they keep their order.
    diagnostics.sort(key=lambda d: (d.span.line, d.span.column) if d.span else (1 << 31, 0))
    return SeqgenError(diagnostics, file=str(path), source=text)


def _places(text: str) -> dict[str, tuple[Span, Span]]:
    """Where each key of [tool.seqgen] is written: key as written -> (key span, value span).

    The table itself is under "".  A line scan that understands headers, dotted keys and one
    level of inline table, which is all a `[tool.seqgen]` table needs; it runs only after
    tomllib accepted the file, and a key it cannot find is reported without a position.
    """
    import re

    from seqgen.syntax import Span

    places: dict[str, tuple[Span, Span]] = {}
    header: list[str] = []
    open_string = None  # the delimiter of a multi-line string being skipped
    for number, line in enumerate(text.splitlines(), 1):
        if open_string is not None:
            if line.count(open_string) % 2:
                open_string = None
            continue
        parts, end = _dotted_key(line, 0)
        if not parts and line.lstrip().startswith("["):  # a [table] or [[array]] header
            parts, end = _dotted_key(line, line.index("[") + 1 + line.lstrip().startswith("[["))
            if not parts or not re.match(r"\]\]?[ \t]*(#.*)?$", line[end:]):
                continue  # a line of a multi-line array, not a header
            header = [name for name, _, _ in parts]
            if header[:2] == ["tool", "seqgen"]:
                name, start, stop = parts[min(len(parts), 3) - 1]
                key_span = Span(number, start + 1, number, stop + 1)
                places.setdefault(name if len(parts) > 2 else "", (key_span, key_span))
            continue
        if not parts or not line.startswith("=", end):
            continue
        value = len(line) - len(line[end + 1 :].lstrip())
        value_end = _value_end(line, value)
        value_span = Span(number, value + 1, number, value_end + 1)
        for quote in ('"""', "'''"):
            if line.startswith(quote, value) and line.count(quote) % 2:
                open_string = quote
        path = header + [name for name, _, _ in parts]
        if path[:2] != ["tool", "seqgen"] or len(header) > 2:
            continue
        name, start, stop = parts[min(len(path), 3) - 1 - len(header)]
        key_span = Span(number, start + 1, number, stop + 1)
        places.setdefault(name if len(path) > 2 else "", (key_span, value_span))
        if len(path) == 2 and line.startswith("{", value):  # inline: its keys are on this line
            for m in re.finditer(r"[{,][ \t]*", line[:value_end]):
                inner, after = _dotted_key(line, m.end())
                if inner and line.startswith("=", after):
                    name, start, stop = inner[0]
                    key_span = Span(number, start + 1, number, stop + 1)
                    places.setdefault(name, (key_span, key_span))
    return places


def _dotted_key(line: str, pos: int) -> tuple[list[tuple[str, int, int]], int]:
    """The parts of the TOML key at `pos` as (name, start, end), and where the key ends."""
    import re

    part = re.compile(r"""[ \t]*([A-Za-z0-9_-]+|"(?:[^"\\]|\\.)*"|'[^']*')[ \t]*""")
    parts: list[tuple[str, int, int]] = []
    while m := part.match(line, pos):
        token = m[1]
        parts.append((token[1:-1] if token[0] in "\"'" else token, m.start(1), m.end(1)))
        pos = m.end()
        if not line.startswith(".", pos):
            break
        pos += 1
    return parts, pos


def _value_end(line: str, start: int) -> int:
    """Where the TOML value starting at `start` ends on its line (before a comment or `,`)."""
    quote = None
    depth = 0
    i = start
    while i < len(line):
        ch = line[i]
        if quote:
            if ch == "\\" and quote == '"':
                i += 1
            elif ch == quote:
                quote = None
        elif ch in "\"'":
            quote = ch
        elif ch in "[{":
            depth += 1
        elif ch in "]}" and depth:
            depth -= 1
        elif ch == "#" or (depth == 0 and ch in ",}"):
            break
        i += 1
    return len(line[:i].rstrip())
