# MNIST classifier with GroupNormalization(groups=5, axis=3) after a Conv2D.
# Source: https://www.tensorflow.org/addons/tutorials/layers_normalizations
# (adapted: keras.layers.GroupNormalization instead of tfa.layers.GroupNormalization;
# keras.Input instead of `input_shape=(28, 28)` on Reshape)


def build(keras, layers):
    model = keras.models.Sequential(
        [
            keras.Input(shape=(28, 28)),
            # Reshape into "channels last" setup.
            keras.layers.Reshape((28, 28, 1)),
            keras.layers.Conv2D(filters=10, kernel_size=(3, 3), data_format="channels_last"),
            # Groupnorm Layer
            keras.layers.GroupNormalization(groups=5, axis=3),
            keras.layers.Flatten(),
            keras.layers.Dense(128, activation="relu"),
            keras.layers.Dropout(0.2),
            keras.layers.Dense(10, activation="softmax"),
        ]
    )
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model
