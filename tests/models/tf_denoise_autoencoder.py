# Denoising autoencoder of two nested Sequentials: Conv2D encoder, Conv2DTranspose decoder.
# Source: https://www.tensorflow.org/tutorials/generative/autoencoder
# (adapted: instead of the `Denoise` Model subclass, the encoder and decoder Sequentials are
# written inline as layers of an outer Sequential model)


def build(keras, layers):
    losses = keras.losses
    autoencoder = keras.Sequential(
        [
            keras.Input(shape=(28, 28, 1)),
            # encoder
            keras.Sequential(
                [
                    layers.Input(shape=(28, 28, 1)),
                    layers.Conv2D(16, (3, 3), activation="relu", padding="same", strides=2),
                    layers.Conv2D(8, (3, 3), activation="relu", padding="same", strides=2),
                ]
            ),
            # decoder
            keras.Sequential(
                [
                    layers.Conv2DTranspose(
                        8, kernel_size=3, strides=2, activation="relu", padding="same"
                    ),
                    layers.Conv2DTranspose(
                        16, kernel_size=3, strides=2, activation="relu", padding="same"
                    ),
                    layers.Conv2D(1, kernel_size=(3, 3), activation="sigmoid", padding="same"),
                ]
            ),
        ]
    )
    autoencoder.compile(optimizer="adam", loss=losses.MeanSquaredError())
    return autoencoder
