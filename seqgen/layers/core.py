"""Rules of the catalogue family "core": Dense, EinsumDense, Embedding, Identity, Lambda, Masking,
ReversibleEmbedding."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Callable, Mapping

from seqgen.errors import Diagnostic
from seqgen.layers.arguments import nested_values
from seqgen.layers.base import (
    Args,
    Family,
    NestedLayer,
    Out,
    Shape,
    ShapeError,
    Weights,
    all_of,
    array_parameters,
    fmt_shape,
    prod,
    same_shape,
)
from seqgen.model import LayerCall
from seqgen.values import evaluate

core = Family("core")


def _lora_without(constraint: str) -> Callable[[LayerCall, Mapping[str, Any]], list[Diagnostic]]:
    """Keras refuses LoRA (a lora_rank other than none or 0) on a layer whose main weight has
    a constraint, when it builds the layer."""

    def check(call: LayerCall, env: Mapping[str, Any]) -> list[Diagnostic]:
        given = dict(call.kwargs)
        if "lora_rank" not in given or constraint not in given:
            return []
        if not evaluate(given["lora_rank"], env) or evaluate(given[constraint], env) is None:
            return []
        return [Diagnostic(f"{call.spec.cls} cannot take both lora_rank and {constraint}: "
                           f"Keras refuses LoRA on a constrained weight", call.span,
                           f"remove {constraint}= or lora_rank=")]  # fmt: skip

    return check


def _lora(a: Args, x: Shape, frozen: int, factors: int, trainable: int = 0) -> Out:
    """LoRA freezes the kernel (`frozen` weights) and trains two low-rank factors, which Keras
    creates float32 whatever the layer's dtype."""
    return Out(x, trainable=trainable, non_trainable=frozen, own=Weights.of(factors, 4))


def _units(v: dict[str, Any], x: Shape) -> Any:
    return v["units"]


def _output_dim(v: dict[str, Any], x: Shape) -> Any:
    return v["output_dim"]


def _acts_on_last_axis(shape: Shape) -> tuple[str, str] | None:
    if len(shape) <= 2:
        return None
    return (f"the output layer Dense acts on the last axis only: the model outputs "
            f"{fmt_shape(shape)}",
            "add flatten or a global pooling layer before it if you meant one vector per "
            "sample")  # fmt: skip


@core.layer("Dense", kernel_last=_units, output_warning=_acts_on_last_axis,
            constraints=_lora_without("kernel_constraint"))
def dense(a: Args, x: Shape) -> Out:
    a.need_rank(x, at_least=2)
    last = a.need_known(x, -1, "last (feature)")
    units = a["units"]
    kernel, bias = last * units, units if a["use_bias"] else 0
    lora = a.get("lora_rank")
    if lora:
        return _lora(a, x[:-1] + (units,), kernel, lora * (last + units), bias)
    return Out(x[:-1] + (units,), trainable=kernel + bias)


core.add("Identity", "Masking", shape=same_shape)
#: A Lambda runs arbitrary Python: the checker refuses it (not expressible), no shape is known.
core.add("Lambda", shape=None)


@core.layer("Embedding", kernel_last=_output_dim,
            constraints=all_of(_lora_without("embeddings_constraint"), array_parameters("weights")))
def embedding(a: Args, x: Shape) -> Out:
    table = a["input_dim"] * a["output_dim"]
    lora = a.get("lora_rank")
    if lora:
        return _lora(a, x + (a["output_dim"],), table, lora * (a["input_dim"] + a["output_dim"]))
    return Out(x + (a["output_dim"],), trainable=table)


# --- EinsumDense and ReversibleEmbedding -------------------------------------------------------

#: The equation forms Keras's `_analyze_einsum_string` accepts (with "..." replaced by "0"), and
#: whether the elided axes are on the left.
_EINSUM_FORMS = (
    (r"([a-zA-Z]+),([a-zA-Z]+)->([a-zA-Z]+)", False),
    (r"0([a-zA-Z]+),([a-zA-Z]+)->0([a-zA-Z]+)", True),
    (r"([a-zA-Z]{2,})0,([a-zA-Z]+)->([a-zA-Z]+)0", False),
)


@dataclass(frozen=True)
class Einsum:
    """What Keras's `_analyze_einsum_string` computes for one input shape."""

    kernel: tuple
    bias: tuple | None
    output: tuple  # what compute_output_shape reports
    notes: tuple[str, ...] = ()
    called: tuple | None = None  # what calling the layer outputs; None: calling it fails


def einsum(equation: Any, bias_axes: Any, x: Shape, output_shape: Any) -> Einsum:
    """Kernel, bias and output shapes of an EinsumDense, as Keras computes them.

    Follows keras/src/layers/core/einsum_dense.py step by step, including its quirks (several
    left-elided axes come out in reverse order; an output_shape longer than the equation's output
    is taken as given); raises ShapeError where Keras fails to build.
    """
    if not isinstance(equation, str):
        raise ShapeError(f'equation must be a string such as "ab,bc->ac", got {equation!r}')
    replaced = re.sub(r"\.\.\.", "0", equation)
    for pattern, left in _EINSUM_FORMS:
        match = re.match(pattern, replaced)
        if match:
            break
    else:
        raise ShapeError(f"the equation {equation!r} is not of the form ab,bc->ac, "
                         "...ab,bc->...ac or ab...,bc->ac...")  # fmt: skip
    inp, weight, outp = match.groups()
    elided = len(x) - len(inp)
    if elided < 0:
        raise ShapeError(f"the equation's input '{inp}' has {len(inp)} axes, but the input "
                         f"{fmt_shape(x)} has rank {len(x)}")  # fmt: skip
    notes = []
    call_fails = "0" not in replaced and elided > 0
    if call_fails:
        notes.append(f"the equation's input '{inp}' has {len(inp)} axes but the input "
                     f"{fmt_shape(x)} has rank {len(x)}: Keras builds the layer, but calling it "
                     "fails")  # fmt: skip
    if isinstance(output_shape, int) and not isinstance(output_shape, bool):
        out = [output_shape]
    elif isinstance(output_shape, (list, tuple)):
        out = list(output_shape)
    else:
        raise ShapeError(f"output_shape must be an integer or a tuple, got {output_shape!r}")
    out.insert(0, x[0])
    if elided > 0 and left:
        for i in range(1, elided):
            out.insert(1, x[i])  # Keras inserts each at position 1: they end up reversed
        if tuple(out[1:elided]) != tuple(x[1:elided]):
            notes.append(f"Keras reports the elided axes {fmt_shape(x[1:elided])} in reverse "
                         f"order, {fmt_shape(out[1:elided])}; the layer outputs them in "
                         "order")  # fmt: skip
    elif elided > 0:
        out.extend(x[len(x) - elided :])
    if left:
        in_map = {d: i + elided - len(x) for i, d in enumerate(inp)}
        out_map = {d: i + elided for i, d in enumerate(outp)}
    else:
        in_map = {d: i for i, d in enumerate(inp)}
        out_map = {d: i for i, d in enumerate(outp)}
    expected = len(outp) + elided
    if len(out) < (expected if left else len(outp)):  # Keras indexes past its end
        raise ShapeError(f"output_shape {fmt_shape(out[1:])} is too short for the "
                         f"equation's output '{outp}'")  # fmt: skip
    if len(out) != expected:
        call_fails = True
        notes.append(f"with this output_shape Keras reports a rank-{len(out)} output "
                     f"{fmt_shape(out)} where the equation gives rank {expected}: Keras builds "
                     "the layer, but calling it fails")  # fmt: skip

    for d in inp:
        if d in out_map and out[out_map[d]] is not None and out[out_map[d]] != x[in_map[d]]:
            raise ShapeError(f"axis '{d}' is {x[in_map[d]]} in the input but "
                             f"{out[out_map[d]]} in output_shape")  # fmt: skip
    for d in outp:
        if d not in inp and d not in weight:
            raise ShapeError(f"the output axis '{d}' is in neither the input '{inp}' nor the "
                             f"kernel '{weight}'")  # fmt: skip
    kernel = []
    for d in weight:
        if d in out_map:
            kernel.append(out[out_map[d]])
        elif d in in_map:
            kernel.append(x[in_map[d]])
        else:
            raise ShapeError(f"the kernel axis '{d}' is in neither the input '{inp}' nor the "
                             f"output '{outp}'")  # fmt: skip
        if kernel[-1] is None:
            raise ShapeError(f"needs a known size for the kernel axis '{d}' (from the input "
                             f"{fmt_shape(x)} and output_shape), got None")  # fmt: skip
    bias = None
    if bias_axes is not None:
        if not isinstance(bias_axes, str) or not bias_axes:
            raise ShapeError(f"bias_axes must name output axes, got {bias_axes!r}")
        for d in bias_axes:
            if d not in outp:
                raise ShapeError(f"bias axis '{d}' is not in the equation's output '{outp}'")
        shift = elided if left else 0
        sizes = {d: out[i + shift] for i, d in enumerate(outp)}
        first = min(outp.find(d) for d in bias_axes)
        bias = [sizes[d] if d in bias_axes else 1 for d in outp[first:]]
        if not left:
            bias.extend([1] * elided)
        if None in bias:
            raise ShapeError(f"needs a known size for the bias axes '{bias_axes}', got "
                             f"{fmt_shape(out)}")  # fmt: skip
    called = None if call_fails else _einsum_call(x, inp, weight, outp, tuple(kernel), elided, left)
    return Einsum(tuple(kernel), None if bias is None else tuple(bias), tuple(out), tuple(notes),
                  called)  # fmt: skip


def _einsum_call(x: Shape, inp: str, weight: str, outp: str, kernel: tuple, elided: int,
                 left: bool) -> tuple:  # fmt: skip
    """The shape `ops.einsum(equation, inputs, kernel)` gives: every axis from the input
    where the input has it (output_shape may leave it None), elided axes in order."""
    offset = elided if left else 0
    size = {d: x[i + offset] for i, d in enumerate(inp)}
    for d, k in zip(weight, kernel):
        size.setdefault(d, k)
    mapped = tuple(size[d] for d in outp)
    if left:
        return (*x[:elided], *mapped)
    return (*mapped, *x[len(inp) :]) if elided else mapped


def _einsum_traced(a: Args, who: str, layer: NestedLayer, x: Shape, out: Shape) -> Shape:
    """Inside a Pipeline Keras traces EinsumDense's call (`Rule.traced`): the einsum's shape."""
    v = nested_values(layer)
    called = einsum(v["equation"], v["bias_axes"], x, v["output_shape"]).called
    if called is None:
        raise a.fail(f"{who} cannot be called on {fmt_shape(x)} with this equation and "
                     "output_shape, and inside a Pipeline Keras calls it while building")
    return called


def _einsum_kernel_last(v: dict[str, Any], x: Shape) -> Any:
    return einsum(v["equation"], v["bias_axes"], x, v["output_shape"]).kernel[-1]


@core.layer("EinsumDense", kernel_last=_einsum_kernel_last, traced=_einsum_traced,
            constraints=_lora_without("kernel_constraint"))
def einsum_dense(a: Args, x: Shape) -> Out:
    e = einsum(a["equation"], a["bias_axes"], x, a["output_shape"])
    for text in e.notes:
        a.note(text)
    kernel = prod(e.kernel) or 0
    bias = 0 if e.bias is None else prod(e.bias) or 0
    lora = a.get("lora_rank")
    if lora:  # LoRA freezes the kernel and trains kernel[:-1] x rank and rank x kernel[-1]
        # (with a kernel_constraint, refused by the rule's constraints before any shape)
        factors = (prod(e.kernel[:-1]) or 0) * lora + lora * e.kernel[-1]
        return _lora(a, e.output, kernel, factors, bias)
    return Out(e.output, trainable=kernel + bias)


@core.layer("ReversibleEmbedding", kernel_last=_output_dim,
            constraints=_lora_without("embeddings_constraint"))
def reversible_embedding(a: Args, x: Shape) -> Out:
    table = a["input_dim"] * a["output_dim"]
    # untied weights add a separate (output_dim, input_dim) matrix for the reverse projection
    return Out(x + (a["output_dim"],), trainable=table * (1 if a["tie_weights"] else 2))
