"""Compare seqgen's static summary with what Keras builds, layer by layer.

Used by the shape tests: the same `.seq` source is summarized by seqgen (pure Python) and
generated (in the given style), executed and built by Keras; for every layer (nested blocks'
layers too) the name, class, output shape, trainable / non-trainable counts
(`layer.trainable_weights`, `layer.non_trainable_weights`) and the bytes of its weights must be
equal, and so must the model's name and its totals as `model.summary()` shows them: counts and
bytes of `model.trainable_weights` and `model.non_trainable_weights`.
"""

from __future__ import annotations

import types
from typing import Any

import numpy as np

import seqgen
from seqgen.keras_check import count_weights, first_output
from seqgen.options import Options
from tests.conftest import exec_module


def weight_bytes(weights: Any) -> int | None:
    """The bytes of Keras weights, each in its own dtype (as `model.summary()` adds them);
    None when a weight has a dtype without a size (string: there is no figure to compare)."""
    unique = {id(w): w for w in weights}.values()
    try:
        return sum(count_weights([w]) * np.dtype(str(w.dtype)).itemsize for w in unique)
    except TypeError:
        return None


def _unsized(expected: Any, actual: Any) -> Any:
    """`actual` with None wherever Keras has no figure (`weight_bytes` of string weights)."""
    if expected is None:
        return None
    if isinstance(expected, (tuple, list)) and isinstance(actual, (tuple, list)) \
            and len(expected) == len(actual):  # fmt: skip
        return type(actual)(_unsized(e, a) for e, a in zip(expected, actual))
    return actual


def _keras_layer(keras: types.ModuleType, layer: Any, built: bool) -> tuple:
    # An unbuilt model (no input) has no shapes or weights yet; seqgen shows None and 0.
    shape = tuple(first_output(layer).shape) if built else None
    weights = layer.trainable_weights, layer.non_trainable_weights
    children = ()
    if isinstance(layer, keras.Sequential):
        children = tuple(_keras_layer(keras, inner, built) for inner in layer.layers)
    return (layer.name, type(layer).__name__, shape, *map(count_weights, weights),
            weight_bytes(layer.weights) if built else 0, children)  # fmt: skip


def keras_rows(keras: types.ModuleType, source: str, style: str = "list",
               **params: Any) -> list[tuple]:  # fmt: skip
    code = seqgen.generate(source, style=style)
    keras.backend.clear_session()
    model = exec_module(code)["build_model"](**params)
    rows = [_keras_layer(keras, layer, model.built) for layer in model.layers]
    if model.built:
        t, n = model.trainable_weights, model.non_trainable_weights
        totals = (count_weights(t), weight_bytes(t), count_weights(n), weight_bytes(n))
    else:
        totals = (0, 0, 0, 0)
    rows.append(("<model>", model.name, model.count_params() if model.built else 0, *totals))
    return rows


def _seqgen_layer(r: Any) -> tuple:
    return (r.name, r.cls, r.shape, r.trainable, r.non_trainable, r.weight_bytes,
            tuple(_seqgen_layer(c) for c in r.children))  # fmt: skip


def seqgen_rows(source: str, style: str = "list", **params: Any) -> list[tuple]:
    summary = seqgen.summarize(source, options=Options(style=style), **params)
    rows = [_seqgen_layer(r) for r in summary.rows]
    w = summary.weights
    rows.append(("<model>", summary.name, summary.total, w.trainable, w.trainable_bytes,
                 w.non_trainable, w.non_trainable_bytes))  # fmt: skip
    return rows


def assert_matches_keras(keras: types.ModuleType, source: str, style: str = "list",
                         **params: Any) -> None:  # fmt: skip
    expected = keras_rows(keras, source, style, **params)
    assert _unsized(expected, seqgen_rows(source, style, **params)) == expected, source


def unchecked_code(source: str) -> str:
    """The generated module without seqgen's shape check (which would refuse it), to show
    that Keras itself fails on the same model."""
    from seqgen.layout import format_python
    from seqgen.options import Options
    from seqgen.render import render

    options = Options()
    return format_python(render(seqgen.check_model(source), options, "<string>"),
                         options.line_length)  # fmt: skip


def assert_shape_error(keras: types.ModuleType, source: str, message: str, line: int,
                       column: int) -> None:  # fmt: skip
    """seqgen refuses `source` with this message at this position, and Keras fails on it too."""
    import pytest

    with pytest.raises(seqgen.SeqgenError) as info:
        seqgen.summarize(source)
    assert (info.value.message, info.value.line, info.value.column) == (message, line, column)
    build = exec_module(unchecked_code(source))["build_model"]
    keras.backend.clear_session()
    with pytest.raises((ValueError, IndexError, TypeError)):
        build()
