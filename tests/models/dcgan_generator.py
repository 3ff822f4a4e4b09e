# DCGAN generator for 64x64 faces: Dense, Reshape, strided Conv2DTranspose + LeakyReLU.
# Source: https://keras.io/examples/generative/dcgan_overriding_train_step/
# (Keras 3 edition: LeakyReLU(negative_slope=0.2))

NON_DEFAULT = {"latent_dim": 100}


def build(keras, layers, latent_dim=128):
    generator = keras.Sequential(
        [
            keras.Input(shape=(latent_dim,)),
            layers.Dense(8 * 8 * 128),
            layers.Reshape((8, 8, 128)),
            layers.Conv2DTranspose(128, kernel_size=4, strides=2, padding="same"),
            layers.LeakyReLU(negative_slope=0.2),
            layers.Conv2DTranspose(256, kernel_size=4, strides=2, padding="same"),
            layers.LeakyReLU(negative_slope=0.2),
            layers.Conv2DTranspose(512, kernel_size=4, strides=2, padding="same"),
            layers.LeakyReLU(negative_slope=0.2),
            layers.Conv2D(3, kernel_size=5, padding="same", activation="sigmoid"),
        ],
        name="generator",
    )
    return generator
