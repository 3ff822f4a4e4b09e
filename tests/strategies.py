"""Hypothesis strategies: random *valid* `.seq` programs drawn from the layer catalogue.

A stack is grown one layer at a time: a candidate statement (a catalogue example, sometimes
named, looped or in a nested block) is kept only when seqgen can still check and summarize
the stack with it, so every drawn program generates, and its shapes are the ones Keras must
agree with.
"""

from __future__ import annotations

from hypothesis import strategies as st

import seqgen
from seqgen.catalog import load_catalog

CATALOG = load_catalog()
EXAMPLES = sorted(
    spec.example for spec in CATALOG.layers.values()
    if spec.expressible and set(spec.modes) == {"keras", "tensorflow"} and not spec.requires
    and not spec.not_last
)  # fmt: skip
INPUTS = ["8x8x3", "(6, 4)", "16", "(5, 6, 6, 2)", "(4,) dtype=int32", "(3,) dtype=string"]


def _valid(lines: list[str]) -> bool:
    try:
        seqgen.summarize("\n".join(lines) + "\n")
    except seqgen.SeqgenError:
        return False
    return True


@st.composite
def programs(draw, max_layers: int = 6, params: bool | None = None) -> str:
    """A valid program: input, layers (plain, named, looped, nested), maybe compile."""
    lines: list[str] = []
    with_params = draw(st.booleans()) if params is None else params
    if with_params:
        lines.append("model m(depth=2, widths=[8, 16])")
    lines.append(f"input {draw(st.sampled_from(INPUTS))}")
    names = iter(f"n{i}" for i in range(1000))
    for _ in range(draw(st.integers(1, max_layers))):
        layer = draw(st.sampled_from(EXAMPLES))
        kind = draw(st.sampled_from(["layer", "layer", "named", "repeat", "for", "seq"]))
        if kind == "layer":
            candidate = layer
        elif kind == "named":
            candidate = f"{layer} as {next(names)}"
        elif kind == "repeat":
            count = "depth" if with_params and draw(st.booleans()) else str(draw(st.integers(1, 3)))
            candidate = f"repeat {count} {{ {layer} }}"
        elif kind == "for":
            values = "widths" if with_params and draw(st.booleans()) else "[2, 4]"
            candidate = f"for w in {values} {{\n    dense w * 2 relu\n    {layer}\n}}"
        else:
            candidate = f"sequential {{\n    {layer}\n}} as {next(names)}"
        if _valid(lines + [candidate]):
            lines.append(candidate)
    if len(lines) == 1 + with_params:  # nothing fitted: a Dense fits after any input but strings
        lines.append("dense 4" if "string" not in lines[-1] else "string_lookup vocabulary=[\"a\"]")
    if draw(st.booleans()) and _valid(lines + ["dense 2"]):
        lines.append("dense 2")
        lines.append("compile optimizer=adam(learning_rate=1e-3) loss=mse metrics=[mae]")
    return "\n".join(lines) + "\n"
