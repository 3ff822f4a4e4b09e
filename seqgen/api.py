"""The library API: pure functions from `.seq` text to Python text, and one file writer.

Nothing here prints, exits or imports TensorFlow.  Every problem with the input raises
`SeqgenError`; a bug in seqgen raises `InternalError`.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from seqgen import ast
from seqgen.catalog import load_catalog
from seqgen.check import check
from seqgen.errors import Diagnostic, SeqgenError
from seqgen.files import read_source, write_if_changed
from seqgen.format import format_python
from seqgen.model import Model
from seqgen.options import Options
from seqgen.parser import parse as _parse
from seqgen.render import render

if TYPE_CHECKING:  # pragma: no cover
    from seqgen.shapes import Summary


def parse(source: str, *, filename: str = "<string>") -> ast.Program:
    """The syntax tree of `.seq` text."""
    return _parse(source, filename)


def check_model(source: str, *, keras: str = "tensorflow", filename: str = "<string>") -> Model:
    """Parse and check `.seq` text against the layer catalogue."""
    program = _parse(source, filename)
    return check(program, load_catalog(), keras, filename, source)


def generate(
    source: str,
    options: Options | None = None,
    *,
    filename: str = "<string>",
    **kwargs: object,
) -> str:
    """Keras Sequential source for `.seq` text.

    Options are given as an `Options` value or as keywords: `style` ("list" | "add"),
    `form` ("module" | "script" | "fragment"), `keras` ("tensorflow" | "keras"),
    `templates` (a folder of templates that override seqgen's), `line_length`.
    """
    if options is None:
        options = Options(**kwargs)  # type: ignore[arg-type]
    elif kwargs:
        raise TypeError("pass either an Options value or keyword options, not both")
    model = check_model(source, keras=options.keras, filename=filename)
    return format_python(render(model, options, filename), options.line_length)


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


__all__ = [
    "Diagnostic",
    "Options",
    "SeqgenError",
    "check_model",
    "generate",
    "generate_file",
    "parse",
    "summarize",
]


def summarize(source: str, *, filename: str = "<string>", keras: str = "tensorflow",
              **params: object) -> Summary:  # fmt: skip
    """Every layer's output shape and parameter counts, computed without TensorFlow.

    Keyword arguments set model parameters (`summarize(src, width=64)`); a shape error is a
    `SeqgenError` at the layer that cannot take its input.
    """
    from seqgen.shapes import infer

    model = check_model(source, keras=keras, filename=filename)
    unknown = sorted(set(params) - {p.name for p in model.params})
    if unknown:
        raise TypeError(f"the model has no parameter {', '.join(unknown)}")
    return infer(model, params, file=filename, source=source)
