"""Shapes and weights of the preprocessing and image preprocessing layers equal Keras's.

Inputs Keras cannot take are errors; sizes that depend on data (a vocabulary not given yet, a
random height) are None with a note.
"""

from __future__ import annotations

import types

import numpy as np
import pytest

import seqgen
from tests.conftest import exec_module
from tests.shapecheck import assert_matches_keras, unchecked_code

CASES = [
    # Rescaling
    "input 8x8x3; rescaling 1/255 offset=-1",
    # Normalization: adapt() statistics are non-trainable weights; given ones are constants
    "input 5; normalization",
    "input 4x3; normalization axis=(1, 2)",
    "input 4x3; normalization axis=none",
    "input 4x3; normalization axis=-2 invert=true",
    "input 4x3; normalization mean=[1.0, 2.0, 3.0] variance=[1.0, 1.0, 1.0]",
    "input 4x3; normalization axis=1 mean=2.0 variance=4.0",
    "input 4x3; normalization mean=[0.5] variance=[2.0]",
    "input 6; dense 4; normalization trainable=false",
    # CategoryEncoding
    "input 3 dtype=int32; category_encoding 4",
    "input 3 dtype=int32; category_encoding 5 output_mode=one_hot",
    "input 1 dtype=int32; category_encoding 5 output_mode=one_hot",
    "input (3, 2) dtype=int32; category_encoding 6 output_mode=count",
    "input 3 dtype=int32; category_encoding 4 output_mode=binary",
    # Discretization
    "input 3; discretization bin_boundaries=[0.0, 1.0]",
    "input 3; discretization bin_boundaries=[0.0, 1.0, 2.0] output_mode=one_hot",
    "input 1; discretization bin_boundaries=[0.0] output_mode=one_hot",
    "input 4x3; discretization num_bins=4 output_mode=multi_hot",
    "input 4x3; discretization bin_boundaries=[0.0, 1.0] output_mode=count sparse=true",
    # Hashing
    "input 3 dtype=string; hashing 4",
    "input 3 dtype=string; hashing 4 output_mode=one_hot",
    "input 1 dtype=string; hashing 8 output_mode=one_hot salt=7",
    "input (2, 5) dtype=int64; hashing 6 mask_value=0 output_mode=count",
    "input 3 dtype=string; hashing 4 dtype=int32",
    # IntegerLookup
    "input 3 dtype=int64; integer_lookup vocabulary=[1, 2, 3]",
    "input 3 dtype=int64; integer_lookup vocabulary=[1, 2, 3] output_mode=multi_hot",
    "input 3 dtype=int64; integer_lookup vocabulary=[1, 2, 3] output_mode=one_hot "
    "num_oov_indices=2 mask_token=0",
    "input 1 dtype=int64; integer_lookup vocabulary=[-1, 4, 5] output_mode=one_hot",
    "input 3 dtype=int64; integer_lookup max_tokens=10 pad_to_max_tokens=true output_mode=count",
    "input 3 dtype=int64; integer_lookup vocabulary=[7, 8] invert=true",
    # StringLookup
    'input 3 dtype=string; string_lookup vocabulary=["a", "b"]',
    'input 3 dtype=string; string_lookup vocabulary=["a", "b", "c"] output_mode=count',
    'input 3 dtype=string; string_lookup vocabulary=["[UNK]", "a", "b"] output_mode=multi_hot',
    'input 3 dtype=string; string_lookup vocabulary=["a", "b"] output_mode=tf_idf '
    "idf_weights=[0.5, 0.25]",
    'input 3 dtype=string; string_lookup vocabulary=["a", "b"] output_mode=one_hot '
    'num_oov_indices=0 mask_token=""',
    "input 3 dtype=string; string_lookup output_mode=multi_hot",
    # TextVectorization
    'input 1 dtype=string; text_vectorization vocabulary=["a", "b"] output_sequence_length=6',
    "input 1 dtype=string; text_vectorization max_tokens=20 output_sequence_length=4",
    'input 1 dtype=string; text_vectorization vocabulary=["a", "b"] output_mode=multi_hot',
    'input 1 dtype=string; text_vectorization vocabulary=["a", "b"] output_mode=one_hot',
    'input 1 dtype=string; text_vectorization vocabulary=["a", "b", "c"] output_mode=count '
    "split=none",
    'input 1 dtype=string; text_vectorization vocabulary=["a", "b"] output_mode=tf_idf '
    "idf_weights=[1.0, 2.0] ngrams=2",
    "input 1 dtype=string; text_vectorization max_tokens=50 pad_to_max_tokens=true "
    'output_mode="tf-idf"',
    # MelSpectrogram
    "input 4096; mel_spectrogram",
    "input 1000; mel_spectrogram fft_length=512 sequence_stride=128 sequence_length=256 "
    "num_mel_bins=40 sampling_rate=8000",
    "input (none,); mel_spectrogram num_mel_bins=16",
    # STFTSpectrogram
    "input 512x1; stft_spectrogram",
    "input 512x2; stft_spectrogram mode=stft frame_length=64 frame_step=16 padding=same "
    "expand_dims=true",
    "input (2, 512); stft_spectrogram mode=real data_format=channels_first",
    "input (3, 300); stft_spectrogram mode=imag frame_length=100 fft_length=128 "
    "data_format=channels_first expand_dims=true",
    "input (none, 1); stft_spectrogram mode=magnitude frame_length=32 trainable=false",
    # Pipeline
    "input 8x8x3; pipeline [(rescaling 0.5), (center_crop 4 4)]",
    "input 8x8x3; pipeline [(normalization), (random_flip), (resizing 4 6), (flatten)]",
    "input 256x1; pipeline [(stft_spectrogram frame_length=64 trainable=false), "
    "(normalization), (dense 3)]",
    "input 6x3; pipeline [(pipeline [(flatten)]), (dense 2)]",
    # Inside a Pipeline Keras traces the layers' calls: some shapes differ from outside.
    "input 8x8x3; mel_spectrogram; pipeline [(rescaling 0.5), (center_crop 4 4)]",
    "input (8, none, 3); pipeline [(center_crop 4 4)]",
    "input (none, 8, 8); pipeline [(center_crop 4 4 data_format=channels_first)]",
    "input (none, none, 3); pipeline [(center_crop 4 6)]; center_crop 2 2",
    "input (8, 8, none); pipeline [(random_hue 0.2), (random_saturation 0.2), (random_crop 4 4)]",
    "input (none, 8, 8); pipeline [(random_hue 0.2 data_format=channels_first)]",
    "input (none, none, 3); pipeline [(random_flip), (random_rotation 0.2), (random_zoom 0.1), "
    "(equalization), (rand_augment), (resizing 5 5), (cut_mix)]",
    "input 3 dtype=string; pipeline [(hashing 4 output_mode=one_hot)]",
    'input 1 dtype=string; pipeline [(text_vectorization vocabulary=["a", "b"] '
    "output_mode=multi_hot)]",
    'input 1 dtype=string; pipeline [(text_vectorization vocabulary=["a", "b"] '
    "output_mode=one_hot)]",
    "input (4, 3); pipeline [(discretization bin_boundaries=[0.0] output_mode=multi_hot)]",
]

# The image layers that keep their input's shape, each with non-default arguments.  Keras
# 3.15 builds Equalization in a Sequential model only right after the input and not last
# ("part of a cycle" otherwise), so it comes first.  AugMix, RandAugment and RandomColorJitter
# construct image layers inside, which take automatic names seqgen does not count, so they
# come last.
SAME_SHAPE = [
    "equalization bins=128",
    "auto_contrast value_range=(0, 1)",
    "contrast_limited_adaptive_histogram_equalization clip_limit=2.0 tile_grid_size=(4, 4)",
    "cut_mix factor=0.5 seed=1",
    "max_num_bounding_boxes 4",
    "mix_up alpha=0.3",
    "random_brightness 0.2 value_range=(0, 1)",
    "random_color_degeneration 0.2",
    "random_contrast 0.3",
    "random_elastic_transform scale=0.5 fill_mode=constant",
    "random_erasing scale=(0.1, 0.2)",
    "random_flip vertical",
    "random_gaussian_blur kernel_size=5 sigma=0.5",
    "random_grayscale 0.3",
    "random_hue 0.2",
    "random_invert 0.5",
    "random_perspective scale=0.5",
    "random_posterization 4",
    "random_rotation 0.1 fill_mode=nearest",
    "random_saturation 0.2",
    "random_sharpness 0.2",
    "random_shear 0.1 0.2",
    "random_translation 0.1 0.2",
    "random_zoom 0.1 0.2",
    "solarization 0.5 0.5",
    "aug_mix value_range=(0, 1) num_chains=2 chain_depth=2",
    "rand_augment num_ops=3 factor=0.3",
    "random_color_jitter brightness_factor=0.2 hue_factor=0.1",
]
WITH_DATA_FORMAT = {"aug_mix", "contrast_limited_adaptive_histogram_equalization", "cut_mix",
                    "equalization", "mix_up", "rand_augment", "random_color_degeneration",
                    "random_color_jitter", "random_elastic_transform", "random_erasing",
                    "random_flip", "random_gaussian_blur", "random_grayscale", "random_hue",
                    "random_invert", "random_perspective", "random_posterization",
                    "random_rotation", "random_saturation", "random_sharpness", "random_shear",
                    "random_translation", "random_zoom"}  # fmt: skip
CHANNELS_FIRST = [
    f"{s} data_format=channels_first" for s in SAME_SHAPE if s.split()[0] in WITH_DATA_FORMAT
]

IMAGE_CASES = [
    "input 12x10x3; " + "; ".join(SAME_SHAPE),
    "input (3, 12, 10); " + "; ".join(CHANNELS_FIRST),
    "input (none, none, 3); equalization; auto_contrast; cut_mix; max_num_bounding_boxes 2; "
    "random_crop 5 5; random_flip; aug_mix",
    # layers that set height and width
    "input 12x10x3; resizing 6 8 interpolation=nearest; center_crop 4 6; random_crop 2 3",
    "input (none, none, 3); resizing 6 8 crop_to_aspect_ratio=true; center_crop 5 5; "
    "random_crop 3 4 seed=1",
    "input (3, 12, 10); resizing 6 8 data_format=channels_first; "
    "center_crop 4 6 data_format=channels_first; random_crop 2 3 data_format=channels_first",
    "input 12x10x3; resizing 20 16 pad_to_aspect_ratio=true antialias=true",
    # rank 3: one unbatched image, so the batch axis is overwritten
    "input 10x3; center_crop 4 4",
    "input 10x3; resizing 4 6",
    "input 10x3; random_crop 4 2",
    "input (12, 10); random_crop 4 2 data_format=channels_first",
    "input 10x3; random_flip; random_color_degeneration 0.1",
    # legacy tf.keras layers with a random output size
    "input 12x10x3; random_height 0.2; random_width (-0.1, 0.3) interpolation=nearest",
    "input (none, 10, 3); random_height 0.2 seed=3; random_width 0.2",
]


@pytest.mark.keras
@pytest.mark.parametrize("source", CASES + IMAGE_CASES)
def test_matches_keras(keras, source: str) -> None:
    assert_matches_keras(keras, source)


def assert_keras_fails(keras: types.ModuleType, source: str, *, when_called: bool = False) -> None:
    """Keras itself refuses the model: constructing or building it raises (or, `when_called`,
    it builds but fails on every batch of the input shape, in training and in inference)."""
    keras.backend.clear_session()
    build_model = exec_module(unchecked_code(source))["build_model"]
    if not when_called:
        with pytest.raises(Exception):
            build_model()
        return
    model = build_model()
    batch = np.random.default_rng(0).random((2, *model.input_shape[1:])).astype("float32")
    for training in (True, False):
        with pytest.raises(Exception):
            model(batch, training=training)


# (source, the line of the bad layer, message); the bad layer starts its line.
# fmt: off
ERRORS = [
    ("input 8\ncenter_crop 4 4", 2,
     "CenterCrop cannot take its input: expects images of rank 4 (batch, height, width, "
     "channels), or rank 3 for one unbatched image; got (None, 8)"),
    ("input 6\nrandom_crop 2 2", 2,
     "RandomCrop cannot take its input: expects images of rank 4 (batch, height, width, "
     "channels), or rank 3 for one unbatched image; got (None, 6)"),
    ("input 8x8x1\nrandom_color_degeneration 0.2", 2,
     "RandomColorDegeneration cannot take its input: needs images with 3 channels, got 1 in "
     "(None, 8, 8, 1)"),
    ("input (4, 8, 8)\nrandom_color_degeneration 0.2 data_format=channels_first", 2,
     "RandomColorDegeneration cannot take its input: needs images with 3 channels, got 4 in "
     "(None, 4, 8, 8)"),
    ("input 2x8x8x3\nrandom_color_degeneration 0.2", 2,
     "RandomColorDegeneration cannot take its input: expects images of rank 4 (batch, height, "
     "width, channels), or rank 3 for one unbatched image; got (None, 2, 8, 8, 3)"),
    ("input 8\nrandom_height 0.2", 2,
     "RandomHeight cannot take its input: expects images of rank 4 (batch, height, width, "
     "channels), or rank 3 for one unbatched image; got (None, 8)"),
    ("input 7\nrepeat_vector 2\nnormalization axis=0", 3,
     "Normalization cannot take its input: axis 0 is kept, so it needs a known size, but the "
     "input is (None, 2, 7)"),
    ("input 4x3\nnormalization axis=3", 2,
     "Normalization cannot take its input: axis 3 is outside the input (None, 4, 3) (rank 3)"),
    ("input (4, none)\nnormalization", 2,
     "Normalization cannot take its input: axis 2 is kept, so it needs a known size, but the "
     "input is (None, 4, None)"),
    ("input 4x3\nnormalization mean=[1.0, 2.0, 3.0, 4.0] variance=[1.0, 1.0, 1.0, 1.0]", 2,
     "Normalization cannot take its input: mean= and variance= of shape (4,) do not match the "
     "kept axes (2,) of the input (None, 4, 3)"),
    ("input 3\nnormalization mean=1.0", 2,
     "Normalization cannot take its input: needs both mean= and variance=, or neither (then "
     "adapt() sets them)"),
    ("input 3\ncategory_encoding", 2,
     "CategoryEncoding cannot take its input: needs num_tokens (or use IntegerLookup when the "
     "number is not known)"),
    ("input 3\ndiscretization", 2,
     "Discretization cannot take its input: needs bin_boundaries= or num_bins= (then adapt() "
     "finds the boundaries)"),
    ("input 3 dtype=string\nhashing 4 dtype=float32", 2,
     "Hashing cannot take its input: with output_mode int its dtype must be int32 or int64, not "
     "float32"),
    ('input 3 dtype=string\nstring_lookup vocabulary=["a", "b", "a"]', 2,
     "StringLookup cannot take its input: vocabulary= repeats 'a'"),
    ("input 3 dtype=int64\ninteger_lookup vocabulary=[1, 2, 3] max_tokens=3", 2,
     "IntegerLookup cannot take its input: the vocabulary has 4 entries with its special "
     "tokens, more than max_tokens=3"),
    ("input 3 dtype=int64\ninteger_lookup output_mode=one_hot invert=true", 2,
     "IntegerLookup cannot take its input: invert=true needs output_mode int"),
    ('input 3 dtype=string\nstring_lookup vocabulary=["a"] output_mode=tf_idf', 2,
     "StringLookup cannot take its input: output_mode tf_idf with vocabulary= needs "
     "idf_weights= too"),
    ("input 1 dtype=string\ntext_vectorization output_mode=count output_sequence_length=4", 2,
     "TextVectorization cannot take its input: output_sequence_length= is only for output_mode "
     "int"),
    ("input 1000\nmel_spectrogram fft_length=256 sequence_length=512", 2,
     "MelSpectrogram cannot take its input: fft_length (256) must be at least sequence_length "
     "(512)"),
    ("input 512\nstft_spectrogram", 2,
     "STFTSpectrogram cannot take its input: expects an input of rank 3 (batch, samples, "
     "channels), got (None, 512)"),
    ("input 100x1\nstft_spectrogram", 2,
     "STFTSpectrogram cannot take its input: frame_length 256 is longer than the 100 samples of "
     "the input (None, 100, 1) (padding valid)"),
    ("input (512, none)\nstft_spectrogram", 2,
     "STFTSpectrogram cannot take its input: needs a known number of channels, got "
     "(None, 512, None)"),
    ("input 512x1\nstft_spectrogram frame_length=64 frame_step=128", 2,
     "STFTSpectrogram cannot take its input: frame_step must be between 1 and frame_length "
     "(64), not 128"),
    ("input (8, none, 3)\npipeline [(random_crop 4 4)]", 2,
     "Pipeline cannot take its input: its layer 1 (RandomCrop) needs a known height and width "
     "inside a Pipeline (Keras traces its call while building, and fails on unknown ones); got "
     "(None, 8, None, 3)"),
    ("input (8, 8, none)\npipeline [(random_grayscale)]", 2,
     "Pipeline cannot take its input: its layer 1 (RandomGrayscale) needs a known number of "
     "channels inside a Pipeline (Keras traces its call while building, and fails on an unknown "
     "one); got (None, 8, 8, None)"),
    ("input 8x8x4\npipeline [(random_flip), (random_grayscale)]", 2,
     "Pipeline cannot take its input: its layer 2 (RandomGrayscale) needs 1 or 3 channels "
     "inside a Pipeline (Keras traces its call while building, and fails on 4); got "
     "(None, 8, 8, 4)"),
    ("input (1, 8, 8)\npipeline [(random_hue 0.1 data_format=channels_first)]", 2,
     "Pipeline cannot take its input: its layer 1 (RandomHue) needs 3 channels inside a "
     "Pipeline (Keras traces its call while building, and fails on 1); got (None, 1, 8, 8)"),
    ("input 3 dtype=string\npipeline [(string_lookup output_mode=multi_hot)]", 2,
     "Pipeline cannot take its input: its layer 1 (StringLookup) with output_mode 'multi_hot' "
     "needs vocabulary= (or pad_to_max_tokens=true) inside a Pipeline: Keras calls it while "
     "building, before adapt() could set a vocabulary"),
    ("input (4, none) dtype=int32\npipeline [(category_encoding 3 output_mode=one_hot)]", 2,
     "Pipeline cannot take its input: its layer 1 (CategoryEncoding) with output_mode 'one_hot' "
     "needs a known last dimension inside a Pipeline (Keras traces its call while building, and "
     "fails on an unknown one); got (None, 4, None)"),
    ("input 4x2\npipeline [(discretization num_bins=3)]", 2,
     "Pipeline cannot take its input: its layer 1 (Discretization) needs bin_boundaries= inside "
     "a Pipeline: Keras calls it while building, before adapt() could find them"),
    ("input 3 dtype=string\npipeline [(text_vectorization vocabulary=[\"a\"] output_mode=count)]",
     2, "Pipeline cannot take its input: its layer 1 (TextVectorization) with output_mode 'count' "
     "on texts shaped other than (batch, 1) inside a Pipeline (Keras traces its call while "
     "building, and seqgen cannot follow the shapes it gets); got (None, 3)"),
    ("input 8x8x3\npipeline [(center_crop 4 4), (flatten), (random_flip)]", 2,
     "Pipeline cannot take its input: its layer 3 (RandomFlip) expects images of rank 4 (batch, "
     "height, width, channels), or rank 3 for one unbatched image; got (None, 48)"),
]

# Keras builds these, but every call fails: an image layer needs rank 3 or 4.
CALL_ERRORS = [
    ("input 8\nrandom_flip", 2,
     "RandomFlip cannot take its input: expects images of rank 4 (batch, height, width, "
     "channels), or rank 3 for one unbatched image; got (None, 8)"),
    ("input 2x8x8x3\nrandom_rotation 0.1", 2,
     "RandomRotation cannot take its input: expects images of rank 4 (batch, height, width, "
     "channels), or rank 3 for one unbatched image; got (None, 2, 8, 8, 3)"),
    ("input 2x8x8x3\nrandom_crop 4 4", 2,
     "RandomCrop cannot take its input: expects images of rank 4 (batch, height, width, "
     "channels), or rank 3 for one unbatched image; got (None, 2, 8, 8, 3)"),
    ("input 2x8x8x3\nresizing 4 4 data_format=channels_first", 2,
     "Resizing cannot take its input: expects images of rank 4 (batch, channels, height, width), "
     "or rank 3 for one unbatched image; got (None, 2, 8, 8, 3)"),
    ("input 8\nresizing 4 4", 2,
     "Resizing cannot take its input: expects images of rank 4 (batch, height, width, "
     "channels), or rank 3 for one unbatched image; got (None, 8)"),
]
# fmt: on


@pytest.mark.keras
@pytest.mark.filterwarnings("ignore:Layer 'pipeline' looks like it has unbuilt state")
@pytest.mark.parametrize(("source", "line", "message"), ERRORS)
def test_error(keras, source: str, line: int, message: str) -> None:
    with pytest.raises(seqgen.SeqgenError) as caught:
        seqgen.summarize(source)
    assert caught.value.message == message
    assert (caught.value.line, caught.value.column) == (line, 1)
    assert_keras_fails(keras, source)


@pytest.mark.keras
@pytest.mark.parametrize(("source", "line", "message"), CALL_ERRORS)
def test_error_keras_finds_only_when_called(keras, source: str, line: int, message: str) -> None:
    with pytest.raises(seqgen.SeqgenError) as caught:
        seqgen.summarize(source)
    assert caught.value.message == message
    assert (caught.value.line, caught.value.column) == (line, 1)
    assert_keras_fails(keras, source, when_called=True)


def test_error_position_on_a_shared_line() -> None:
    source = "input 8x8x3; flatten; random_zoom 0.1"
    with pytest.raises(seqgen.SeqgenError) as caught:
        seqgen.summarize(source)
    assert (caught.value.line, caught.value.column) == (1, source.index("random_zoom") + 1)


def notes(source: str) -> list[str]:
    return [n.message for n in seqgen.summarize(source).notes]


def test_lookup_without_vocabulary_has_an_unknown_size_and_a_note() -> None:
    source = "input 3 dtype=string; string_lookup output_mode=multi_hot"
    assert seqgen.summarize(source).output_shape == (None, None)
    assert notes(source) == [
        "StringLookup: without vocabulary= the size of the output axis of output_mode "
        "'multi_hot' is the vocabulary size adapt() finds; pass vocabulary= or "
        "pad_to_max_tokens=true with max_tokens= to fix it"
    ]


def test_vocabulary_file_has_an_unknown_size_and_a_note() -> None:
    source = 'input 3 dtype=int64; integer_lookup vocabulary="vocab.txt" output_mode=one_hot'
    assert seqgen.summarize(source).output_shape == (None, 3, None)
    assert notes(source) == [
        "IntegerLookup: the vocabulary comes from the file 'vocab.txt', so the size of the "
        "output axis of output_mode 'one_hot' is only known when the file is read"
    ]


def test_known_sizes_have_no_note() -> None:
    assert notes('input 3 dtype=string; string_lookup vocabulary=["a"] output_mode=count') == []
    assert notes("input 3 dtype=string; string_lookup") == []  # "int" keeps the shape
    assert notes("input 3 dtype=int64; integer_lookup max_tokens=5 pad_to_max_tokens=true "
                 "output_mode=count") == []  # fmt: skip


def test_text_vectorization_notes() -> None:
    assert notes("input 1 dtype=string; text_vectorization") == [
        "TextVectorization: without output_sequence_length= the output's length is the number "
        "of tokens in each batch's longest text"
    ]
    source = "input 1 dtype=string; text_vectorization output_mode=one_hot"
    assert seqgen.summarize(source).output_shape == (None, 1, None, None)
    assert len(notes(source)) == 1


def test_random_height_and_width_are_unknown_with_notes() -> None:
    summary = seqgen.summarize("input 12x10x3; random_height 0.2; random_width 0.2")
    assert [r.shape for r in summary.rows] == [(None, None, 10, 3), (None, None, None, 3)]
    assert [n.message for n in summary.notes] == [
        "RandomHeight: the output height is drawn at random for each batch in training, so it "
        "is unknown (None)",
        "RandomWidth: the output width is drawn at random for each batch in training, so it is "
        "unknown (None)",
    ]


def test_an_unbatched_image_is_a_note() -> None:
    summary = seqgen.summarize("input 10x3; center_crop 4 4")
    assert summary.output_shape == (4, 4, 3)
    assert notes("input 10x3; center_crop 4 4") == [
        "CenterCrop: Keras takes the rank-3 input (None, 10, 3) as one unbatched image "
        "(height, width, channels): its batch axis becomes the image's height"
    ]
    assert notes("input 12x10x3; center_crop 4 4") == []
