"""What `gen`, `summary` and `check` read from the command line: the one input, the `-D`
values, and the settings of a generation (flags, then `[tool.seqgen]`, then the defaults) with
their usage checks.  The cached path and the long path of `gen` both call these, so they apply
the same merge and the same checks (seqgen/cli/cached.py)."""

from __future__ import annotations

import os
import sys

from seqgen.cli.report import Usage

TYPE_CHECKING = False
if TYPE_CHECKING:  # pragma: no cover
    from typing import Any

    from seqgen.config import Config
    from seqgen.options import Options

#: The names a run without an input file gives its source.
UNNAMED = ("<expr>", "<stdin>")


def input_path(filename: str) -> str | None:
    """The file whose `[tool.seqgen]` applies: None for -e and standard input."""
    return None if filename in UNNAMED else filename


def read_input(args: Any) -> tuple[str, str]:
    """(file name, text) of the one input: a FILE, '-' (standard input) or -e TEXT."""
    from seqgen.files import decode_source, read_source

    src = args.src
    if isinstance(src, list):
        if len(src) > 1:
            raise Usage("several inputs need --out-dir DIR or --beside")
        src = src[0] if src else None
    if args.expr is not None and src is not None:
        raise Usage("give a FILE or -e TEXT, not both")
    if args.expr is not None:
        return "<expr>", args.expr
    if src is None:
        raise Usage("no input: give a .seq FILE, '-' for standard input, or -e TEXT")
    if src == "-":
        return "<stdin>", decode_source(sys.stdin.buffer.read(), "<stdin>")
    if os.path.isdir(src):
        raise Usage(f"{src} is a folder: add --out-dir DIR or --beside to generate its files")
    from pathlib import Path

    return src, read_source(Path(src))


def one_input(args: Any) -> tuple[str, str, dict[str, Any]]:
    """(file name, text, -D values) of `gen`, `summary` or `check`; `args.keras` and
    `args.backend` become the import mode and backend of the run."""
    filename, source = read_input(args)
    args.keras, args.backend = keras_settings(args, input_path(filename))
    return filename, source, defines(args)


def import_mode(args: Any, path: str | None) -> str:
    """The keras import mode: --keras, else `[tool.seqgen]`, else the backend's default."""
    return keras_settings(args, path)[0]


def keras_settings(args: Any, path: str | None) -> tuple[str, str]:
    """(import mode, backend): each its flag, else `[tool.seqgen]`, else the default (the
    import mode's follows the backend).  A mode the backend cannot run (--keras tensorflow
    --backend jax) is a usage error."""
    from seqgen.config import config_for, merge
    from seqgen.options import keras_mode

    settings = merge(config_for(path), keras=args.keras, backend=args.backend)
    try:
        keras_mode(settings["keras"], settings["backend"])
    except ValueError as e:
        raise Usage(_flags(str(e))) from None
    return settings["keras"], settings["backend"]


def _flags(message: str) -> str:
    """A message of seqgen.options in the command line's words."""
    return message.replace("the import mode ", "--keras ").replace("backend ", "--backend ")


def summary_options(args: Any, filename: str) -> Options:
    """The options of the generation `summary` and `check` describe (--style, --keras-import,
    `[tool.seqgen]`): automatic names depend on the style."""
    from seqgen.config import config_for, merge
    from seqgen.options import Options

    settings = merge(config_for(input_path(filename)), style=args.style, keras=args.keras,
                     backend=args.backend)  # fmt: skip
    return Options(**settings)


def defines(args: Any) -> dict[str, Any]:
    """The `-D NAME=VALUE` parameter values."""
    from seqgen.api import parse_define

    values: dict[str, Any] = {}
    for text in args.define:
        try:
            name, value = parse_define(text, args.keras)
        except ValueError as e:
            raise Usage(f"-D {text}: {e}") from None
        values[name] = value
    return values


def check_output(args: Any, filename: str) -> None:
    """The usage checks of one generation's output (-o, --check, --diff)."""
    if (args.check or args.diff) and not args.output:
        raise Usage("--check and --diff compare with an output file: add -o OUT")
    path = input_path(filename)
    if path is not None and args.output and same_file(path, args.output):
        raise Usage(f"-o {args.output} is the input file itself: choose another output")


def gen_options(args: Any, config: Config) -> Options:
    """The options of one generation: flags, then `config` ([tool.seqgen]), then defaults."""
    from seqgen.config import merge
    from seqgen.options import Options

    if args.templates and not os.path.isdir(args.templates):
        raise Usage(f"--templates: {args.templates!r} is not a folder")
    settings = merge(config, style=args.style, form=args.form, keras=args.keras,
                     backend=args.backend, templates=args.templates,
                     line_length=args.line_length)  # fmt: skip
    try:
        return Options(**settings)
    except ValueError as e:
        raise Usage(_flags(str(e))) from None


def same_file(a: str | os.PathLike[str], b: str | os.PathLike[str]) -> bool:
    try:
        return os.path.realpath(a) == os.path.realpath(b)
    except (OSError, ValueError):
        return False
