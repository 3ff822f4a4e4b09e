# MLP for MNIST digits: Flatten, Dense 128, Dropout 0.2, Dense 10 logits.
# Source: https://www.tensorflow.org/tutorials/quickstart/beginner
# (adapted: `Flatten(input_shape=(28, 28))` becomes `keras.Input(shape=(28, 28))`)


def build(keras, layers):
    model = keras.models.Sequential(
        [
            keras.Input(shape=(28, 28)),
            keras.layers.Flatten(),
            keras.layers.Dense(128, activation="relu"),
            keras.layers.Dropout(0.2),
            keras.layers.Dense(10),
        ]
    )
    loss_fn = keras.losses.SparseCategoricalCrossentropy(from_logits=True)
    model.compile(optimizer="adam", loss=loss_fn, metrics=["accuracy"])
    return model
