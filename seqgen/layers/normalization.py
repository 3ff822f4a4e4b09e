"""Rules of the catalogue family "normalization".

Follows Keras 3 (keras/src/layers/normalization/): every layer keeps its input's shape; the
weights are those `build` creates.  `BatchNormalization`: trainable gamma and beta, non-trainable
moving mean and variance (and, with `renorm`, moving stddev, renorm mean and renorm stddev), one
value per channel of `axis`.  `LayerNormalization` / `RMSNormalization`: gamma and beta (scale)
of the shape of the normalized axes.  `GroupNormalization`: gamma and beta per channel, groups
dividing the channels.  `SpectralNormalization`: the wrapped layer's weights plus the
non-trainable vector `u` of the kernel's last dimension.
"""

from __future__ import annotations

from seqgen.layers.arguments import infer_nested, nested_values
from seqgen.layers.base import (
    RULES,
    Args,
    Family,
    NestedLayer,
    Out,
    Shape,
    Weights,
    fmt_shape,
    prod,
    variable_itemsize,
)

normalization = Family("normalization")


def _axes(a: Args, x: Shape, *, allow_list: bool = True) -> list[int]:
    """The `axis` argument as a list of axes, each checked against the input's rank."""
    axis = a["axis"]
    if isinstance(axis, bool) or not (
        isinstance(axis, int)
        or (
            allow_list
            and isinstance(axis, (list, tuple))
            and all(isinstance(i, int) and not isinstance(i, bool) for i in axis)
        )
    ):
        want = "an integer or a list of integers" if allow_list else "an integer"
        raise a.fail(f"axis must be {want}, got {axis!r}")  # fmt: skip
    axes = [axis] if isinstance(axis, int) else list(axis)
    for i in axes:
        if not -len(x) <= i < len(x):
            raise a.fail(f"axis {i} is out of range for the rank-{len(x)} input {fmt_shape(x)}")
    return axes


def _sizes(a: Args, x: Shape, axes: list[int]) -> int:
    """The number of values of a weight over `axes` (which must be known)."""
    dims = [x[i] for i in axes]
    if None in dims:
        which = ", ".join(str(i) for i in axes)
        raise a.fail(f"needs a known dimension on axis {which} (its weights have that size), got "
                     f"{fmt_shape(x)}")  # fmt: skip
    return prod(dims) or 0


@normalization.layer("BatchNormalization")
def batch_normalization(a: Args, x: Shape) -> Out:
    (axis,) = _axes(a, x, allow_list=False)
    n = _sizes(a, x, [axis])
    trainable = n * (int(bool(a["scale"])) + int(bool(a["center"])))
    moving = n * (5 if a["renorm"] else 2)  # mean, variance (+ stddev, renorm mean, renorm stddev)
    return Out(x, trainable, moving)


@normalization.layer("LayerNormalization")
def layer_normalization(a: Args, x: Shape) -> Out:
    n = _sizes(a, x, sorted(_axes(a, x)))
    return Out(x, n * (int(bool(a["scale"])) + int(bool(a["center"]))))


@normalization.layer("RMSNormalization")
def rms_normalization(a: Args, x: Shape) -> Out:
    return Out(x, _sizes(a, x, sorted(_axes(a, x))))


@normalization.layer("UnitNormalization")
def unit_normalization(a: Args, x: Shape) -> Out:
    _axes(a, x)
    return Out(x)


@normalization.layer("GroupNormalization")
def group_normalization(a: Args, x: Shape) -> Out:
    (axis,) = _axes(a, x, allow_list=False)
    channels = _sizes(a, x, [axis])
    groups = a["groups"]
    if groups == -1:
        groups = channels
    if channels < groups:
        raise a.fail(f"groups={groups} is more than the {channels} channels of axis {axis}")
    if channels % groups:
        raise a.fail(f"groups={groups} does not divide the {channels} channels of axis {axis}")
    return Out(x, channels * (int(bool(a["scale"])) + int(bool(a["center"]))))


@normalization.layer("SpectralNormalization")
def spectral_normalization(a: Args, x: Shape) -> Out:
    layer: NestedLayer = a["layer"]
    out = infer_nested(a, layer, x)
    kernel_last = RULES[layer.cls].kernel_last
    if kernel_last is None:
        raise a.fail(f"wraps {layer.cls}, which has no kernel or embeddings weight to normalize "
                     "(Dense, Conv2D, Embedding, ... have one)")  # fmt: skip
    size = kernel_last(nested_values(layer), x)
    if size is None:  # pragma: no cover - the wrapped layer's rule needs it known
        raise a.fail(f"needs the size of the kernel of {layer.cls}, got the input {fmt_shape(x)}")
    # vector_u, in the wrapped layer's variable dtype
    u = Weights.of(size, variable_itemsize(nested_values(layer).get("dtype")), trainable=False)
    return Out(out.shape, own=u, nested=out.weights)
