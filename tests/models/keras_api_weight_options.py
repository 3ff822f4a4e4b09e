# The keras.io API pages' initializer, regularizer, constraint and activation examples as an MLP.
# Source: https://keras.io/api/layers/initializers/
# Sources: https://keras.io/api/layers/regularizers/ https://keras.io/api/layers/constraints/ https://keras.io/api/layers/activations/
# (adapted: the pages show single layers; here they are stacked on a 784-feature input)


def build(keras, layers):
    initializers, regularizers = keras.initializers, keras.regularizers
    activations = keras.activations
    max_norm = keras.constraints.max_norm

    model = keras.Sequential()
    model.add(keras.Input(shape=(784,)))
    # initializers page
    model.add(
        layers.Dense(
            units=64,
            kernel_initializer=initializers.RandomNormal(stddev=0.01),
            bias_initializer=initializers.Zeros(),
        )
    )
    model.add(layers.Dense(units=64, kernel_initializer="random_normal", bias_initializer="zeros"))
    # regularizers page
    model.add(
        layers.Dense(
            units=64,
            kernel_regularizer=regularizers.l1_l2(l1=1e-5, l2=1e-4),
            bias_regularizer=regularizers.l2(1e-4),
            activity_regularizer=regularizers.l2(1e-5),
        )
    )
    model.add(
        keras.layers.Dense(
            5,
            kernel_initializer="ones",
            kernel_regularizer=keras.regularizers.l1(0.01),
            activity_regularizer=keras.regularizers.l2(0.01),
        )
    )
    # constraints page
    model.add(layers.Dense(64, kernel_constraint=max_norm(2.0)))
    # activations page
    model.add(layers.Dense(64))
    model.add(layers.Activation(activations.relu))
    return model
