# Text classifier: masked Embedding, two stacked Bidirectional LSTMs, Dense, Dropout.
# Source: https://www.tensorflow.org/text/tutorials/text_classification_rnn
# (adapted: integer token ids in, instead of the TextVectorization `encoder` layer; its
# vocabulary size is VOCAB_SIZE = 1000)


def build(keras, layers):
    VOCAB_SIZE = 1000
    model = keras.Sequential(
        [
            keras.Input(shape=(None,), dtype="int64"),
            keras.layers.Embedding(VOCAB_SIZE, 64, mask_zero=True),
            keras.layers.Bidirectional(keras.layers.LSTM(64, return_sequences=True)),
            keras.layers.Bidirectional(keras.layers.LSTM(32)),
            keras.layers.Dense(64, activation="relu"),
            keras.layers.Dropout(0.5),
            keras.layers.Dense(1),
        ]
    )
    model.compile(
        loss=keras.losses.BinaryCrossentropy(from_logits=True),
        optimizer=keras.optimizers.Adam(1e-4),
        metrics=["accuracy"],
    )
    return model
