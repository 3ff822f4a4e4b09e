"""Compare seqgen's static summary with what Keras builds, layer by layer.

Used by the shape tests: the same `.seq` source is summarized by seqgen (pure Python) and
generated, executed and built by Keras; names, classes, output shapes and trainable /
non-trainable parameter counts must be equal for every layer, and so must the totals.
"""

from __future__ import annotations

import types
from typing import Any

import seqgen
from seqgen.keras_check import count_weights, first_output
from tests.conftest import exec_module


def keras_rows(keras: types.ModuleType, source: str, **params: Any) -> list[tuple]:
    code = seqgen.generate(source)
    keras.backend.clear_session()
    model = exec_module(code)["build_model"](**params)
    rows = []
    for layer in model.layers:
        # An unbuilt model (no input) has no shapes or weights yet; seqgen shows None and 0.
        shape = tuple(first_output(layer).shape) if model.built else None
        weights = layer.trainable_weights, layer.non_trainable_weights
        rows.append((layer.name, type(layer).__name__, shape, *map(count_weights, weights)))
    rows.append(("<total>", "", None, None, model.count_params() if model.built else 0))
    return rows


def seqgen_rows(source: str, **params: Any) -> list[tuple]:
    summary = seqgen.summarize(source, **params)
    rows = [(r.name, r.cls, r.shape, r.trainable, r.non_trainable) for r in summary.rows]
    rows.append(("<total>", "", None, None, summary.total))
    return rows


def assert_matches_keras(keras: types.ModuleType, source: str, **params: Any) -> None:
    expected = keras_rows(keras, source, **params)
    assert seqgen_rows(source, **params) == expected, source


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
