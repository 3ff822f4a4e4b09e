# DCGAN discriminator for 64x64 faces: strided Conv2D + LeakyReLU, Flatten, Dropout, sigmoid.
# Source: https://keras.io/examples/generative/dcgan_overriding_train_step/
# (Keras 3 edition: LeakyReLU(negative_slope=0.2))


def build(keras, layers):
    discriminator = keras.Sequential(
        [
            keras.Input(shape=(64, 64, 3)),
            layers.Conv2D(64, kernel_size=4, strides=2, padding="same"),
            layers.LeakyReLU(negative_slope=0.2),
            layers.Conv2D(128, kernel_size=4, strides=2, padding="same"),
            layers.LeakyReLU(negative_slope=0.2),
            layers.Conv2D(128, kernel_size=4, strides=2, padding="same"),
            layers.LeakyReLU(negative_slope=0.2),
            layers.Flatten(),
            layers.Dropout(0.2),
            layers.Dense(1, activation="sigmoid"),
        ],
        name="discriminator",
    )
    return discriminator
