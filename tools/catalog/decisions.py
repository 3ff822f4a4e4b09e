"""The catalogue's language decisions: what cannot be read from Keras, written by hand.

Which layers are in the catalogue and which are left out (each with a reason), the kind of
each parameter (kind names come from seqgen.kinds, so a kind it does not define fails the
build), the finite sets of strings a parameter accepts, which parameters also take none, the
numeric bounds Keras enforces on a parameter, and the object identifiers to try.  The examples
of the layers are in tools/catalog/examples.py; tools/catalog/probe.py asks Keras the rest.
"""

from __future__ import annotations

import inspect

from seqgen import kinds

ACTIVATION, ANY, BOOL = kinds.ACTIVATION.name, kinds.ANY.name, kinds.BOOL.name
CELL, CONSTRAINT = kinds.CELL.name, kinds.CONSTRAINT.name
DTYPE, FACTOR, FLOAT = kinds.DTYPE.name, kinds.FACTOR.name, kinds.FLOAT.name
INITIALIZER, INT, INT_OR_TUPLE = kinds.INITIALIZER.name, kinds.INT.name, kinds.INT_OR_TUPLE.name
LAYER, LAYER_LIST, LOSS = kinds.LAYER.name, kinds.LAYER_LIST.name, kinds.LOSS.name
METRIC_LIST, OPTIMIZER, PADDING = kinds.METRIC_LIST.name, kinds.OPTIMIZER.name, kinds.PADDING.name
REGULARIZER, SEED, SHAPE, STR = (kinds.REGULARIZER.name, kinds.SEED.name, kinds.SHAPE.name,
                                 kinds.STR.name)  # fmt: skip

#: Number of keras.layers classes usable as a layer of a Sequential model
#: (measured in /work/shared/keras-facts.md for Keras 3.15.1).
SEQUENTIAL_LAYER_COUNT = 119

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
    "Equalization": "builds in Keras 3.15.1 only straight after the input of a Sequential "
    "list, with another layer after it ('part of a cycle' elsewhere)",
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

#: Layers Keras 3 runs only with TensorFlow: on the jax and torch backends (without the
#: tensorflow package) their constructor raises, measured with Keras 3.15.1 on jax 0.10.2 and
#: torch 2.13.0: "ImportError: Layer Hashing requires TensorFlow. Install it via `pip install
#: tensorflow`." (the same for each).  The reason is the hint of the checker's error.
_NEEDS_TF = ("it is built on TensorFlow's own ops: Keras raises 'requires TensorFlow' when "
             "TensorFlow is not installed; use --backend tensorflow")  # fmt: skip
NEEDS_TENSORFLOW: dict[str, str] = {
    "Hashing": _NEEDS_TF,
    "IntegerLookup": _NEEDS_TF,
    "StringLookup": _NEEDS_TF,
    "TextVectorization": _NEEDS_TF,
}

# --------------------------------------------------------------------------
# Parameter kinds
# --------------------------------------------------------------------------

_INT = {
    "units", "filters", "n", "input_dim", "output_dim", "depth_multiplier", "groups", "num_bins",
    "power_iterations", "num_tokens", "max_tokens", "num_oov_indices", "output_sequence_length",
    "num_chains", "chain_depth", "num_ops", "bins", "max_number", "fft_length", "sequence_stride",
    "sequence_length", "num_mel_bins", "frame_length", "frame_step", "height", "width", "lora_rank"
}  # fmt: skip
_FLOAT = {
    "rate", "dropout", "recurrent_dropout", "momentum", "renorm_momentum", "epsilon", "stddev",
    "alpha", "negative_slope", "max_value", "threshold", "theta", "l1", "l2", "clip_limit",
    "min_freq", "max_freq", "top_db", "mag_exp", "min_power", "ref_power", "sampling_rate",
    "lora_alpha", "logit_soft_cap", "mask_value"
}  # fmt: skip
_INT_OR_TUPLE = {
    "kernel_size", "strides", "pool_size", "dilation_rate", "size", "cropping", "output_padding",
    "output_size"
}  # fmt: skip
_STR = {"name", "equation", "bias_axes", "encoding"}

#: Layer parameter kinds by parameter name (suffix rules and bool defaults
#: are applied after this table; anything else is "any").
LAYER_NAME_KINDS: dict[str, str] = {
    **{n: INT for n in _INT},
    **{n: FLOAT for n in _FLOAT},
    **{n: INT_OR_TUPLE for n in _INT_OR_TUPLE},
    **{n: STR for n in _STR},
    "seed": SEED,
    "dtype": DTYPE,
    "reverse_dtype": DTYPE,
    "vocabulary_dtype": DTYPE,
    "activation": ACTIVATION,
    "recurrent_activation": ACTIVATION,
    "padding": PADDING,
    "target_shape": SHAPE,
    "dims": SHAPE,
    "layer": LAYER,
    "backward_layer": LAYER,
    "cell": CELL,
    "layers": LAYER_LIST,
    "data_format": STR,
    "interpolation": STR,
    "fill_mode": STR,
    "output_mode": STR,
    "merge_mode": STR,
    "mode": STR,
    "oov_method": STR,
}

#: Per-class overrides of the name table.
LAYER_CLASS_KINDS: dict[tuple[str, str], str] = {
    # ZeroPadding's "padding" is an amount, not a padding mode.
    ("ZeroPadding1D", "padding"): INT_OR_TUPLE,
    ("ZeroPadding2D", "padding"): INT_OR_TUPLE,
    ("ZeroPadding3D", "padding"): INT_OR_TUPLE,
    # STFTSpectrogram's padding is its own "valid"/"same" switch.
    ("STFTSpectrogram", "padding"): STR,
    # Hashing's mask_value may be a string or an int.
    ("Hashing", "mask_value"): ANY,
    # EinsumDense output_shape: int or tuple that may contain None.
    ("EinsumDense", "output_shape"): ANY,
    # Accepts a number or a (low, high) range.
    ("RandomGaussianBlur", "kernel_size"): INT_OR_TUPLE,
    # RandomErasing's fill value may be one number per channel.
    ("RandomErasing", "fill_value"): ANY,
    # StackedRNNCells takes a list of cells.
    ("StackedRNNCells", "cells"): CELL,
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
    # RandomFlip's mode is any string: Keras flips nothing on another (its rule notes it)
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
    "seed": SEED,
    "name": STR,
    "dtype": DTYPE,
    "gain": FLOAT,
    "mean": FLOAT,
    "stddev": FLOAT,
    "minval": FLOAT,
    "maxval": FLOAT,
    "scale": FLOAT,
    "l1": FLOAT,
    "l2": FLOAT,
    "factor": FLOAT,
    "max_value": FLOAT,
    "min_value": FLOAT,
    "rate": FLOAT,
    "epsilon": FLOAT,
    "rho": FLOAT,
    "momentum": FLOAT,
    "weight_decay": FLOAT,
    "clipnorm": FLOAT,
    "clipvalue": FLOAT,
    "global_clipnorm": FLOAT,
    "ema_momentum": FLOAT,
    "loss_scale_factor": FLOAT,
    "ema_overwrite_frequency": INT,
    "gradient_accumulation_steps": INT,
    "label_smoothing": FLOAT,
    "gamma": FLOAT,
    "delta": FLOAT,
    "q": FLOAT,
    "margin": FLOAT,
    "ignore_class": INT,
    "num_thresholds": INT,
    "num_labels": INT,
    "k": INT,
    "num_classes": INT,
    "top_k": INT,
    "class_id": INT,
    "num_regressors": INT,
    "recall": FLOAT,
    "precision": FLOAT,
    "specificity": FLOAT,
    "sensitivity": FLOAT,
    "mode": STR,
    "distribution": STR,
    "side": STR,
    "reduction": ANY,
    "curve": STR,
    "summation_method": STR,
    "average": ANY,
    "class_aggregation": ANY,
    "scaling": ANY,
}

OBJECT_CLASS_KINDS: dict[tuple[str, str], str] = {
    # BinaryFocalCrossentropy/Tversky alpha is a float; CategoricalFocal takes a list too.
    ("BinaryFocalCrossentropy", "alpha"): FLOAT,
    ("Tversky", "alpha"): FLOAT,
    ("Tversky", "beta"): FLOAT,
    ("FBetaScore", "beta"): FLOAT,
    ("F1Score", "threshold"): FLOAT,
    ("FBetaScore", "threshold"): FLOAT,
    ("BinaryAccuracy", "threshold"): FLOAT,
    ("BinaryIoU", "threshold"): FLOAT,
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
REDUCTIONS = ["mean", "mean_with_sample_weight", "none", "sum", "sum_over_batch_size"]

INPUT_KINDS: dict[str, str] = {
    "shape": SHAPE,
    "batch_size": INT,
    "dtype": DTYPE,
    "sparse": BOOL,
    "ragged": BOOL,
    "batch_shape": SHAPE,
    "name": STR,
    "tensor": ANY,
    "optional": BOOL,
}
COMPILE_KINDS: dict[str, str] = {
    "optimizer": OPTIMIZER,
    "loss": LOSS,
    "loss_weights": ANY,
    "metrics": METRIC_LIST,
    "weighted_metrics": METRIC_LIST,
    "run_eagerly": BOOL,
    "steps_per_execution": INT,
    "jit_compile": ANY,
    "auto_scale_loss": BOOL,
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


# --------------------------------------------------------------------------
# Numeric bounds
# --------------------------------------------------------------------------

POSITIVE = {"min": 1}
UNIT_INTERVAL = {"min": 0, "max": 1}
NON_NEGATIVE = {"min": 0}

#: Bounds Keras enforces (or a model needs), by (kind, parameter name): `"bounds"` of the
#: parameter's entry.  A bound is given only to a kind that reads it (seqgen.kinds `bounded`).
#: A layer's numeric parameters are probed instead (tools/catalog/ranges.py), which replaces
#: these; they stay for what the probe does not reach: objects' arguments, the input's shape.
BOUNDS: dict[tuple[str, str], dict[str, int]] = {
    # Lookup sizes the probe skips (PROBE_SKIP): zero or a negative number is always a mistake.
    **{(INT, n): POSITIVE for n in ("num_bins", "max_tokens")},
    # Objects' arguments (regularizers, constraints, initializers).
    (FLOAT, "rate"): UNIT_INTERVAL,
    **{(FLOAT, n): NON_NEGATIVE for n in ("l1", "l2", "stddev", "factor")},
    # The input's dimensions (Reshape's target_shape may hold -1).
    (SHAPE, "shape"): NON_NEGATIVE,
    (SHAPE, "batch_shape"): NON_NEGATIVE,
}  # fmt: skip


#: Parameters whose accepted values are not one interval because they depend on another
#: argument: the probe records only their lower end (tools/catalog/ranges.py).
PROBE_LOWER_ONLY: dict[tuple[str, str], str] = {
    **{(cls, "groups"): "must divide filters and the input's channels; the layer's rule checks "
       "that (seqgen/layers/convolution.py)" for cls in ("Conv1D", "Conv2D", "Conv3D")},
    ("GroupNormalization", "groups"): "must divide the input's channels (-1: one group per "
    "channel); the layer's rule checks that (seqgen/layers/normalization.py)",
    **{(cls, "output_padding"): "must be less than strides; the layer's rule checks that "
       "(seqgen/layers/convolution.py)" for cls in
       ("Conv1DTranspose", "Conv2DTranspose", "Conv3DTranspose")},
    ("MelSpectrogram", "sequence_length"): "must be at most fft_length",
}

#: Numeric parameters the probe leaves alone: what Keras accepts depends on another argument
#: of the example in a way no single bound says.
PROBE_SKIP: dict[tuple[str, str], str] = {
    ("Discretization", "num_bins"): "excludes bin_boundaries=, which the example gives",
    ("STFTSpectrogram", "frame_step"): "must be at most frame_length",
    ("STFTSpectrogram", "fft_length"): "must be at least frame_length",
    **{(cls, "max_tokens"): "must exceed the number of special tokens and the vocabulary's "
       "size" for cls in ("IntegerLookup", "StringLookup", "TextVectorization")},
}


def param_bounds(name: str, kind: str) -> dict[str, int] | None:
    """The bounds of a parameter of this name and kind, if any."""
    return BOUNDS.get((kind, name))


# --------------------------------------------------------------------------
# Per-parameter decisions
# --------------------------------------------------------------------------


def case_insensitive(owner: str, name: str, kind: str) -> bool:
    """Whether Keras lower-cases the parameter's string before checking it."""
    if (owner, name) in CASE_INSENSITIVE_PARAMS or name == "data_format":
        return True
    return kind == PADDING and owner not in CASE_SENSITIVE_PADDING_LAYERS


def also_nullable(owner: str, name: str) -> bool:
    """Whether a parameter whose default is not None takes none too."""
    return (owner, name) in ALSO_NULLABLE


def _suffix_kind(name: str) -> str | None:
    for suffix, kind in (
        ("_initializer", INITIALIZER),
        ("_regularizer", REGULARIZER),
        ("_constraint", CONSTRAINT),
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
    if p.name == "factor" or p.name.endswith("_factor"):
        return FACTOR  # the augmentation layers' strengths: a number or a (low, high) pair
    if isinstance(p.default, bool):
        return BOOL
    return ANY


def layer_param_choices(cls_name: str, p: inspect.Parameter, kind: str) -> list[str] | None:
    """Finite set of strings accepted by a layer parameter, if known."""
    if (cls_name, p.name) in LAYER_CLASS_CHOICES:
        return LAYER_CLASS_CHOICES[(cls_name, p.name)]
    if kind == PADDING:
        return (
            ["causal", "same", "valid"] if cls_name in CAUSAL_PADDING_LAYERS else ["same", "valid"]
        )
    return LAYER_NAME_CHOICES.get(p.name)


IDENTIFIER_NOTES: dict[str, dict[str, str]] = {
    "initializers": {"stft": "needs scipy"},
    "regularizers": {
        "l1l2": "the string 'l1_l2' is rejected by keras.regularizers.get; "
        "the call l1_l2(l1=..., l2=...) works (l1_l2 is an alias of the L1L2 class)"
    },
}



def object_param_kind(cls_name: str, p: inspect.Parameter) -> str:
    """Kind of a parameter of an initializer/optimizer/loss/... constructor."""
    if (cls_name, p.name) in OBJECT_CLASS_KINDS:
        return OBJECT_CLASS_KINDS[(cls_name, p.name)]
    if p.name in OBJECT_NAME_KINDS:
        return OBJECT_NAME_KINDS[p.name]
    if isinstance(p.default, bool):
        return BOOL
    return ANY


def object_param_choices(cls_name: str, name: str) -> tuple[list[str] | None, bool]:
    """(strings an object's parameter accepts, whether it takes none although its default is
    not None)."""
    if name == "reduction":  # losses: standardize_reduction also accepts None
        return REDUCTIONS, True
    return OBJECT_CHOICES.get((cls_name, name)), False


#: The family of a layer, by the module of keras.src.layers it is defined in.
FAMILIES: dict[str, str] = {
    "core": "core",
    "activations": "activations",
    "convolutional": "convolution",
    "pooling": "pooling",
    "rnn": "recurrent",
    "normalization": "normalization",
    "regularization": "regularization",
    "reshaping": "reshaping",
}

#: Kinds whose value is a nested layer: a wrapper's example constructs that layer, not one of
#: the wrapper's own.
NESTING_KINDS = frozenset({LAYER, CELL, LAYER_LIST})


def unknown_kinds() -> list[str]:
    """Kind names the tables use that seqgen.kinds does not define (the build refuses them)."""
    used = {*LAYER_NAME_KINDS.values(), *LAYER_CLASS_KINDS.values(), *OBJECT_NAME_KINDS.values(),
            *OBJECT_CLASS_KINDS.values(), *INPUT_KINDS.values(), *COMPILE_KINDS.values(),
            *(kind for kind, _ in BOUNDS), INITIALIZER, REGULARIZER, CONSTRAINT, BOOL, ANY}
    return sorted(used - set(kinds.KINDS))


def unbounded_kinds() -> list[str]:
    """Kinds given bounds that do not read them."""
    return sorted({kind for kind, _ in BOUNDS if not kinds.kind_of(kind).bounded})


def extra_keywords_without_kind() -> list[str]:
    """Base-Layer keywords tried on every layer whose kind seqgen.kinds does not say."""
    return sorted(set(EXTRA_KWARG_TRIALS) ^ set(kinds.EXTRA_KEYWORD_KINDS))
