# Sentiment classifier: Embedding, Dropout, GlobalAveragePooling1D, sigmoid Dense.
# Source: https://www.tensorflow.org/tutorials/keras/text_classification


def build(keras, layers):
    losses = keras.losses
    max_features = 10000
    embedding_dim = 16

    model = keras.Sequential(
        [
            layers.Embedding(max_features, embedding_dim),
            layers.Dropout(0.2),
            layers.GlobalAveragePooling1D(),
            layers.Dropout(0.2),
            layers.Dense(1, activation="sigmoid"),
        ]
    )
    model.compile(
        loss=losses.BinaryCrossentropy(),
        optimizer="adam",
        metrics=[keras.metrics.BinaryAccuracy(threshold=0.5)],
    )
    return model
