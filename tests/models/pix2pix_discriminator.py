# pix2pix PatchGAN discriminator: nested downsample Sequentials, ZeroPadding2D, Conv2D.
# Source: https://www.tensorflow.org/tutorials/generative/pix2pix
# (adapted: a Sequential model on the concatenated 256x256x6 input pair, and the Keras
# initializer RandomNormal(0., 0.02) for tf.random_normal_initializer(0., 0.02))


def build(keras, layers):
    def downsample(filters, size, apply_batchnorm=True):
        initializer = keras.initializers.RandomNormal(0.0, 0.02)

        result = keras.Sequential()
        result.add(
            keras.layers.Conv2D(
                filters,
                size,
                strides=2,
                padding="same",
                kernel_initializer=initializer,
                use_bias=False,
            )
        )

        if apply_batchnorm:
            result.add(keras.layers.BatchNormalization())

        result.add(keras.layers.LeakyReLU())

        return result

    def Discriminator():
        initializer = keras.initializers.RandomNormal(0.0, 0.02)

        return keras.Sequential(
            [
                keras.layers.Input(shape=[256, 256, 6]),  # concatenate([inp, tar])
                downsample(64, 4, False),  # (batch_size, 128, 128, 64)
                downsample(128, 4),  # (batch_size, 64, 64, 128)
                downsample(256, 4),  # (batch_size, 32, 32, 256)
                keras.layers.ZeroPadding2D(),  # (batch_size, 34, 34, 256)
                keras.layers.Conv2D(
                    512, 4, strides=1, kernel_initializer=initializer, use_bias=False
                ),  # (batch_size, 31, 31, 512)
                keras.layers.BatchNormalization(),
                keras.layers.LeakyReLU(),
                keras.layers.ZeroPadding2D(),  # (batch_size, 33, 33, 512)
                keras.layers.Conv2D(
                    1, 4, strides=1, kernel_initializer=initializer
                ),  # (batch_size, 30, 30, 1)
            ]
        )

    return Discriminator()
