"""Rules of the catalogue family "cell": the RNN cells LSTMCell, GRUCell, SimpleRNNCell and
StackedRNNCells, arguments of `RNN(...)` rather than layers of the stack.

Follows Keras 3 (keras/src/layers/rnn/): each cell's `build` for the weights (`LSTMCell`:
kernel, recurrent kernel and bias for 4 gates; `GRUCell`: 3 gates, with two biases when
`reset_after`; `SimpleRNNCell`: 1), `StackedRNNCells.build` for a list of cells (each cell
takes the previous one's output).  A cell rule takes the shape of one time step,
`(batch, ..., features)`, and returns `(batch, output_size)` with the cell's weights.
"""

from __future__ import annotations

from typing import Any

from seqgen.layers.arguments import infer_nested, nested_values
from seqgen.layers.base import NO_WEIGHTS, RULES, Args, Family, NestedLayer, Out, Shape

cell = Family("cell")


def _gates(a: Args, x: Shape, gates: int, bias: int) -> Out:
    features = a.need_known(x, -1, "last (feature)")
    units = a["units"]
    weights = gates * units * (features + units) + (bias if a["use_bias"] else 0)
    return Out((x[0], units), trainable=weights)


@cell.layer("LSTMCell", cell_states=2)
def lstm_cell(a: Args, x: Shape) -> Out:
    return _gates(a, x, 4, 4 * a["units"])


@cell.layer("GRUCell", cell_states=1)
def gru_cell(a: Args, x: Shape) -> Out:
    # reset_after keeps separate input and recurrent biases: shape (2, 3 * units)
    return _gates(a, x, 3, (6 if a["reset_after"] else 3) * a["units"])


@cell.layer("SimpleRNNCell", cell_states=1)
def simple_rnn_cell(a: Args, x: Shape) -> Out:
    return _gates(a, x, 1, a["units"])


def chain(a: Args, cells: Any, step: Shape) -> Out:
    """Cells applied in turn, each to the previous one's output (StackedRNNCells.build)."""
    if isinstance(cells, NestedLayer):
        cells = [cells]
    if not isinstance(cells, list) or not cells:
        raise a.fail("needs at least one RNN cell")
    nested = NO_WEIGHTS
    for c in cells:
        if not isinstance(c, NestedLayer):  # pragma: no cover - the checker rejects it
            raise a.fail("takes RNN cells such as (lstm_cell 32)")
        out = infer_nested(a, c, step, f"its cell {c.cls}:")
        nested += out.weights
        step = out.shape
    return Out(step, nested=nested)


@cell.layer("StackedRNNCells")
def stacked_rnn_cells(a: Args, x: Shape) -> Out:
    return chain(a, a["cells"], x)


def state_count(layer: Any) -> int | None:
    """The number of state tensors of a cell or a list of cells (None: not known)."""
    if isinstance(layer, list):
        counts = [state_count(c) for c in layer]
        return None if None in counts else sum(counts)  # type: ignore[arg-type]
    if not isinstance(layer, NestedLayer):
        return None
    if layer.cls == "StackedRNNCells":
        return state_count(nested_values(layer).get("cells"))
    known = RULES.get(layer.cls)
    return known.cell_states if known is not None else None
