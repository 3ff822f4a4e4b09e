"""Shapes and parameter counts of convolution layers equal Keras's; bad inputs are errors."""

from __future__ import annotations


import pytest

import seqgen
from tests.shapecheck import assert_matches_keras, assert_shape_error

CASES = [
    # Conv1D
    "input 20x3; conv1d 8 3 strides=2 same",
    "input 20x3; conv1d 8 5 causal dilation_rate=2; conv1d 4 3 causal strides=3",
    "input (3, 20); conv1d 6 3 strides=3 data_format=channels_first groups=3",
    "input (none, 4); conv1d 4 3 causal strides=2 groups=2 use_bias=false",
    "input (6, 7); conv1d 3 7 valid data_format=channels_first; conv1d 2 1",
    # Conv2D
    "input 28x28x1; conv2d 32 3x3 relu; conv2d 16 (5, 3) strides=(2, 1) same",
    "input 15x17x4; conv2d 8 3 dilation_rate=(2, 3) groups=4",
    "input (3, 32, 30); conv2d 4 3 strides=2 data_format=channels_first",
    "input (none, none, 3); conv2d 4 3 strides=2 use_bias=false",
    "input (2, 9, 11); conv2d 6 (2, 4) same dilation_rate=2 data_format=channels_first groups=2",
    "input 8x8x3; conv2d 4 3 trainable=false; Convolution2D(8, [2, 2], strides=(3, 2))",
    # Conv3D
    "input 10x11x12x2; conv3d 4 3 strides=(1, 2, 3)",
    "input (2, 8, 9, 10); conv3d 4 (3, 1, 2) same strides=2 data_format=channels_first",
    "input 9x9x9x4; conv3d 8 2 dilation_rate=3 groups=2 use_bias=false",
    "input (none, 6, 7, 1); conv3d 2 (1, 2, 3) valid",
    # Conv1DTranspose
    "input 10x3; conv1d_transpose 4 3 strides=2",
    "input 10x3; conv1d_transpose 4 4 strides=3 same output_padding=1",
    "input (3, 10); conv1d_transpose 4 2 strides=3 data_format=channels_first",
    "input (none, 3); deconv1d 4 3 dilation_rate=2 output_padding=0 use_bias=false",
    # Conv2DTranspose
    "input 7x7x8; conv2d_transpose 4 3 strides=2 same",
    "input 7x6x8; conv2d_transpose 4 (3, 4) strides=(2, 3) output_padding=(1, 2)",
    (
        "input (8, 5, 6); conv2d_transpose 4 3 strides=2 same output_padding=1 "
        "data_format=channels_first"
    ),
    "input (none, 5, 2); conv2d_transpose 3 2 dilation_rate=2 use_bias=false",
    "input 5x5x2; conv2d_transpose 3 4 same dilation_rate=(1, 2) output_padding=0",
    # Conv3DTranspose
    "input 4x5x6x2; conv3d_transpose 3 2 strides=2",
    (
        "input (2, 4, 5, 6); conv3d_transpose 3 3 strides=(1, 2, 3) same output_padding=(0, 1, 2) "
        "data_format=channels_first"
    ),
    "input 4x4x4x1; conv3d_transpose 2 (1, 2, 3) valid dilation_rate=(1, 2, 3)",
    # DepthwiseConv1D
    "input 20x3; depthwise_conv1d 3 strides=2 depth_multiplier=2",
    "input (4, 20); depthwise_conv1d 5 same data_format=channels_first use_bias=false",
    "input (none, 3); depthwise_conv1d 3 dilation_rate=4",
    # DepthwiseConv2D
    "input 12x13x3; depthwise_conv2d 3 strides=(2, 1) depth_multiplier=3",
    "input (3, 12, 13); depthwise_conv2d (3, 5) same strides=3 data_format=channels_first",
    "input 12x13x3; depthwise_conv2d 3 dilation_rate=(2, 3) use_bias=false",
    # SeparableConv1D
    "input 20x3; separable_conv1d 8 3 strides=2 depth_multiplier=2",
    "input (3, 20); separable_conv1d 8 3 same data_format=channels_first dilation_rate=2",
    "input 20x3; separable_conv1d 4 5 use_bias=false",
    # SeparableConv2D
    "input 16x16x3; separable_conv2d 8 3 strides=2 same depth_multiplier=2",
    "input (3, 16, 15); separable_conv2d 8 (3, 2) dilation_rate=2 data_format=channels_first",
    "input (none, 16, 3); separable_conv2d 8 3 strides=(1, 3) use_bias=false",
]


@pytest.mark.keras
@pytest.mark.parametrize("source", CASES)
def test_matches_keras(keras, source: str) -> None:
    assert_matches_keras(keras, source)


# (source, the line of the bad layer, message); the bad layer starts its line.
# fmt: off
ERRORS = [
    ("input 28x28x1\nflatten\nconv2d 8 3", 3,
     ("Conv2D cannot take its input: expects an input of rank 4 (batch, height, width, "
      "channels), got (None, 784)")),
    ("input 10x3\nconv3d 4 3 data_format=channels_first", 2,
     ("Conv3D cannot take its input: expects an input of rank 5 (batch, channels, "
      "spatial_dim1, spatial_dim2, spatial_dim3), got (None, 10, 3)")),
    ("input 4x5x6x2\nconv1d 4 3", 2,
     ("Conv1D cannot take its input: expects an input of rank 3 (batch, steps, channels), "
      "got (None, 4, 5, 6, 2)")),
    ("input 10x3\nconv2d_transpose 4 3", 2,
     ("Conv2DTranspose cannot take its input: expects an input of rank 4 (batch, height, "
      "width, channels), got (None, 10, 3)")),
    ("input (8, 8, none)\nconv2d 4 3", 2,
     "Conv2D cannot take its input: needs a known channel dimension, got (None, 8, 8, None)"),
    ("input (none, 8)\ndepthwise_conv1d 3 data_format=channels_first", 2,
     ("DepthwiseConv1D cannot take its input: needs a known channel dimension, got (None, "
      "None, 8)")),
    ("input (8, none)\nseparable_conv1d 4 3", 2,
     ("SeparableConv1D cannot take its input: needs a known channel dimension, got (None, 8, "
      "None)")),
    ("input (4, 4, 4, none)\nconv3d_transpose 2 3", 2,
     ("Conv3DTranspose cannot take its input: needs a known channel dimension, got (None, 4, "
      "4, 4, None)")),
    ("input 5x3x2\nconv2d 4 (3, 4)", 2,
     "Conv2D cannot take its input: the kernel 4 is larger than the input's 3 along width"),
    ("input 9x4\nconv1d 2 3 dilation_rate=5", 2,
     ("Conv1D cannot take its input: the kernel 3 with dilation 5 spans 11, more than the "
      "input's 9 along steps")),
    ("input 28x28x1\nconv3d 4 3", 2,
     ("Conv3D cannot take its input: expects an input of rank 5 (batch, spatial_dim1, "
      "spatial_dim2, spatial_dim3, channels), got (None, 28, 28, 1)")),
    ("input (2, 6, 6, 3)\nconv3d 4 4 data_format=channels_first", 2,
     ("Conv3D cannot take its input: the kernel 4 is larger than the input's 3 along "
      "spatial_dim3")),
    ("input 6x6x3\nconv2d 4 3\nconv2d 4 3\nconv2d 4 3", 4,
     "Conv2D cannot take its input: the kernel 3 is larger than the input's 2 along height"),
    ("input (none, 2, 3)\ndepthwise_conv2d 3", 2,
     ("DepthwiseConv2D cannot take its input: the kernel 3 is larger than the input's 2 "
      "along width")),
    ("input (3, 8, 2)\nseparable_conv2d 4 3 data_format=channels_first", 2,
     ("SeparableConv2D cannot take its input: the kernel 3 is larger than the input's 2 "
      "along width")),
    ("input 8x8x6\nconv2d 8 3 groups=4", 2,
     "Conv2D cannot take its input: the input's 6 channels are not divisible by groups=4"),
    ("input (5, 20)\nconv1d 6 3 groups=2 data_format=channels_first", 2,
     "Conv1D cannot take its input: the input's 5 channels are not divisible by groups=2"),
    ("input 8x8x4\nconv2d 6 3 groups=4", 2,
     "Conv2D: filters=6 is not divisible by groups=4"),
    ("input 8x8x4\nconv2d_transpose 4 3 strides=2 output_padding=2", 2,
     ("Conv2DTranspose: output_padding must be less than strides, got "
      "output_padding=(2, 2) and strides=(2, 2)")),
    ("input 8x8x4\nconv2d 4 3 strides=2 dilation_rate=(1, 2)", 2,
     ("Conv2D: cannot combine strides > 1 with dilation_rate > 1, got "
      "strides=(2, 2) and dilation_rate=(1, 2)")),
    ("input 8x8x4\nconv2d 4 (3, 3, 3)", 2,
     ("Conv2D: kernel_size must be an integer or a tuple of 2 "
      "integers, got (3, 3, 3)")),
]
# fmt: on


@pytest.mark.keras
@pytest.mark.parametrize(("source", "line", "message"), ERRORS)
def test_error(keras, source: str, line: int, message: str) -> None:
    assert_shape_error(keras, source, message, line, 1)


def test_error_position_on_a_shared_line() -> None:
    source = "input 28x28x1; flatten; conv2d 8 3 relu"
    with pytest.raises(seqgen.SeqgenError) as caught:
        seqgen.summarize(source)
    assert (caught.value.line, caught.value.column) == (1, source.index("conv2d") + 1)


def test_empty_transpose_output_is_a_note() -> None:
    # Keras builds it (and runs it) with an output of size 0: not an error, but worth a note.
    summary = seqgen.summarize("input 1x3; conv1d_transpose 2 2 same output_padding=0")
    assert summary.output_shape == (None, 0, 2)
    assert [n.message for n in summary.notes] == [
        "Conv1DTranspose: the output is empty along steps: (None, 0, 2)"
    ]


@pytest.mark.keras
def test_empty_transpose_output_matches_keras(keras) -> None:
    assert_matches_keras(keras, "input 1x3; conv1d_transpose 2 2 same output_padding=0")
