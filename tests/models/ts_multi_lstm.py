# Multi-step weather forecaster: LSTM, zero-initialized Dense, Reshape to (steps, features).
# Source: https://www.tensorflow.org/tutorials/structured_data/time_series
# (adapted: keras.Input of the 24-step window instead of building on the first batch;
# OUT_STEPS and num_features are parameters; the model is named "multi_lstm")

NON_DEFAULT = {"out_steps": 12, "num_features": 7}


def build(keras, layers, out_steps=24, num_features=19):
    OUT_STEPS = out_steps
    multi_lstm_model = keras.Sequential(
        [
            keras.Input(shape=(24, num_features)),
            # Shape [batch, time, features] => [batch, lstm_units].
            # Adding more `lstm_units` just overfits more quickly.
            keras.layers.LSTM(32, return_sequences=False),
            # Shape => [batch, out_steps*features].
            keras.layers.Dense(
                OUT_STEPS * num_features, kernel_initializer=keras.initializers.Zeros()
            ),
            # Shape => [batch, out_steps, features].
            keras.layers.Reshape([OUT_STEPS, num_features]),
        ],
        name="multi_lstm",
    )
    multi_lstm_model.compile(
        loss=keras.losses.MeanSquaredError(),
        optimizer=keras.optimizers.Adam(),
        metrics=[keras.metrics.MeanAbsoluteError()],
    )
    return multi_lstm_model
