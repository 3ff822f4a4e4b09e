"""Keras's automatic layer names, simulated: `dense`, `dense_1`, ... in a fresh session.

Keras numbers unnamed layers with a process-wide counter per class prefix, in construction
order: nested layers (a wrapper's argument) before the wrapper, a nested Sequential's layers
before the block, `keras.Input` (`input_layer`) first.  seqgen needs the names to refuse a
layer named like another layer's automatic name, and to show them in `seqgen summary`.
"""

from __future__ import annotations

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
