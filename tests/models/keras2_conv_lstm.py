# Next-frame prediction: four ConvLSTM2D layers with BatchNormalization, then a Conv3D.
# Source: https://github.com/keras-team/keras/blob/2.3.1/examples/conv_lstm.py
# (adapted: `input_shape=(None, 40, 40, 1)` on the first ConvLSTM2D becomes keras.Input)


def build(keras, layers):
    Sequential = keras.models.Sequential
    Conv3D, ConvLSTM2D, BatchNormalization = (
        layers.Conv3D,
        layers.ConvLSTM2D,
        layers.BatchNormalization,
    )

    # We create a layer which take as input movies of shape
    # (n_frames, width, height, channels) and returns a movie
    # of identical shape.
    seq = Sequential()
    seq.add(keras.Input(shape=(None, 40, 40, 1)))
    seq.add(ConvLSTM2D(filters=40, kernel_size=(3, 3), padding="same", return_sequences=True))
    seq.add(BatchNormalization())

    seq.add(ConvLSTM2D(filters=40, kernel_size=(3, 3), padding="same", return_sequences=True))
    seq.add(BatchNormalization())

    seq.add(ConvLSTM2D(filters=40, kernel_size=(3, 3), padding="same", return_sequences=True))
    seq.add(BatchNormalization())

    seq.add(ConvLSTM2D(filters=40, kernel_size=(3, 3), padding="same", return_sequences=True))
    seq.add(BatchNormalization())

    seq.add(
        Conv3D(
            filters=1,
            kernel_size=(3, 3, 3),
            activation="sigmoid",
            padding="same",
            data_format="channels_last",
        )
    )
    seq.compile(loss="binary_crossentropy", optimizer="adadelta")
    return seq
