"""Static shapes and parameter counts of a checked model, in pure Python; the layer rules.

`infer(model)` walks the placed stack (`seqgen.names.place`: loops unrolled at the parameters'
values, every layer named as Keras names it), asks each layer's rule for its output shape and
weight counts, and returns a `Summary`; a layer that cannot take its input is a positioned
error, and so is a nested block's `input` that differs from what flows into it.  No TensorFlow
and no numpy: a summary of VGG16 takes milliseconds.

Every fact seqgen knows about a layer class beyond its signature is its `Rule` (the contract is
in seqgen/layers/base.py), in the module of its catalogue family: `seqgen/layers/<family>.py`.
`rule_for(cls)` finds it.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Mapping

from seqgen.syntax import Span
from seqgen.errors import Diagnostic, SeqgenError
from seqgen.layers.arguments import evaluate_input, layer_values
from seqgen.layers.base import (
    RULES,
    Args,
    ArgumentError,
    Result,
    Rule,
    Shape,
    ShapeError,
    fmt_shape,
)
from seqgen.layers.weights import weight_dtypes
from seqgen.model import LayerCall, Model, NestedSequential
from seqgen.names import Placed, name_clashes, place
from seqgen.summary import NO_WEIGHTS, LayerRow, Summary
from seqgen.values import evaluate

# The family modules register their rules on import: one module per catalogue family.
from seqgen.layers import (  # noqa: E402,F401  isort: skip
    activations,
    cell,
    convolution,
    core,
    image_preprocessing,
    normalization,
    pooling,
    preprocessing,
    recurrent,
    regularization,
    reshaping,
)

def rule_for(cls: str) -> Rule:
    """The rule of a catalogue layer or cell class (every one has exactly one)."""
    return RULES[cls]


@dataclass(frozen=True)
class _Flow:
    """Where the tensor flowing into a stack comes from, for messages and the nested-input
    rule: its dtype is known while it comes straight from an `input`."""

    source: str  # "the model's input", "Dense at line 3": where a shape error's input comes from
    label: str  # "the model's input", "the output of Dense": what a nested input must equal
    span: Span | None
    dtype: str | None  # None: changed by a layer (seqgen does not follow dtypes through layers)

    def after(self, prev: LayerCall | NestedSequential | None, src: LayerCall | None) -> _Flow:
        """What flows on after `prev` in the stack (None: nothing yet), `src` the last layer of
        the stack itself (a shape error names it, not a nested block)."""
        source = self.source if src is None else f"{src.spec.cls} at line {src.span.line}"
        if prev is None:
            return self if src is None else _Flow(source, self.label, self.span, self.dtype)
        label = "the output of the nested block" if isinstance(prev, NestedSequential) else \
            f"the output of {prev.spec.cls}"  # fmt: skip
        return _Flow(source, label, prev.span, None)


@dataclass
class _Inference:
    errors: list[Diagnostic] = field(default_factory=list)
    notes: list[Diagnostic] = field(default_factory=list)
    #: The last layer seen returns several tensors (`Out.more`): only the model's last may.
    several: tuple[LayerCall, Result] | None = None
    style: str = "list"  # how the code builds the model: "list" or "add" (`Options.style`)

    def layer(self, call: LayerCall, env: Mapping[str, Any], x: Shape,
              values: dict[str, Any] | None = None,
              spec_checked: bool = True) -> Result:  # fmt: skip
        """The layer's result on `x`: its rule's `Out`, its own variables in its dtype."""
        if values is None:
            values = layer_values(call, env)
        for d in weight_dtypes(call, env):
            (self.errors if d.severity == "error" else self.notes).append(d)
        dtype = values.get("dtype")
        args = Args(call.spec.cls, values, dtype if isinstance(dtype, str) else "float32",
                    lambda nested, shape, checked=True: self.layer(
                        nested.call, nested.env, shape, spec_checked=checked),
                    spec_checked=spec_checked)  # fmt: skip
        shape = rule_for(call.spec.cls).shape
        if shape is None:  # pragma: no cover - only Lambda, which the checker refuses
            raise _NoRule(call.spec.cls)
        out = shape(args, x)
        own = args.weights(out.trainable, out.non_trainable) + out.own
        frozen = values.get("trainable") is False
        if frozen:  # Keras creates a frozen layer's own variables non-trainable
            own = own.frozen()
        for text in args.notes:
            self.notes.append(Diagnostic(f"{call.spec.cls}: {text}", call.span, severity="note"))
        return Result(out.shape, own + out.nested, frozen, out.more, out.several)

    def stack(self, placed: tuple[Placed, ...], x: Shape | None, flow: _Flow,
              nested: bool = False) -> tuple[list[LayerRow], Shape | None]:  # fmt: skip
        rows: list[LayerRow] = []
        last: LayerCall | None = None  # the last layer, unless a nested block came after it
        prev: LayerCall | NestedSequential | None = None  # the item before the current one
        src: LayerCall | None = None  # the last layer of this stack, for shape errors
        for i, p in enumerate(placed):
            item = p.item
            if isinstance(item, NestedSequential):
                inner_x, inner_flow = x, flow.after(prev, src)
                if item.input is not None:
                    inner_x, inner_flow = self.nested_input(item, p.env, x, inner_flow)
                children, out_shape = self.stack(p.children, inner_x, inner_flow, True)
                if inner_x is not x and x is not None and out_shape is not None:
                    # Keras builds the block for its own input, then the outer model calls it
                    # on what flows in: the batch dimension is the outer one's.
                    out_shape = (x[0], *out_shape[1:])
                weights = sum((c.weights for c in children), NO_WEIGHTS)
                # A Sequential's own trainable_weights go by its variables' flags.
                rows.append(LayerRow(p.name, "Sequential", out_shape, weights.trainable,
                                     weights.non_trainable, weights, item.span,
                                     tuple(children)))  # fmt: skip
                x = out_shape
                prev, last = item, None
                continue
            if self.one_tensor_into(item):
                x = None  # no shape flows on from the refused layer
            self.first_only(item, placed, i, nested)
            values = layer_values(item, p.env)
            out: Result | None = None
            if x is not None:
                try:
                    out = self.layer(item, p.env, x, values)
                except _NoRule as e:  # pragma: no cover - only Lambda, which the checker refuses
                    self.notes.append(Diagnostic(
                        f"seqgen cannot infer the shape after {e.cls}: shapes are not checked "
                        "from here on", item.span, severity="note"))  # fmt: skip
                except ArgumentError as e:
                    self.errors.append(Diagnostic(f"{item.spec.cls}: {e}", item.span))
                    x = None
                except ShapeError as e:
                    source = flow.after(None, src).source
                    self.errors.append(Diagnostic(
                        f"{item.spec.cls} cannot take its input: {e}", item.span,
                        f"the input {fmt_shape(x)} comes from {source}"))  # fmt: skip
                    x = None
            if out is not None and out.more:
                self.several = (item, out)
            shape = out.shape if out is not None else None
            rows.append(LayerRow(p.name, item.spec.cls, shape,
                                 out.trainable if out else 0, out.non_trainable if out else 0,
                                 out.weights if out else NO_WEIGHTS, item.span))  # fmt: skip
            x = shape
            prev = last = src = item
        if last is not None and last.spec.not_last and x is not None:
            self.errors.append(Diagnostic(
                f"{last.spec.cls} cannot be the last layer of a Sequential model: Keras "
                "3.15 fails to build it there ('part of a cycle')", last.span,
                "add a layer after it, e.g. identity"))  # fmt: skip
        return rows, x

    def one_tensor_into(self, layer: LayerCall) -> bool:
        """`layer` follows one that returns several tensors: Keras cannot build that."""
        if self.several is None:
            return False
        before, out = self.several
        self.several = None
        self.errors.append(Diagnostic(
            f"{before.spec.cls} cannot be followed by another layer: {out.several}", before.span,
            "Keras builds a layer that returns several tensors only as the model's last",
            related=(
                (f"{layer.spec.cls} follows it here", layer.span),)))  # fmt: skip
        return True

    def first_only(self, layer: LayerCall, placed: tuple[Placed, ...], at: int,
                   nested: bool) -> None:  # fmt: skip
        """A `Rule.first_only` layer (`placed[at]`) stands straight after its stack's input, in
        a list (nested blocks are lists in either style)."""
        cls = layer.spec.cls
        if not rule_for(cls).first_only:
            return
        if self.style == "add" and not nested:
            self.errors.append(Diagnostic(
                f"{cls} fails to build with model.add() in Keras 3.15 ('part of a cycle'): its "
                "output is its input tensor itself", layer.span,
                "generate the list style (--style list), with it straight after the input"))
            return
        other = next((b.item for b in placed[:at] if not (isinstance(b.item, LayerCall)
                                                      and b.item.spec.cls == cls)), None)
        if other is not None:
            self.errors.append(Diagnostic(
                f"{cls} must come straight after the input: after another layer Keras 3.15 fails "
                "to build it ('part of a cycle'), as its output is its input tensor itself",
                layer.span, f"move it to the start of the model, or start a nested block with "
                f"it: sequential {{ {layer.spec.auto_name} ... }}",
                related=(("the layer before it", other.span),)))  # fmt: skip

    def last_outputs(self) -> list[Diagnostic]:
        """The model ends with a layer that returns several tensors: the summary shows the
        first, as seqgen keeps one shape a layer; Keras's model.summary() lists them all."""
        if self.several is None:
            return []
        last, out = self.several
        shapes = ", ".join(fmt_shape(s) for s in out.shapes)
        return [Diagnostic(f"{last.spec.cls} returns {len(out.shapes)} tensors, [{shapes}]; "
                           "the summary shows the first", last.span, severity="note")]

    def nested_input(self, block: NestedSequential, env: Mapping[str, Any], x: Shape | None,
                     flow: _Flow) -> tuple[Shape | None, _Flow]:  # fmt: skip
        """A nested block's `input` must equal what flows into it (batch size aside): Keras
        builds the block for its own input and fails when the outer model calls it."""
        assert block.input is not None
        shape, dtype = evaluate_input(block.input, env)
        inner = _Flow(flow.source, "the nested block's input", block.input.span, dtype)
        if x is None:  # nothing known flows in: the block's input starts the shapes
            return shape, inner
        if shape[1:] == x[1:] and (flow.dtype is None or dtype == flow.dtype):
            return shape, inner
        ours, theirs = fmt_shape(shape[1:]), fmt_shape(x[1:])
        if flow.dtype is not None:
            ours, theirs = f"{ours} (dtype {dtype})", f"{theirs} (dtype {flow.dtype})"
        related = ((flow.label, flow.span),) if flow.span is not None else ()
        self.errors.append(Diagnostic(
            f"the nested block's input {ours} differs from what flows into it, {theirs}",
            block.input.span, f"drop the nested input, or make it equal {flow.label}",
            related=related))  # fmt: skip
        return None, inner


class _NoRule(Exception):
    def __init__(self, cls: str) -> None:
        self.cls = cls


def infer(model: Model, params: Mapping[str, Any] | None = None, *, file: str = "<string>",
          source: str | None = None, style: str = "list") -> Summary:  # fmt: skip
    """The model's summary at its parameters' defaults, or at the values in `params`, with
    the names Keras gives when the model is written in `style` (a few layers also build in one
    style only)."""
    env = {p.name: evaluate(p.default, {}) for p in model.params}
    env.update(params or {})
    run = _Inference(style=style)
    x: Shape | None = None
    flow = _Flow("the model's input", "the model's input", None, None)
    if model.input is not None:
        x, dtype = evaluate_input(model.input, env)
        flow = _Flow("the model's input", "the model's input", model.input.span, dtype)
    else:
        run.notes.append(Diagnostic(
            "the model has no input, so its shapes cannot be checked; add an 'input' statement",
            None, severity="note"))  # fmt: skip
    placement = model.placed
    if params or style != "list" or placement is None:
        placement = place(model, env, style)
        if style != "list":  # the checker compared names with the list style's
            run.errors.extend(name_clashes(placement.layers, automatic=True))
    placed = placement.layers
    rows, out = run.stack(placed, x, flow)
    if run.errors:
        raise SeqgenError(run.errors, file=file, source=source)
    from seqgen.compile_checks import output_loss_warnings  # it reads layers' values

    warnings = _warnings(placed, rows) + output_loss_warnings(model, env, placed, out)
    return Summary(placement.name, x, out, tuple(rows),
                   tuple(run.notes + run.last_outputs() + warnings))  # fmt: skip


def _last_layer(placed: tuple[Placed, ...]) -> Placed | None:
    """The last layer of the stack (inside nested blocks), where it stands."""
    last = None
    for p in placed:
        last = p if isinstance(p.item, LayerCall) else _last_layer(p.children)
    return last


def _warnings(placed: tuple[Placed, ...], rows: list[LayerRow]) -> list[Diagnostic]:
    """Stacks that build but are probably not what the user meant."""
    found: list[Diagnostic] = []
    found_last = _last_layer(placed)
    if found_last is None:
        return found
    last, env = found_last.item, found_last.env
    assert isinstance(last, LayerCall)
    cls = last.spec.cls
    rule = rule_for(cls)
    if rule.training_only:
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
    if final is not None and final.shape is not None:
        warning = rule.output_warning(final.shape)
        if warning is not None:
            found.append(Diagnostic(warning[0], last.span, warning[1], severity="warning"))
    return found
