"""Shape rules: preprocessing layers (the "preprocessing" and "image_preprocessing" families).

None of these layers has trainable weights except STFTSpectrogram (its two STFT kernels);
Normalization without mean=/variance= keeps its statistics in non-trainable weights.  Lookups
and TextVectorization outside output_mode="int" end in a vocabulary-sized axis, which is
unknown (None, with a note) until a vocabulary is given.

Image layers take a batch of images, rank 4 with the batch axis, or, as Keras does, rank 3 as
one unbatched image (the model's batch axis then becomes the image's first axis: a note says
so).  Keras builds most of them on any rank but fails whenever they are called on another,
so any other rank is an error here.
"""

from __future__ import annotations

from typing import Any

from seqgen.shapes.base import Args, NestedLayer, Out, Shape, ShapeError, fmt_shape, prod, rule
from seqgen.shapes.reshaping import data_format
from seqgen.values import evaluate

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


# --------------------------------------------------------------------------
# Numeric and categorical preprocessing
# --------------------------------------------------------------------------


@rule("Rescaling")
def rescaling(a: Args, x: Shape) -> Out:
    return Out(x)


@rule("Normalization")
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
    if mean is None:  # adapt() statistics: mean, variance and count, all non-trainable
        size = prod(x[d] for d in keep)
        return Out(x, non_trainable=2 * size + 1)
    # Given statistics are constants broadcast over the kept axes: no weights.
    shape = _nested_shape(mean)
    for i in range(1, len(shape) + 1):
        want = x[keep[-i]]
        if shape[-i] not in (1, want):
            raise a.fail(f"mean= and variance= of shape {shape} do not match the kept axes "
                         f"{tuple(keep)} of the input {fmt_shape(x)}")  # fmt: skip
    return Out(x)


@rule("CategoryEncoding")
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


@rule("Discretization")
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


@rule("Hashing")
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
    special = [mask_token] * oov_start + [oov_token] * num_oov
    tokens = vocab[token_start:] if vocab[:token_start] == special else vocab
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


@rule("IntegerLookup")
def integer_lookup(a: Args, x: Shape) -> Out:
    return _lookup(a, x, a["mask_token"], a["oov_token"])


@rule("StringLookup")
def string_lookup(a: Args, x: Shape) -> Out:
    return _lookup(a, x, a["mask_token"], a["oov_token"])


@rule("TextVectorization")
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


@rule("MelSpectrogram")
def mel_spectrogram(a: Args, x: Shape) -> Out:
    fft, stride = a["fft_length"], a["sequence_stride"]
    length = a["sequence_length"] or fft
    if fft < length:
        raise a.fail(f"fft_length ({fft}) must be at least sequence_length ({length})")
    a.need_rank(x, at_least=2, what="(batch, samples)")
    # Keras's shape: the frames of a centred STFT, whatever follows axis 1.
    frames = (x[1] + stride + 1) // stride if x[1] is not None else None
    return Out((x[0], a["num_mel_bins"], frames))


@rule("STFTSpectrogram")
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


@rule("Pipeline")
def pipeline(a: Args, x: Shape) -> Out:
    trainable = frozen = 0
    for i, layer in enumerate(a["layers"], 1):
        if not isinstance(layer, NestedLayer):  # pragma: no cover - the checker ensures it
            raise a.fail(f"layers= holds {layer!r}, not a layer")
        try:
            out = a.infer(layer, x)
        except ShapeError as e:
            raise a.fail(f"its layer {i} ({layer.cls}) {e}") from None
        if _frozen(layer):
            frozen += out.trainable + out.non_trainable
        else:
            trainable, frozen = trainable + out.trainable, frozen + out.non_trainable
        x = _traced(a, f"its layer {i} ({layer.cls})", layer, x, out.shape)
    return Out(x, trainable, frozen)


# Inside a Pipeline Keras does not ask the layers for compute_output_shape: it traces their
# calls in a TensorFlow graph, and the static shapes of the traced ops can differ.  Measured
# against Keras 3.15: image layers that keep their shape either trace to the same shape on
# unknown image dimensions, or fail on an unknown height/width or channel count, or on a
# channel count that is not RGB (below); CenterCrop, RandomHue and RandomSaturation trace to
# other shapes; the encoding layers agree only in the cases `_traced` lets through.  Keras
# also fails on dtypes a call cannot take (strings into Dense), which seqgen does not track.
_TRACE_NEEDS_HEIGHT_WIDTH = frozenset({
    "ContrastLimitedAdaptiveHistogramEqualization", "CutMix", "RandomCrop",
    "RandomElasticTransform", "RandomErasing", "RandomPerspective"})  # fmt: skip
_TRACE_NEEDS_CHANNELS = frozenset({
    "AugMix", "Equalization", "RandAugment", "RandomColorDegeneration", "RandomElasticTransform",
    "RandomGrayscale"})  # fmt: skip
_TRACE_RGB = frozenset({"RandomHue", "RandomSaturation"})  # unknown channels trace to 3
_TRACE_GRAY_OR_RGB = frozenset({"AugMix", "RandAugment", "RandomGrayscale"})


def _traced(a: Args, who: str, layer: NestedLayer, x: Shape, out: Shape) -> Shape:
    """The output shape Keras traces for `layer` inside a Pipeline, given its rule's `out`."""
    from seqgen.shapes import layer_values  # the driver imports this module

    cls, v = layer.cls, layer_values(layer.call, layer.env)
    traced = "inside a Pipeline (Keras traces its call while building, and "

    def unsupported(what: str) -> ShapeError:
        return a.fail(f"{who} {what} {traced}seqgen cannot follow the shapes it gets); "
                      f"got {fmt_shape(x)}")  # fmt: skip

    if cls in _IMAGE_LAYERS:
        first = str(v.get("data_format")).lower() == "channels_first"
        image = list(x[1:] if len(x) == 4 else x)  # (height, width, channels) or channels first
        h, w, c = (1, 2, 0) if first else (0, 1, 2)
        if cls in _TRACE_NEEDS_HEIGHT_WIDTH and None in (image[h], image[w]):
            raise a.fail(f"{who} needs a known height and width {traced}fails on unknown "
                         f"ones); got {fmt_shape(x)}")  # fmt: skip
        if cls in _TRACE_NEEDS_CHANNELS and image[c] is None:
            raise a.fail(f"{who} needs a known number of channels {traced}fails on an unknown "
                         f"one); got {fmt_shape(x)}")  # fmt: skip
        channels = {1, 3} if cls in _TRACE_GRAY_OR_RGB else {3} if cls in _TRACE_RGB else None
        if channels and image[c] is not None and image[c] not in channels:
            raise a.fail(f"{who} needs {' or '.join(map(str, sorted(channels)))} channels "
                         f"{traced}fails on {image[c]}); got {fmt_shape(x)}")  # fmt: skip
        offset = 1 if len(x) == 4 else 0
        if cls in _TRACE_RGB and image[c] is None:
            return _replace(out, {offset + c: 3})
        if cls == "CenterCrop":
            height, width = v["height"], v["width"]
            fits = all(d is None or d >= want for d, want in ((image[h], height),
                                                             (image[w], width)))  # fmt: skip
            if fits and None in (image[h], image[w]):  # a slice from a computed offset
                return _replace(out, {offset + h: None, offset + w: None})
        return out
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
        raise a.fail(f"{who} with output_mode 'one_hot' needs a known last dimension {traced}"
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
    if cls == "MelSpectrogram" and len(x) != 2:
        raise unsupported(f"on an input of rank {len(x)}")
    return out


def _replace(shape: Shape, dims: dict[int, int | None]) -> Shape:
    return tuple(dims.get(i, d) for i, d in enumerate(shape))


def _frozen(layer: NestedLayer) -> bool:
    """A nested layer given trainable=false keeps all its weights frozen."""
    for key, value in layer.call.kwargs:
        if key == "trainable":
            return evaluate(value, layer.env) is False
    return False


# --------------------------------------------------------------------------
# Image preprocessing
# --------------------------------------------------------------------------


def _images(a: Args, x: Shape) -> None:
    """Fail unless x is a batch of images (rank 4) or one image (rank 3, with a note)."""
    first = data_format(a) == "channels_first"
    layout = "(batch, channels, height, width)" if first else "(batch, height, width, channels)"
    if len(x) not in (3, 4):
        raise a.fail(f"expects images of rank 4 {layout}, or rank 3 for one unbatched image; "
                     f"got {fmt_shape(x)}")  # fmt: skip
    if len(x) == 3:
        single = "(channels, height, width)" if first else "(height, width, channels)"
        axis = "channels" if first else "height"
        a.note(f"Keras takes the rank-3 input {fmt_shape(x)} as one unbatched image {single}: "
               f"its batch axis becomes the image's {axis}")  # fmt: skip


_SAME_SHAPE_IMAGE_LAYERS = (
    "AugMix",
    "AutoContrast",
    "ContrastLimitedAdaptiveHistogramEqualization",
    "CutMix",
    "Equalization",
    "MaxNumBoundingBoxes",
    "MixUp",
    "RandAugment",
    "RandomBrightness",
    "RandomColorJitter",
    "RandomContrast",
    "RandomElasticTransform",
    "RandomErasing",
    "RandomFlip",
    "RandomGaussianBlur",
    "RandomGrayscale",
    "RandomHue",
    "RandomInvert",
    "RandomPerspective",
    "RandomPosterization",
    "RandomRotation",
    "RandomSaturation",
    "RandomSharpness",
    "RandomShear",
    "RandomTranslation",
    "RandomZoom",
    "Solarization",
)
_IMAGE_LAYERS = frozenset(_SAME_SHAPE_IMAGE_LAYERS + (
    "RandomColorDegeneration", "CenterCrop", "Resizing", "RandomCrop", "RandomHeight",
    "RandomWidth"))  # fmt: skip


@rule(*_SAME_SHAPE_IMAGE_LAYERS)
def image_same_shape(a: Args, x: Shape) -> Out:
    _images(a, x)
    return Out(x)


@rule("RandomColorDegeneration")
def random_color_degeneration(a: Args, x: Shape) -> Out:
    _images(a, x)
    channels = x[-3] if data_format(a) == "channels_first" else x[-1]
    if channels is not None and channels != 3:
        raise a.fail(f"needs images with 3 channels, got {channels} in {fmt_shape(x)}")
    return Out(x)


def _set_height_width(a: Args, x: Shape, height_axis: int) -> Out:
    out = list(x)
    out[height_axis], out[height_axis + 1] = a["height"], a["width"]
    return Out(tuple(out))


@rule("CenterCrop", "Resizing")
def resize(a: Args, x: Shape) -> Out:
    _images(a, x)
    # Keras sets axes 1, 2 of a batch (2, 3 for channels_first), axes 0, 1 (1, 2) of one image.
    first = data_format(a) == "channels_first"
    return _set_height_width(a, x, (1 if len(x) == 4 else 0) + (1 if first else 0))


@rule("RandomCrop")
def random_crop(a: Args, x: Shape) -> Out:
    _images(a, x)
    return _set_height_width(a, x, len(x) - (2 if data_format(a) == "channels_first" else 3))


@rule("RandomHeight", "RandomWidth")
def random_height_width(a: Args, x: Shape) -> Out:
    _images(a, x)
    axis, what = (-3, "height") if a.cls == "RandomHeight" else (-2, "width")
    a.note(f"the output {what} is drawn at random for each batch in training, so it is "
           f"unknown (None)")  # fmt: skip
    out = list(x)
    out[axis] = None
    return Out(tuple(out))
