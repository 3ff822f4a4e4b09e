"""Rules of the catalogue family "convolution": the plain, transposed, depthwise and separable
convolutions.

Follows Keras 3: `compute_conv_output_shape` (keras/src/ops/operation_utils.py) for the plain,
depthwise and separable convolutions, `compute_conv_transpose_output_shape`
(keras/src/backend/common/backend_utils.py) for the transposed ones, and each base class's
`build` for the weights.
"""

from __future__ import annotations

from typing import Any

from seqgen.layers.base import (
    Args,
    Family,
    Out,
    Shape,
    conv_output_length,
    fmt_shape,
    prod,
    tuplify,
)

convolution = Family("convolution")

#: Names of the spatial axes by number of spatial dimensions, for messages (Keras's docs).
SPATIAL_AXES = {
    1: ("steps",),
    2: ("height", "width"),
    3: ("spatial_dim1", "spatial_dim2", "spatial_dim3"),
}

_RANKS = {
    "Conv1D": 1, "Conv2D": 2, "Conv3D": 3,
    "Conv1DTranspose": 1, "Conv2DTranspose": 2, "Conv3DTranspose": 3,
    "DepthwiseConv1D": 1, "DepthwiseConv2D": 2,
    "SeparableConv1D": 1, "SeparableConv2D": 2,
}  # fmt: skip


def channels_first(a: Args) -> bool:
    """Whether the layer's `data_format` is channels_first (None means channels_last)."""
    fmt = a.get("data_format")
    return isinstance(fmt, str) and fmt.lower() == "channels_first"


def layout(rank: int, first: bool) -> str:
    """`batch, height, width, channels` for a layer with `rank` spatial axes."""
    axes = SPATIAL_AXES[rank]
    return ", ".join(("batch", "channels", *axes) if first else ("batch", *axes, "channels"))


def split(a: Args, x: Shape, rank: int) -> tuple[tuple, Any]:
    """Check the input's rank; its spatial dimensions and its channel dimension."""
    first = channels_first(a)
    a.need_rank(x, rank + 2, what=layout(rank, first))
    return (x[2:], x[1]) if first else (x[1:-1], x[-1])


def join(a: Args, batch: Any, spatial: tuple, channels: Any) -> Shape:
    return (batch, channels, *spatial) if channels_first(a) else (batch, *spatial, channels)


def sizes(a: Args, name: str, n: int) -> tuple:
    """An int-or-tuple argument as an n-tuple, failing on a tuple of the wrong length."""
    value = a[name]
    t = tuplify(value, n)
    if len(t) != n:
        plural = "integer" if n == 1 else "integers"
        raise a.invalid(f"{name} must be an integer or a tuple of {n} {plural}, got {fmt_shape(t)}")
    return t


def channel_count(a: Args, x: Shape, channels: Any) -> int:
    if channels is None:
        raise a.fail(f"needs a known channel dimension, got {fmt_shape(x)}")
    return channels


def _no_strided_dilation(a: Args, strides: tuple, dilation: tuple) -> None:
    if max(strides) > 1 and max(dilation) > 1:
        got = f"strides={fmt_shape(strides)} and dilation_rate={fmt_shape(dilation)}"
        raise a.invalid(f"cannot combine strides > 1 with dilation_rate > 1, got {got}")


def conv_spatial(a: Args, spatial: tuple, kernel: tuple, strides: tuple, dilation: tuple,
                 padding: str) -> tuple:  # fmt: skip
    """Output spatial dimensions of a (non-transposed) convolution; fails when one is empty."""
    names = SPATIAL_AXES[len(spatial)]
    out = []
    for axis, n, k, s, d in zip(names, spatial, kernel, strides, dilation):
        length = conv_output_length(n, k, padding, s, d)
        if length is not None and length <= 0:
            span = (k - 1) * d + 1
            if d == 1:
                raise a.fail(f"the kernel {k} is larger than the input's {n} along {axis}")
            raise a.fail(f"the kernel {k} with dilation {d} spans {span}, more than the "
                         f"input's {n} along {axis}")  # fmt: skip
        out.append(length)
    return tuple(out)


def _windows(a: Args) -> tuple[int, tuple, tuple, tuple]:
    """A convolution's rank and its kernel size, strides and dilation, one number per axis."""
    rank = _RANKS[a.cls]
    return (rank, sizes(a, "kernel_size", rank), sizes(a, "strides", rank),
            sizes(a, "dilation_rate", rank))  # fmt: skip


def _padding(a: Args) -> str:
    return str(a["padding"]).lower()


def _filters(v: dict[str, Any], x: Shape) -> Any:
    return v["filters"]


@convolution.layer("Conv1D", "Conv2D", "Conv3D", kernel_last=_filters)
def conv(a: Args, x: Shape) -> Out:
    rank, kernel, strides, dilation = _windows(a)
    filters, groups = a["filters"], a["groups"]
    if filters % groups:
        raise a.invalid(f"filters={filters} is not divisible by groups={groups}")
    _no_strided_dilation(a, strides, dilation)
    spatial, channels = split(a, x, rank)
    cin = channel_count(a, x, channels)
    if cin % groups:
        raise a.fail(f"the input's {cin} channels are not divisible by groups={groups}")
    out = conv_spatial(a, spatial, kernel, strides, dilation, _padding(a))
    weights = prod(kernel) * (cin // groups) * filters + (filters if a["use_bias"] else 0)
    return Out(join(a, x[0], out, filters), trainable=weights)


def transpose_length(n: int | None, k: int, s: int, d: int, padding: str,
                     output_padding: int | None) -> int | None:  # fmt: skip
    """Keras's `_get_output_shape_given_tf_padding` along one axis."""
    if n is None:
        return None
    span = (k - 1) * d + 1
    if padding == "valid":
        extra = max(span, s) - span if output_padding is None else output_padding
        return (n - 1) * s + span + extra
    if output_padding is None:
        return n * s
    return (n - 1) * s + span % 2 + output_padding


def _input_channels(v: dict[str, Any], x: Shape) -> Any:
    """A transposed convolution's kernel is kernel_size + (filters, input channels)."""
    first = isinstance(v.get("data_format"), str) and v["data_format"] == "channels_first"
    return x[1] if first else x[-1]


@convolution.layer("Conv1DTranspose", "Conv2DTranspose", "Conv3DTranspose",
                   kernel_last=_input_channels)  # fmt: skip
def conv_transpose(a: Args, x: Shape) -> Out:
    rank, kernel, strides, dilation = _windows(a)
    output_padding = None if a["output_padding"] is None else sizes(a, "output_padding", rank)
    if output_padding is not None:
        for op, s in zip(output_padding, strides):
            if op >= s:
                raise a.invalid(f"output_padding must be less than strides, got "
                             f"output_padding={fmt_shape(output_padding)} and "
                             f"strides={fmt_shape(strides)}")  # fmt: skip
    _no_strided_dilation(a, strides, dilation)
    spatial, channels = split(a, x, rank)
    cin = channel_count(a, x, channels)
    padding = _padding(a)
    ops = output_padding if output_padding is not None else (None,) * rank
    out = tuple(transpose_length(n, k, s, d, padding, op)
                for n, k, s, d, op in zip(spatial, kernel, strides, dilation, ops))  # fmt: skip
    for axis, length in zip(SPATIAL_AXES[rank], out):
        if length is not None and length <= 0:  # Keras builds it: an empty output
            shape = fmt_shape(join(a, x[0], out, a["filters"]))
            a.note(f"the output is empty along {axis}: {shape}")
            break
    filters = a["filters"]
    weights = prod(kernel) * filters * cin + (filters if a["use_bias"] else 0)
    return Out(join(a, x[0], out, filters), trainable=weights)


def _depth_multiplier(v: dict[str, Any], x: Shape) -> Any:
    return v["depth_multiplier"]


@convolution.layer("DepthwiseConv1D", "DepthwiseConv2D", kernel_last=_depth_multiplier)
def depthwise_conv(a: Args, x: Shape) -> Out:
    rank, kernel, strides, dilation = _windows(a)
    spatial, channels = split(a, x, rank)
    cin = channel_count(a, x, channels)
    cout = cin * a["depth_multiplier"]
    out = conv_spatial(a, spatial, kernel, strides, dilation, _padding(a))
    weights = prod(kernel) * cout + (cout if a["use_bias"] else 0)
    return Out(join(a, x[0], out, cout), trainable=weights)


@convolution.layer("SeparableConv1D", "SeparableConv2D")
def separable_conv(a: Args, x: Shape) -> Out:
    rank, kernel, strides, dilation = _windows(a)
    spatial, channels = split(a, x, rank)
    cin = channel_count(a, x, channels)
    middle, filters = cin * a["depth_multiplier"], a["filters"]
    out = conv_spatial(a, spatial, kernel, strides, dilation, _padding(a))
    weights = prod(kernel) * middle + middle * filters + (filters if a["use_bias"] else 0)
    return Out(join(a, x[0], out, filters), trainable=weights)
