# PReLU as in Keras's test_prelu: regularizer and constraint given by class name ("L1", "MaxNorm").
# Source: https://github.com/keras-team/keras/blob/master/keras/src/layers/activations/prelu_test.py
# (adapted: the init_kwargs of test_prelu, in a one-layer Sequential model on (3, 4) inputs)


def build(keras, layers):
    init_kwargs = {
        "alpha_initializer": "zeros",
        "alpha_regularizer": "L1",
        "alpha_constraint": "MaxNorm",
        "shared_axes": 1,
    }
    return keras.Sequential([keras.Input(shape=(3, 4)), layers.PReLU(**init_kwargs)])
