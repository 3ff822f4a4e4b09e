# Dense autoencoder of two named nested Sequentials (encoder, decoder) on 28x28 images.
# Source: https://www.tensorflow.org/tutorials/generative/autoencoder
# (adapted: the `Autoencoder(latent_dim, shape)` subclass's encoder and decoder Sequentials, named
# after its attributes, are layers of an outer Sequential named "autoencoder";
# reduce_prod((28, 28)) is written 28 * 28)

NON_DEFAULT = {"latent_dim": 16}


def build(keras, layers, latent_dim=64):
    shape = (28, 28)
    encoder = keras.Sequential(
        [
            layers.Flatten(),
            layers.Dense(latent_dim, activation="relu"),
        ],
        name="encoder",
    )
    decoder = keras.Sequential(
        [
            layers.Dense(28 * 28, activation="sigmoid"),
            layers.Reshape(shape),
        ],
        name="decoder",
    )
    autoencoder = keras.Sequential([keras.Input(shape=shape), encoder, decoder], name="autoencoder")
    autoencoder.compile(optimizer="adam", loss=keras.losses.MeanSquaredError())
    return autoencoder
