"""Render a `.seq` file through seqgen's Pygments lexer and screenshot it with headless Chromium.

    python editors/screenshot.py                     # examples/mnist_convnet.seq → docs/images/
    python editors/screenshot.py FILE -o OUT.png --style friendly

This makes the picture in the docs (`docs/images/seq-highlighting.png`); run it again after the
highlighting or the example changes.  It needs `pip install -e '.[pygments]'` and a Chromium
(Debian: `apt-get install chromium`); no test runs it.  The window is sized from the text
(a fixed monospace font and line height), so the picture is cropped to the code.
"""

from __future__ import annotations

import argparse
import html
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.styles import get_style_by_name

from seqgen.pygments_lexer import SeqLexer

ROOT = Path(__file__).resolve().parent.parent
FONT_PX, LINE_PX, PAD_PX = 15, 22, 18
CHAR_PX = FONT_PX * 1233 / 2048  # DejaVu Sans Mono's advance width
LINENO_PX = 10  # the padding Pygments puts around inline line numbers

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--hide-scrollbars", "--force-device-scale-factor=1"]  # fmt: skip


def render_html(source: str, title: str, style: str) -> str:
    """A whole HTML page of the highlighted source, with no margins around the code."""
    background = get_style_by_name(style).background_color
    formatter = HtmlFormatter(full=True, style=style, linenos="inline", title=html.escape(title),
                              prestyles=f"margin: 0; padding: {PAD_PX}px; font-size: {FONT_PX}px; "
                                        f"line-height: {LINE_PX}px; font-family: 'DejaVu Sans "
                                        "Mono', monospace")  # fmt: skip
    page = highlight(source, SeqLexer(), formatter)
    reset = f"<style>html, body {{ margin: 0; background: {background}; }} h2 {{ display: none; }}"
    return page.replace("</head>", f"{reset}</style>\n</head>", 1)


def window_size(source: str) -> tuple[int, int]:
    """The page's size in pixels: the code, its line numbers and the padding around them."""
    lines = source.rstrip("\n").split("\n")
    chars = max(len(line) for line in lines) + len(str(len(lines)))
    return round(chars * CHAR_PX) + LINENO_PX + 2 * PAD_PX + 2, len(lines) * LINE_PX + 2 * PAD_PX


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("file", nargs="?", type=Path, default=ROOT / "examples/mnist_convnet.seq")
    parser.add_argument("-o", "--output", type=Path,
                        default=ROOT / "docs/images/seq-highlighting.png")  # fmt: skip
    parser.add_argument("--style", default="one-dark", help="a Pygments style (default one-dark)")
    parser.add_argument("--chromium", default=shutil.which("chromium") or "chromium")
    args = parser.parse_args(argv)

    source = args.file.read_text(encoding="utf-8")
    width, height = window_size(source)
    output = args.output.resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="seq-screenshot-") as tmp:
        page = Path(tmp) / "page.html"
        page.write_text(render_html(source, args.file.name, args.style), encoding="utf-8")
        command = [args.chromium, *CHROMIUM_FLAGS, f"--user-data-dir={Path(tmp) / 'profile'}",
                   f"--window-size={width},{height}", f"--screenshot={output}",
                   page.as_uri()]  # fmt: skip
        subprocess.run(command, check=True, capture_output=True, timeout=120)
    print(f"wrote {output} ({width}x{height}, {output.stat().st_size // 1024} KB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
