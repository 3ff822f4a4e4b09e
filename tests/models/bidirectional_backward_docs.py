# Bidirectional LSTM with a custom ReLU backward_layer (go_backwards=True), from its docstring.
# Source: https://keras.io/api/layers/recurrent_layers/bidirectional/


def build(keras, layers):
    Sequential, Input = keras.Sequential, keras.Input
    Bidirectional, LSTM, Dense = layers.Bidirectional, layers.LSTM, layers.Dense

    # With custom backward layer
    forward_layer = LSTM(10, return_sequences=True)
    backward_layer = LSTM(10, activation="relu", return_sequences=True, go_backwards=True)
    model = Sequential(
        [
            Input(shape=(5, 10)),
            Bidirectional(forward_layer, backward_layer=backward_layer),
            Dense(5, activation="softmax"),
        ]
    )
    model.compile(loss="categorical_crossentropy", optimizer="rmsprop")
    return model
