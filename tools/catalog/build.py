"""Build ``seqgen/data/catalog.json`` from the installed Keras: the catalogue builder's entry.

Run from the repository root ``python -m tools.catalog`` to (re)write the catalogue and
``python -m tools.catalog --check`` to verify that the committed file is up to date.  The
builder is a maintainer tool, not part of the installed package: it probes Keras
(tools/catalog/probe.py) and applies seqgen's language decisions (tools/catalog/decisions.py,
tools/catalog/examples.py); the kinds it gives parameters come from seqgen.kinds.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, Sequence

from tools.catalog.probe import build_catalog

CATALOG_PATH = Path(__file__).resolve().parent.parent.parent / "seqgen" / "data" / "catalog.json"


def render(catalog: dict) -> str:
    """The exact text written to catalog.json."""
    return json.dumps(catalog, indent=1, sort_keys=False, ensure_ascii=False) + "\n"


def _diff_summary(
    old: Any, new: Any, path: str = "$", out: list[str] | None = None, limit: int = 20
) -> list[str]:
    """Short list of differing JSON paths between two catalogues."""
    out = [] if out is None else out
    if len(out) >= limit:
        return out
    if isinstance(old, dict) and isinstance(new, dict):
        for key in list(old) + [k for k in new if k not in old]:
            if key not in new:
                out.append(f"{path}.{key}: removed")
            elif key not in old:
                out.append(f"{path}.{key}: added")
            else:
                _diff_summary(old[key], new[key], f"{path}.{key}", out, limit)
    elif isinstance(old, list) and isinstance(new, list):

        def label(item: Any, i: int) -> str:
            return item["class"] if isinstance(item, dict) and "class" in item else str(i)

        if all(isinstance(x, dict) and "class" in x for x in old + new):
            old_map = {x["class"]: x for x in old}
            new_map = {x["class"]: x for x in new}
            for key in list(old_map) + [k for k in new_map if k not in old_map]:
                if key not in new_map:
                    out.append(f"{path}[{key}]: removed")
                elif key not in old_map:
                    out.append(f"{path}[{key}]: added")
                else:
                    _diff_summary(old_map[key], new_map[key], f"{path}[{key}]", out, limit)
        elif len(old) != len(new):
            out.append(f"{path}: {len(old)} items -> {len(new)} items")
        else:
            for i, (a, b) in enumerate(zip(old, new)):
                _diff_summary(a, b, f"{path}[{label(a, i)}]", out, limit)
    elif old != new:
        out.append(f"{path}: {old!r} -> {new!r}")
    return out[:limit]


def main(argv: Sequence[str] | None = None) -> int:
    """Write catalog.json, or with --check compare it with a fresh build."""
    parser = argparse.ArgumentParser(
        prog="python -m tools.catalog", description=__doc__.split("\n")[0]
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="exit 1 if the committed catalogue differs from a fresh build",
    )
    parser.add_argument("--output", type=Path, default=CATALOG_PATH, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    catalog = build_catalog()
    text = render(catalog)
    path: Path = args.output
    if args.check:
        try:
            current = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            print(f"{path}: missing; run python -m tools.catalog", file=sys.stderr)
            return 1
        if current == text:
            print(f"{path}: up to date")
            return 0
        try:
            changes = _diff_summary(json.loads(current), catalog)
        except json.JSONDecodeError as exc:
            changes = [f"not valid JSON: {exc}"]
        print(
            f"{path}: out of date ({len(changes) or 'formatting'} difference(s) shown)",
            file=sys.stderr,
        )
        for line in changes or ["same data, different formatting"]:
            print(f"  {line}", file=sys.stderr)
        print("run: python -m tools.catalog", file=sys.stderr)
        return 1
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    print(f"wrote {path}: {len(catalog['layers'])} layers, {len(catalog['cells'])} cells")
    return 0


if __name__ == "__main__":
    sys.exit(main())
