# DeepSpeech2-like speech recognizer: Conv2D blocks, five named bidirectional GRUs, softmax head.
# Source: https://keras.io/examples/audio/ctc_asr/
# (adapted: build_model(input_dim=fft_length // 2 + 1, ...) as a Sequential model with
# fft_length, rnn_units and output_dim as parameters; left uncompiled because its CTCLoss is a
# custom function)

NON_DEFAULT = {"fft_length": 256, "rnn_units": 64, "output_dim": 28}


def build(keras, layers, fft_length=384, rnn_units=512, output_dim=31):
    input_dim, rnn_layers = fft_length // 2 + 1, 5

    model = keras.Sequential(name="DeepSpeech_2")
    # Model's input
    model.add(layers.Input((None, input_dim), name="input"))
    # Expand the dimension to use 2D CNN.
    model.add(layers.Reshape((-1, input_dim, 1), name="expand_dim"))
    # Convolution layer 1
    model.add(
        layers.Conv2D(
            filters=32,
            kernel_size=[11, 41],
            strides=[2, 2],
            padding="same",
            use_bias=False,
            name="conv_1",
        )
    )
    model.add(layers.BatchNormalization(name="conv_1_bn"))
    model.add(layers.ReLU(name="conv_1_relu"))
    # Convolution layer 2
    model.add(
        layers.Conv2D(
            filters=32,
            kernel_size=[11, 21],
            strides=[1, 2],
            padding="same",
            use_bias=False,
            name="conv_2",
        )
    )
    model.add(layers.BatchNormalization(name="conv_2_bn"))
    model.add(layers.ReLU(name="conv_2_relu"))
    # Reshape the resulted volume to feed the RNNs layers
    x_shape = model.output_shape
    model.add(layers.Reshape((-1, x_shape[-2] * x_shape[-1])))
    # RNN layers
    for i in range(1, rnn_layers + 1):
        recurrent = layers.GRU(
            units=rnn_units,
            activation="tanh",
            recurrent_activation="sigmoid",
            use_bias=True,
            return_sequences=True,
            reset_after=True,
            name=f"gru_{i}",
        )
        model.add(layers.Bidirectional(recurrent, name=f"bidirectional_{i}", merge_mode="concat"))
        if i < rnn_layers:
            model.add(layers.Dropout(rate=0.5))
    # Dense layer
    model.add(layers.Dense(units=rnn_units * 2, name="dense_1"))
    model.add(layers.ReLU(name="dense_1_relu"))
    model.add(layers.Dropout(rate=0.5))
    # Classification layer
    model.add(layers.Dense(units=output_dim + 1, activation="softmax"))
    return model
