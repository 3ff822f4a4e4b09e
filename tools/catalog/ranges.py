"""The numeric ranges Keras enforces, found by constructing each layer at boundary values.

For every numeric parameter of a layer (a whole number, a number, a size, an augmentation
factor) the builder constructs the layer from its example (tools/catalog/examples.py) with
candidate values: large negative, -2 … 2, fractions, 8, 9, 16, large positive.  Where a
refused candidate and an accepted one are neighbours, it bisects to the exact boundary (whole
numbers) or to the round number between them (numbers), and tests that number to know whether
the end is inclusive.  The lowest accepted value and -1, 0, 1 are also built on the example
input (a symbolic `keras.Input`, as a Sequential model builds), because some fail only there
(MelSpectrogram's `sequence_stride=0` divides by zero); the high end is not built, as failures
there depend on the size of the input, which the shape rules check.  An augmentation factor is
also tried as every (low, high) pair of `PAIR_CANDIDATES`.

What it records is the parameter's `"bounds"` in the catalogue: `min`/`max`, `min_exclusive`/
`max_exclusive`, `odd` (odd sizes only), `exclude` (values inside the bounds Keras refuses),
`checked_at: "build"` when Keras refuses the lower end only when the layer is built on its
input, and for a factor `pairs` (each number's bounds and `ordered`, or false: no pairs).  A
parameter whose accepted values are not one interval (Conv1D's groups must divide filters)
fails the build unless tools/catalog/decisions.py says why (`PROBE_LOWER_ONLY`: only its lower
end is a bound, with the values below 1 it refuses as `exclude`; `PROBE_SKIP`: not probed at
all), and every bound is checked again against every candidate before it is written.
"""

from __future__ import annotations

import math
from typing import Any, Callable

from tools.catalog.decisions import FACTOR, FLOAT, INT, INT_OR_TUPLE, PROBE_LOWER_ONLY, PROBE_SKIP

#: The kinds whose parameters are probed.
PROBED_KINDS = frozenset({INT, FLOAT, INT_OR_TUPLE, FACTOR})

#: The large candidate: big enough to find a bound, small enough that no constructor allocates
#: much for it (a lookup's oov indices).
BIG = 2**16
INT_CANDIDATES = (-BIG, -2, -1, 0, 1, 2, 3, 4, 5, 8, 9, 16, BIG - 1, BIG)
FLOAT_CANDIDATES = (-1e9, -2.0, -1.0, -0.5, 0.0, 0.5, 1.0, 1.5, 2.0, 8.0, 9.0, 1e9)
#: Each number of the pairs a factor is tried with (every pair of two of them).
PAIR_CANDIDATES = (-2.0, -1.0, 0.0, 0.5, 1.0, 1.5, 8.0, 9.0)


def _int_like(kind: str) -> bool:
    return kind in (INT, INT_OR_TUPLE)


def _between(accepts: Callable[[Any], bool], low: Any, high: Any, whole: bool) -> Any:
    """The boundary between neighbours `low` and `high` of which exactly one is accepted: for
    whole numbers, the accepted one next to the refused one; for numbers, the round number
    between them (which `accepts` then says is inside or not)."""
    inside_low = accepts(low)
    if whole:
        while high - low > 1:
            mid = (low + high) // 2
            if accepts(mid) == inside_low:
                low = mid
            else:
                high = mid
        return low if inside_low else high
    step = 1e-6 * max(1.0, abs(low), abs(high))
    # Most ends are a candidate itself: the accepted neighbour (inclusive) or the refused one.
    inside_end, outside_end = (low, high) if inside_low else (high, low)
    toward = 1 if outside_end > inside_end else -1
    if not accepts(inside_end + toward * step):
        return _round(inside_end, inside_end)
    if accepts(outside_end - toward * step):
        return _round(outside_end, outside_end)
    for _ in range(200):
        if high - low <= 1e-9 * max(1.0, abs(low), abs(high)):
            break
        mid = (low + high) / 2
        if accepts(mid) == inside_low:
            low = mid
        else:
            high = mid
    return _round(low, high)


def _round(low: float, high: float) -> float | int:
    """The roundest number in [low, high] (an integer if there is one)."""
    for digits in range(0, 10):
        scale = 10**digits
        candidate = math.ceil(low * scale) / scale
        if candidate <= high + 1e-12:
            return int(candidate) if digits == 0 else candidate
    return low


def _end(accepts: Callable[[Any], bool], refused: Any, accepted: Any, whole: bool,
         ) -> tuple[Any, bool]:  # fmt: skip
    """(the bound between a refused candidate and an accepted one, whether it is exclusive)."""
    at = _between(accepts, min(refused, accepted), max(refused, accepted), whole)
    if whole:
        return at, False
    return at, not accepts(at)


def bounds_of(owner: str, name: str, kind: str, constructs: Callable[[Any], bool],
              runs: Callable[[Any], bool]) -> dict[str, Any]:  # fmt: skip
    """The bounds Keras enforces on one parameter: `constructs(v)` says whether the layer
    constructs with the value, `runs(v)` whether it also builds on its example input."""
    whole = _int_like(kind)
    candidates = INT_CANDIDATES if whole else FLOAT_CANDIDATES
    seen = {v: constructs(v) for v in candidates}
    accepted = [v for v in candidates if seen[v]]
    if not accepted:
        raise RuntimeError(f"{owner}.{name}: no candidate value constructs; add a decision")
    lowest, highest = accepted[0], accepted[-1]
    bounds: dict[str, Any] = {}
    # The lower end: the constructor's, then the lowest value that also builds.
    if lowest != candidates[0]:
        refused = candidates[candidates.index(lowest) - 1]
        low, exclusive = _end(constructs, refused, lowest, whole)
        bounds["min"] = low
        if exclusive:
            bounds["min_exclusive"] = True
    # Built: the lowest accepted value and -1, 0, 1; a failure among them raises the lower end to
    # the first value above it that builds (values below are refused, though some build).
    tried = sorted({accepted[0], *(v for v in (-1, 0, 1) if seen.get(v))})
    failed = [v for v in tried if not runs(v)]
    if failed:
        above = [v for v in accepted if v > failed[-1]]
        first_run = next((v for v in above if runs(v)), None)
        if first_run is None:
            raise RuntimeError(f"{owner}.{name}: no candidate value builds; add a decision")
        low, exclusive = _end(lambda v: constructs(v) and runs(v), failed[-1], first_run, whole)
        bounds = {"min": low, **({"min_exclusive": True} if exclusive else {}),
                  "checked_at": "build"}  # fmt: skip
        seen.update({v: False for v in accepted if not inside(bounds, v)})
    lower_only = (owner, name) in PROBE_LOWER_ONLY
    odd_only = whole and not any(seen[v] for v in (2, 4)) and all(seen[v] for v in (1, 3, 5))
    if highest != (BIG - 1 if odd_only else candidates[-1]) and not lower_only:
        refused = candidates[candidates.index(highest) + 1]
        on_odd = (lambda v: constructs(v if v % 2 else v + 1)) if odd_only else constructs
        high, exclusive = _end(on_odd, refused, highest, whole)
        bounds["max"] = high
        if exclusive:
            bounds["max_exclusive"] = True
    holes = [v for v in candidates if not seen[v] and inside(bounds, v)]
    # A value below 1 that Keras refuses although smaller ones pass (GroupNormalization's 0,
    # between -1 and 1) is a fixed exclusion; a refused value of 1 or more depends on the other
    # arguments (output_padding < strides), which the layer's rule checks.
    if lower_only and [v for v in holes if v < 1]:
        bounds["exclude"] = [v for v in holes if v < 1]
    if holes and whole and not lower_only and all(v % 2 == 0 for v in holes) \
            and all(seen[v] for v in candidates if v % 2 and inside(bounds, v)):  # fmt: skip
        bounds["odd"] = True
    elif holes and not lower_only:
        raise RuntimeError(f"{owner}.{name}: Keras refuses {holes} inside the bounds {bounds}: "
                           "add a decision (PROBE_LOWER_ONLY) with its reason")  # fmt: skip
    wrong = [v for v in candidates if seen[v] and not inside(bounds, v)]
    if wrong:  # pragma: no cover - a bound derived wrongly
        raise RuntimeError(f"{owner}.{name}: the bounds {bounds} refuse {wrong}, which Keras takes")
    return _ordered(bounds)


def pair_bounds_of(owner: str, name: str, constructs: Callable[[Any], bool]) -> dict | None:
    """What Keras takes as a (low, high) pair of a factor: the bounds of each number, whether
    low may not exceed high (`ordered`); None when it takes no pair.  Checked again on every
    pair of candidates."""
    grid = PAIR_CANDIDATES
    seen = {(a, b): constructs((a, b)) for a in grid for b in grid}
    if not any(seen.values()):
        return None
    top = max(b for (a, b), ok in seen.items() if ok)
    bottom = min(a for (a, b), ok in seen.items() if ok)
    always = lambda v: True  # noqa: E731 - pairs are only constructed
    first = bounds_of(owner, f"{name}[0]", FLOAT, lambda v: constructs((v, top)), always)
    second = bounds_of(owner, f"{name}[1]", FLOAT, lambda v: constructs((bottom, v)), always)
    crossed = [(a, b) for (a, b) in seen if a > b and inside(first, a) and inside(second, b)]
    ordered = bool(crossed) and not any(seen[p] for p in crossed)
    rule = {"first": first, "second": second, **({"ordered": True} if ordered else {})}
    wrong = [p for p, ok in seen.items() if ok != pair_inside(rule, p)]
    if wrong:
        raise RuntimeError(f"{owner}.{name}: the pair rule {rule} disagrees with Keras on "
                           f"{wrong[:6]}: add a decision")  # fmt: skip
    return rule


def pair_inside(rule: dict[str, Any], pair: tuple) -> bool:
    """Whether a (low, high) pair fits a recorded pair rule."""
    a, b = pair
    if rule.get("ordered") and a > b:
        return False
    return inside(rule["first"], a) and inside(rule["second"], b)


def inside(bounds: dict[str, Any], v: Any) -> bool:
    """Whether a number lies within recorded bounds (odd sizes included)."""
    low, high = bounds.get("min"), bounds.get("max")
    if v in bounds.get("exclude", ()):
        return False
    if low is not None and (v <= low if bounds.get("min_exclusive") else v < low):
        return False
    if high is not None and (v >= high if bounds.get("max_exclusive") else v > high):
        return False
    return not (bounds.get("odd") and isinstance(v, int) and v % 2 == 0)


def _ordered(bounds: dict[str, Any]) -> dict[str, Any]:
    keys = ("min", "min_exclusive", "max", "max_exclusive", "odd", "exclude", "checked_at",
            "pairs")
    return {k: bounds[k] for k in keys if k in bounds}


def probe_layer(keras: Any, cls: type, owner: str, example: Any, namespace: Any,
                params: list[dict], construct: Callable[..., Any],
                cell: bool = False) -> None:  # fmt: skip
    """Give each probed parameter of `params` (a layer's catalogue entries) its bounds; a
    `cell` is built inside an RNN layer."""
    import dataclasses
    import inspect

    names = [p.name for p in inspect.signature(cls.__init__).parameters.values()][1:]
    given = dict(zip(names, example.args)) | dict(example.kwargs)
    inputs = _example_input(keras, example)

    for entry in params:
        if entry["kind"] not in PROBED_KINDS or (owner, entry["name"]) in PROBE_SKIP:
            continue
        name = entry["name"]

        def build(value: Any, name: str = name) -> Any:
            kwargs = given | {name: value}
            return construct(cls, dataclasses.replace(example, args=(), kwargs=kwargs), namespace)

        def constructs(value: Any) -> bool:
            try:
                build(value)
            except Exception:  # noqa: BLE001 - any failure means "refused"
                return False
            return True

        def runs(value: Any) -> bool:
            try:
                layer = build(value)
                (keras.layers.RNN(layer) if cell else layer)(inputs)
            except Exception:  # noqa: BLE001
                return False
            return True

        bounds = bounds_of(owner, name, entry["kind"], constructs, runs)
        entry.pop("bounds", None)
        if entry["kind"] == FACTOR:
            pairs = pair_bounds_of(owner, name, constructs)
            bounds["pairs"] = pairs if pairs is not None else False
        if bounds:
            entry["bounds"] = bounds


def _example_input(keras: Any, example: Any) -> Any:
    """The example's input as a symbolic tensor: calling a layer on it builds the layer and
    traces its call, as a Sequential model does, without running a kernel."""
    return keras.Input(shape=example.shape, dtype=example.dtype)
