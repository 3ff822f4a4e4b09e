# Masking(mask_value=0.0) before an LSTM, from the Masking docstring.
# Source: https://keras.io/api/layers/core_layers/masking/
# (adapted: built from keras.Input(shape=(timesteps, features)) instead of a first call)


def build(keras, layers):
    samples, timesteps, features = 32, 10, 8
    model = keras.models.Sequential()
    model.add(keras.Input(shape=(timesteps, features)))
    model.add(keras.layers.Masking(mask_value=0.0))
    model.add(keras.layers.LSTM(32))
    return model
