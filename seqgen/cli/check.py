"""`seqgen check FILE [--keras [MODE]]`: validate only; --keras also builds the model with
TensorFlow and compares Keras's shapes and parameter counts with seqgen's (the only command
that imports TensorFlow)."""

from __future__ import annotations

from seqgen.cli.inputs import one_input, summary_options
from seqgen.cli.report import ExitCode, show_notes

TYPE_CHECKING = False
if TYPE_CHECKING:  # pragma: no cover
    from typing import Any, TextIO


def run(args: Any, stdout: TextIO, stderr: TextIO) -> int:
    from seqgen.api import GIVEN_WITH_DEFINE, summarize_at

    filename, source, params = one_input(args)
    mode = args.keras if args.with_keras in (None, "default") else args.with_keras
    options = summary_options(args, filename).replace(keras=mode, backend=args.backend)
    summary = summarize_at(source, params, filename=filename, options=options,
                           origin=GIVEN_WITH_DEFINE)  # fmt: skip
    if show_notes(summary.notes, args.warnings, filename, source, stderr):
        return ExitCode.BAD_INPUT
    if not args.with_keras:
        return ExitCode.OK
    from seqgen.errors import Diagnostic, SeqgenError
    from seqgen.keras_check import MissingPackage, compare_with_keras

    try:
        differences = compare_with_keras(source, summary, keras=mode, params=params,
                                         style=options.style, backend=args.backend)  # fmt: skip
    except MissingPackage as e:
        raise SeqgenError(Diagnostic(str(e), None, e.hint), file=filename) from None
    for line in differences:
        stdout.write(line + "\n")
    if differences:
        stderr.write(f"{filename}: Keras disagrees with seqgen on {len(differences)} "
                     "point(s); please report this as a seqgen bug\n")  # fmt: skip
        return ExitCode.DRIFT
    stdout.write(f"{filename}: Keras builds the model with the shapes and parameter counts "
                 f"seqgen computed (on the {args.backend} backend)\n")  # fmt: skip
    return ExitCode.OK
