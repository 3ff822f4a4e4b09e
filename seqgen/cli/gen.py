"""`seqgen [gen] FILE [-o OUT]`: generate Keras source from one input (several inputs, or
--out-dir / --beside: seqgen/cli/batch.py)."""

from __future__ import annotations

from seqgen.cli import cached
from seqgen.cli.inputs import check_output, gen_options, input_path, one_input
from seqgen.cli.output import emit
from seqgen.cli.report import ExitCode, show_notes

TYPE_CHECKING = False
if TYPE_CHECKING:  # pragma: no cover
    from typing import Any, TextIO

    from seqgen.api import Generated


def run(args: Any, stdout: TextIO, stderr: TextIO) -> int:
    """Generate one input to standard output or to -o OUT (checked with --check, --diff)."""
    filename, source, params = one_input(args)
    check_output(args, filename)
    result = generate(args, filename, source, params)
    if show_notes(result.summary.notes, args.warnings, filename, source, stderr):
        return ExitCode.BAD_INPUT
    if not args.output:
        stdout.write(result.code)
        return ExitCode.OK
    return emit(args.output, result.code, args, filename, stdout, stderr)


def generate(args: Any, filename: str, source: str, params: dict[str, Any]) -> Generated:
    """Generate `source` with the options of `args` and its `[tool.seqgen]`, and remember the
    result for the next run (a batch generates each of its files with this too)."""
    from seqgen.api import GIVEN_WITH_DEFINE, build
    from seqgen.config import config_for

    config = config_for(input_path(filename))
    options = gen_options(args, config)
    result = build(source, options, filename=filename, params=params, origin=GIVEN_WITH_DEFINE)
    cached.remember(args, filename, source, options, config, result)
    return result
