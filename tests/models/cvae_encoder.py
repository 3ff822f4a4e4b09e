# Convolutional VAE encoder: strided Conv2D layers, Flatten, Dense(latent_dim + latent_dim).
# Source: https://www.tensorflow.org/tutorials/generative/cvae
# (adapted: `InputLayer(input_shape=(28, 28, 1))` becomes `keras.Input(shape=(28, 28, 1))`;
# the encoder Sequential, an attribute of the CVAE subclass there, is named "cvae_encoder")

NON_DEFAULT = {"latent_dim": 8}


def build(keras, layers, latent_dim=2):
    encoder = keras.Sequential(
        [
            keras.Input(shape=(28, 28, 1)),
            keras.layers.Conv2D(filters=32, kernel_size=3, strides=(2, 2), activation="relu"),
            keras.layers.Conv2D(filters=64, kernel_size=3, strides=(2, 2), activation="relu"),
            keras.layers.Flatten(),
            # No activation
            keras.layers.Dense(latent_dim + latent_dim),
        ],
        name="cvae_encoder",
    )
    return encoder
