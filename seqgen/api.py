"""The library API: pure functions from `.seq` text to Python text, and one file writer.

Nothing here prints, exits or imports TensorFlow.  Every problem with the input raises
`SeqgenError`; a bug in seqgen raises `InternalError`.
"""

from __future__ import annotations

import gc
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Mapping

from seqgen import syntax
from seqgen.catalog import load_catalog
from seqgen.check import GIVEN_AS_ARGUMENT, GIVEN_WITH_DEFINE, check, given_text
from seqgen.errors import Diagnostic, SeqgenError
from seqgen.files import read_source, write_if_changed
from seqgen.model import Model
from seqgen.options import Options
from seqgen.parser import parse as _parse

if TYPE_CHECKING:  # pragma: no cover - imported lazily: only generation needs it
    from seqgen.summary import Summary


def parse(source: str, *, filename: str = "<string>") -> syntax.Program:
    """The syntax tree of `.seq` text."""
    return _parse(source, filename)


def check_model(source: str, *, keras: str | None = None, filename: str = "<string>",
                backend: str = "tensorflow", params: Mapping[str, Any] | None = None,
                origin: str = GIVEN_AS_ARGUMENT) -> Model:  # fmt: skip
    """Parse and check `.seq` text against the layer catalogue, for the import mode `keras`
    (None: the backend's, seqgen.options.keras_mode) and the Keras `backend`.

    The model is checked at its parameters' defaults (the generated code is written at them)
    and, with `params`, again at those values: each goes through every check a default goes
    through, and a problem is reported where the value lands, saying where it came from
    (`origin`, e.g. "given with -D")."""
    from seqgen.options import keras_mode

    mode = keras_mode(keras, backend)
    program = _parse(source, filename)
    catalog = load_catalog()
    model = check(program, catalog, mode, filename, source, backend=backend)
    if params:
        _known_parameters(model, params)
        check(program, catalog, mode, filename, source, params=params, origin=origin,
              backend=backend)  # fmt: skip
    return model


@dataclass(frozen=True)
class Generated:
    """The result of one generation: the code and the model's static summary."""

    code: str
    summary: Summary


def build(
    source: str,
    options: Options | None = None,
    *,
    filename: str = "<string>",
    params: Mapping[str, Any] | None = None,
    origin: str = GIVEN_AS_ARGUMENT,
) -> Generated:
    """Check, infer shapes (at `params`, else the defaults) and generate.

    The values in `params` are checked as defaults are (`check_model`); the generated code and
    its docstring are always written at the parameters' defaults.
    """
    # Imported here: Jinja2 (and black, for a user's templates) are needed to write code, not
    # to check or summarize it.
    from seqgen.layout import format_python
    from seqgen.render import render_code
    from seqgen.layers import infer

    options = options or Options()
    # A run allocates millions of objects that form no reference cycles (syntax trees, the
    # model, pieces of code); the cyclic garbage collector would rescan the live ones again and
    # again, a quarter of the time of a 10,000-layer model.  It pauses for the run.
    collecting = gc.isenabled()
    gc.disable()
    try:
        model = check_model(source, keras=options.keras, filename=filename, params=params,
                            origin=origin, backend=options.backend)  # fmt: skip
        at_defaults = infer(model, None, file=filename, source=source, style=options.style)
        summary = at_defaults if not params else _infer_at(model, params, origin, filename,
                                                           source, options.style)  # fmt: skip
        rendered = render_code(model, options, filename, at_defaults)
        code = format_python(rendered, options.line_length)
    finally:
        if collecting:
            gc.enable()
    return Generated(code, summary)


def generate(
    source: str,
    options: Options | None = None,
    *,
    filename: str = "<string>",
    **kwargs: object,
) -> str:
    """Keras Sequential source for `.seq` text.

    Options are given as an `Options` value or as keywords: `style` ("list" | "add"),
    `form` ("module" | "script" | "fragment"), `keras` ("tensorflow" | "keras"), `backend`
    ("tensorflow" | "jax" | "torch": what the model must run on), `templates` (a folder of
    templates that override seqgen's), `line_length`.
    Shape errors are `SeqgenError`s like any other; warnings are in `build(...).summary`.
    """
    if options is None:
        options = Options(**kwargs)  # type: ignore[arg-type]
    elif kwargs:
        raise TypeError("pass either an Options value or keyword options, not both")
    return build(source, options, filename=filename).code


def generate_file(
    src_path: str | Path,
    out_path: str | Path,
    options: Options | None = None,
    **kwargs: object,
) -> bool:
    """Generate `out_path` from `src_path`; return whether the file was written.

    An unchanged output file is not rewritten; the write is atomic; on any error nothing is
    written and an existing output file stays as it was.
    """
    src = Path(src_path)
    source = read_source(src)
    code = generate(source, options, filename=str(src), **kwargs)
    return write_if_changed(Path(out_path), code)


def summarize(source: str, *, filename: str = "<string>", keras: str | None = None,
              backend: str | None = None, options: Options | None = None,
              **params: object) -> Summary:  # fmt: skip
    """Every layer's output shape and parameter counts, computed without TensorFlow.

    Keyword arguments set model parameters (`summarize(src, width=64)`), checked as defaults
    are; a shape error is a `SeqgenError` at the layer that cannot take its input.  `options`
    are those of the generation the summary describes (Keras's automatic names depend on its
    style); `keras` and `backend`, as in `check_model`, override theirs.
    """
    return summarize_at(source, params, filename=filename, keras=keras, backend=backend,
                        options=options)  # fmt: skip


def summarize_at(
    source: str,
    params: Mapping[str, Any] | None,
    *,
    filename: str = "<string>",
    keras: str | None = None,
    backend: str | None = None,
    options: Options | None = None,
    origin: str = GIVEN_AS_ARGUMENT,
) -> Summary:
    """`summarize` with the parameter values as a mapping, and where they came from (`origin`,
    for messages: the command line says "given with -D")."""
    from seqgen.layers import infer

    options = options or Options()
    if backend is not None and backend != options.backend:  # the import mode follows it
        options = options.replace(backend=backend, keras=keras)
    elif keras is not None:
        options = options.replace(keras=keras)
    model = check_model(source, keras=options.keras, filename=filename, params=params,
                        origin=origin, backend=options.backend)  # fmt: skip
    if not params:
        return infer(model, None, file=filename, source=source, style=options.style)
    return _infer_at(model, params, origin, filename, source, options.style)


def _infer_at(model: Model, params: Mapping[str, Any], origin: str, filename: str,
              source: str, style: str) -> Summary:  # fmt: skip
    """The summary at the given values; a shape error says which values were given."""
    from seqgen.layers import infer

    try:
        return infer(model, params, file=filename, source=source, style=style)
    except SeqgenError as e:
        given = "; ".join(given_text(k, v, origin) for k, v in params.items())
        raise SeqgenError([replace(d, message=f"{d.message} ({given})") for d in e.diagnostics],
                          file=e.file, source=e.source) from None  # fmt: skip


class UnknownParameter(TypeError):
    """A value was given for a parameter the model does not have."""


def _known_parameters(model: Model, params: Mapping[str, Any] | None) -> None:
    names = [p.name for p in model.params]
    unknown = sorted(set(params or {}) - set(names))
    if unknown:
        have = f"its parameters are {', '.join(names)}" if names else "it has no parameters"
        raise UnknownParameter(f"the model has no parameter {', '.join(unknown)}; {have}")
    for name, value in (params or {}).items():
        if not _is_literal(value):
            raise TypeError(f"parameter {name} takes a value a .seq file can write (a number, "
                            "string, tuple, list, True, False or None), not "
                            f"{type(value).__name__}")  # fmt: skip


def _is_literal(value: Any) -> bool:
    if value is None or type(value) in (bool, int, float, str):
        return True
    return type(value) in (tuple, list) and all(_is_literal(v) for v in value)


def parse_define(text: str, keras: str = "tensorflow") -> tuple[str, Any]:
    """`NAME=VALUE` from the command line (`-D width=64`), VALUE a .seq literal.

    A literal means the same under either import mode; `keras` is accepted for the callers
    that pass it."""
    from seqgen.errors import DiagnosticSink
    from seqgen.kinds import literal
    from seqgen.values import evaluate

    name, sep, value = text.partition("=")
    name = name.strip()
    if not sep or not name.isidentifier():
        raise ValueError("expected NAME=VALUE, e.g. -D width=64")
    try:
        program = _parse(f"model m({name}={value})", "<define>")
    except SeqgenError as e:
        raise ValueError(f"VALUE is not a literal: {e.message}") from None
    expr = program.statements[0].params[0].value  # type: ignore[union-attr]
    parsed = literal(expr, "value", DiagnosticSink().error)
    if parsed is None:
        raise ValueError("VALUE must be a literal: a number, string, tuple, list, true, false "
                         "or none")  # fmt: skip
    return name, evaluate(parsed, {})


__all__ = [
    "Diagnostic",
    "Generated",
    "build",
    "Options",
    "SeqgenError",
    "check_model",
    "generate",
    "generate_file",
    "parse",
    "parse_define",
    "summarize",
    "summarize_at",
    "GIVEN_WITH_DEFINE",
]
