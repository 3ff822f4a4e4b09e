"""Writing one generated file, or comparing it with what the file holds (--check, --diff)."""

from __future__ import annotations

from seqgen.cli.report import ExitCode

TYPE_CHECKING = False
if TYPE_CHECKING:  # pragma: no cover
    from typing import Any, TextIO


def emit(out: str, code: str, args: Any, filename: str, stdout: TextIO, stderr: TextIO) -> int:
    """Write `code` to `out`, or with --check/--diff compare it with what `out` holds.

    Messages name `out` as a path shows it (`./m.py` is `m.py`); pathlib is imported only to
    write or to show one, not to find a file up to date.
    """
    if not (args.check or args.diff):
        from pathlib import Path

        from seqgen.files import write_if_changed

        write_if_changed(Path(out), code)
        return ExitCode.OK
    try:
        with open(out, encoding="utf-8") as f:
            old: str | None = f.read()
    except (OSError, UnicodeDecodeError):
        old = None
    if old == code and not args.diff:
        return ExitCode.OK
    from pathlib import Path

    if args.diff:
        import difflib

        out = str(Path(out))
        stdout.writelines(difflib.unified_diff(
            (old or "").splitlines(keepends=True), code.splitlines(keepends=True),
            f"{out} (current)", f"{out} (generated)"))  # fmt: skip
    if old != code and args.check:
        reason = "is missing" if old is None else "would change"
        stderr.write(f"{Path(out)}: {reason} (regenerate it from {filename})\n")
        return ExitCode.DRIFT
    return ExitCode.OK
