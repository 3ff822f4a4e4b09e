"""Rules of the catalogue family "preprocessing": numeric, categorical, text and audio
preprocessing, and Pipeline (the image layers are the family "image_preprocessing").

None of these layers has trainable weights except STFTSpectrogram (its two STFT kernels);
Normalization without mean=/variance= keeps its statistics in non-trainable weights.  Lookups
and TextVectorization outside output_mode="int" end in a vocabulary-sized axis, which is
unknown (None, with a note) until a vocabulary is given.

Inside a Pipeline Keras does not ask the layers for compute_output_shape: it traces their
calls in a TensorFlow graph, and the static shapes of the traced ops can differ.  A rule's
`traced` gives the shape Keras traces (measured against Keras 3.15); the encoding layers here
agree only in the cases `_traced_encoding` lets through.  Keras also fails on dtypes a call
cannot take (strings into Dense), which seqgen does not track.
"""

from __future__ import annotations

from typing import Any

from seqgen.layers.arguments import nested_values
from seqgen.layers.base import (
    RULES,
    Args,
    Family,
    NO_WEIGHTS,
    NestedLayer,
    Out,
    Shape,
    ShapeError,
    Weights,
    fmt_shape,
    prod,
    same_shape,
)
from seqgen.layers.reshaping import data_format

preprocessing = Family("preprocessing")

#: How a message says that Keras traces a layer's call inside a Pipeline.
TRACED = "inside a Pipeline (Keras traces its call while building, and "

# --------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------


def _is_int(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def _output_mode(a: Args) -> str:
    """output_mode with Keras's spellings folded: binary → multi_hot, tf-idf → tf_idf."""
    mode = a["output_mode"]
    return {"binary": "multi_hot", "tf-idf": "tf_idf"}.get(mode, mode)


def _nested_shape(value: Any) -> tuple[int, ...]:
    """np.shape of a number or (regular) nested list."""
    if isinstance(value, (list, tuple)):
        return (len(value), *(_nested_shape(value[0]) if value else ()))
    return ()


def _one_hot(x: Shape, depth: int | None) -> Shape:
    """One-hot encoding as Keras's lookups do: a trailing axis of 1 is replaced, else added."""
    if len(x) > 1 and x[-1] == 1:
        return x[:-1] + (depth,)
    return x + (depth,)


def _traced_encoding(a: Args, who: str, layer: NestedLayer, x: Shape, out: Shape) -> Shape:
    """What the encoding layers trace to inside a Pipeline (`Rule.traced`)."""
    cls, v = layer.cls, nested_values(layer)

    def unsupported(what: str) -> ShapeError:
        return a.fail(f"{who} {what} {TRACED}seqgen cannot follow the shapes it gets); "
                      f"got {fmt_shape(x)}")  # fmt: skip

    mode = v.get("output_mode")
    mode = {"binary": "multi_hot", "tf-idf": "tf_idf"}.get(mode, mode)
    if cls in ("IntegerLookup", "StringLookup", "TextVectorization") and mode != "int":
        if v.get("vocabulary") is None and not v.get("pad_to_max_tokens"):
            raise a.fail(f"{who} with output_mode {mode!r} needs vocabulary= (or "
                         f"pad_to_max_tokens=true) inside a Pipeline: Keras calls it while "
                         f"building, before adapt() could set a vocabulary")  # fmt: skip
    if cls == "Discretization" and v.get("bin_boundaries") is None:
        raise a.fail(f"{who} needs bin_boundaries= inside a Pipeline: Keras calls it while "
                     f"building, before adapt() could find them")  # fmt: skip
    if cls in ("CategoryEncoding", "Hashing", "IntegerLookup", "StringLookup") and \
            mode in ("multi_hot", "count", "tf_idf") and len(x) > 2:  # fmt: skip
        raise unsupported(f"with output_mode {mode!r} on an input of rank {len(x)}")
    if cls in ("CategoryEncoding", "Discretization", "Hashing", "IntegerLookup",
               "StringLookup") and mode == "one_hot" and x[-1] is None:  # fmt: skip
        raise a.fail(f"{who} with output_mode 'one_hot' needs a known last dimension {TRACED}"
                     f"fails on an unknown one); got {fmt_shape(x)}")  # fmt: skip
    if cls == "Hashing" and mode == "one_hot":  # its call drops a last axis of 1 first
        return _one_hot(x, v["num_bins"])
    if cls == "TextVectorization" and mode != "int" and v.get("split") is not None:
        # the call drops a last axis of 1, splits into words and encodes the words
        if len(x) != 2 or x[-1] != 1:
            raise unsupported(f"with output_mode {mode!r} on texts shaped other than "
                              f"(batch, 1)")  # fmt: skip
        depth = out[-1]
        return (x[0], None, depth) if mode == "one_hot" else (x[0], depth)
    if cls == "TextVectorization" and v.get("split") is not None and \
            len(x) != 1 and x[-1] != 1:  # fmt: skip
        raise a.fail(f"{who} splits texts, and inside a Pipeline (Keras traces its call while "
                     f"building) that needs an input of rank 1 or a last dimension of 1; got "
                     f"{fmt_shape(x)}")  # fmt: skip
    if cls == "MelSpectrogram" and len(x) != 2:
        raise unsupported(f"on an input of rank {len(x)}")
    return out


# --------------------------------------------------------------------------
# Numeric and categorical preprocessing
# --------------------------------------------------------------------------


preprocessing.add("Rescaling", shape=same_shape)


@preprocessing.layer("Normalization")
def normalization(a: Args, x: Shape) -> Out:
    axis = a["axis"]
    if not (axis is None or _is_int(axis) or (isinstance(axis, (tuple, list))
                                              and all(_is_int(d) for d in axis))):  # fmt: skip
        raise a.fail(f"axis must be a whole number or a tuple of them, not {axis!r}")
    axes = () if axis is None else (axis,) if _is_int(axis) else tuple(axis)
    mean, variance = a["mean"], a["variance"]
    if (mean is None) != (variance is None):
        raise a.fail("needs both mean= and variance=, or neither (then adapt() sets them)")
    if mean is not None:
        if _nested_shape(mean) != _nested_shape(variance):
            raise a.fail(f"mean= and variance= must have the same shape, not "
                         f"{_nested_shape(mean)} and {_nested_shape(variance)}")  # fmt: skip
        if len(_nested_shape(mean)) > len(axes):
            raise a.fail(f"mean= has rank {len(_nested_shape(mean))}, more than the "
                         f"{len(axes)} axes kept (axis={axis!r})")  # fmt: skip
    ndim = len(x)
    for d in axes:
        if not -ndim <= d < ndim:
            raise a.fail(f"axis {d} is outside the input {fmt_shape(x)} (rank {ndim})")
    keep = sorted(d % ndim for d in axes)
    for d in keep:
        if x[d] is None:
            raise a.fail(f"axis {d} is kept, so it needs a known size, but the input is "
                         f"{fmt_shape(x)}")  # fmt: skip
    if mean is None:  # adapt() statistics: mean, variance and an int64 count, non-trainable
        size = prod(x[d] for d in keep)
        return Out(x, non_trainable=2 * size, own=Weights.of(1, 8, trainable=False))
    # Given statistics are constants broadcast over the kept axes: no weights.
    shape = _nested_shape(mean)
    for i in range(1, len(shape) + 1):
        want = x[keep[-i]]
        if shape[-i] not in (1, want):
            raise a.fail(f"mean= and variance= of shape {shape} do not match the kept axes "
                         f"{tuple(keep)} of the input {fmt_shape(x)}")  # fmt: skip
    return Out(x)


@preprocessing.layer("CategoryEncoding", traced=_traced_encoding)
def category_encoding(a: Args, x: Shape) -> Out:
    n = a["num_tokens"]
    if n is None:
        raise a.fail("needs num_tokens (or use IntegerLookup when the number is not known)")
    mode = _output_mode(a)
    if len(x) == 0:  # pragma: no cover - the batch axis is always there
        return Out((n,))
    if mode == "one_hot" and (x[-1] != 1 or len(x) == 1):
        return Out(x + (n,))
    return Out(x[:-1] + (n,))


@preprocessing.layer("Discretization", traced=_traced_encoding)
def discretization(a: Args, x: Shape) -> Out:
    bounds, bins, mode = a["bin_boundaries"], a["num_bins"], a["output_mode"]
    if bins is not None and bounds is not None:
        raise a.fail("takes bin_boundaries= or num_bins=, not both")
    if bins is None and bounds is None:
        raise a.fail("needs bin_boundaries= or num_bins= (then adapt() finds the boundaries)")
    if a["sparse"] and mode == "int":
        raise a.fail("sparse=true needs output_mode one_hot, multi_hot or count")
    if mode == "int":
        return Out(x)
    depth = len(bounds) + 1 if bounds is not None else bins
    if mode == "one_hot":
        return Out(_one_hot(x, depth))
    # multi_hot and count: Keras folds axis 1 (not the last axis) into the bins.
    if len(x) >= 2:
        return Out((x[0], *x[2:], depth))
    return Out((depth,))  # pragma: no cover - the batch axis is always there


@preprocessing.layer("Hashing", traced=_traced_encoding)
def hashing(a: Args, x: Shape) -> Out:
    mode = a["output_mode"]
    dtype = a.get("dtype")
    if mode == "int" and isinstance(dtype, str) and dtype not in ("int32", "int64"):
        raise a.fail(f"with output_mode int its dtype must be int32 or int64, not {dtype}")
    if a["sparse"] and mode == "int":
        raise a.fail("sparse=true needs output_mode one_hot, multi_hot or count")
    if mode == "int":
        return Out(x)
    return Out(x[:-1] + (a["num_bins"],))


def _vocabulary_size(a: Args, mode: str, mask_token: Any, oov_token: Any,
                     num_oov: int) -> int | None:  # fmt: skip
    """The size of a lookup's output axis outside output_mode "int", or None (with a note)."""
    max_tokens, vocab = a["max_tokens"], a["vocabulary"]
    if a["pad_to_max_tokens"]:
        return max_tokens
    if vocab is None:
        a.note(f"without vocabulary= the size of the output axis of output_mode {mode!r} is "
               f"the vocabulary size adapt() finds; pass vocabulary= or "
               f"pad_to_max_tokens=true with max_tokens= to fix it")  # fmt: skip
        return None
    if isinstance(vocab, str):
        a.note(f"the vocabulary comes from the file {vocab!r}, so the size of the output axis "
               f"of output_mode {mode!r} is only known when the file is read")  # fmt: skip
        return None
    return _check_vocabulary(a, list(vocab), mode, mask_token, oov_token, num_oov)


def _check_vocabulary(a: Args, vocab: list, mode: str, mask_token: Any, oov_token: Any,
                      num_oov: int) -> int:  # fmt: skip
    """The vocabulary size Keras records for a given vocabulary list (special tokens included)."""
    if not vocab:
        raise a.fail("vocabulary= cannot be empty")
    oov_start = 1 if mask_token is not None and mode == "int" else 0
    token_start = oov_start + num_oov
    # The special tokens a vocabulary may start with, compared without building a list of
    # num_oov_indices tokens (which may be huge).
    head = vocab[:token_start]
    special = len(head) == token_start and head[:oov_start] == [mask_token] * oov_start \
        and all(t == oov_token for t in head[oov_start:])  # fmt: skip
    tokens = vocab[token_start:] if special else vocab
    repeated = sorted({repr(t) for t in tokens if tokens.count(t) > 1})
    if repeated:
        raise a.fail(f"vocabulary= repeats {', '.join(repeated)}")
    if mask_token is not None and mask_token in tokens:
        raise a.fail(f"vocabulary= holds the mask token {mask_token!r}")
    size = token_start + len(tokens)
    if a["max_tokens"] is not None and size > a["max_tokens"]:
        raise a.fail(f"the vocabulary has {size} entries with its special tokens, more than "
                     f"max_tokens={a['max_tokens']}")  # fmt: skip
    return size


def _check_lookup(a: Args, mode: str) -> None:
    """Constructor checks shared by IntegerLookup, StringLookup and TextVectorization."""
    max_tokens = a["max_tokens"]
    if max_tokens is not None and max_tokens <= 1:
        raise a.fail(f"max_tokens must be more than 1, not {max_tokens}")
    if a["pad_to_max_tokens"] and max_tokens is None:
        raise a.fail("pad_to_max_tokens=true needs max_tokens=")
    if a.get("invert") and mode != "int":
        raise a.fail("invert=true needs output_mode int")
    if a["sparse"] and mode == "int":
        raise a.fail("sparse=true needs output_mode one_hot, multi_hot, count or tf_idf")
    if a["idf_weights"] is not None and mode != "tf_idf":
        raise a.fail("idf_weights= is only for output_mode tf_idf")
    if mode == "tf_idf" and a["vocabulary"] is not None and a["idf_weights"] is None:
        raise a.fail("output_mode tf_idf with vocabulary= needs idf_weights= too")


def _lookup(a: Args, x: Shape, mask_token: Any, oov_token: Any) -> Out:
    mode = _output_mode(a)
    _check_lookup(a, mode)
    num_oov = a["num_oov_indices"]
    if num_oov < 0:
        raise a.fail(f"num_oov_indices cannot be negative: {num_oov}")
    if mode == "int":
        vocab = a["vocabulary"]
        if isinstance(vocab, (list, tuple)):
            _check_vocabulary(a, list(vocab), mode, mask_token, oov_token, num_oov)
        return Out(x)
    depth = _vocabulary_size(a, mode, mask_token, oov_token, num_oov)
    if mode == "one_hot":
        return Out(_one_hot(x, depth))
    return Out(x[:-1] + (depth,))


@preprocessing.layer("IntegerLookup", traced=_traced_encoding)
def integer_lookup(a: Args, x: Shape) -> Out:
    return _lookup(a, x, a["mask_token"], a["oov_token"])


@preprocessing.layer("StringLookup", traced=_traced_encoding)
def string_lookup(a: Args, x: Shape) -> Out:
    return _lookup(a, x, a["mask_token"], a["oov_token"])


@preprocessing.layer("TextVectorization", traced=_traced_encoding)
def text_vectorization(a: Args, x: Shape) -> Out:
    mode = _output_mode(a)
    _check_lookup(a, mode)
    length = a["output_sequence_length"]
    if mode != "int" and length is not None:
        raise a.fail("output_sequence_length= is only for output_mode int")
    if a["ragged"] and mode != "int":
        raise a.fail("ragged=true needs output_mode int")
    if mode == "int":
        vocab = a["vocabulary"]
        if isinstance(vocab, (list, tuple)):  # the inner StringLookup checks it
            _check_vocabulary(a, list(vocab), mode, "", "[UNK]", 1)
        if length is None:
            a.note("without output_sequence_length= the output's length is the number of "
                   "tokens in each batch's longest text")  # fmt: skip
        return Out((x[0], length))
    # The inner StringLookup (mask "", one OOV token "[UNK]") sees the split tokens as a
    # new last axis; without split each text is one token.
    inner = x + (None,) if a["split"] is not None else x + (1,) if len(x) <= 1 else x
    depth = _vocabulary_size(a, mode, "", "[UNK]", 1)
    if mode == "one_hot":
        return Out(_one_hot(inner, depth))
    return Out(inner[:-1] + (depth,))


# --------------------------------------------------------------------------
# Audio
# --------------------------------------------------------------------------


@preprocessing.layer("MelSpectrogram", traced=_traced_encoding)
def mel_spectrogram(a: Args, x: Shape) -> Out:
    fft, stride = a["fft_length"], a["sequence_stride"]
    length = a["sequence_length"] or fft
    if fft < length:
        raise a.fail(f"fft_length ({fft}) must be at least sequence_length ({length})")
    a.need_rank(x, at_least=2, what="(batch, samples)")
    # Keras's shape: the frames of a centred STFT, whatever follows axis 1.
    frames = (x[1] + stride + 1) // stride if x[1] is not None else None
    return Out((x[0], a["num_mel_bins"], frames))


@preprocessing.layer("STFTSpectrogram")
def stft_spectrogram(a: Args, x: Shape) -> Out:
    length, step, fft = a["frame_length"], a["frame_step"], a["fft_length"]
    if step is not None and not 1 <= step <= length:
        raise a.fail(f"frame_step must be between 1 and frame_length ({length}), not {step}")
    if fft is not None and fft < length:
        raise a.fail(f"fft_length ({fft}) must be at least frame_length ({length})")
    step = step or length // 2
    fft = fft or 2 ** (length - 1).bit_length()  # the next power of two
    first = data_format(a) == "channels_first"
    a.need_rank(x, 3, what="(batch, channels, samples)" if first else "(batch, samples, channels)")
    channels, samples = (x[1], x[2]) if first else (x[2], x[1])
    if channels is None:
        raise a.fail(f"needs a known number of channels, got {fmt_shape(x)}")
    freqs = fft // 2 + 1
    if a["mode"] == "stft":
        freqs *= 2
    if samples is None:
        frames = None
    elif a["padding"] == "same":
        frames = (samples - 1) // step + 1
    else:
        frames = (samples - length) // step + 1
        if frames <= 0:
            raise a.fail(f"frame_length {length} is longer than the {samples} samples of the "
                         f"input {fmt_shape(x)} (padding valid)")  # fmt: skip
    if a["expand_dims"]:
        shape = (x[0], channels, frames, freqs) if first else (x[0], frames, freqs, channels)
    else:
        shape = (x[0], freqs * channels, frames) if first else (x[0], frames, freqs * channels)
    kernels = 1 if a["mode"] in ("real", "imag") else 2
    return Out(shape, trainable=kernels * length * (fft // 2 + 1))


# --------------------------------------------------------------------------
# Pipeline
# --------------------------------------------------------------------------


@preprocessing.layer("Pipeline")
def pipeline(a: Args, x: Shape) -> Out:
    nested = NO_WEIGHTS
    for i, layer in enumerate(a["layers"], 1):
        if not isinstance(layer, NestedLayer):  # pragma: no cover - the checker ensures it
            raise a.fail(f"layers= holds {layer!r}, not a layer")
        try:
            out = a.infer(layer, x)
        except ShapeError as e:
            raise a.fail(f"its layer {i} ({layer.cls}) {e}") from None
        nested += out.weights
        x = _traced(a, f"its layer {i} ({layer.cls})", layer, x, out.shape)
    return Out(x, nested=nested)


def _traced(a: Args, who: str, layer: NestedLayer, x: Shape, out: Shape) -> Shape:
    """The output shape Keras traces for `layer` inside a Pipeline, given its rule's `out`."""
    traced = RULES[layer.cls].traced
    return out if traced is None else traced(a, who, layer, x, out)


def replace_dims(shape: Shape, dims: dict[int, int | None]) -> Shape:
    return tuple(dims.get(i, d) for i, d in enumerate(shape))
