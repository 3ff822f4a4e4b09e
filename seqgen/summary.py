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
class Weights:
    """A layer's variables as Keras counts them: numbers and bytes (each variable in its own
    dtype), split by each variable's own `trainable` flag.

    Keras's model totals (`model.summary()`, `model.trainable_weights`) split by that flag; a
    layer's own `trainable_weights` is empty when the layer is frozen, whatever the flags of its
    nested layers' variables say (`LayerRow.trainable`).
    """

    trainable: int = 0
    non_trainable: int = 0
    trainable_bytes: int = 0
    non_trainable_bytes: int = 0

    @staticmethod
    def of(count: int, itemsize: int, trainable: bool = True) -> Weights:
        """`count` numbers of `itemsize` bytes each, all with the same flag."""
        if trainable:
            return Weights(count, 0, count * itemsize, 0)
        return Weights(0, count, 0, count * itemsize)

    def __add__(self, other: Weights) -> Weights:
        return Weights(self.trainable + other.trainable, self.non_trainable + other.non_trainable,
                       self.trainable_bytes + other.trainable_bytes,
                       self.non_trainable_bytes + other.non_trainable_bytes)  # fmt: skip

    def frozen(self) -> Weights:
        """The same variables, all created non-trainable (a layer built with trainable=False)."""
        return Weights(0, self.total, 0, self.bytes)

    @property
    def total(self) -> int:
        return self.trainable + self.non_trainable

    @property
    def bytes(self) -> int:
        return self.trainable_bytes + self.non_trainable_bytes


NO_WEIGHTS = Weights()


@dataclass(frozen=True)
class LayerRow:
    """One line of the summary: a layer of the model's own stack.

    `trainable` and `non_trainable` are the layer's own `trainable_weights` and
    `non_trainable_weights`; `weights` its variables by their flags, which the model's totals
    add up.
    """

    name: str
    cls: str
    shape: Shape | None  # None: unknown (the model has no input, or inference stopped)
    trainable: int
    non_trainable: int
    weights: Weights
    span: Span
    children: tuple[LayerRow, ...] = ()  # a nested Sequential's layers

    @property
    def params(self) -> int:
        return self.trainable + self.non_trainable

    @property
    def weight_bytes(self) -> int:
        """The bytes of the layer's weights, each in its own dtype."""
        return self.weights.bytes


@dataclass(frozen=True)
class Summary:
    """A model's summary; its totals are Keras's model totals, split by each variable's flag."""

    name: str  # the model's name: given, or Keras's automatic one in the generation style
    input_shape: Shape | None
    output_shape: Shape | None
    rows: tuple[LayerRow, ...]
    notes: tuple[Diagnostic, ...] = ()  # warnings and notes, with positions

    @property
    def weights(self) -> Weights:
        total = NO_WEIGHTS
        for r in self.rows:
            total += r.weights
        return total

    @property
    def trainable(self) -> int:
        return self.weights.trainable

    @property
    def non_trainable(self) -> int:
        return self.weights.non_trainable

    @property
    def total(self) -> int:
        return self.trainable + self.non_trainable

    @property
    def weight_bytes(self) -> int:
        return self.weights.bytes


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

    out = [f'Model: "{summary.name}"', rule, line(header), rule]
    out += [line(c) for c in cells]
    out.append(rule)
    if summary.input_shape is None:
        out.append("The model has no input: shapes and parameters are unknown until it is built.")
    else:
        w = summary.weights
        out.append(f"Total params: {w.total:,} ({readable_size(w.bytes)})")
        out.append(f"Trainable params: {w.trainable:,} ({readable_size(w.trainable_bytes)})")
        out.append(f"Non-trainable params: {w.non_trainable:,} "
                   f"({readable_size(w.non_trainable_bytes)})")  # fmt: skip
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
        "trainable_weight_bytes": summary.weights.trainable_bytes,
        "non_trainable_weight_bytes": summary.weights.non_trainable_bytes,
        "notes": [
            {"severity": d.severity, "message": d.message,
             "line": d.span.line if d.span else None,
             "column": d.span.column if d.span else None}
            for d in summary.notes
        ],  # fmt: skip
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
