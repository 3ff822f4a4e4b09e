"""The example of each layer: arguments that build it and an input it runs on.

A language decision (what a tutorial would write), not read from Keras: the builder
(tools/catalog/probe.py) constructs every example to find the layer's automatic name and the
keywords it accepts, and writes it in `.seq` (`seq_example`) as the catalogue's `example`.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any, Sequence


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
