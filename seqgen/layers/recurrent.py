"""Rules of the catalogue family "recurrent": the recurrent layers and the Bidirectional and
TimeDistributed wrappers (their cells are the family "cell", seqgen/layers/cell.py).

Follows Keras 3 (keras/src/layers/rnn/): `RNN.compute_output_shape` for the output, the weights
each layer's cell builds (the RNN rule chains its cells' rules), `ConvLSTMCell.build` and
`compute_conv_output_shape` for the ConvLSTM layers, `Bidirectional.compute_output_shape` and
`TimeDistributed.compute_output_shape` for the wrappers, and the checks `Bidirectional.__init__`
makes on its two layers.

Keras returns several tensors from a layer with `return_state=True` and from `Bidirectional`
with `merge_mode=None`: the rules give them all (`Out.more`), Keras builds such a layer as the
model's last, and the next layer of a Sequential model cannot take them (the stack walk
refuses one).
"""

from __future__ import annotations

from typing import Any, Mapping

from seqgen.errors import Diagnostic
from seqgen.layers.arguments import infer_nested, nested_values
from seqgen.layers.base import (
    NO_WEIGHTS,
    Args,
    Family,
    NestedLayer,
    Out,
    Shape,
    Weights,
    array_parameters,
    conv_output_length,
    fmt_shape,
    prod,
    tuplify,
)
from seqgen.layers.cell import chain, state_count
from seqgen.model import LayerCall, LayerV
from seqgen.values import evaluate

recurrent = Family("recurrent")

#: The axes of a recurrent layer's input, for messages.
SEQUENCE = "batch, timesteps, features"

# --- shared checks -----------------------------------------------------------------------------


def _finish(a: Args, x: Shape, units: int, trainable: int, states: int | tuple | None,
            nested: Weights = NO_WEIGHTS, step_shape: Shape | None = None) -> Out:  # fmt: skip
    """A recurrent layer's output: the checks every RNN subclass shares, then the shape."""
    if a.get("stateful") and x[0] is None:
        raise a.fail("stateful=True needs a fixed batch size, but the input's batch dimension "
                     "is unknown: give the input one (input ... batch_size=32)")  # fmt: skip
    step = step_shape if step_shape is not None else (units,)
    shape = (x[0], x[1], *step) if a.get("return_sequences") else (x[0], *step)
    if not a.get("return_state"):
        return Out(shape, trainable, nested=nested)
    # each state has the step's shape; an RNN's cells give theirs (`_cell_states`)
    more = states if isinstance(states, tuple) else ((x[0], *step),) * (states or 0)
    return Out(shape, trainable, nested=nested, more=more,
               several=return_state_message(a.cls, len(more)))  # fmt: skip


def return_state_message(cls: str, states: int) -> str:
    what = f"{states + 1} tensors (its output and {states} state{'s' if states != 1 else ''})"
    return (f"return_state=True makes {cls} return {what}, but a Sequential model passes one "
            "tensor to the next layer: drop return_state, or use the functional API")  # fmt: skip


def _sequence(a: Args, x: Shape) -> int:
    """The feature size of a `(batch, timesteps, features)` input."""
    a.need_rank(x, 3, what=SEQUENCE)
    return a.need_known(x, -1, "last (feature)")


# --- recurrent layers --------------------------------------------------------------------------


@recurrent.layer("LSTM")
def lstm(a: Args, x: Shape) -> Out:
    features, units = _sequence(a, x), a["units"]
    weights = 4 * units * (features + units) + (4 * units if a["use_bias"] else 0)
    return _finish(a, x, units, weights, 2)


@recurrent.layer("GRU")
def gru(a: Args, x: Shape) -> Out:
    features, units = _sequence(a, x), a["units"]
    bias = (6 if a["reset_after"] else 3) * units if a["use_bias"] else 0
    return _finish(a, x, units, 3 * units * (features + units) + bias, 1)


@recurrent.layer("SimpleRNN")
def simple_rnn(a: Args, x: Shape) -> Out:
    features, units = _sequence(a, x), a["units"]
    weights = units * (features + units) + (units if a["use_bias"] else 0)
    return _finish(a, x, units, weights, 1)


@recurrent.layer("RNN")
def rnn(a: Args, x: Shape) -> Out:
    # RNN itself has no input spec: Keras builds it on a rank-4 input too (the cell's kernel
    # uses the last axis), but calling it then fails; a rank-2 input fails to build.
    a.need_rank(x, at_least=3, what=SEQUENCE)
    a.need_known(x, -1, "last (feature)")
    if len(x) > 3:
        a.note(f"Keras builds RNN on the rank-{len(x)} input {fmt_shape(x)}, but its cells take "
               "steps of shape (batch, features): calling the model fails")  # fmt: skip
    cell = a["cell"]
    out = chain(a, cell, (x[0], *x[2:]))
    units = out.shape[-1]
    return _finish(a, x, units, 0, _cell_states(cell, x[0]), out.nested)


def _cell_states(cell: Any, batch: Any) -> tuple[Shape, ...]:
    """The state tensors an RNN returns with return_state=True: each cell's, in order, each of
    shape (batch, the cell's units)."""
    if isinstance(cell, list):
        return tuple(s for c in cell for s in _cell_states(c, batch))
    if cell.cls == "StackedRNNCells":
        return _cell_states(nested_values(cell)["cells"], batch)
    return ((batch, nested_values(cell)["units"]),) * (state_count(cell) or 0)


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


@recurrent.layer("ConvLSTM1D", "ConvLSTM2D", "ConvLSTM3D")
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
    # The weights are its cell's, which Keras builds without passing trainable=False on.
    return _finish(a, x, filters, 0, 2, a.weights(weights), step_shape=step)


# --- wrappers ----------------------------------------------------------------------------------


_ARRAYS = array_parameters("weights")


def _bidirectional_constraints(call: LayerCall, env: Mapping[str, Any]) -> list[Diagnostic]:
    """What `Bidirectional.__init__` refuses about its forward and backward layers (and its
    `weights=`, arrays)."""
    found: list[Diagnostic] = list(_ARRAYS(call, env))
    kwargs = dict(zip((p for p in ("layer",)), call.args)) | dict(call.kwargs)
    forward, backward = kwargs.get("layer"), kwargs.get("backward_layer")
    for value in (forward, backward):
        if isinstance(value, LayerV) and "go_backwards" not in value.layer.spec.signature.by_name:
            message = f"Bidirectional needs a recurrent layer, not {value.layer.spec.cls}"
            return [*found, Diagnostic(message, value.layer.span,
                                       "for example bidirectional (lstm 64)")]  # fmt: skip

    def attr(layer: LayerCall, name: str) -> Any:
        given = dict(layer.kwargs)
        if name in given:
            return evaluate(given[name], env)
        p = layer.spec.signature.by_name.get(name)
        return p is not None and p.default_value is True

    if isinstance(forward, LayerV) and not isinstance(backward, LayerV) \
            and attr(forward.layer, "go_backwards"):  # fmt: skip
        # Keras 3.15 builds the default backward layer with go_backwards=True too
        f = forward.layer
        return [*found, Diagnostic(
            f"the layer of a Bidirectional cannot have go_backwards=True: Keras 3.15 builds the "
            f"backward copy of {f.spec.cls} with go_backwards=True as well, and the two must "
            "differ", f.span, "drop go_backwards (Bidirectional reverses the backward copy "
            "itself), or give a backward_layer without it")]  # fmt: skip
    if not (isinstance(forward, LayerV) and isinstance(backward, LayerV)):
        return found

    f, b = forward.layer, backward.layer
    if attr(f, "go_backwards") == attr(b, "go_backwards"):
        found.append(Diagnostic("the backward layer of a Bidirectional must have a different "
                                "go_backwards than the forward layer", b.span,
                                "add go_backwards=true to the backward layer"))  # fmt: skip
    for a in ("stateful", "return_sequences", "return_state"):
        if attr(f, a) != attr(b, a):
            found.append(Diagnostic(f"the forward and backward layers of a Bidirectional must "
                                    f"have the same {a}", b.span,
                                    related=(("forward layer", f.span),)))  # fmt: skip
    return found


@recurrent.layer("Bidirectional", constraints=_bidirectional_constraints)
def bidirectional(a: Args, x: Shape) -> Out:
    layer, backward = a["layer"], a["backward_layer"]
    forward_out = infer_nested(a, layer, x)
    backward_out = (infer_nested(a, backward, x, f"the backward layer {backward.cls}:")
                    if isinstance(backward, NestedLayer) else forward_out)  # fmt: skip
    mode = a["merge_mode"]
    # Keras returns [merged, *forward states, *backward states], or without merge_mode
    # [forward output, backward output, *states]
    states = (*forward_out.more, *backward_out.more)
    why = f"{layer.cls}: {forward_out.several}" if states else ""
    if mode is None:
        return Out(forward_out.shape, nested=forward_out.weights + backward_out.weights,
                   more=(backward_out.shape, *states), several=why or "merge_mode=None returns the forward and backward outputs as two "
                   "tensors, but a Sequential model passes one tensor to the next layer: use "
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
    return Out(shape, nested=forward_out.weights + backward_out.weights, more=states,
               several=why)  # fmt: skip


@recurrent.layer("TimeDistributed")
def time_distributed(a: Args, x: Shape) -> Out:
    a.need_rank(x, at_least=3, what="batch, timesteps, ...")
    inner: NestedLayer = a["layer"]
    step = (x[0], *x[2:])
    # TimeDistributed.build builds its layer directly, so Keras checks no input spec on it
    out = infer_nested(a, inner, step, f"{inner.cls} cannot take the time slice "
                                       f"{fmt_shape(step)}:", spec_checked=False)  # fmt: skip
    if out.more:  # Keras fails to stack several tensors per time step
        raise a.fail(f"{inner.cls} cannot take the time slice {fmt_shape(step)}: "
                     f"{out.several}")  # fmt: skip
    return Out((out.shape[0], x[1], *out.shape[1:]), nested=out.weights)
