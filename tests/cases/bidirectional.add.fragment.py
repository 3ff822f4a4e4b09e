model = keras.Sequential()
model.add(keras.Input(shape=(None,), dtype="int32"))
model.add(layers.Embedding(1000, 64))
model.add(
    layers.Bidirectional(
        layers.LSTM(64, return_sequences=True),
        backward_layer=layers.LSTM(
            64, activation="relu", return_sequences=True, go_backwards=True
        ),
    )
)
model.add(layers.RNN(layers.LSTMCell(32)))
model.add(
    layers.Dense(
        10,
        kernel_initializer=keras.initializers.RandomNormal(stddev=0.02),
        kernel_regularizer=keras.regularizers.L2(l2=0.0001),
        kernel_constraint=keras.constraints.MaxNorm(max_value=2.0),
    )
)
