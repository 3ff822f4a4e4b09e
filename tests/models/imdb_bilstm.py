# Two stacked bidirectional LSTMs over word embeddings for IMDB sentiment.
# Source: https://keras.io/examples/nlp/bidirectional_lstm_imdb/
# (adapted: the functional chain as a Sequential model named "imdb_bilstm"; max_features is a
# parameter)

NON_DEFAULT = {"max_features": 5000}


def build(keras, layers, max_features=20000):
    model = keras.Sequential(
        [
            # Input for variable-length sequences of integers
            keras.Input(shape=(None,), dtype="int32"),
            # Embed each integer in a 128-dimensional vector
            layers.Embedding(max_features, 128),
            # Add 2 bidirectional LSTMs
            layers.Bidirectional(layers.LSTM(64, return_sequences=True)),
            layers.Bidirectional(layers.LSTM(64)),
            # Add a classifier
            layers.Dense(1, activation="sigmoid"),
        ],
        name="imdb_bilstm",
    )
    model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
    return model
