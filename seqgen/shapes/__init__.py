"""Static shapes and parameter counts of a checked model, in pure Python.

`infer(model)` walks the stack as Keras would build it (loops unrolled at the parameters'
values), asks each layer's rule (`seqgen/shapes/<family>.py`) for its output shape and weight
counts, and returns a `Summary`; a layer that cannot take its input is a positioned error.
No TensorFlow and no numpy: a summary of VGG16 takes milliseconds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

from seqgen.syntax import Span
from seqgen.catalog import Signature
from seqgen.errors import Diagnostic, SeqgenError
from seqgen.model import InputCall, Item, LayerCall, LayerV, ListV, Model, NestedSequential
from seqgen.names import AutoNamer
from seqgen.shapes.base import (
    RULES,
    Args,
    ArgumentError,
    NestedLayer,
    Out,
    Shape,
    ShapeError,
    fmt_shape,
)
from seqgen.values import evaluate, unroll

# The family modules register their rules on import.
from seqgen.shapes import (  # noqa: E402,F401  isort: skip
    convolution,
    core,
    normalization,
    pooling,
    preprocessing,
    recurrent,
    reshaping,
)

#: Bytes per weight for a layer's variable dtype (mixed policies keep float32 variables).
_ITEMSIZE = {"float16": 2, "bfloat16": 2, "float64": 8}

#: Layers that do nothing at inference: ending a model with one is probably a mistake.
_TRAINING_ONLY = frozenset({"Dropout", "SpatialDropout1D", "SpatialDropout2D", "SpatialDropout3D",
                            "GaussianDropout", "AlphaDropout", "GaussianNoise"})  # fmt: skip


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


def _signature_facts(sig: Signature) -> tuple[dict[str, Any], tuple[str, ...]]:
    """Its defaults as values, and the names of the parameters passed positionally."""
    return sig.defaults(), sig.positional_names


def layer_values(call: LayerCall, env: Mapping[str, Any]) -> dict[str, Any]:
    """Every constructor argument of `call`: given ones evaluated, the rest defaults."""
    defaults, positional = _signature_facts(call.spec.signature)
    values = dict(defaults)
    for name, value in zip(positional, call.args):
        values[name] = _argument(value, env)
    for name, value in call.kwargs:
        values[name] = _argument(value, env)
    return values


def _argument(value: Any, env: Mapping[str, Any]) -> Any:
    if isinstance(value, LayerV):
        return NestedLayer(value.layer, env)
    if isinstance(value, ListV) and any(isinstance(i, LayerV) for i in value.items):
        return [_argument(i, env) for i in value.items]
    return evaluate(value, env)


def _variable_itemsize(dtype: Any) -> int:
    return _ITEMSIZE.get(dtype, 4) if isinstance(dtype, str) else 4


@dataclass
class _Inference:
    namer: AutoNamer = field(default_factory=AutoNamer)
    errors: list[Diagnostic] = field(default_factory=list)
    notes: list[Diagnostic] = field(default_factory=list)

    def layer(self, call: LayerCall, env: Mapping[str, Any], x: Shape,
              values: dict[str, Any] | None = None) -> Out:  # fmt: skip
        if values is None:
            values = layer_values(call, env)
        dtype = values.get("dtype")
        args = Args(call.spec.cls, values, dtype if isinstance(dtype, str) else "float32",
                    lambda nested, shape: self.layer(nested.call, nested.env, shape))  # fmt: skip
        fn = RULES.get(call.spec.cls)
        if fn is None:  # pragma: no cover - every catalogue layer has a rule (tested)
            raise _NoRule(call.spec.cls)
        out = fn(args, x)
        if values.get("trainable") is False:  # a frozen layer: every weight is non-trainable
            out = Out(out.shape, 0, out.trainable + out.non_trainable)
        for text in args.notes:
            self.notes.append(Diagnostic(f"{call.spec.cls}: {text}", call.span, severity="note"))
        return out

    def stack(self, items: tuple[Item, ...], env: Mapping[str, Any], x: Shape | None,
              source: str) -> tuple[list[LayerRow], Shape | None]:  # fmt: skip
        rows: list[LayerRow] = []
        last: LayerCall | None = None
        for item, inner_env in unroll(items, env):
            if isinstance(item, NestedSequential):
                if item.input is not None:
                    self.namer.auto("input_layer")
                    x = input_shape(item.input, inner_env)
                children, out_shape = self.stack(item.body, inner_env, x, source)
                name = item.name if item.name is not None else self.namer.auto("sequential")
                rows.append(LayerRow(name, "Sequential", out_shape,
                                     sum(c.trainable for c in children),
                                     sum(c.non_trainable for c in children),
                                     sum(c.weight_bytes for c in children), item.span,
                                     tuple(children)))  # fmt: skip
                x = out_shape
                last = None
                continue
            name = self.namer.construct(item)
            values = layer_values(item, inner_env)
            itemsize = _variable_itemsize(values.get("dtype"))
            out: Out | None = None
            if x is not None:
                try:
                    out = self.layer(item, inner_env, x, values)
                except _NoRule as e:  # pragma: no cover - every catalogue layer has a rule
                    self.notes.append(Diagnostic(
                        f"seqgen cannot infer the shape after {e.cls}: shapes are not checked "
                        "from here on", item.span, severity="note"))  # fmt: skip
                except ArgumentError as e:
                    self.errors.append(Diagnostic(f"{item.spec.cls}: {e}", item.span))
                    x = None
                except ShapeError as e:
                    self.errors.append(Diagnostic(
                        f"{item.spec.cls} cannot take its input: {e}", item.span,
                        f"the input {fmt_shape(x)} comes from {source}"))  # fmt: skip
                    x = None
            shape = out.shape if out is not None else None
            trainable = out.trainable if out else 0
            frozen = out.non_trainable if out else 0
            rows.append(LayerRow(name, item.spec.cls, shape, trainable, frozen,
                                 (trainable + frozen) * itemsize, item.span))  # fmt: skip
            x = shape
            source = f"{item.spec.cls} at line {item.span.line}"
            last = item
        if last is not None and last.spec.not_last and x is not None:
            self.errors.append(Diagnostic(
                f"{last.spec.cls} cannot be the last layer of a Sequential model: Keras "
                "3.15 fails to build it there ('part of a cycle')", last.span,
                "add a layer after it, e.g. identity"))  # fmt: skip
        return rows, x


class _NoRule(Exception):
    def __init__(self, cls: str) -> None:
        self.cls = cls


def input_shape(call: InputCall, env: Mapping[str, Any]) -> Shape:
    kw = {k: evaluate(v, env) for k, v in call.kwargs}
    if kw.get("batch_shape") is not None:
        return tuple(kw["batch_shape"])
    return (kw.get("batch_size"), *kw["shape"])


def infer(model: Model, params: Mapping[str, Any] | None = None, *, file: str = "<string>",
          source: str | None = None) -> Summary:  # fmt: skip
    """The model's summary at its parameters' defaults, or at the values in `params`."""
    env = {p.name: evaluate(p.default, {}) for p in model.params}
    env.update(params or {})
    run = _Inference()
    x: Shape | None = None
    if model.input is not None:
        run.namer.auto("input_layer")
        x = input_shape(model.input, env)
    else:
        run.notes.append(Diagnostic(
            "the model has no input, so its shapes cannot be checked; add an 'input' statement",
            None, severity="note"))  # fmt: skip
    rows, out = run.stack(model.body, env, x, "the model's input")
    if run.errors:
        raise SeqgenError(run.errors, file=file, source=source)
    return Summary(model.name, x, out, tuple(rows), tuple(run.notes + _warnings(model, rows, env)))


def _last_layer(items: tuple[Item, ...],
                env: Mapping[str, Any]) -> tuple[LayerCall, Mapping[str, Any]] | None:  # fmt: skip
    """The last layer of the stack, with the loop variables bound where it stands."""
    last = None
    for item, item_env in unroll(items, env):
        last = (item, item_env) if isinstance(item, LayerCall) else _last_layer(item.body, item_env)
    return last


def _warnings(model: Model, rows: list[LayerRow], env: Mapping[str, Any]) -> list[Diagnostic]:
    """Stacks that build but are probably not what the user meant."""
    found: list[Diagnostic] = []
    found_last = _last_layer(model.body, env)
    if found_last is None:
        return found
    last, env = found_last
    cls = last.spec.cls
    if cls in _TRAINING_ONLY:
        found.append(Diagnostic(
            f"the model ends with {cls}, which does nothing at inference", last.span,
            "regularization layers belong between layers, not after the output",
            severity="warning"))  # fmt: skip
    dtype = layer_values(last, env).get("dtype")
    if isinstance(dtype, str) and dtype.startswith("mixed_"):
        found.append(Diagnostic(
            f"the model's output is {dtype[6:]} under {dtype}", last.span,
            "end with a float32 layer, e.g. activation linear dtype=float32, as Keras's mixed "
            "precision guide does", severity="warning"))  # fmt: skip
    final = rows[-1] if rows else None
    if cls == "Dense" and final is not None and final.shape is not None and len(final.shape) > 2:
        found.append(Diagnostic(
            f"the output layer Dense acts on the last axis only: the model outputs "
            f"{fmt_shape(final.shape)}", last.span,
            "add flatten or a global pooling layer before it if you meant one vector per sample",
            severity="warning"))  # fmt: skip
    return found
