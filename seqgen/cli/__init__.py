"""The command line: argv → options → library call → exit code.  Nothing else lives here.

    seqgen [gen] FILE [-o OUT]     generate Keras source (the default command)   cli/gen.py
    seqgen FILE ... --out-dir DIR  several inputs (or --beside)                  cli/batch.py
    seqgen summary FILE [--json]   every layer's output shape and parameters     cli/summary.py
    seqgen check FILE [--keras]    validate; --keras also builds with TensorFlow cli/check.py
    seqgen fmt FILE ...            rewrite .seq files in the canonical layout    cli/fmt.py
    seqgen snippets ...            editor snippets of models or of every layer   cli/snippets.py

The argument parsers are in cli/arguments.py; the exit codes, the tally of files and the
internal-error message in cli/report.py; when a run is answered from the cache in
cli/cached.py.  The plain `seqgen FILE [-o OUT] [--check]` is first read without argparse
(cli/quick.py) and answered from the cache when it can be, importing almost nothing.
"""

from __future__ import annotations

import sys

from seqgen.cli.report import ExitCode, Usage, internal_error

TYPE_CHECKING = False
if TYPE_CHECKING:  # pragma: no cover
    from collections.abc import Sequence
    from typing import Any, TextIO

#: The commands; any other first word is a `gen` argument.
COMMANDS = ("gen", "summary", "check", "fmt", "snippets")


def main(argv: Sequence[str] | None = None, stdout: TextIO | None = None,
         stderr: TextIO | None = None) -> int:  # fmt: skip
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    args_list = list(sys.argv[1:] if argv is None else argv)
    command = "gen"
    if args_list and args_list[0] in COMMANDS:
        command = args_list.pop(0)
    plain = None
    try:
        if command == "gen":
            from seqgen.cli import cached
            from seqgen.cli.quick import plain_gen

            plain = plain_gen(args_list)
            if plain is not None:
                answered = cached.warm(plain, stdout, stderr)
                if answered is not None:
                    return answered
        return _parse_and_run(command, args_list, stdout, stderr, warm=plain is None)
    except KeyboardInterrupt:  # pragma: no cover - interactive only
        return ExitCode.BAD_INPUT
    except Exception as e:  # anything unexpected is our bug: say so, never a bare traceback
        from seqgen.errors import SeqgenError

        if isinstance(e, SeqgenError):  # writing the output of a cached answer
            stderr.write(e.render())
            return ExitCode.BAD_INPUT
        stderr.write(internal_error("seqgen", e))
        return ExitCode.INTERNAL


def _parse_and_run(command: str, args_list: list[str], stdout: TextIO, stderr: TextIO,
                   warm: bool) -> int:  # fmt: skip
    """The long way: argparse, then the command (`warm`: first ask the cache)."""
    from seqgen.cli.arguments import parser

    p = parser(command)
    try:
        args = p.parse_args(args_list)
    except SystemExit as e:
        return int(e.code or 0)
    try:
        return _run(command, args, stdout, stderr, warm)
    except Usage as e:
        stderr.write(p.format_usage())
        stderr.write(f"{p.prog}: error: {e}\n")
        return ExitCode.BAD_INPUT


def _run(command: str, args: Any, stdout: TextIO, stderr: TextIO, warm: bool) -> int:
    from seqgen.api import UnknownParameter
    from seqgen.errors import SeqgenError

    try:
        if command == "gen":
            from seqgen.cli import batch, cached, gen
            from seqgen.cli.inputs import defines, import_mode

            answered = cached.warm(args, stdout, stderr) if warm else None
            if answered is not None:
                return answered
            if args.out_dir is not None or args.beside:
                args.keras = import_mode(args, None)
                return batch.run(args, defines(args), stdout, stderr)
            return gen.run(args, stdout, stderr)
        if command == "summary":
            from seqgen.cli import summary

            return summary.run(args, stdout, stderr)
        if command == "check":
            from seqgen.cli import check

            return check.run(args, stdout, stderr)
        if command == "fmt":
            from seqgen.cli import fmt

            return fmt.run(args, stdout, stderr)
        from seqgen.cli import snippets

        return snippets.run(args, stdout, stderr)
    except SeqgenError as e:
        stderr.write(e.render())
        return ExitCode.BAD_INPUT
    except UnknownParameter as e:
        raise Usage(f"-D: {e}") from None
