"""Shape rules: recurrent layers, their cells, and the Bidirectional and TimeDistributed wrappers.

Follows Keras 3 (keras/src/layers/rnn/): `RNN.compute_output_shape` for the output, each cell's
`build` for the weights (`LSTMCell`: kernel, recurrent kernel and bias for 4 gates; `GRUCell`: 3
gates, with two biases when `reset_after`; `SimpleRNNCell`: 1), `StackedRNNCells.build` for a
list of cells (each cell takes the previous one's output), `ConvLSTMCell.build` and
`compute_conv_output_shape` for the ConvLSTM layers, `Bidirectional.compute_output_shape` and
`TimeDistributed.compute_output_shape` for the wrappers.

A cell rule takes the shape of one time step, `(batch, ..., features)`, and returns
`(batch, output_size)` with the cell's weights; the RNN rule chains them.

Keras returns several tensors from a layer with `return_state=True` and from `Bidirectional`
with `merge_mode=None`; the next layer of a Sequential model cannot take them, so these rules
fail.  (Keras does build a model whose *last* layer returns several tensors; seqgen has no
shape for that either.)
"""

from __future__ import annotations

from typing import Any

from seqgen.shapes.base import (
    Args,
    NestedLayer,
    Out,
    Shape,
    ShapeError,
    conv_output_length,
    fmt_shape,
    prod,
    rule,
    tuplify,
)

#: The axes of a recurrent layer's input, for messages.
SEQUENCE = "batch, timesteps, features"

#: How many state tensors each cell carries (`return_state` returns them after the output).
_CELL_STATES = {"LSTMCell": 2, "GRUCell": 1, "SimpleRNNCell": 1}


# --- nested layers -----------------------------------------------------------------------------


def nested_values(layer: NestedLayer) -> dict[str, Any]:
    """Every constructor argument of a nested layer, given or default."""
    from seqgen.shapes import layer_values  # the driver imports this module

    return layer_values(layer.call, layer.env)


def infer_nested(a: Args, layer: NestedLayer, x: Shape, context: str | None = None) -> Out:
    """A nested layer's result on `x`; its own `trainable=false` freezes its weights.

    A shape error of the nested layer is re-raised naming it: `context` (default: the nested
    layer's class and a colon) comes before the nested message.
    """
    try:
        out = a.infer(layer, x)
    except ShapeError as e:
        raise a.fail(f"{context or layer.cls + ':'} {e}") from None
    if nested_values(layer).get("trainable") is False:
        return Out(out.shape, 0, out.trainable + out.non_trainable)
    return out


def _states(layer: Any) -> int | None:
    """The number of state tensors of a cell or a list of cells (None: not known)."""
    if isinstance(layer, list):
        counts = [_states(c) for c in layer]
        return None if None in counts else sum(counts)  # type: ignore[arg-type]
    if not isinstance(layer, NestedLayer):
        return None
    if layer.cls in _CELL_STATES:
        return _CELL_STATES[layer.cls]
    if layer.cls == "StackedRNNCells":
        return _states(nested_values(layer).get("cells"))
    return None


# --- shared checks -----------------------------------------------------------------------------


def _finish(a: Args, x: Shape, units: int, trainable: int, states: int | None,
            non_trainable: int = 0, step_shape: Shape | None = None) -> Out:  # fmt: skip
    """A recurrent layer's output: the checks every RNN subclass shares, then the shape."""
    if a.get("stateful") and x[0] is None:
        raise a.fail("stateful=True needs a fixed batch size, but the input's batch dimension "
                     "is unknown: give the input one (input ... batch_size=32)")  # fmt: skip
    if a.get("return_state"):
        raise a.fail(return_state_message(a.cls, states))
    step = step_shape if step_shape is not None else (units,)
    shape = (x[0], x[1], *step) if a.get("return_sequences") else (x[0], *step)
    return Out(shape, trainable, non_trainable)


def return_state_message(cls: str, states: int | None) -> str:
    if states is None:
        what = "its output followed by its states"
    else:
        what = f"{states + 1} tensors (its output and {states} state{'s' if states != 1 else ''})"
    return (f"return_state=True makes {cls} return {what}, but a Sequential model passes one "
            "tensor to the next layer: drop return_state, or use the functional API")  # fmt: skip


def _sequence(a: Args, x: Shape) -> int:
    """The feature size of a `(batch, timesteps, features)` input."""
    a.need_rank(x, 3, what=SEQUENCE)
    return a.need_known(x, -1, "last (feature)")


# --- cells -------------------------------------------------------------------------------------


def _gates(a: Args, x: Shape, gates: int, bias: int) -> Out:
    features = a.need_known(x, -1, "last (feature)")
    units = a["units"]
    weights = gates * units * (features + units) + (bias if a["use_bias"] else 0)
    return Out((x[0], units), trainable=weights)


@rule("LSTMCell")
def lstm_cell(a: Args, x: Shape) -> Out:
    return _gates(a, x, 4, 4 * a["units"])


@rule("GRUCell")
def gru_cell(a: Args, x: Shape) -> Out:
    # reset_after keeps separate input and recurrent biases: shape (2, 3 * units)
    return _gates(a, x, 3, (6 if a["reset_after"] else 3) * a["units"])


@rule("SimpleRNNCell")
def simple_rnn_cell(a: Args, x: Shape) -> Out:
    return _gates(a, x, 1, a["units"])


def _chain(a: Args, cells: Any, step: Shape) -> Out:
    """Cells applied in turn, each to the previous one's output (StackedRNNCells.build)."""
    if isinstance(cells, NestedLayer):
        cells = [cells]
    if not isinstance(cells, list) or not cells:
        raise a.fail("needs at least one RNN cell")
    trainable = non_trainable = 0
    for cell in cells:
        if not isinstance(cell, NestedLayer):  # pragma: no cover - the checker rejects it
            raise a.fail("takes RNN cells such as (lstm_cell 32)")
        out = infer_nested(a, cell, step, f"its cell {cell.cls}:")
        trainable += out.trainable
        non_trainable += out.non_trainable
        step = out.shape
    return Out(step, trainable, non_trainable)


@rule("StackedRNNCells")
def stacked_rnn_cells(a: Args, x: Shape) -> Out:
    return _chain(a, a["cells"], x)


# --- recurrent layers --------------------------------------------------------------------------


@rule("LSTM")
def lstm(a: Args, x: Shape) -> Out:
    features, units = _sequence(a, x), a["units"]
    weights = 4 * units * (features + units) + (4 * units if a["use_bias"] else 0)
    return _finish(a, x, units, weights, 2)


@rule("GRU")
def gru(a: Args, x: Shape) -> Out:
    features, units = _sequence(a, x), a["units"]
    bias = (6 if a["reset_after"] else 3) * units if a["use_bias"] else 0
    return _finish(a, x, units, 3 * units * (features + units) + bias, 1)


@rule("SimpleRNN")
def simple_rnn(a: Args, x: Shape) -> Out:
    features, units = _sequence(a, x), a["units"]
    weights = units * (features + units) + (units if a["use_bias"] else 0)
    return _finish(a, x, units, weights, 1)


@rule("RNN")
def rnn(a: Args, x: Shape) -> Out:
    # RNN itself has no input spec: Keras builds it on a rank-4 input too (the cell's kernel
    # uses the last axis), but calling it then fails; a rank-2 input fails to build.
    a.need_rank(x, at_least=3, what=SEQUENCE)
    a.need_known(x, -1, "last (feature)")
    if len(x) > 3:
        a.note(f"Keras builds RNN on the rank-{len(x)} input {fmt_shape(x)}, but its cells take "
               "steps of shape (batch, features): calling the model fails")  # fmt: skip
    cell = a["cell"]
    out = _chain(a, cell, (x[0], *x[2:]))
    units = out.shape[-1]
    return _finish(a, x, units, out.trainable, _states(cell), out.non_trainable)


# --- ConvLSTM ----------------------------------------------------------------------------------

_SPATIAL = {1: ("steps",), 2: ("height", "width"), 3: ("depth", "height", "width")}


def _channels_first(a: Args) -> bool:
    fmt = a.get("data_format")
    return isinstance(fmt, str) and fmt.lower() == "channels_first"


def _sizes(a: Args, name: str, n: int) -> tuple:
    t = tuplify(a[name], n)
    if len(t) != n:
        raise a.invalid(f"{name} must be an integer or a tuple of {n} integers, got {fmt_shape(t)}")
    return t


@rule("ConvLSTM1D", "ConvLSTM2D", "ConvLSTM3D")
def conv_lstm(a: Args, x: Shape) -> Out:
    n = int(a.cls[-2])
    first = _channels_first(a)
    spatial_names = _SPATIAL[n]
    axes = ("channels", *spatial_names) if first else (*spatial_names, "channels")
    a.need_rank(x, n + 3, what=", ".join(("batch", "timesteps", *axes)))
    kernel, strides = _sizes(a, "kernel_size", n), _sizes(a, "strides", n)
    dilation = _sizes(a, "dilation_rate", n)
    if max(strides) > 1 and max(dilation) > 1:
        raise a.fail(f"strides {fmt_shape(strides)} and dilation_rate {fmt_shape(dilation)} "
                     "cannot both be above 1")  # fmt: skip
    spatial, channels = (x[3:], x[2]) if first else (x[2:-1], x[-1])
    if None in spatial:
        names = " and ".join(spatial_names) if n < 3 else "depth, height and width"
        raise a.fail(f"needs known {names} (ConvLSTM layers only take static spatial shapes), "
                     f"got {fmt_shape(x)}")  # fmt: skip
    if channels is None:
        raise a.fail(f"needs a known channels dimension, got {fmt_shape(x)}")
    padding = a["padding"]
    out = tuple(conv_output_length(d, k, padding, s, r)
                for d, k, s, r in zip(spatial, kernel, strides, dilation))  # fmt: skip
    if any(d <= 0 for d in out):
        dilated = f" with dilation_rate {fmt_shape(dilation)}" if max(dilation) > 1 else ""
        raise a.fail(f"the kernel {fmt_shape(kernel)}{dilated} does not fit in the "
                     f"{'x'.join(map(str, spatial))} input (padding '{padding}')")  # fmt: skip
    filters = a["filters"]
    area = prod(kernel)
    weights = area * channels * 4 * filters + area * filters * 4 * filters
    weights += 4 * filters if a["use_bias"] else 0
    step = (filters, *out) if first else (*out, filters)
    return _finish(a, x, filters, weights, 2, step_shape=step)


# --- wrappers ----------------------------------------------------------------------------------


@rule("Bidirectional")
def bidirectional(a: Args, x: Shape) -> Out:
    layer, backward = a["layer"], a["backward_layer"]
    forward_out = infer_nested(a, layer, x)
    backward_out = (infer_nested(a, backward, x, f"the backward layer {backward.cls}:")
                    if isinstance(backward, NestedLayer) else forward_out)  # fmt: skip
    mode = a["merge_mode"]
    if mode is None:
        raise a.fail("merge_mode=None returns the forward and backward outputs as two tensors, "
                     "but a Sequential model passes one tensor to the next layer: use "
                     "merge_mode concat, sum, mul or ave")  # fmt: skip
    shape = forward_out.shape
    f_size, b_size = shape[-1], backward_out.shape[-1]
    if mode == "concat":
        # Keras doubles the forward layer's last axis (compute_output_shape), whatever the
        # backward layer outputs
        shape = (*shape[:-1], None if f_size is None else 2 * f_size)
        if f_size != b_size and None not in (f_size, b_size):
            a.note(f"Keras reports the output {fmt_shape(shape)}, twice the forward layer's "
                   f"size, but concatenating {f_size} and {b_size} features gives "
                   f"{f_size + b_size}")  # fmt: skip
    elif forward_out.shape != backward_out.shape:
        a.note(f"the forward layer outputs {fmt_shape(forward_out.shape)} and the backward layer "
               f"{fmt_shape(backward_out.shape)}: Keras builds the model, but merge_mode "
               f"'{mode}' fails when it is called")  # fmt: skip
    return Out(shape, forward_out.trainable + backward_out.trainable,
               forward_out.non_trainable + backward_out.non_trainable)  # fmt: skip


@rule("TimeDistributed")
def time_distributed(a: Args, x: Shape) -> Out:
    a.need_rank(x, at_least=3, what="batch, timesteps, ...")
    inner: NestedLayer = a["layer"]
    step = (x[0], *x[2:])
    out = infer_nested(a, inner, step, f"{inner.cls} cannot take the time slice "
                                       f"{fmt_shape(step)}:")  # fmt: skip
    return Out((out.shape[0], x[1], *out.shape[1:]), out.trainable, out.non_trainable)
