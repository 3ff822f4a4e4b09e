# 1D convnet for IMDB sentiment: Embedding, strided Conv1D layers, global max pooling.
# Source: https://keras.io/examples/nlp/text_classification_from_scratch/
# (adapted: the functional chain as a Sequential model named "text_cnn"; max_features and
# embedding_dim become parameters)

NON_DEFAULT = {"max_features": 5000, "embedding_dim": 32}


def build(keras, layers, max_features=20000, embedding_dim=128):
    model = keras.Sequential(name="text_cnn")
    # A integer input for vocab indices.
    model.add(keras.Input(shape=(None,), dtype="int64"))
    # Next, we add a layer to map those vocab indices into a space of dimensionality
    # 'embedding_dim'.
    model.add(layers.Embedding(max_features, embedding_dim))
    model.add(layers.Dropout(0.5))
    # Conv1D + global max pooling
    model.add(layers.Conv1D(128, 7, padding="valid", activation="relu", strides=3))
    model.add(layers.Conv1D(128, 7, padding="valid", activation="relu", strides=3))
    model.add(layers.GlobalMaxPooling1D())
    # We add a vanilla hidden layer:
    model.add(layers.Dense(128, activation="relu"))
    model.add(layers.Dropout(0.5))
    # We project onto a single unit output layer, and squash it with a sigmoid:
    model.add(layers.Dense(1, activation="sigmoid", name="predictions"))
    model.compile(loss="binary_crossentropy", optimizer="adam", metrics=["accuracy"])
    return model
