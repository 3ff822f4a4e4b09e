# Self-normalizing MLP on Reuters: Dense (LeCun normal), SELU Activation, AlphaDropout blocks.
# Source: https://github.com/keras-team/keras/blob/2.3.1/examples/reuters_mlp_relu_vs_selu.py
# (adapted: create_network() with network2's values as defaults and num_classes = 46; the
# dropout class is fixed to AlphaDropout; keras.Input instead of `input_shape`; named model)

NON_DEFAULT = {
    "n_dense": 3,
    "dense_units": 32,
    "activation": "relu",
    "dropout_rate": 0.5,
    "kernel_initializer": "glorot_uniform",
    "optimizer": "adam",
    "num_classes": 10,
    "max_words": 500,
}


def build(
    keras,
    layers,
    n_dense=6,
    dense_units=16,
    activation="selu",
    dropout_rate=0.1,
    kernel_initializer="lecun_normal",
    optimizer="sgd",
    num_classes=46,
    max_words=1000,
):
    Sequential = keras.models.Sequential
    Dense, Activation, AlphaDropout = layers.Dense, layers.Activation, layers.AlphaDropout
    dropout = AlphaDropout

    model = Sequential(name="reuters_selu")
    model.add(keras.Input(shape=(max_words,)))
    model.add(Dense(dense_units, kernel_initializer=kernel_initializer))
    model.add(Activation(activation))
    model.add(dropout(dropout_rate))

    for i in range(n_dense - 1):
        model.add(Dense(dense_units, kernel_initializer=kernel_initializer))
        model.add(Activation(activation))
        model.add(dropout(dropout_rate))

    model.add(Dense(num_classes))
    model.add(Activation("softmax"))
    model.compile(loss="categorical_crossentropy", optimizer=optimizer, metrics=["accuracy"])
    return model
