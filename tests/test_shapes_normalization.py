"""Shapes and parameter counts of normalization layers, EinsumDense and ReversibleEmbedding equal
Keras's.

(EinsumDense and ReversibleEmbedding are core layers; they are tested here with
SpectralNormalization, which reads the shape of an EinsumDense kernel.)  Every case is built by
Keras and compared layer by layer; every error case is rejected by seqgen at the layer, with the
exact message, and Keras fails to build the same model.
"""

from __future__ import annotations

import types

import pytest

import seqgen
from tests.shapecheck import assert_matches_keras, assert_shape_error

CASES = [
    # BatchNormalization: gamma/beta trainable, moving mean/variance not
    "input 784; dense 64; batch_normalization; dense 10",
    "input 5x6x3; batch_normalization axis=1 center=false",
    "input 5x6x3; batch_normalization scale=false renorm=true",
    "input 5 batch_size=4; batch_normalization axis=0",
    "input 8x8x3; conv2d 4 3; batchnorm momentum=0.9 epsilon=1e-5 synchronized=true",
    "input (none, 4); batch_normalization trainable=false; dense 1",
    # LayerNormalization
    "input 5x6x3; layer_normalization",
    "input 5x6x3; layer_normalization axis=[1, 2]",
    "input (none, 3); layer_normalization center=false",
    "input 5x6x3; layer_normalization axis=[-1, 1] scale=false",
    "input 5x6x3; layer_normalization axis=1 center=false scale=false",
    # GroupNormalization
    "input 8x8x6; group_normalization 3",
    "input 4x6x8; group_normalization 2 axis=1 center=false",
    "input 4x8; group_normalization 8 scale=false",
    "input 4x64; group_normalization",
    # RMSNormalization, UnitNormalization
    "input 4x8; rms_normalization",
    "input 4x8x2; rms_normalization axis=[1, 2] epsilon=1e-5",
    "input 4x8; rms_normalization axis=1",
    "input 4x8; unit_normalization",
    "input 4x8; unit_normalization axis=[1, 2]",
    # SpectralNormalization: the wrapped layer's weights + u, the kernel's last dimension
    "input 4x5; spectral_normalization (dense 3)",
    "input 8x8x3; spectral_normalization (conv2d 4 3) power_iterations=2",
    "input 8x8x3; spectral_normalization (conv2d_transpose 4 3)",
    "input 8x8x3; spectral_normalization (depthwise_conv2d 3 depth_multiplier=2)",
    "input 10x3; spectral_normalization (conv1d 6 3 use_bias=false)",
    "input 6 dtype=int32; spectral_normalization (embedding 10 4)",
    "input 4x5; spectral_normalization (dense 3 trainable=false)",
    'input 4x5; spectral_normalization (einsum_dense "abc,cd->abd" (4, 6) bias_axes=d)',
    "input 4x5; spectral_normalization (dense 4 lora_rank=2)",
    # EinsumDense
    'input 8; einsum_dense "ab,bc->ac" 4',
    'input 5x8; einsum_dense "abc,cde->abde" (5, 3, 2) bias_axes=de',
    'input 5x8; einsum_dense "abc,cde->abde" (none, 3, 2) bias_axes=d activation=relu',
    'input 5x8x3; einsum_dense "abc...,cd->abd..." (5, 4) bias_axes=d',
    'input 4x8; einsum_dense "...b,bc->...c" 6 bias_axes=c',
    'input 3x4x5; einsum_dense "...f,fo->...o" 7 bias_axes=o',  # Keras's reversed elided axes
    'input 5x8; einsum_dense "abc,cde->abde" (5, 3, 2) bias_axes=e lora_rank=2',
    'input 5x8; einsum_dense "ab,bc->ac" 4',  # Keras builds it (calling it fails: a note)
    'input 5x8x3; einsum_dense "abc...,cd->abd..." 5',  # the elided axis fills in for 'd'
    # ReversibleEmbedding
    "input 5 dtype=int32; reversible_embedding 10 4",
    "input 5x3 dtype=int32; reversible_embedding 10 4 tie_weights=false",
]

ERRORS = [
    (
        "input (none,)\nbatch_normalization",
        "BatchNormalization cannot take its input: needs a known dimension on axis -1 (its weights "
        "have that size), got (None, None)",
        2,
        1,
    ),
    (
        "input 5\nbatch_normalization axis=0",
        "BatchNormalization cannot take its input: needs a known dimension on axis 0 (its weights "
        "have that size), got (None, 5)",
        2,
        1,
    ),
    (
        "input 5\nbatch_normalization axis=2",
        "BatchNormalization cannot take its input: axis 2 is out of range for the rank-2 input "
        "(None, 5)",
        2,
        1,
    ),
    (
        "input (3, none)\nlayer_normalization",
        "LayerNormalization cannot take its input: needs a known dimension on axis -1 (its weights "
        "have that size), got (None, 3, None)",
        2,
        1,
    ),
    (
        "input 3x4\nlayer_normalization axis=[1, -4]",
        "LayerNormalization cannot take its input: axis -4 is out of range for the rank-3 input "
        "(None, 3, 4)",
        2,
        1,
    ),
    (
        "input 3x6\ngroup_normalization 4",
        "GroupNormalization cannot take its input: groups=4 does not divide the 6 channels of axis "
        "-1",
        2,
        1,
    ),
    (
        "input 3x6\ngroup_normalization",
        "GroupNormalization cannot take its input: groups=32 is more than the 6 channels of "
        "axis -1",
        2,
        1,
    ),
    (
        "input (3, none)\ngroup_normalization 1",
        "GroupNormalization cannot take its input: needs a known dimension on axis -1 (its weights "
        "have that size), got (None, 3, None)",
        2,
        1,
    ),
    (
        "input 3x4\ngroup_normalization 1 axis=[1]",
        "GroupNormalization cannot take its input: axis must be an integer, got [1]",
        2,
        1,
    ),
    (
        "input (3, none)\nrms_normalization",
        "RMSNormalization cannot take its input: needs a known dimension on axis -1 (its weights "
        "have that size), got (None, 3, None)",
        2,
        1,
    ),
    (
        "input 3x4\nunit_normalization axis=3",
        "UnitNormalization cannot take its input: axis 3 is out of range for the rank-3 input "
        "(None, 3, 4)",
        2,
        1,
    ),
    (
        "input 4x5\nspectral_normalization (batch_normalization)",
        "SpectralNormalization cannot take its input: wraps BatchNormalization, which has no "
        "kernel or embeddings weight to normalize (Dense, Conv2D, Embedding, ... have one)",
        2,
        1,
    ),
    (
        "input 4x5\nspectral_normalization (lstm 3)",
        "SpectralNormalization cannot take its input: wraps LSTM, which has no kernel or "
        "embeddings weight to normalize (Dense, Conv2D, Embedding, ... have one)",
        2,
        1,
    ),
    (
        "input (4, none)\nspectral_normalization (dense 3)",
        "SpectralNormalization cannot take its input: Dense: needs a known last (feature) "
        "dimension, got (None, 4, None)",
        2,
        1,
    ),
    (
        'input 5x8\neinsum_dense "ab->b" (5, 3)',
        "EinsumDense cannot take its input: the equation 'ab->b' is not of the form ab,bc->ac, "
        "...ab,bc->...ac or ab...,bc->ac...",
        2,
        1,
    ),
    (
        'input 5x8\neinsum_dense "abc,cd->abe" (5, 3)',
        "EinsumDense cannot take its input: the output axis 'e' is in neither the input 'abc' nor "
        "the kernel 'cd'",
        2,
        1,
    ),
    (
        'input 5x8\neinsum_dense "abc,cz->abd" (5, 3)',
        "EinsumDense cannot take its input: the output axis 'd' is in neither the input 'abc' nor "
        "the kernel 'cz'",
        2,
        1,
    ),
    (
        'input 5x8\neinsum_dense "abc,cd->abd" (4, 3)',
        "EinsumDense cannot take its input: axis 'b' is 5 in the input but 4 in output_shape",
        2,
        1,
    ),
    (
        'input 8\neinsum_dense "abc,cd->abd" (8, 3)',
        "EinsumDense cannot take its input: the equation's input 'abc' has 3 axes, but the input "
        "(None, 8) has rank 2",
        2,
        1,
    ),
    (
        'input (5, none)\neinsum_dense "abc,cd->abd" (5, 3)',
        "EinsumDense cannot take its input: needs a known size for the kernel axis 'c' (from the "
        "input (None, 5, None) and output_shape), got None",
        2,
        1,
    ),
    (
        'input 5x8\neinsum_dense "abc,cd->abd" (5, 3) bias_axes=c',
        "EinsumDense cannot take its input: bias axis 'c' is not in the equation's output 'abd'",
        2,
        1,
    ),
    (
        'input 5x8\neinsum_dense "abc,cd->abd" 3',
        "EinsumDense cannot take its input: output_shape (3,) is too short for the equation's "
        "output 'abd'",
        2,
        1,
    ),
]
# (LoRA with a kernel_constraint is refused before shapes, by the rule's constraints:
# tests/test_bounds.py builds it in Keras.)


@pytest.mark.keras
@pytest.mark.parametrize("source", CASES)
def test_matches_keras(keras: types.ModuleType, source: str) -> None:
    assert_matches_keras(keras, source)


@pytest.mark.keras
@pytest.mark.parametrize(("source", "message", "line", "column"), ERRORS)
def test_errors(keras: types.ModuleType, source: str, message: str, line: int,
                column: int) -> None:  # fmt: skip
    assert_shape_error(keras, source, message, line, column)


NOTES = [
    (
        'input 3x4x5; einsum_dense "...f,fo->...o" 7',
        "EinsumDense: Keras reports the elided axes (3, 4) in reverse order, (4, 3); the layer "
        "outputs them in order",
    ),
    (
        'input 5x8; einsum_dense "ab,bc->ac" 4',
        "EinsumDense: the equation's input 'ab' has 2 axes but the input (None, 5, 8) has rank 3: "
        "Keras builds the layer, but calling it fails",
    ),
    (
        'input 5x8x3; einsum_dense "abc...,cd->abd..." 5',
        "EinsumDense: with this output_shape Keras reports a rank-3 output (None, 5, 3) where the "
        "equation gives rank 4: Keras builds the layer, but calling it fails",
    ),
    (
        'input 5x8; einsum_dense "abc,cd->abd" (5, 3, 2)',
        "EinsumDense: with this output_shape Keras reports a rank-4 output (None, 5, 3, 2) where "
        "the equation gives rank 3: Keras builds the layer, but calling it fails",
    ),
]


@pytest.mark.parametrize(("source", "note"), NOTES)
def test_notes_where_keras_builds_a_broken_layer(source: str, note: str) -> None:
    assert note in [n.message for n in seqgen.summarize(source).notes]


def test_group_normalization_minus_one_is_instance_normalization() -> None:
    # Keras takes groups=-1 (one group per channel); seqgen's checker rejects it before the rule
    # runs, so the rule is called directly here
    from seqgen.layers import rule_for
    from seqgen.layers.base import Args

    args = Args("GroupNormalization", {"groups": -1, "axis": -1, "center": True, "scale": True},
                "float32", lambda nested, shape: None)  # fmt: skip
    out = rule_for("GroupNormalization").shape(args, (None, 4, 6))
    assert (out.shape, out.trainable, out.non_trainable) == ((None, 4, 6), 12, 0)
