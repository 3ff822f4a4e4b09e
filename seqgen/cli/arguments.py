"""The argument parsers of every command, their help and the exit-code table: argparse lives
here and nowhere else (a run answered from the cache never imports it: seqgen/cli/quick.py)."""

from __future__ import annotations

import argparse

from seqgen._version import __version__
from seqgen.cli.quick import gen_defaults
from seqgen.options import (BACKENDS, FMT_LINE_LENGTH, FORMS, KERAS_MODES, LAYER_CASES,
                            LINE_LENGTH, STYLES)  # fmt: skip

EDITORS = ("vscode", "sublime", "ultisnips")

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
    p.add_argument("--backend", choices=BACKENDS, default=None,
                   help="the Keras backend the model must run on (default tensorflow): refuse "
                        "what that backend cannot run; jax and torch imply --keras keras"
                        + ("; check --keras builds on it" if command == "check" else ""))  # fmt: skip
    p.add_argument("-D", "--define", action="append", default=[], metavar="NAME=VALUE",
                   help="check the model at this parameter value (repeatable)")  # fmt: skip
    p.add_argument("-W", dest="warnings", choices=["error", "ignore", "default"], default="default",
                   help="-W error: warnings are errors; -W ignore: hidden")  # fmt: skip


def _fmt_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("files", nargs="*", metavar="FILE",
                   help="a .seq file or a folder of them ('-' formats standard input to "
                        "standard output)")  # fmt: skip
    p.add_argument("--check", action="store_true",
                   help="write nothing; exit 1 if any file would be reformatted")  # fmt: skip
    p.add_argument("--diff", action="store_true",
                   help="write nothing; print a unified diff of each change")  # fmt: skip
    p.add_argument("--line-length", type=int, default=None, metavar="N",
                   help=f"wrap lines longer than N inside brackets (default {FMT_LINE_LENGTH})")  # fmt: skip
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
                   help=f"black's line length for the snippet bodies (default {LINE_LENGTH})")  # fmt: skip


def parser(command: str) -> argparse.ArgumentParser:
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
                       help=f"black's line length for the output (default {LINE_LENGTH})")  # fmt: skip
        p.add_argument("--check", action="store_true",
                       help="write nothing; exit 1 if OUT is missing or would change")  # fmt: skip
        p.add_argument("--diff", action="store_true",
                       help="write nothing; print a unified diff of OUT against the new output")  # fmt: skip
        p.set_defaults(**gen_defaults())  # the plain form's reader (seqgen/cli/quick.py) agrees
    elif command == "summary":
        p.add_argument("--json", action="store_true", help="machine-readable output")
    if command in ("summary", "check"):
        p.add_argument("--style", choices=STYLES, default=None,
                       help="the style of the generation described: Keras's automatic names "
                            "depend on it (list, default, or add)")  # fmt: skip
    if command == "check":
        p.add_argument("--keras", dest="with_keras", nargs="?", const="default",
                       choices=[*KERAS_MODES, "default"], metavar="MODE",
                       help="also build the model with TensorFlow (importing keras as MODE, "
                            "tensorflow or keras) and compare Keras's own shapes and parameter "
                            "counts with seqgen's; the only command that imports TensorFlow")  # fmt: skip
    return p
