"""The command line: argv → options → library call → exit code.  Nothing else lives here.

    seqgen [gen] FILE [-o OUT]     generate Keras source (the default command)
    seqgen summary FILE [--json]   every layer's output shape and parameters
    seqgen check FILE [--keras]    validate only; --keras also builds the model with TensorFlow
    seqgen fmt FILE ...            rewrite .seq files in the canonical layout
    seqgen snippets ...            editor snippets of models or of every catalogue layer

Exit codes (decided in `ExitCode`): 0 success, 1 `--check` found a stale file (or `check
--keras` found a difference), 2 bad input or usage (2 wins over 1), 123 internal error.
"""

from __future__ import annotations

import argparse
import difflib
import enum
import sys
from pathlib import Path
from typing import Any, Sequence, TextIO

from seqgen import __version__
from seqgen.options import FORMS, KERAS_MODES, STYLES

SUBCOMMANDS = ("gen", "summary", "check", "fmt", "snippets")
EDITORS = ("vscode", "sublime", "ultisnips")
LAYER_CASES = ("preserve", "lower", "keras")

EXIT_CODES = """\
exit codes:
  0    success
  1    --check: the output file is missing or would change
       (check --keras: Keras disagrees with seqgen's shapes or parameter counts)
  2    bad input or bad usage (wins over 1)
  123  internal error: a bug in seqgen; please report it with the input
"""

EPILOG = EXIT_CODES + """
commands:
  seqgen [gen] FILE ...   generate Keras source (the default; a file named like a command
                          is given as ./summary)
  seqgen summary FILE     shapes and parameter counts, without TensorFlow
  seqgen check FILE       validate syntax, arguments and shapes; --keras builds with TensorFlow
  seqgen fmt FILE ...     format .seq files in place (--check, --diff as in black)
  seqgen snippets ...     snippets of models (FILE ...) or of every layer (--layers)

examples:
  seqgen model.seq -o model.py          generate a module with build_model()
  seqgen model.seq --style add          print the model.add(...) form
  seqgen -e "input 784; dense 10"       generate from a one-liner
  seqgen model.seq -o model.py --check  fail when model.py is stale
  seqgen summary model.seq -D width=64  the summary at another parameter value
"""


class ExitCode(enum.IntEnum):
    OK = 0
    DRIFT = 1
    BAD_INPUT = 2
    INTERNAL = 123


class _Usage(Exception):
    """A usage error found after argparse: printed with the usage line, exit 2."""


def _input_options(p: argparse.ArgumentParser, command: str) -> None:
    if command == "gen":
        p.add_argument("src", nargs="*", metavar="FILE",
                       help="the .seq file ('-' reads standard input); several files or "
                            "folders with --out-dir or --beside")  # fmt: skip
    else:
        p.add_argument("src", nargs="?", metavar="FILE",
                       help="the .seq file ('-' reads standard input)")  # fmt: skip
    p.add_argument("-e", "--expr", metavar="TEXT", help="read the model from TEXT instead")
    # `check --keras` builds the model with TensorFlow; elsewhere --keras is the import mode.
    import_flags = ["--keras-import"] if command == "check" else ["--keras", "--keras-import"]
    p.add_argument(*import_flags, dest="keras", choices=KERAS_MODES, default=None,
                   help="import keras from tensorflow (default) or standalone keras")  # fmt: skip
    p.add_argument("-D", "--define", action="append", default=[], metavar="NAME=VALUE",
                   help="check the model at this parameter value (repeatable)")  # fmt: skip
    p.add_argument("-W", dest="warnings", choices=["error", "ignore", "default"],
                   default="default", help="-W error: warnings are errors; -W ignore: hidden")


def _fmt_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("files", nargs="*", metavar="FILE",
                   help="a .seq file or a folder of them ('-' formats standard input to "
                        "standard output)")  # fmt: skip
    p.add_argument("--check", action="store_true",
                   help="write nothing; exit 1 if any file would be reformatted")  # fmt: skip
    p.add_argument("--diff", action="store_true",
                   help="write nothing; print a unified diff of each change")  # fmt: skip
    p.add_argument("--line-length", type=int, default=None, metavar="N",
                   help="wrap lines longer than N inside brackets (default 100)")  # fmt: skip
    p.add_argument("--layer-case", choices=LAYER_CASES, default=None,
                   help="shorthand layer names as written (preserve, default), in Keras's "
                        "lower snake case (conv2d, max_pooling2d) or as Keras classes "
                        "(Conv2D)")  # fmt: skip
    p.add_argument("-q", "--quiet", action="store_true", help="report errors only")


def _snippet_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("files", nargs="*", metavar="FILE", help="the .seq models to make snippets of")
    p.add_argument("--layers", action="store_true",
                   help="one snippet per catalogue layer, for writing .seq files")  # fmt: skip
    p.add_argument("--editor", choices=EDITORS, required=True,
                   help="the snippet format: VS Code .code-snippets JSON, Sublime Text "
                        ".sublime-snippet files (one per snippet, -o names a folder), or an "
                        "UltiSnips .snippets file")  # fmt: skip
    p.add_argument("-o", "--output", metavar="OUT",
                   help="write here (a folder for --editor sublime; default: standard "
                        "output)")  # fmt: skip
    p.add_argument("--style", choices=STYLES, default=None,
                   help="keras.Sequential([...]) (list, default) or model.add(...) (add)")  # fmt: skip
    p.add_argument("--keras", choices=KERAS_MODES, default=None,
                   help="import keras from tensorflow (default) or standalone keras")  # fmt: skip
    p.add_argument("--line-length", type=int, default=None, metavar="N",
                   help="black's line length for the snippet bodies (default 88)")  # fmt: skip


def _parser(command: str) -> argparse.ArgumentParser:
    prog = "seqgen" if command == "gen" else f"seqgen {command}"
    p = argparse.ArgumentParser(
        prog=prog,
        description={
            "gen": "Generate Keras Sequential model source from a .seq file.",
            "summary": "Show every layer's output shape and parameter counts (no TensorFlow).",
            "check": "Validate a .seq file: syntax, arguments and shapes; write nothing.",
            "fmt": "Rewrite .seq files in seqgen's canonical layout (like black for Python).",
            "snippets": "Editor snippets: one per model FILE, or one per catalogue layer "
                        "(--layers).",
        }[command],
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )  # fmt: skip
    p.add_argument("--version", action="version", version=f"seqgen {__version__}")
    if command == "fmt":
        _fmt_options(p)
        return p
    if command == "snippets":
        _snippet_options(p)
        return p
    _input_options(p, command)
    if command == "gen":
        p.add_argument("-o", "--output", metavar="OUT",
                       help="write here (default: standard output)")  # fmt: skip
        p.add_argument("--out-dir", metavar="DIR",
                       help="write each input's code to DIR/NAME.py (a folder's files keep "
                            "their sub-folders)")  # fmt: skip
        p.add_argument("--beside", action="store_true",
                       help="write each FILE.seq's code to FILE.py beside it")  # fmt: skip
        p.add_argument("-j", "--jobs", type=int, default=None, metavar="N",
                       help="worker processes for several inputs (default: one per CPU)")  # fmt: skip
        p.add_argument("--no-cache", action="store_true",
                       help="neither use nor fill the cache of generated code (docs/performance.md)")  # fmt: skip
        p.add_argument("--style", choices=STYLES, default=None,
                       help="keras.Sequential([...]) (list, default) or model.add(...) (add)")  # fmt: skip
        p.add_argument("--form", choices=FORMS, default=None,
                       help="module with build_model() (default), script, or fragment")  # fmt: skip
        p.add_argument("--templates", metavar="DIR",
                       help="a folder of templates that override seqgen's own")  # fmt: skip
        p.add_argument("--line-length", type=int, default=None, metavar="N",
                       help="black's line length for the output (default 88)")  # fmt: skip
        p.add_argument("--check", action="store_true",
                       help="write nothing; exit 1 if OUT is missing or would change")  # fmt: skip
        p.add_argument("--diff", action="store_true",
                       help="write nothing; print a unified diff of OUT against the new output")  # fmt: skip
    elif command == "summary":
        p.add_argument("--json", action="store_true", help="machine-readable output")
    else:
        p.add_argument("--keras", dest="with_keras", nargs="?", const="default",
                       choices=[*KERAS_MODES, "default"], metavar="MODE",
                       help="also build the model with TensorFlow (importing keras as MODE, "
                            "tensorflow or keras) and compare Keras's own shapes and parameter "
                            "counts with seqgen's; the only command that imports TensorFlow")  # fmt: skip
    return p


def main(argv: Sequence[str] | None = None, stdout: TextIO | None = None,
         stderr: TextIO | None = None) -> int:  # fmt: skip
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    args_list = list(sys.argv[1:] if argv is None else argv)
    command = "gen"
    if args_list and args_list[0] in SUBCOMMANDS:
        command = args_list.pop(0)
    parser = _parser(command)
    try:
        args = parser.parse_args(args_list)
    except SystemExit as e:
        return int(e.code or 0)
    try:
        if command == "gen":
            answered = _warm(args, stdout, stderr)
            if answered is not None:
                return answered
        return _run(command, args, stdout, stderr)
    except _Failed as e:
        stderr.write(e.error.render())
        return ExitCode.BAD_INPUT
    except _Usage as e:
        stderr.write(parser.format_usage())
        stderr.write(f"{parser.prog}: error: {e}\n")
        return ExitCode.BAD_INPUT
    except KeyboardInterrupt:  # pragma: no cover - interactive only
        return ExitCode.BAD_INPUT
    except Exception as e:  # anything unexpected is our bug: say so, never a bare traceback
        stderr.write(
            f"seqgen: internal error: {type(e).__name__}: {e}\n"
            "This is a bug in seqgen. Please report it with the input that caused it.\n"
        )
        return ExitCode.INTERNAL


def _read(args: argparse.Namespace) -> tuple[str, str]:
    from seqgen.files import decode_source, read_source

    src = args.src
    if isinstance(src, list):
        if len(src) > 1:
            raise _Usage("several inputs need --out-dir DIR or --beside")
        src = src[0] if src else None
    if args.expr is not None and src is not None:
        raise _Usage("give a FILE or -e TEXT, not both")
    if args.expr is not None:
        return "<expr>", args.expr
    if src is None:
        raise _Usage("no input: give a .seq FILE, '-' for standard input, or -e TEXT")
    if src == "-":
        return "<stdin>", decode_source(sys.stdin.buffer.read(), "<stdin>")
    if Path(src).is_dir():
        raise _Usage(f"{src} is a folder: add --out-dir DIR or --beside to generate its files")
    return src, read_source(Path(src))


def _defines(args: argparse.Namespace) -> dict[str, Any]:
    from seqgen.api import parse_define

    values: dict[str, Any] = {}
    for text in args.define:
        try:
            name, value = parse_define(text, args.keras)
        except ValueError as e:
            raise _Usage(f"-D {text}: {e}") from None
        values[name] = value
    return values


def _report(diagnostics: Sequence[Any], mode: str, file: str, source: str,
            stderr: TextIO) -> bool:  # fmt: skip
    """Print warnings and notes; True when -W error turns a warning into a failure."""
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


def _run(command: str, args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    from seqgen.api import UnknownParameter
    from seqgen.errors import SeqgenError

    try:
        if command == "fmt":
            return _fmt(args, stdout, stderr)
        if command == "snippets":
            from seqgen.snippets import run as run_snippets

            return run_snippets(args, stdout, stderr)
        if command == "gen" and (args.out_dir is not None or args.beside):
            args.keras = _settings(args, None, keras=args.keras)["keras"]
            return _generate_many(args, _defines(args), stdout, stderr)
        filename, source = _read(args)
        path = None if filename in ("<expr>", "<stdin>") else Path(filename)
        args.keras = _settings(args, path, keras=args.keras)["keras"]
        params = _defines(args)
        if command == "gen":
            return _generate(args, filename, source, params, stdout, stderr)
        if command == "summary":
            return _summary(args, filename, source, params, stdout, stderr)
        return _check(args, filename, source, params, stdout, stderr)
    except SeqgenError as e:
        stderr.write(e.render())
        return ExitCode.BAD_INPUT
    except UnknownParameter as e:
        raise _Usage(f"-D: {e}") from None


def _settings(args: argparse.Namespace, path: Path | None, **flags: Any) -> dict[str, Any]:
    """Flags given on the command line, else `[tool.seqgen]` of the input's project, else the
    defaults (seqgen/config.py)."""
    from seqgen.config import config_for, merge

    return merge(config_for(path), **flags)


def _gen_options(args: argparse.Namespace, path: Path | None) -> Any:
    """The options of one generation: flags, then [tool.seqgen], then defaults."""
    from seqgen.options import Options

    if args.templates and not Path(args.templates).is_dir():
        raise _Usage(f"--templates: {args.templates!r} is not a folder")
    settings = _settings(args, path, style=args.style, form=args.form, keras=args.keras,
                         templates=args.templates, line_length=args.line_length)  # fmt: skip
    try:
        return Options(**settings)
    except ValueError as e:
        raise _Usage(str(e)) from None


def _generate(args: argparse.Namespace, filename: str, source: str, params: dict[str, Any],
              stdout: TextIO, stderr: TextIO) -> int:  # fmt: skip
    from seqgen.api import build

    if (args.check or args.diff) and not args.output:
        raise _Usage("--check and --diff compare with an output file: add -o OUT")
    path = None if filename in ("<expr>", "<stdin>") else Path(filename)
    if path is not None and args.output and _same_file(path, Path(args.output)):
        raise _Usage(f"-o {args.output} is the input file itself: choose another output")
    result = build(source, _gen_options(args, path), filename=filename, params=params)
    _remember(args, filename, source, result)
    if _report(result.summary.notes, args.warnings, filename, source, stderr):
        return ExitCode.BAD_INPUT
    if not args.output:
        stdout.write(result.code)
        return ExitCode.OK
    return _emit(Path(args.output), result.code, args, filename, stdout, stderr)


def _emit(out: Path, code: str, args: argparse.Namespace, filename: str, stdout: TextIO,
          stderr: TextIO) -> int:  # fmt: skip
    """Write `code` to `out`, or with --check/--diff compare it with what `out` holds."""
    if not (args.check or args.diff):
        from seqgen.files import write_if_changed

        write_if_changed(out, code)
        return ExitCode.OK
    try:
        old: str | None = out.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        old = None
    if args.diff:
        stdout.writelines(difflib.unified_diff(
            (old or "").splitlines(keepends=True), code.splitlines(keepends=True),
            f"{out} (current)", f"{out} (generated)"))  # fmt: skip
    if old != code and args.check:
        reason = "is missing" if old is None else "would change"
        stderr.write(f"{out}: {reason} (regenerate it from {filename})\n")
        return ExitCode.DRIFT
    return ExitCode.OK


def _generate_many(args: argparse.Namespace, params: dict[str, Any], stdout: TextIO,
                   stderr: TextIO) -> int:  # fmt: skip
    """Several inputs (files or folders) to --out-dir or beside them: every file is tried,
    every failure reported, and the files that succeed are written."""
    from seqgen.files import collect_sources

    if args.out_dir is not None and args.beside:
        raise _Usage("give --out-dir DIR or --beside, not both")
    if args.output:
        raise _Usage("-o names one output file: use --out-dir DIR or --beside instead")
    if args.expr is not None or "-" in args.src:
        raise _Usage("--out-dir and --beside take files or folders, not -e TEXT or '-'")
    if not args.src:
        raise _Usage("no input: give .seq files or folders")
    out_dir = Path(args.out_dir) if args.out_dir is not None else None
    if out_dir is not None and not out_dir.is_dir():
        raise _Usage(f"--out-dir: the folder {args.out_dir!r} does not exist")
    jobs: dict[Path, Path] = {}
    for path, relative in collect_sources(args.src):
        out = path.with_suffix(".py") if out_dir is None else out_dir / relative.with_suffix(".py")
        if _same_file(path, out):
            raise _Usage(f"the output of {path} would be the file itself: rename it to .seq")
        if out in jobs.values():
            first = next(p for p, o in jobs.items() if o == out)
            raise _Usage(f"two inputs would write {out}: {first} and {path}")
        jobs[path] = out
    work = [(args, params, path, out, out_dir is not None) for path, out in jobs.items()]
    jobs_n = _job_count(args.jobs, len(work))
    if jobs_n > 1:
        results = _in_processes(work, jobs_n)
    else:
        results = [_generate_one(*w) for w in work]
    status = ExitCode.OK
    failed = 0
    for one_status, out_text, err_text, one_failed in results:  # in input order
        stdout.write(out_text)
        stderr.write(err_text)
        failed += one_failed
        status = max(status, one_status)
    if failed:
        stderr.write(f"{failed} of {len(jobs)} file{'s' if len(jobs) != 1 else ''} failed\n")
        if status != ExitCode.INTERNAL:
            status = ExitCode.BAD_INPUT
    return status


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False


def _job_count(asked: int | None, files: int) -> int:
    """Worker processes for a batch: --jobs, else one per CPU for batches worth forking."""
    import os

    if asked is not None:
        return max(1, min(asked, files))
    if files < 16:
        return 1
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(1, min(cpus or 1, files, 16))


def _in_processes(work: list[tuple[Any, ...]], jobs: int) -> list[tuple[int, str, str, bool]]:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from seqgen.api import build

    # Load the parser tables, the catalogue and the templates once, before the workers are
    # forked, so that every worker starts warm (where fork exists; elsewhere they import).
    build("input 1\ndense 1\n")
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    chunk = max(1, len(work) // (jobs * 8))
    with ProcessPoolExecutor(jobs, mp_context=context) as pool:
        return list(pool.map(_generate_one_packed, work, chunksize=chunk))


def _generate_one_packed(work: tuple[Any, ...]) -> tuple[int, str, str, bool]:
    return _generate_one(*work)


def _generate_one(args: argparse.Namespace, params: dict[str, Any], path: Path, out: Path,
                  make_folders: bool) -> tuple[int, str, str, bool]:  # fmt: skip
    """One file of a batch: (exit status, its standard output, its messages, failed?)."""
    import io

    from seqgen.api import build
    from seqgen.errors import InternalError, SeqgenError
    from seqgen.files import read_source

    stdout, stderr = io.StringIO(), io.StringIO()
    name = str(path)
    status, failed = ExitCode.OK, False
    try:
        hit = _from_cache(args, name, out, stdout, stderr, make_folders)
        if hit is not None:
            return hit, stdout.getvalue(), stderr.getvalue(), hit == ExitCode.BAD_INPUT
        source = read_source(path)
        result = build(source, _gen_options(args, path), filename=name, params=params)
        _remember(args, name, source, result)
        if _report(result.summary.notes, args.warnings, name, source, stderr):
            failed = True
        else:
            if make_folders and not (args.check or args.diff):
                out.parent.mkdir(parents=True, exist_ok=True)  # sub-folders of --out-dir
            status = _emit(out, result.code, args, name, stdout, stderr)
    except SeqgenError as e:
        stderr.write(e.render())
        failed = True
    except InternalError as e:
        stderr.write(f"{name}: internal error: {e}\nThis is a bug in seqgen. Please report "
                     "it with the file.\n")  # fmt: skip
        status = ExitCode.INTERNAL
    return status, stdout.getvalue(), stderr.getvalue(), failed


def _summary(args: argparse.Namespace, filename: str, source: str, params: dict[str, Any],
             stdout: TextIO, stderr: TextIO) -> int:  # fmt: skip
    from seqgen.api import summarize
    from seqgen.summary import summary_json, summary_table

    summary = summarize(source, filename=filename, keras=args.keras, **params)
    if _report(summary.notes, args.warnings, filename, source, stderr):
        return ExitCode.BAD_INPUT
    stdout.write(summary_json(summary) if args.json else summary_table(summary))
    return ExitCode.OK


def _check(args: argparse.Namespace, filename: str, source: str, params: dict[str, Any],
           stdout: TextIO, stderr: TextIO) -> int:  # fmt: skip
    from seqgen.api import summarize

    mode = args.keras if args.with_keras in (None, "default") else args.with_keras
    summary = summarize(source, filename=filename, keras=mode, **params)
    if _report(summary.notes, args.warnings, filename, source, stderr):
        return ExitCode.BAD_INPUT
    if not args.with_keras:
        return ExitCode.OK
    from seqgen.keras_check import compare_with_keras

    differences = compare_with_keras(source, summary, keras=mode, params=params)
    for line in differences:
        stdout.write(line + "\n")
    if differences:
        stderr.write(f"{filename}: Keras disagrees with seqgen on {len(differences)} "
                     "point(s); please report this as a seqgen bug\n")  # fmt: skip
        return ExitCode.DRIFT
    stdout.write(f"{filename}: Keras builds the model with the shapes and parameter counts "
                 "seqgen computed\n")  # fmt: skip
    return ExitCode.OK


def _fmt_settings(path: Path | None, args: argparse.Namespace) -> tuple[int, str]:
    """Line length and layer case for one file: flags, then [tool.seqgen], then defaults."""
    settings = _settings(args, path, fmt_line_length=args.line_length,
                         layer_case=args.layer_case)  # fmt: skip
    return settings["fmt_line_length"], settings["layer_case"]


def _fmt(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    from seqgen.errors import InternalError, SeqgenError
    from seqgen.files import collect_sources, decode_source, read_source, write_if_changed
    from seqgen.fmt import format_source

    if not args.files:
        raise _Usage("no input: give .seq files or folders, or '-' for standard input")
    if args.line_length is not None and not 20 <= args.line_length <= 1000:
        raise _Usage("--line-length must be between 20 and 1000")
    if "-" in args.files and len(args.files) > 1:
        raise _Usage("'-' (standard input) cannot be combined with files")
    paths: list[Path | None] = (
        [None] if args.files == ["-"] else [p for p, _ in collect_sources(args.files)]
    )
    changed = unchanged = failed = 0
    internal = False
    for path in paths:
        name = "<stdin>" if path is None else str(path)
        try:
            if path is None:
                source = decode_source(sys.stdin.buffer.read(), name)
            else:
                source = read_source(path)
            line_length, layer_case = _fmt_settings(path, args)
            result = format_source(source, filename=name, line_length=line_length,
                                   layer_case=layer_case)  # fmt: skip
        except SeqgenError as e:
            stderr.write(e.render())
            failed += 1
            continue
        except InternalError as e:
            stderr.write(f"{name}: internal error: {e}\nThis is a bug in seqgen. Please "
                         "report it with the file; the file was left as it was.\n")  # fmt: skip
            failed += 1
            internal = True
            continue
        if result == source:
            unchanged += 1
            if path is None and not (args.check or args.diff):
                stdout.write(result)
            continue
        changed += 1
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
                changed -= 1
                failed += 1
                continue
            if not args.quiet:
                stderr.write(f"reformatted {name}\n")
    if not args.quiet and paths != [None]:
        stderr.write(_fmt_tally(changed, unchanged, failed, args.check or args.diff) + "\n")
    if internal:
        return ExitCode.INTERNAL
    if failed:
        return ExitCode.BAD_INPUT
    return ExitCode.DRIFT if args.check and changed else ExitCode.OK


def _fmt_tally(changed: int, unchanged: int, failed: int, dry: bool) -> str:
    def files(n: int) -> str:
        return f"{n} file{'s' if n != 1 else ''}"

    parts = []
    if changed:
        parts.append(f"{files(changed)} {'would be reformatted' if dry else 'reformatted'}")
    if unchanged:
        parts.append(f"{files(unchanged)} {'would be left' if dry else 'left'} unchanged")
    if failed:
        parts.append(f"{files(failed)} failed to format")
    return ", ".join(parts) + "." if parts else "No .seq files found."


# --- the cache of generated code ------------------------------------------------------------
#
# A run whose input, options, [tool.seqgen], templates and generator (seqgen's files, black,
# lark, Jinja2) are unchanged is answered from seqgen/cache.py without importing the pipeline.
# The key holds every option as given (the -D texts too) and the file name, which the
# generated header shows; warnings and notes are stored with the code and shown again.


def _cache_key(args: argparse.Namespace, filename: str, data: bytes) -> str | None:
    from seqgen import cache
    from seqgen.config import config_for, merge

    if args.no_cache:
        return None
    path = None if filename in ("<expr>", "<stdin>") else Path(filename)
    try:
        config = config_for(path)
        config_bytes = config.path.read_bytes() if config.path is not None else None
    except Exception:  # noqa: BLE001 - OSError or a broken pyproject.toml's SeqgenError:
        return None  # the long way reports it (seqgen.errors is not imported on this path)
    settings = merge(config, style=args.style, form=args.form, keras=args.keras,
                     templates=args.templates, line_length=args.line_length)  # fmt: skip
    return cache.make_key(
        source=data,
        options={"command": "gen", **settings, "defines": list(args.define)},
        config=config_bytes,
        templates=settings["templates"],
        extra={"file": filename, "config": str(config.path) if config.path else None},
    )


def _from_cache(args: argparse.Namespace, filename: str, out: Path | None, stdout: TextIO,
                stderr: TextIO, make_folders: bool = False) -> int | None:  # fmt: skip
    """Answer from the cache: the exit code, or None on a miss (nothing was printed)."""
    from seqgen import cache

    try:
        with open(filename, "rb") as f:
            data = f.read()
    except OSError:
        return None
    key = _cache_key(args, filename, data)
    entry = cache.load(key) if key is not None else None
    if entry is None:
        return None
    code: str = entry["code"]
    if entry["diagnostics"]:
        notes = [cache.diagnostic_from_dict(d) for d in entry["diagnostics"]]
        if _report(notes, args.warnings, filename, data.decode("utf-8"), stderr):
            return ExitCode.BAD_INPUT
    if out is None:
        stdout.write(code)
        return ExitCode.OK
    if not (args.check or args.diff):
        try:
            if out.read_bytes() == code.encode("utf-8"):
                return ExitCode.OK  # up to date: not even opened for writing
        except OSError:
            pass
        if make_folders:
            out.parent.mkdir(parents=True, exist_ok=True)
    return _emit(out, code, args, filename, stdout, stderr)


class _Failed(Exception):
    """A `SeqgenError` on the cached path (seqgen.errors is not imported there unless raised)."""

    def __init__(self, error: Exception) -> None:
        self.error: Any = error


def _warm(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int | None:
    """`seqgen FILE [-o OUT]` answered from the cache, or None to generate."""
    try:
        return _warm_answer(args, stdout, stderr)
    except Exception as e:  # noqa: BLE001 - SeqgenError (writing the file) is the user's
        from seqgen.errors import SeqgenError

        if isinstance(e, SeqgenError):
            raise _Failed(e) from None
        raise


def _warm_answer(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int | None:
    if args.no_cache or args.expr is not None or args.out_dir is not None or args.beside:
        return None
    if len(args.src) != 1 or args.src[0] == "-":
        return None
    if args.output and _same_file(Path(args.src[0]), Path(args.output)):
        return None  # refused the long way
    if (args.check or args.diff) and not args.output:
        return None
    if args.templates and not Path(args.templates).is_dir():
        return None
    return _from_cache(args, args.src[0], Path(args.output) if args.output else None,
                       stdout, stderr)  # fmt: skip


def _remember(args: argparse.Namespace, filename: str, source: str, result: Any) -> None:
    """Store a successful generation of a file for the next run."""
    if args.no_cache or filename in ("<expr>", "<stdin>"):
        return
    from seqgen import cache

    key = _cache_key(args, filename, source.encode("utf-8"))
    if key is not None:
        cache.store(key, {"code": result.code,
                          "diagnostics": [cache.diagnostic_to_dict(d)
                                          for d in result.summary.notes]})  # fmt: skip
