"""The cache policy of `seqgen gen`: when a run is answered from seqgen/cache.py, and what
its key holds.

A run whose input, options, `[tool.seqgen]`, templates and generator (seqgen's files, black,
lark, Jinja2) are unchanged is answered without importing the pipeline.  The key holds the
generation's `Options.cache_key()` — the very options the long path generates with, merged and
checked by the same functions (seqgen/cli/inputs.py) — the -D texts, the input's bytes, the
bytes of the `pyproject.toml` the settings came from and the file name, which the generated
header shows; warnings and notes are stored with the code and shown again.  Any usage problem
or unreadable setting is a miss: the long path reports it.
"""

from __future__ import annotations

from seqgen.cli.inputs import check_output, gen_options, input_path
from seqgen.cli.output import emit
from seqgen.cli.report import ExitCode, Usage, show_notes

TYPE_CHECKING = False
if TYPE_CHECKING:  # pragma: no cover
    from typing import Any, TextIO

    from seqgen.config import Config
    from seqgen.options import Options


def key(args: Any, filename: str, data: bytes, options: Options, config: Config) -> str | None:
    """The cache key of generating `data` (the bytes of `filename`) with `options`; None:
    do not cache (--no-cache, or its pyproject.toml cannot be read)."""
    from seqgen import cache

    if args.no_cache:
        return None
    try:
        config_bytes = _read(config.path) if config.path is not None else None
    except OSError:
        return None
    return cache.make_key(
        source=data,
        options={"command": "gen", **options.cache_key(), "defines": list(args.define)},
        config=config_bytes,
        templates=options.templates,
        extra={"file": filename, "config": config.path},
    )


def remember(args: Any, filename: str, source: str, options: Options, config: Config,
             result: Any) -> None:  # fmt: skip
    """Store a successful generation of a file for the next run."""
    if args.no_cache or input_path(filename) is None:
        return
    from seqgen import cache

    entry_key = key(args, filename, source.encode("utf-8"), options, config)
    if entry_key is not None:
        cache.store(entry_key, {"code": result.code,
                                "diagnostics": [cache.diagnostic_to_dict(d)
                                                for d in result.summary.notes]})  # fmt: skip


def answer(args: Any, filename: str, out: str | None, stdout: TextIO, stderr: TextIO,
           make_folders: bool = False) -> int | None:  # fmt: skip
    """Answer from the cache: the exit code, or None on a miss (nothing was printed)."""
    from seqgen import cache

    if args.no_cache:
        return None
    try:
        data = _read(filename)
    except OSError:
        return None
    try:
        config = _config(input_path(filename))
    except Exception:  # noqa: BLE001 - OSError or a broken pyproject.toml's SeqgenError:
        return None  # the long way reports it (seqgen.errors is not imported on this path)
    try:
        options = gen_options(args, config)
    except Usage:
        return None
    entry_key = key(args, filename, data, options, config)
    entry = cache.load(entry_key) if entry_key is not None else None
    if entry is None:
        return None
    code: str = entry["code"]
    if entry["diagnostics"]:
        notes = [cache.diagnostic_from_dict(d) for d in entry["diagnostics"]]
        if show_notes(notes, args.warnings, filename, data.decode("utf-8"), stderr):
            return ExitCode.BAD_INPUT
    if out is None:
        stdout.write(code)
        return ExitCode.OK
    if not (args.check or args.diff):
        try:
            if _read(out) == code.encode("utf-8"):
                return ExitCode.OK  # up to date: not even opened for writing
        except OSError:
            pass
        if make_folders:
            import os

            os.makedirs(os.path.dirname(out), exist_ok=True)
    return emit(out, code, args, filename, stdout, stderr)


def warm(args: Any, stdout: TextIO, stderr: TextIO) -> int | None:
    """`seqgen FILE [-o OUT]` answered from the cache, or None to generate."""
    if args.no_cache or args.expr is not None or args.out_dir is not None or args.beside:
        return None
    if len(args.src) != 1 or args.src[0] == "-":
        return None
    try:
        check_output(args, args.src[0])
    except Usage:
        return None  # refused the long way
    return answer(args, args.src[0], args.output, stdout, stderr)


def _config(path: str | None) -> Config:
    """`config_for(path)`, read back from the cache when the same `pyproject.toml` bytes were
    read before: parsing TOML imports tomllib and typing, which cost more than the rest of a
    cached run.  The settings of a file are a function of its path and bytes, except where a
    table names a templates folder (the folder is checked and resolved): such a table is
    always parsed.  The entry is a cache payload like any other (its `code` empty)."""
    import os

    from seqgen import cache
    from seqgen.config import SETTINGS, Config, config_for, pyproject_above

    pyproject = pyproject_above(os.getcwd() if path is None else path)
    if pyproject is None:
        return Config()
    try:
        data = _read(pyproject)
    except OSError:
        return config_for(path)
    memo = cache.make_key(source=data, options={"pyproject": pyproject}, config=None,
                          templates=None, extra={"kind": "config"})  # fmt: skip
    entry = cache.load(memo)
    settings = entry.get("settings") if entry is not None else None
    if isinstance(settings, dict) and set(settings) == set(SETTINGS):
        return Config(**settings, path=pyproject)
    config = config_for(path)
    if config.templates is None and config.path == pyproject and _read(pyproject) == data:
        settings = {name: getattr(config, name) for name in SETTINGS}
        cache.store(memo, {"code": "", "diagnostics": [], "settings": settings})
    return config


def _read(path: str) -> bytes:
    with open(path, "rb") as f:
        return f.read()
