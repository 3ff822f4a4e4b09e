# DCGAN generator for MNIST: bias-free Dense, BatchNormalization, LeakyReLU, Conv2DTranspose.
# Source: https://www.tensorflow.org/tutorials/generative/dcgan
# (adapted: `input_shape=(100,)` on the first Dense becomes `keras.Input(shape=(100,))`)


def build(keras, layers):
    def make_generator_model():
        model = keras.Sequential()
        model.add(keras.Input(shape=(100,)))
        model.add(layers.Dense(7 * 7 * 256, use_bias=False))
        model.add(layers.BatchNormalization())
        model.add(layers.LeakyReLU())

        model.add(layers.Reshape((7, 7, 256)))
        assert model.output_shape == (None, 7, 7, 256)  # Note: None is the batch size

        model.add(
            layers.Conv2DTranspose(128, (5, 5), strides=(1, 1), padding="same", use_bias=False)
        )
        assert model.output_shape == (None, 7, 7, 128)
        model.add(layers.BatchNormalization())
        model.add(layers.LeakyReLU())

        model.add(
            layers.Conv2DTranspose(64, (5, 5), strides=(2, 2), padding="same", use_bias=False)
        )
        assert model.output_shape == (None, 14, 14, 64)
        model.add(layers.BatchNormalization())
        model.add(layers.LeakyReLU())

        model.add(
            layers.Conv2DTranspose(
                1, (5, 5), strides=(2, 2), padding="same", use_bias=False, activation="tanh"
            )
        )
        assert model.output_shape == (None, 28, 28, 1)

        return model

    return make_generator_model()
