# Permute and RepeatVector examples: swap axes, flatten, Dense(32), repeat 3 times.
# Source: https://github.com/keras-team/keras/blob/2.3.1/keras/layers/core.py
# (adapted: the two docstring models joined by a Flatten into one model)


def build(keras, layers):
    Sequential = keras.models.Sequential
    Permute, Flatten, Dense, RepeatVector = (
        layers.Permute,
        layers.Flatten,
        layers.Dense,
        layers.RepeatVector,
    )

    model = Sequential()
    model.add(keras.Input(shape=(10, 64)))
    model.add(Permute((2, 1)))
    # now: model.output_shape == (None, 64, 10)
    # note: `None` is the batch dimension
    model.add(Flatten())
    model.add(Dense(32))
    # now: model.output_shape == (None, 32)
    model.add(RepeatVector(3))
    # now: model.output_shape == (None, 3, 32)
    assert model.output_shape == (None, 3, 32)
    return model
