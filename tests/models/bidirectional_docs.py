# Two stacked Bidirectional LSTMs and a softmax Dense, from the Bidirectional docstring.
# Source: https://keras.io/api/layers/recurrent_layers/bidirectional/


def build(keras, layers):
    Sequential, Input = keras.Sequential, keras.Input
    Bidirectional, LSTM, Dense = layers.Bidirectional, layers.LSTM, layers.Dense

    model = Sequential(
        [
            Input(shape=(5, 10)),
            Bidirectional(LSTM(10, return_sequences=True)),
            Bidirectional(LSTM(10)),
            Dense(5, activation="softmax"),
        ]
    )
    model.compile(loss="categorical_crossentropy", optimizer="rmsprop")
    return model
