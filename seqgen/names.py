"""Keras's automatic layer names, simulated: `dense`, `dense_1`, ... in a fresh session.

Keras numbers unnamed layers with a process-wide counter per class prefix, in construction
order: nested layers (a wrapper's argument) before the wrapper, a nested Sequential's layers
before the block, `keras.Input` (`input_layer`) first.  seqgen needs the names to refuse a
layer named like another layer's automatic name, and to show them in `seqgen summary`.
"""

from __future__ import annotations

from typing import Iterable

from seqgen.model import LayerCall, LayerV, ListV


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


def nested_layers(layer: LayerCall) -> Iterable[LayerCall]:
    for v in (*layer.args, *(v for _, v in layer.kwargs)):
        if isinstance(v, LayerV):
            yield v.layer
        elif isinstance(v, ListV):
            yield from (i.layer for i in v.items if isinstance(i, LayerV))
