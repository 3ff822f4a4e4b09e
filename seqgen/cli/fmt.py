"""`seqgen fmt FILE|FOLDER ... [--check] [--diff]`: rewrite `.seq` files in the canonical
layout (seqgen/fmt.py), as black does for Python; '-' formats standard input to standard output."""

from __future__ import annotations

import sys

from seqgen.cli.report import Report, Usage
from seqgen.options import line_length_problem

TYPE_CHECKING = False
if TYPE_CHECKING:  # pragma: no cover
    from pathlib import Path
    from typing import Any, TextIO


def run(args: Any, stdout: TextIO, stderr: TextIO) -> int:
    import difflib

    from seqgen.errors import InternalError, SeqgenError
    from seqgen.files import collect_sources, decode_source, read_source, write_if_changed
    from seqgen.fmt import format_source

    if not args.files:
        raise Usage("no input: give .seq files or folders, or '-' for standard input")
    if args.line_length is not None:
        problem = line_length_problem("--line-length", args.line_length)
        if problem is not None:
            raise Usage(problem)
    if "-" in args.files and len(args.files) > 1:
        raise Usage("'-' (standard input) cannot be combined with files")
    paths: list[Path | None] = (
        [None] if args.files == ["-"] else [p for p, _ in collect_sources(args.files)]
    )
    report = Report()
    for path in paths:
        name = "<stdin>" if path is None else str(path)
        try:
            if path is None:
                source = decode_source(sys.stdin.buffer.read(), name)
            else:
                source = read_source(path)
            line_length, layer_case = _settings(path, args)
            result = format_source(source, filename=name, line_length=line_length,
                                   layer_case=layer_case)  # fmt: skip
        except SeqgenError as e:
            stderr.write(e.render())
            report.failed += 1
            continue
        except InternalError as e:
            report.internal_error(name, e, stderr, untouched=True)
            report.failed += 1
            continue
        if result == source:
            report.unchanged += 1
            if path is None and not (args.check or args.diff):
                stdout.write(result)
            continue
        report.changed += 1
        report.drift = args.check
        if args.diff:
            stdout.writelines(difflib.unified_diff(
                source.splitlines(keepends=True), result.splitlines(keepends=True),
                f"{name} (original)", f"{name} (formatted)"))  # fmt: skip
        if args.check:
            if not args.quiet:
                stderr.write(f"would reformat {name}\n")
        elif path is None:
            if not args.diff:
                stdout.write(result)
        elif not args.diff:
            try:
                write_if_changed(path, result)
            except SeqgenError as e:
                stderr.write(e.render())
                report.changed -= 1
                report.failed += 1
                continue
            if not args.quiet:
                stderr.write(f"reformatted {name}\n")
    if not args.quiet and paths != [None]:
        stderr.write(report.format_counts(args.check or args.diff) + "\n")
    return report.return_code


def _settings(path: Path | None, args: Any) -> tuple[int, str]:
    """Line length and layer case for one file: flags, then [tool.seqgen], then defaults."""
    from seqgen.config import config_for, merge

    settings = merge(config_for(path), fmt_line_length=args.line_length,
                     layer_case=args.layer_case)  # fmt: skip
    return settings["fmt_line_length"], settings["layer_case"]
