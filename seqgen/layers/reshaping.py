"""Rules of the catalogue family "reshaping".

Reshape, Flatten, Permute and RepeatVector; Cropping, ZeroPadding and UpSampling in 1, 2 and
3 dimensions.  None of them has weights.  Argument forms follow Keras's constructors: an int
applies to every side, a tuple gives one value per axis, and (for the 2D/3D cropping and
padding layers) a tuple of pairs gives (before, after) per axis.
"""

from __future__ import annotations

from typing import Any

from seqgen.layers.base import Args, Family, Out, Shape, fmt_shape, prod

reshaping = Family("reshaping")


def data_format(a: Args) -> str:
    """The layer's data_format, with Keras's default (channels_last) for None."""
    value = a.get("data_format")
    return value.lower() if isinstance(value, str) else "channels_last"


def _is_int(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def _pair(a: Args, value: Any, what: str) -> tuple[int, int]:
    """An int or a 2-sequence of ints as (before, after), as Keras's standardize_tuple."""
    if _is_int(value):
        return (value, value)
    if isinstance(value, (tuple, list)) and len(value) == 2 and all(map(_is_int, value)):
        return (value[0], value[1])
    raise a.fail(f"{what} must be a whole number or a pair of them, not {value!r}")


def _pairs(a: Args, value: Any, n: int, name: str) -> tuple[tuple[int, int], ...]:
    """Cropping/ZeroPadding 2D/3D: an int, n ints, or n (before, after) pairs."""
    if _is_int(value):
        return ((value, value),) * n
    if not isinstance(value, (tuple, list)) or len(value) != n:
        raise a.fail(f"{name} must be a whole number, {n} numbers or {n} (before, after) "
                     f"pairs, not {value!r}")  # fmt: skip
    return tuple(_pair(a, v, f"each entry of {name}") for v in value)


def _spatial_axes(a: Args, x: Shape, n: int) -> list[int]:
    """The n spatial axes of x (batch first) for the layer's data_format."""
    start = 2 if data_format(a) == "channels_first" else 1
    return list(range(start, start + n))


# --------------------------------------------------------------------------
# Reshape, Flatten, Permute, RepeatVector
# --------------------------------------------------------------------------


@reshaping.layer("Reshape")
def reshape(a: Args, x: Shape) -> Out:
    target = tuple(a["target_shape"])
    for d in target:
        if d is not None and d < -1:
            raise a.fail(f"target_shape {fmt_shape(target)} may hold whole numbers of at "
                         f"least 0, none, or one -1; not {d}")  # fmt: skip
    if sum(1 for d in target if d == -1) > 1:
        raise a.fail(f"target_shape {fmt_shape(target)} may hold only one -1")
    given = x[1:]
    if None in given or None in target:
        return Out((x[0], *(None if d == -1 else d for d in target)))
    size = prod(given)
    if -1 not in target:
        if size != prod(target):
            raise a.fail(f"target_shape {fmt_shape(target)} holds {prod(target)} values, but "
                         f"each sample of the input {fmt_shape(x)} has {size}")  # fmt: skip
        return Out((x[0], *target))
    known = prod(d for d in target if d != -1)
    if known == 0 or size % known:
        raise a.fail(f"target_shape {fmt_shape(target)} cannot hold the {size} values of each "
                     f"sample of the input {fmt_shape(x)}: {size} is not a multiple of "
                     f"{known}")  # fmt: skip
    return Out((x[0], *(size // known if d == -1 else d for d in target)))


@reshaping.layer("Flatten")
def flatten(a: Args, x: Shape) -> Out:
    # data_format only changes the order of the flattened values, not their number.
    a.need_rank(x, at_least=1)
    rest = x[1:]
    return Out((x[0], 1 if not rest else prod(rest)))


@reshaping.layer("Permute")
def permute(a: Args, x: Shape) -> Out:
    dims = tuple(a["dims"])
    if sorted(d for d in dims if d is not None) != list(range(1, len(dims) + 1)):
        raise a.fail(f"dims {fmt_shape(dims)} must be a permutation of 1 to {len(dims)} "
                     f"(the batch axis 0 stays in place)")  # fmt: skip
    a.need_rank(x, len(dims) + 1, what=f"one axis per entry of dims {fmt_shape(dims)}, "
                                        f"plus the batch axis")  # fmt: skip
    return Out((x[0], *(x[d] for d in dims)))


@reshaping.layer("RepeatVector")
def repeat_vector(a: Args, x: Shape) -> Out:
    a.need_rank(x, 2, what="(batch, features)")
    return Out((x[0], a["n"], x[1]))


# --------------------------------------------------------------------------
# Cropping
# --------------------------------------------------------------------------


def _crop(a: Args, x: Shape, axes: list[int], crops: tuple[tuple[int, int], ...]) -> Out:
    out = list(x)
    for axis, (before, after) in zip(axes, crops):
        if x[axis] is None:
            continue
        left = x[axis] - before - after
        if left <= 0:
            raise a.fail(f"cropping ({before}, {after}) removes {before + after} of the "
                         f"{x[axis]} entries of axis {axis} of {fmt_shape(x)}; at least 1 must "
                         f"remain")  # fmt: skip
        out[axis] = left
    return Out(tuple(out))


@reshaping.layer("Cropping1D")
def cropping1d(a: Args, x: Shape) -> Out:
    crop = _pair(a, a["cropping"], "cropping")
    a.need_rank(x, 3, what="(batch, steps, features)")
    return _crop(a, x, [1], (crop,))


@reshaping.layer("Cropping2D")
def cropping2d(a: Args, x: Shape) -> Out:
    crops = _pairs(a, a["cropping"], 2, "cropping")
    a.need_rank(x, 4, what=_layout(a, 2))
    return _crop(a, x, _spatial_axes(a, x, 2), crops)


@reshaping.layer("Cropping3D")
def cropping3d(a: Args, x: Shape) -> Out:
    crops = _pairs(a, a["cropping"], 3, "cropping")
    a.need_rank(x, 5, what=_layout(a, 3))
    return _crop(a, x, _spatial_axes(a, x, 3), crops)


def _layout(a: Args, n: int) -> str:
    spatial = {1: "steps", 2: "rows, cols", 3: "dim1, dim2, dim3"}[n]
    if data_format(a) == "channels_first":
        return f"(batch, channels, {spatial})"
    return f"(batch, {spatial}, channels)"


# --------------------------------------------------------------------------
# ZeroPadding
# --------------------------------------------------------------------------


def _pad(x: Shape, axes: list[int], pads: tuple[tuple[int, int], ...]) -> Out:
    out = list(x)
    for axis, (before, after) in zip(axes, pads):
        if x[axis] is not None:
            out[axis] = x[axis] + before + after
    return Out(tuple(out))


@reshaping.layer("ZeroPadding1D")
def zero_padding1d(a: Args, x: Shape) -> Out:
    pad = _pair(a, a["padding"], "padding")
    a.need_rank(x, 3, what=_layout(a, 1))
    return _pad(x, _spatial_axes(a, x, 1), (pad,))


@reshaping.layer("ZeroPadding2D")
def zero_padding2d(a: Args, x: Shape) -> Out:
    pads = _pairs(a, a["padding"], 2, "padding")
    a.need_rank(x, 4, what=_layout(a, 2))
    return _pad(x, _spatial_axes(a, x, 2), pads)


@reshaping.layer("ZeroPadding3D")
def zero_padding3d(a: Args, x: Shape) -> Out:
    pads = _pairs(a, a["padding"], 3, "padding")
    a.need_rank(x, 5, what=_layout(a, 3))
    return _pad(x, _spatial_axes(a, x, 3), pads)


# --------------------------------------------------------------------------
# UpSampling
# --------------------------------------------------------------------------


def _upsample(x: Shape, axes: list[int], sizes: tuple[int, ...]) -> Out:
    out = list(x)
    for axis, size in zip(axes, sizes):
        if x[axis] is not None:
            out[axis] = x[axis] * size
    return Out(tuple(out))


def _sizes(a: Args, n: int) -> tuple[int, ...]:
    size = a["size"]
    if _is_int(size):
        return (size,) * n
    if isinstance(size, (tuple, list)) and len(size) == n and all(map(_is_int, size)):
        return tuple(size)
    raise a.fail(f"size must be a whole number or {n} of them, not {size!r}")


@reshaping.layer("UpSampling1D")
def up_sampling1d(a: Args, x: Shape) -> Out:
    if not _is_int(a["size"]):  # Keras's UpSampling1D takes one int, not a tuple
        raise a.fail(f"size must be a whole number, not {a['size']!r}")
    a.need_rank(x, 3, what="(batch, steps, features)")
    return _upsample(x, [1], (a["size"],))


@reshaping.layer("UpSampling2D")
def up_sampling2d(a: Args, x: Shape) -> Out:
    sizes = _sizes(a, 2)
    a.need_rank(x, 4, what=_layout(a, 2))
    return _upsample(x, _spatial_axes(a, x, 2), sizes)


@reshaping.layer("UpSampling3D")
def up_sampling3d(a: Args, x: Shape) -> Out:
    sizes = _sizes(a, 3)
    a.need_rank(x, 5, what=_layout(a, 3))
    return _upsample(x, _spatial_axes(a, x, 3), sizes)
