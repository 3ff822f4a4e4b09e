"""`seqgen summary FILE [--json]`: every layer's output shape and parameter counts."""

from __future__ import annotations

from seqgen.cli.inputs import one_input, summary_options
from seqgen.cli.report import ExitCode, show_notes

TYPE_CHECKING = False
if TYPE_CHECKING:  # pragma: no cover
    from typing import Any, TextIO


def run(args: Any, stdout: TextIO, stderr: TextIO) -> int:
    from seqgen.api import GIVEN_WITH_DEFINE, summarize_at
    from seqgen.summary import summary_json, summary_table

    filename, source, params = one_input(args)
    summary = summarize_at(source, params, filename=filename, keras=args.keras,
                           backend=args.backend, options=summary_options(args, filename),
                           origin=GIVEN_WITH_DEFINE)  # fmt: skip
    if show_notes(summary.notes, args.warnings, filename, source, stderr):
        return ExitCode.BAD_INPUT
    stdout.write(summary_json(summary) if args.json else summary_table(summary))
    return ExitCode.OK
