"""Layer names: the stack as Keras constructs it, with Keras's automatic names simulated, and
the rules for names (what a name may hold, unique within one Sequential).

Keras numbers unnamed layers with a process-wide counter per class prefix, in construction
order: nested layers (a wrapper's argument) before the wrapper, a nested Sequential's layers
before the block, `keras.Input` (`input_layer`) first.  The model itself is a Sequential too,
and the generation style decides when it is constructed: the list style
(`keras.Sequential([...])`) constructs it after all its layers, so an unnamed model is
`sequential_2` after two unnamed nested blocks; the add style (`model = keras.Sequential()`,
then `model.add(...)`) constructs it first, so it is `sequential` and the blocks count on from
`sequential_1` (measured in Keras 3.15).  A named Sequential uses up no number.  `place` walks a
model's stack once, loops unrolled, and names the model and every layer; the checker refuses a
layer named like another layer's automatic name from it (`name_clashes`), and shape inference
walks the same placed stack for the rows of `seqgen summary`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

from seqgen.errors import Diagnostic
from seqgen.kinds.base import show
from seqgen.model import Item, LayerCall, LayerV, ListV, Model, NestedSequential
from seqgen.syntax import Span
from seqgen.values import unroll


@dataclass(frozen=True, slots=True)
class Placed:
    """One layer of a Sequential, unrolled: what it is, where it stands, what it is called."""

    item: LayerCall | NestedSequential
    env: Mapping[str, Any]  # the variable bindings it is built under
    name: str
    automatic: bool  # the name is Keras's automatic one
    children: tuple[Placed, ...] = ()  # a nested Sequential's own layers


@dataclass(frozen=True, slots=True)
class Placement:
    """A model as Keras constructs it in one generation style: its name and its layers."""

    name: str  # the model's name: given, or Keras's automatic one
    layers: tuple[Placed, ...]


#: The automatic name of a Sequential, the model's own and a nested block's.
SEQUENTIAL = "sequential"


def place(model: Model, env: Mapping[str, Any], style: str = "list") -> Placement:
    """The model and its layers in construction order, loops unrolled at `env`, each named as
    Keras names them when the model is written in `style` (seqgen.options.STYLES)."""
    namer = AutoNamer()
    name = model.name
    if name is None and style == "add":  # model = keras.Sequential() comes first
        name = namer.auto(SEQUENTIAL)
    if model.input is not None:
        namer.auto("input_layer")
    layers = _place(model.body, env, namer)
    if name is None:  # keras.Sequential([...]) is constructed after its layers
        name = namer.auto(SEQUENTIAL)
    return Placement(name, layers)


def _place(items: tuple[Item, ...], env: Mapping[str, Any], namer: AutoNamer) -> tuple[Placed, ...]:
    placed: list[Placed] = []
    for item, inner_env in unroll(items, env):
        if isinstance(item, NestedSequential):
            if item.input is not None:
                namer.auto("input_layer")
            children = _place(item.body, inner_env, namer)
            name = item.name if item.name is not None else namer.auto(SEQUENTIAL)
            placed.append(Placed(item, inner_env, name, item.name is None, children))
        else:
            placed.append(Placed(item, inner_env, namer.construct(item), item.name is None))
    return tuple(placed)


def name_problem(name: str, what: str = "layer name",
                 backend: str = "tensorflow") -> tuple[str, str | None] | None:  # fmt: skip
    """What is wrong with a layer or model name Keras would refuse on `backend`, and a hint;
    None if fine.

    On torch, Keras registers each weight with torch under its path (`model/layer/kernel`),
    and torch refuses a '.' there (measured, Keras 3.15.1 on torch 2.13: `KeyError: parameter
    name can't contain "."`).  Only a layer, block or model holding weights fails so; seqgen
    refuses the '.' in any name on torch, which keeps the rule independent of the shapes."""
    if not name:
        return f"a {what} cannot be empty", None
    if "/" in name:
        return f"a {what} cannot contain '/'", "Keras uses '/' to separate scopes"
    if not name.isprintable():
        return f"a {what} cannot contain control characters", None
    if backend == "torch" and "." in name:
        return (f"a {what} cannot contain '.' on the torch backend",
                "Keras on torch names each weight after its layers, and torch refuses a '.' "
                "there; use '_' instead")  # fmt: skip
    return None


def name_clashes(placed: tuple[Placed, ...], automatic: bool) -> list[Diagnostic]:
    """Names must be unique within one Sequential, automatic names included (`automatic`:
    also compare with automatic names, which are only right when the whole stack checked)."""
    found: list[Diagnostic] = []
    seen: dict[str, tuple[Span, bool, str]] = {}
    for p in placed:
        layer = p.item
        if isinstance(layer, NestedSequential):
            found.extend(name_clashes(p.children, automatic))
            cls = "Sequential"
        else:
            cls = layer.spec.cls
        name, auto = p.name, p.automatic
        span = layer.name_span or layer.span
        if name not in seen:
            seen[name] = (span, auto, cls)
            continue
        other_span, other_auto, other_cls = seen[name]
        if other_span == span:  # the same statement, repeated by a loop: said already
            continue
        if auto and other_auto:  # pragma: no cover - Keras numbers automatic names apart
            continue
        if (auto or other_auto) and not automatic:
            continue
        if not auto and not other_auto:
            found.append(Diagnostic(f"layer name {show(name)} is used twice in one Sequential",
                                    span, related=(("first used here", other_span),)))  # fmt: skip
        else:
            named_span = span if not auto else other_span
            auto_span, auto_cls = (other_span, other_cls) if not auto else (span, cls)
            found.append(Diagnostic(
                f"layer name {show(name)} is the automatic name Keras gives the unnamed "
                f"{auto_cls} at line {auto_span.line}", named_span,
                "Keras would refuse to build the model; choose another name",
                related=((f"the unnamed {auto_cls}", auto_span),)))  # fmt: skip
    return found


class AutoNamer:
    def __init__(self) -> None:
        self.counters: dict[str, int] = {}

    def auto(self, prefix: str) -> str:
        n = self.counters.get(prefix, 0)
        self.counters[prefix] = n + 1
        return prefix if n == 0 else f"{prefix}_{n}"

    def construct(self, layer: LayerCall) -> str:
        """Construct `layer` and its nested layers; the name the layer ends up with."""
        for inner in nested_layers(layer):
            self.construct(inner)
        if layer.name is not None:
            # Measured in Keras 3.15: a named layer's own sub-layers do not use up the
            # process-wide counters, an unnamed layer's do.
            return layer.name
        name = self.auto(layer.spec.auto_name)
        for prefix, count in layer.spec.constructs.items():  # its own sub-layers come after
            for _ in range(count):
                self.auto(prefix)
        return name


def nested_layers(layer: LayerCall) -> list[LayerCall]:
    """The layers among `layer`'s arguments (a wrapper's layer, RNN's cells), in order."""
    found: list[LayerCall] = []
    for v in layer.args:
        _collect(v, found)
    for _, v in layer.kwargs:
        _collect(v, found)
    return found


def _collect(value: object, found: list[LayerCall]) -> None:
    if isinstance(value, LayerV):
        found.append(value.layer)
    elif isinstance(value, ListV):
        found.extend(i.layer for i in value.items if isinstance(i, LayerV))
