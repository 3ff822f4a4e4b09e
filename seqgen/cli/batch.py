"""`seqgen FILE|FOLDER ... --out-dir DIR | --beside`: generate several inputs, in worker
processes when there are enough of them.  Every file is tried, every failure reported (in input
order, whichever worker produced it), and the files that succeed are written."""

from __future__ import annotations

import os

from seqgen.cli import cached
from seqgen.cli.inputs import same_file
from seqgen.cli.output import emit
from seqgen.cli.report import ExitCode, Report, Usage, internal_error, show_notes

TYPE_CHECKING = False
if TYPE_CHECKING:  # pragma: no cover
    from pathlib import Path
    from typing import Any, TextIO

#: One file of a batch: (exit status, its standard output, its messages, failed?).
Outcome = tuple[int, str, str, bool]


def run(args: Any, params: dict[str, Any], stdout: TextIO, stderr: TextIO) -> int:
    from pathlib import Path

    from seqgen.files import collect_sources

    if args.out_dir is not None and args.beside:
        raise Usage("give --out-dir DIR or --beside, not both")
    if args.output:
        raise Usage("-o names one output file: use --out-dir DIR or --beside instead")
    if args.expr is not None or "-" in args.src:
        raise Usage("--out-dir and --beside take files or folders, not -e TEXT or '-'")
    if not args.src:
        raise Usage("no input: give .seq files or folders")
    out_dir = Path(args.out_dir) if args.out_dir is not None else None
    if out_dir is not None and not out_dir.is_dir():
        raise Usage(f"--out-dir: the folder {args.out_dir!r} does not exist")
    jobs: dict[Path, Path] = {}
    for path, relative in collect_sources(args.src):
        out = path.with_suffix(".py") if out_dir is None else out_dir / relative.with_suffix(".py")
        if same_file(path, out):
            raise Usage(f"the output of {path} would be the file itself: rename it to .seq")
        if out in jobs.values():
            first = next(p for p, o in jobs.items() if o == out)
            raise Usage(f"two inputs would write {out}: {first} and {path}")
        jobs[path] = out
    work = [(args, params, path, out, out_dir is not None) for path, out in jobs.items()]
    workers = _job_count(args.jobs, len(work))
    results = _in_processes(work, workers) if workers > 1 else [_one(*w) for w in work]
    report = Report()
    for status, out_text, err_text, failed in results:  # in input order
        stdout.write(out_text)
        stderr.write(err_text)
        report.failed += failed
        report.internal = report.internal or status == ExitCode.INTERNAL
        report.drift = report.drift or status == ExitCode.DRIFT
    if report.failed:
        stderr.write(report.failed_counts(len(jobs)) + "\n")
    return report.return_code


def _job_count(asked: int | None, files: int) -> int:
    """Worker processes for a batch: --jobs, else one per CPU for batches worth forking."""
    if asked is not None:
        return max(1, min(asked, files))
    if files < 16:
        return 1
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(1, min(cpus or 1, files, 16))


def _in_processes(work: list[tuple[Any, ...]], jobs: int) -> list[Outcome]:
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
        return list(pool.map(_one_packed, work, chunksize=chunk))


def _one_packed(work: tuple[Any, ...]) -> Outcome:
    return _one(*work)


def _one(args: Any, params: dict[str, Any], path: Path, out: Path,
         make_folders: bool) -> Outcome:  # fmt: skip
    """One file of a batch, its output and messages kept to be printed in input order."""
    import io

    from seqgen.cli.gen import generate
    from seqgen.errors import InternalError, SeqgenError
    from seqgen.files import read_source

    stdout, stderr = io.StringIO(), io.StringIO()
    name = str(path)
    status, failed = ExitCode.OK, False
    try:
        hit = cached.answer(args, name, str(out), stdout, stderr, make_folders)
        if hit is not None:
            return hit, stdout.getvalue(), stderr.getvalue(), hit == ExitCode.BAD_INPUT
        source = read_source(path)
        result = generate(args, name, source, params)
        if show_notes(result.summary.notes, args.warnings, name, source, stderr):
            failed = True
        else:
            if make_folders and not (args.check or args.diff):
                out.parent.mkdir(parents=True, exist_ok=True)  # sub-folders of --out-dir
            status = emit(str(out), result.code, args, name, stdout, stderr)
    except SeqgenError as e:
        stderr.write(e.render())
        failed = True
    except InternalError as e:
        stderr.write(internal_error(name, e))
        status = ExitCode.INTERNAL
    return status, stdout.getvalue(), stderr.getvalue(), failed
