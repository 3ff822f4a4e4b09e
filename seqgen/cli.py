"""The command line: argv → options → library call → exit code.  Nothing else lives here.

Exit codes (decided in `ExitCode`): 0 success, 1 `--check` found a stale file, 2 bad input or
usage (2 wins over 1), 123 internal error (a seqgen bug).
"""

from __future__ import annotations

import argparse
import difflib
import enum
import sys
from pathlib import Path
from typing import Sequence, TextIO

from seqgen import __version__
from seqgen.options import FORMS, KERAS_MODES, STYLES

SUBCOMMANDS = ("gen",)

EPILOG = """\
exit codes:
  0    success
  1    --check: the output file is missing or would change
  2    bad input or bad usage (wins over 1)
  123  internal error: a bug in seqgen; please report it with the input

examples:
  seqgen model.seq -o model.py          generate a module with build_model()
  seqgen model.seq --style add          print the model.add(...) form
  seqgen -e "input 784; dense 10"       generate from a one-liner
  seqgen model.seq -o model.py --check  fail when model.py is stale
"""


class ExitCode(enum.IntEnum):
    OK = 0
    DRIFT = 1
    BAD_INPUT = 2
    INTERNAL = 123


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="seqgen",
        description="Generate Keras Sequential model source from a .seq file.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--version", action="version", version=f"seqgen {__version__}")
    p.add_argument("src", nargs="?", metavar="FILE",
                   help="the .seq file ('-' reads standard input)")  # fmt: skip
    p.add_argument("-e", "--expr", metavar="TEXT", help="generate from TEXT instead of a file")
    p.add_argument("-o", "--output", metavar="OUT", help="write here (default: standard output)")
    p.add_argument("--style", choices=STYLES, default="list",
                   help="keras.Sequential([...]) (list, default) or model.add(...) (add)")  # fmt: skip
    p.add_argument("--form", choices=FORMS, default="module",
                   help="module with build_model() (default), script, or fragment for pasting")  # fmt: skip
    p.add_argument("--keras", choices=KERAS_MODES, default="tensorflow",
                   help="import keras from tensorflow (default) or standalone keras")  # fmt: skip
    p.add_argument("--templates", metavar="DIR",
                   help="a folder of templates that override seqgen's own")  # fmt: skip
    p.add_argument("--line-length", type=int, default=88, metavar="N",
                   help="black's line length for the output (default 88)")  # fmt: skip
    p.add_argument("--check", action="store_true",
                   help="write nothing; exit 1 if OUT is missing or would change")  # fmt: skip
    p.add_argument("--diff", action="store_true",
                   help="write nothing; print a unified diff of OUT against the new output")  # fmt: skip
    return p


def main(argv: Sequence[str] | None = None, stdout: TextIO | None = None,
         stderr: TextIO | None = None) -> int:  # fmt: skip
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    args_list = list(sys.argv[1:] if argv is None else argv)
    if args_list and args_list[0] in SUBCOMMANDS:
        args_list = args_list[1:]
    parser = _parser()
    try:
        args = parser.parse_args(args_list)
    except SystemExit as e:
        return int(e.code or 0)
    try:
        return _generate(args, parser, stdout, stderr)
    except KeyboardInterrupt:  # pragma: no cover - interactive only
        return ExitCode.BAD_INPUT
    except Exception as e:  # anything unexpected is our bug: say so, never a bare traceback
        from seqgen.errors import SeqgenError

        if isinstance(e, SeqgenError):  # pragma: no cover - handled inside
            stderr.write(e.render())
            return ExitCode.BAD_INPUT
        stderr.write(
            f"seqgen: internal error: {type(e).__name__}: {e}\n"
            "This is a bug in seqgen. Please report it with the input that caused it.\n"
        )
        return ExitCode.INTERNAL


def _generate(args: argparse.Namespace, parser: argparse.ArgumentParser, stdout: TextIO,
              stderr: TextIO) -> int:  # fmt: skip
    from seqgen.api import generate
    from seqgen.errors import SeqgenError
    from seqgen.files import decode_source, read_source, write_if_changed
    from seqgen.options import Options

    if args.expr is not None and args.src is not None:
        return _usage(parser, stderr, "give a FILE or -e TEXT, not both")
    if args.expr is None and args.src is None:
        return _usage(parser, stderr, "no input: give a .seq FILE, '-' for standard input, or -e")
    if (args.check or args.diff) and not args.output:
        return _usage(parser, stderr, "--check and --diff compare with an output file: add -o OUT")
    try:
        options = Options(style=args.style, form=args.form, keras=args.keras,
                          templates=args.templates, line_length=args.line_length)  # fmt: skip
    except ValueError as e:
        return _usage(parser, stderr, str(e))
    if args.templates and not Path(args.templates).is_dir():
        return _usage(parser, stderr, f"--templates: {args.templates!r} is not a folder")

    try:
        if args.expr is not None:
            filename, source = "<expr>", args.expr
        elif args.src == "-":
            filename = "<stdin>"
            source = decode_source(sys.stdin.buffer.read(), filename)
        else:
            filename = args.src
            source = read_source(Path(args.src))
        code = generate(source, options, filename=filename)
        if not args.output:
            stdout.write(code)
            return ExitCode.OK
        out = Path(args.output)
        if args.check or args.diff:
            try:
                old = out.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                old = None
            if args.diff:
                stdout.writelines(difflib.unified_diff(
                    (old or "").splitlines(keepends=True), code.splitlines(keepends=True),
                    f"{args.output} (current)", f"{args.output} (generated)"))  # fmt: skip
            if old != code:
                if args.check:
                    reason = "is missing" if old is None else "would change"
                    stderr.write(f"{args.output}: {reason} (regenerate it from {filename})\n")
                return ExitCode.DRIFT if args.check else ExitCode.OK
            return ExitCode.OK
        write_if_changed(out, code)
        return ExitCode.OK
    except SeqgenError as e:
        stderr.write(e.render())
        return ExitCode.BAD_INPUT


def _usage(parser: argparse.ArgumentParser, stderr: TextIO, message: str) -> int:
    stderr.write(parser.format_usage())
    stderr.write(f"seqgen: error: {message}\n")
    return ExitCode.BAD_INPUT
