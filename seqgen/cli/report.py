"""What a run tells the user about its outcome: the exit code, the tally of files, the one
internal-error message, and the warnings and notes of a model.

Exit codes (decided by `Report.return_code` for runs over several files, in the spirit of
black's `report.py`): 0 success, 1 `--check` found a stale file (or `check --keras` found a
difference), 2 bad input or usage (2 wins over 1), 123 internal error (wins over all).
"""

from __future__ import annotations

import enum

TYPE_CHECKING = False
if TYPE_CHECKING:  # pragma: no cover
    from collections.abc import Sequence
    from typing import Any, TextIO


class ExitCode(enum.IntEnum):
    OK = 0
    DRIFT = 1
    BAD_INPUT = 2
    INTERNAL = 123


class Usage(Exception):
    """A usage error found after argparse: printed with the usage line, exit 2."""


def internal_error(where: str, error: BaseException, *, untouched: bool = False) -> str:
    """The one message of a bug in seqgen (exit 123): `where` is a file name or "seqgen";
    `untouched` says that the file being rewritten was left as it was."""
    from seqgen.errors import InternalError

    what = str(error) if isinstance(error, InternalError) else f"{type(error).__name__}: {error}"
    after = "; the file was left as it was" if untouched else ""
    return (
        f"{where}: internal error: {what}\n"
        f"This is a bug in seqgen. Please report it with the input that caused it{after}.\n"
    )


class Report:
    """The outcome of a run over several files (`seqgen fmt`, a batch of `seqgen gen`): what
    was changed, left unchanged or failed, and the exit code that follows."""

    def __init__(self) -> None:
        self.changed = 0  # reformatted, or would be
        self.unchanged = 0
        self.failed = 0  # bad input: the file was not done
        self.drift = False  # --check found a file that is missing or would change
        self.internal = False  # a bug in seqgen

    def internal_error(self, where: str, error: BaseException, stderr: TextIO, *,
                       untouched: bool = False) -> None:  # fmt: skip
        """Print the internal-error message; the run exits 123."""
        stderr.write(internal_error(where, error, untouched=untouched))
        self.internal = True

    @property
    def return_code(self) -> ExitCode:
        if self.internal:
            return ExitCode.INTERNAL
        if self.failed:
            return ExitCode.BAD_INPUT
        if self.drift:
            return ExitCode.DRIFT
        return ExitCode.OK

    def format_counts(self, dry: bool) -> str:
        """`seqgen fmt`'s last line: "1 file reformatted, 2 files left unchanged." (`dry`:
        --check or --diff, which write nothing)."""
        parts = []
        if self.changed:
            done = "would be reformatted" if dry else "reformatted"
            parts.append(f"{_files(self.changed)} {done}")
        if self.unchanged:
            parts.append(f"{_files(self.unchanged)} {'would be left' if dry else 'left'} unchanged")
        if self.failed:
            parts.append(f"{_files(self.failed)} failed to format")
        return ", ".join(parts) + "." if parts else "No .seq files found."

    def failed_counts(self, total: int) -> str:
        """A batch's last line when some files failed: "2 of 10 files failed"."""
        return f"{self.failed} of {total} file{'s' if total != 1 else ''} failed"


def _files(n: int) -> str:
    return f"{n} file{'s' if n != 1 else ''}"


def show_notes(diagnostics: Sequence[Any], mode: str, file: str, source: str,
               stderr: TextIO) -> bool:  # fmt: skip
    """Print a model's warnings and notes under `-W mode`; True when `-W error` turns a warning
    into a failure."""
    from dataclasses import replace

    from seqgen.errors import format_diagnostic

    failed = False
    for d in diagnostics:
        if d.severity == "warning":
            if mode == "ignore":
                continue
            if mode == "error":
                d = replace(d, severity="error")
                failed = True
        stderr.write(format_diagnostic(d, file, source))
    return failed
