# Two stacked Bidirectional LSTMs on (5, 10) sequences, from the RNN guide.
# Source: https://keras.io/guides/working_with_rnns/
# (adapted: `input_shape=(5, 10)` on the first Bidirectional becomes `keras.Input(shape=(5, 10))`)


def build(keras, layers):
    model = keras.Sequential()

    model.add(keras.Input(shape=(5, 10)))
    model.add(layers.Bidirectional(layers.LSTM(64, return_sequences=True)))
    model.add(layers.Bidirectional(layers.LSTM(32)))
    model.add(layers.Dense(10))
    return model
