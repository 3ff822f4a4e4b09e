"""seqgen's static shapes and parameter counts equal Keras's on every real model (one TensorFlow
session for all of them); random stacks drawn from the catalogue are tests/test_differential.py."""

from __future__ import annotations

from pathlib import Path

import pytest

import seqgen
from tests.conftest import EXAMPLES
from tests.shapecheck import assert_matches_keras

MODELS = sorted([*Path(__file__).parent.joinpath("models").glob("*.seq"), *EXAMPLES.glob("*.seq")])


@pytest.mark.keras
@pytest.mark.parametrize("path", MODELS, ids=[p.stem for p in MODELS])
def test_real_model_matches_keras(keras, path: Path) -> None:
    assert_matches_keras(keras, path.read_text(encoding="utf-8"))


def test_vgg16_has_the_applications_parameter_count() -> None:
    # keras.applications.VGG16(weights=None).count_params(), checked in test_models.py.
    source = Path(__file__).parent.joinpath("models", "vgg16.seq").read_text(encoding="utf-8")
    summary = seqgen.summarize(source)
    assert summary.total == 138_357_544
    assert summary.output_shape == (None, 1000)
    assert summary.weight_bytes == 138_357_544 * 4


def test_parameters_and_defines() -> None:
    source = (EXAMPLES / "3dcnn.seq").read_text(encoding="utf-8")
    default = seqgen.summarize(source)
    smaller = seqgen.summarize(source, width=64, height=96, depth=64)
    assert default.input_shape == (None, 128, 128, 64, 1)
    assert smaller.input_shape == (None, 64, 96, 64, 1)
    with pytest.raises(TypeError, match="no parameter widht; its parameters are width, height, depth"):
        seqgen.summarize(source, widht=3)


@pytest.mark.keras
@pytest.mark.parametrize("source", [
    "input 8x8x3\naug_mix as n0\nactivation relu\nrandom_posterization 4\n",
    "input 8x8x3\naug_mix\nrandom_posterization 4\nrand_augment\nrandom_shear 0.1\n",
    "input 1 dtype=string\ntext_vectorization vocabulary=[\"a\"]\nstring_lookup vocabulary=[\"a\"]\n",
])  # fmt: skip
def test_automatic_names_after_layers_that_make_layers(keras, source: str) -> None:
    # AugMix, RandAugment and TextVectorization create layers of their own when unnamed.
    assert_matches_keras(keras, source)
