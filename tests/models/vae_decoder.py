# Convolutional VAE decoder: Dense, Reshape, Conv2DTranspose layers up to 28x28x1.
# Source: https://keras.io/examples/generative/vae/
# (adapted: the decoder's functional chain as a Sequential model; latent_dim is a parameter)

NON_DEFAULT = {"latent_dim": 16}


def build(keras, layers, latent_dim=2):
    decoder = keras.Sequential(name="decoder")
    decoder.add(keras.Input(shape=(latent_dim,)))
    decoder.add(layers.Dense(7 * 7 * 64, activation="relu"))
    decoder.add(layers.Reshape((7, 7, 64)))
    decoder.add(layers.Conv2DTranspose(64, 3, activation="relu", strides=2, padding="same"))
    decoder.add(layers.Conv2DTranspose(32, 3, activation="relu", strides=2, padding="same"))
    decoder.add(layers.Conv2DTranspose(1, 3, activation="sigmoid", padding="same"))
    return decoder
