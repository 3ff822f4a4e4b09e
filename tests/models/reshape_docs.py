# Reshape example: (3, 4), then (6, 2), then (-1, 2, 2) with an inferred dimension.
# Source: https://github.com/keras-team/keras/blob/2.3.1/keras/layers/core.py
# (adapted: `input_shape=(12,)` on the first Reshape becomes keras.Input)


def build(keras, layers):
    Sequential, Reshape = keras.models.Sequential, layers.Reshape

    # as first layer in a Sequential model
    model = Sequential()
    model.add(keras.Input(shape=(12,)))
    model.add(Reshape((3, 4)))
    # now: model.output_shape == (None, 3, 4)
    # note: `None` is the batch dimension

    # as intermediate layer in a Sequential model
    model.add(Reshape((6, 2)))
    # now: model.output_shape == (None, 6, 2)

    # also supports shape inference using `-1` as dimension
    model.add(Reshape((-1, 2, 2)))
    # now: model.output_shape == (None, 3, 2, 2)
    assert model.output_shape == (None, 3, 2, 2)
    return model
