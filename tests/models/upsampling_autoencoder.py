# Convolutional denoising autoencoder whose decoder upsamples with UpSampling2D.
# Source: https://github.com/keras-team/keras-io/blob/28033e1c219da0430c695fdcbee81552b8c5f594/examples/vision/autoencoder.py
# (adapted: the functional chain as a Sequential model)


def build(keras, layers):
    Conv2D, MaxPooling2D, UpSampling2D = layers.Conv2D, layers.MaxPooling2D, layers.UpSampling2D
    Input = layers.Input

    autoencoder = keras.Sequential(
        [
            Input(shape=(28, 28, 1)),
            # Encoder
            Conv2D(32, (3, 3), activation="relu", padding="same"),
            MaxPooling2D((2, 2), padding="same"),
            Conv2D(32, (3, 3), activation="relu", padding="same"),
            MaxPooling2D((2, 2), padding="same"),
            # Decoder
            Conv2D(32, (3, 3), activation="relu", padding="same"),
            UpSampling2D((2, 2)),
            Conv2D(32, (3, 3), activation="relu", padding="same"),
            UpSampling2D((2, 2)),
            Conv2D(1, (3, 3), activation="sigmoid", padding="same"),
        ]
    )
    autoencoder.compile(optimizer="adam", loss="binary_crossentropy")
    return autoencoder
