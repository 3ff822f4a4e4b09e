"""Build ``seqgen/data/catalog.json`` by introspecting the installed Keras.

Run ``python -m seqgen.catalog_build`` to (re)write the catalogue and
``python -m seqgen.catalog_build --check`` to verify that the committed file is
up to date.  The catalogue is the single source of truth for everything seqgen
knows about Keras layers, so this is the only module that imports Keras; it
does so inside functions, never at import time.

The hand-written tables below hold what cannot be introspected: the example of
each layer, the kind of each parameter, the finite sets of accepted strings and
the layers that are left out (each with a reason).
"""

from __future__ import annotations

import argparse
import inspect
import json
import re
import sys
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence

CATALOG_PATH = Path(__file__).resolve().parent / "data" / "catalog.json"
FORMAT = 1

#: Number of keras.layers classes usable as a layer of a Sequential model
#: (measured in /work/shared/keras-facts.md for Keras 3.15.1).
SEQUENTIAL_LAYER_COUNT = 119

# --------------------------------------------------------------------------
# Examples
# --------------------------------------------------------------------------


class Nested:
    """A layer written inside another layer's arguments, e.g. ``(lstm 4)``."""

    def __init__(self, cls: str, *args: Any, **kwargs: Any) -> None:
        self.cls = cls
        self.args = args
        self.kwargs = kwargs


class _Function:
    """Placeholder for a Python callable (only Lambda needs one)."""


FUNCTION = _Function()


@dataclass(frozen=True)
class Example:
    """Arguments that build a layer, and an input (without batch) it runs on."""

    args: tuple = ()
    kwargs: dict = field(default_factory=dict)
    shape: tuple = (3,)
    dtype: str = "float32"


def ex(*args: Any, shape: tuple = (3,), dtype: str = "float32", **kwargs: Any) -> Example:
    """Shorthand constructor for :class:`Example`."""
    return Example(args, kwargs, shape, dtype)


IMG = (8, 8, 3)  # a small image
SEQ = (5, 3)  # a short sequence of vectors
VOL = (6, 6, 6, 2)  # a small volume

#: One example per layer class usable in a Sequential model (keras.layers and
#: the tf.keras-only legacy layers).  Every entry was checked to build and run
#: in ``keras.Sequential([keras.Input(shape, dtype=dtype), layer])`` under each
#: of its modes, except Equalization, which needs a layer after it (see NOTES).
LAYER_EXAMPLES: dict[str, Example] = {
    # core
    "Dense": ex(4),
    "EinsumDense": ex("ab,bc->ac", 4),
    "Embedding": ex(10, 4, shape=(5,), dtype="int32"),
    "Identity": ex(),
    "Lambda": ex(FUNCTION),
    "Masking": ex(shape=SEQ),
    "ReversibleEmbedding": ex(10, 4, shape=(5,), dtype="int32"),
    # activations
    "Activation": ex("relu"),
    "ELU": ex(),
    "LeakyReLU": ex(),
    "PReLU": ex(),
    "ReLU": ex(),
    "Softmax": ex(),
    "ThresholdedReLU": ex(),
    # convolution
    "Conv1D": ex(4, 3, shape=(8, 3)),
    "Conv1DTranspose": ex(4, 3, shape=(8, 3)),
    "Conv2D": ex(4, 3, shape=IMG),
    "Conv2DTranspose": ex(4, 3, shape=IMG),
    "Conv3D": ex(4, 3, shape=VOL),
    "Conv3DTranspose": ex(4, 3, shape=VOL),
    "DepthwiseConv1D": ex(3, shape=(8, 3)),
    "DepthwiseConv2D": ex(3, shape=IMG),
    "SeparableConv1D": ex(4, 3, shape=(8, 3)),
    "SeparableConv2D": ex(4, 3, shape=IMG),
    # pooling
    "AdaptiveAveragePooling1D": ex(4, shape=(8, 3)),
    "AdaptiveAveragePooling2D": ex(4, shape=IMG),
    "AdaptiveAveragePooling3D": ex(3, shape=VOL),
    "AdaptiveMaxPooling1D": ex(4, shape=(8, 3)),
    "AdaptiveMaxPooling2D": ex(4, shape=IMG),
    "AdaptiveMaxPooling3D": ex(3, shape=VOL),
    "AveragePooling1D": ex(2, shape=(8, 3)),
    "AveragePooling2D": ex(2, shape=IMG),
    "AveragePooling3D": ex(2, shape=VOL),
    "GlobalAveragePooling1D": ex(shape=(8, 3)),
    "GlobalAveragePooling2D": ex(shape=IMG),
    "GlobalAveragePooling3D": ex(shape=VOL),
    "GlobalMaxPooling1D": ex(shape=(8, 3)),
    "GlobalMaxPooling2D": ex(shape=IMG),
    "GlobalMaxPooling3D": ex(shape=VOL),
    "MaxPooling1D": ex(shape=(8, 3)),
    "MaxPooling2D": ex(shape=IMG),
    "MaxPooling3D": ex(shape=VOL),
    # recurrent
    "Bidirectional": ex(Nested("LSTM", 4), shape=SEQ),
    "ConvLSTM1D": ex(4, 3, shape=(3, 8, 2)),
    "ConvLSTM2D": ex(4, 3, shape=(3, 6, 6, 2)),
    "ConvLSTM3D": ex(2, 3, shape=(3, 5, 5, 5, 2)),
    "GRU": ex(4, shape=SEQ),
    "LSTM": ex(4, shape=SEQ),
    "RNN": ex(Nested("LSTMCell", 4), shape=SEQ),
    "SimpleRNN": ex(4, shape=SEQ),
    "TimeDistributed": ex(Nested("Dense", 4), shape=SEQ),
    # normalization
    "BatchNormalization": ex(),
    "GroupNormalization": ex(2, shape=(4,)),
    "LayerNormalization": ex(),
    "RMSNormalization": ex(),
    "SpectralNormalization": ex(Nested("Dense", 4)),
    "UnitNormalization": ex(),
    # regularization
    "ActivityRegularization": ex(),
    "AlphaDropout": ex(0.5),
    "Dropout": ex(0.5),
    "GaussianDropout": ex(0.5),
    "GaussianNoise": ex(0.1),
    "SpatialDropout1D": ex(0.5, shape=(8, 3)),
    "SpatialDropout2D": ex(0.5, shape=IMG),
    "SpatialDropout3D": ex(0.5, shape=VOL),
    # reshaping
    "Cropping1D": ex(shape=(8, 3)),
    "Cropping2D": ex(1, shape=IMG),
    "Cropping3D": ex(shape=VOL),
    "Flatten": ex(shape=(4, 3)),
    "Permute": ex((2, 1), shape=(4, 3)),
    "RepeatVector": ex(3),
    "Reshape": ex((4, 2), shape=(8,)),
    "UpSampling1D": ex(shape=(4, 3)),
    "UpSampling2D": ex(shape=(4, 4, 3)),
    "UpSampling3D": ex(shape=(3, 3, 3, 2)),
    "ZeroPadding1D": ex(shape=(4, 3)),
    "ZeroPadding2D": ex(shape=(4, 4, 3)),
    "ZeroPadding3D": ex(shape=(3, 3, 3, 2)),
    # preprocessing
    "CategoryEncoding": ex(4, dtype="int32"),
    "Discretization": ex(bin_boundaries=[0.0, 1.0]),
    "Hashing": ex(4, shape=(1,), dtype="string"),
    "IntegerLookup": ex(vocabulary=[1, 2, 3], dtype="int64"),
    "MelSpectrogram": ex(shape=(4096,)),
    "Normalization": ex(mean=0.0, variance=1.0),
    "Pipeline": ex([Nested("Rescaling", 0.5), Nested("CenterCrop", 4, 4)], shape=IMG),
    "Rescaling": ex(0.5),
    "STFTSpectrogram": ex(shape=(512, 1)),
    "StringLookup": ex(vocabulary=["a", "b"], dtype="string"),
    "TextVectorization": ex(vocabulary=["a", "b"], shape=(1,), dtype="string"),
    # image preprocessing
    "AugMix": ex(shape=IMG),
    "AutoContrast": ex(shape=IMG),
    "CenterCrop": ex(4, 4, shape=IMG),
    "ContrastLimitedAdaptiveHistogramEqualization": ex(shape=IMG),
    "CutMix": ex(shape=IMG),
    "Equalization": ex(shape=IMG),
    "MaxNumBoundingBoxes": ex(4, shape=IMG),
    "MixUp": ex(shape=IMG),
    "RandAugment": ex(shape=IMG),
    "RandomBrightness": ex(0.2, shape=IMG),
    "RandomColorDegeneration": ex(0.2, shape=IMG),
    "RandomColorJitter": ex(shape=IMG),
    "RandomContrast": ex(0.2, shape=IMG),
    "RandomCrop": ex(4, 4, shape=IMG),
    "RandomElasticTransform": ex(shape=IMG),
    "RandomErasing": ex(shape=IMG),
    "RandomFlip": ex(shape=IMG),
    "RandomGaussianBlur": ex(shape=IMG),
    "RandomGrayscale": ex(shape=IMG),
    "RandomHeight": ex(0.2, shape=IMG),
    "RandomHue": ex(0.2, shape=IMG),
    "RandomInvert": ex(shape=IMG),
    "RandomPerspective": ex(shape=IMG),
    "RandomPosterization": ex(4, shape=IMG),
    "RandomRotation": ex(0.1, shape=IMG),
    "RandomSaturation": ex(0.2, shape=IMG),
    "RandomSharpness": ex(0.2, shape=IMG),
    "RandomShear": ex(0.1, shape=IMG),
    "RandomTranslation": ex(0.1, 0.1, shape=IMG),
    "RandomWidth": ex(0.2, shape=IMG),
    "RandomZoom": ex(0.1, shape=IMG),
    "Resizing": ex(4, 4, shape=IMG),
    "Solarization": ex(shape=IMG),
}

#: RNN cells: not layers of the stack, valid only as ``RNN(cell=...)``.  The
#: example input is the input of ``keras.layers.RNN(cell)``.
CELL_EXAMPLES: dict[str, Example] = {
    "GRUCell": ex(4, shape=SEQ),
    "LSTMCell": ex(4, shape=SEQ),
    "SimpleRNNCell": ex(4, shape=SEQ),
    "StackedRNNCells": ex([Nested("LSTMCell", 4), Nested("LSTMCell", 4)], shape=SEQ),
}

#: Layers only in ``tensorflow.keras.layers`` (legacy classes), with their family.
TF_ONLY_LAYERS: dict[str, str] = {
    "RandomHeight": "image_preprocessing",
    "RandomWidth": "image_preprocessing",
    "ThresholdedReLU": "activations",
}

#: keras.layers classes that are not in the catalogue, with the reason.
EXCLUDED_LAYERS: dict[str, str] = {
    "Add": "merge layer: takes a list of tensors, needs the functional API",
    "Average": "merge layer: takes a list of tensors, needs the functional API",
    "Concatenate": "merge layer: takes a list of tensors, needs the functional API",
    "Dot": "merge layer: takes a list of tensors, needs the functional API",
    "Maximum": "merge layer: takes a list of tensors, needs the functional API",
    "Minimum": "merge layer: takes a list of tensors, needs the functional API",
    "Multiply": "merge layer: takes a list of tensors, needs the functional API",
    "Subtract": "merge layer: takes a list of tensors, needs the functional API",
    "AdditiveAttention": "attention layer: needs query and value inputs (functional API)",
    "Attention": "attention layer: needs query and value inputs (functional API)",
    "GroupQueryAttention": "attention layer: needs query and value inputs (functional API)",
    "MultiHeadAttention": "attention layer: needs query and value inputs (functional API)",
    "HashedCrossing": "takes a tuple of feature tensors, needs the functional API",
    "Layer": "abstract base class of all layers",
    "Wrapper": "abstract base class of layer wrappers",
    "InputSpec": "not a layer: describes the input a layer expects",
    "InputLayer": "created by keras.Input; seqgen writes the input with keras.Input",
    "TFSMLayer": "loads a TensorFlow SavedModel from a file path at construction",
    "JaxLayer": "backend wrapper: wraps JAX functions, needs Python code",
    "FlaxLayer": "backend wrapper: wraps a Flax module, needs Python code",
    "TorchModuleWrapper": "backend wrapper: wraps a torch.nn.Module, needs Python code",
    "GRUCell": "RNN cell: listed under 'cells', valid only as RNN(cell=...)",
    "LSTMCell": "RNN cell: listed under 'cells', valid only as RNN(cell=...)",
    "SimpleRNNCell": "RNN cell: listed under 'cells', valid only as RNN(cell=...)",
    "StackedRNNCells": "RNN cell: listed under 'cells', valid only as RNN(cell=...)",
}

NOT_EXPRESSIBLE: dict[str, str] = {
    "Lambda": "needs a Python function (function=), which .seq cannot express",
}

REQUIRES: dict[str, list[str]] = {"STFTSpectrogram": ["scipy"]}

#: Layers Keras cannot build as the last layer of a Sequential model (see NOTES).
NOT_LAST = frozenset({"Equalization"})

NOTES: dict[str, str] = {
    "Equalization": "fails as the last layer of a Sequential model in Keras 3.15.1 "
    "('part of a cycle'); works when another layer follows it",
    "IntegerLookup": "needs vocabulary= (or adapt()) before it can be called",
    "StringLookup": "needs vocabulary= (or adapt()) before it can be called",
    "TextVectorization": "needs vocabulary= (or adapt()) before it can be called",
    "Normalization": "needs mean= and variance= (or adapt()) before it can be called",
    "Hashing": "with output_mode='int' (the default) dtype= must be an integer dtype",
    "GroupNormalization": "the channel count must be divisible by groups (default 32)",
    "STFTSpectrogram": "needs scipy",
    "AlphaDropout": "tensorflow.keras.layers.AlphaDropout is a different (legacy) class",
    "Pipeline": "layers= is a list of layers: pipeline [(rescaling 0.5), (center_crop 4 4)]",
    "RNN": "cell= is an RNN cell (see 'cells') or a list of cells",
}

# --------------------------------------------------------------------------
# Parameter kinds
# --------------------------------------------------------------------------

_INT = {
    "units",
    "filters",
    "n",
    "input_dim",
    "output_dim",
    "depth_multiplier",
    "groups",
    "num_bins",
    "power_iterations",
    "num_tokens",
    "max_tokens",
    "num_oov_indices",
    "output_sequence_length",
    "num_chains",
    "chain_depth",
    "num_ops",
    "bins",
    "max_number",
    "fft_length",
    "sequence_stride",
    "sequence_length",
    "num_mel_bins",
    "frame_length",
    "frame_step",
    "height",
    "width",
    "lora_rank",
}
_FLOAT = {
    "rate",
    "dropout",
    "recurrent_dropout",
    "momentum",
    "renorm_momentum",
    "epsilon",
    "stddev",
    "alpha",
    "negative_slope",
    "max_value",
    "threshold",
    "theta",
    "l1",
    "l2",
    "clip_limit",
    "min_freq",
    "max_freq",
    "top_db",
    "mag_exp",
    "min_power",
    "ref_power",
    "sampling_rate",
    "lora_alpha",
    "logit_soft_cap",
    "mask_value",
}
_INT_OR_TUPLE = {
    "kernel_size",
    "strides",
    "pool_size",
    "dilation_rate",
    "size",
    "cropping",
    "output_padding",
    "output_size",
}
_STR = {"name", "equation", "bias_axes", "encoding"}

#: Layer parameter kinds by parameter name (suffix rules and bool defaults
#: are applied after this table; anything else is "any").
LAYER_NAME_KINDS: dict[str, str] = {
    **{n: "int" for n in _INT},
    **{n: "float" for n in _FLOAT},
    **{n: "int_or_tuple" for n in _INT_OR_TUPLE},
    **{n: "str" for n in _STR},
    "seed": "seed",
    "dtype": "dtype",
    "reverse_dtype": "dtype",
    "vocabulary_dtype": "dtype",
    "activation": "activation",
    "recurrent_activation": "activation",
    "padding": "padding",
    "target_shape": "shape",
    "dims": "shape",
    "layer": "layer",
    "backward_layer": "layer",
    "cell": "cell",
    "layers": "layer_list",
    "data_format": "str",
    "interpolation": "str",
    "fill_mode": "str",
    "output_mode": "str",
    "merge_mode": "str",
    "mode": "str",
    "oov_method": "str",
}

#: Per-class overrides of the name table.
LAYER_CLASS_KINDS: dict[tuple[str, str], str] = {
    # ZeroPadding's "padding" is an amount, not a padding mode.
    ("ZeroPadding1D", "padding"): "int_or_tuple",
    ("ZeroPadding2D", "padding"): "int_or_tuple",
    ("ZeroPadding3D", "padding"): "int_or_tuple",
    # STFTSpectrogram's padding is its own "valid"/"same" switch.
    ("STFTSpectrogram", "padding"): "str",
    # Hashing's mask_value may be a string or an int.
    ("Hashing", "mask_value"): "any",
    # EinsumDense output_shape: int or tuple that may contain None.
    ("EinsumDense", "output_shape"): "any",
    # Accepts a number or a (low, high) range.
    ("RandomGaussianBlur", "kernel_size"): "int_or_tuple",
    # RandomErasing's fill value may be one number per channel.
    ("RandomErasing", "fill_value"): "any",
    # StackedRNNCells takes a list of cells.
    ("StackedRNNCells", "cells"): "cell",
}

_DATA_FORMATS = ["channels_first", "channels_last"]
_AFFINE_INTERPOLATIONS = ["bilinear", "nearest"]
_AFFINE_FILL_MODES = ["constant", "nearest", "reflect", "wrap"]
_RESIZE_INTERPOLATIONS = ["area", "bicubic", "bilinear", "lanczos3", "lanczos5", "nearest"]
_TF_IMAGE_RESIZE_METHODS = [
    "area",
    "bicubic",
    "bilinear",
    "gaussian",
    "lanczos3",
    "lanczos5",
    "mitchellcubic",
    "nearest",
]
_LOOKUP_OUTPUT_MODES = ["binary", "count", "int", "multi_hot", "one_hot", "tf-idf", "tf_idf"]

#: Finite sets of accepted strings by parameter name (data_format everywhere).
LAYER_NAME_CHOICES: dict[str, list[str]] = {
    "data_format": _DATA_FORMATS,
}

#: Finite sets of accepted strings by (class, parameter); checked in the
#: Keras 3.15.1 source and by building each value once (TensorFlow backend).
LAYER_CLASS_CHOICES: dict[tuple[str, str], list[str]] = {
    ("Bidirectional", "merge_mode"): ["ave", "concat", "mul", "sum"],
    ("CategoryEncoding", "output_mode"): ["binary", "count", "multi_hot", "one_hot"],
    ("Discretization", "output_mode"): ["count", "int", "multi_hot", "one_hot"],
    ("Hashing", "output_mode"): ["count", "int", "multi_hot", "one_hot"],
    ("IntegerLookup", "output_mode"): _LOOKUP_OUTPUT_MODES,
    ("StringLookup", "output_mode"): _LOOKUP_OUTPUT_MODES,
    ("TextVectorization", "output_mode"): _LOOKUP_OUTPUT_MODES,
    ("IntegerLookup", "oov_method"): ["farmhash", "floormod"],
    ("StringLookup", "oov_method"): ["farmhash", "floormod"],
    ("IntegerLookup", "vocabulary_dtype"): ["int64"],
    ("TextVectorization", "standardize"): [
        "lower",
        "lower_and_strip_punctuation",
        "strip_punctuation",
    ],
    ("TextVectorization", "split"): ["character", "whitespace"],
    ("RandomFlip", "mode"): ["horizontal", "horizontal_and_vertical", "vertical"],
    ("STFTSpectrogram", "mode"): ["angle", "imag", "log", "magnitude", "psd", "real", "stft"],
    ("STFTSpectrogram", "padding"): ["same", "valid"],
    ("STFTSpectrogram", "scaling"): ["density", "spectrum"],
    ("MelSpectrogram", "window"): ["hamming", "hann"],
    ("UpSampling2D", "interpolation"): _RESIZE_INTERPOLATIONS,
    ("Resizing", "interpolation"): _RESIZE_INTERPOLATIONS,
    ("Resizing", "fill_mode"): ["constant"],
    ("RandomHeight", "interpolation"): _TF_IMAGE_RESIZE_METHODS,
    ("RandomWidth", "interpolation"): _TF_IMAGE_RESIZE_METHODS,
    **{
        (cls, "interpolation"): _AFFINE_INTERPOLATIONS
        for cls in (
            "AugMix",
            "RandAugment",
            "RandomElasticTransform",
            "RandomPerspective",
            "RandomRotation",
            "RandomShear",
            "RandomTranslation",
            "RandomZoom",
        )
    },
    **{
        (cls, "fill_mode"): _AFFINE_FILL_MODES
        for cls in (
            "RandomElasticTransform",
            "RandomRotation",
            "RandomShear",
            "RandomTranslation",
            "RandomZoom",
        )
    },
}

#: Layer parameters that are padding modes accept "valid" and "same"; only
#: Conv1D (base_conv with rank 1, allow_causal) also accepts "causal".
CAUSAL_PADDING_LAYERS = frozenset({"Conv1D"})

#: Pooling layers pass padding through unchanged (case-sensitive); all other
#: padding modes go through standardize_padding, which lower-cases them.
CASE_SENSITIVE_PADDING_LAYERS = frozenset(
    {
        "AveragePooling1D",
        "AveragePooling2D",
        "AveragePooling3D",
        "MaxPooling1D",
        "MaxPooling2D",
        "MaxPooling3D",
        "STFTSpectrogram",
    }
)

#: Keras lower-cases these strings before checking them ("case_insensitive").
CASE_INSENSITIVE_PARAMS = frozenset(
    {("UpSampling2D", "interpolation"), ("VarianceScaling", "distribution")}
)

#: Parameters whose default is not None but which also accept None.
ALSO_NULLABLE = frozenset(
    {
        ("Bidirectional", "merge_mode"),
        ("STFTSpectrogram", "scaling"),
        ("STFTSpectrogram", "window"),
        ("MelSpectrogram", "window"),
        ("TextVectorization", "standardize"),
        ("TextVectorization", "split"),
        ("STFT", "scaling"),
        ("STFT", "window"),
    }
)

#: Parameter kinds of the objects' classes (initializers, optimizers, ...).
OBJECT_NAME_KINDS: dict[str, str] = {
    "seed": "seed",
    "name": "str",
    "dtype": "dtype",
    "gain": "float",
    "mean": "float",
    "stddev": "float",
    "minval": "float",
    "maxval": "float",
    "scale": "float",
    "l1": "float",
    "l2": "float",
    "factor": "float",
    "max_value": "float",
    "min_value": "float",
    "rate": "float",
    "epsilon": "float",
    "rho": "float",
    "momentum": "float",
    "weight_decay": "float",
    "clipnorm": "float",
    "clipvalue": "float",
    "global_clipnorm": "float",
    "ema_momentum": "float",
    "loss_scale_factor": "float",
    "ema_overwrite_frequency": "int",
    "gradient_accumulation_steps": "int",
    "label_smoothing": "float",
    "gamma": "float",
    "delta": "float",
    "q": "float",
    "margin": "float",
    "ignore_class": "int",
    "num_thresholds": "int",
    "num_labels": "int",
    "k": "int",
    "num_classes": "int",
    "top_k": "int",
    "class_id": "int",
    "num_regressors": "int",
    "recall": "float",
    "precision": "float",
    "specificity": "float",
    "sensitivity": "float",
    "mode": "str",
    "distribution": "str",
    "side": "str",
    "reduction": "any",
    "curve": "str",
    "summation_method": "str",
    "average": "any",
    "class_aggregation": "any",
    "scaling": "any",
}

OBJECT_CLASS_KINDS: dict[tuple[str, str], str] = {
    # BinaryFocalCrossentropy/Tversky alpha is a float; CategoricalFocal takes a list too.
    ("BinaryFocalCrossentropy", "alpha"): "float",
    ("Tversky", "alpha"): "float",
    ("Tversky", "beta"): "float",
    ("FBetaScore", "beta"): "float",
    ("F1Score", "threshold"): "float",
    ("FBetaScore", "threshold"): "float",
    ("BinaryAccuracy", "threshold"): "float",
    ("BinaryIoU", "threshold"): "float",
}

OBJECT_CHOICES: dict[tuple[str, str], list[str]] = {
    ("VarianceScaling", "mode"): ["fan_avg", "fan_in", "fan_out"],
    ("VarianceScaling", "distribution"): [
        "normal",
        "truncated_normal",
        "uniform",
        "untruncated_normal",
    ],
    ("STFT", "side"): ["imag", "real"],
    ("STFT", "scaling"): ["density", "spectrum"],
    ("OrthogonalRegularizer", "mode"): ["columns", "rows"],
    ("AUC", "curve"): ["PR", "PRGAIN", "ROC", "pr", "prgain", "roc"],
    ("AUC", "summation_method"): [
        "Interpolation",
        "Majoring",
        "Minoring",
        "interpolation",
        "majoring",
        "minoring",
    ],
    ("F1Score", "average"): ["macro", "micro", "weighted"],
    ("FBetaScore", "average"): ["macro", "micro", "weighted"],
    ("R2Score", "class_aggregation"): ["uniform_average", "variance_weighted_average"],
}
_REDUCTIONS = ["mean", "mean_with_sample_weight", "none", "sum", "sum_over_batch_size"]

INPUT_KINDS: dict[str, str] = {
    "shape": "shape",
    "batch_size": "int",
    "dtype": "dtype",
    "sparse": "bool",
    "ragged": "bool",
    "batch_shape": "shape",
    "name": "str",
    "tensor": "any",
    "optional": "bool",
}
COMPILE_KINDS: dict[str, str] = {
    "optimizer": "any",
    "loss": "any",
    "loss_weights": "any",
    "metrics": "any",
    "weighted_metrics": "any",
    "run_eagerly": "bool",
    "steps_per_execution": "int",
    "jit_compile": "any",
    "auto_scale_loss": "bool",
}

#: Keywords accepted by the base Layer that are tried on every layer.
EXTRA_KWARG_TRIALS: dict[str, tuple] = {
    "activity_regularizer": ("l2",),
    "autocast": (False,),
    "dtype": ("float32", "int64"),
    "name": ("x",),
    "trainable": (False,),
}

#: Extra string identifiers to try beyond the ones Keras lists.
EXTRA_ID_CANDIDATES = (
    "acc",
    "ce",
    "crossentropy",
    "l1_l2",
    "logcosh",
    "kullback_leibler_divergence",
    "cosine_proximity",
    "constant",
    "lamb",
    "log_cosh",
    "huber",
    "binary_focal_crossentropy",
    "categorical_focal_crossentropy",
    "categorical_generalized_cross_entropy",
)

#: Identifiers that Keras resolves but that name an abstract base class.
ABSTRACT_BASES = frozenset(
    {"Initializer", "Regularizer", "Constraint", "Metric", "Optimizer", "Loss"}
)

_SEQ_RESERVED = {
    "true",
    "false",
    "none",
    "model",
    "input",
    "compile",
    "sequential",
    "repeat",
    "for",
    "in",
    "as",
}
_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")

# --------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------


def seq_name(cls_name: str) -> str:
    """The snake_case name used in .seq for a class (``ConvLSTM2D`` -> ``conv_lstm2d``)."""
    s = cls_name
    for acronym in ("PReLU", "ReLU", "LSTM", "GRU", "RNN", "STFT", "RMS", "ELU", "1D", "2D", "3D"):
        s = s.replace(acronym, acronym.capitalize())
    return re.sub(r"(?<!^)(?=[A-Z])", "_", s).lower()


def _seq_value(value: Any, top: bool = True) -> str:
    """Render a Python value of an example as .seq source."""
    if isinstance(value, Nested):
        return "(" + _seq_call(value.cls, value.args, value.kwargs) + ")"
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        if top and _IDENT.match(value) and value.lower() not in _SEQ_RESERVED:
            return value
        return json.dumps(value)
    if isinstance(value, tuple):
        items = [_seq_value(v, top=False) for v in value]
        return "(" + items[0] + ",)" if len(items) == 1 else "(" + ", ".join(items) + ")"
    if isinstance(value, list):
        return "[" + ", ".join(_seq_value(v, top=False) for v in value) + "]"
    raise TypeError(f"cannot write {value!r} in .seq")


def _seq_call(cls_name: str, args: Sequence, kwargs: dict) -> str:
    parts = [seq_name(cls_name)]
    parts += [_seq_value(a) for a in args]
    parts += [f"{k}={_seq_value(v)}" for k, v in kwargs.items()]
    return " ".join(parts)


def seq_example(cls_name: str, example: Example) -> str | None:
    """The one-line .seq statement of an example (None when not expressible)."""
    if any(a is FUNCTION for a in example.args):
        return None
    return _seq_call(cls_name, example.args, example.kwargs)


def _identity(x: Any) -> Any:
    return x


def _materialize(value: Any, namespace: Any) -> Any:
    """Turn an example value into Keras objects (nested layers, functions)."""
    if isinstance(value, Nested):
        return construct(
            getattr(namespace, value.cls), Example(value.args, value.kwargs), namespace
        )
    if value is FUNCTION:
        return _identity
    if isinstance(value, list):
        return [_materialize(v, namespace) for v in value]
    return value


def construct(cls: type, example: Example, namespace: Any, **extra: Any) -> Any:
    """Instantiate ``cls`` from an example; ``namespace`` resolves nested layers."""
    args = [_materialize(a, namespace) for a in example.args]
    kwargs = {k: _materialize(v, namespace) for k, v in example.kwargs.items()}
    kwargs.update(extra)
    return cls(*args, **kwargs)


def _is_literal(value: Any) -> bool:
    """True for values whose repr() is a Python literal (None, numbers, str, tuples ...)."""
    if value is None or type(value) in (bool, int, str, bytes):
        return True
    if type(value) is float:
        return value == value and value not in (float("inf"), float("-inf"))
    if type(value) in (tuple, list, set):
        return all(_is_literal(v) for v in value)
    if type(value) is dict:
        return all(_is_literal(k) and _is_literal(v) for k, v in value.items())
    return False


def _default_repr(value: Any) -> str:
    """repr() of a default if it is a Python literal, else ``"<object>"``."""
    return repr(value) if _is_literal(value) else "<object>"


def _signature_params(func: Callable) -> list[inspect.Parameter]:
    """Parameters of ``func`` without self, *args and **kwargs."""
    params = list(inspect.signature(func).parameters.values())
    if params and params[0].name == "self":
        params = params[1:]
    return [p for p in params if p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)]


def _param_entry(
    p: inspect.Parameter, kind: str, choices: Iterable[str] | None, owner: str = ""
) -> dict:
    """One PARAM of the schema (``owner`` is the class name, for the flag tables)."""
    required = p.default is inspect.Parameter.empty
    entry: dict[str, Any] = {"name": p.name, "required": required}
    if not required:
        entry["default"] = _default_repr(p.default)
    entry["kind"] = kind
    entry["keyword_only"] = p.kind is inspect.Parameter.KEYWORD_ONLY
    if choices:
        entry["choices"] = sorted(set(choices))
        if _case_insensitive(owner, p.name, kind):
            entry["case_insensitive"] = True
    if (not required and p.default is None) or (owner, p.name) in ALSO_NULLABLE:
        entry["nullable"] = True
    return entry


def _case_insensitive(owner: str, name: str, kind: str) -> bool:
    if (owner, name) in CASE_INSENSITIVE_PARAMS or name == "data_format":
        return True
    return kind == "padding" and owner not in CASE_SENSITIVE_PADDING_LAYERS


def _suffix_kind(name: str) -> str | None:
    for suffix, kind in (
        ("_initializer", "initializer"),
        ("_regularizer", "regularizer"),
        ("_constraint", "constraint"),
    ):
        if name.endswith(suffix):
            return kind
    return None


def layer_param_kind(cls_name: str, p: inspect.Parameter) -> str:
    """Kind of a layer constructor parameter (see the module tables)."""
    if (cls_name, p.name) in LAYER_CLASS_KINDS:
        return LAYER_CLASS_KINDS[(cls_name, p.name)]
    if p.name in LAYER_NAME_KINDS:
        return LAYER_NAME_KINDS[p.name]
    suffix = _suffix_kind(p.name)
    if suffix:
        return suffix
    if isinstance(p.default, bool):
        return "bool"
    return "any"


def layer_param_choices(cls_name: str, p: inspect.Parameter, kind: str) -> list[str] | None:
    """Finite set of strings accepted by a layer parameter, if known."""
    if (cls_name, p.name) in LAYER_CLASS_CHOICES:
        return LAYER_CLASS_CHOICES[(cls_name, p.name)]
    if kind == "padding":
        return (
            ["causal", "same", "valid"] if cls_name in CAUSAL_PADDING_LAYERS else ["same", "valid"]
        )
    return LAYER_NAME_CHOICES.get(p.name)


def layer_params(cls: type, cls_name: str) -> list[dict]:
    """PARAM entries of a layer constructor."""
    out = []
    for p in _signature_params(cls.__init__):
        kind = layer_param_kind(cls_name, p)
        out.append(_param_entry(p, kind, layer_param_choices(cls_name, p, kind), cls_name))
    return out


def object_params(func: Callable, cls_name: str) -> list[dict]:
    """PARAM entries of an initializer/optimizer/loss/... constructor."""
    out = []
    for p in _signature_params(func):
        if (cls_name, p.name) in OBJECT_CLASS_KINDS:
            kind = OBJECT_CLASS_KINDS[(cls_name, p.name)]
        elif p.name in OBJECT_NAME_KINDS:
            kind = OBJECT_NAME_KINDS[p.name]
        elif isinstance(p.default, bool):
            kind = "bool"
        else:
            kind = "any"
        choices = OBJECT_CHOICES.get((cls_name, p.name))
        entry = _param_entry(p, kind, choices, cls_name)
        if p.name == "reduction":  # losses: standardize_reduction also accepts None
            entry = _param_entry(p, kind, _REDUCTIONS, cls_name)
            entry["nullable"] = True
        out.append(entry)
    return out


def _public_classes(namespace: Any) -> dict[str, tuple[type, list[str]]]:
    """Distinct public classes of a module: canonical name -> (class, aliases)."""
    by_class: dict[type, list[str]] = {}
    for name in sorted(dir(namespace)):
        if name.startswith("_"):
            continue
        obj = getattr(namespace, name)
        if inspect.isclass(obj):
            by_class.setdefault(obj, []).append(name)
    out = {}
    for cls, names in by_class.items():
        canonical = cls.__name__ if cls.__name__ in names else names[0]
        out[canonical] = (cls, sorted(n for n in names if n != canonical))
    return dict(sorted(out.items()))


def _family(cls: type) -> str:
    parts = cls.__module__.split(".")
    if parts[:3] != ["keras", "src", "layers"]:
        raise ValueError(f"cannot derive the family of {cls.__module__}")
    families = {
        "core": "core",
        "activations": "activations",
        "convolutional": "convolution",
        "pooling": "pooling",
        "rnn": "recurrent",
        "normalization": "normalization",
        "regularization": "regularization",
        "reshaping": "reshaping",
    }
    if parts[3] == "preprocessing":
        return "image_preprocessing" if "image_preprocessing" in parts else "preprocessing"
    return families[parts[3]]


def _auto_name(keras: Any, cls: type, example: Example, namespace: Any) -> str:
    """Name Keras gives the first instance after clear_session()."""
    keras.backend.clear_session(free_memory=False)  # resets the name counters; no gc pass
    return construct(cls, example, namespace).name


def _constructs(keras: Any, cls: type, example: Example, namespace: Any) -> dict[str, int]:
    """The automatic names a layer uses up by creating layers of its own (AugMix makes 11):
    later layers of those classes are numbered after them."""
    from keras.src.backend.common import global_state

    keras.backend.clear_session(free_memory=False)
    layer = construct(cls, example, namespace)
    used = dict(global_state.get_global_attribute("object_name_uids", {}) or {})
    used[layer.name] = used.get(layer.name, 0) - 1
    used.pop("seed_generator", None)  # random layers' generators are not layers
    return {prefix: n for prefix, n in sorted(used.items()) if n > 0}


def _extra_kwargs(cls: type, example: Example, namespace: Any, params: list[dict]) -> list[str]:
    """Base-Layer keywords the constructor really accepts (tried one by one)."""
    taken = {p["name"] for p in params}
    accepted = []
    for keyword, values in EXTRA_KWARG_TRIALS.items():
        if keyword in taken:
            continue
        for value in values:
            try:
                construct(cls, example, namespace, **{keyword: value})
            except Exception:  # noqa: BLE001 - any failure means "not accepted"
                continue
            accepted.append(keyword)
            break
    return sorted(accepted)


def _usable(cls: type | None, example: Example, namespace: Any) -> bool:
    if cls is None or not inspect.isclass(cls):
        return False
    try:
        construct(cls, example, namespace)
    except Exception:  # noqa: BLE001
        return False
    return True


def _layer_entry(
    keras: Any, tf_layers: Any, name: str, family: str, aliases: list[str], example: Example
) -> dict:
    k_cls = getattr(keras.layers, name, None)
    t_cls = getattr(tf_layers, name, None)
    modes = [
        m
        for m, c, ns in (("keras", k_cls, keras.layers), ("tensorflow", t_cls, tf_layers))
        if _usable(c, example, ns)
    ]
    if not modes:
        raise RuntimeError(f"{name}: example does not construct under any mode")
    main_cls, main_ns = (k_cls, keras.layers) if "keras" in modes else (t_cls, tf_layers)
    params = layer_params(main_cls, name)
    entry: dict[str, Any] = {
        "class": name,
        "family": family,
        "aliases": aliases,
        "auto_name": _auto_name(keras, main_cls, example, main_ns),
        # Wrappers' example arguments are layers of the example, not of the wrapper itself.
        "constructs": {} if any(p["kind"] in ("layer", "cell", "layer_list") for p in params)
        else _constructs(keras, main_cls, example, main_ns),
        "modes": modes,
        "params": params,
        "extra_kwargs": _extra_kwargs(main_cls, example, main_ns, params),
        "example": seq_example(name, example),
        "example_input": {"shape": list(example.shape), "dtype": example.dtype},
        "requires": REQUIRES.get(name, []),
        "expressible": name not in NOT_EXPRESSIBLE,
    }
    if name in NOT_EXPRESSIBLE:
        entry["reason"] = NOT_EXPRESSIBLE[name]
    if "tensorflow" in modes and t_cls is not main_cls:
        t_params = layer_params(t_cls, name)
        t_extra = _extra_kwargs(t_cls, example, tf_layers, t_params)
        if t_params != params or t_extra != entry["extra_kwargs"]:
            entry["mode_params"] = {"tensorflow": t_params}
            if t_extra != entry["extra_kwargs"]:
                entry["mode_extra_kwargs"] = {"tensorflow": t_extra}
    if name in NOT_LAST:
        entry["not_last"] = True
    if name in NOTES:
        entry["note"] = NOTES[name]
    return entry


# --------------------------------------------------------------------------
# Objects (activations, initializers, ...)
# --------------------------------------------------------------------------


def _id_candidates(public: Any, private: Any) -> list[str]:
    names = set(getattr(private, "ALL_OBJECTS_DICT", {})) | {
        n for n in dir(public) if not n.startswith("_")
    }
    names |= {re.sub(r"(?<!^)(?=[A-Z])", "_", n).lower() for n in list(names)}
    names |= set(EXTRA_ID_CANDIDATES)
    return sorted(n for n in names if n == n.lower())


def _class_name(obj: Any, classes: dict[str, tuple[type, list[str]]]) -> str | None:
    cls = obj if inspect.isclass(obj) else type(obj)
    for name, (c, _) in classes.items():
        if c is cls:
            return name
    return None


def _classes_entry(classes: dict[str, tuple[type, list[str]]]) -> dict:
    out = {}
    for name, (cls, aliases) in classes.items():
        entry: dict[str, Any] = {"params": object_params(cls.__init__, name)}
        if aliases:
            entry["aliases"] = aliases
        out[name] = entry
    return out


def _simple_namespace(keras: Any, ns: str) -> dict:
    """Lower-case identifiers accepted by ``keras.<ns>.get`` -> class, and the classes."""
    import importlib

    public = getattr(keras, ns)
    private = importlib.import_module(f"keras.src.{ns}")
    classes = _public_classes(public)
    identifiers = {}
    for ident in _id_candidates(public, private):
        try:
            obj = public.get(ident)
        except Exception:  # noqa: BLE001 - rejected by Keras
            continue
        cls_name = _class_name(obj, classes) if obj is not None else None
        if cls_name is None or cls_name in ABSTRACT_BASES:
            continue
        identifiers[ident] = cls_name
    return {"identifiers": identifiers, "classes": _classes_entry(classes)}


def _activations(keras: Any) -> dict:
    import keras.src.activations as private

    out = []
    for ident in _id_candidates(keras.activations, private):
        try:
            fn = keras.activations.get(ident)
        except Exception:  # noqa: BLE001 - rejected by Keras
            continue
        if callable(fn):
            out.append(ident)
    return {"identifiers": out}


def _losses(keras: Any) -> dict:
    import keras.src.losses as private
    from keras.src.trainers import compile_utils

    classes = _public_classes(keras.losses)
    by_fn = {}
    for name, (cls, _) in classes.items():
        try:
            fn = getattr(cls(), "fn", None)
        except Exception:  # noqa: BLE001
            continue
        if fn is not None:
            by_fn.setdefault(fn, name)
    y = keras.ops.convert_to_tensor([[0.0, 1.0], [1.0, 0.0]])
    identifiers: dict[str, str | None] = {}
    compile_only = []
    for ident in _id_candidates(keras.losses, private):
        try:
            obj = keras.losses.get(ident)
        except Exception:  # noqa: BLE001
            obj = None
        if obj is None:
            try:
                compile_utils.get_loss(ident, y, y)
            except Exception:  # noqa: BLE001
                continue
            identifiers[ident] = None
            compile_only.append(ident)
            continue
        if isinstance(obj, keras.losses.Loss):
            identifiers[ident] = _class_name(obj, classes)
        else:
            identifiers[ident] = by_fn.get(obj)
    return {
        "identifiers": identifiers,
        "classes": _classes_entry(classes),
        "compile_only": compile_only,
        "notes": {
            i: "accepted by Model.compile only (not keras.losses.get): picks binary, "
            "categorical or sparse categorical crossentropy from the targets"
            for i in compile_only
        },
    }


def _metric_probe_data(keras: Any) -> list[tuple[Any, Any]]:
    """(y_true, y_pred) pairs: binary, one-hot categorical, sparse categorical."""
    ops = keras.ops
    return [
        (
            ops.convert_to_tensor([[0.0], [1.0], [1.0], [0.0]]),
            ops.convert_to_tensor([[0.2], [0.7], [0.9], [0.4]]),
        ),
        (
            ops.convert_to_tensor([[0.0, 1.0, 0.0], [1.0, 0.0, 0.0]]),
            ops.convert_to_tensor([[0.2, 0.7, 0.1], [0.6, 0.3, 0.1]]),
        ),
        (
            ops.convert_to_tensor([[1], [0]]),
            ops.convert_to_tensor([[0.2, 0.7, 0.1], [0.6, 0.3, 0.1]]),
        ),
    ]


def _metrics(keras: Any) -> dict:
    """Metric ids Model.compile accepts: resolved as compile does, then updated once."""
    import keras.src.metrics as private
    from keras.src.trainers import compile_utils

    classes = _public_classes(keras.metrics)
    data = _metric_probe_data(keras)
    identifiers: dict[str, str | None] = {}
    dynamic = []
    for ident in _id_candidates(keras.metrics, private):
        ok = False
        for y_true, y_pred in data:
            try:
                metric = compile_utils.get_metric(ident, y_true, y_pred)
                metric.update_state(y_true, y_pred, sample_weight=None)  # as compile does
                metric.result()
            except Exception:  # noqa: BLE001
                continue
            ok = True
            break
        if not ok:
            continue
        if ident in ("accuracy", "acc"):
            identifiers[ident] = None
            dynamic.append(ident)
            continue
        try:
            cls_name = _class_name(keras.metrics.get(ident), classes)
        except Exception:  # noqa: BLE001
            cls_name = None
        if cls_name in ABSTRACT_BASES:
            continue
        identifiers[ident] = cls_name
    return {
        "identifiers": identifiers,
        "classes": _classes_entry(classes),
        "notes": {
            i: "resolved by Model.compile to BinaryAccuracy, CategoricalAccuracy or "
            "SparseCategoricalAccuracy from the targets"
            for i in dynamic
        },
    }


#: Notes on string identifiers, by namespace (only for identifiers Keras accepts).
IDENTIFIER_NOTES: dict[str, dict[str, str]] = {
    "initializers": {"stft": "needs scipy"},
    "regularizers": {
        "l1l2": "the string 'l1_l2' is rejected by keras.regularizers.get; "
        "the call l1_l2(l1=..., l2=...) works (l1_l2 is an alias of the L1L2 class)"
    },
}


def _objects(keras: Any) -> dict:
    objects = {
        "activations": _activations(keras),
        "initializers": _simple_namespace(keras, "initializers"),
        "regularizers": _simple_namespace(keras, "regularizers"),
        "constraints": _simple_namespace(keras, "constraints"),
        "optimizers": _simple_namespace(keras, "optimizers"),
        "losses": _losses(keras),
        "metrics": _metrics(keras),
    }
    for ns, notes in IDENTIFIER_NOTES.items():
        known = objects[ns]["identifiers"]
        objects[ns]["notes"] = {i: n for i, n in notes.items() if i in known}
    return objects


def _dtypes(keras: Any) -> tuple[list[str], list[str]]:
    """(strings a layer's dtype= accepts, strings keras.Input(dtype=) accepts)."""
    from keras.src.backend.common import dtypes as kdt

    plain = sorted(set(kdt.ALLOWED_DTYPES) | {"int"})
    layer_ok, input_ok = [], []
    for d in plain + ["mixed_float16", "mixed_bfloat16"]:
        try:
            keras.layers.Identity(dtype=d)
            layer_ok.append(d)
        except Exception:  # noqa: BLE001
            pass
        try:
            keras.Input(shape=(1,), dtype=d)
            input_ok.append(d)
        except Exception:  # noqa: BLE001
            pass
    return layer_ok, input_ok


def _signature_entry(
    func: Callable, kinds: dict[str, str], choices: dict[str, list[str]] | None = None
) -> dict:
    params = []
    for p in _signature_params(func):
        params.append(_param_entry(p, kinds.get(p.name, "any"), (choices or {}).get(p.name)))
    return {"params": params}


# --------------------------------------------------------------------------
# Entry points
# --------------------------------------------------------------------------


def build_catalog() -> dict:
    """Introspect the installed Keras and return the JSON-ready catalogue."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # probes trigger harmless Keras warnings
        return _build_catalog()


def _build_catalog() -> dict:
    import keras
    import tensorflow as tf

    tf_layers = tf.keras.layers
    classes = _public_classes(keras.layers)
    known = set(LAYER_EXAMPLES) | set(CELL_EXAMPLES) | set(EXCLUDED_LAYERS)
    unknown = sorted(set(classes) - known)
    if unknown:
        raise RuntimeError(f"keras.layers classes without a catalogue decision: {unknown}")

    layers = []
    for name, example in LAYER_EXAMPLES.items():
        if name in TF_ONLY_LAYERS:
            family, aliases = TF_ONLY_LAYERS[name], []
        else:
            cls, aliases = classes[name]
            family = _family(cls)
        layers.append(_layer_entry(keras, tf_layers, name, family, aliases, example))
    cells = [
        _layer_entry(keras, tf_layers, name, "cell", classes[name][1], example)
        for name, example in CELL_EXAMPLES.items()
    ]
    layer_dtypes, input_dtypes = _dtypes(keras)
    keras.backend.clear_session(free_memory=False)
    return {
        "format": FORMAT,
        "keras_version": keras.__version__,
        "tensorflow_version": tf.__version__,
        "layers": sorted(layers, key=lambda e: e["class"]),
        "cells": sorted(cells, key=lambda e: e["class"]),
        "excluded": dict(sorted(EXCLUDED_LAYERS.items())),
        "objects": _objects(keras),
        "dtypes": layer_dtypes,
        "input": _signature_entry(keras.Input, INPUT_KINDS, {"dtype": input_dtypes}),
        "compile": _signature_entry(keras.Model.compile, COMPILE_KINDS),
    }


def render(catalog: dict) -> str:
    """The exact text written to catalog.json."""
    return json.dumps(catalog, indent=1, sort_keys=False, ensure_ascii=False) + "\n"


def _diff_summary(
    old: Any, new: Any, path: str = "$", out: list[str] | None = None, limit: int = 20
) -> list[str]:
    """Short list of differing JSON paths between two catalogues."""
    out = [] if out is None else out
    if len(out) >= limit:
        return out
    if isinstance(old, dict) and isinstance(new, dict):
        for key in list(old) + [k for k in new if k not in old]:
            if key not in new:
                out.append(f"{path}.{key}: removed")
            elif key not in old:
                out.append(f"{path}.{key}: added")
            else:
                _diff_summary(old[key], new[key], f"{path}.{key}", out, limit)
    elif isinstance(old, list) and isinstance(new, list):

        def label(item: Any, i: int) -> str:
            return item["class"] if isinstance(item, dict) and "class" in item else str(i)

        if all(isinstance(x, dict) and "class" in x for x in old + new):
            old_map = {x["class"]: x for x in old}
            new_map = {x["class"]: x for x in new}
            for key in list(old_map) + [k for k in new_map if k not in old_map]:
                if key not in new_map:
                    out.append(f"{path}[{key}]: removed")
                elif key not in old_map:
                    out.append(f"{path}[{key}]: added")
                else:
                    _diff_summary(old_map[key], new_map[key], f"{path}[{key}]", out, limit)
        elif len(old) != len(new):
            out.append(f"{path}: {len(old)} items -> {len(new)} items")
        else:
            for i, (a, b) in enumerate(zip(old, new)):
                _diff_summary(a, b, f"{path}[{label(a, i)}]", out, limit)
    elif old != new:
        out.append(f"{path}: {old!r} -> {new!r}")
    return out[:limit]


def main(argv: Sequence[str] | None = None) -> int:
    """Write catalog.json, or with --check compare it with a fresh build."""
    parser = argparse.ArgumentParser(
        prog="python -m seqgen.catalog_build", description=__doc__.split("\n")[0]
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="exit 1 if the committed catalogue differs from a fresh build",
    )
    parser.add_argument("--output", type=Path, default=CATALOG_PATH, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    catalog = build_catalog()
    text = render(catalog)
    path: Path = args.output
    if args.check:
        try:
            current = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            print(f"{path}: missing; run python -m seqgen.catalog_build", file=sys.stderr)
            return 1
        if current == text:
            print(f"{path}: up to date")
            return 0
        try:
            changes = _diff_summary(json.loads(current), catalog)
        except json.JSONDecodeError as exc:
            changes = [f"not valid JSON: {exc}"]
        print(
            f"{path}: out of date ({len(changes) or 'formatting'} difference(s) shown)",
            file=sys.stderr,
        )
        for line in changes or ["same data, different formatting"]:
            print(f"  {line}", file=sys.stderr)
        print("run: python -m seqgen.catalog_build", file=sys.stderr)
        return 1
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    print(f"wrote {path}: {len(catalog['layers'])} layers, {len(catalog['cells'])} cells")
    return 0


if __name__ == "__main__":
    sys.exit(main())
