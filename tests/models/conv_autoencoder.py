# Convolutional denoising autoencoder: Conv2D/MaxPooling2D encoder, Conv2DTranspose decoder.
# Source: https://keras.io/examples/vision/autoencoder/
# (adapted: the functional chain as a Sequential model)


def build(keras, layers):
    autoencoder = keras.Sequential()
    autoencoder.add(layers.Input(shape=(28, 28, 1)))

    # Encoder
    autoencoder.add(layers.Conv2D(32, (3, 3), activation="relu", padding="same"))
    autoencoder.add(layers.MaxPooling2D((2, 2), padding="same"))
    autoencoder.add(layers.Conv2D(32, (3, 3), activation="relu", padding="same"))
    autoencoder.add(layers.MaxPooling2D((2, 2), padding="same"))

    # Decoder
    autoencoder.add(
        layers.Conv2DTranspose(32, (3, 3), strides=2, activation="relu", padding="same")
    )
    autoencoder.add(
        layers.Conv2DTranspose(32, (3, 3), strides=2, activation="relu", padding="same")
    )
    autoencoder.add(layers.Conv2D(1, (3, 3), activation="sigmoid", padding="same"))

    autoencoder.compile(optimizer="adam", loss="binary_crossentropy")
    return autoencoder
