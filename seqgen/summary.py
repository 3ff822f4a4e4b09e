"""The summary of a model — what shape inference (seqgen/layers/) finds, one `LayerRow` per
layer — and its views: a table like Keras's `model.summary()`, or JSON (`seqgen summary`).

Nothing here infers anything: the data types and how they are shown, importable without the
layer rules.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Iterable

if TYPE_CHECKING:  # pragma: no cover
    from seqgen.errors import Diagnostic
    from seqgen.syntax import Span

Shape = tuple  # tuple[int | None, ...], batch dimension first


def fmt_shape(x: Iterable[Any]) -> str:
    """A shape as Keras prints it: `(None, 26, 26, 32)`, `(3,)`."""
    items = ["None" if d is None else str(d) for d in x]
    return f"({items[0]},)" if len(items) == 1 else f"({', '.join(items)})"


@dataclass(frozen=True)
class LayerRow:
    """One line of the summary: a layer of the model's own stack."""

    name: str
    cls: str
    shape: Shape | None  # None: unknown (the model has no input, or inference stopped)
    trainable: int
    non_trainable: int
    weight_bytes: int
    span: Span
    children: tuple[LayerRow, ...] = ()  # a nested Sequential's layers

    @property
    def params(self) -> int:
        return self.trainable + self.non_trainable


@dataclass(frozen=True)
class Summary:
    name: str | None
    input_shape: Shape | None
    output_shape: Shape | None
    rows: tuple[LayerRow, ...]
    notes: tuple[Diagnostic, ...] = ()  # warnings and notes, with positions

    @property
    def trainable(self) -> int:
        return sum(r.trainable for r in self.rows)

    @property
    def non_trainable(self) -> int:
        return sum(r.non_trainable for r in self.rows)

    @property
    def total(self) -> int:
        return self.trainable + self.non_trainable

    @property
    def weight_bytes(self) -> int:
        return sum(r.weight_bytes for r in self.rows)



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
