"""What the compile statement says against the model's output: the output layer and the loss
checked together.

A model can build and still be unable to learn: a softmax over one unit is always 1.0, a loss
told `from_logits=true` gets probabilities, a categorical cross-entropy over one unit is always
0.  Keras says so itself only once the model runs (a UserWarning in `keras.ops.softmax`, a
SyntaxWarning in the loss, "received `from_logits=True`, but the `output` argument was produced
by a Sigmoid activation" in the TensorFlow backend's cross-entropies); seqgen says it before any
code exists, as warnings (`-W error` makes them errors).

*The output* is the last layer of the stack (inside nested blocks and loops, as Keras builds
it), looking back past layers that leave the values as they are at inference (Identity,
`activation linear`, regularization layers): its activation — a layer's `activation=`, the
`Activation` layer's, a `Softmax` layer, a TimeDistributed layer's — and the size of the axis
that activation acts on, read from the summary's output shape.  *The loss* is `compile`'s,
written as an identifier of the catalogue (`bce`, `binary_crossentropy`), a class name, or a
call of its class (`binary_crossentropy(from_logits=true)`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

from seqgen.catalog import load_catalog
from seqgen.errors import Diagnostic
from seqgen.layers.arguments import layer_values
from seqgen.layers.base import RULES, NestedLayer, Shape
from seqgen.model import LayerCall, Lit, Model, ObjV, Ref, Value
from seqgen.names import Placed
from seqgen.syntax import Span
from seqgen.values import evaluate

#: The cross-entropies by what their targets are (catalogue classes of `keras.losses`).
BINARY = ("BinaryCrossentropy", "BinaryFocalCrossentropy")
CATEGORICAL = ("CategoricalCrossentropy", "CategoricalFocalCrossentropy")
SPARSE = ("SparseCategoricalCrossentropy",)
#: Activations whose outputs are probabilities, not logits.
PROBABILITIES = ("sigmoid", "softmax")
#: Layers that pass their input on unchanged at inference (besides the training-only ones).
_UNCHANGED = ("Identity",)


@dataclass(frozen=True)
class Output:
    """The model's output: the layer whose activation it ends with."""

    cls: str
    span: Span
    activation: str  # "linear" when the layer has none
    units: int | None  # the size of the axis the activation acts on; None: not known


@dataclass(frozen=True)
class Loss:
    """`compile`'s loss: its catalogue class and whether it is told to expect logits."""

    cls: str
    from_logits: bool


def output_loss_warnings(model: Model, env: Mapping[str, Any], placed: tuple[Placed, ...],
                         shape: Shape | None) -> list[Diagnostic]:  # fmt: skip
    """The warnings about the output layer (`placed`'s last, which outputs `shape`) and the
    loss `model` compiles with, at the parameters' values `env`."""
    output = find_output(placed, shape)
    if output is None:
        return []
    loss = find_loss(model, env)
    loss_span = dict(model.compile_spans).get("loss")
    found: list[Diagnostic] = []
    at_loss = (("the loss is given here", loss_span),) if loss_span is not None else ()
    at_output = (("the output layer is here", output.span),)

    def warn(message: str, hint: str, on_loss: bool) -> None:
        if on_loss and loss_span is not None:
            found.append(Diagnostic(message, loss_span, hint, "warning", at_output))
        else:
            found.append(Diagnostic(message, output.span, hint, "warning", at_loss))

    one = output.units == 1
    if one and output.activation == "softmax":
        warn(f"the model's output is a softmax over 1 unit ({output.cls}), which is always 1.0",
             "for two classes end with dense 1 sigmoid and use binary_crossentropy, or give "
             "the softmax one unit per class", on_loss=False)  # fmt: skip
    if loss is None:
        return found
    if loss.from_logits and output.activation in PROBABILITIES:
        warn(f"the loss expects logits (from_logits=true), but the model's output is a "
             f"{output.activation} ({output.cls}), so it gets probabilities",
             f"drop from_logits=true, or {_without(output)} so that the model outputs logits",
             on_loss=True)  # fmt: skip
    if one and loss.cls in CATEGORICAL:
        warn("categorical cross-entropy over 1 output unit is always 0, so the model cannot "
             "learn", "for two classes use binary_crossentropy with dense 1 sigmoid",
             on_loss=True)  # fmt: skip
    if one and loss.cls in SPARSE:
        warn("sparse categorical cross-entropy over 1 output unit: label 0 always costs 0 and "
             "any other label is out of range", "for two classes use binary_crossentropy with "
             "dense 1 sigmoid; else give the output one unit per class", on_loss=True)  # fmt: skip
    if output.units is not None and output.units > 1 and loss.cls in BINARY \
            and output.activation == "softmax":  # fmt: skip
        warn(f"binary cross-entropy scores each of the {output.units} units as its own yes/no, "
             "but a softmax makes them sum to 1",
             "one class per sample: categorical_crossentropy (one-hot labels) or "
             "sparse_categorical_crossentropy (integer labels); several labels per sample: "
             "sigmoid", on_loss=False)  # fmt: skip
    return found


def _without(output: Output) -> str:
    """How to take the output's activation away."""
    if output.cls in ("Activation", "Softmax"):
        return f"remove the {output.cls} layer"
    return f"remove the {output.activation} from {output.cls}"


def find_output(placed: tuple[Placed, ...], shape: Shape | None) -> Output | None:
    """The layer whose activation the model ends with, or None when it ends with a layer whose
    activation seqgen does not know."""
    layers = _layers(placed)
    for i in range(len(layers) - 1, -1, -1):
        call, env = layers[i]
        cls = call.spec.cls
        activation, axis = _activation(call, layer_values(call, env))
        if _keeps_values(cls, activation):
            continue
        if activation is None:
            return None
        units = _axis_size(shape, axis)
        if units is None and axis == -1:  # no input, or an unknown size: the layers' units=
            units = _units_before(layers[: i + 1])
        if cls == "TimeDistributed":
            cls = f"TimeDistributed({layer_values(call, env)['layer'].cls})"
        return Output(cls, call.span, activation, units)
    return None


def _keeps_values(cls: str, activation: str | None) -> bool:
    """The layer passes its input on unchanged at inference."""
    return cls in _UNCHANGED or RULES[cls].training_only or \
        (cls == "Activation" and activation == "linear")  # fmt: skip


def _units_before(layers: list[tuple[LayerCall, Mapping[str, Any]]]) -> int | None:
    """The `units=` of the last of `layers` that has one, looking back past layers that keep
    their input's shape (`dense 1; activation softmax`)."""
    for call, env in reversed(layers):
        cls = call.spec.cls
        units = _units(cls, layer_values(call, env))
        if units is not None or not (cls in ("Activation", "Softmax") or _keeps_values(cls, None)):
            return units
    return None


def _units(cls: str, values: Mapping[str, Any]) -> int | None:
    """A layer's `units=` (a TimeDistributed layer's inner one's), when it is a number."""
    if cls == "TimeDistributed" and isinstance(values.get("layer"), NestedLayer):
        inner: NestedLayer = values["layer"]
        return _units(inner.cls, layer_values(inner.call, inner.env))
    units = values.get("units")
    return units if isinstance(units, int) and not isinstance(units, bool) else None


def _layers(placed: tuple[Placed, ...]) -> list[tuple[LayerCall, Mapping[str, Any]]]:
    """The stack's layers in order, nested blocks' layers in their place."""
    out: list[tuple[LayerCall, Mapping[str, Any]]] = []
    for p in placed:
        if isinstance(p.item, LayerCall):
            out.append((p.item, p.env))
        else:
            out.extend(_layers(p.children))
    return out


def _activation(call: LayerCall, values: Mapping[str, Any]) -> tuple[str | None, Any]:
    """(activation, the axis it acts on) of a layer's output; (None, None) when it has no known
    one (a recurrent layer's `activation` is inside its cell, not on its output)."""
    cls = call.spec.cls
    if cls == "Softmax":
        return "softmax", values.get("axis", -1)
    if cls == "TimeDistributed" and isinstance(values.get("layer"), NestedLayer):
        inner: NestedLayer = values["layer"]
        return _activation(inner.call, layer_values(inner.call, inner.env))
    if call.spec.family == "recurrent":
        return None, None
    activation = values.get("activation", False)
    if activation is None:
        return "linear", -1
    return (activation, -1) if isinstance(activation, str) else (None, None)


def _axis_size(shape: Shape | None, axis: Any) -> int | None:
    """The size of a (non-batch) axis of the output, when it is known."""
    if shape is None or not isinstance(axis, int) or not -len(shape) < axis < len(shape) \
            or axis == 0:  # fmt: skip
        return None
    size = shape[axis]
    return size if isinstance(size, int) else None


def find_loss(model: Model, env: Mapping[str, Any]) -> Loss | None:
    """`compile`'s loss, when it is one catalogue loss (not a list, not `ce`)."""
    value: Value | None = dict(model.compile or ()).get("loss")
    if isinstance(value, Ref):
        value = Lit(evaluate(value, env))
    losses = load_catalog().namespaces["losses"]
    if isinstance(value, Lit) and isinstance(value.value, str):
        cls = value.value if value.value in losses.classes else losses.identifiers.get(value.value)
        return Loss(cls, False) if cls else None
    if isinstance(value, ObjV) and value.cls in losses.classes:
        sig = losses.classes[value.cls]
        args = dict(zip(sig.positional_names, value.args))
        args.update(value.kwargs)
        from_logits = evaluate(args["from_logits"], env) if "from_logits" in args else False
        return Loss(value.cls, from_logits is True)
    return None
