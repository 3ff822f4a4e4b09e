"""Shapes of the reshaping layers equal Keras's; inputs Keras cannot take are errors."""

from __future__ import annotations


import pytest

import seqgen
from tests.shapecheck import assert_matches_keras, assert_shape_error

CASES = [
    # Reshape
    "input 12; reshape (3, 4); reshape (-1,); reshape (2, -1, 3)",
    "input 4x6; reshape 24; reshape 2x3x4",
    "input (none, 6); reshape (-1, 3)",
    "input 10; reshape (none, 5)",
    "input (3, 0); reshape (0, 7)",
    # Flatten
    "input 4x5x3; flatten",
    "input (2, 3, 4) batch_size=8; flatten data_format=channels_first",
    "input (none, 5); flatten",
    "input 7; flatten",
    # Permute
    "input 4x6; permute (2, 1)",
    "input (none, 5, 3); permute (3, 1, 2)",
    # RepeatVector
    "input 5; repeat_vector 3",
    "input (none,) batch_size=4; repeat_vector 2",
    # Cropping
    "input 10x3; cropping1d",
    "input 10x3; cropping1d (2, 5); cropping1d 1",
    "input (none, 3); cropping1d 4",
    "input 10x12x3; cropping2d",
    "input 12x16x3; cropping2d 2; cropping2d (1, 3); cropping2d ((1, 0), (2, 3))",
    "input (3, 10, 12); cropping2d ((4, 1), 2) data_format=channels_first",
    "input (none, 8, 2); cropping2d (3, 1)",
    "input 8x9x10x2; cropping3d; cropping3d 1; cropping3d (0, 1, 2)",
    "input (2, 6, 7, 8); cropping3d ((0, 1), (2, 2), 1) data_format=channels_first",
    # ZeroPadding
    "input 5x3; zero_padding1d; zero_padding1d 2; zero_padding1d (0, 3)",
    "input (3, 5); zero_padding1d (1, 2) data_format=channels_first",
    "input (none, 2); zero_padding1d",
    "input 4x5x3; zero_padding2d; zero_padding2d 2; zero_padding2d (1, 0); "
    "zero_padding2d ((1, 2), (3, 4))",
    "input (3, 4, 5); zero_padding2d ((0, 1), 2) data_format=channels_first",
    "input 2x3x4x1; zero_padding3d; zero_padding3d 2; zero_padding3d (1, 0, 2); "
    "zero_padding3d ((0, 1), (2, 0), 1)",
    "input (1, 2, 3, 4); zero_padding3d 1 data_format=channels_first",
    # UpSampling
    "input 4x3; up_sampling1d; up_sampling1d 3",
    "input (none, 2); up_sampling1d 2",
    "input 4x5x3; up_sampling2d; up_sampling2d 3; up_sampling2d (1, 2) interpolation=bilinear",
    "input (3, 4, 5); up_sampling2d (2, 3) data_format=channels_first",
    "input 2x3x4x1; up_sampling3d; up_sampling3d 2; up_sampling3d (1, 2, 3)",
    "input (1, 2, 3, 4); up_sampling3d (3, 2, 1) data_format=channels_first",
    "input (none, 3, none, 2); up_sampling3d 2",
    # together
    "input 28x28x1; zero_padding2d 2; cropping2d 1; up_sampling2d; flatten; reshape (30, -1); "
    "permute (2, 1); flatten; repeat_vector 2",
]


@pytest.mark.keras
@pytest.mark.parametrize("source", CASES)
def test_matches_keras(keras, source: str) -> None:
    assert_matches_keras(keras, source)


# (source, the line of the bad layer, message); the bad layer starts its line.
# fmt: off
ERRORS = [
    ("input 8\nreshape (3, 3)", 2,
     "Reshape cannot take its input: target_shape (3, 3) holds 9 values, but each sample of the "
     "input (None, 8) has 8"),
    ("input 4x2\nreshape (3, -1)", 2,
     "Reshape cannot take its input: target_shape (3, -1) cannot hold the 8 values of each "
     "sample of the input (None, 4, 2): 8 is not a multiple of 3"),
    ("input 8\nreshape (0, -1)", 2,
     "Reshape cannot take its input: target_shape (0, -1) cannot hold the 8 values of each "
     "sample of the input (None, 8): 8 is not a multiple of 0"),
    ("input 8\nreshape (-1, -1)", 2,
     "Reshape cannot take its input: target_shape (-1, -1) may hold only one -1"),
    ("input 8\nreshape (-2, -4)", 2,
     "Reshape cannot take its input: target_shape (-2, -4) may hold whole numbers of at least "
     "0, none, or one -1; not -2"),
    ("input 4x6\npermute (1, 3)", 2,
     "Permute cannot take its input: dims (1, 3) must be a permutation of 1 to 2 (the batch "
     "axis 0 stays in place)"),
    ("input 4x6\npermute (3, 2, 1)", 2,
     "Permute cannot take its input: expects an input of rank 4 (one axis per entry of dims "
     "(3, 2, 1), plus the batch axis), got (None, 4, 6)"),
    ("input 4x5\nrepeat_vector 3", 2,
     "RepeatVector cannot take its input: expects an input of rank 2 (batch, features), got "
     "(None, 4, 5)"),
    ("input 8x3\ncropping1d (3, 5)", 2,
     "Cropping1D cannot take its input: cropping (3, 5) removes 8 of the 8 entries of axis 1 "
     "of (None, 8, 3); at least 1 must remain"),
    ("input 8x3\ncropping1d (1, 2, 3)", 2,
     "Cropping1D cannot take its input: cropping must be a whole number or a pair of them, not "
     "(1, 2, 3)"),
    ("input 8\ncropping1d", 2,
     "Cropping1D cannot take its input: expects an input of rank 3 (batch, steps, features), "
     "got (None, 8)"),
    ("input 6x9x2\ncropping2d ((1, 2), (4, 6))", 2,
     "Cropping2D cannot take its input: cropping (4, 6) removes 10 of the 9 entries of axis 2 "
     "of (None, 6, 9, 2); at least 1 must remain"),
    ("input (2, 4, 9)\ncropping2d (2, 1) data_format=channels_first", 2,
     "Cropping2D cannot take its input: cropping (2, 2) removes 4 of the 4 entries of axis 2 "
     "of (None, 2, 4, 9); at least 1 must remain"),
    ("input 6x6x2\ncropping2d (1, 2, 3)", 2,
     "Cropping2D cannot take its input: cropping must be a whole number, 2 numbers or 2 "
     "(before, after) pairs, not (1, 2, 3)"),
    ("input 6x6x6x1\ncropping3d (1, 1, 3)", 2,
     "Cropping3D cannot take its input: cropping (3, 3) removes 6 of the 6 entries of axis 3 "
     "of (None, 6, 6, 6, 1); at least 1 must remain"),
    ("input 6x6x2\ncropping3d", 2,
     "Cropping3D cannot take its input: expects an input of rank 5 (batch, dim1, dim2, dim3, "
     "channels), got (None, 6, 6, 2)"),
    ("input 6x2\nzero_padding2d", 2,
     "ZeroPadding2D cannot take its input: expects an input of rank 4 (batch, rows, cols, "
     "channels), got (None, 6, 2)"),
    ("input 6x6x2\nzero_padding2d ((1, 2, 3), 1)", 2,
     "ZeroPadding2D cannot take its input: each entry of padding must be a whole number or a "
     "pair of them, not (1, 2, 3)"),
    ("input 6x6x6x2\nzero_padding3d (1, 2)", 2,
     "ZeroPadding3D cannot take its input: padding must be a whole number, 3 numbers or 3 "
     "(before, after) pairs, not (1, 2)"),
    ("input 6\nzero_padding1d data_format=channels_first", 2,
     "ZeroPadding1D cannot take its input: expects an input of rank 3 (batch, channels, "
     "steps), got (None, 6)"),
    ("input 4x3\nup_sampling1d (2, 2)", 2,
     "UpSampling1D cannot take its input: size must be a whole number, not (2, 2)"),
    ("input 4x4x3\nup_sampling2d (2, 2, 2)", 2,
     "UpSampling2D cannot take its input: size must be a whole number or 2 of them, not "
     "(2, 2, 2)"),
    ("input 4x4x3\nup_sampling3d", 2,
     "UpSampling3D cannot take its input: expects an input of rank 5 (batch, dim1, dim2, dim3, "
     "channels), got (None, 4, 4, 3)"),
]
# fmt: on


@pytest.mark.keras
@pytest.mark.parametrize(("source", "line", "message"), ERRORS)
def test_error(keras, source: str, line: int, message: str) -> None:
    assert_shape_error(keras, source, message, line, 1)


def test_error_position_on_a_shared_line() -> None:
    source = "input 4x4x3; flatten; cropping1d"
    with pytest.raises(seqgen.SeqgenError) as caught:
        seqgen.summarize(source)
    assert (caught.value.line, caught.value.column) == (1, source.index("cropping1d") + 1)


def test_unknown_dimensions_stay_unknown() -> None:
    summary = seqgen.summarize("input (none, 6); reshape (-1, 3); cropping1d 1; up_sampling1d")
    assert [r.shape for r in summary.rows] == [(None, None, 3)] * 3
    assert summary.notes == ()
