"""Shapes and parameter counts of core, activation and regularization layers equal Keras's."""

from __future__ import annotations

import pytest

from tests.shapecheck import assert_matches_keras

CASES = [
    "input 784; dense 64 relu; dropout 0.2; dense 10",
    "input (4, 5, 6); dense 3 use_bias=false",
    "input 8; dense 4 lora_rank=2",
    "input (none, 7); activation relu; elu; re_lu; leaky_re_lu; softmax; identity; masking",
    "input (5, 7); gaussian_noise 0.1; gaussian_dropout 0.1; alpha_dropout 0.1",
    "input (5, 7); spatial_dropout1d 0.2",
    "input (5, 7, 3); spatial_dropout2d 0.2",
    "input (4, 5, 7, 3); spatial_dropout3d 0.2",
    "input (4, 6, 3); prelu",
    "input (4, 6, 3); prelu shared_axes=[1, 2]",
    "input (none,) dtype=int32; embedding 100 8",
    "input 10 dtype=int32; embedding 50 4 lora_rank=2",
    "input 6; dense 4 trainable=false; dense 2",
    "input 6; dense 4 dtype=float64; dense 2 dtype=mixed_float16",
    "input 4x5; prelu shared_axes=[-1]",
    "input 4x5; prelu shared_axes=[0]",
    "input (none, 5); prelu shared_axes=-1",
]


@pytest.mark.keras
@pytest.mark.parametrize("source", CASES)
def test_matches_keras(keras, source: str) -> None:
    assert_matches_keras(keras, source)
