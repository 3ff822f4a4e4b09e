# Embedding, LSTM, Dense without an input (unbuilt), from the RNN guide.
# Source: https://keras.io/guides/working_with_rnns/


def build(keras, layers):
    model = keras.Sequential()
    # Add an Embedding layer expecting input vocab of size 1000, and
    # output embedding dimension of size 64.
    model.add(layers.Embedding(input_dim=1000, output_dim=64))

    # Add a LSTM layer with 128 internal units.
    model.add(layers.LSTM(128))

    # Add a Dense layer with 10 units.
    model.add(layers.Dense(10))
    return model
