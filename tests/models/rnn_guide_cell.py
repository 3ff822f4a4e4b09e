# RNN(LSTMCell) over MNIST rows with BatchNormalization and a Dense head, from the RNN guide.
# Source: https://keras.io/guides/working_with_rnns/
# (adapted: build_model(allow_cudnn_kernel=False), with the input shape given by keras.Input;
# named "mnist_rnn"; units, input_dim and output_size are parameters)

NON_DEFAULT = {"units": 32, "input_dim": 16, "output_size": 4}


def build(keras, layers, units=64, input_dim=28, output_size=10):
    # Wrapping a LSTMCell in a RNN layer will not use CuDNN.
    lstm_layer = keras.layers.RNN(keras.layers.LSTMCell(units))
    model = keras.models.Sequential(
        [
            keras.Input(shape=(None, input_dim)),
            lstm_layer,
            keras.layers.BatchNormalization(),
            keras.layers.Dense(output_size),
        ],
        name="mnist_rnn",
    )
    model.compile(
        loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
        optimizer="sgd",
        metrics=["accuracy"],
    )
    return model
