"""Shapes of pooling layers equal Keras's (none has weights); bad inputs are errors."""

from __future__ import annotations

import types

import pytest

import seqgen
from tests.conftest import exec_module
from tests.shapecheck import assert_matches_keras, assert_shape_error, unchecked_code

CASES = [
    "input 0x8x2; max_pooling2d 3 padding=same",
    "input 0x8x2; average_pooling2d 3 padding=same",
    "input (0, 2); max_pooling1d 3 padding=same",
    # MaxPooling1D / AveragePooling1D
    "input 10x3; maxpool1d",
    "input 11x3; max_pooling1d 3 strides=2 same",
    "input (3, 11); max_pooling1d 2 strides=1 data_format=channels_first",
    "input (none, 3); maxpool1d 4; max_pooling1d 1 strides=3 same",
    "input 10x3; avgpool1d 3",
    "input 11x3; average_pooling1d 4 strides=3 same",
    "input (3, 11); average_pooling1d 2 strides=(3,) data_format=channels_first",
    "input (none, 3); average_pooling1d 2 strides=1",
    # MaxPooling2D / AveragePooling2D
    "input 28x28x1; maxpool2d 2x2; MaxPooling2D(pool_size=(2, 2))",
    "input 9x10x3; max_pooling2d (3, 2) strides=(1, 2) same",
    "input (3, 9, 10); max_pooling2d 3 strides=2 data_format=channels_first",
    "input (none, 7, none); max_pooling2d 2 strides=1",
    "input 9x10x3; avgpool2d 2",
    "input 9x10x3; average_pooling2d (4, 3) strides=(2, 5) same",
    "input (3, 9, 10); average_pooling2d 3 strides=(1, 2) data_format=channels_first",
    "input (none, none, 3); average_pooling2d (2, 3) same",
    # MaxPooling3D / AveragePooling3D
    "input 8x9x10x2; maxpool3d",
    (
        "input (2, 8, 9, 10); max_pooling3d (2, 3, 4) strides=(1, 2, 3) same "
        "data_format=channels_first"
    ),
    "input 5x5x5x1; max_pooling3d 3 strides=1",
    "input 8x9x10x2; avgpool3d 3",
    "input 8x9x10x2; average_pooling3d (2, 3, 4) strides=(3, 2, 1) same",
    "input (2, 8, 9, 10); average_pooling3d 2 strides=(1, 1, 3) data_format=channels_first",
    # Global pooling, with and without keepdims and in both data formats
    "input 10x3; global_max_pooling1d",
    "input (3, 10); global_max_pooling1d data_format=channels_first keepdims=true",
    "input (none, 3); global_max_pooling1d keepdims=true",
    "input 10x3; global_average_pooling1d keepdims=true",
    "input (3, 10); global_average_pooling1d data_format=channels_first",
    "input 8x9x3; global_max_pooling2d",
    "input (3, 8, 9); global_max_pooling2d data_format=channels_first keepdims=true",
    "input (none, none, 3); global_max_pooling2d keepdims=true",
    "input 8x9x3; global_average_pooling2d keepdims=true",
    "input (3, 8, 9); GlobalAvgPool2D(data_format='channels_first')",
    "input 4x5x6x2; global_max_pooling3d",
    "input (2, 4, 5, 6); global_max_pooling3d data_format=channels_first keepdims=true",
    "input 4x5x6x2; global_average_pooling3d keepdims=true",
    "input (2, 4, 5, 6); global_average_pooling3d data_format=channels_first",
    # Adaptive pooling: any output size, even larger than the input
    "input 10x3; adaptive_max_pooling1d 4",
    "input (3, 10); adaptive_max_pooling1d (12,) data_format=channels_first",
    "input (none, 3); adaptive_average_pooling1d 5",
    "input (3, 10); adaptive_average_pooling1d 2 data_format=channels_first",
    "input 8x9x3; adaptive_max_pooling2d 4",
    "input (3, 8, 9); adaptive_max_pooling2d (2, 3) data_format=channels_first",
    "input (none, none, 3); adaptive_average_pooling2d (3, 12)",
    "input (3, 8, 9); adaptive_average_pooling2d 5 data_format=channels_first",
    "input 4x5x6x2; adaptive_max_pooling3d 2",
    "input (2, 4, 5, 6); adaptive_max_pooling3d (1, 2, 8) data_format=channels_first",
    "input 4x5x6x2; adaptive_average_pooling3d (3, 2, 1)",
    "input (2, 4, 5, 6); adaptive_average_pooling3d 2 data_format=channels_first",
    # Pooling in a convnet
    (
        "input 32x32x3; conv2d 8 3 same; maxpool2d; conv2d 16 3; avgpool2d 2; global_avg_pool2d; "
        "dense 10"
    ),
]


@pytest.mark.keras
@pytest.mark.parametrize("source", CASES)
def test_matches_keras(keras, source: str) -> None:
    assert_matches_keras(keras, source)


# (source, the line of the bad layer, message); the bad layer starts its line.
# fmt: off
ERRORS = [
    ("input 784\nmaxpool2d", 2,
     ("MaxPooling2D cannot take its input: expects an input of rank 4 (batch, height, width, "
      "channels), got (None, 784)")),
    ("input 8x8x8x3\naverage_pooling2d 2", 2,
     ("AveragePooling2D cannot take its input: expects an input of rank 4 (batch, height, "
      "width, channels), got (None, 8, 8, 8, 3)")),
    ("input 8x8x3\nmax_pooling1d data_format=channels_first", 2,
     ("MaxPooling1D cannot take its input: expects an input of rank 3 (batch, channels, "
      "steps), got (None, 8, 8, 3)")),
    ("input 10x3\nglobal_average_pooling2d", 2,
     ("GlobalAveragePooling2D cannot take its input: expects an input of rank 4 (batch, "
      "height, width, channels), got (None, 10, 3)")),
    ("input 8x8x3\nglobal_max_pooling3d data_format=channels_first", 2,
     ("GlobalMaxPooling3D cannot take its input: expects an input of rank 5 (batch, "
      "channels, spatial_dim1, spatial_dim2, spatial_dim3), got (None, 8, 8, 3)")),
    ("input 5x1x3\nmaxpool2d", 2,
     ("MaxPooling2D cannot take its input: the pool size 2 is larger than the input's 1 "
      "along width")),
    ("input (2, 4, 4, 1)\naverage_pooling3d 2 data_format=channels_first", 2,
     ("AveragePooling3D cannot take its input: the pool size 2 is larger than the input's 1 "
      "along spatial_dim3")),
    ("input 9x3\nconv1d 4 3\nmax_pooling1d 8 strides=1", 3,
     ("MaxPooling1D cannot take its input: the pool size 8 is larger than the input's 7 "
      "along steps")),
    ("input 8x8x3\nmaxpool2d (2, 2, 2)", 2,
     ("MaxPooling2D: pool_size must be an integer or a tuple of 2 "
      "integers, got (2, 2, 2)")),
    ("input 8x3\nadaptive_average_pooling1d (2, 2)", 2,
     ("AdaptiveAveragePooling1D: output_size must be an integer or a "
      "tuple of 1 integer, got (2, 2)")),
]
# fmt: on


@pytest.mark.keras
@pytest.mark.parametrize(("source", "line", "message"), ERRORS)
def test_error(keras, source: str, line: int, message: str) -> None:
    assert_shape_error(keras, source, message, line, 1)


def _zeros_batch(keras: types.ModuleType, source: str) -> None:
    """Build the model and run it on a batch of zeros of its input shape."""
    keras.backend.clear_session()
    model = exec_module(unchecked_code(source))["build_model"]()
    model(keras.ops.zeros((2, *model.input_shape[1:])))


@pytest.mark.keras
def test_adaptive_pooling_needs_its_rank(keras) -> None:
    # Keras 3.15 gives adaptive pooling no input spec, so the model builds on an input of the
    # wrong rank (with a made-up output shape) and fails only when it is called.
    source = "input 6x6x6x3\nadaptive_max_pooling2d 4"
    with pytest.raises(seqgen.SeqgenError) as caught:
        seqgen.summarize(source)
    assert caught.value.message == (
        "AdaptiveMaxPooling2D cannot take its input: expects an input of rank 4 (batch, height, "
        "width, channels), got (None, 6, 6, 6, 3)")  # fmt: skip
    assert (caught.value.line, caught.value.column) == (2, 1)
    with pytest.raises((ValueError, TypeError)):
        _zeros_batch(keras, source)
