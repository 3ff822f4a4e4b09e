# PReLU and Dense layers from Keras's tests, with initializers/regularizers/constraints by name.
# Source: https://github.com/keras-team/keras/blob/master/keras/src/layers/activations/prelu_test.py
# Source: https://github.com/keras-team/keras/blob/master/keras/src/layers/core/dense_test.py
# (adapted: the test layers, each built alone there, form one Sequential model here)


def build(keras, layers):
    return keras.Sequential(
        [
            keras.Input(shape=(10, 5, 3)),
            layers.PReLU(
                alpha_initializer="glorot_uniform",
                alpha_regularizer="l1",
                alpha_constraint="non_neg",
                shared_axes=(1, 2),
            ),
            layers.Dense(units=2, kernel_constraint="non_neg"),
            layers.Dense(units=2, bias_constraint="non_neg"),
            layers.Dense(units=2, kernel_constraint="max_norm"),
        ]
    )
