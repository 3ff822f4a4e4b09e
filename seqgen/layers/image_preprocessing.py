"""Rules of the catalogue family "image_preprocessing": the image layers (resizing, cropping,
augmentation).  None has weights.

Image layers take a batch of images, rank 4 with the batch axis, or, as Keras does, rank 3 as
one unbatched image (the model's batch axis then becomes the image's first axis: a note says
so).  Keras builds most of them on any rank but fails whenever they are called on another,
so any other rank is an error here.

Inside a Pipeline Keras traces their calls (seqgen/layers/preprocessing.py).  Measured against
Keras 3.15: the layers that keep their shape either trace to the same shape on unknown image
dimensions, or fail on an unknown height/width or channel count, or on a channel count that is
not RGB (`_TRACE_*` below); CenterCrop, RandomHue and RandomSaturation trace to other shapes.
"""

from __future__ import annotations

from typing import Any, Callable

from seqgen.layers.arguments import nested_values
from seqgen.layers.base import Args, Family, NestedLayer, Out, Shape, ShapeFn, fmt_shape
from seqgen.layers.preprocessing import TRACED, replace_dims
from seqgen.layers.reshaping import data_format

image_preprocessing = Family("image_preprocessing")

_TRACE_NEEDS_HEIGHT_WIDTH = frozenset({
    "ContrastLimitedAdaptiveHistogramEqualization", "CutMix", "RandomCrop",
    "RandomElasticTransform", "RandomErasing", "RandomPerspective"})  # fmt: skip
_TRACE_NEEDS_CHANNELS = frozenset({
    "AugMix", "Equalization", "RandAugment", "RandomColorDegeneration", "RandomElasticTransform",
    "RandomGrayscale"})  # fmt: skip
_TRACE_RGB = frozenset({"RandomHue", "RandomSaturation"})  # unknown channels trace to 3
_TRACE_GRAY_OR_RGB = frozenset({"AugMix", "RandAugment", "RandomGrayscale"})


def _traced(a: Args, who: str, layer: NestedLayer, x: Shape, out: Shape) -> Shape:
    """What an image layer traces to inside a Pipeline (`Rule.traced`), given its rule's `out`."""
    cls, v = layer.cls, nested_values(layer)
    first = str(v.get("data_format")).lower() == "channels_first"
    image = list(x[1:] if len(x) == 4 else x)  # (height, width, channels) or channels first
    h, w, c = (1, 2, 0) if first else (0, 1, 2)
    if cls in _TRACE_NEEDS_HEIGHT_WIDTH and None in (image[h], image[w]):
        raise a.fail(f"{who} needs a known height and width {TRACED}fails on unknown "
                     f"ones); got {fmt_shape(x)}")  # fmt: skip
    if cls in _TRACE_NEEDS_CHANNELS and image[c] is None:
        raise a.fail(f"{who} needs a known number of channels {TRACED}fails on an unknown "
                     f"one); got {fmt_shape(x)}")  # fmt: skip
    channels = {1, 3} if cls in _TRACE_GRAY_OR_RGB else {3} if cls in _TRACE_RGB else None
    if channels and image[c] is not None and image[c] not in channels:
        raise a.fail(f"{who} needs {' or '.join(map(str, sorted(channels)))} channels "
                     f"{TRACED}fails on {image[c]}); got {fmt_shape(x)}")  # fmt: skip
    offset = 1 if len(x) == 4 else 0
    if cls in _TRACE_RGB and image[c] is None:
        return replace_dims(out, {offset + c: 3})
    if cls == "CenterCrop":
        height, width = v["height"], v["width"]
        fits = all(d is None or d >= want for d, want in ((image[h], height),
                                                         (image[w], width)))  # fmt: skip
        if fits and None in (image[h], image[w]):  # a slice from a computed offset
            return replace_dims(out, {offset + h: None, offset + w: None})
    return out


def _image_layer(*classes: str, **facts: Any) -> Callable[[ShapeFn], ShapeFn]:
    """Register an image layer's shape function; every image layer traces as `_traced` says."""
    return image_preprocessing.layer(*classes, traced=_traced, **facts)




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
    "MaxNumBoundingBoxes",
    "MixUp",
    "RandAugment",
    "RandomBrightness",
    "RandomColorJitter",
    "RandomContrast",
    "RandomElasticTransform",
    "RandomErasing",
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


@_image_layer(*_SAME_SHAPE_IMAGE_LAYERS)
def image_same_shape(a: Args, x: Shape) -> Out:
    _images(a, x)
    return Out(x)


# Its compute_output_spec returns the input tensor itself: Keras 3.15 builds it only first.
image_preprocessing.add("Equalization", shape=image_same_shape, traced=_traced, first_only=True)


@_image_layer("RandomColorDegeneration")
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


#: The modes RandomFlip flips by; Keras takes any string, and flips nothing on another.
_FLIP_MODES = ("horizontal", "vertical", "horizontal_and_vertical")


@_image_layer("RandomFlip")
def random_flip(a: Args, x: Shape) -> Out:
    _images(a, x)
    if a["mode"] not in _FLIP_MODES:
        a.note(f"mode {a['mode']!r} is none of {', '.join(_FLIP_MODES)}: Keras builds the layer, "
               "but it flips nothing")  # fmt: skip
    return Out(x)


@_image_layer("CenterCrop", "Resizing")
def resize(a: Args, x: Shape) -> Out:
    _images(a, x)
    if a.cls == "Resizing" and 0 in (a["height"], a["width"]):  # CenterCrop gives an empty image
        raise a.invalid(f"cannot resize to an empty image ({a['height']} x {a['width']}): "
                        "Keras fails when it calls the layer")  # fmt: skip
    # Keras sets axes 1, 2 of a batch (2, 3 for channels_first), axes 0, 1 (1, 2) of one image.
    first = data_format(a) == "channels_first"
    return _set_height_width(a, x, (1 if len(x) == 4 else 0) + (1 if first else 0))


@_image_layer("RandomCrop")
def random_crop(a: Args, x: Shape) -> Out:
    _images(a, x)
    return _set_height_width(a, x, len(x) - (2 if data_format(a) == "channels_first" else 3))


@_image_layer("RandomHeight", "RandomWidth")
def random_height_width(a: Args, x: Shape) -> Out:
    _images(a, x)
    axis, what = (-3, "height") if a.cls == "RandomHeight" else (-2, "width")
    a.note(f"the output {what} is drawn at random for each batch in training, so it is "
           f"unknown (None)")  # fmt: skip
    out = list(x)
    out[axis] = None
    return Out(tuple(out))
