"""Shape rules: core layers, activations and regularization layers."""

from __future__ import annotations

from seqgen.shapes.base import Args, Out, Shape, rule


@rule("Dense")
def dense(a: Args, x: Shape) -> Out:
    a.need_rank(x, at_least=2)
    last = a.need_known(x, -1, "last (feature)")
    units = a["units"]
    kernel, bias = last * units, units if a["use_bias"] else 0
    lora = a.get("lora_rank")
    if lora:  # LoRA freezes the kernel and trains two low-rank factors
        return Out(x[:-1] + (units,), trainable=bias + lora * (last + units),
                   non_trainable=kernel)  # fmt: skip
    return Out(x[:-1] + (units,), trainable=kernel + bias)


@rule("Identity", "Masking", "ActivityRegularization", "Activation", "ELU", "ReLU", "LeakyReLU",
      "Softmax", "ThresholdedReLU", "Dropout", "AlphaDropout", "GaussianDropout",
      "GaussianNoise")  # fmt: skip
def same_shape(a: Args, x: Shape) -> Out:
    return Out(x)


@rule("SpatialDropout1D", "SpatialDropout2D", "SpatialDropout3D")
def spatial_dropout(a: Args, x: Shape) -> Out:
    rank = {"SpatialDropout1D": 3, "SpatialDropout2D": 4, "SpatialDropout3D": 5}[a.cls]
    a.need_rank(x, rank)
    return Out(x)


@rule("PReLU")
def prelu(a: Args, x: Shape) -> Out:
    shape = list(x[1:])
    shared = a.get("shared_axes")
    if shared is not None:
        for axis in (shared,) if isinstance(shared, int) else shared:
            shape[axis - 1] = 1
    size = 1
    for i, d in enumerate(shape):
        if d is None:
            raise a.fail(f"needs known dimensions (or shared_axes over the unknown ones), got "
                         f"{x}")  # fmt: skip
        size *= d
    return Out(x, trainable=size)


@rule("Embedding")
def embedding(a: Args, x: Shape) -> Out:
    table = a["input_dim"] * a["output_dim"]
    lora = a.get("lora_rank")
    if lora:  # LoRA freezes the table and trains two low-rank factors
        return Out(x + (a["output_dim"],), trainable=lora * (a["input_dim"] + a["output_dim"]),
                   non_trainable=table)  # fmt: skip
    return Out(x + (a["output_dim"],), trainable=table)
