"""`seqgen snippets FILE ... | --layers --editor vscode|sublime|ultisnips [-o OUT]`: make the
snippets (seqgen/snippets.py), then write them; nothing is written on an error."""

from __future__ import annotations

from seqgen.cli.report import ExitCode, Usage

TYPE_CHECKING = False
if TYPE_CHECKING:  # pragma: no cover
    from collections.abc import Mapping, Sequence
    from pathlib import Path
    from typing import Any, TextIO

    from seqgen.options import Options
    from seqgen.snippets import Snippet


def _options(args: Any) -> Options:
    """Generation options of snippets: the flags given, else `[tool.seqgen]` of the first
    file's project (of the current folder for --layers), else seqgen's defaults."""
    from seqgen.config import config_for, merge
    from seqgen.options import Options

    config = config_for(args.files[0] if args.files else None)
    settings = merge(config, style=args.style, keras=args.keras, line_length=args.line_length)
    return Options(form="fragment", **settings)


def run(args: Any, stdout: TextIO, stderr: TextIO) -> int:
    from pathlib import Path

    from seqgen.catalog import load_catalog
    from seqgen.snippets import layer_snippets, render_sublime, render_ultisnips, render_vscode

    if args.layers and args.files:
        raise Usage("give .seq FILEs (model snippets) or --layers (layer snippets), not both")
    if not args.layers and not args.files:
        raise Usage("no input: give .seq FILEs for model snippets, or --layers for one snippet "
                    "per layer")  # fmt: skip
    if "-" in args.files:
        raise Usage("snippets are made from .seq files; '-' (standard input) is not supported")
    if args.editor == "sublime" and not args.output:
        raise Usage("--editor sublime writes one .sublime-snippet file per snippet: add -o "
                    "FOLDER")  # fmt: skip
    try:
        options = _options(args)
    except ValueError as e:
        raise Usage(str(e)) from None
    if args.layers:
        snippets = layer_snippets(load_catalog(), options.keras)
    else:
        made = _model_snippets(args.files, options, stderr)
        if made is None:
            return ExitCode.BAD_INPUT
        snippets = made
    snippets.sort(key=lambda s: (s.prefix, s.name))
    if args.editor == "sublime":
        _write_folder(Path(args.output), render_sublime(snippets))
        return ExitCode.OK
    text = render_vscode(snippets) if args.editor == "vscode" else render_ultisnips(snippets)
    if args.output:
        from seqgen.files import write_if_changed

        write_if_changed(Path(args.output), text)
    else:
        stdout.write(text)
    return ExitCode.OK


def _model_snippets(files: Sequence[str], options: Options, stderr: TextIO) -> list[Snippet] | None:
    """A snippet per file; None after reporting every file's errors (and prefixes made twice)."""
    from pathlib import Path

    from seqgen.api import build
    from seqgen.errors import Diagnostic, SeqgenError, format_diagnostic
    from seqgen.files import read_source
    from seqgen.snippets import fragment_snippet

    snippets: list[Snippet] = []
    made: dict[str, str] = {}  # prefix, case-folded (Sublime's file names) → file
    failed = False
    for file in dict.fromkeys(files):
        try:
            source = read_source(Path(file))
            generated = build(source, options, filename=file)
            stderr.writelines(format_diagnostic(n, file, source) for n in generated.summary.notes)
            snippet = fragment_snippet(source, generated.code, file)
        except SeqgenError as e:
            stderr.write(e.render())
            failed = True
            continue
        key = snippet.prefix.casefold()
        if key in made:
            message = (f"makes the snippet '{snippet.prefix}', as {made[key]} does; give one of "
                       "the models another name")  # fmt: skip
            stderr.write(SeqgenError(Diagnostic(message), file=file).render())
            failed = True
            continue
        made[key] = file
        snippets.append(snippet)
    return None if failed else snippets


def _write_folder(folder: Path, files: Mapping[str, str]) -> None:
    from seqgen.errors import Diagnostic, SeqgenError
    from seqgen.files import write_if_changed

    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise SeqgenError(Diagnostic(f"cannot make the output folder: {e.strerror}"),
                          file=str(folder)) from None  # fmt: skip
    for name, text in sorted(files.items()):
        write_if_changed(folder / name, text)
