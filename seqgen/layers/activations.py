"""Rules of the catalogue family "activations": Activation, ELU, LeakyReLU, PReLU, ReLU, Softmax,
ThresholdedReLU.  Only PReLU has weights (its alpha, shared over `shared_axes`)."""

from __future__ import annotations

from seqgen.layers.base import Args, Family, Out, Shape, fmt_shape, same_shape

activations = Family("activations")

activations.add("Activation", "ELU", "ReLU", "LeakyReLU", "Softmax", "ThresholdedReLU",
                shape=same_shape)  # fmt: skip


@activations.layer("PReLU")
def prelu(a: Args, x: Shape) -> Out:
    # Keras's build sets `param_shape[axis - 1] = 1` on the input's shape without the batch
    # axis, with Python's indexing: axis -1 shares the second-to-last axis, 0 the last one.
    shape = list(x[1:])
    shared = a.get("shared_axes")
    if shared is not None:
        for axis in (shared,) if isinstance(shared, int) else shared:
            if isinstance(axis, bool) or not isinstance(axis, int) \
                    or not -len(shape) <= axis - 1 < len(shape):  # fmt: skip
                raise a.fail(f"shared_axes must be axes {1 - len(shape)} to {len(shape)} of the "
                             f"input {fmt_shape(x)}, not {axis!r}")  # fmt: skip
            shape[axis - 1] = 1
    size = 1
    for d in shape:
        if d is None:
            raise a.fail(f"needs known dimensions (or shared_axes over the unknown ones), got "
                         f"{x}")  # fmt: skip
        size *= d
    return Out(x, trainable=size)
