"""The summary's views (`seqgen summary`): a table like Keras's `model.summary()`, or JSON."""

from __future__ import annotations

import json

from seqgen.layers import LayerRow, Summary
from seqgen.layers.base import fmt_shape


def readable_size(n: int) -> str:
    """Bytes as Keras's summary shows them: 1024-based units, two decimals."""
    size = float(n)
    for unit in ("B", "KB", "MB", "GB", "TB"):
        if size < 1024 or unit == "TB":
            return f"{size:.2f} {unit}"
        size /= 1024
    raise AssertionError  # pragma: no cover


def _shape(row: LayerRow) -> str:
    return fmt_shape(row.shape) if row.shape is not None else "?"


def summary_table(summary: Summary) -> str:
    header = ("Layer (type)", "Output Shape", "Param #")
    cells = [(f"{r.name} ({r.cls})", _shape(r), f"{r.params:,}") for r in summary.rows]
    widths = [max(len(c[i]) for c in [header, *cells]) for i in range(3)]
    widths = [max(widths[0], 28), max(widths[1], 24), max(widths[2], 10)]
    rule = "─" * (sum(widths) + 4)

    def line(c: tuple[str, str, str]) -> str:
        return f"{c[0]:<{widths[0]}}  {c[1]:<{widths[1]}}  {c[2]:>{widths[2]}}".rstrip()

    name = summary.name if summary.name is not None else "sequential"
    out = [f'Model: "{name}"', rule, line(header), rule]
    out += [line(c) for c in cells]
    out.append(rule)
    if summary.input_shape is None:
        out.append("The model has no input: shapes and parameters are unknown until it is built.")
    else:
        size = summary.weight_bytes
        per = size / summary.total if summary.total else 4
        out.append(f"Total params: {summary.total:,} ({readable_size(size)})")
        out.append(f"Trainable params: {summary.trainable:,} "
                   f"({readable_size(round(summary.trainable * per))})")  # fmt: skip
        out.append(f"Non-trainable params: {summary.non_trainable:,} "
                   f"({readable_size(round(summary.non_trainable * per))})")  # fmt: skip
    return "\n".join(out) + "\n"


def _row_json(r: LayerRow) -> dict:
    d = {
        "name": r.name,
        "class": r.cls,
        "output_shape": list(r.shape) if r.shape is not None else None,
        "params": r.params,
        "trainable": r.trainable,
        "non_trainable": r.non_trainable,
        "weight_bytes": r.weight_bytes,
        "line": r.span.line,
        "column": r.span.column,
    }
    if r.children:
        d["layers"] = [_row_json(c) for c in r.children]
    return d


def summary_json(summary: Summary) -> str:
    data = {
        "name": summary.name,
        "input_shape": list(summary.input_shape) if summary.input_shape is not None else None,
        "output_shape": list(summary.output_shape) if summary.output_shape is not None else None,
        "layers": [_row_json(r) for r in summary.rows],
        "total_params": summary.total,
        "trainable_params": summary.trainable,
        "non_trainable_params": summary.non_trainable,
        "weight_bytes": summary.weight_bytes,
        "notes": [
            {"severity": d.severity, "message": d.message,
             "line": d.span.line if d.span else None,
             "column": d.span.column if d.span else None}
            for d in summary.notes
        ],  # fmt: skip
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
