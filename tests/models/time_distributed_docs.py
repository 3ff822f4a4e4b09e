# TimeDistributed(Dense) over 10 timesteps, twice.
# Source: https://github.com/keras-team/keras/blob/2.3.1/keras/layers/wrappers.py
# (adapted: `input_shape=(10, 16)` on the first layer becomes keras.Input)


def build(keras, layers):
    Sequential = keras.models.Sequential
    TimeDistributed, Dense = layers.TimeDistributed, layers.Dense

    # as the first layer in a model
    model = Sequential()
    model.add(keras.Input(shape=(10, 16)))
    model.add(TimeDistributed(Dense(8)))
    # now model.output_shape == (None, 10, 8)

    # subsequent layers: no need for input_shape
    model.add(TimeDistributed(Dense(32)))
    # now model.output_shape == (None, 10, 32)
    return model
