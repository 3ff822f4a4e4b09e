"""Rules of the catalogue family "regularization": the dropout and noise layers and
ActivityRegularization.  None has weights; every one keeps its input's shape.

The dropout and noise layers do nothing at inference (`training_only`): a model that ends with
one is probably a mistake.  ActivityRegularization is not: at the end it regularizes the output.
"""

from __future__ import annotations

from seqgen.layers.base import Args, Family, Out, Shape, same_shape

regularization = Family("regularization")

regularization.add("ActivityRegularization", shape=same_shape)
regularization.add("Dropout", "AlphaDropout", "GaussianDropout", "GaussianNoise",
                   shape=same_shape, training_only=True)  # fmt: skip


@regularization.layer("SpatialDropout1D", "SpatialDropout2D", "SpatialDropout3D",
                      training_only=True)  # fmt: skip
def spatial_dropout(a: Args, x: Shape) -> Out:
    rank = {"SpatialDropout1D": 3, "SpatialDropout2D": 4, "SpatialDropout3D": 5}[a.cls]
    a.need_rank(x, rank)
    return Out(x)
