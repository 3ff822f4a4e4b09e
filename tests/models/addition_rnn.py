# Seq2seq LSTM that learns to add numbers given as strings, with RepeatVector between the LSTMs.
# Source: https://keras.io/examples/nlp/addition_rnn/
# (adapted: DIGITS and num_layers are parameters; the model is named "addition_rnn";
# `input_shape` on the first LSTM becomes keras.Input)

NON_DEFAULT = {"digits": 5, "num_layers": 3}


def build(keras, layers, digits=3, num_layers=1):
    DIGITS = digits
    MAXLEN = DIGITS + 1 + DIGITS
    chars = "0123456789+ "

    model = keras.Sequential(name="addition_rnn")
    model.add(keras.Input(shape=(MAXLEN, len(chars))))
    # "Encode" the input sequence using a LSTM, producing an output of size 128.
    model.add(layers.LSTM(128))
    # As the decoder RNN's input, repeatedly provide with the last output of
    # RNN for each time step. Repeat 'DIGITS + 1' times as that's the maximum
    # length of output, e.g., when DIGITS=3, max output is 999+999=1998.
    model.add(layers.RepeatVector(DIGITS + 1))
    # The decoder RNN could be multiple layers stacked or a single layer.
    for _ in range(num_layers):
        model.add(layers.LSTM(128, return_sequences=True))
    model.add(layers.Dense(len(chars), activation="softmax"))
    model.compile(loss="categorical_crossentropy", optimizer="adam", metrics=["accuracy"])
    return model
