"""Every layer of the catalogue generates from its example and builds under TensorFlow.

Each catalogue entry carries an example statement and an example input; here the generated
module is executed and the model called on a batch of that input, in every import mode the
layer exists in.  A layer that needs an optional package declares it (`requires`) and is
skipped when that package is missing.
"""

from __future__ import annotations

import importlib.util

import numpy as np
import pytest

import seqgen
from seqgen.catalog import load_catalog
from seqgen.keras_check import count_weights
from tests.conftest import exec_module

CATALOG = load_catalog()
CASES = [(spec, mode) for spec in CATALOG.layers.values() if spec.expressible
         for mode in spec.modes]  # fmt: skip


def example_source(spec) -> str:
    shape = spec.example_input["shape"]
    dtype = spec.example_input.get("dtype", "float32")
    dims = ", ".join("none" if d is None else str(d) for d in shape)
    # A layer Keras cannot build last (Equalization) gets an Identity after it.
    after = "identity\n" if spec.not_last else ""
    return f"input ({dims},) dtype={dtype}\n{spec.example}\n{after}"


def example_batch(spec):
    shape = [2] + [d or 4 for d in spec.example_input["shape"]]
    dtype = spec.example_input.get("dtype", "float32")
    if dtype == "string":
        return np.full(shape, "a", dtype=object)
    if dtype.startswith("int"):
        return np.ones(shape, dtype=dtype)
    return np.random.default_rng(0).random(shape).astype(dtype)


def test_catalogue_has_every_sequential_layer() -> None:
    assert len([s for s in CATALOG.layers.values() if "keras" in s.modes]) == 119
    assert {"RandomHeight", "RandomWidth", "ThresholdedReLU"} <= {
        s.cls for s in CATALOG.layers.values() if s.modes == ("tensorflow",)
    }


@pytest.mark.parametrize("spec,mode", CASES, ids=[f"{s.cls}-{m}" for s, m in CASES])
def test_example_is_summarized_by_its_rule(spec, mode) -> None:
    summary = seqgen.summarize(example_source(spec), keras=mode)
    assert summary.rows[0].cls == spec.cls and summary.rows[0].shape is not None


@pytest.mark.keras
@pytest.mark.parametrize("spec,mode", CASES, ids=[f"{s.cls}-{m}" for s, m in CASES])
def test_example_builds(keras, spec, mode) -> None:
    for package in spec.requires:
        if importlib.util.find_spec(package) is None:
            pytest.skip(f"{spec.cls} needs {package}")
    code = seqgen.generate(example_source(spec), keras=mode, filename=f"{spec.cls}.seq")
    keras.backend.clear_session()
    model = exec_module(code)["build_model"]()
    assert model.built
    expected = [spec.cls, "Identity"] if spec.not_last else [spec.cls]
    assert [type(layer).__name__ for layer in model.layers] == expected
    # Keras's shapes and weights are those seqgen's rule computes for the example.
    summary = seqgen.summarize(example_source(spec), keras=mode)
    assert [(row.name, row.shape, row.trainable, row.non_trainable) for row in summary.rows] == [
        (layer.name, tuple(layer.output.shape), count_weights(layer.trainable_weights),
         count_weights(layer.non_trainable_weights)) for layer in model.layers]  # fmt: skip
    output = model(example_batch(spec))
    assert output is not None
