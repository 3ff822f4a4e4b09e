# Embedding, GRU returning sequences, SimpleRNN, Dense, from the RNN guide.
# Source: https://keras.io/guides/working_with_rnns/
# (adapted: an integer input of any length is added so that the model is built)


def build(keras, layers):
    model = keras.Sequential()
    model.add(keras.Input(shape=(None,), dtype="int32"))
    model.add(layers.Embedding(input_dim=1000, output_dim=64))

    # The output of GRU will be a 3D tensor of shape (batch_size, timesteps, 256)
    model.add(layers.GRU(256, return_sequences=True))

    # The output of SimpleRNN will be a 2D tensor of shape (batch_size, 128)
    model.add(layers.SimpleRNN(128))

    model.add(layers.Dense(10))
    return model
