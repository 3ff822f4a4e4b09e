# One-layer Embedding model compiled with RMSprop and MSE, from the Embedding docstring.
# Source: https://keras.io/api/layers/core_layers/embedding/


def build(keras, layers):
    model = keras.Sequential()
    model.add(keras.layers.Embedding(1000, 64))
    model.compile("rmsprop", "mse")
    return model
