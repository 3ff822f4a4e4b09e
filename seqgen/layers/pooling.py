"""Rules of the catalogue family "pooling".

Follows Keras 3: `compute_pooling_output_shape` (keras/src/ops/operation_utils.py) for the
windowed poolings, and the `compute_output_shape` of `BaseGlobalPooling` and
`BaseAdaptivePooling`. No pooling layer has weights.
"""

from __future__ import annotations

from seqgen.layers.arguments import nested_values
from seqgen.layers.base import Args, Family, NestedLayer, Out, Shape, conv_output_length, fmt_shape
from seqgen.layers.convolution import SPATIAL_AXES, channels_first, join, layout, sizes, split

pooling = Family("pooling")


def _rank(cls: str) -> int:
    """The number of spatial axes, from the class name's `1D` / `2D` / `3D`."""
    return int(cls[-2])


@pooling.layer("MaxPooling1D", "MaxPooling2D", "MaxPooling3D",
               "AveragePooling1D", "AveragePooling2D", "AveragePooling3D")  # fmt: skip
def windowed_pooling(a: Args, x: Shape) -> Out:
    rank = _rank(a.cls)
    pool = sizes(a, "pool_size", rank)
    strides = pool if a["strides"] is None else sizes(a, "strides", rank)
    padding = str(a["padding"]).lower()
    spatial, channels = split(a, x, rank)
    out = []
    for axis, n, p, s in zip(SPATIAL_AXES[rank], spatial, pool, strides):
        length = conv_output_length(n, p, padding, s)
        # "same" padding keeps an empty axis empty (Keras builds and runs it); "valid" fails
        if length is not None and length <= 0 and not (padding == "same" and n == 0):
            raise a.fail(f"the pool size {p} is larger than the input's {n} along {axis}")
        out.append(length)
    return Out(join(a, x[0], tuple(out), channels))


@pooling.layer("GlobalMaxPooling1D", "GlobalMaxPooling2D", "GlobalMaxPooling3D",
               "GlobalAveragePooling1D", "GlobalAveragePooling2D",
               "GlobalAveragePooling3D")  # fmt: skip
def global_pooling(a: Args, x: Shape) -> Out:
    rank = _rank(a.cls)
    if not a.spec_checked and len(x) != rank + 2:
        return _global_pooling_unchecked(a, x, rank)
    _, channels = split(a, x, rank)
    if a["keepdims"]:
        return Out(join(a, x[0], (1,) * rank, channels))
    return Out((x[0], channels))


def _adaptive_traced(a: Args, who: str, layer: NestedLayer, x: Shape, out: Shape) -> Shape:
    """Inside a Pipeline Keras traces adaptive pooling's call (`Rule.traced`), which needs
    static spatial dimensions (measured in Keras 3.15)."""
    first = str(nested_values(layer).get("data_format")).lower() == "channels_first"
    if None in (x[2:] if first else x[1:-1]):
        raise a.fail(f"{who} needs known spatial dimensions inside a Pipeline (Keras traces "
                     f"its call while building, and the call needs them); got {fmt_shape(x)}")
    return out


def _global_pooling_unchecked(a: Args, x: Shape, rank: int) -> Out:
    """Built by a wrapper on an input of another rank (TimeDistributed on a time slice): Keras
    reports `BaseGlobalPooling.compute_output_shape`, which keeps the batch and channel axes
    (the last, or the second for channels_first) whatever the rank; its call reduces `rank`
    axes after the batch (after the channels) and fails when the input has fewer."""
    first = channels_first(a)
    if len(x) < rank + (2 if first else 1):
        raise a.fail(f"expects an input of rank {rank + 2} ({layout(rank, first)}), got "
                     f"{fmt_shape(x)}")  # fmt: skip
    channels = x[1] if first else x[-1]
    spatial = (1,) * max(len(x) - 2, 0) if a["keepdims"] else ()
    shape = (x[0], channels, *spatial) if first else (x[0], *spatial, channels)
    a.note(f"Keras builds it on the rank-{len(x)} input {fmt_shape(x)} and reports "
           f"{fmt_shape(shape)}, but its call reduces other axes: calling the model gives "
           "another shape")  # fmt: skip
    return Out(shape)


@pooling.layer("AdaptiveMaxPooling1D", "AdaptiveMaxPooling2D", "AdaptiveMaxPooling3D",
               "AdaptiveAveragePooling1D", "AdaptiveAveragePooling2D",
               "AdaptiveAveragePooling3D", traced=_adaptive_traced)  # fmt: skip
def adaptive_pooling(a: Args, x: Shape) -> Out:
    # Keras 3.15 gives adaptive pooling no input spec: it "builds" on an input of any rank
    # (output (batch, *output_size, channels)) but then fails or disagrees when called.
    rank = _rank(a.cls)
    size = sizes(a, "output_size", rank)
    _, channels = split(a, x, rank)
    return Out(join(a, x[0], size, channels))
